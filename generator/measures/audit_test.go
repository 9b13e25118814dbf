package measures

import (
	"fmt"
	"math/big"
	"math/bits"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/reportpack/reportpack/generator/model"
)

// An independent check of the disclosure audit (audit.go, auditbuild.go).
// It shares no code with the audit: it reads the published Results, works
// out with the test oracle which pupils every figure is over, and decides
// by exact Gaussian elimination over the rationals (math/big.Rat), with one
// coordinate per PUPIL (never the audit's atoms), what a reader holding
// every figure of a year can work out.
//
// The reader's model, one linear system per kind of value that figures add:
//
//   - a count system per cohort class (the pupils with a figure for a
//     measure; row cohorts are the class of every pupil of the row, and a
//     progress measure's floored pupils are a class of their own): one
//     coordinate per pupil, a shown row or cell publishes the indicator of
//     its pupils in the class;
//   - a value system per measure: one coordinate per pupil of its cohort
//     (the pupil's score, or 1/0 for a percentage's threshold) and, for a
//     progress measure, one more per floored pupil (the raise to the
//     floor). A shown cell publishes the sum of its pupils' adjusted
//     values (raw + raise); its shown floored count and unadjusted mean
//     (and the "unadjusted" column of P8) publish the sum of raw values
//     over the same pupils, hence the sum of their raises.
//
// A figure is in the reader's hands iff its vector is in the span of the
// published vectors. The targets no published span may hold:
//
//   - every hidden figure (a value system: every hidden appearance of a
//     measure's cell, so the same figure shown elsewhere counts as a leak;
//     a count system: every listed count no shown figure gives);
//   - every listed figure of 1..k-1 pupils;
//   - each single pupil (each of its coordinates, and raw + raise);
//   - each nested difference of two listed pupil sets of the system;
//   - each partition remainder: a row's pupils in none of a dimension's
//     groups (for every shown row and dimension other than the row's own
//     and its filter's: broader than the audit's partitions, which are
//     "All pupils" of a table and fsm/cla across single filters);
//   - each atom (pupils every listed set of the system holds together, and
//     equally floored) and each pair of atoms, of 1..k-1 pupils,
//
// in each "form" a pupil set has in the system: its count, or its
// adjusted sum and, when it holds floored pupils, its raw sum and its raise
// sum. As in the audit, what the unfiltered "All pupils" row's shown
// figures alone span is exempt (the headline is always published).

// pbits is a set of pupils, one bit each: the checker keeps to schools of
// at most 64 pupils a year.
type pbits uint64

func (p pbits) size() int { return bits.OnesCount64(uint64(p)) }

func audMask(s pset) pbits {
	var m pbits
	for i := range len(s) {
		if s[i] == '1' {
			m |= 1 << i
		}
	}
	return m
}

func audMaskBools(b []bool) pbits {
	var m pbits
	for i, x := range b {
		if x {
			m |= 1 << i
		}
	}
	return m
}

// rref is a reduced row echelon form over the rationals, of 0/1 vectors
// added one at a time.
type rref struct {
	n    int
	rows [][]big.Rat
	at   []int // per column: the row with its pivot there, or -1
}

func newRREF(n int) *rref {
	e := &rref{n: n, at: make([]int, n)}
	for i := range e.at {
		e.at[i] = -1
	}
	return e
}

func (e *rref) clone() *rref {
	c := &rref{n: e.n, at: append([]int(nil), e.at...), rows: make([][]big.Rat, len(e.rows))}
	for i, r := range e.rows {
		c.rows[i] = make([]big.Rat, len(r))
		for j := range r {
			c.rows[i][j].Set(&r[j])
		}
	}
	return c
}

// residual is the 0/1 vector of coords less its part in the span: zero iff
// the vector is in the span. Every row has a 1 at its pivot and 0 at the
// other rows' pivots, so the multiple of each row is the vector's own 0/1
// entry at that pivot.
func (e *rref) residual(coords []int) []big.Rat {
	v := make([]big.Rat, e.n)
	for _, c := range coords {
		v[c].SetInt64(1)
	}
	for _, c := range coords {
		i := e.at[c]
		if i < 0 {
			continue
		}
		row := e.rows[i]
		for j := range row {
			if row[j].Sign() != 0 {
				v[j].Sub(&v[j], &row[j])
			}
		}
	}
	return v
}

