// Package assess is the registry of assessments: each one (EYFS, phonics,
// KS1, the multiplication tables check, ...) is a declared value giving
// its year groups, its columns and codes (what load reads, validate checks
// and the template offers), its per-pupil rules for each measure, its
// tables, charts, pupil list and page text. The stages read the registry;
// none of them names an assessment, so adding one is adding an entry.
//
// Key stages 2 and 4 are declared here too, measures and tables included;
// their results are typed (model.KS2Result, model.KS4Result: grades,
// progress and the scatterplot read them so), so package load reads their
// columns rather than this package declaring them (see Assessment.Typed).
package assess

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/reportpack/reportpack/generator/catalog"
	"github.com/reportpack/reportpack/generator/model"
)

// Assessment declares one assessment.
type Assessment struct {
	ID    model.Assessment // "phonics": measure ids begin with it; the page's file name
	Title string           // "Phonics screening check"
	Short string           // navigation and sheet names: "Phonics"
	// NCYears are the year groups whose rows may carry its columns.
	NCYears []model.NCYear
	// Columns are the pupil-file columns the assessment reads, in
	// template order. A row takes part in the assessment when any of its
	// cells is filled (see Row).
	Columns []Column
	// Check reports what is wrong across one row's cells (a phonics mark
	// at the threshold with outcome Wt); each problem names its column.
	Check func(r Row) []Problem
	// Carry fills a column from the same pupil's row in an earlier year
	// (by UPN, at any school in the data) where the row leaves it blank.
	Carry []Carry
	// Measures in page order; the first few are the headline tiles.
	Measures []Measure
	// Tables by pupil group; every measure is in exactly one.
	Tables []Table
	// Charts the assessment's page draws.
	Charts []Chart
	// Intro is the page's opening paragraph (plain text).
	Intro string
	// Notes are further paragraphs of the page (plain text).
	Notes []string
	// PupilList is the named profile's list of pupils (nil: none).
	PupilList *PupilList
	// Home lists the measures (ids) of the assessment's card on a school's
	// home page; empty means the first two.
	Home []model.MeasureID
	// EveryRow makes every row of the school in a year the assessment's
	// rows (its headcount), in each year in which some row of the school
	// has a cell of it, or with no Columns in every year: a pupil with no
	// suspensions still counts in suspensions per 100 pupils, and the
	// school's characteristics are of every pupil on roll.
	EveryRow bool
	// Typed is true for KS2 and KS4, whose results are typed
	// (model.KS2Result, model.KS4Result) rather than Values: package load
	// reads their columns (Columns is empty), and their pages show
	// progress and a scatterplot rather than Charts. Their measures and
	// tables are declared here like any other's; their rules read
	// Row.P.KS2 or Row.P.KS4.
	Typed bool

	index int
	cols  map[string]int // normalised header -> column index
}

// ColumnKind says what a column's cells hold.
type ColumnKind uint8

// Column kinds.
const (
	// Codes: one of the declared codes.
	Codes ColumnKind = iota + 1
	// Number: a number in [Min, Max] (whole when Whole), or one of the
	// declared codes (a reason for having no number).
	Number
)

// Column is one pupil-file column of an assessment.
type Column struct {
	Name    string   // "Phonics_Mark": the template's header
	Aliases []string // other headers read the same ("E01")
	Label   string   // what it holds, for the template's guidance
	Kind    ColumnKind
	Codes   []Code // the codes a cell may hold (for Number: reasons for no number)
	// Min, Max and Whole bound a Number column.
	Min, Max float64
	Whole    bool
	// NCYears narrows the assessment's year groups for this column
	// (Phonics_Y1_Outcome only on Year 2 rows); empty means all of them.
	NCYears []model.NCYear
	// Hint is what a bad cell's message suggests.
	Hint string
}

// Code is one code a column may hold.
type Code struct {
	Code    string // as the column holds it: "Wa"
	Meaning string // "met the expected standard"
	// Aliases are other spellings read as Code ("Exp" for "2").
	Aliases []string
	// Why, when set, is the hint for a value that is not a code of the
	// column but is this one's alias of a retired framework (the 2021
	// EYFS profile has no "3").
	Why string
}

