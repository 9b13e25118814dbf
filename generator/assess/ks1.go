package assess

import "github.com/reportpack/reportpack/generator/model"

// Key stage 1 columns.
const (
	k1Read = iota
	k1Writ
	k1Mat
	k1Sci
)

// ks1Results are the codes that are a result; the rest of ks1Codes are not.
var ks1Codes = []Code{
	{Code: "GDS", Meaning: "working at greater depth"},
	{Code: "EXS", Meaning: "working at the expected standard"},
	{Code: "WTS", Meaning: "working towards the expected standard"},
	{Code: "PK1", Meaning: "pre-key stage standard 1"}, {Code: "PK2", Meaning: "pre-key stage standard 2"},
	{Code: "PK3", Meaning: "pre-key stage standard 3"}, {Code: "PK4", Meaning: "pre-key stage standard 4"},
	{Code: "EM", Meaning: "engagement model"},
	{Code: "PKF", Meaning: "foundations for the expected standard (before 2019/20)"},
	{Code: "PKE", Meaning: "early development of the expected standard (before 2019/20)"},
	{Code: "PKG", Meaning: "growing development of the expected standard (before 2019/20)"},
	{Code: "BLW", Meaning: "below the pre-key stage standards (before 2019/20)"},
	{Code: "A", Meaning: "absent"}, {Code: "D", Meaning: "disapplied"}, {Code: "L", Meaning: "left"},
	{Code: "F", Meaning: "will take it in future"}, {Code: "P", Meaning: "took it in the past"},
	{Code: "Q", Meaning: "maladministration"},
}

var ks1SciCodes = []Code{
	{Code: "EXS", Meaning: "working at the expected standard"}, {Code: "HNM", Meaning: "has not met the expected standard"},
	{Code: "A", Meaning: "absent"}, {Code: "D", Meaning: "disapplied"}, {Code: "L", Meaning: "left"},
	{Code: "F", Meaning: "will take it in future"}, {Code: "P", Meaning: "took it in the past"},
	{Code: "Q", Meaning: "maladministration"},
}

// ks1InCohort: a result, or A or D; not L, F, P, Q or blank.
func ks1InCohort(v model.Value) bool { return v.Code != "" && !IsCode(v, "L", "F", "P", "Q") }

var keyStage1 = func() *Assessment {
	a := &Assessment{ID: "ks1", Title: "Key stage 1 teacher assessment", Short: "KS1",
		NCYears: years(2),
		Intro: "Teacher assessments in reading, writing, maths and science at the end of Year 2. They have been " +
			"optional since 2023/24, so the DfE publishes no national figures after 2022/23: comparisons use the " +
			"latest national year there is, and say which.",
		Home: []model.MeasureID{"ks1_rwm_exp", "ks1_read_exp"},
		Columns: []Column{
			{Name: "KS1_Read", Label: "reading", Kind: Codes, Codes: ks1Codes, Hint: "GDS, EXS, WTS, PK1 to PK4, EM, or A, D, L, F, P, Q"},
			{Name: "KS1_Writ", Label: "writing", Kind: Codes, Codes: ks1Codes, Hint: "GDS, EXS, WTS, PK1 to PK4, EM, or A, D, L, F, P, Q"},
			{Name: "KS1_Mat", Label: "maths", Kind: Codes, Codes: ks1Codes, Hint: "GDS, EXS, WTS, PK1 to PK4, EM, or A, D, L, F, P, Q"},
			{Name: "KS1_Sci", Label: "science", Kind: Codes, Codes: ks1SciCodes, Hint: "EXS, HNM, or A, D, L, F, P, Q"},
		},
	}
	subject := func(col int, codes ...string) func(Row) (float64, bool) {
		return func(r Row) (float64, bool) {
			v := r.Get(col)
			if !ks1InCohort(v) {
				return 0, false
			}
			return B2F(IsCode(v, codes...)), true
		}
	}
	rwm := func(codes ...string) func(Row) (float64, bool) {
		return func(r Row) (float64, bool) {
			met := true
			for _, c := range []int{k1Read, k1Writ, k1Mat} {
				v := r.Get(c)
				if !ks1InCohort(v) {
					return 0, false
				}
				met = met && IsCode(v, codes...)
			}
			return B2F(met), true
		}
	}
	a.Measures = []Measure{
		{ID: "ks1_rwm_exp", Column: "RWM expected %", Kind: Percent, Rule: rwm("EXS", "GDS")},
		{ID: "ks1_rwm_gds", Column: "RWM greater depth %", Kind: Percent, Rule: rwm("GDS")},
		{ID: "ks1_read_exp", Column: "Reading expected %", Kind: Percent, Rule: subject(k1Read, "EXS", "GDS")},
		{ID: "ks1_read_gds", Column: "Reading greater depth %", Kind: Percent, Rule: subject(k1Read, "GDS")},
		{ID: "ks1_writ_exp", Column: "Writing expected %", Kind: Percent, Rule: subject(k1Writ, "EXS", "GDS")},
		{ID: "ks1_writ_gds", Column: "Writing greater depth %", Kind: Percent, Rule: subject(k1Writ, "GDS")},
		{ID: "ks1_mat_exp", Column: "Maths expected %", Kind: Percent, Rule: subject(k1Mat, "EXS", "GDS")},
		{ID: "ks1_mat_gds", Column: "Maths greater depth %", Kind: Percent, Rule: subject(k1Mat, "GDS")},
		{ID: "ks1_sci_exp", Column: "Science expected %", Kind: Percent, Rule: subject(k1Sci, "EXS")},
	}
	a.Tables = []Table{
		{ID: "ks1_rwm", Title: "Reading, writing and maths by pupil group", Short: "RWM",
			Measures: []model.MeasureID{"ks1_rwm_exp", "ks1_rwm_gds"}},
		{ID: "ks1_subjects", Title: "Each subject by pupil group", Short: "Subjects",
			Measures: []model.MeasureID{"ks1_read_exp", "ks1_read_gds", "ks1_writ_exp", "ks1_writ_gds", "ks1_mat_exp", "ks1_mat_gds", "ks1_sci_exp"}},
	}
	a.PupilList = &PupilList{
		Title: "Pupils below the expected standard in reading, writing or maths",
		Include: func(r Row) bool {
			v, ok := rwm("EXS", "GDS")(r)
			return ok && v == 0
		},
		Columns: []ListColumn{
			{Header: "Reading", Text: func(r Row) string { return r.Get(k1Read).Code }},
			{Header: "Writing", Text: func(r Row) string { return r.Get(k1Writ).Code }},
			{Header: "Maths", Text: func(r Row) string { return r.Get(k1Mat).Code }},
		},
	}
	return a
}()