func ratZero(v []big.Rat) bool {
	for j := range v {
		if v[j].Sign() != 0 {
			return false
		}
	}
	return true
}

func ratKey(v []big.Rat, neg bool) string {
	var b strings.Builder
	var x big.Rat
	for j := range v {
		if v[j].Sign() == 0 {
			continue
		}
		x.Set(&v[j])
		if neg {
			x.Neg(&x)
		}
		b.WriteString(strconv.Itoa(j))
		b.WriteByte(':')
		b.WriteString(x.RatString())
		b.WriteByte(' ')
	}
	return b.String()
}

// add puts a 0/1 vector in the span.
func (e *rref) add(coords []int) {
	v := e.residual(coords)
	p := -1
	for j := range v {
		if v[j].Sign() != 0 {
			p = j
			break
		}
	}
	if p < 0 {
		return
	}
	var inv, t big.Rat
	inv.Inv(&v[p])
	for j := range v {
		if v[j].Sign() != 0 {
			v[j].Mul(&v[j], &inv)
		}
	}
	for _, row := range e.rows {
		if row[p].Sign() == 0 {
			continue
		}
		var c big.Rat
		c.Set(&row[p])
		for j := range v {
			if v[j].Sign() != 0 {
				t.Mul(&c, &v[j])
				row[j].Sub(&row[j], &t)
			}
		}
	}
	e.at[p] = len(e.rows)
	e.rows = append(e.rows, v)
}

// A figure's form in its system.
type lform uint8

const (
	formCount lform = iota // a count over the class
	formAdj                // a sum of adjusted values: raw, plus raises of floored pupils
	formRaw                // a sum of raw values (the unadjusted mean)
	formRaise              // a sum of raises over floored pupils
)

var formName = [...]string{"count", "sum", "raw sum", "raise sum"}

// lfn is one listed figure of a system (all its appearances).
type lfn struct {
	form          lform
	pupils        pbits // its pupils (within the class, or the floored ones for raises)
	coords        []int
	shown, hidden bool
	pinned        bool // shown in the unfiltered "All pupils" row
	where         string
}

// lsys is one linear system of the reader's model.
type lsys struct {
	name     string
	value    bool  // a value system: each hidden appearance is a target
	universe pbits // the class (count) or the measure's cohort (value)
	floored  pbits // value systems of progress measures: pupils raised to the floor
	val      []int // per pupil: its coordinate, -1 outside the universe
	raise    []int // per pupil: its raise coordinate, -1 when not floored
	ncoord   int
	fns      map[string]*lfn
	keys     []string
	base     *rref // the published span, once worked out
	pin      *rref
	tgts     []audTarget // once worked out
	units    []aunit
}

func newLsys(name string, value bool, universe, floored pbits, n int) *lsys {
	s := &lsys{name: name, value: value, universe: universe, floored: floored & universe, fns: map[string]*lfn{}}
	s.val, s.raise = make([]int, n), make([]int, n)
	for i := range n {
		s.val[i], s.raise[i] = -1, -1
		if universe&(1<<i) != 0 {
			s.val[i] = s.ncoord
			s.ncoord++
		}
	}
	for i := range n {
		if s.floored&(1<<i) != 0 {
			s.raise[i] = s.ncoord
			s.ncoord++
		}
	}
	return s
}

func (s *lsys) coords(f lform, p pbits) []int {
	var out []int
	for x := uint64(p); x != 0; x &= x - 1 {
		i := bits.TrailingZeros64(x)
		if f != formRaise && s.val[i] >= 0 {
			out = append(out, s.val[i])
		}
		if (f == formAdj || f == formRaise) && s.raise[i] >= 0 {
			out = append(out, s.raise[i])
		}
	}
	sort.Ints(out)
	return out
}

// weight is how many pupils a form of a pupil set is about.
func (s *lsys) weight(f lform, p pbits) int {
	if f == formRaise {
		return (p & s.floored).size()
	}
	return (p & s.universe).size()
}

// forms lists the forms of a pupil set in the system that say something.
func (s *lsys) forms(p pbits) []lform {
	if !s.value {
		if p&s.universe == 0 {
			return nil
		}
		return []lform{formCount}
	}
	if p&s.universe == 0 {
		return nil
	}
	if p&s.floored == 0 {
		return []lform{formAdj}
	}
	return []lform{formAdj, formRaw, formRaise}
}

