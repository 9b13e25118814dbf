package assess

import "github.com/reportpack/reportpack/generator/model"

// Behaviour columns.
const (
	susCount = iota
	susPermanent
)

var behaviour = &Assessment{ID: "behaviour", Title: "Suspensions and exclusions", Short: "Behaviour",
	NCYears: everyYearGroup, EveryRow: true,
	Intro: "Suspensions (fixed-period exclusions) and permanent exclusions over the school year, per 100 pupils on roll: " +
		"every pupil counts in the headcount, those with none included.",
	Home: []model.MeasureID{"sus_rate", "excl_perm_rate"},
	Columns: []Column{
		{Name: "Suspensions", Aliases: []string{"Suspension Count", "Fixed Term Exclusions"}, Label: "suspensions in the year",
			Kind: Number, Min: 0, Max: 99, Whole: true, Hint: "a whole number of suspensions from 0 to 99; blank or 0 for none"},
		{Name: "Permanent_Exclusion", Aliases: []string{"Permanently Excluded"}, Label: "permanently excluded in the year",
			Kind: Codes, Codes: []Code{{Code: "Y", Meaning: "permanently excluded", Aliases: []string{"Yes", "1", "True"}},
				{Code: "N", Meaning: "not", Aliases: []string{"No", "0", "False"}}},
			Hint: "Y or N (blank is N)"},
	},
	Measures: []Measure{
		{ID: "sus_rate", Column: "Suspensions per 100 pupils", Kind: Ratio, Decimals: 2, Scale: 100,
			Ratio: func(r Row) (float64, float64, bool) { return r.Get(susCount).Num, 1, true }},
		{ID: "sus_one_plus", Column: "One or more suspensions %", Kind: Percent, Decimals: 2,
			Rule: func(r Row) (float64, bool) { return B2F(r.Get(susCount).Num >= 1), true }},
		{ID: "excl_perm_rate", Column: "Permanent exclusions per 100 pupils", Kind: Percent, Decimals: 2,
			Rule: func(r Row) (float64, bool) { return B2F(IsCode(r.Get(susPermanent), "Y")), true }},
	},
	Tables: []Table{
		{ID: "sus", Title: "Suspensions and exclusions by pupil group", Short: "Susp",
			Measures: []model.MeasureID{"sus_rate", "sus_one_plus", "excl_perm_rate"}},
		{ID: "sus_years", Title: "Suspensions and exclusions by year group", Short: "By year", ByYearGroup: true,
			Measures: []model.MeasureID{"sus_rate", "sus_one_plus", "excl_perm_rate"}},
	},
	PupilList: &PupilList{
		Title: "Pupils suspended or permanently excluded",
		Include: func(r Row) bool {
			return r.Get(susCount).Num >= 1 || IsCode(r.Get(susPermanent), "Y")
		},
		Columns: []ListColumn{
			{Header: "Year group", Text: func(r Row) string { return r.P.NCYear.String() }},
			{Header: "Suspensions", Text: func(r Row) string { return num(r.Get(susCount).Num) }},
			{Header: "Permanently excluded", Text: func(r Row) string {
				if IsCode(r.Get(susPermanent), "Y") {
					return "yes"
				}
				return ""
			}},
		},
	},
}