// Problem is one thing wrong with a row's cells.
type Problem struct {
	Column  int // index into Columns
	Message string
	Hint    string
}

// Carry fills column To of a row in year Y and year group AtNCYear from
// column From of the same UPN's row in year Y−1 and year group FromNCYear.
type Carry struct {
	From, To             int
	FromNCYear, AtNCYear model.NCYear
}

// Kind is how a measure aggregates its pupils.
type Kind uint8

// Measure kinds.
const (
	// Percent is the percentage of the cohort for whom the rule gives 1.
	Percent Kind = iota + 1
	// Mean is the mean of the rule's values over the cohort.
	Mean
	// Progress is the mean of the rule's progress scores, each raised to
	// the national.toml floor for the pupil's prior attainment, with a
	// 95% confidence interval (KS2 and KS4 progress).
	Progress
	// Ratio is the sum of Ratio's numerators over the cohort divided by
	// the sum of its denominators, times Scale: overall absence is the
	// sessions missed over the sessions possible, not the mean of each
	// pupil's rate.
	Ratio
	// Count is the number of rows in the cohort (Rule says which): the
	// pupils on roll.
	Count
)

// Measure declares one measure.
type Measure struct {
	ID       model.MeasureID
	Label    string // as a tile heads it; "" takes catalog's label
	Column   string // the table's column heading
	Kind     Kind
	Decimals int
	// Rule says whether the row is in the measure's cohort and its value
	// (1 or 0 for a percentage; the score before any floor for progress).
	Rule func(r Row) (float64, bool)
	// Ratio gives a Ratio measure's numerator and denominator for the
	// row; ok is false for a row outside its cohort (no possible
	// sessions). Rule is unused for a Ratio.
	Ratio func(r Row) (num, den float64, ok bool)
	// Scale multiplies a Ratio: 100 for a percentage, or per 100 pupils.
	Scale float64
	// AdjustedID, for Progress, is the export id of the count of pupils
	// whose scores were raised to the floor.
	AdjustedID model.MeasureID
	// UnadjustedOf names the Progress measure this Mean is the unadjusted
	// mean of: beside that measure's adjusted mean it gives away the
	// floored pupils' raises, so it is suppressed with them.
	UnadjustedOf model.MeasureID
}

// Title is the measure's label, else the catalog's for its id.
func (m *Measure) Title() string {
	if m.Label != "" {
		return m.Label
	}
	if c := catalog.MeasureByID(m.ID); c != nil {
		return c.Label
	}
	return string(m.ID)
}

// Table declares one table by pupil group.
type Table struct {
	ID       string // unique across the registry; file names use it
	Title    string
	Short    string // at most 10 characters, for sheet names
	Measures []model.MeasureID
	// Cohort, when set, is the measure whose pupils the table's cohort
	// column counts, for a table of one year group's measures in an
	// assessment of several (phonics: Year 1's table counts Year 1's
	// pupils, not Year 2's too); "" counts every pupil of the row.
	Cohort model.MeasureID
	// ByYearGroup makes the table's rows the year groups (Reception,
	// Year 1, ...) rather than pupil groups. Its measures are in another
	// table too, by pupil group; it has no filters.
	ByYearGroup bool
}

// ChartKind says what a chart draws.
type ChartKind uint8

// Chart kinds.
const (
	// Bars draws the headline of each of Measures against national,
	// grouped by Groups.
	Bars ChartKind = iota + 1
	// Histogram draws how many pupils of the year group have each whole
	// number value of Column from Min to Max, with a marker at
	// the measure MarkerOf's threshold (national.toml) when set.
	Histogram
	// YearGroupBars draws Measures[0] for each row of the ByYearGroup
	// table Table, against its national figure.
	YearGroupBars
)

// Chart declares one chart.
type Chart struct {
	ID    string
	Title string
	Kind  ChartKind
	// Bars.
	Measures []model.MeasureID
	Groups   []BarGroup
	// ChooseGroup lets the reader draw the bars for a pupil group of the
	// measures' table by pupil group, as the table's rows (audited like
	// them) give them, rather than for all pupils alone.
	ChooseGroup bool
	// YearGroupBars.
	Table string
	// Histogram.
	Column   int
	NCYear   model.NCYear
	Min, Max int
	// Marker is the measure whose national.toml threshold the chart marks
	// (default DefaultThreshold); "" for none.
	Marker    model.MeasureID
	MarkerDef float64
	XLabel    string
}

