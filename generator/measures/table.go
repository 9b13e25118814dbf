package measures

import "github.com/reportpack/reportpack/generator/model"

// TableDef defines a table by pupil group, as ASP has one per topic: its
// title and the measures it shows as columns. Every measure of a key stage
// is in exactly one table.
type TableDef struct {
	ID       string // unique, e.g. "ks4_p8"; stable, usable in file names
	Title    string // "Progress 8 by pupil group"
	Short    string // at most 10 characters, for spreadsheet sheet names
	KeyStage model.KeyStage
	Measures []model.MeasureID
	// Cohort, when set, is the measure whose cell cohort a page shows as
	// the row's cohort (assess.Table.Cohort); "" shows the row's own.
	Cohort model.MeasureID
}

var tableDefs = []*TableDef{
	{ID: "ks2_rwm", Title: "Reading, writing and maths by pupil group", Short: "RWM", KeyStage: model.KS2,
		Measures: []model.MeasureID{"ks2_rwm_exp", "ks2_rwm_high"}},
	{ID: "ks2_read", Title: "Reading progress and attainment by pupil group", Short: "Reading", KeyStage: model.KS2,
		Measures: []model.MeasureID{"ks2_read_prog", "ks2_read_exp", "ks2_read_high", "ks2_read_ss"}},
	{ID: "ks2_writ", Title: "Writing progress and attainment by pupil group", Short: "Writing", KeyStage: model.KS2,
		Measures: []model.MeasureID{"ks2_writ_prog", "ks2_writ_exp"}},
	{ID: "ks2_mat", Title: "Maths progress and attainment by pupil group", Short: "Maths", KeyStage: model.KS2,
		Measures: []model.MeasureID{"ks2_mat_prog", "ks2_mat_exp", "ks2_mat_high", "ks2_mat_ss"}},
	{ID: "ks2_gps", Title: "Grammar, punctuation and spelling by pupil group", Short: "GPS", KeyStage: model.KS2,
		Measures: []model.MeasureID{"ks2_gps_exp", "ks2_gps_high", "ks2_gps_ss"}},

	{ID: "ks4_p8", Title: "Progress 8 by pupil group", Short: "P8", KeyStage: model.KS4,
		Measures: []model.MeasureID{"ks4_p8", "ks4_p8_unadj", "ks4_p8_eng", "ks4_p8_mat", "ks4_p8_ebacc", "ks4_p8_open"}},
	{ID: "ks4_a8", Title: "Attainment 8 by pupil group", Short: "A8", KeyStage: model.KS4,
		Measures: []model.MeasureID{"ks4_a8", "ks4_a8_eng", "ks4_a8_mat", "ks4_a8_ebacc", "ks4_a8_open"}},
	{ID: "ks4_em5", Title: "Grade 5 or above in English and maths by pupil group", Short: "EM grade5", KeyStage: model.KS4,
		Measures: []model.MeasureID{"ks4_em5"}},
	{ID: "ks4_em4", Title: "Grade 4 or above in English and maths by pupil group", Short: "EM grade4", KeyStage: model.KS4,
		Measures: []model.MeasureID{"ks4_em4"}},
	{ID: "ks4_ebacc", Title: "English Baccalaureate by pupil group", Short: "EBacc", KeyStage: model.KS4,
		Measures: []model.MeasureID{"ks4_ebacc_entry", "ks4_ebacc_aps"}},
}

// TableDefs returns the key stage's tables in page order. The TableDefs are
// shared and must not be modified.
func TableDefs(ks model.KeyStage) []*TableDef {
	var out []*TableDef
	for _, t := range reg().tables {
		if t.KeyStage == ks {
			out = append(out, t)
		}
	}
	return out
}
