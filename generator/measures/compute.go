package measures

import (
	"cmp"
	"math/bits"
	"slices"
	"sync"

	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/catalog"
	"github.com/reportpack/reportpack/generator/model"
)

// Options are the settings Compute takes from site.toml and the profile.
type Options struct {
	// MinCohort is the disclosure control threshold of the profile (6 for
	// anonymised and governor packs); 0 turns suppression off, as the
	// named profile has it.
	//
	// A figure is hidden ("suppressed": shown "x", never 0 or blank, with
	// a Reason) when it is about 1..MinCohort-1 pupils (a row, a measure's
	// cohort within it, a progress cell's floored pupils), when the
	// outcome rule says so (MinGroup), or when the disclosure audit
	// (audit.go, docs/disclosure.md) finds that showing it would let a
	// reader holding every figure of the year work out a hidden figure, a
	// nested difference, remainder or atom of 1..MinCohort-1 pupils. A
	// filter selecting fewer than MinCohort pupils is hidden whole (with
	// MinCohort > 0 every pair of single filters is listed, even one that
	// selects nobody, so which filters exist says nothing). Hidden or shown
	// belongs to a set of pupils, so the same figure is hidden everywhere
	// it appears. The unfiltered "All pupils" row, the headline, is hidden
	// only for being small: the audit decides it first and never hides it
	// to protect others, so HeadlinesOnly results equal a full Compute's.
	MinCohort int
	// MinGroup is the attribute disclosure threshold (0 = off; it applies
	// only when MinCohort > 0): in any group but the school's whole
	// cohort, a percentage is hidden (ReasonOutcome) when fewer than
	// MinGroup pupils had the outcome or fewer than MinGroup lacked it, so
	// that no figure says what every member of a group achieved.
	MinGroup int
	// KS2PriorBands are the KS1 APS limits of the KS2 prior attainment
	// bands: below [0] low, [0] to below [1] middle, from [1] high. The zero
	// value means measures.md's {12, 18}.
	KS2PriorBands [2]float64
	// KS4PriorBands are the KS2 APS limits for KS4; zero means {100, 110}.
	KS4PriorBands [2]float64
	// HeadlinesOnly computes only each year's Headlines (Tables and
	// Filters are nil), at a small fraction of the cost: enough for
	// RankBuild's first pass over a build. The headlines, suppression
	// included, are exactly those of a full Compute: "All pupils" is never
	// hidden by another table's rules, only for being under MinCohort.
	HeadlinesOnly bool
	// FilterYears limits filtered tables to each key stage's latest
	// FilterYears years; 0 computes them for every year. Pages offer
	// filters for the latest year only, and earlier years' filters would
	// triple the work and the exports of a three-year school.
	FilterYears int
	// Phase is the school's phase ("primary", "secondary", "special"):
	// national figures are the phase's where national.csv has them, else
	// the all-schools figures (catalog.Resolve). "" compares with all
	// schools.
	Phase model.Phase
}

func (o Options) bands(ks model.KeyStage) priorBands {
	if ks != model.KS2 && ks != model.KS4 {
		return priorBands{none: true} // prior attainment bands are the key stages' only
	}
	b := o.KS4PriorBands
	if ks == model.KS2 {
		b = o.KS2PriorBands
		if b == [2]float64{} {
			b = [2]float64{12, 18}
		}
	} else if b == [2]float64{} {
		b = [2]float64{100, 110}
	}
	return priorBands{low: b[0], high: b[1]}
}