// BarGroup is a labelled run of a Bars chart's measures.
type BarGroup struct {
	Label string
	From  int // index into Measures; the group runs to the next group's From
}

// PupilList declares the named profile's list of an assessment's pupils.
type PupilList struct {
	Title string // "Pupils who did not meet the phonics standard"
	// Include says whether a row is listed.
	Include func(r Row) bool
	// Columns are shown after the pupil's name, as headers and cell text.
	Columns []ListColumn
}

// ListColumn is one column of a pupil list.
type ListColumn struct {
	Header string
	Text   func(r Row) string
}

// Row is one pupil row as a rule sees it: the pupil, its cells of the
// assessment, and the year's parameters and estimates.
type Row struct {
	P      *model.Pupil
	V      []model.Value
	Params model.NationalParams
	// Est is the national estimate of a measure for a prior attainment in
	// the row's year (estimates.csv); nil when there are none.
	Est func(m model.MeasureID, prior float64) (float64, bool)
}

// Estimate is the estimate Est gives, false when there is none.
func (r Row) Estimate(m model.MeasureID, prior float64) (float64, bool) {
	if r.Est == nil {
		return 0, false
	}
	return r.Est(m, prior)
}

// Get returns the row's cell of the column (blank when it has none).
func (r Row) Get(col int) model.Value {
	if col < len(r.V) {
		return r.V[col]
	}
	return model.Value{}
}

// Threshold is the measure's national.toml threshold for the row's year,
// else def.
func (r Row) Threshold(m model.MeasureID, def float64) float64 {
	if t := r.Params.Params(m, r.P.Year).Threshold; t != nil {
		return *t
	}
	return def
}

// NewRow is the rule's view of a pupil row for assessment a.
func NewRow(a *Assessment, p *model.Pupil, params model.NationalParams) Row {
	return Row{P: p, V: p.Result(a.ID), Params: params}
}

var (
	mu       sync.RWMutex
	registry []*Assessment
	byID     = map[model.Assessment]*Assessment{}
	gen      atomic.Int64
)

// Register adds an assessment to the registry. It panics on a declaration
// that is inconsistent (a duplicate id, a measure in no table), as the
// registry is code: tests declare assessments with it as well.
func Register(a *Assessment) {
	if err := a.check(); err != nil {
		panic("assess: " + err.Error())
	}
	mu.Lock()
	defer mu.Unlock()
	if byID[a.ID] != nil {
		panic("assess: assessment " + string(a.ID) + " registered twice")
	}
	a.index = len(registry)
	registry = append(registry, a)
	byID[a.ID] = a
	gen.Add(1)
}

// Generation changes whenever an assessment is registered, so that stages
// caching what they derive from the registry know to derive it again.
func Generation() int64 { return gen.Load() }

// All lists the registered assessments in page order.
func All() []*Assessment {
	mu.RLock()
	defer mu.RUnlock()
	return slices.Clone(registry)
}

// ByID returns the assessment with the id, or nil.
func ByID(id model.Assessment) *Assessment {
	mu.RLock()
	defer mu.RUnlock()
	return byID[id]
}

// Declared lists the registered assessments that declare their columns
// (every one but the legacy key stages).
func Declared() []*Assessment {
	var out []*Assessment
	for _, a := range All() {
		if !a.Typed {
			out = append(out, a)
		}
	}
	return out
}

// Index is the assessment's position in the registry.
func (a *Assessment) Index() int { return a.index }

// ColumnIndex returns the index of the column a header names (its name or
// an alias, compared as headers are), or -1.
func (a *Assessment) ColumnIndex(header string) int {
	if i, ok := a.cols[normal(header)]; ok {
		return i
	}
	return -1
}

// Measure returns the declared measure, or nil.
func (a *Assessment) Measure(id model.MeasureID) *Measure {
	for i := range a.Measures {
		if a.Measures[i].ID == id {
			return &a.Measures[i]
		}
	}
	return nil
}

