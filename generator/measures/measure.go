package measures

import (
	"math"
	"slices"
	"strconv"

	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/model"
)

// Kind says how a measure aggregates its pupils and how pages show it.
type Kind uint8

// Measure kinds.
const (
	// KindProgress is the mean of pupil progress scores, each raised to the
	// floor for the pupil's prior attainment, with a 95% confidence interval
	// and a band where national.toml gives an sd for the measure and year.
	KindProgress Kind = iota + 1
	// KindMean is the mean of a score over the pupils who have one.
	KindMean
	// KindPercent is the percentage (0..100) of the cohort meeting a
	// threshold; pupils with a code or a blank count and do not meet it.
	KindPercent
	// KindRatio is Σ numerator ÷ Σ denominator × Measure.Scale over the
	// cohort (the rows the rule gives a ratio for): overall absence is the
	// sessions missed over the sessions possible, suspensions per 100
	// pupils the suspensions over the headcount. No CI, no band.
	KindRatio
	// KindCount is the number of rows in the cohort (pupils on roll): the
	// cell's Value is its Cohort.
	KindCount
)

// String names the kind: "progress", "mean", "percent", "ratio" or "count".
func (k Kind) String() string {
	switch k {
	case KindProgress:
		return "progress"
	case KindMean:
		return "mean"
	case KindPercent:
		return "percent"
	case KindRatio:
		return "ratio"
	case KindCount:
		return "count"
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Measure defines one measure of measures.md: what it is called, how it is
// shown, and the per-pupil rule that puts a pupil in its cohort and gives
// the pupil's value. Measures are read-only; get them from Measures or
// MeasureByID.
type Measure struct {
	ID       model.MeasureID
	Label    string // as a page heads it: "Progress 8 (adjusted)"
	Column   string // short column heading within its table: "English element"
	KeyStage model.KeyStage
	Kind     Kind
	Decimals int // places shown on pages: 2, 1, or 0 for whole percentages
	// AdjustedID is the export id of the count of pupils whose scores were
	// raised to the floor ("ks4_p8_adjusted_pupils"); empty unless KindProgress.
	AdjustedID model.MeasureID
	// Scale multiplies a KindRatio's Σ numerator ÷ Σ denominator (100 for
	// a percentage of sessions, or per 100 pupils); 0 for other kinds.
	Scale float64

	// Assessment is the declaration of the measure's assessment (package
	// assess).
	Assessment *assess.Assessment

	index int       // position in the key stage's measure list
	pupil pupilFunc // in cohort? value (1/0 for percentages)
	// ratio gives a KindRatio's numerator and denominator for a row (ok
	// false outside its cohort); nil for other kinds.
	ratio ratioFunc
	// unadjustedOf names the progress measure this is the unadjusted mean
	// of: beside that measure's adjusted mean it gives away its floored
	// pupils' raises, so it is suppressed with them.
	unadjustedOf model.MeasureID
}

// Format rounds v as pages show the measure ("0.77", "45.3", "62"), never
// printing a negative zero.
func (m *Measure) Format(v float64) string {
	r := m.Round(v)
	if r == 0 {
		r = 0 // turns -0 into 0
	}
	return strconv.FormatFloat(r, 'f', m.Decimals, 64)
}

// Round rounds v half away from zero to the measure's display decimals.
func (m *Measure) Round(v float64) float64 {
	p := math.Pow10(m.Decimals)
	return math.Round(v*p) / p
}

// pupilFunc reports whether a pupil is in the measure's cohort (its
// denominator) and the pupil's value: a score, a raw progress score, or 1/0
// for whether a percentage measure's threshold is met (the declared
// rule's, see declare).
type pupilFunc func(e *env, p *model.Pupil) (float64, bool)

// ratioFunc is a ratio measure's per-row rule: its numerator and
// denominator, ok false for a row outside the cohort.
type ratioFunc func(e *env, p *model.Pupil) (num, den float64, ok bool)

// env is what per-pupil rules need beyond the pupil: the year's parameters
// and estimates.
type env struct {
	params model.NationalParams
	year   model.Year
	est    map[model.MeasureID][]model.Estimate // this year's rows only
	// estFn is estimate, made once for the rules' rows (assess.Row.Est).
	estFn func(m model.MeasureID, prior float64) (float64, bool)
}

// newEnv is the env of a year.
func newEnv(params model.NationalParams, y model.Year, est model.Estimates) *env {
	e := &env{params: params, year: y, est: map[model.MeasureID][]model.Estimate{}}
	for _, r := range est {
		if r.Year == y {
			e.est[r.Measure] = append(e.est[r.Measure], r)
		}
	}
	e.estFn = e.estimate
	return e
}

func (e *env) estimate(m model.MeasureID, prior float64) (float64, bool) {
	for _, r := range e.est[m] {
		if prior >= r.PriorFrom && prior < r.PriorTo {
			return r.Estimate, true
		}
	}
	return 0, false
}

// Measures returns the assessment's measures in page order.
// The Measures are shared and must not be modified.
func Measures(ks model.KeyStage) []*Measure {
	return append([]*Measure(nil), reg().byKS[ks]...)
}

// MeasureByID returns the measure with the id, or nil when there is none.
func MeasureByID(id model.MeasureID) *Measure { return reg().byID[id] }

// KeyStages lists the assessments the registry has measures for, in page
// order (package assess): KS2, KS4, then the declared assessments.
func KeyStages() []model.KeyStage { return slices.Clone(reg().order) }

// PupilScore is one pupil's figure for a measure, exactly as Compute counts
// it: what a scatterplot or pupil list shows.
type PupilScore struct {
	// InCohort is false when the pupil is outside the measure's cohort
	// (no prior attainment for progress, no score for a mean); the other
	// fields are then zero.
	InCohort bool
	// Value is the pupil's score (after the floor for progress measures),
	// or for percentages 1 when the pupil meets the threshold, else 0; for
	// a ratio the row's own (numerator ÷ denominator × Scale: its own
	// absence %), for a count 1.
	Value float64
	// Raw is a progress measure's score before the floor (else Value).
	Raw float64
	// Adjusted is true when a progress score was raised to the floor.
	Adjusted bool
}

// ScorePupils scores each pupil for the measure: the pupil file's own
// progress scores where given, else from the estimates and nominal writing
// scores of the pupil's year, then raised to that year's floors. Pupils of
// another key stage are outside the cohort.
func ScorePupils(m *Measure, pupils []model.Pupil, params model.NationalParams, est model.Estimates) []PupilScore {
	out := make([]PupilScore, len(pupils))
	envs := map[model.Year]*env{}
	for i := range pupils {
		p := &pupils[i]
		if !p.Takes(m.KeyStage) && (m.Assessment == nil || !m.Assessment.EveryRow) {
			continue
		}
		e := envs[p.Year]
		if e == nil {
			e = newEnv(params, p.Year, est)
			envs[p.Year] = e
		}
		v, ok := m.pupil(e, p)
		if !ok {
			continue
		}
		s := PupilScore{InCohort: true, Value: v, Raw: v}
		if m.Kind == KindProgress {
			if f, ok := floorFor(params.Params(m.ID, p.Year).Floors, prior(p)); ok && v < f {
				s.Value, s.Adjusted = f, true
			}
		}
		out[i] = s
	}
	return out
}