// Compute computes every table, filter and headline for one school from
// its pupils (all key stages and years; the caller passes one school's
// rows). National figures and parameters missing for a measure leave the
// matching figures absent, never an error. The result depends only on the
// arguments, pupils being taken in the order given. Compute is safe to call
// from several goroutines at once.
func Compute(pupils []model.Pupil, nat model.NationalFigures, params model.NationalParams, est model.Estimates, opt Options) Results {
	opt.MinCohort = max(opt.MinCohort, 0)
	res := Results{MinCohort: opt.MinCohort, MinGroup: opt.MinGroup, National: nat, Phase: opt.Phase}
	if len(pupils) > 0 {
		res.URN = pupils[0].URN
	}
	type key struct {
		ks model.KeyStage
		y  model.Year
	}
	var keys []key
	idx := map[key][]*model.Pupil{}
	order := reg().order
	rank := make(map[model.Assessment]int, len(order))
	for i, a := range order {
		rank[a] = i
	}
	add := func(a model.Assessment, p *model.Pupil) {
		k := key{a, p.Year}
		if _, ok := idx[k]; !ok {
			keys = append(keys, k)
		}
		idx[k] = append(idx[k], p)
	}
	// An EveryRow assessment's rows in a year are every row of the school
	// that year, when some row takes it (or, with no columns, always).
	var every []*assess.Assessment
	type ayear struct {
		a model.Assessment
		y model.Year
	}
	everyIn := map[ayear]bool{}
	for _, id := range order {
		if a := assess.ByID(id); a != nil && a.EveryRow {
			every = append(every, a)
			for i := range pupils {
				p := &pupils[i]
				if len(a.Columns) == 0 || p.Takes(a.ID) {
					everyIn[ayear{a.ID, p.Year}] = true
				}
			}
		}
	}
	for i := range pupils {
		p := &pupils[i]
		if p.KeyStage == model.KS2 || p.KeyStage == model.KS4 {
			add(p.KeyStage, p)
		}
		for _, r := range p.Results {
			if _, ok := rank[r.Assessment]; ok && !everyIn[ayear{r.Assessment, p.Year}] {
				add(r.Assessment, p)
			}
		}
		for _, a := range every {
			if everyIn[ayear{a.ID, p.Year}] {
				add(a.ID, p)
			}
		}
	}
	slices.SortFunc(keys, func(a, b key) int { return cmp.Or(cmp.Compare(rank[a.ks], rank[b.ks]), cmp.Compare(a.y, b.y)) })

	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	sc.counts = DisclosureCounts{}
	for i := 0; i < len(keys); {
		ks := keys[i].ks
		kr := KeyStageResults{KeyStage: ks}
		end := i
		for end < len(keys) && keys[end].ks == ks {
			end++
		}
		for ; i < end; i++ {
			y := keys[i].y
			o := opt
			o.FilterYears = 0
			if opt.FilterYears > 0 && end-i > opt.FilterYears {
				o.FilterYears = -1 // an older year: no filters
			}
			kr.Years = append(kr.Years, sc.computeYear(ks, y, idx[keys[i]], nat, params, est, o))
		}
		fillTrends(&kr)
		res.KeyStages = append(res.KeyStages, kr)
	}
	res.Disclosure = sc.counts
	return res
}

// trendYears is how many years a headline's trend shows.
const trendYears = 3