// TakesNCYear reports whether rows of the year group may carry the
// column's cells (col < 0: any of the assessment's).
func (a *Assessment) TakesNCYear(col int, y model.NCYear) bool {
	if col >= 0 && len(a.Columns[col].NCYears) > 0 {
		return slices.Contains(a.Columns[col].NCYears, y)
	}
	return slices.Contains(a.NCYears, y)
}

// YearGroups writes the assessment's year groups for a message: "Year 1
// or Year 2".
func YearGroups(ys []model.NCYear) string {
	s := make([]string, len(ys))
	for i, y := range ys {
		s[i] = y.String()
	}
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// normal is a header as compared: lower case, no spaces, "_" or "-".
func normal(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '_', '-', '\t':
			return -1
		}
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

func (a *Assessment) check() error {
	if a.ID == "" || a.Title == "" {
		return fmt.Errorf("an assessment needs an id and a title")
	}
	a.cols = map[string]int{}
	for i, c := range a.Columns {
		for _, h := range append([]string{c.Name}, c.Aliases...) {
			if _, dup := a.cols[normal(h)]; dup {
				return fmt.Errorf("%s: header %q declared twice", a.ID, h)
			}
			a.cols[normal(h)] = i
		}
		if c.Kind != Codes && c.Kind != Number {
			return fmt.Errorf("%s: column %s has no kind", a.ID, c.Name)
		}
	}
	if a.Typed && len(a.Columns) > 0 {
		return fmt.Errorf("%s: a typed assessment's columns are package load's", a.ID)
	}
	in := map[model.MeasureID]string{}
	for _, t := range a.Tables {
		if t.Cohort != "" && !slices.Contains(t.Measures, t.Cohort) {
			return fmt.Errorf("%s: table %s counts the cohort of %s, which it does not show", a.ID, t.ID, t.Cohort)
		}
		for _, id := range t.Measures {
			if a.Measure(id) == nil {
				return fmt.Errorf("%s: table %s lists unknown measure %s", a.ID, t.ID, id)
			}
			if t.ByYearGroup {
				continue // a view of measures a table by pupil group has
			}
			if other, dup := in[id]; dup {
				return fmt.Errorf("%s: measure %s is in tables %s and %s", a.ID, id, other, t.ID)
			}
			in[id] = t.ID
		}
	}
	for _, m := range a.Measures {
		if _, ok := in[m.ID]; !ok {
			return fmt.Errorf("%s: measure %s is in no table", a.ID, m.ID)
		}
		switch {
		case m.Kind == Ratio && (m.Ratio == nil || m.Scale == 0):
			return fmt.Errorf("%s: measure %s: a ratio needs its Ratio rule and a Scale", a.ID, m.ID)
		case m.Kind != Ratio && (m.Rule == nil || (m.Kind != Percent && m.Kind != Mean && m.Kind != Progress && m.Kind != Count)):
			return fmt.Errorf("%s: measure %s needs a rule and a kind", a.ID, m.ID)
		}
		if (m.Kind == Progress) != (m.AdjustedID != "") {
			return fmt.Errorf("%s: measure %s: a progress measure, and only one, has an AdjustedID", a.ID, m.ID)
		}
		if u := a.Measure(m.UnadjustedOf); m.UnadjustedOf != "" && (u == nil || u.Kind != Progress || m.Kind != Mean) {
			return fmt.Errorf("%s: measure %s is the unadjusted mean of %s, which is no progress measure of it", a.ID, m.ID, m.UnadjustedOf)
		}
	}
	for _, ch := range a.Charts {
		for _, id := range ch.Measures {
			if a.Measure(id) == nil {
				return fmt.Errorf("%s: chart %s draws unknown measure %s", a.ID, ch.ID, id)
			}
		}
	}
	return nil
}

// Helpers for rules.

// IsCode reports whether the cell holds one of the codes.
func IsCode(v model.Value, codes ...string) bool {
	return v.Code != "" && slices.Contains(codes, v.Code)
}

// B2F is 1 for true and 0 for false: a percentage measure's value.
func B2F(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
