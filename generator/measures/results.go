package measures

import (
	"strconv"
	"sync"

	"github.com/reportpack/reportpack/generator/model"
)

// Results are every figure computed for one school.
type Results struct {
	URN model.URN
	// MinCohort is the suppression threshold the figures were computed
	// with (0 = none), so pages can say "groups under 6 pupils are hidden".
	MinCohort int
	// MinGroup is the outcome threshold (see Options.MinGroup), for the
	// words of ReasonOutcome.
	MinGroup int
	// Disclosure counts the figures of every table (cohorts and cells,
	// filtered tables included) by whether and why they are hidden.
	Disclosure DisclosureCounts
	KeyStages  []KeyStageResults // KS2 then KS4; only key stages with pupils
	// National are the national figures the results compare with, so a
	// page can say which year and source each comparison's figure is
	// (catalog.Resolve gives the same figure natOf chose).
	National model.NationalFigures
	// Phase is the school's phase the national figures were chosen for
	// (Options.Phase; "" for all schools): catalog.Resolve with it gives
	// the figure a cell's National is, with its year, phase and source.
	Phase model.Phase
}

// KeyStage returns the results for a key stage, or nil when the school has none.
func (r *Results) KeyStage(ks model.KeyStage) *KeyStageResults {
	for i := range r.KeyStages {
		if r.KeyStages[i].KeyStage == ks {
			return &r.KeyStages[i]
		}
	}
	return nil
}

// KeyStageResults are one key stage's results for every year in the data.
type KeyStageResults struct {
	KeyStage model.KeyStage
	Years    []YearResults // ascending
}

// Year returns the results for a year, or nil when the data has none.
func (k *KeyStageResults) Year(y model.Year) *YearResults {
	for i := range k.Years {
		if k.Years[i].Year == y {
			return &k.Years[i]
		}
	}
	return nil
}

// Latest returns the most recent year's results, or nil when there are none.
func (k *KeyStageResults) Latest() *YearResults {
	if len(k.Years) == 0 {
		return nil
	}
	return &k.Years[len(k.Years)-1]
}

// Trend returns a measure's headline for the last n years in the data up to
// and including upTo, oldest first: what a headline page charts (n = 3).
func (k *KeyStageResults) Trend(id model.MeasureID, upTo model.Year, n int) []TrendPoint {
	var out []TrendPoint
	for i := range k.Years {
		y := &k.Years[i]
		if y.Year > upTo {
			break
		}
		if h := y.Headline(id); h != nil {
			out = append(out, TrendPoint{Year: y.Year, Cell: h.Cell})
		}
	}
	if len(out) > n {
		out = out[len(out)-n:]
	}
	return out
}

// YearResults are one key stage's results for one year.
type YearResults struct {
	Year model.Year
	// Filters lists every precomputed filter in fixed order: singles in
	// dimension and group order, then pairs. Each Table's Filtered[i] is the
	// table under Filters[i].
	Filters   []Filter
	Headlines []Headline // one per measure of the key stage, in registry order
	Tables    []Table    // one per TableDef of the key stage, in order
}

// Table returns the table with the TableDef id, or nil.
func (y *YearResults) Table(id string) *Table {
	for i := range y.Tables {
		if y.Tables[i].Def.ID == id {
			return &y.Tables[i]
		}
	}
	return nil
}

// Headline returns the measure's headline, or nil when the key stage has no such measure.
func (y *YearResults) Headline(id model.MeasureID) *Headline {
	for i := range y.Headlines {
		if y.Headlines[i].Measure.ID == id {
			return &y.Headlines[i]
		}
	}
	return nil
}

// FilterIndex returns the index of f in Filters (and in every table's
// Filtered), or -1 when f was not computed (it selects no pupils).
func (y *YearResults) FilterIndex(f Filter) int {
	for i, g := range y.Filters {
		if g == f {
			return i
		}
	}
	return -1
}

// Table is one table by pupil group: rows in group order, each with a
// cell per measure, unfiltered (with national figures) and under each
// filter (without). A table by year group (Def.ByYearGroup) has a row per
// year group of the year's rows in Unfiltered, in year group order (Group
// is YearGroup's: "ncy_R", "ncy_1", ...; no "All pupils" row: that is the
// table by pupil group's), each cell compared with the measure's national
// figure for all pupils of the phase, and no Filtered.
type Table struct {
	Def        *TableDef       // the table's definition, from the registry
	Measures   []*Measure      // the columns: Row.Cells[i] is Measures[i]
	Unfiltered []Row           // group order; empty groups left out
	Filtered   []FilteredTable // parallel to YearResults.Filters
}