func audKey(coords []int) string {
	var b strings.Builder
	for _, c := range coords {
		b.WriteString(strconv.Itoa(c))
		b.WriteByte(',')
	}
	return b.String()
}

// add records one appearance of a figure; it returns the figure's key, or
// "" when it is over no pupils.
func (s *lsys) add(f lform, p pbits, shown, pinned bool, where string) string {
	if s.weight(f, p) == 0 {
		return ""
	}
	cs := s.coords(f, p)
	key := audKey(cs)
	fn := s.fns[key]
	if fn == nil {
		pp := p & s.universe
		if f == formRaise {
			pp = p & s.floored
		}
		fn = &lfn{form: f, pupils: pp, coords: cs, where: where}
		s.fns[key] = fn
		s.keys = append(s.keys, key)
	}
	if shown {
		fn.shown = true
		// The headline is exempt only as the audit publishes it: about k
		// or more pupils (checked in leaks).
		fn.pinned = fn.pinned || pinned
	} else {
		fn.hidden = true
		fn.where = where
	}
	return key
}

// spans works out the published span, and the span of the pinned figures
// alone (exempt).
func (s *lsys) spans(k int) {
	s.base, s.pin = newRREF(s.ncoord), newRREF(s.ncoord)
	for _, key := range s.keys {
		if fn := s.fns[key]; fn.shown {
			s.base.add(fn.coords)
			if fn.pinned && fn.pupils.size() >= k {
				s.pin.add(fn.coords)
			}
		}
	}
}

// audTarget is one vector no published span may hold.
type audTarget struct {
	coords []int
	what   string
	hidden string // for a hidden figure, its key: not a target once shown
	res    []big.Rat
	exempt bool
}

// aunit is one form of a small atom, for pairs.
type aunit struct {
	atom int
	p    pbits
	f    lform
	w    int
	res  []big.Rat
}

// prepare lists the system's targets (once), with their residuals against
// the published span, and the small atoms' forms for pairs.
func (s *lsys) prepare(k int, rems []pbits) {
	if s.tgts != nil {
		return
	}
	s.spans(k)
	s.tgts = []audTarget{}
	seen := map[string]bool{}
	add := func(coords []int, what, hidden string) {
		key := audKey(coords) + "|" + hidden
		if seen[key] {
			return
		}
		seen[key] = true
		s.tgts = append(s.tgts, audTarget{coords: coords, what: what, hidden: hidden,
			res: s.base.residual(coords), exempt: ratZero(s.pin.residual(coords))})
	}
	// Hidden figures, and listed figures of 1..k-1 pupils.
	var listed []pbits
	inListed := map[pbits]bool{}
	for _, key := range s.keys {
		fn := s.fns[key]
		if !inListed[fn.pupils] {
			inListed[fn.pupils] = true
			listed = append(listed, fn.pupils)
		}
		if (s.value && fn.hidden) || (!s.value && !fn.shown) {
			add(fn.coords, fmt.Sprintf("hidden %s of %d pupils (%s)", formName[fn.form], fn.pupils.size(), fn.where), key)
		}
		if w := fn.pupils.size(); w < k {
			add(fn.coords, fmt.Sprintf("%s of %d < %d pupils, shown=%v (%s)", formName[fn.form], w, k, fn.shown, fn.where), "")
		}
	}
	small := func(p pbits, what string) {
		for _, f := range s.forms(p) {
			if w := s.weight(f, p); w > 0 && w < k {
				add(s.coords(f, p), fmt.Sprintf("%s %s of %d pupils %#x", what, formName[f], w, uint64(p)), "")
			}
		}
	}
	// Single pupils.
	for x := uint64(s.universe); x != 0; x &= x - 1 {
		small(pbits(x&-x), "single pupil's")
	}
	// Nested differences of listed sets.
	for _, a := range listed {
		for _, b := range listed {
			if a != b && a&^b == 0 {
				if d := b &^ a; d.size() < k {
					small(d, "nested difference's")
				}
			}
		}
	}
	// Partition remainders.
	for _, r := range rems {
		small(r, "remainder's")
	}
	// Atoms (pupils every listed set holds together, equally floored),
	// alone and in pairs.
	sig := map[string]pbits{}
	var sigOrder []string
	for x := uint64(s.universe); x != 0; x &= x - 1 {
		i := bits.TrailingZeros64(x)
		b := make([]byte, len(listed)+1)
		for j, l := range listed {
			b[j] = '0' + byte(l>>i&1)
		}
		b[len(listed)] = '0' + byte(s.floored>>i&1)
		if _, ok := sig[string(b)]; !ok {
			sigOrder = append(sigOrder, string(b))
		}
		sig[string(b)] |= 1 << i
	}
	for ai, sg := range sigOrder {
		a := sig[sg]
		for _, f := range s.forms(a) {
			w := s.weight(f, a)
			if w == 0 || w >= k {
				continue
			}
			cs := s.coords(f, a)
			add(cs, fmt.Sprintf("atom's %s of %d pupils %#x", formName[f], w, uint64(a)), "")
			s.units = append(s.units, aunit{ai, a, f, w, s.base.residual(cs)})
		}
	}
}

