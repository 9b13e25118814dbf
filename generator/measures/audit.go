package measures

import (
	"cmp"
	"slices"
)

// The disclosure audit: the single authority on what a shareable pack may
// show (docs/disclosure.md). It decides every figure of a year once, in a
// greedy pass: the school's headline row first, then every other figure
// from the largest group to the smallest, each shown only if, with it, no
// target can be worked out by exact linear algebra from what is shown.
// A figure it hides can never be shown later, so no hidden figure could be
// shown on its own with the audit still passing (over-suppressed is 0).
//
// The model. Every figure is a sum over a set of pupils: a cohort is a
// count, a mean times its cohort a sum of scores, a percentage times its
// cohort a count of pupils meeting the threshold. Pupils that every
// candidate set holds together form an atom; a figure is then a 0/1 vector
// over atoms and a reader learns exactly the span of the published vectors
// (knowing, at worst, which atoms are empty). The audit keeps one system per
// kind of value that figures add up: the counts of each cohort class, the
// values of each percentage measure (the outcome rule hides their cells
// differently) and of each floored progress measure (with its pupils'
// raises as a second component). In each system it refuses:
//
//   - any hidden figure in the span (hidden as small, for its outcome, or
//     to protect others: what is hidden can never be worked out);
//   - any nested difference or partition remainder of 1..k−1 pupils, and
//     any single atom or pair of atoms of 1..k−1 pupils, in the span;
//
// except what the unfiltered "All pupils" row alone gives (the school's
// headline cohorts, always published). Each decision variable is one
// figure: a row's cohort, a measure's cell over a pupil set, or a progress
// cell's floored pupils (their count and the unadjusted mean). The same
// pupils' figure is one variable wherever it appears, so it is hidden or
// shown everywhere at once.

// avar is one decision: a figure hidden or shown wherever it appears.
type avar struct {
	decided  bool
	reason   Reason
	fixed    bool  // hidden by a rule of its own (small, outcome): never shown by the audit
	protects int32 // pupils in the target it was hidden to protect
	size     int32 // pupils the figure is about
}

// pub is a way a figure gets published: when variable a shows and b (if
// any) does too. A floored count shows only inside its measure's cell.
type pub struct{ a, b int32 }

// afn is one published-or-not linear functional of a system.
type afn struct {
	coords []int32 // coordinates with coefficient 1
	pubs   []pub
	size   int32 // pupils, to prefer hiding smaller figures
	pinned bool  // the unfiltered all-pupils row: the school's headline, never hidden to protect others
}

// unit is one atom's contribution to a small target: its raw values, its
// floored raises, or both.
type unit struct {
	atom   int32
	coords []int32
	weight int32
}

// asys is one system: coordinates over atoms, its functionals and targets.
type asys struct {
	ncoord int
	fns    []afn
	units  []unit
	// extra are targets beyond the hidden figures and unions of up to four
	// small atoms: nested differences and remainders of 1..k−1 pupils, as
	// coordinates, with their pupils in extraW.
	extra  [][]int32
	extraW []int32
	// z holds random vectors of the null space of the published
	// functionals (a target is in the span iff it is orthogonal to the
	// whole null space); y the same for the pinned functionals alone, whose
	// span is exempt.
	z, y [][]uint64
}

type fnRef struct{ sys, fn int32 }

// auditor holds one year's audit.
type auditor struct {
	k      int
	vars   []avar
	sys    []*asys
	varFns [][]fnRef
	rnd    rng
}

func (a *auditor) shown(v int32) bool {
	return v < 0 || (a.vars[v].decided && a.vars[v].reason == ReasonNone)
}

// possible reports whether f may still be published: some way has no
// variable decided hidden.
func (a *auditor) possible(f *afn) bool {
	for _, p := range f.pubs {
		if a.open(p.a) && a.open(p.b) {
			return true
		}
	}
	return false
}

func (a *auditor) open(v int32) bool {
	return v < 0 || !a.vars[v].decided || a.vars[v].reason == ReasonNone
}

func (a *auditor) published(f *afn) bool {
	for _, p := range f.pubs {
		if a.shown(p.a) && a.shown(p.b) {
			return true
		}
	}
	return false
}

func (a *auditor) newVar(size int32) int32 {
	a.vars = append(a.vars, avar{size: size})
	a.varFns = append(a.varFns, nil)
	return int32(len(a.vars) - 1)
}

// echelon is a row echelon form built one functional at a time: row i is
// the i-th independent functional less multiples of earlier rows, scaled so
// its pivot is 1, so it has zeros at every earlier row's pivot.
type echelon struct {
	n    int
	rows [][]uint64
	piv  []int32
	fn   []int32
}