// Column returns the index of the measure among the table's columns, or -1.
func (t *Table) Column(id model.MeasureID) int {
	for i, m := range t.Measures {
		if m.ID == id {
			return i
		}
	}
	return -1
}

// Rows returns the rows under a filter (the zero Filter for the unfiltered
// table) and whether the table has that filter.
func (t *Table) Rows(f Filter) ([]Row, bool) {
	if f.IsZero() {
		return t.Unfiltered, true
	}
	for i := range t.Filtered {
		if t.Filtered[i].Filter == f {
			return t.Filtered[i].Rows, true
		}
	}
	return nil, false
}

// FilteredTable is a table recomputed over the pupils who pass a filter.
// Its rows carry no national figures (ASP shows "–" and no comparator
// switch), and leave out the rows of the filter's own dimensions.
type FilteredTable struct {
	Filter Filter // the filter applied
	// Suppressed is true when the whole filtered table is hidden: it
	// selects fewer than MinCohort pupils, or the same pupils are hidden
	// elsewhere. Rows then holds only the suppressed "All pupils" row, so
	// not even which groups have pupils shows.
	Suppressed bool
	Rows       []Row // group order, the filter's own dimensions left out
}

// Row is one pupil group's row of a table.
type Row struct {
	Group *Group // the row's group, from the registry
	// Cohort is the number of pupils in the group (under the filter); 0
	// when Suppressed. Each cell has its measure's own cohort.
	Cohort int
	// Suppressed hides the cohort and every figure of the row (shown "x").
	Suppressed bool
	// Reason says why the row is hidden (ReasonNone when it shows).
	Reason Reason
	Cells  []Cell // Cells[i] is Table.Measures[i]
}

// Cell is one measure for one group. A suppressed cell carries no numbers
// of the school at all (Cohort, Value and the rest are zero), so a renderer
// cannot print one by mistake; it must show "x" and say "suppressed".
type Cell struct {
	// Value is the mean, or the percentage as 0..100, at full precision.
	// For progress measures it is the floor-adjusted mean; for a ratio
	// (KindRatio) Σ numerator ÷ Σ denominator × Measure.Scale over the
	// cohort (overall absence %, suspensions per 100 pupils), with no CI
	// or band; for a count (KindCount) the cohort itself.
	Value float64
	// Unadjusted is a progress measure's mean before floors were applied.
	Unadjusted float64
	// CI and Band are set for progress measures when national.toml gives
	// an sd for the measure and year.
	CI Interval
	// National is the national figure under the row's default comparator
	// (Group.Comparator, or Group.Prefer where national figures have its
	// group: see Comparator below); NationalSame the like-for-like figure "switch
	// comparator" shows: the row's own national group, or national all
	// pupils (NationalSameIsAll) where national.csv lacks the group. Both
	// are absent in filtered tables and where national.csv has no figure.
	National     model.Num
	NationalSame model.Num
	// Cohort is the number of pupils in the measure's denominator: the
	// group for percentages, pupils with a score for means, the progress
	// cohort for progress measures, the rows the rule gives a ratio for
	// (rows with possible sessions; every row for suspensions per 100).
	Cohort int
	// AdjustedPupils is how many pupils of a progress measure's cohort had
	// their score raised to the floor.
	AdjustedPupils int
	// AdjustedSuppressed hides AdjustedPupils (and Unadjusted): 1..k-1
	// pupils were raised, and the adjusted and unadjusted means would give
	// away their scores. Show "x" for the count; the mean still shows.
	AdjustedSuppressed bool
	// Has is true when Value is a figure: Cohort > 0 and not suppressed.
	Has bool
	// Suppressed hides the cell's cohort and figures: show "x", read out
	// as "suppressed"; never 0, never blank.
	Suppressed bool
	// Reason says why the cell is hidden (ReasonNone when it shows), and
	// AdjustedReason why its floored pupils' figures are.
	Reason, AdjustedReason Reason
	// Protects is, for ReasonProtective, how many pupils the hidden figure
	// keeps from being worked out from the figures that show.
	Protects int
	// Band is the progress band (BandNone without an sd).
	Band Band
	// NationalSameIsAll is true when NationalSame is national all pupils
	// because national.csv lacks the row's own group.
	NationalSameIsAll bool
	// Comparator is the comparator National is under: the group's
	// Comparator, or its Prefer where the national figures have that
	// group (fsm against not_fsm for EYFS and phonics); 0 when National
	// is absent.
	Comparator Comparator
}

