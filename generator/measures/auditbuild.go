package measures

import (
	"cmp"
	"math/bits"
	"slices"
)

func trailing(x uint64) int { return bits.TrailingZeros64(x) }

// vgInfo is one kind of cell decision: the cells of one percentage
// measure, of one floored progress measure, or of the other measures of one
// cohort class, which share their hidden state.
type vgInfo struct {
	class, floor int // cohort class; floored class or -1
	mi           int // the measure, for a percentage or floored one; else -1
	percent      bool
	// ratio: the cells of a cohort class with ratio measures among them
	// (sums of two values a row: each is a published total, like a
	// mean's sum), which have a value system of their own and the
	// outcome rule (see ratioFew).
	ratio bool
	// years: a table by year group shows some of its measures, so its
	// cells over the year groups' pupils are published too.
	years bool
}

// auditYear sets up and runs the audit over the year's tables at threshold
// k, with the outcome threshold minGroup, starting from the first pass's
// hidden states (suppress), and leaves each figure's decision in rowVar,
// cellVar and flrVar.
func (sc *scratch) auditYear(k, minGroup int, headlinesOnly bool) {
	nSets, C, M := sc.sets.len(), sc.nClass, len(sc.ms)
	size := sc.sets.size

	// The decisions' kinds.
	sc.vgroup = grow(sc.vgroup, M)
	sc.vgs = sc.vgs[:0]
	classGroup := map[int]int{}
	for mi, m := range sc.ms {
		if m.unadjustedOf != "" {
			continue // its cells follow its measure's (below)
		}
		fl, c := -1, sc.classOf[mi]
		if m.Kind == KindProgress {
			fl = sc.flooredOf[mi]
		}
		if m.Kind == KindPercent || fl >= 0 {
			sc.vgroup[mi] = len(sc.vgs)
			sc.vgs = append(sc.vgs, vgInfo{class: c, floor: fl, mi: mi, percent: m.Kind == KindPercent})
			continue
		}
		g, ok := classGroup[c]
		if !ok {
			g = len(sc.vgs)
			classGroup[c] = g
			sc.vgs = append(sc.vgs, vgInfo{class: c, floor: -1, mi: -1})
		}
		sc.vgroup[mi] = g
		if m.Kind == KindRatio {
			sc.vgs[g].ratio = true
		}
	}
	for mi, m := range sc.ms {
		if m.unadjustedOf != "" {
			for mj, n := range sc.ms {
				if n.ID == m.unadjustedOf {
					sc.vgroup[mi] = sc.vgroup[mj]
				}
			}
		}
	}
	for mi := range sc.ms {
		if sc.yearMeasure[mi] {
			sc.vgs[sc.vgroup[mi]].years = true
		}
	}
	G := len(sc.vgs)

	a := &sc.aud
	a.k, a.vars, a.sys, a.varFns = k, a.vars[:0], a.sys[:0], a.varFns[:0]
	a.rnd = rng{s: uint64(sc.n)*0x9e3779b97f4a7c15 ^ uint64(nSets)}
	sc.rowVar = fillInt32(sc.rowVar, nSets)
	sc.cellVar = fillInt32(sc.cellVar, G*nSets)
	sc.flrVar = fillInt32(sc.flrVar, G*nSets)
	row0 := sc.views[0].start
	visible := func(v *view) bool { return v.set >= 0 && int(size[v.set]) >= k }
	// eachRow calls fn for every row of a visible table: the views' rows,
	// then the rows by year group (of the unfiltered table, visible with
	// it), where only the kinds of cells with years publish.
	eachRow := func(fn func(r int, years bool)) {
		for vi := range sc.views {
			v := &sc.views[vi]
			if !visible(v) {
				continue
			}
			for r := v.start; r < v.end; r++ {
				fn(r, false)
			}
		}
		if visible(&sc.views[0]) {
			for r := sc.ygStart; r < sc.ygEnd; r++ {
				fn(r, true)
			}
		}
	}

	// Hidden by a rule of their own: decided before the audit's pass.
	hide := func(v int32, r Reason) { a.vars[v].reason = r }
	eachRow(func(r int, years bool) {
		s := sc.rowSet[r]
		if sc.rowVar[s] < 0 {
			x := a.newVar(size[s])
			sc.rowVar[s] = x
			switch {
			case int(size[s]) < k:
				hide(x, ReasonSmall)
			}
		}
		for g, info := range sc.vgs {
			if years && !info.years {
				continue
			}
			coh := sc.rowCoh[r*C+info.class]
			if coh < 0 {
				continue
			}
			ci := g*nSets + int(coh)
			if sc.cellVar[ci] < 0 {
				x := a.newVar(size[coh])
				sc.cellVar[ci] = x
				whole := coh == sc.rowCoh[row0*C+info.class]
				switch {
				case int(size[coh]) < k:
					hide(x, ReasonSmall)
				case info.percent && minGroup > 0 && !whole && sc.outcomeFew(s, info.mi, minGroup):
					hide(x, ReasonOutcome)
				case info.ratio && minGroup > 0 && !whole && sc.ratioFew(s, g, minGroup):
					hide(x, ReasonOutcome)
				}
			}
			if info.floor >= 0 && sc.flrVar[ci] < 0 {
				fcoh := sc.rowCoh[r*C+info.floor]
				var fs int32
				if fcoh >= 0 {
					fs = size[fcoh]
				}
				x := a.newVar(fs)
				sc.flrVar[ci] = x
				switch {
				case fs == 0:
				case int(fs) < k:
					hide(x, ReasonSmall)
				}
			}
		}
	})

	if headlinesOnly {
		// Only the unfiltered all-pupils row is handed out, and it is
		// decided by size alone (it is pinned): no pass is needed.
		for v := range a.vars {
			a.vars[v].decided = true
		}
		return
	}

	// The count systems, one per cohort class: every count the tables
	// can show, over the pupils of that class. (Counts across classes,
	// such as a group's pupils less its pupils with a prior score, are
	// the DfE's own pairs of cohorts and are not audited.)
	var sets []int32
	addPub := func(s *asys, fnOf []int32, set int32, p pub) {
		fi := fnOf[set]
		if fi < 0 {
			fi = int32(len(s.fns))
			fnOf[set] = fi
			s.fns = append(s.fns, afn{size: size[set]})
			sets = append(sets, set)
		}
		f := &s.fns[fi]
		for _, q := range f.pubs {
			if q == p {
				return
			}
		}
		f.pubs = append(f.pubs, p)
	}
	pin := func(fnOf []int32, set int32, s *asys) {
		if set >= 0 && fnOf[set] >= 0 {
			s.fns[fnOf[set]].pinned = true
		}
	}
	fnOf := fillInt32(nil, nSets)
	for cl := range C {
		cnt := &asys{}
		sets = sets[:0]
		fnOf = fillInt32(fnOf, nSets)
		eachRow(func(r int, years bool) {
			if cl == 0 {
				addPub(cnt, fnOf, sc.rowSet[r], pub{sc.rowVar[sc.rowSet[r]], -1})
			}
			for g, info := range sc.vgs {
				if years && !info.years {
					continue
				}
				coh := sc.rowCoh[r*C+info.class]
				if coh < 0 {
					continue
				}
				ci := g*nSets + int(coh)
				if info.class == cl {
					addPub(cnt, fnOf, coh, pub{sc.cellVar[ci], -1})
				}
				if info.floor == cl {
					if fcoh := sc.rowCoh[r*C+info.floor]; fcoh >= 0 {
						addPub(cnt, fnOf, fcoh, pub{sc.cellVar[ci], sc.flrVar[ci]})
					}
				}
			}
		})
		if len(cnt.fns) == 0 {
			continue
		}
		pin(fnOf, sc.rowCoh[row0*C+cl], cnt)
		sc.finishSystem(cnt, sc.classBits[cl], sets, nil, sc.remainders(cl))
	}

	// A value system per percentage measure, per floored progress
	// measure and per cohort class of ratio measures. (A mean's values are
	// generic, so the count system of its cohort class, which publishes
	// whatever any of its cells does, already decides everything they
	// could give away. A ratio's two totals, Σ numerator and Σ
	// denominator, are generic values like a mean's sum; but its cells are
	// hidden for their outcome where the class's counts may show, so
	// their own system keeps those hidden totals from being worked out.)
	for g, info := range sc.vgs {
		if !info.percent && info.floor < 0 && !info.ratio {
			continue
		}
		s := &asys{}
		sets = sets[:0]
		valOf := fillInt32(fnOf, nSets) // cell functionals by cohort set
		var flrFns []int32              // per cell functional: its floored one, or -1
		eachRow(func(r int, years bool) {
			if years && !info.years {
				return
			}
			coh := sc.rowCoh[r*C+info.class]
			if coh < 0 {
				return
			}
			ci := g*nSets + int(coh)
			addPub(s, valOf, coh, pub{sc.cellVar[ci], -1})
			for len(flrFns) < len(s.fns) {
				flrFns = append(flrFns, -1)
			}
			if info.floor >= 0 {
				if fcoh := sc.rowCoh[r*C+info.floor]; fcoh >= 0 && flrFns[valOf[coh]] < 0 {
					flrFns[valOf[coh]] = int32(len(s.fns))
					s.fns = append(s.fns, afn{size: size[fcoh], pubs: []pub{{sc.cellVar[ci], sc.flrVar[ci]}}})
					sets = append(sets, fcoh)
					flrFns = append(flrFns, -1)
				}
			}
		})
		if c0 := sc.rowCoh[row0*C+info.class]; c0 >= 0 && valOf[c0] >= 0 {
			s.fns[valOf[c0]].pinned = true
			if f := flrFns[valOf[c0]]; f >= 0 {
				s.fns[f].pinned = true
			}
		}
		var floored []uint64
		if info.floor >= 0 {
			floored = sc.classBits[info.floor]
		}
		sc.finishSystem(s, sc.classBits[info.class], sets, floored, sc.remainders(info.class))
	}

	pinned := make([]bool, len(a.vars))
	for _, set := range []int32{sc.rowSet[row0]} {
		if x := sc.rowVar[set]; x >= 0 {
			pinned[x] = true
		}
	}
	for g, info := range sc.vgs {
		if coh := sc.rowCoh[row0*C+info.class]; coh >= 0 {
			for _, x := range []int32{sc.cellVar[g*nSets+int(coh)], sc.flrVar[g*nSets+int(coh)]} {
				if x >= 0 {
					pinned[x] = true
				}
			}
		}
	}
	a.run(pinned)
}