func (e *echelon) reset(n int) { e.n, e.rows, e.piv, e.fn = n, e.rows[:0], e.piv[:0], e.fn[:0] }

// reduce subtracts rows from v in order, recording each row's multiple in
// coef when it is not nil; v is then zero iff it was in the span.
func (e *echelon) reduce(v []uint64, coef []uint64) {
	for i, row := range e.rows {
		c := v[e.piv[i]]
		if coef != nil {
			coef[i] = c
		}
		if c == 0 {
			continue
		}
		for j, x := range row {
			if x != 0 {
				v[j] = fsub(v[j], fmul(c, x))
			}
		}
	}
}

// add reduces v and keeps it as a row when it is independent.
func (e *echelon) add(v []uint64, fn int32) {
	e.reduce(v, nil)
	for j, x := range v {
		if x != 0 {
			inv := finv(x)
			for jj := j; jj < len(v); jj++ {
				v[jj] = fmul(v[jj], inv)
			}
			e.rows = append(e.rows, v)
			e.piv = append(e.piv, int32(j))
			e.fn = append(e.fn, fn)
			return
		}
	}
}

// nullVector returns a random vector orthogonal to the first r rows: random
// at every column but those rows' pivots, which are solved last row first.
func (e *echelon) nullVector(r int, rnd *rng) []uint64 {
	z := make([]uint64, e.n)
	isPiv := make([]bool, e.n)
	for _, p := range e.piv[:r] {
		isPiv[p] = true
	}
	for j := range z {
		if !isPiv[j] {
			z[j] = rnd.elem()
		}
	}
	for i := r - 1; i >= 0; i-- {
		var s uint64
		p := int(e.piv[i])
		for j, x := range e.rows[i] {
			if x != 0 && j != p {
				s = fadd(s, fmul(x, z[j]))
			}
		}
		z[p] = fneg(s)
	}
	return z
}

func dot(z []uint64, coords []int32) uint64 {
	var s uint64
	for _, c := range coords {
		s = fadd(s, z[c])
	}
	return s
}

func dense(n int, coords []int32) []uint64 {
	v := make([]uint64, n)
	for _, c := range coords {
		v[c] = 1
	}
	return v
}

// inSpan reports whether a target is orthogonal to every vector of z, and
// not exempt (in the span of the pinned functionals alone).
func (s *asys) inSpan(z [][]uint64, coords []int32) bool {
	for _, v := range z {
		if dot(v, coords) != 0 {
			return false
		}
	}
	for _, v := range s.y {
		if dot(v, coords) != 0 {
			return true
		}
	}
	return false
}

// leak returns a target in the span of the published functionals (given by
// z, random vectors of their null space), with its pupils, if there is one.
func (a *auditor) leak(s *asys, z [][]uint64) ([]int32, int32, bool) {
	// No hidden figure may be worked out.
	for fi := range s.fns {
		f := &s.fns[fi]
		if !a.published(f) && !a.possible(f) && s.inSpan(z, f.coords) {
			return f.coords, f.size, true
		}
	}
	for i, t := range s.extra {
		if s.inSpan(z, t) {
			return t, s.extraW[i], true
		}
	}
	if len(s.units) == 0 {
		return nil, 0, false
	}
	k := int32(a.k)
	if len(z) == 0 {
		// Full rank: everything is in the span; only the exempt is safe.
		for i := range s.units {
			if u := &s.units[i]; s.inSpan(z, u.coords) {
				return u.coords, u.weight, true
			}
		}
		return nil, 0, false
	}
	h := make([]uint64, len(s.units))
	for i := range s.units {
		h[i] = dot(z[0], s.units[i].coords)
	}
	join := func(us ...int) ([]int32, int32) {
		var cs []int32
		var w int32
		for _, u := range us {
			cs = append(cs, s.units[u].coords...)
			w += s.units[u].weight
		}
		return cs, w
	}
	bySum := map[uint64][]int32{}
	for i := range s.units {
		if h[i] == 0 && s.inSpan(z, s.units[i].coords) {
			return s.units[i].coords, s.units[i].weight, true
		}
		bySum[h[i]] = append(bySum[h[i]], int32(i))
	}
	U := len(s.units)
	distinct := func(us ...int) bool {
		for i := range us {
			for j := i + 1; j < len(us); j++ {
				if s.units[us[i]].atom == s.units[us[j]].atom {
					return false
				}
			}
		}
		return true
	}
	for u := range U {
		for _, v := range bySum[fneg(h[u])] {
			if int(v) > u && s.units[u].weight+s.units[v].weight < k && distinct(u, int(v)) {
				if cs, w := join(u, int(v)); s.inSpan(z, cs) {
					return cs, w, true
				}
			}
		}
	}
	return nil, 0, false
}

