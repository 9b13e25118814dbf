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
)

// String names the kind: "progress", "mean" or "percent".
func (k Kind) String() string {
	switch k {
	case KindProgress:
		return "progress"
	case KindMean:
		return "mean"
	case KindPercent:
		return "percent"
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

	// Assessment is the declaration of a measure of a declared
	// assessment (package assess); nil for the key stages' own.
	Assessment *assess.Assessment

	index int       // position in the key stage's measure list
	pupil pupilFunc // in cohort? value (1/0 for percentages)
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
// for whether a percentage measure's threshold is met.
type pupilFunc func(e *env, p *model.Pupil) (float64, bool)

// env is what per-pupil rules need beyond the pupil: the year's estimates and
// nominal writing scores.
type env struct {
	params  model.NationalParams
	year    model.Year
	est     map[model.MeasureID][]model.Estimate // this year's rows only
	nominal map[model.WritingTA]float64
}

func (e *env) estimate(m model.MeasureID, prior float64) (float64, bool) {
	for _, r := range e.est[m] {
		if prior >= r.PriorFrom && prior < r.PriorTo {
			return r.Estimate, true
		}
	}
	return 0, false
}

// ks4Progress is a P8 score: the pupil's own when the file gives one, else
// (attainment − estimate for the prior attainment) / slots. Pupils without
// KS2 prior attainment are outside the P8 cohort either way.
func ks4Progress(score, attain func(*model.KS4Result) model.Num, est model.MeasureID, slots float64) pupilFunc {
	return func(e *env, p *model.Pupil) (float64, bool) {
		r := &p.KS4
		if !r.KS2APS.Valid {
			return 0, false
		}
		if s := score(r); s.Valid {
			return s.V, true
		}
		a := attain(r)
		if !a.Valid {
			return 0, false
		}
		x, ok := e.estimate(est, r.KS2APS.V)
		if !ok {
			return 0, false
		}
		return (a.V - x) / slots, true
	}
}

// ks4Score is a mean over the pupils with a value. A blank is "not known",
// not zero: a pupil file that omits A8 for a pupil must not pull the mean down.
func ks4Score(get func(*model.KS4Result) model.Num) pupilFunc {
	return func(_ *env, p *model.Pupil) (float64, bool) {
		n := get(&p.KS4)
		return n.V, n.Valid
	}
}

// ks4Flag is a percentage of the whole KS4 cohort; an unrecorded flag does not meet it.
func ks4Flag(get func(*model.KS4Result) model.Flag) pupilFunc {
	return func(_ *env, p *model.Pupil) (float64, bool) {
		return b2f(get(&p.KS4).Yes()), true
	}
}

// ks2Threshold is a percentage of the whole KS2 cohort: codes (A, B, T, M,
// Q, X) and blanks stay in the denominator and do not meet the threshold.
func ks2Threshold(met func(*model.KS2Result) bool) pupilFunc {
	return func(_ *env, p *model.Pupil) (float64, bool) {
		return b2f(met(&p.KS2)), true
	}
}

func atLeast(t model.TestResult, s int) bool { return t.Scored() && t.Score >= s }

func writingAt(w model.WritingTA, high bool) bool {
	if high {
		return w == "GDS"
	}
	return w == "GDS" || w == "EXS"
}

// ks2Scaled is an average scaled score over the pupils with a score.
func ks2Scaled(get func(*model.KS2Result) model.TestResult) pupilFunc {
	return func(_ *env, p *model.Pupil) (float64, bool) {
		t := get(&p.KS2)
		return float64(t.Score), t.Scored()
	}
}

// ks2Progress is a KS2 progress score: the pupil's own when the file gives
// one, else the subject result − the estimate for KS1 prior attainment.
// Pupils without KS1 prior attainment are outside the progress cohort.
func ks2Progress(own func(*model.KS2Result) model.Num, result func(*env, *model.KS2Result) (float64, bool), est model.MeasureID) pupilFunc {
	return func(e *env, p *model.Pupil) (float64, bool) {
		r := &p.KS2
		if !r.KS1APS.Valid {
			return 0, false
		}
		if s := own(r); s.Valid {
			return s.V, true
		}
		v, ok := result(e, r)
		if !ok {
			return 0, false
		}
		x, ok := e.estimate(est, r.KS1APS.V)
		if !ok {
			return 0, false
		}
		return v - x, true
	}
}

func scaledResult(get func(*model.KS2Result) model.TestResult) func(*env, *model.KS2Result) (float64, bool) {
	return func(_ *env, r *model.KS2Result) (float64, bool) {
		t := get(r)
		return float64(t.Score), t.Scored()
	}
}

// writingResult is the nominal score national.toml gives the pupil's
// writing teacher assessment that year.
func writingResult(e *env, r *model.KS2Result) (float64, bool) {
	v, ok := e.nominal[r.Writ]
	return v, ok && r.Writ != ""
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// Field accessors, so the registry below reads as a table.
var (
	p8      = func(r *model.KS4Result) model.Num { return r.P8 }
	p8Eng   = func(r *model.KS4Result) model.Num { return r.P8Eng }
	p8Mat   = func(r *model.KS4Result) model.Num { return r.P8Mat }
	p8EBacc = func(r *model.KS4Result) model.Num { return r.P8EBacc }
	p8Open  = func(r *model.KS4Result) model.Num { return r.P8Open }
	a8      = func(r *model.KS4Result) model.Num { return r.A8 }
	a8Eng   = func(r *model.KS4Result) model.Num { return r.A8Eng }
	a8Mat   = func(r *model.KS4Result) model.Num { return r.A8Mat }
	a8EBacc = func(r *model.KS4Result) model.Num { return r.A8EBacc }
	a8Open  = func(r *model.KS4Result) model.Num { return r.A8Open }
	read    = func(r *model.KS2Result) model.TestResult { return r.Read }
	mat     = func(r *model.KS2Result) model.TestResult { return r.Mat }
	gps     = func(r *model.KS2Result) model.TestResult { return r.GPS }
)

// registry lists every measure, KS4 then KS2, each in the order of
// measures.md; headlines and exports follow this order.
var registry = []*Measure{
	// Key stage 4.
	{ID: "ks4_p8", Label: "Progress 8 (adjusted)", Column: "Progress 8 adjusted score", KeyStage: model.KS4, Kind: KindProgress, Decimals: 2,
		AdjustedID: "ks4_p8_adjusted_pupils", pupil: ks4Progress(p8, a8, "ks4_a8", 10)},
	{ID: "ks4_p8_unadj", Label: "Progress 8 unadjusted", Column: "Progress 8 unadjusted score", KeyStage: model.KS4, Kind: KindMean, Decimals: 2,
		unadjustedOf: "ks4_p8", pupil: ks4Progress(p8, a8, "ks4_a8", 10)},
	{ID: "ks4_p8_eng", Label: "Progress 8 English element", Column: "English element", KeyStage: model.KS4, Kind: KindProgress, Decimals: 2,
		AdjustedID: "ks4_p8_eng_adjusted_pupils", pupil: ks4Progress(p8Eng, a8Eng, "ks4_a8_eng", 2)},
	{ID: "ks4_p8_mat", Label: "Progress 8 maths element", Column: "Maths element", KeyStage: model.KS4, Kind: KindProgress, Decimals: 2,
		AdjustedID: "ks4_p8_mat_adjusted_pupils", pupil: ks4Progress(p8Mat, a8Mat, "ks4_a8_mat", 2)},
	{ID: "ks4_p8_ebacc", Label: "Progress 8 EBacc element", Column: "EBacc element", KeyStage: model.KS4, Kind: KindProgress, Decimals: 2,
		AdjustedID: "ks4_p8_ebacc_adjusted_pupils", pupil: ks4Progress(p8EBacc, a8EBacc, "ks4_a8_ebacc", 3)},
	{ID: "ks4_p8_open", Label: "Progress 8 open element", Column: "Open element", KeyStage: model.KS4, Kind: KindProgress, Decimals: 2,
		AdjustedID: "ks4_p8_open_adjusted_pupils", pupil: ks4Progress(p8Open, a8Open, "ks4_a8_open", 3)},
	{ID: "ks4_a8", Label: "Attainment 8", Column: "Attainment 8", KeyStage: model.KS4, Kind: KindMean, Decimals: 1, pupil: ks4Score(a8)},
	{ID: "ks4_a8_eng", Label: "Attainment 8 English element", Column: "English element", KeyStage: model.KS4, Kind: KindMean, Decimals: 1, pupil: ks4Score(a8Eng)},
	{ID: "ks4_a8_mat", Label: "Attainment 8 maths element", Column: "Maths element", KeyStage: model.KS4, Kind: KindMean, Decimals: 1, pupil: ks4Score(a8Mat)},
	{ID: "ks4_a8_ebacc", Label: "Attainment 8 EBacc element", Column: "EBacc element", KeyStage: model.KS4, Kind: KindMean, Decimals: 1, pupil: ks4Score(a8EBacc)},
	{ID: "ks4_a8_open", Label: "Attainment 8 open element", Column: "Open element", KeyStage: model.KS4, Kind: KindMean, Decimals: 1, pupil: ks4Score(a8Open)},
	{ID: "ks4_ebacc_entry", Label: "Entering the EBacc", Column: "Entering the EBacc %", KeyStage: model.KS4, Kind: KindPercent, Decimals: 0,
		pupil: ks4Flag(func(r *model.KS4Result) model.Flag { return r.EBaccEntered })},
	{ID: "ks4_ebacc_aps", Label: "EBacc average point score", Column: "EBacc average point score", KeyStage: model.KS4, Kind: KindMean, Decimals: 2,
		pupil: ks4Score(func(r *model.KS4Result) model.Num { return r.EBaccAPS })},
	{ID: "ks4_em5", Label: "Grade 5 or above in English and maths", Column: "Grade 5+ %", KeyStage: model.KS4, Kind: KindPercent, Decimals: 0,
		pupil: ks4Flag(func(r *model.KS4Result) model.Flag { return r.EMGrade5 })},
	{ID: "ks4_em4", Label: "Grade 4 or above in English and maths", Column: "Grade 4+ %", KeyStage: model.KS4, Kind: KindPercent, Decimals: 0,
		pupil: ks4Flag(func(r *model.KS4Result) model.Flag { return r.EMGrade4 })},

	// Key stage 2.
	{ID: "ks2_rwm_exp", Label: "Reading, writing and maths: expected standard", Column: "Expected standard %", KeyStage: model.KS2, Kind: KindPercent, Decimals: 0,
		pupil: ks2Threshold(func(r *model.KS2Result) bool {
			return atLeast(r.Read, 100) && atLeast(r.Mat, 100) && writingAt(r.Writ, false)
		})},
	{ID: "ks2_rwm_high", Label: "Reading, writing and maths: higher standard", Column: "Higher standard %", KeyStage: model.KS2, Kind: KindPercent, Decimals: 0,
		pupil: ks2Threshold(func(r *model.KS2Result) bool {
			return atLeast(r.Read, 110) && atLeast(r.Mat, 110) && writingAt(r.Writ, true)
		})},
	{ID: "ks2_read_exp", Label: "Reading: expected standard", Column: "Expected standard %", KeyStage: model.KS2, Kind: KindPercent, Decimals: 0,
		pupil: ks2Threshold(func(r *model.KS2Result) bool { return atLeast(r.Read, 100) })},
	{ID: "ks2_writ_exp", Label: "Writing: expected standard", Column: "Expected standard %", KeyStage: model.KS2, Kind: KindPercent, Decimals: 0,
		pupil: ks2Threshold(func(r *model.KS2Result) bool { return writingAt(r.Writ, false) })},
	{ID: "ks2_mat_exp", Label: "Maths: expected standard", Column: "Expected standard %", KeyStage: model.KS2, Kind: KindPercent, Decimals: 0,
		pupil: ks2Threshold(func(r *model.KS2Result) bool { return atLeast(r.Mat, 100) })},
	{ID: "ks2_gps_exp", Label: "Grammar, punctuation and spelling: expected standard", Column: "Expected standard %", KeyStage: model.KS2, Kind: KindPercent, Decimals: 0,
		pupil: ks2Threshold(func(r *model.KS2Result) bool { return atLeast(r.GPS, 100) })},
	{ID: "ks2_read_high", Label: "Reading: higher standard", Column: "Higher standard %", KeyStage: model.KS2, Kind: KindPercent, Decimals: 0,
		pupil: ks2Threshold(func(r *model.KS2Result) bool { return atLeast(r.Read, 110) })},
	{ID: "ks2_mat_high", Label: "Maths: higher standard", Column: "Higher standard %", KeyStage: model.KS2, Kind: KindPercent, Decimals: 0,
		pupil: ks2Threshold(func(r *model.KS2Result) bool { return atLeast(r.Mat, 110) })},
	{ID: "ks2_gps_high", Label: "Grammar, punctuation and spelling: higher standard", Column: "Higher standard %", KeyStage: model.KS2, Kind: KindPercent, Decimals: 0,
		pupil: ks2Threshold(func(r *model.KS2Result) bool { return atLeast(r.GPS, 110) })},
	{ID: "ks2_read_ss", Label: "Reading: average scaled score", Column: "Average score", KeyStage: model.KS2, Kind: KindMean, Decimals: 1, pupil: ks2Scaled(read)},
	{ID: "ks2_mat_ss", Label: "Maths: average scaled score", Column: "Average score", KeyStage: model.KS2, Kind: KindMean, Decimals: 1, pupil: ks2Scaled(mat)},
	{ID: "ks2_gps_ss", Label: "Grammar, punctuation and spelling: average scaled score", Column: "Average score", KeyStage: model.KS2, Kind: KindMean, Decimals: 1, pupil: ks2Scaled(gps)},
	{ID: "ks2_read_prog", Label: "Reading progress", Column: "Progress score", KeyStage: model.KS2, Kind: KindProgress, Decimals: 2,
		AdjustedID: "ks2_read_prog_adjusted_pupils",
		pupil:      ks2Progress(func(r *model.KS2Result) model.Num { return r.ReadProg }, scaledResult(read), "ks2_read")},
	{ID: "ks2_writ_prog", Label: "Writing progress", Column: "Progress score", KeyStage: model.KS2, Kind: KindProgress, Decimals: 2,
		AdjustedID: "ks2_writ_prog_adjusted_pupils",
		pupil:      ks2Progress(func(r *model.KS2Result) model.Num { return r.WritProg }, writingResult, "ks2_writ")},
	{ID: "ks2_mat_prog", Label: "Maths progress", Column: "Progress score", KeyStage: model.KS2, Kind: KindProgress, Decimals: 2,
		AdjustedID: "ks2_mat_prog_adjusted_pupils",
		pupil:      ks2Progress(func(r *model.KS2Result) model.Num { return r.MatProg }, scaledResult(mat), "ks2_mat")},
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
	// or for percentages 1 when the pupil meets the threshold, else 0.
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
		if !p.Takes(m.KeyStage) {
			continue
		}
		e := envs[p.Year]
		if e == nil {
			e = &env{params: params, year: p.Year, nominal: params.WritingNominal[p.Year], est: map[model.MeasureID][]model.Estimate{}}
			for _, r := range est {
				if r.Year == p.Year {
					e.est[r.Measure] = append(e.est[r.Measure], r)
				}
			}
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