// audModulo is v less its multiple of r (nil: v) that clears r's first
// non-zero entry p: zero iff v is in the span of the published vectors and
// r.
func audModulo(v, r []big.Rat, p int) []big.Rat {
	if r == nil || v[p].Sign() == 0 {
		return v
	}
	out := make([]big.Rat, len(v))
	var c, t big.Rat
	c.Quo(&v[p], &r[p])
	for j := range v {
		out[j].Set(&v[j])
		if r[j].Sign() != 0 {
			t.Mul(&c, &r[j])
			out[j].Sub(&out[j], &t)
		}
	}
	return out
}

// leaks lists up to max targets in the span of the published figures,
// with shownAgain (a figure's key, or "") published as well.
func (s *lsys) leaks(k int, rems []pbits, shownAgain string, max int) []string {
	s.prepare(k, rems)
	var r []big.Rat
	p := -1
	if fn := s.fns[shownAgain]; fn != nil {
		r = s.base.residual(fn.coords)
		for j := range r {
			if r[j].Sign() != 0 {
				p = j
				break
			}
		}
		if p < 0 {
			r = nil
		}
	}
	var out []string
	for i := range s.tgts {
		tg := &s.tgts[i]
		if len(out) >= max {
			return out
		}
		if tg.exempt || (shownAgain != "" && tg.hidden == shownAgain) {
			continue
		}
		if ratZero(audModulo(tg.res, r, p)) {
			out = append(out, s.name+": "+tg.what)
		}
	}
	byRes := map[string][]int{}
	red := make([][]big.Rat, len(s.units))
	for i := range s.units {
		red[i] = audModulo(s.units[i].res, r, p)
		key := ratKey(red[i], false)
		byRes[key] = append(byRes[key], i)
	}
	for ui, u := range s.units {
		for _, vi := range byRes[ratKey(red[ui], true)] {
			v := s.units[vi]
			if vi <= ui || v.atom == u.atom || u.w+v.w >= k || len(out) >= max {
				continue
			}
			var cs []int
			cs = append(cs, s.coords(u.f, u.p)...)
			cs = append(cs, s.coords(v.f, v.p)...)
			if ratZero(s.pin.residual(cs)) {
				continue
			}
			out = append(out, fmt.Sprintf("%s: pair of atoms' %s+%s of %d pupils %#x", s.name, formName[u.f], formName[v.f], u.w+v.w, uint64(u.p|v.p)))
		}
	}
	return out
}

// cellID names one cell figure: the same measure over the same pupils is
// one figure wherever it appears.
type cellID struct {
	m model.MeasureID
	p pbits
}

type figRef struct {
	sys *lsys
	key string
}

// ymodel is the reader's model of one year's published tables.
type ymodel struct {
	n, k  int
	sys   []*lsys
	rems  []pbits
	cells map[cellID][]figRef // the figures each cell publishes when shown
	// protective lists each cell hidden with ReasonProtective, once, and
	// protRows each row cohort so hidden (its figure).
	protective []cellID
	protRows   []figRef
	again      map[figRef][]string // showAgain's answers
}

func (ym *ymodel) leaks(max int) []string {
	var out []string
	for _, s := range ym.sys {
		out = append(out, s.leaks(ym.k, ym.rems, "", max)...)
	}
	return out
}

