package assess

import "github.com/reportpack/reportpack/generator/model"

// keyStage2 is the key stage 2 tests and teacher assessments (measures.md):
// its results are typed (model.KS2Result, see Assessment.Typed).
var keyStage2 = &Assessment{ID: model.KS2, Title: "Key stage 2", Short: "KS2", NCYears: years(6), Typed: true,
	Intro: "Results of the key stage 2 tests and teacher assessments at the end of Year 6.",
	Measures: []Measure{
		{ID: "ks2_rwm_exp", Label: "Reading, writing and maths: expected standard", Column: "Expected standard %", Kind: Percent,
			Rule: ks2Met(func(r *model.KS2Result) bool {
				return atLeast(r.Read, 100) && atLeast(r.Mat, 100) && writingAt(r.Writ, false)
			})},
		{ID: "ks2_rwm_high", Label: "Reading, writing and maths: higher standard", Column: "Higher standard %", Kind: Percent,
			Rule: ks2Met(func(r *model.KS2Result) bool {
				return atLeast(r.Read, 110) && atLeast(r.Mat, 110) && writingAt(r.Writ, true)
			})},
		{ID: "ks2_read_exp", Label: "Reading: expected standard", Column: "Expected standard %", Kind: Percent,
			Rule: ks2Met(func(r *model.KS2Result) bool { return atLeast(r.Read, 100) })},
		{ID: "ks2_writ_exp", Label: "Writing: expected standard", Column: "Expected standard %", Kind: Percent,
			Rule: ks2Met(func(r *model.KS2Result) bool { return writingAt(r.Writ, false) })},
		{ID: "ks2_mat_exp", Label: "Maths: expected standard", Column: "Expected standard %", Kind: Percent,
			Rule: ks2Met(func(r *model.KS2Result) bool { return atLeast(r.Mat, 100) })},
		{ID: "ks2_gps_exp", Label: "Grammar, punctuation and spelling: expected standard", Column: "Expected standard %", Kind: Percent,
			Rule: ks2Met(func(r *model.KS2Result) bool { return atLeast(r.GPS, 100) })},
		{ID: "ks2_writ_high", Label: "Writing: greater depth", Column: "Greater depth %", Kind: Percent,
			Rule: ks2Met(func(r *model.KS2Result) bool { return writingAt(r.Writ, true) })},
		{ID: "ks2_read_high", Label: "Reading: higher standard", Column: "Higher standard %", Kind: Percent,
			Rule: ks2Met(func(r *model.KS2Result) bool { return atLeast(r.Read, 110) })},
		{ID: "ks2_mat_high", Label: "Maths: higher standard", Column: "Higher standard %", Kind: Percent,
			Rule: ks2Met(func(r *model.KS2Result) bool { return atLeast(r.Mat, 110) })},
		{ID: "ks2_gps_high", Label: "Grammar, punctuation and spelling: higher standard", Column: "Higher standard %", Kind: Percent,
			Rule: ks2Met(func(r *model.KS2Result) bool { return atLeast(r.GPS, 110) })},
		{ID: "ks2_read_ss", Label: "Reading: average scaled score", Column: "Average score", Kind: Mean, Decimals: 1, Rule: ks2Scaled(ks2Read)},
		{ID: "ks2_mat_ss", Label: "Maths: average scaled score", Column: "Average score", Kind: Mean, Decimals: 1, Rule: ks2Scaled(ks2Mat)},
		{ID: "ks2_gps_ss", Label: "Grammar, punctuation and spelling: average scaled score", Column: "Average score", Kind: Mean, Decimals: 1, Rule: ks2Scaled(ks2GPS)},
		{ID: "ks2_read_prog", Label: "Reading progress", Column: "Progress score", Kind: Progress, Decimals: 2,
			AdjustedID: "ks2_read_prog_adjusted_pupils",
			Rule:       ks2Progress(func(r *model.KS2Result) model.Num { return r.ReadProg }, ks2Scaled(ks2Read), "ks2_read")},
		{ID: "ks2_writ_prog", Label: "Writing progress", Column: "Progress score", Kind: Progress, Decimals: 2,
			AdjustedID: "ks2_writ_prog_adjusted_pupils",
			Rule:       ks2Progress(func(r *model.KS2Result) model.Num { return r.WritProg }, writingResult, "ks2_writ")},
		{ID: "ks2_mat_prog", Label: "Maths progress", Column: "Progress score", Kind: Progress, Decimals: 2,
			AdjustedID: "ks2_mat_prog_adjusted_pupils",
			Rule:       ks2Progress(func(r *model.KS2Result) model.Num { return r.MatProg }, ks2Scaled(ks2Mat), "ks2_mat")},
	},
	Tables: []Table{
		{ID: "ks2_rwm", Title: "Reading, writing and maths by pupil group", Short: "RWM",
			Measures: []model.MeasureID{"ks2_rwm_exp", "ks2_rwm_high"}},
		{ID: "ks2_read", Title: "Reading progress and attainment by pupil group", Short: "Reading",
			Measures: []model.MeasureID{"ks2_read_prog", "ks2_read_exp", "ks2_read_high", "ks2_read_ss"}},
		{ID: "ks2_writ", Title: "Writing progress and attainment by pupil group", Short: "Writing",
			Measures: []model.MeasureID{"ks2_writ_prog", "ks2_writ_exp", "ks2_writ_high"}},
		{ID: "ks2_mat", Title: "Maths progress and attainment by pupil group", Short: "Maths",
			Measures: []model.MeasureID{"ks2_mat_prog", "ks2_mat_exp", "ks2_mat_high", "ks2_mat_ss"}},
		{ID: "ks2_gps", Title: "Grammar, punctuation and spelling by pupil group", Short: "GPS",
			Measures: []model.MeasureID{"ks2_gps_exp", "ks2_gps_high", "ks2_gps_ss"}},
	},
}

