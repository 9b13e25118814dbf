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
		for vi := range sc.views {
			v := &sc.views[vi]
			if v.set < 0 || sc.isHidden(0, v.set) {
				// A table whose "All pupils" row is hidden shows nothing
				// else, so its other rows constrain nothing.
				continue
			}
			// Complementary, partition by partition: a partition's rows are
			// consecutive because the group registry keeps dimensions together.
			for lo := v.start + 1; lo < v.end; {
				d := groups[sc.rowGrp[lo]].dim
				hi := lo + 1
				for hi < v.end && groups[sc.rowGrp[hi]].dim == d {
					hi++
				}
				if d >= 0 {
					for c := range C {
						changed = sc.complement(lo, hi, c, sc.cellHidden(v.start, c)) || changed
					}
				}
				lo = hi
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

// complement applies rule 2 to the partition rows[lo:hi] for cohort
// class c. Only members with pupils in the class's cohort count: the others
// have no figure to protect or to hide. While exactly one member shows "x"
// (or none does and "All pupils" is hidden, which the members would add up
// to), it hides the shown member with the smallest cohort, the first in row
// order on a tie. Once two or more show "x" they protect each other, so
// each one's state is set, including cells that show "x" only because
// their row is hidden: the same pupils must then stay hidden wherever they
// appear. It reports whether it changed anything.
func (sc *scratch) complement(lo, hi, c int, allHidden bool) bool {
	C, nSets, changed := sc.nClass, sc.sets.len(), false
	for {
		nHidden, best := 0, -1
		var bestSize int32
		for r := lo; r < hi; r++ {
			coh := sc.rowCoh[r*C+c]
			switch {
			case coh < 0:
			case sc.cellHidden(r, c):
				nHidden++
			case best < 0 || sc.sets.size[coh] < bestSize:
				best, bestSize = r, sc.sets.size[coh]
			}
		}
		if best >= 0 && (nHidden == 1 || (nHidden == 0 && allHidden)) {
			sc.hidden[c*nSets+int(sc.rowCoh[best*C+c])] = true
			changed = true
			continue
		}
		if nHidden >= 2 {
			for r := lo; r < hi; r++ {
				if coh := sc.rowCoh[r*C+c]; coh >= 0 && sc.cellHidden(r, c) && !sc.hidden[c*nSets+int(coh)] {
					sc.hidden[c*nSets+int(coh)] = true
					changed = true
				}
			}
		}
		return changed
	}
}