// buildModel reads one year's published Results into the reader's model.
func buildModel(yr *YearResults, o *oracle, floored map[model.MeasureID][]bool, k int) *ymodel {
	n := len(o.ps)
	ym := &ymodel{n: n, k: k, cells: map[cellID][]figRef{}}
	all := pbits(1<<n - 1)
	if n == 64 {
		all = ^pbits(0)
	}
	bySys := map[string]*lsys{}
	get := func(name string, value bool, universe, fl pbits) *lsys {
		s := bySys[name]
		if s == nil {
			s = newLsys(name, value, universe, fl, n)
			bySys[name] = s
			ym.sys = append(ym.sys, s)
		}
		return s
	}
	countSys := func(class pbits) *lsys {
		return get(fmt.Sprintf("counts of class %#x", uint64(class)), false, class, 0)
	}
	cohort := func(id model.MeasureID) pbits { return audMaskBools(o.inCohort[id]) }
	seenProt := map[cellID]bool{}
	seenRem := map[pbits]bool{}
	seenRow := map[pbits]bool{}
	for ti := range yr.Tables {
		tb := &yr.Tables[ti]
		for _, v := range append([]FilteredTable{{Rows: tb.Unfiltered}}, tb.Filtered...) {
			if v.Suppressed {
				continue // only its hidden "All pupils" row shows: nothing is listed
			}
			for ri := range v.Rows {
				row := &v.Rows[ri]
				g := row.Group.ID
				S := audMask(o.set(v.Filter, g))
				pinned := v.Filter.IsZero() && g == "all"
				where := fmt.Sprintf("%s %q %s", tb.Def.ID, v.Filter, g)
				rk := countSys(all).add(formCount, S, !row.Suppressed, pinned, where)
				if row.Suppressed && row.Reason == ReasonProtective && !seenRow[S] {
					seenRow[S] = true
					ym.protRows = append(ym.protRows, figRef{countSys(all), rk})
				}
				// Remainders: the row's pupils in no group of a dimension.
				for _, d := range Dimensions() {
					if v.Filter.hasDimension(d.ID) || row.Group.Dimension == d.ID {
						continue
					}
					r := S
					for _, dg := range d.Groups {
						r &^= audMaskBools(o.member[dg])
					}
					if r != 0 && !seenRem[r] {
						seenRem[r] = true
						ym.rems = append(ym.rems, r)
					}
				}
				for ci := range row.Cells {
					c := &row.Cells[ci]
					m := tb.Measures[ci]
					x := m
					if m.unadjustedOf != "" {
						x = MeasureByID(m.unadjustedOf)
					}
					C := cohort(m.ID)
					P := S & C
					if P == 0 {
						continue
					}
					F := audMaskBools(floored[x.ID]) & cohort(x.ID)
					cw := where + " " + string(m.ID)
					id := cellID{m.ID, P}
					if c.Suppressed && c.Reason == ReasonProtective && !seenProt[id] {
						seenProt[id] = true
						ym.protective = append(ym.protective, id)
					}
					var refs []figRef
					cs := countSys(C)
					refs = append(refs, figRef{cs, cs.add(formCount, P, !c.Suppressed, pinned, cw)})
					vs := get("values of "+string(x.ID), true, cohort(x.ID), F)
					if m.unadjustedOf != "" {
						refs = append(refs, figRef{vs, vs.add(formRaw, P, !c.Suppressed, pinned, cw)})
					} else {
						refs = append(refs, figRef{vs, vs.add(formAdj, P, !c.Suppressed, pinned, cw)})
						if P&F != 0 {
							shown := !c.Suppressed && !c.AdjustedSuppressed
							vs.add(formRaw, P, shown, pinned, cw+" unadjusted")
							vs.add(formRaise, P, shown, pinned, cw+" raises")
							countSys(F).add(formCount, P&F, shown, pinned, cw+" floored pupils")
						}
					}
					if _, ok := ym.cells[id]; !ok {
						ym.cells[id] = refs
					}
				}
			}
		}
	}
	return ym
}

// auditYears yields every year of a case with its oracle and floored pupils.
func auditYears(pc propCase, r Results, f func(yr *YearResults, o *oracle, floored map[model.MeasureID][]bool)) {
	for _, kr := range r.KeyStages {
		for yi := range kr.Years {
			yr := &kr.Years[yi]
			ps := pupilsOf(pc.ps, kr.KeyStage, yr.Year)
			e := newEnv(pc.params, yr.Year, pc.est)
			f(yr, newOracle(kr.KeyStage, ps, e), flooredPupils(ps, e, pc.params, kr.KeyStage, yr.Year))
		}
	}
}