// restrict turns z, random vectors of a null space, into random vectors of
// that space's part orthogonal to coords: one vector is used up, unless
// coords was already in the span.
func restrict(z [][]uint64, coords []int32) [][]uint64 {
	j := -1
	d := make([]uint64, len(z))
	for i, v := range z {
		d[i] = dot(v, coords)
		if d[i] != 0 && j < 0 {
			j = i
		}
	}
	if j < 0 {
		return z
	}
	inv := finv(d[j])
	zj := z[j]
	out := make([][]uint64, 0, len(z)-1)
	for i, v := range z {
		if i == j {
			continue
		}
		if d[i] != 0 {
			c := fmul(d[i], inv)
			for x, w := range zj {
				if w != 0 {
					v[x] = fsub(v[x], fmul(c, w))
				}
			}
		}
		out = append(out, v)
	}
	return out
}

// poolSize is how many random null-space vectors a system keeps; each
// independent figure shown uses one up, and the pool is drawn again from
// the echelon form when fewer than two are left.
const poolSize = 6

// sysState is a system's part of the greedy pass.
type sysState struct {
	e    echelon
	z    [][]uint64
	mark int // rows before the current trial
}

func (a *auditor) refill(st *sysState) {
	st.z = st.z[:0]
	for range poolSize {
		if len(st.e.rows) < st.e.n {
			st.z = append(st.z, st.e.nullVector(len(st.e.rows), &a.rnd))
		}
	}
}

// addFn adds a published functional to a system's echelon form and pool.
func (a *auditor) addFn(s *asys, st *sysState, fi int32) {
	v := dense(s.ncoord, s.fns[fi].coords)
	before := len(st.e.rows)
	st.e.add(v, fi)
	if len(st.e.rows) == before {
		return
	}
	st.z = restrict(st.z, s.fns[fi].coords)
	if len(st.z) < 2 {
		a.refill(st)
	}
}

// run decides every variable: pinned ones (the unfiltered all-pupils row)
// shown unless hidden by a rule, then the rest largest first.
func (a *auditor) run(pinnedVar []bool) {
	states := make([]sysState, len(a.sys))
	for si, s := range a.sys {
		states[si].e.reset(s.ncoord)
	}
	for v := range a.vars {
		if pinnedVar[v] && a.vars[v].reason == ReasonNone {
			a.vars[v].decided = true
		}
		if a.vars[v].reason != ReasonNone {
			a.vars[v].decided = true
		}
	}
	for si, s := range a.sys {
		st := &states[si]
		for fi := range s.fns {
			if a.published(&s.fns[fi]) {
				st.e.add(dense(s.ncoord, s.fns[fi].coords), int32(fi))
			}
		}
		s.y = s.y[:0]
		for range 2 {
			if len(st.e.rows) < s.ncoord {
				s.y = append(s.y, st.e.nullVector(len(st.e.rows), &a.rnd))
			}
		}
		a.refill(st)
	}
	var order []int32
	for v := range a.vars {
		if !a.vars[v].decided {
			order = append(order, int32(v))
		}
	}
	slices.SortStableFunc(order, func(x, y int32) int { return cmp.Compare(a.vars[y].size, a.vars[x].size) })
	type saved struct {
		si   int32
		rows int
		z    [][]uint64
	}
	var touched []saved
	for _, v := range order {
		// Which functionals showing v publishes, system by system.
		touched = touched[:0]
		a.vars[v].decided = true
		for _, r := range a.varFns[v] {
			s, st := a.sys[r.sys], &states[r.sys]
			f := &s.fns[r.fn]
			if !a.published(f) {
				continue
			}
			// Published now; was it before? Only through v.
			a.vars[v].decided = false
			was := a.published(f)
			a.vars[v].decided = true
			if was {
				continue
			}
			found := false
			for _, t := range touched {
				if t.si == r.sys {
					found = true
				}
			}
			if !found {
				z := make([][]uint64, len(st.z))
				for i := range st.z {
					z[i] = slices.Clone(st.z[i])
				}
				touched = append(touched, saved{r.sys, len(st.e.rows), z})
			}
			a.addFn(s, st, r.fn)
		}
		ok := true
		var w int32
		for _, t := range touched {
			if _, tw, leak := a.leak(a.sys[t.si], states[t.si].z); leak {
				ok, w = false, tw
				break
			}
		}
		if ok {
			continue
		}
		for _, t := range touched {
			st := &states[t.si]
			st.e.rows, st.e.piv, st.e.fn = st.e.rows[:t.rows], st.e.piv[:t.rows], st.e.fn[:t.rows]
			st.z = t.z
		}
		a.vars[v].reason, a.vars[v].protects = ReasonProtective, w
	}
}