// Headline is a measure's figure for all pupils, as a headline page shows it.
type Headline struct {
	Measure *Measure   // the measure, from the registry
	Year    model.Year // the academic year
	Cell    Cell       // the "All pupils" cell of the unfiltered table
	// Quintile is 1 (top fifth of schools) to 5 from national.toml's
	// quintile cut points, or from its percentiles when it gives only
	// those; 0 when it gives neither or the cell has no figure.
	Quintile int
	// Percentile is 1 (top) to 100 from national.toml's percentile cut
	// points; 0 when none.
	Percentile int
	// BuildQuintile is 1 to 5 within the build's own schools, labelled as
	// such; 0 until AssignBuildQuintiles sets it, and when fewer than
	// MinBuildSchools schools have the figure.
	BuildQuintile int
	// Trend is the headline in the last three years of the data up to and
	// including this one, oldest first (this year last).
	Trend []TrendPoint
}

// TrendPoint is a measure's all-pupils cell in one year.
type TrendPoint struct {
	Year model.Year
	Cell Cell // the year's all-pupils cell, national figure included
}

// BuildRanking holds within-build quintiles: where each school's headline
// figures fall among a multi-school build's schools. A build can rank from
// cheap HeadlinesOnly results, then Apply the ranking to each school's full
// results as it renders them, without holding every school's tables at once.
type BuildRanking struct {
	school map[model.URN]int32
	group  map[rankGroup]int32
	// quintile holds a byte for each group and school: a few hundred
	// kilobytes for an LA, where a map entry for each was tens of MB.
	quintile [][]uint8
}

// rankGroup is what schools are ranked on: a measure in a year.
type rankGroup struct {
	ks model.KeyStage
	y  model.Year
	m  model.MeasureID
}

// Ranker gathers the schools' headlines for a BuildRanking one school at
// a time, keeping only the figures ranked: a build need not hold every
// school's results at once. It is safe for concurrent use.
type Ranker struct {
	mu     sync.Mutex
	school map[model.URN]int32
	group  map[rankGroup]int32
	vals   [][]rankVal // by group
}

type rankVal struct {
	school int32
	v      model.Num
}

// NewRanker returns an empty Ranker.
func NewRanker() *Ranker {
	return &Ranker{school: map[model.URN]int32{}, group: map[rankGroup]int32{}}
}

// Add takes a school's headlines (schools are told apart by URN). Values
// are compared as pages round them; suppressed headlines are not ranked.
func (r *Ranker) Add(res *Results) {
	r.mu.Lock()
	defer r.mu.Unlock()
	si, ok := r.school[res.URN]
	if !ok {
		si = int32(len(r.school))
		r.school[res.URN] = si
	}
	for _, ks := range res.KeyStages {
		for _, yr := range ks.Years {
			for _, h := range yr.Headlines {
				gk := rankGroup{ks.KeyStage, yr.Year, h.Measure.ID}
				g, ok := r.group[gk]
				if !ok {
					g = int32(len(r.vals))
					r.group[gk] = g
					r.vals = append(r.vals, nil)
				}
				v := model.Num{}
				if h.Cell.Has {
					v = model.Some(h.Measure.Round(h.Cell.Value))
				}
				r.vals[g] = append(r.vals[g], rankVal{si, v})
			}
		}
	}
}

// Build ranks every key stage, year and measure across the schools added:
// a quintile for each school with the figure, when at least
// MinBuildSchools schools have it.
func (r *Ranker) Build() *BuildRanking {
	r.mu.Lock()
	defer r.mu.Unlock()
	b := &BuildRanking{school: r.school, group: r.group, quintile: make([][]uint8, len(r.vals))}
	var vals []model.Num
	for g, rv := range r.vals {
		vals = vals[:0]
		for _, x := range rv {
			vals = append(vals, x.v)
		}
		q := BuildQuintiles(vals)
		if q == nil {
			continue
		}
		b.quintile[g] = make([]uint8, len(r.school))
		for i, x := range rv {
			b.quintile[g][x.school] = uint8(q[i])
		}
	}
	return b
}

// RankBuild ranks every key stage, year and measure across the schools'
// headlines, as a Ranker given each of them does.
func RankBuild(schools []Results) *BuildRanking {
	r := NewRanker()
	for i := range schools {
		r.Add(&schools[i])
	}
	return r.Build()
}

// Quintile returns the school's within-build quintile (1 = top fifth) for
// a measure and year, or 0 when it has none.
func (b *BuildRanking) Quintile(urn model.URN, ks model.KeyStage, y model.Year, m model.MeasureID) int {
	si, ok := b.school[urn]
	g, ok2 := b.group[rankGroup{ks, y, m}]
	if !ok || !ok2 || b.quintile[g] == nil {
		return 0
	}
	return int(b.quintile[g][si])
}

