package measures

// suppress applies disclosure control (see Options.MinCohort). A figure's
// state is keyed on its cohort class and the pupils it is computed over:
// hidden[c*nSets+id] says whether figures of class c over pupil set id are
// hidden, wherever they appear. Class 0 is the row itself (its cohort and
// the percentages of the whole group). A hidden row shows "x" in every
// cell; such a cell's own state is set only once it protects a sibling
// (see complement), so that a row hidden for its head count does not hide
// the same pupils' figures elsewhere for no reason. Rules only ever hide,
// so repeating them over every table until nothing changes terminates and
// leaves every rule satisfied in every table at once.
func (sc *scratch) suppress(k int) {
	nSets, C := sc.sets.len(), sc.nClass
	hidden, size := sc.hidden, sc.sets.size
	for c := range C {
		for id := range nSets {
			hidden[c*nSets+id] = size[id] < int32(k) // primary
		}
	}
	for changed := true; changed; {
		changed = false
		for _, p := range sc.parts {
			if sc.isHidden(0, sc.rowView[p.parent]) {
				// A table whose "All pupils" row is hidden shows nothing
				// else, so its other rows constrain nothing.
				continue
			}
			for c := range C {
				changed = sc.complement(p, c, k) || changed
			}
		}
	}
}

// isHidden reports whether figures of cohort class c over pupil set id are hidden.
func (sc *scratch) isHidden(c int, id int32) bool { return sc.hidden[c*sc.sets.len()+int(id)] }

// cellHidden reports whether row r shows "x" for cohort class c.
func (sc *scratch) cellHidden(r, c int) bool {
	if sc.isHidden(0, sc.rowSet[r]) {
		return true
	}
	coh := sc.rowCoh[r*sc.nClass+c]
	return coh >= 0 && sc.isHidden(c, coh)
}

// complement applies rule 2 to partition p for cohort class c. Only
// members with pupils in the class's cohort count: the others have no
// figure to protect or to hide. While exactly one member shows "x", or
// none does and either the parent is hidden (the members would add up to
// it) or the parent's pupils in no member (the remainder: unclassified
// pupils) are 1..k-1 (the parent less the members would give their
// figure), it hides the shown member with the smallest cohort, the first
// in row order on a tie. Once two or more show "x" (or one does beside
// such a remainder, which it then protects) they protect each other, so
// each one's state is set, including cells that show "x" only because
// their row (or table) is hidden: the same pupils must then stay hidden
// wherever they appear. It reports whether it changed anything.
func (sc *scratch) complement(p partition, c, k int) bool {
	C, nSets, changed := sc.nClass, sc.sets.len(), false
	rows := sc.partRows[p.lo:p.hi]
	size := func(r int32) int32 {
		if coh := sc.rowCoh[int(r)*C+c]; coh >= 0 {
			return sc.sets.size[coh]
		}
		return 0
	}
	parentHidden := sc.cellHidden(int(p.parent), c)
	rest := size(p.parent)
	for _, r := range rows {
		rest -= size(r)
	}
	// A remainder of 1..k-1 is exposed as the parent less the members
	// while every member shows.
	remExposed := !parentHidden && rest > 0 && rest < int32(k)
	exposed := parentHidden || remExposed
	for {
		nHidden, best := 0, int32(-1)
		var bestSize int32
		for _, r := range rows {
			coh := sc.rowCoh[int(r)*C+c]
			switch {
			case coh < 0:
			case sc.shownHidden(int(r), c):
				nHidden++
			case best < 0 || sc.sets.size[coh] < bestSize:
				best, bestSize = r, sc.sets.size[coh]
			}
		}
		if best >= 0 && (nHidden == 1 || (nHidden == 0 && exposed)) {
			sc.hidden[c*nSets+int(sc.rowCoh[int(best)*C+c])] = true
			changed = true
			continue
		}
		// A lone "x" beside exposed unclassified pupils protects them as
		// a second one would: the parent less it would give them away.
		if nHidden >= 2 || (nHidden == 1 && remExposed) {
			for _, r := range rows {
				if coh := sc.rowCoh[int(r)*C+c]; coh >= 0 && sc.shownHidden(int(r), c) && !sc.hidden[c*nSets+int(coh)] {
					sc.hidden[c*nSets+int(coh)] = true
					changed = true
				}
			}
		}
		return changed
	}
}

// shownHidden reports whether row r shows "x" for cohort class c: its
// cell, its row or its whole table is hidden, or, for floored pupils, the
// cell of the measure they belong to.
func (sc *scratch) shownHidden(r, c int) bool {
	return sc.cellHidden(r, c) || sc.isHidden(0, sc.rowView[r]) || (sc.ownerOf[c] >= 0 && sc.cellHidden(r, sc.ownerOf[c]))
}
