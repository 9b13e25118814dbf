package model

// MeasureID names a measure, as in measures.md ("ks4_p8", "ks2_rwm_exp").
type MeasureID string

// GroupID names a pupil group, as in measures.md ("all", "disadvantaged").
type GroupID string

// Phase is the kind of school a national figure is for: "" for all
// schools, or "primary", "secondary" or "special" (whole-school.md: the
// optional fifth column of national.csv).
type Phase string

// NationalKey finds one national figure.
type NationalKey struct {
	Year    Year
	Measure MeasureID
	Group   GroupID
	Phase   Phase // "" for all schools
}

// NationalFigures are the national averages a build compares with,
// percentages as 0..100: reportpack's built-in published figures (package
// catalog) with a site's own national.csv laid over them row by row. A
// figure missing from the map is shown as "–" (or, where the DfE publishes
// none that year, in words: catalog.Resolve).
//
// Where each figure came from is not stored in the map, so that it stays a
// plain value every stage can build and compare: a figure equal to the
// built-in published one for its key is that published figure (the
// catalog knows its source), and any other is the site's own
// (catalog.Provenance).
type NationalFigures map[NationalKey]float64

// Lookup returns the all-schools figure for a year, measure and group,
// and whether there is one. It never falls back to another year or group.
func (n NationalFigures) Lookup(y Year, m MeasureID, g GroupID) (float64, bool) {
	v, ok := n[NationalKey{Year: y, Measure: m, Group: g}]
	return v, ok
}

// LookupPhase returns the figure for schools of the phase, else the
// all-schools figure (whole-school.md), with the phase it is for.
func (n NationalFigures) LookupPhase(y Year, m MeasureID, g GroupID, phase Phase) (float64, Phase, bool) {
	if phase != "" {
		if v, ok := n[NationalKey{Year: y, Measure: m, Group: g, Phase: phase}]; ok {
			return v, phase, true
		}
	}
	v, ok := n[NationalKey{Year: y, Measure: m, Group: g}]
	return v, "", ok
}

// ProvenanceKind says where a national figure came from.
type ProvenanceKind uint8

// Where national figures come from.
const (
	// FromPublished is one of reportpack's built-in figures, as the DfE
	// (or a named secondary source) published it.
	FromPublished ProvenanceKind = iota + 1
	// FromSite is a figure from the site's own national.csv.
	FromSite
)

// Provenance is where one national figure came from.
type Provenance struct {
	Kind ProvenanceKind
	// Source cites a published figure: "DfE, Key stage 4 performance
	// 2022/23". Empty for a site's own figure.
	Source string
	// File is the site's national file for FromSite, "" when unknown.
	File string
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
	// Threshold is a pass mark the per-pupil rule compares with: the
	// phonics screening check's (phonics_y1; 32 when absent).
	Threshold *float64 `toml:"threshold"`
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