// auditCases are the random schools of the audit tests: small enough for
// exact elimination over pupils (n <= 60 a year).
func auditCases(t *testing.T, want int) []propCase {
	var out []propCase
	for _, pc := range propCases(t, 8*want) {
		n := 0
		if len(pc.ps) > 0 {
			n = len(pupilsOf(pc.ps, pc.ps[0].KeyStage, pc.ps[len(pc.ps)-1].Year))
		}
		if n <= 60 && len(out) < want {
			out = append(out, pc)
		}
	}
	return out
}

func audCloneYear(yr *YearResults) *YearResults {
	c := *yr
	c.Tables = make([]Table, len(yr.Tables))
	for ti, tb := range yr.Tables {
		nt := tb
		cp := func(rows []Row) []Row {
			out := make([]Row, len(rows))
			for i, r := range rows {
				r.Cells = append([]Cell(nil), r.Cells...)
				out[i] = r
			}
			return out
		}
		nt.Unfiltered = cp(tb.Unfiltered)
		nt.Filtered = make([]FilteredTable, len(tb.Filtered))
		for i, ft := range tb.Filtered {
			ft.Rows = cp(ft.Rows)
			nt.Filtered[i] = ft
		}
		c.Tables[ti] = nt
	}
	return &c
}

// TestPropertyAudit: in every year's tables of random schools, nothing a
// reader can work out by exact linear algebra over pupils is a hidden
// figure, a listed figure of 1..k-1 pupils, a single pupil, a nested
// difference, a remainder, an atom or a pair of atoms of 1..k-1 pupils.
// And the checker can fail: a hidden small cell shown in a copy of the
// results is caught.
func TestPropertyAudit(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("exact elimination over random schools: seconds")
	}
	start := time.Now()
	years, caught := 0, 0
	for _, pc := range auditCases(t, 15) {
		r := Compute(pc.ps, pc.nat, pc.params, pc.est, Options{MinCohort: pc.k})
		auditYears(pc, r, func(yr *YearResults, o *oracle, floored map[model.MeasureID][]bool) {
			years++
			ym := buildModel(yr, o, floored, pc.k)
			for _, l := range ym.leaks(3) {
				t.Errorf("%s %v: leak: %s", pc.name, yr.Year, l)
			}
			// Publish one hidden small cell in a copy: the checker must flag it.
			mut := audCloneYear(yr)
			for ti := range mut.Tables {
				tb := &mut.Tables[ti]
				for ri := range tb.Unfiltered {
					row := &tb.Unfiltered[ri]
					for ci := range row.Cells {
						c := &row.Cells[ci]
						m := tb.Measures[ci]
						if c.Suppressed && c.Reason == ReasonSmall && o.set(Filter{}, row.Group.ID, m.ID).size() > 0 {
							c.Suppressed, c.Reason = false, ReasonNone
							if len(buildModel(mut, o, floored, pc.k).leaks(1)) == 0 {
								t.Errorf("%s %v: showing hidden small cell %s %s is not flagged", pc.name, yr.Year, row.Group.ID, m.ID)
							}
							caught++
							return
						}
					}
				}
			}
		})
		if time.Since(start) > 20*time.Second {
			t.Logf("stopping early: %v", time.Since(start))
			break
		}
	}
	if caught == 0 {
		t.Errorf("no hidden small cell to publish: the check that the checker can fail did not run")
	}
	t.Logf("%d school years checked, %d deliberate leaks caught, in %v", years, caught, time.Since(start))
}

// showAgain reports what a reader could work out were the figures refs
// published too: the first leak of each system they are in (systems are
// independent, so each figure is tried in its own, once per model).
func (ym *ymodel) showAgain(refs []figRef) []string {
	if ym.again == nil {
		ym.again = map[figRef][]string{}
	}
	var out []string
	for _, r := range refs {
		if r.key == "" {
			continue
		}
		l, ok := ym.again[r]
		if !ok {
			l = r.sys.leaks(ym.k, ym.rems, r.key, 1)
			ym.again[r] = l
		}
		out = append(out, l...)
	}
	return out
}

