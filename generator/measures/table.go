package measures

import "github.com/reportpack/reportpack/generator/model"

// TableDef defines a table by pupil group, as ASP has one per topic: its
// title and the measures it shows as columns (an assess.Table). Every
// measure of an assessment is in exactly one table.
type TableDef struct {
	ID       string // unique, e.g. "ks4_p8"; stable, usable in file names
	Title    string // "Progress 8 by pupil group"
	Short    string // at most 10 characters, for spreadsheet sheet names
	KeyStage model.KeyStage
	Measures []model.MeasureID
	// Cohort, when set, is the measure whose cell cohort a page shows as
	// the row's cohort (assess.Table.Cohort); "" shows the row's own.
	Cohort model.MeasureID
	// ByYearGroup makes the table's rows the school's year groups
	// (Reception, Year 1, ...: see YearGroup) rather than pupil groups; it
	// has no filtered versions (Table.Filtered is nil).
	ByYearGroup bool
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
