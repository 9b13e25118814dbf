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
//
// A ratio's cells publish two totals, Σ numerator and Σ denominator, each
// generic like a mean's sum: the ratios of a cohort class share one
// decision per set and, hidden for their outcome where the class's counts
// show, have a value system of their own. The rows of tables by year group
// are published like any other rows, for the measures they show, and the
// year groups are a partition of the unfiltered "All pupils" row.

// avar is one decision: a figure hidden or shown wherever it appears.
type avar struct {
	decided  bool
	reason   Reason
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
}

type fnRef struct{ sys, fn int32 }

// auditor holds one year's audit.
type auditor struct {
	k      int
	vars   []avar
	sys    []*asys
	varFns [][]fnRef
	rnd    rng
	// overSuppressed counts, after the pass, figures hidden to protect
	// others that could show on their own.
	overSuppressed int
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
}

func (e *echelon) reset(n int) { e.n, e.rows, e.piv = n, e.rows[:0], e.piv[:0] }

// reduce subtracts rows from v in order; v is then zero iff it was in the
// span.
func (e *echelon) reduce(v []uint64) {
	for i, row := range e.rows {
		c := v[e.piv[i]]
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
func (e *echelon) add(v []uint64) {
	e.reduce(v)
	for j, x := range v {
		if x != 0 {
			inv := finv(x)
			for jj := j; jj < len(v); jj++ {
				v[jj] = fmul(v[jj], inv)
			}
			e.rows = append(e.rows, v)
			e.piv = append(e.piv, int32(j))
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

// target is something the span of the shown figures must not reach: a
// hidden figure (fn >= 0, a target only while hidden for good), a small
// unit (unit >= 0) or an explicit set (a nested difference or remainder).
type target struct {
	coords []int32
	weight int32
	fn     int32 // the functional, or -1
	unit   int32 // the unit, or -1
}

// poolSize is how many random null-space vectors a system keeps: a target
// is in the span iff it is orthogonal to the whole null space, and a random
// vector of it is orthogonal to a target outside the span with chance 1/p.
// Each independent figure shown uses one up; the pool is drawn again from
// the echelon form when fewer than two are left.
const poolSize = 8

// sysState is a system's part of the pass. For each target it keeps the
// target's products with the pool's vectors (proj, poolSize a target, the
// first len(z) valid) and with the pinned null-space vectors (yproj), so a
// trial costs a few field operations a target and no dot products.
type sysState struct {
	e       echelon
	z       [][]uint64
	targets []target
	proj    []uint64
	yproj   []uint64
	ny      int
	fnT     []int32 // per functional: its target
	// alpha and beta are random weights over the pool; a and b each
	// target's projections weighed by them, and nz whether the target is
	// outside the span. With them a one-step trial costs two field
	// products a target (leakStep).
	alpha, beta []uint64
	a, b        []uint64
	nz          []bool
	byG         map[uint64][]int32
	// active lists the targets that can still come into the span: not
	// in it already (the span only grows) and not a published figure.
	active []int32
}

// prune drops from active what can no longer come into the span.
func (st *sysState) prune(a *auditor, s *asys) {
	keep := st.active[:0]
	for _, ti := range st.active {
		t := &st.targets[ti]
		if !st.nz[ti] || (t.fn >= 0 && a.published(&s.fns[t.fn])) {
			continue
		}
		keep = append(keep, ti)
	}
	st.active = keep
}

// weigh recomputes a, b and nz for every target, after the pool changed.
func (st *sysState) weigh(r *rng) {
	q := len(st.z)
	st.alpha, st.beta = st.alpha[:0], st.beta[:0]
	for range q {
		st.alpha = append(st.alpha, r.elem())
		st.beta = append(st.beta, r.elem())
	}
	n := len(st.targets)
	if len(st.a) != n {
		st.a, st.b, st.nz = make([]uint64, n), make([]uint64, n), make([]bool, n)
	}
	for _, t32 := range st.active {
		t := int(t32)
		e := st.proj[t*poolSize : t*poolSize+q]
		var x, y uint64
		nz := false
		for i, v := range e {
			if v != 0 {
				nz = true
				x = fadd(x, fmul(st.alpha[i], v))
				y = fadd(y, fmul(st.beta[i], v))
			}
		}
		st.a[t], st.b[t], st.nz[t] = x, y, nz
	}
}

// parallel reports whether the projections e (of a target, or of a sum of
// targets' es) are a multiple of the step's d, j being d's pivot.
func parallel(e, d []uint64, j int) bool {
	for i := range d {
		if fmul(e[i], d[j]) != fmul(e[j], d[i]) {
			return false
		}
	}
	return true
}

// leakStep is leak for a trial of one step: a target comes into the span
// iff its projections are a multiple of the step's, which the weighed
// projections test in two products (a false match, 1 in p, is confirmed
// away). Targets already in the span are not the trial's doing.
func (a *auditor) leakStep(s *asys, st *sysState, sp step) (int32, bool) {
	q := len(st.z)
	var A, B uint64
	for i := range q {
		A = fadd(A, fmul(st.alpha[i], sp.d[i]))
		B = fadd(B, fmul(st.beta[i], sp.d[i]))
	}
	k := int32(a.k)
	if st.byG == nil {
		st.byG = map[uint64][]int32{}
	}
	clear(st.byG)
	var units []int32
	for _, ti32 := range st.active {
		ti := int(ti32)
		t := &st.targets[ti]
		if !st.nz[ti] {
			continue
		}
		if t.fn >= 0 {
			f := &s.fns[t.fn]
			if a.published(f) || a.possible(f) {
				continue
			}
		}
		g := fsub(fmul(st.a[ti], B), fmul(st.b[ti], A))
		if g == 0 && parallel(st.proj[ti*poolSize:ti*poolSize+q], sp.d, sp.j) && !st.exempt(ti) {
			return t.weight, true
		}
		if t.unit >= 0 && t.weight < k-1 {
			st.byG[g] = append(st.byG[g], int32(ti))
			units = append(units, int32(ti))
		}
	}
	sum := make([]uint64, q)
	for _, u := range units {
		g := fsub(fmul(st.a[u], B), fmul(st.b[u], A))
		tu := &st.targets[u]
		for _, v := range st.byG[fneg(g)] {
			if v <= u {
				continue
			}
			tv := &st.targets[v]
			if tu.weight+tv.weight >= k || s.units[tu.unit].atom == s.units[tv.unit].atom {
				continue
			}
			eu, ev := st.proj[int(u)*poolSize:int(u)*poolSize+q], st.proj[int(v)*poolSize:int(v)*poolSize+q]
			zero := true
			for i := range q {
				sum[i] = fadd(eu[i], ev[i])
				zero = zero && sum[i] == 0
			}
			if !zero && parallel(sum, sp.d, sp.j) && !st.exempt(int(u), int(v)) {
				return tu.weight + tv.weight, true
			}
		}
	}
	return 0, false
}

// step is one trial restriction of the pool: vector j dropped, every other
// vector i less d[i]/d[j] of it.
type step struct {
	j   int
	d   []uint64
	inv uint64
}

func (st *sysState) project() {
	q := len(st.z)
	for _, ti := range st.active {
		p := st.proj[int(ti)*poolSize : int(ti)*poolSize+q]
		for i, z := range st.z {
			p[i] = dot(z, st.targets[ti].coords)
		}
	}
}

// trial returns the steps that showing functionals fns would take the
// pool through, from their current projections.
func (st *sysState) trial(fns []int32, buf []step) []step {
	steps := buf[:0]
	q := len(st.z)
	for _, f := range fns {
		if !st.nz[st.fnT[f]] {
			continue // in the span already (its projections are no longer kept)
		}
		d := make([]uint64, q)
		copy(d, st.proj[int(st.fnT[f])*poolSize:int(st.fnT[f])*poolSize+q])
		applySteps(d, steps)
		j := -1
		for i, x := range d {
			if x != 0 && !dropped(steps, i) {
				j = i
				break
			}
		}
		if j < 0 {
			continue // already in the span
		}
		steps = append(steps, step{j: j, d: d, inv: finv(d[j])})
	}
	return steps
}

func dropped(steps []step, i int) bool {
	for _, s := range steps {
		if s.j == i {
			return true
		}
	}
	return false
}

// applySteps restricts one target's projections in place; dropped entries
// are left as they are and must be ignored.
func applySteps(e []uint64, steps []step) {
	for _, s := range steps {
		c := fmul(e[s.j], s.inv)
		if c == 0 {
			continue
		}
		for i := range e {
			if i != s.j && s.d[i] != 0 {
				e[i] = fsub(e[i], fmul(c, s.d[i]))
			}
		}
	}
}

// inSpanAfter reports whether target t would be in the span after steps:
// orthogonal to every pool vector left.
func (st *sysState) inSpanAfter(t int, steps []step, e []uint64) bool {
	q := len(st.z)
	copy(e, st.proj[t*poolSize:t*poolSize+q])
	applySteps(e[:q], steps)
	for i := range q {
		if e[i] != 0 && !dropped(steps, i) {
			return false
		}
	}
	return true
}

// exempt reports whether a sum of targets is in the span of the pinned
// functionals alone.
func (st *sysState) exempt(ts ...int) bool {
	for i := range st.ny {
		var x uint64
		for _, t := range ts {
			x = fadd(x, st.yproj[t*2+i])
		}
		if x != 0 {
			return false
		}
	}
	return true
}

// leak reports, for a trial, the pupils of a target the span would reach,
// if any.
func (a *auditor) leak(s *asys, st *sysState, steps []step) (int32, bool) {
	q := len(st.z)
	e := make([]uint64, q)
	k := int32(a.k)
	type hu struct {
		h uint64
		u int32
	}
	var units []hu
	var unitE [][]uint64
	for _, ti32 := range st.active {
		ti := int(ti32)
		t := &st.targets[ti]
		if t.fn >= 0 {
			f := &s.fns[t.fn]
			if a.published(f) || a.possible(f) {
				continue
			}
		}
		in := st.inSpanAfter(ti, steps, e)
		if in && !st.exempt(ti) {
			return t.weight, true
		}
		if t.unit >= 0 && !in {
			// Pairs of units: the first vector left keys them.
			first := 0
			for dropped(steps, first) {
				first++
			}
			units = append(units, hu{e[first], int32(ti)})
			unitE = append(unitE, slices.Clone(e))
		}
	}
	if len(units) < 2 {
		return 0, false
	}
	byH := map[uint64][]int{}
	for i, u := range units {
		byH[u.h] = append(byH[u.h], i)
	}
	for i, u := range units {
		tu := &st.targets[u.u]
		for _, j := range byH[fneg(u.h)] {
			if j <= i {
				continue
			}
			tv := &st.targets[units[j].u]
			if tu.weight+tv.weight >= k || s.units[tu.unit].atom == s.units[tv.unit].atom {
				continue
			}
			zero := true
			for x := range q {
				if !dropped(steps, x) && fadd(unitE[i][x], unitE[j][x]) != 0 {
					zero = false
					break
				}
			}
			if zero && !st.exempt(int(u.u), int(units[j].u)) {
				return tu.weight + tv.weight, true
			}
		}
	}
	return 0, false
}

// commit makes a trial's steps real: the pool and every projection.
func (st *sysState) commit(steps []step, r *rng) {
	if len(steps) == 0 {
		return
	}
	q := len(st.z)
	if len(steps) == 1 {
		st.commitStep(steps[0])
		return
	}
	defer st.weigh(r)
	for si, sp := range steps {
		zj := st.z[sp.j]
		for i, z := range st.z {
			if i == sp.j || sp.d[i] == 0 || dropped(steps[:si], i) {
				continue
			}
			c := fmul(sp.d[i], sp.inv)
			for x, w := range zj {
				if w != 0 {
					z[x] = fsub(z[x], fmul(c, w))
				}
			}
		}
	}
	for _, ti := range st.active {
		applySteps(st.proj[int(ti)*poolSize:int(ti)*poolSize+q], steps)
	}
	// Drop the used vectors, keeping projections in step.
	keep := 0
	for i := range q {
		if dropped(steps, i) {
			continue
		}
		st.z[keep] = st.z[i]
		for _, ti := range st.active {
			st.proj[int(ti)*poolSize+keep] = st.proj[int(ti)*poolSize+i]
		}
		keep++
	}
	st.z = st.z[:keep]
}

// commitStep is commit for one step, in one pass over the targets: each
// projection less its multiple of d, the weighed ones likewise (a linear
// map: a' = a − c·(α·d)), and the used vector swapped out for the last.
func (st *sysState) commitStep(sp step) {
	q, j := len(st.z), sp.j
	var A, B uint64
	for i := range q {
		A = fadd(A, fmul(st.alpha[i], sp.d[i]))
		B = fadd(B, fmul(st.beta[i], sp.d[i]))
	}
	zj := st.z[j]
	for i, z := range st.z {
		if i == j || sp.d[i] == 0 {
			continue
		}
		c := fmul(sp.d[i], sp.inv)
		for x, w := range zj {
			if w != 0 {
				z[x] = fsub(z[x], fmul(c, w))
			}
		}
	}
	last := q - 1
	for _, ti32 := range st.active {
		ti := int(ti32)
		e := st.proj[ti*poolSize : ti*poolSize+q]
		if c := fmul(e[j], sp.inv); c != 0 {
			for i := range e {
				if i != j && sp.d[i] != 0 {
					e[i] = fsub(e[i], fmul(c, sp.d[i]))
				}
			}
			st.a[ti] = fsub(st.a[ti], fmul(c, A))
			st.b[ti] = fsub(st.b[ti], fmul(c, B))
		}
		e[j] = e[last]
		nz := false
		for _, v := range e[:last] {
			if v != 0 {
				nz = true
				break
			}
		}
		st.nz[ti] = nz
	}
	// The weighed projections lose the used vector's part: α_j·e_j, now 0.
	st.z[j], st.alpha[j], st.beta[j] = st.z[last], st.alpha[last], st.beta[last]
	st.z, st.alpha, st.beta = st.z[:last], st.alpha[:last], st.beta[:last]
}

func (a *auditor) refill(st *sysState) {
	st.z = st.z[:0]
	for range poolSize {
		if len(st.e.rows) < st.e.n {
			st.z = append(st.z, st.e.nullVector(len(st.e.rows), &a.rnd))
		}
	}
	st.project()
	st.weigh(&a.rnd)
}

// run decides every variable: pinned ones (the unfiltered all-pupils row)
// shown unless hidden by a rule, then the rest largest first.
func (a *auditor) run(pinnedVar []bool) {
	states := make([]sysState, len(a.sys))
	for v := range a.vars {
		if a.vars[v].reason != ReasonNone || pinnedVar[v] {
			a.vars[v].decided = true
		}
	}
	for si, s := range a.sys {
		st := &states[si]
		st.e.reset(s.ncoord)
		st.fnT = make([]int32, len(s.fns))
		for fi := range s.fns {
			st.fnT[fi] = int32(len(st.targets))
			st.targets = append(st.targets, target{coords: s.fns[fi].coords, weight: s.fns[fi].size, fn: int32(fi), unit: -1})
			if a.published(&s.fns[fi]) {
				st.e.add(dense(s.ncoord, s.fns[fi].coords))
			}
		}
		for ui := range s.units {
			u := &s.units[ui]
			st.targets = append(st.targets, target{coords: u.coords, weight: u.weight, fn: -1, unit: int32(ui)})
		}
		for i, t := range s.extra {
			st.targets = append(st.targets, target{coords: t, weight: s.extraW[i], fn: -1, unit: -1})
		}
		st.proj = make([]uint64, len(st.targets)*poolSize)
		st.active = make([]int32, len(st.targets))
		for i := range st.active {
			st.active[i] = int32(i)
		}
		st.yproj = make([]uint64, len(st.targets)*2)
		for i := range 2 {
			if len(st.e.rows) < s.ncoord {
				y := st.e.nullVector(len(st.e.rows), &a.rnd)
				for ti := range st.targets {
					st.yproj[ti*2+i] = dot(y, st.targets[ti].coords)
				}
				st.ny++
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
	var trials []trialOf
	for _, v := range order {
		a.vars[v].decided = true
		var ok bool
		var w int32
		trials, w, ok = a.try(v, states, trials)
		if !ok {
			a.vars[v].reason, a.vars[v].protects = ReasonProtective, w
			continue
		}
		for i := range trials {
			t := &trials[i]
			s, st := a.sys[t.si], &states[t.si]
			if len(t.steps) == 0 {
				continue
			}
			for _, f := range t.fns {
				st.e.add(dense(s.ncoord, s.fns[f].coords))
			}
			st.commit(t.steps, &a.rnd)
			st.prune(a, s)
			if len(st.z) < 2 {
				a.refill(st)
			}
		}
	}
	// Check again at the end: no figure hidden to protect others could
	// show on its own now (showing more never makes a refusal wrong, so
	// this counts mistakes, not choices).
	a.overSuppressed = 0
	for v := range a.vars {
		x := &a.vars[v]
		if x.reason != ReasonProtective {
			continue
		}
		x.reason = ReasonNone
		var ok bool
		trials, _, ok = a.try(int32(v), states, trials)
		x.reason = ReasonProtective
		if ok {
			a.overSuppressed++
		}
	}
}

// trialOf is what showing one variable would publish in one system.
type trialOf struct {
	si    int32
	fns   []int32
	steps []step
}

// try reports whether showing v (decided, not hidden) lets any target of
// any system it touches be worked out, with the pupils of one that would,
// and the trials that showing it would commit.
func (a *auditor) try(v int32, states []sysState, trials []trialOf) ([]trialOf, int32, bool) {
	// The functionals that showing v newly publishes, system by system.
	trials = trials[:0]
	for _, r := range a.varFns[v] {
		f := &a.sys[r.sys].fns[r.fn]
		a.vars[v].decided = false
		was := a.published(f)
		a.vars[v].decided = true
		if was || !a.published(f) {
			continue
		}
		i := slices.IndexFunc(trials, func(t trialOf) bool { return t.si == r.sys })
		if i < 0 {
			trials = append(trials, trialOf{si: r.sys})
			i = len(trials) - 1
		}
		trials[i].fns = append(trials[i].fns, r.fn)
	}
	for i := range trials {
		t := &trials[i]
		st := &states[t.si]
		if len(st.z) < len(t.fns)+2 && len(st.e.rows) < st.e.n {
			a.refill(st) // a trial must not use the pool up
		}
		t.steps = st.trial(t.fns, nil)
		if len(t.steps) == 0 {
			// Nothing new can be worked out, and showing v only takes
			// targets away.
			continue
		}
		leakOf := a.leak
		if len(t.steps) == 1 {
			leakOf = func(s *asys, st *sysState, steps []step) (int32, bool) { return a.leakStep(s, st, steps[0]) }
		}
		if tw, leak := leakOf(a.sys[t.si], st, t.steps); leak {
			return trials, tw, false
		}
	}
	return trials, 0, true
}