// outcomeFew reports whether fewer than minGroup pupils of row set s met
// percentage measure mi's threshold, or fewer than minGroup did not.
func (sc *scratch) outcomeFew(s int32, mi, minGroup int) bool {
	st := sc.stats[int(sc.statIdx[s])*len(sc.ms)+mi]
	return int(st.meets) < minGroup || int(st.n-st.meets) < minGroup
}

// ratioFew reports whether, for some ratio measure of cell kind g, fewer
// than minGroup rows of row set s have a nonzero numerator: the ratio
// would say what (nearly) every member did (no absence, no suspension),
// and for a rare event give away the few rows' total (1 suspension in a
// group of 7), and what its percentage of rows hides (sus_one_plus).
func (sc *scratch) ratioFew(s int32, g, minGroup int) bool {
	M := len(sc.ms)
	for mi, m := range sc.ms {
		if m.Kind == KindRatio && sc.vgroup[mi] == g {
			if st := sc.stats[int(sc.statIdx[s])*M+mi]; int(st.meets) < minGroup {
				return true
			}
		}
	}
	return false
}

// finishSystem works out a system's atoms over the universe's pupils from
// the sets of its functionals (sets[i] is fns[i]'s pupils), their
// coordinates, small units and explicit targets, and adds it to the audit.
// With floored pupils, a functional whose pupils are all floored and that
// is published only beside its cell (a pub with b) is over their raises;
// the cell functionals are over values plus raises.
func (sc *scratch) finishSystem(s *asys, universe []uint64, sets []int32, floored []uint64, rems []remainder) {
	a := &sc.aud
	n := sc.n
	sc.sig = grow(sc.sig, n)
	clear(sc.sig)
	r := rng{s: 0x5bd1e995}
	mark := func(b []uint64) {
		zv := r.next()
		for k, x := range b {
			for ; x != 0; x &= x - 1 {
				sc.sig[k<<6|trailing(x)] ^= zv
			}
		}
	}
	for _, set := range sets {
		mark(sc.sets.bits(set))
	}
	if floored != nil {
		mark(floored)
	}
	atomOf := sc.atomOf[:0]
	for range n {
		atomOf = append(atomOf, -1)
	}
	sc.atomOf = atomOf
	bySig := map[uint64]int32{}
	var atomSize []int32
	var atomFloored []bool
	for k, x := range universe {
		for ; x != 0; x &= x - 1 {
			i := k<<6 | trailing(x)
			id, ok := bySig[sc.sig[i]]
			if !ok {
				id = int32(len(atomSize))
				bySig[sc.sig[i]] = id
				atomSize = append(atomSize, 0)
				atomFloored = append(atomFloored, floored != nil && floored[k]&(1<<(uint(i)&63)) != 0)
			}
			atomOf[i] = id
			atomSize[id]++
		}
	}
	A := len(atomSize)
	raise := make([]int32, A)
	nc := A
	for i := range raise {
		raise[i] = -1
		if atomFloored[i] {
			raise[i] = int32(nc)
			nc++
		}
	}
	s.ncoord = nc
	seen := make([]bool, A)
	for fi := range s.fns {
		f := &s.fns[fi]
		raiseOnly := floored != nil && len(f.pubs) == 1 && f.pubs[0].b >= 0
		var atoms []int32
		b := sc.sets.bits(sets[fi])
		for k, x := range b {
			for ; x != 0; x &= x - 1 {
				at := atomOf[k<<6|trailing(x)]
				if at >= 0 && !seen[at] {
					seen[at] = true
					atoms = append(atoms, at)
				}
			}
		}
		for _, at := range atoms {
			seen[at] = false
			if !raiseOnly {
				f.coords = append(f.coords, at)
			}
			if floored != nil && raise[at] >= 0 {
				f.coords = append(f.coords, raise[at])
			}
		}
	}
	for at := range A {
		if int(atomSize[at]) >= a.k {
			continue
		}
		s.units = append(s.units, unit{atom: int32(at), coords: []int32{int32(at)}, weight: atomSize[at]})
		if raise[at] >= 0 {
			s.units = append(s.units,
				unit{atom: int32(at), coords: []int32{raise[at]}, weight: atomSize[at]},
				unit{atom: int32(at), coords: []int32{int32(at), raise[at]}, weight: atomSize[at]})
		}
	}
	sc.explicitTargets(s, atomSize, raise, sets, rems)
	si := int32(len(a.sys))
	a.sys = append(a.sys, s)
	for fi := range s.fns {
		for _, p := range s.fns[fi].pubs {
			a.varFns[p.a] = appendRef(a.varFns[p.a], fnRef{si, int32(fi)})
			if p.b >= 0 {
				a.varFns[p.b] = appendRef(a.varFns[p.b], fnRef{si, int32(fi)})
			}
		}
	}
}