var (
	ks2Read = func(r *model.KS2Result) model.TestResult { return r.Read }
	ks2Mat  = func(r *model.KS2Result) model.TestResult { return r.Mat }
	ks2GPS  = func(r *model.KS2Result) model.TestResult { return r.GPS }
)

// ks2Met is a percentage of the whole KS2 cohort: codes (A, B, T, M, Q,
// X) and blanks stay in the denominator and do not meet the threshold.
func ks2Met(met func(*model.KS2Result) bool) func(Row) (float64, bool) {
	return func(r Row) (float64, bool) { return B2F(met(&r.P.KS2)), true }
}

func atLeast(t model.TestResult, s int) bool { return t.Scored() && t.Score >= s }

func writingAt(w model.WritingTA, high bool) bool {
	if high {
		return w == "GDS"
	}
	return w == "GDS" || w == "EXS"
}

// ks2Scaled is a pupil's scaled score, when the pupil has one: an average
// scaled score's rule, and the result a progress score is worked out from.
func ks2Scaled(get func(*model.KS2Result) model.TestResult) func(Row) (float64, bool) {
	return func(r Row) (float64, bool) {
		t := get(&r.P.KS2)
		return float64(t.Score), t.Scored()
	}
}

// ks2Progress is a KS2 progress score: the pupil's own when the file gives
// one, else the subject result − the estimate for KS1 prior attainment.
// Pupils without KS1 prior attainment are outside the progress cohort.
func ks2Progress(own func(*model.KS2Result) model.Num, result func(Row) (float64, bool), est model.MeasureID) func(Row) (float64, bool) {
	return func(row Row) (float64, bool) {
		r := &row.P.KS2
		if !r.KS1APS.Valid {
			return 0, false
		}
		if s := own(r); s.Valid {
			return s.V, true
		}
		v, ok := result(row)
		if !ok {
			return 0, false
		}
		x, ok := row.Estimate(est, r.KS1APS.V)
		if !ok {
			return 0, false
		}
		return v - x, true
	}
}

// writingResult is the nominal score national.toml gives the pupil's
// writing teacher assessment that year.
func writingResult(r Row) (float64, bool) {
	w := r.P.KS2.Writ
	v, ok := r.Params.WritingNominal[r.P.Year][w]
	return v, ok && w != ""
}