// TestAuditOverSuppressed: every figure the audit hides to protect others
// (ReasonProtective) must be needed: shown again alone, with every other
// decision kept, it lets the reader work out something of the checker's
// targets. Showing a cell publishes its cohort (in its class's counts)
// and its value sum (in its measure's values), never its floored figures
// (their own decision, which Results do not give for a hidden cell); a
// row, its cohort.
//
// The checker's scope is the audit's, or broader: its remainders cover
// every shown row by every other dimension, its count systems merge
// classes of equal pupils, and it also targets raw sums (unadjusted means)
// of hidden progress cells. Broader targets can only make a shown-again
// figure leak more often, so they cannot hide an over-suppressed one; a
// protective figure whose showing gives nothing away in any system is
// over-suppressed, and the test fails on any.
func TestAuditOverSuppressed(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("exact elimination over random schools: seconds")
	}
	start := time.Now()
	total, needless := 0, 0
	byKind := map[string]int{}
	for _, pc := range auditCases(t, 8) {
		r := Compute(pc.ps, pc.nat, pc.params, pc.est, Options{MinCohort: pc.k})
		auditYears(pc, r, func(yr *YearResults, o *oracle, floored map[model.MeasureID][]bool) {
			ym := buildModel(yr, o, floored, pc.k)
			try := func(refs []figRef, what string) {
				total++
				l := ym.showAgain(refs)
				if len(l) == 0 {
					needless++
					t.Errorf("%s %v: %s is hidden to protect others, but showing it alone gives nothing away", pc.name, yr.Year, what)
					return
				}
				kind := l[0][strings.Index(l[0], ": ")+2:]
				if i := strings.IndexAny(kind, "0123456789"); i > 0 {
					kind = kind[:i]
				}
				byKind[kind]++
			}
			for _, id := range ym.protective {
				try(ym.cells[id], fmt.Sprintf("cell %s over %d pupils %#x", id.m, id.p.size(), uint64(id.p)))
			}
			for _, ref := range ym.protRows {
				fn := ref.sys.fns[ref.key]
				try([]figRef{ref}, fmt.Sprintf("row cohort over %d pupils (%s)", fn.pupils.size(), fn.where))
			}
		})
	}
	t.Logf("%d protective figures shown again: %d gave nothing away; first leak found, by kind: %v; in %v", total, needless, byKind, time.Since(start))
	if total == 0 {
		t.Errorf("no figure hidden to protect others in any case")
	}
}

func audFSM(p *model.Pupil) {
	p.Chars.FSM, p.Chars.FSM6, p.Chars.Disadvantaged = model.FlagYes, model.FlagYes, model.FlagYes
}

func audCLA(p *model.Pupil) { p.Chars.CLA, p.Chars.Disadvantaged = model.FlagYes, model.FlagYes }

func audEM(g4, g5, ebacc bool) func(*model.Pupil) {
	return func(p *model.Pupil) {
		p.KS4.EMGrade4, p.KS4.EMGrade5, p.KS4.EBaccEntered = model.FlagOf(g4), model.FlagOf(g5), model.FlagOf(ebacc)
		p.KS4.EBaccAPS = num(3.5)
	}
}