func appendRef(rs []fnRef, r fnRef) []fnRef {
	for _, x := range rs {
		if x == r {
			return rs
		}
	}
	return append(rs, r)
}

func fillInt32(s []int32, n int) []int32 {
	s = grow(s, n)
	for i := range s {
		s[i] = -1
	}
	return s
}

// remainder is a partition's parent set less its members' sets.
type remainder struct {
	parent  int32
	members []int32
}

// remainders lists, for cohort class cl, each partition of a visible table
// (see buildParts) as its parent's and members' cohort sets in that class.
func (sc *scratch) remainders(cl int) []remainder {
	C := sc.nClass
	var out []remainder
	for _, p := range sc.parts {
		if sc.isHiddenView(int(p.parent)) {
			continue
		}
		rm := remainder{parent: sc.rowCoh[int(p.parent)*C+cl]}
		if rm.parent < 0 {
			continue
		}
		for _, r := range sc.partRows[p.lo:p.hi] {
			if coh := sc.rowCoh[int(r)*C+cl]; coh >= 0 {
				rm.members = append(rm.members, coh)
			}
		}
		out = append(out, rm)
	}
	return out
}

// isHiddenView reports whether row r is in a table hidden whole (its
// filter selects fewer than k pupils).
func (sc *scratch) isHiddenView(r int) bool {
	s := sc.rowView[r]
	return s < 0 || int(sc.sets.size[s]) < sc.aud.k
}