// Apply sets Headline.BuildQuintile throughout the school's results.
func (b *BuildRanking) Apply(r *Results) {
	for k := range r.KeyStages {
		ks := &r.KeyStages[k]
		for y := range ks.Years {
			yr := &ks.Years[y]
			for h := range yr.Headlines {
				hd := &yr.Headlines[h]
				hd.BuildQuintile = b.Quintile(r.URN, ks.KeyStage, yr.Year, hd.Measure.ID)
			}
		}
	}
}

// AssignBuildQuintiles sets Headline.BuildQuintile across a build's
// schools held in memory at once: RankBuild, then Apply to each.
func AssignBuildQuintiles(schools []Results) {
	b := RankBuild(schools)
	for i := range schools {
		b.Apply(&schools[i])
	}
}

// Reason says why a figure is hidden. Every hidden figure has one, so that
// pages and exports can say why in words (Reason.Text).
type Reason uint8

// Reasons a figure is hidden.
const (
	ReasonNone Reason = iota
	// ReasonSmall: the figure is about fewer than MinCohort pupils.
	ReasonSmall
	// ReasonOutcome: fewer than MinGroup pupils of the group had the
	// outcome, or fewer than MinGroup lacked it, so the figure would say
	// what (nearly) every member achieved.
	ReasonOutcome
	// ReasonProtective: shown, it would let a reader work out a hidden
	// figure, or one about a few pupils, from the figures that show.
	ReasonProtective
	// ReasonTable: the whole table (its filter selects too few pupils, or
	// its all-pupils row is hidden) is hidden.
	ReasonTable
)

// Code is the reason's id in exports: "", "small", "outcome", "protective", "table".
func (r Reason) Code() string {
	switch r {
	case ReasonSmall:
		return "small"
	case ReasonOutcome:
		return "outcome"
	case ReasonProtective:
		return "protective"
	case ReasonTable:
		return "table"
	}
	return ""
}

// Text says why in words, for pages and exports. k is the threshold the
// reason refers to (MinCohort, or MinGroup for ReasonOutcome) and protects
// the pupils a protective figure keeps hidden (0 when not known).
func (r Reason) Text(k, protects int) string {
	switch r {
	case ReasonSmall:
		return "fewer than " + strconv.Itoa(k) + " pupils"
	case ReasonOutcome:
		return "fewer than " + strconv.Itoa(k) + " pupils in the group had this result, or fewer than " + strconv.Itoa(k) + " did not"
	case ReasonProtective:
		if protects == 1 {
			return "hidden so that 1 pupil's figures cannot be worked out from the others"
		}
		if protects > 1 {
			return "hidden so that the figures of a group of " + strconv.Itoa(protects) + " pupils cannot be worked out from the others"
		}
		return "hidden so that hidden figures cannot be worked out from the others"
	case ReasonTable:
		return "the whole table is hidden: too few pupils, or its all-pupils row is hidden"
	}
	return ""
}

// DisclosureCounts count a pack's figures by state: what protection costs.
type DisclosureCounts struct {
	Shown      int // figures shown
	Small      int // hidden: about fewer than MinCohort pupils (or a table that small)
	Outcome    int // hidden: fewer than MinGroup had, or lacked, the result
	Protective int // hidden so that hidden figures or a few pupils' cannot be worked out
	// OverSuppressed counts figures hidden to protect others that the
	// audit, checked again at the end, would let show on their own: 0
	// unless something is wrong.
	OverSuppressed int
}

// Add adds o's counts to d's.
func (d *DisclosureCounts) Add(o DisclosureCounts) {
	d.Shown += o.Shown
	d.Small += o.Small
	d.Outcome += o.Outcome
	d.Protective += o.Protective
	d.OverSuppressed += o.OverSuppressed
}

func (d *DisclosureCounts) count(r Reason) {
	switch r {
	case ReasonNone:
		d.Shown++
	case ReasonSmall, ReasonTable:
		d.Small++
	case ReasonOutcome:
		d.Outcome++
	case ReasonProtective:
		d.Protective++
	}
}

// countTable counts a table's figures: each row's cohort and cells.
func (d *DisclosureCounts) countRows(rows []Row) {
	for i := range rows {
		d.count(rows[i].Reason)
		for j := range rows[i].Cells {
			c := &rows[i].Cells[j]
			if c.Suppressed || c.Has {
				d.count(c.Reason)
			}
		}
	}
}