// TestAuditSmallSchool: ten KS4 pupils, one of them the only one with an
// EHC plan, and one looked-after pupil (not on free school meals) who is
// all that "Disadvantaged" has beyond "Free school meals". With MinCohort
// 3, neither pupil's figures (nor any other target) can be worked out from
// what shows; each hidden figure says why; "All pupils" shows.
func TestAuditSmallSchool(t *testing.T) {
	const k = 3
	ps := []model.Pupil{
		pupil(model.KS4, senE, kPrior(98), kA8(31), kP8(-0.4), audEM(false, false, false)), // 0: the only EHC plan
		pupil(model.KS4, audFSM, kPrior(101), kA8(44), kP8(0.3), audEM(true, false, true)),
		pupil(model.KS4, audFSM, female, kPrior(95), kA8(35), kP8(-0.2), audEM(true, false, false)),
		pupil(model.KS4, audFSM, kPrior(108), kA8(52), kP8(0.6), audEM(true, true, true)),
		pupil(model.KS4, audFSM, female, kPrior(104), kA8(47), kP8(0.1), audEM(false, false, true)),
		pupil(model.KS4, audCLA, female, kPrior(99), kA8(28), kP8(-1.1), audEM(false, false, false)), // 5: looked after, not FSM
		pupil(model.KS4, senK, female, kPrior(106), kA8(50), kP8(0.2), audEM(true, true, false)),
		pupil(model.KS4, senK, kPrior(112), kA8(61), kP8(0.9), audEM(true, true, true)),
		pupil(model.KS4, senK, female, kPrior(103), kA8(41), kP8(-0.5), audEM(true, false, false)),
		pupil(model.KS4, female, kPrior(110), kA8(58), kP8(0.4), audEM(true, true, true)),
	}
	r := Compute(ps, nil, model.NationalParams{}, nil, Options{MinCohort: k})
	yr := r.KeyStage(model.KS4).Latest()
	pp := pupilsOf(ps, model.KS4, year)
	o := newOracle(model.KS4, pp, newEnv(model.NationalParams{}, year, nil))
	if o.set(Filter{}, "ehcp").size() != 1 || o.set(Filter{}, "cla").size() != 1 ||
		audMask(o.set(Filter{}, "disadvantaged"))&^audMask(o.set(Filter{}, "fsm")) != 1<<5 {
		t.Fatalf("fixture: ehcp %s, cla %s, disadvantaged %s, fsm %s", o.set(Filter{}, "ehcp"), o.set(Filter{}, "cla"),
			o.set(Filter{}, "disadvantaged"), o.set(Filter{}, "fsm"))
	}
	ym := buildModel(yr, o, map[model.MeasureID][]bool{}, k)
	for _, l := range ym.leaks(5) {
		t.Errorf("leak: %s", l)
	}
	// The two pupils explicitly: no form of either alone is in any span.
	for _, i := range []int{0, 5} {
		for _, s := range ym.sys {
			p := pbits(1) << i
			for _, f := range s.forms(p) {
				if cs := s.coords(f, p); ratZero(s.base.residual(cs)) { // base: worked out by ym.leaks
					t.Errorf("pupil %d: %s %s can be worked out", i, s.name, formName[f])
				}
			}
		}
	}
	// Reasons: small under k, protective otherwise; "All pupils" shows.
	protective := map[model.GroupID]int{}
	for ti := range yr.Tables {
		tb := &yr.Tables[ti]
		for _, v := range append([]FilteredTable{{Rows: tb.Unfiltered}}, tb.Filtered...) {
			if v.Suppressed {
				continue
			}
			for _, row := range v.Rows {
				g := row.Group.ID
				where := fmt.Sprintf("%s %q %s", tb.Def.ID, v.Filter, g)
				n := o.set(v.Filter, g).size()
				if v.Filter.IsZero() && g == "all" && (row.Suppressed || row.Cohort != len(ps)) {
					t.Errorf("%s: the headline row is hidden (%v) or wrong (%d)", where, row.Reason, row.Cohort)
				}
				checkReason := func(what string, hidden bool, reason Reason, n int) {
					switch {
					case !hidden && reason != ReasonNone:
						t.Errorf("%s %s: shown with reason %v", where, what, reason)
					case hidden && n < k && reason != ReasonSmall:
						t.Errorf("%s %s: %d < %d pupils hidden with reason %v", where, what, n, k, reason)
					case hidden && n >= k && reason != ReasonProtective:
						t.Errorf("%s %s: %d pupils hidden with reason %v", where, what, n, reason)
					case hidden && n >= k:
						protective[g]++
					}
				}
				checkReason("row", row.Suppressed, row.Reason, n)
				for ci, c := range row.Cells {
					m := tb.Measures[ci]
					cn := o.set(v.Filter, g, m.ID).size()
					if cn == 0 {
						continue
					}
					checkReason(string(m.ID), c.Suppressed, c.Reason, cn)
					if v.Filter.IsZero() && g == "all" && c.Suppressed {
						t.Errorf("%s %s: a headline cell of %d pupils is hidden", where, m.ID, cn)
					}
				}
			}
		}
	}
	for _, g := range []model.GroupID{"ehcp", "cla"} {
		row, _ := find(t, r, model.KS4, year, "ks4_em4", g, Filter{})
		if !row.Suppressed || row.Reason != ReasonSmall {
			t.Errorf("%s: row hidden %v with reason %v, want small", g, row.Suppressed, row.Reason)
		}
	}
	if protective["disadvantaged"]+protective["fsm"]+protective["other"] == 0 {
		t.Errorf("nothing of disadvantaged, other or fsm is hidden to protect the looked-after pupil")
	}
	if protective["no_sen"]+protective["sen_support"] == 0 {
		t.Errorf("nothing of no_sen or sen_support is hidden to protect the EHC plan pupil")
	}
	t.Logf("figures hidden to protect others, by row group: %v", protective)
}