// explicitTargets adds a system's nested differences (a functional's
// coordinates less another's inside it) and partition remainders of
// 1..k−1 pupils as targets: unions of more than four atoms that the small
// search would not reach.
func (sc *scratch) explicitTargets(s *asys, atomSize, raise []int32, sets []int32, rems []remainder) {
	k := sc.aud.k
	atomOfCoord := make([]int32, s.ncoord)
	for at := range atomSize {
		atomOfCoord[at] = int32(at)
		if raise[at] >= 0 {
			atomOfCoord[raise[at]] = int32(at)
		}
	}
	// weight is the pupils of a target's atoms and how many atoms it has,
	// stopping once it reaches k (then it is no target).
	var seen []int32
	weight := func(coords []int32) (int32, int) {
		var w int32
		seen = seen[:0]
		for _, c := range coords {
			if at := atomOfCoord[c]; !slices.Contains(seen, at) {
				seen = append(seen, at)
				if w += atomSize[at]; int(w) >= k {
					break
				}
			}
		}
		return w, len(seen)
	}
	words := (s.ncoord + 63) / 64
	bitsOf := make([][]uint64, len(s.fns))
	for fi := range s.fns {
		b := make([]uint64, words)
		for _, c := range s.fns[fi].coords {
			b[c>>6] |= 1 << (uint(c) & 63)
		}
		bitsOf[fi] = b
	}
	add := func(in, out []uint64) {
		var t []int32
		for w := range words {
			x := in[w]
			if out != nil {
				x &^= out[w]
			}
			for ; x != 0; x &= x - 1 {
				t = append(t, int32(w<<6|trailing(x)))
			}
		}
		if len(t) == 0 {
			return
		}
		// One or two atoms are the small search's (units and pairs).
		if wt, n := weight(t); int(wt) < k && n > 2 {
			s.extra = append(s.extra, t)
			s.extraW = append(s.extraW, wt)
		}
	}
	order := make([]int, len(s.fns))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int { return cmp.Compare(s.fns[x].size, s.fns[y].size) })
	for i, x := range order {
		fx := &s.fns[x]
		for j := i - 1; j >= 0; j-- {
			y := order[j]
			fy := &s.fns[y]
			if int(fx.size-fy.size) >= k {
				break
			}
			if fy.size == fx.size || !subset(bitsOf[y], bitsOf[x]) {
				continue
			}
			add(bitsOf[x], bitsOf[y])
		}
	}
	fnOfSet := map[int32]int{}
	for fi, set := range sets {
		if _, ok := fnOfSet[set]; !ok {
			fnOfSet[set] = fi
		}
	}
	union := make([]uint64, words)
	for _, rm := range rems {
		pf, ok := fnOfSet[rm.parent]
		if !ok {
			continue
		}
		clear(union)
		for _, m := range rm.members {
			if mf, ok := fnOfSet[m]; ok {
				for w := range union {
					union[w] |= bitsOf[mf][w]
				}
			}
		}
		add(bitsOf[pf], union)
	}
}

func subset(a, b []uint64) bool {
	for i := range a {
		if a[i]&^b[i] != 0 {
			return false
		}
	}
	return true
}
