package assess

import "github.com/reportpack/reportpack/generator/model"

// keyStage4 is GCSE and equivalent results (measures.md): its results are
// typed (model.KS4Result, see Assessment.Typed), Attainment 8 and the
// English and maths flags worked out from subject grades where the file
// gives grades (package grades).
var keyStage4 = &Assessment{ID: model.KS4, Title: "Key stage 4", Short: "KS4", NCYears: years(11), Typed: true,
	Intro: "GCSE and equivalent results at the end of Year 11.",
	Measures: []Measure{
		{ID: "ks4_p8", Label: "Progress 8 (adjusted)", Column: "Progress 8 adjusted score", Kind: Progress, Decimals: 2,
			AdjustedID: "ks4_p8_adjusted_pupils", Rule: ks4Progress(p8, a8, "ks4_a8", 10)},
		{ID: "ks4_p8_unadj", Label: "Progress 8 unadjusted", Column: "Progress 8 unadjusted score", Kind: Mean, Decimals: 2,
			UnadjustedOf: "ks4_p8", Rule: ks4Progress(p8, a8, "ks4_a8", 10)},
		{ID: "ks4_p8_eng", Label: "Progress 8 English element", Column: "English element", Kind: Progress, Decimals: 2,
			AdjustedID: "ks4_p8_eng_adjusted_pupils", Rule: ks4Progress(p8Eng, a8Eng, "ks4_a8_eng", 2)},
		{ID: "ks4_p8_mat", Label: "Progress 8 maths element", Column: "Maths element", Kind: Progress, Decimals: 2,
			AdjustedID: "ks4_p8_mat_adjusted_pupils", Rule: ks4Progress(p8Mat, a8Mat, "ks4_a8_mat", 2)},
		{ID: "ks4_p8_ebacc", Label: "Progress 8 EBacc element", Column: "EBacc element", Kind: Progress, Decimals: 2,
			AdjustedID: "ks4_p8_ebacc_adjusted_pupils", Rule: ks4Progress(p8EBacc, a8EBacc, "ks4_a8_ebacc", 3)},
		{ID: "ks4_p8_open", Label: "Progress 8 open element", Column: "Open element", Kind: Progress, Decimals: 2,
			AdjustedID: "ks4_p8_open_adjusted_pupils", Rule: ks4Progress(p8Open, a8Open, "ks4_a8_open", 3)},
		{ID: "ks4_a8", Label: "Attainment 8", Column: "Attainment 8", Kind: Mean, Decimals: 1, Rule: ks4Score(a8)},
		{ID: "ks4_a8_eng", Label: "Attainment 8 English element", Column: "English element", Kind: Mean, Decimals: 1, Rule: ks4Score(a8Eng)},
		{ID: "ks4_a8_mat", Label: "Attainment 8 maths element", Column: "Maths element", Kind: Mean, Decimals: 1, Rule: ks4Score(a8Mat)},
		{ID: "ks4_a8_ebacc", Label: "Attainment 8 EBacc element", Column: "EBacc element", Kind: Mean, Decimals: 1, Rule: ks4Score(a8EBacc)},
		{ID: "ks4_a8_open", Label: "Attainment 8 open element", Column: "Open element", Kind: Mean, Decimals: 1, Rule: ks4Score(a8Open)},
		{ID: "ks4_ebacc_entry", Label: "Entering the EBacc", Column: "Entering the EBacc %", Kind: Percent,
			Rule: ks4Flag(func(r *model.KS4Result) model.Flag { return r.EBaccEntered })},
		{ID: "ks4_ebacc_aps", Label: "EBacc average point score", Column: "EBacc average point score", Kind: Mean, Decimals: 2,
			Rule: ks4Score(func(r *model.KS4Result) model.Num { return r.EBaccAPS })},
		{ID: "ks4_em5", Label: "Grade 5 or above in English and maths", Column: "Grade 5+ %", Kind: Percent,
			Rule: ks4Flag(func(r *model.KS4Result) model.Flag { return r.EMGrade5 })},
		{ID: "ks4_em4", Label: "Grade 4 or above in English and maths", Column: "Grade 4+ %", Kind: Percent,
			Rule: ks4Flag(func(r *model.KS4Result) model.Flag { return r.EMGrade4 })},
	},
	Tables: []Table{
		{ID: "ks4_p8", Title: "Progress 8 by pupil group", Short: "P8",
			Measures: []model.MeasureID{"ks4_p8", "ks4_p8_unadj", "ks4_p8_eng", "ks4_p8_mat", "ks4_p8_ebacc", "ks4_p8_open"}},
		{ID: "ks4_a8", Title: "Attainment 8 by pupil group", Short: "A8",
			Measures: []model.MeasureID{"ks4_a8", "ks4_a8_eng", "ks4_a8_mat", "ks4_a8_ebacc", "ks4_a8_open"}},
		{ID: "ks4_em5", Title: "Grade 5 or above in English and maths by pupil group", Short: "EM grade5",
			Measures: []model.MeasureID{"ks4_em5"}},
		{ID: "ks4_em4", Title: "Grade 4 or above in English and maths by pupil group", Short: "EM grade4",
			Measures: []model.MeasureID{"ks4_em4"}},
		{ID: "ks4_ebacc", Title: "English Baccalaureate by pupil group", Short: "EBacc",
			Measures: []model.MeasureID{"ks4_ebacc_entry", "ks4_ebacc_aps"}},
	},
}

// Field accessors, so the measures above read as a table.
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
)

// ks4Progress is a P8 score: the pupil's own when the file gives one, else
// (attainment − estimate for the prior attainment) / slots. Pupils without
// KS2 prior attainment are outside the P8 cohort either way.
func ks4Progress(score, attain func(*model.KS4Result) model.Num, est model.MeasureID, slots float64) func(Row) (float64, bool) {
	return func(row Row) (float64, bool) {
		r := &row.P.KS4
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
		x, ok := row.Estimate(est, r.KS2APS.V)
		if !ok {
			return 0, false
		}
		return (a.V - x) / slots, true
	}
}

// ks4Score is a mean over the pupils with a value. A blank is "not known",
// not zero: a pupil file that omits A8 for a pupil must not pull the mean down.
func ks4Score(get func(*model.KS4Result) model.Num) func(Row) (float64, bool) {
	return func(r Row) (float64, bool) {
		n := get(&r.P.KS4)
		return n.V, n.Valid
	}
}

// ks4Flag is a percentage of the whole KS4 cohort; an unrecorded flag does not meet it.
func ks4Flag(get func(*model.KS4Result) model.Flag) func(Row) (float64, bool) {
	return func(r Row) (float64, bool) { return B2F(get(&r.P.KS4).Yes()), true }
}