func fillTrends(kr *KeyStageResults) {
	total := 0
	for i := range kr.Years {
		total += min(i+1, trendYears) * len(kr.Years[i].Headlines)
	}
	arena := make([]TrendPoint, 0, total)
	for i := range kr.Years {
		yr := &kr.Years[i]
		for h := range yr.Headlines {
			start := len(arena)
			for j := max(0, i-trendYears+1); j <= i; j++ {
				arena = append(arena, TrendPoint{Year: kr.Years[j].Year, Cell: kr.Years[j].Headlines[h].Cell})
			}
			yr.Headlines[h].Trend = arena[start:len(arena):len(arena)]
		}
	}
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// scratch holds one key stage and year's working arrays, reused across
// years and schools so that Compute allocates little beyond its results.
type scratch struct {
	n, w int // pupils, words per pupil set
	ms   []*Measure
	// Per measure (index mi): cohort bits, threshold-met bits (for a
	// ratio: a nonzero numerator), floored bits. Per pupil i and measure
	// mi, at i*M+mi (pupil-major, so that summing a row's measures walks
	// memory in order): the value (adjusted for progress; a ratio's
	// numerator) and the raw progress score (a ratio's denominator), 0
	// outside the cohort.
	in, meets, floored []uint64
	val, raw           []float64
	groupBits          []uint64 // per group
	classOf            []int    // per measure: cohort class, 0 = the whole row
	// flooredOf is, per measure, the class of the pupils whose progress
	// score was raised to the floor (for a progress measure, and for the
	// unadjusted mean of one), or -1. Adjusted and unadjusted means side
	// by side give away the sum of those pupils' raises, so that figure
	// is suppressed like any other (see Options.MinCohort, rule 7).
	flooredOf []int
	ownerOf   []int // per class: for a floored class, its measure's cohort class; else -1
	classBits [][]uint64
	nClass    int

	sets  setTable
	views []view
	// Tables by year group: their rows are rowGrp/rowSet[ygStart:ygEnd]
	// (after every view's), one per year group of ygNCY, each a subset of
	// the unfiltered "All pupils" row; yearMeasure marks, per measure,
	// those a table by year group shows.
	ygStart, ygEnd int
	ygNCY          []model.NCYear
	yearMeasure    []bool
	rowGrp         []int16
	rowSet         []int32
	rowCoh         []int32 // per row and class: the cohort set id, -1 when empty
	rowView        []int32 // per row: the set of the view it is in
	// parts are the partitions complementary suppression works on, their
	// members in partRows: see buildParts.
	parts    []partition
	partRows []int32
	viewOf   []int32 // per pair of group indices: the view filtering by both; see buildParts
	statIdx  []int32 // per set id: index of its stats, -1 when none
	stats    []agg   // per row set and measure
	// The audit's decisions (auditYear): per row set, per kind of cell
	// (vgroup, vgs) and cohort set, and per floored kind and cohort set,
	// an index into aud.vars, or -1.
	vgroup                  []int
	vgs                     []vgInfo
	rowVar, cellVar, flrVar []int32
	aud                     auditor
	counts                  DisclosureCounts // of every year computed so far
	sig                     []uint64
	atomOf                  []int32
	tmp                     []uint64
	fbuf                    []uint64
}

// partition is a row (the parent) and rows whose pupils are disjoint
// subsets of its pupils, partRows[lo:hi]: a dimension's rows within one
// table, or one group's rows across the tables filtered by a dimension's
// values (fsm under male and under female, of fsm unfiltered).
type partition struct {
	parent int32
	lo, hi int32
}

// view is one table's rows under one filter (the zero filter first).
type view struct {
	filter       Filter
	g1, g2       int   // the filter's group indices, 0 for none
	set          int32 // the pupils selected; -1 when none (hidden pair)
	start, end   int   // its rows in rowGrp/rowSet
	hiddenWholly bool
}

// agg is one measure over one pupil set.
type agg struct {
	n, meets, adjusted int32
	sum, raw           float64
}

func (sc *scratch) computeYear(ks model.KeyStage, y model.Year, ps []*model.Pupil, nat model.NationalFigures,
	params model.NationalParams, est model.Estimates, opt Options) YearResults {
	ms := reg().byKS[ks]
	n, w := len(ps), (len(ps)+63)/64
	M := len(ms)
	sc.n, sc.w, sc.ms = n, w, ms

	e := newEnv(params, y, est)
	mp := make([]model.MeasureParams, M)
	for mi, m := range ms {
		mp[mi] = params.Params(m.ID, y)
	}

	sc.pupilValues(ps, e, mp)
	sc.groupMembership(ps, opt.bands(ks))
	sc.cohortClasses()
	sc.buildViews(opt.MinCohort, !opt.HeadlinesOnly && opt.FilterYears >= 0)
	sc.buildYearRows(ks, ps, !opt.HeadlinesOnly)
	if opt.MinCohort > 0 {
		sc.cohortSets()
		sc.buildParts()
	}
	sc.computeStats()
	if opt.MinCohort > 0 {
		sc.auditYear(opt.MinCohort, opt.MinGroup, opt.HeadlinesOnly)
	}
	yr := sc.assemble(ks, y, nat, mp, opt.MinCohort, opt.Phase)
	for t := range yr.Tables {
		tb := &yr.Tables[t]
		sc.counts.countRows(tb.Unfiltered)
		for f := range tb.Filtered {
			sc.counts.countRows(tb.Filtered[f].Rows)
		}
	}
	if opt.MinCohort > 0 {
		sc.counts.OverSuppressed += sc.aud.overSuppressed
	}
	if opt.HeadlinesOnly {
		// Other rows' suppression can depend on the filtered tables not
		// computed here, so no table is handed out.
		yr.Tables, yr.Filters = nil, nil
	}
	return yr
}

// pupilValues applies every measure's per-pupil rule once, and the floors.
func (sc *scratch) pupilValues(ps []*model.Pupil, e *env, mp []model.MeasureParams) {
	w, M := sc.w, len(sc.ms)
	sc.in, sc.meets, sc.floored = grow(sc.in, M*w), grow(sc.meets, M*w), grow(sc.floored, M*w)
	clear(sc.in)
	clear(sc.meets)
	clear(sc.floored)
	sc.val, sc.raw = grow(sc.val, M*sc.n), grow(sc.raw, M*sc.n)
	clear(sc.val)
	clear(sc.raw)
	for mi, m := range sc.ms {
		in, meets, floored := sc.in[mi*w:(mi+1)*w], sc.meets[mi*w:(mi+1)*w], sc.floored[mi*w:(mi+1)*w]
		floors := mp[mi].Floors
		if m.Kind == KindRatio {
			// The numerator in val, the denominator in raw (a ratio has
			// no raw score); meets marks a nonzero numerator, for the
			// outcome rule (see auditYear).
			for i, p := range ps {
				num, den, ok := m.ratio(e, p)
				if !ok {
					continue
				}
				setBit(in, i)
				if num != 0 {
					setBit(meets, i)
				}
				sc.val[i*M+mi], sc.raw[i*M+mi] = num, den
			}
			continue
		}
		for i, p := range ps {
			v, ok := m.pupil(e, p)
			if !ok {
				continue
			}
			setBit(in, i)
			switch m.Kind {
			case KindPercent:
				if v != 0 {
					setBit(meets, i)
				}
			case KindMean:
				sc.val[i*M+mi] = v
			case KindProgress:
				sc.raw[i*M+mi] = v
				if f, ok := floorFor(floors, prior(p)); ok && v < f {
					v = f
					setBit(floored, i)
				}
				sc.val[i*M+mi] = v
			}
		}
	}
}

// floorFor is the minimum score for the prior attainment, from the first
// floor whose [PriorFrom, PriorTo) holds it.
func floorFor(floors []model.Floor, prior model.Num) (float64, bool) {
	if !prior.Valid {
		return 0, false
	}
	for _, f := range floors {
		if prior.V >= f.PriorFrom && prior.V < f.PriorTo {
			return f.Min, true
		}
	}
	return 0, false
}

func (sc *scratch) groupMembership(ps []*model.Pupil, pb priorBands) {
	w := sc.w
	sc.groupBits = grow(sc.groupBits, len(groups)*w)
	clear(sc.groupBits)
	for gi, g := range groups {
		b := sc.groupBits[gi*w : (gi+1)*w]
		for i, p := range ps {
			if g.member(p, pb) {
				setBit(b, i)
			}
		}
	}
}

func (sc *scratch) group(gi int) []uint64 { return sc.groupBits[gi*sc.w : (gi+1)*sc.w] }

// cohortClasses groups measures whose cohorts are the same pupils: within
// any row their cohorts are then equal too, so they share hidden state.
// Class 0 is "every pupil of the row" (percentages of the whole group).
func (sc *scratch) cohortClasses() {
	w := sc.w
	all := sc.group(0)
	sc.classOf = grow(sc.classOf, len(sc.ms))
	sc.classBits = append(sc.classBits[:0], all)
next:
	for mi := range sc.ms {
		in := sc.in[mi*w : (mi+1)*w]
		for c, b := range sc.classBits {
			if equalSet(in, b) {
				sc.classOf[mi] = c
				continue next
			}
		}
		sc.classOf[mi] = len(sc.classBits)
		sc.classBits = append(sc.classBits, in)
	}
	sc.ownerOf = grow(sc.ownerOf, len(sc.classBits))
	for c := range sc.ownerOf {
		sc.ownerOf[c] = -1
	}
	// The floored pupils of each progress measure that has any.
	sc.flooredOf = grow(sc.flooredOf, len(sc.ms))
	for mi := range sc.ms {
		sc.flooredOf[mi] = -1
	}
	for mi, m := range sc.ms {
		if m.Kind != KindProgress {
			continue
		}
		fl := sc.floored[mi*w : (mi+1)*w]
		if count(fl) == 0 {
			continue
		}
		// A class of its own, never shared: its figure shows only where
		// the measure's cell does (see shownHidden).
		c := len(sc.classBits)
		sc.classBits = append(sc.classBits, fl)
		sc.ownerOf = append(sc.ownerOf, sc.classOf[mi])
		sc.flooredOf[mi] = c
		for ui, u := range sc.ms {
			if u.unadjustedOf == m.ID {
				sc.flooredOf[ui] = c
			}
		}
	}
	sc.nClass = len(sc.classBits)
}

// buildViews lists the unfiltered table and every filter with its rows,
// interning each row's pupil set.
func (sc *scratch) buildViews(minCohort int, filters bool) {
	w := sc.w
	sc.sets.reset(w)
	sc.views = sc.views[:0]
	sc.rowGrp, sc.rowSet, sc.rowView = sc.rowGrp[:0], sc.rowSet[:0], sc.rowView[:0]
	sc.tmp, sc.fbuf = grow(sc.tmp, w), grow(sc.fbuf, w)

	sc.addView(Filter{}, -1, -1, sc.group(0))
	if !filters {
		return
	}
	nonEmpty := func(gi int) bool { return count(sc.group(gi)) > 0 }
	for d, gis := range dimGroups {
		for _, gi := range gis {
			if nonEmpty(gi) {
				sc.addView(Filter{First: groups[gi].ID}, d, -1, sc.group(gi))
				sc.views[len(sc.views)-1].g1 = gi
			}
		}
	}
	if minCohort > 0 {
		// Pairs of filters multiply the figures a reader can combine, and
		// the audit's work with them (four times a school's single
		// filters); shareable packs leave them out (docs/disclosure.md).
		return
	}
	for d1 := range dimGroups {
		for d2 := d1 + 1; d2 < len(dimGroups); d2++ {
			for _, g1 := range dimGroups[d1] {
				if !nonEmpty(g1) {
					continue
				}
				for _, g2 := range dimGroups[d2] {
					if !nonEmpty(g2) {
						continue
					}
					f := Filter{First: groups[g1].ID, Second: groups[g2].ID}
					and(sc.fbuf, sc.group(g1), sc.group(g2))
					if count(sc.fbuf) > 0 {
						sc.addView(f, d1, d2, sc.fbuf)
					} else if minCohort > 0 {
						// Listed (and hidden) so its absence gives nothing away.
						sc.views = append(sc.views, view{filter: f, set: -1, start: len(sc.rowSet), end: len(sc.rowSet)})
					} else {
						continue
					}
					sc.views[len(sc.views)-1].g1, sc.views[len(sc.views)-1].g2 = g1, g2
				}
			}
		}
	}
}

// buildYearRows adds, when the key stage has a table by year group (and
// want), a row for each year group of its pupils, in year group order, after
// every view's rows: the audit publishes them beside the rest (another
// partition of the unfiltered "All pupils" row), and assemble shows them.
func (sc *scratch) buildYearRows(ks model.KeyStage, ps []*model.Pupil, want bool) {
	sc.ygStart, sc.ygEnd = len(sc.rowSet), len(sc.rowSet)
	sc.ygNCY = sc.ygNCY[:0]
	sc.yearMeasure = grow(sc.yearMeasure, len(sc.ms))
	clear(sc.yearMeasure)
	any := false
	for _, def := range TableDefs(ks) {
		if def.ByYearGroup {
			any = true
			for _, mi := range reg().cols[def] {
				sc.yearMeasure[mi] = true
			}
		}
	}
	if !any || !want {
		return
	}
	var present [16]bool
	for _, p := range ps {
		present[yearGroupOrder(p.NCYear)] = true
	}
	all := sc.views[0].set
	for o := range present {
		if !present[o] {
			continue
		}
		clear(sc.tmp)
		for i, p := range ps {
			if yearGroupOrder(p.NCYear) == o {
				setBit(sc.tmp, i)
			}
		}
		ncy := model.NCYear(o)
		if o == 15 {
			ncy = model.NoNCYear
		}
		sc.ygNCY = append(sc.ygNCY, ncy)
		sc.rowGrp = append(sc.rowGrp, 0)
		sc.rowSet = append(sc.rowSet, sc.sets.intern(sc.tmp))
		sc.rowView = append(sc.rowView, all)
	}
	sc.ygEnd = len(sc.rowSet)
}

func (sc *scratch) addView(f Filter, d1, d2 int, sel []uint64) {
	v := view{filter: f, start: len(sc.rowSet)}
	v.set = sc.sets.intern(sel)
	sc.rowGrp = append(sc.rowGrp, 0)
	sc.rowSet = append(sc.rowSet, v.set)
	for gi := 1; gi < len(groups); gi++ {
		if d := groups[gi].dim; d >= 0 && (d == d1 || d == d2) {
			continue
		}
		and(sc.tmp, sel, sc.group(gi))
		if count(sc.tmp) == 0 {
			continue
		}
		sc.rowGrp = append(sc.rowGrp, int16(gi))
		sc.rowSet = append(sc.rowSet, sc.sets.intern(sc.tmp))
	}
	v.end = len(sc.rowSet)
	for range v.end - v.start {
		sc.rowView = append(sc.rowView, v.set)
	}
	sc.views = append(sc.views, v)
}

// buildParts lists the partitions complementary suppression works on:
// each table's dimensions (its rows of one dimension, of its "All pupils"
// row), and, for the groups outside dimensions (fsm, cla), the group's rows
// in the tables filtered by each value of a dimension, of its row in the
// table without that filter. No table shows the second kind side by side,
// but subtraction across tables works as well: fsm less fsm-under-male is
// fsm-under-female.
func (sc *scratch) buildParts() {
	sc.parts, sc.partRows = sc.parts[:0], sc.partRows[:0]
	// The view of each filter, by its groups' indices in either order.
	G := len(groups)
	sc.viewOf = grow(sc.viewOf, G*G)
	for i := range sc.viewOf {
		sc.viewOf[i] = -1
	}
	for vi := range sc.views {
		v := &sc.views[vi]
		sc.viewOf[v.g1*G+v.g2], sc.viewOf[v.g2*G+v.g1] = int32(vi), int32(vi)
	}
	rowOf := func(vi, gi int) int32 {
		v := &sc.views[vi]
		for r := v.start; r < v.end; r++ {
			if int(sc.rowGrp[r]) == gi {
				return int32(r)
			}
		}
		return -1
	}
	if sc.ygEnd > sc.ygStart {
		// The year groups partition the unfiltered "All pupils" row.
		p := partition{parent: int32(sc.views[0].start), lo: int32(len(sc.partRows))}
		for r := sc.ygStart; r < sc.ygEnd; r++ {
			sc.partRows = append(sc.partRows, int32(r))
		}
		p.hi = int32(len(sc.partRows))
		sc.parts = append(sc.parts, p)
	}
	for vi := range sc.views {
		v := &sc.views[vi]
		if v.set < 0 {
			continue
		}
		// A partition's rows are consecutive because the group registry
		// keeps dimensions together.
		for lo := v.start + 1; lo < v.end; {
			d := groups[sc.rowGrp[lo]].dim
			hi := lo + 1
			for hi < v.end && groups[sc.rowGrp[hi]].dim == d {
				hi++
			}
			if d >= 0 {
				p := partition{parent: int32(v.start), lo: int32(len(sc.partRows))}
				for r := lo; r < hi; r++ {
					sc.partRows = append(sc.partRows, int32(r))
				}
				p.hi = int32(len(sc.partRows))
				sc.parts = append(sc.parts, p)
			}
			lo = hi
		}
		if v.g2 != 0 {
			continue
		}
		fd := -1
		if v.g1 != 0 {
			fd = groups[v.g1].dim
		}
		for r := v.start + 1; r < v.end; r++ {
			gi := int(sc.rowGrp[r])
			if groups[gi].dim >= 0 {
				continue
			}
			for d, gis := range dimGroups {
				if d == fd {
					continue
				}
				p := partition{parent: int32(r), lo: int32(len(sc.partRows))}
				for _, g := range gis {
					if wi := sc.viewOf[v.g1*G+g]; wi >= 0 {
						if cr := rowOf(int(wi), gi); cr >= 0 {
							sc.partRows = append(sc.partRows, cr)
						}
					}
				}
				p.hi = int32(len(sc.partRows))
				if p.hi > p.lo {
					sc.parts = append(sc.parts, p)
				}
			}
		}
	}
}

// cohortSets interns, for every row and cohort class, the pupils of the
// row in that class's cohort: the pupil set a cell's figures come from.
func (sc *scratch) cohortSets() {
	C := sc.nClass
	rows := len(sc.rowSet)
	sc.rowCoh = grow(sc.rowCoh, rows*C)
	for r := range rows {
		sc.rowCoh[r*C] = sc.rowSet[r]
		for c := 1; c < C; c++ {
			and(sc.tmp, sc.sets.bits(sc.rowSet[r]), sc.classBits[c])
			id := int32(-1)
			if count(sc.tmp) > 0 {
				id = sc.sets.intern(sc.tmp)
			}
			sc.rowCoh[r*C+c] = id
		}
	}
}

// computeStats aggregates every measure once per distinct row pupil set.
// Values are 0 outside a measure's cohort, so sums run over the row's
// pupils with no cohort test, and counts come from popcounts.
func (sc *scratch) computeStats() {
	M, w := len(sc.ms), sc.w
	sc.statIdx = grow(sc.statIdx, sc.sets.len())
	for i := range sc.statIdx {
		sc.statIdx[i] = -1
	}
	sc.stats = sc.stats[:0]
	sums := make([]float64, 2*M)
	for _, s := range sc.rowSet {
		if sc.statIdx[s] >= 0 {
			continue
		}
		sc.statIdx[s] = int32(len(sc.stats) / M)
		set := sc.sets.bits(s)
		clear(sums)
		sum, raw := sums[:M], sums[M:]
		for k, x := range set {
			for ; x != 0; x &= x - 1 {
				i := (k<<6 | bits.TrailingZeros64(x)) * M
				for mi, v := range sc.val[i : i+M] {
					sum[mi] += v
				}
				for mi, v := range sc.raw[i : i+M] {
					raw[mi] += v
				}
			}
		}
		for mi := range M {
			in, meets, floored := sc.in[mi*w:(mi+1)*w], sc.meets[mi*w:(mi+1)*w], sc.floored[mi*w:(mi+1)*w]
			a := agg{sum: sum[mi], raw: raw[mi]}
			for k, x := range set {
				a.n += int32(bits.OnesCount64(x & in[k]))
				a.meets += int32(bits.OnesCount64(x & meets[k]))
				a.adjusted += int32(bits.OnesCount64(x & floored[k]))
			}
			sc.stats = append(sc.stats, a)
		}
	}
}

// assemble turns the computed sets into the typed tables.
func (sc *scratch) assemble(ks model.KeyStage, y model.Year, nat model.NationalFigures, mp []model.MeasureParams, k int, phase model.Phase) YearResults {
	suppress := k > 0
	defs := TableDefs(ks)
	M, V := len(sc.ms), len(sc.views)
	T := 0 // tables by pupil group
	for _, def := range defs {
		if !def.ByYearGroup {
			T++
		}
	}

	// How many rows each view shows: a hidden table shows only its
	// (hidden) "All pupils" row.
	shown := 0
	for i := range sc.views {
		v := &sc.views[i]
		v.hiddenWholly = v.set < 0 || (suppress && int(sc.sets.size[v.set]) < k)
		if v.hiddenWholly {
			shown++
		} else {
			shown += v.end - v.start
		}
	}
	rowArena := make([]Row, T*shown)
	cellArena := make([]Cell, M*shown)
	ftArena := make([]FilteredTable, T*(V-1))

	yr := YearResults{Year: y, Filters: make([]Filter, V-1), Tables: make([]Table, len(defs))}
	for i := 1; i < V; i++ {
		yr.Filters[i-1] = sc.views[i].filter
	}
	// The national figures of the unfiltered rows, per group and measure:
	// the year's own, else the latest earlier year's under the same method
	// (never in a year the DfE publishes none): catalog.Resolve, which
	// pages also ask for the figure's year and source.
	//
	// The default comparator is the group's Prefer where the figures have
	// its national group for the measure and year, else its Comparator;
	// where neither has the year's own figure, the latest earlier one,
	// Prefer's first.
	natOf := func(g *Group, m *Measure) (def model.Num, comp Comparator, same model.Num, sameIsAll bool) {
		lookup := func(g model.GroupID) (float64, bool) {
			f := catalog.Resolve(nat, y, m.ID, g, phase)
			return f.Value, f.Status == catalog.Exact || f.Status == catalog.Earlier
		}
		if g.Prefer != 0 {
			var late model.Num
			var lateComp Comparator
			for _, c := range []Comparator{g.Prefer, g.Comparator} {
				f := catalog.Resolve(nat, y, m.ID, c.nationalGroup(g.ID), phase)
				if f.Status == catalog.Exact {
					def, comp = model.Some(f.Value), c
					break
				}
				if f.Status == catalog.Earlier && !late.Valid {
					late, lateComp = model.Some(f.Value), c
				}
			}
			if !def.Valid && late.Valid {
				def, comp = late, lateComp
			}
		} else if v, ok := lookup(g.Comparator.nationalGroup(g.ID)); ok {
			def, comp = model.Some(v), g.Comparator
		}
		if v, ok := lookup(g.ID); ok {
			return def, comp, model.Some(v), false
		}
		if v, ok := lookup("all"); ok {
			return def, comp, model.Some(v), g.ID != "all"
		}
		return def, comp, model.Num{}, g.ID != "all"
	}

	rpos, cpos, pt := 0, 0, 0
	for t, def := range defs {
		cols := reg().cols[def]
		tb := &yr.Tables[t]
		tb.Def = def
		tb.Measures = make([]*Measure, len(cols))
		for i, mi := range cols {
			tb.Measures[i] = sc.ms[mi]
		}
		if def.ByYearGroup {
			sc.assembleYears(tb, cols, mp, suppress, natOf)
			continue
		}
		tb.Filtered = ftArena[pt*(V-1) : (pt+1)*(V-1) : (pt+1)*(V-1)]
		pt++
		for vi := range sc.views {
			v := &sc.views[vi]
			nrows := v.end - v.start
			if v.hiddenWholly {
				nrows = 1
			}
			rows := rowArena[rpos : rpos+nrows : rpos+nrows]
			rpos += nrows
			for ri := range rows {
				row := &rows[ri]
				cells := cellArena[cpos : cpos+len(cols) : cpos+len(cols)]
				cpos += len(cols)
				row.Cells = cells
				if v.hiddenWholly {
					row.Group, row.Suppressed, row.Reason = groups[0], true, ReasonSmall
					for ci := range cells {
						cells[ci].Suppressed, cells[ci].Reason = true, ReasonSmall
					}
				} else {
					r := v.start + ri
					row.Group = groups[sc.rowGrp[r]]
					sc.fillRow(row, r, cols, mp, suppress)
				}
				if vi == 0 {
					for ci, mi := range cols {
						c := &cells[ci]
						c.National, c.Comparator, c.NationalSame, c.NationalSameIsAll = natOf(row.Group, sc.ms[mi])
					}
				}
			}
			if vi == 0 {
				tb.Unfiltered = rows
			} else {
				tb.Filtered[vi-1] = FilteredTable{Filter: v.filter, Suppressed: v.hiddenWholly, Rows: rows}
			}
		}
	}

	// Headlines: each measure's "All pupils" cell of the unfiltered table.
	yr.Headlines = make([]Headline, M)
	for t, def := range defs {
		if def.ByYearGroup {
			continue
		}
		for ci, mi := range reg().cols[def] {
			m := sc.ms[mi]
			h := Headline{Measure: m, Year: y, Cell: yr.Tables[t].Unfiltered[0].Cells[ci]}
			if h.Cell.Has {
				v := m.Round(h.Cell.Value)
				h.Quintile = NationalQuintile(v, mp[mi].Quintiles)
				h.Percentile = NationalPercentile(v, mp[mi].Percentiles)
				if h.Quintile == 0 && h.Percentile > 0 {
					h.Quintile = (h.Percentile-1)/20 + 1
				}
			}
			yr.Headlines[mi] = h
		}
	}
	return yr
}

// assembleYears fills a table by year group: a row per year group of
// buildYearRows, each like a pupil group's row of the unfiltered table,
// compared with the measure's national figure for all pupils (the DfE
// publishes none by year group: NationalSame is that figure too, with
// NationalSameIsAll). When the school's "All pupils" row is hidden (fewer
// than MinCohort pupils), the table is one hidden "All pupils" row, as a
// hidden filtered table is, so not even which year groups have pupils
// shows.
func (sc *scratch) assembleYears(tb *Table, cols []int, mp []model.MeasureParams, suppress bool,
	natOf func(g *Group, m *Measure) (model.Num, Comparator, model.Num, bool)) {
	if sc.ygEnd == sc.ygStart {
		return
	}
	if sc.views[0].hiddenWholly {
		row := Row{Group: groups[0], Suppressed: true, Reason: ReasonSmall, Cells: make([]Cell, len(cols))}
		for ci := range row.Cells {
			row.Cells[ci].Suppressed, row.Cells[ci].Reason = true, ReasonSmall
		}
		tb.Unfiltered = []Row{row}
		return
	}
	n := sc.ygEnd - sc.ygStart
	rows := make([]Row, n)
	cells := make([]Cell, n*len(cols))
	nats := make([]Cell, len(cols))
	for ci, mi := range cols {
		c := &nats[ci]
		var same model.Num
		c.National, c.Comparator, same, _ = natOf(groups[0], sc.ms[mi])
		c.NationalSame, c.NationalSameIsAll = same, same.Valid
	}
	for i := range rows {
		row := &rows[i]
		row.Cells = cells[i*len(cols) : (i+1)*len(cols) : (i+1)*len(cols)]
		row.Group = YearGroup(sc.ygNCY[i])
		sc.fillRow(row, sc.ygStart+i, cols, mp, suppress)
		for ci := range row.Cells {
			c := &row.Cells[ci]
			c.National, c.Comparator, c.NationalSame, c.NationalSameIsAll = nats[ci].National, nats[ci].Comparator, nats[ci].NationalSame, nats[ci].NationalSameIsAll
		}
	}
	tb.Unfiltered = rows
}

// fillRow fills a shown row's cohort and cells from its pupil set's stats
// and, with suppress, the audit's decisions.
func (sc *scratch) fillRow(row *Row, r int, cols []int, mp []model.MeasureParams, suppress bool) {
	s := sc.rowSet[r]
	nSets, C := sc.sets.len(), sc.nClass
	vars := sc.aud.vars
	reason := func(v int32) Reason {
		if v < 0 {
			return ReasonNone
		}
		return vars[v].reason
	}
	if suppress {
		if row.Reason = reason(sc.rowVar[s]); row.Reason != ReasonNone {
			row.Suppressed = true
		}
	}
	if !row.Suppressed {
		row.Cohort = int(sc.sets.size[s])
	}
	M := len(sc.ms)
	st := sc.stats[int(sc.statIdx[s])*M : int(sc.statIdx[s]+1)*M]
	for ci, mi := range cols {
		c := &row.Cells[ci]
		m := sc.ms[mi]
		var flr Reason
		if suppress {
			if coh := sc.rowCoh[r*C+sc.classOf[mi]]; coh >= 0 {
				vi := sc.vgroup[mi]*nSets + int(coh)
				c.Reason, flr = reason(sc.cellVar[vi]), reason(sc.flrVar[vi])
				if m.unadjustedOf != "" && c.Reason == ReasonNone {
					c.Reason = flr
				}
				if c.Reason != ReasonNone {
					c.Suppressed = true
					c.Protects = int(vars[sc.cellVar[vi]].protects)
					if m.unadjustedOf != "" && reason(sc.cellVar[vi]) == ReasonNone {
						c.Protects = int(vars[sc.flrVar[vi]].protects)
					}
					continue
				}
			}
		}
		a := st[mi]
		c.Cohort = int(a.n)
		if a.n == 0 {
			continue
		}
		c.Has = true
		nf := float64(a.n)
		switch m.Kind {
		case KindPercent:
			c.Value = 100 * float64(a.meets) / nf
		case KindMean:
			c.Value = a.sum / nf
		case KindRatio:
			if a.raw == 0 {
				c.Has = false // no denominator: no figure
				continue
			}
			c.Value = a.sum / a.raw * m.Scale
		case KindCount:
			c.Value = nf
		case KindProgress:
			c.Value = a.sum / nf
			if flr != ReasonNone {
				c.AdjustedSuppressed, c.AdjustedReason = true, flr
			} else {
				c.Unadjusted = a.raw / nf
				c.AdjustedPupils = int(a.adjusted)
			}
			if sd := mp[mi].SD; sd != nil {
				c.CI = ConfidenceInterval(c.Value, *sd, int(a.n))
				c.Band = Classify(c.Value, c.CI, mp[mi].WellAbove, mp[mi].WellBelow)
			}
		}
	}
}

// PhaseOf is a school's phase worked out from its rows' year groups, for
// Options.Phase when site.toml gives none (whole-school.md): "primary"
// when every row with a year group is in Reception to Year 6, "secondary"
// when every one is in Year 7 or above, else "" (all schools: an
// all-through school, or no year groups).
func PhaseOf(pupils []model.Pupil) model.Phase {
	primary, secondary := false, false
	for i := range pupils {
		switch y := pupils[i].NCYear; {
		case y == model.NoNCYear:
		case y <= 6:
			primary = true
		default:
			secondary = true
		}
	}
	switch {
	case primary && !secondary:
		return "primary"
	case secondary && !primary:
		return "secondary"
	}
	return ""
}
