package model

// MeasureID names a measure, as in measures.md ("ks4_p8", "ks2_rwm_exp").
type MeasureID string

// GroupID names a pupil group, as in measures.md ("all", "disadvantaged").
type GroupID string

// NationalKey finds one national figure.
type NationalKey struct {
	Year    Year
	Measure MeasureID
	Group   GroupID
}

// NationalFigures are national averages from national.csv, percentages as 0..100.
// A figure missing from the map is shown as "–".
type NationalFigures map[NationalKey]float64

// Lookup returns the figure and whether the file had it.
func (n NationalFigures) Lookup(y Year, m MeasureID, g GroupID) (float64, bool) {
	v, ok := n[NationalKey{y, m, g}]
	return v, ok
}

// Floor is the minimum pupil progress score for prior attainment in
// [PriorFrom, PriorTo).
type Floor struct {
	PriorFrom float64 `toml:"prior_from"`
	PriorTo   float64 `toml:"prior_to"`
	Min       float64 `toml:"min"`
}

// MeasureParams are the method's parameters for one measure in one year,
// from national.toml. Every field is optional.
type MeasureParams struct {
	SD          *float64  `toml:"sd"`
	WellAbove   *float64  `toml:"well_above"`
	WellBelow   *float64  `toml:"well_below"`
	Quintiles   []float64 `toml:"quintiles"`   // lowest score of Q1, Q2, Q3, Q4
	Percentiles []float64 `toml:"percentiles"` // lowest score of percentile 1, 2, ... 99 (1 = highest)
	Floors      []Floor   `toml:"floors"`
}

// NationalParams holds national.toml: parameters per measure and year, and
// the nominal writing scores used to compute KS2 writing progress.
type NationalParams struct {
	Measures       map[MeasureID]map[Year]MeasureParams
	WritingNominal map[Year]map[WritingTA]float64
}

// Params returns the parameters for a measure and year (zero value when absent).
func (p NationalParams) Params(m MeasureID, y Year) MeasureParams {
	return p.Measures[m][y]
}

// Estimate is the estimated outcome for prior attainment in [PriorFrom, PriorTo).
type Estimate struct {
	Year      Year
	Measure   MeasureID
	PriorFrom float64
	PriorTo   float64
	Estimate  float64
}

// Estimates are the rows of estimates.csv.
type Estimates []Estimate

// Lookup returns the estimate for a measure, year and prior attainment score.
func (e Estimates) Lookup(m MeasureID, y Year, prior float64) (float64, bool) {
	for _, r := range e {
		if r.Measure == m && r.Year == y && prior >= r.PriorFrom && prior < r.PriorTo {
			return r.Estimate, true
		}
	}
	return 0, false
}

// Dataset is everything loaded and validated from a site's data folder.
type Dataset struct {
	Pupils    []Pupil
	National  NationalFigures
	Params    NationalParams
	Estimates Estimates
}
