package assess

import (
	"strconv"

	"github.com/reportpack/reportpack/generator/model"
)

const mtcScore = 0

var mtc = func() *Assessment {
	a := &Assessment{ID: "mtc", Title: "Multiplication tables check", Short: "MTC",
		NCYears: years(4),
		Intro: "The multiplication tables check is taken on screen in June of Year 4: 25 questions on the tables " +
			"up to 12 × 12, six seconds each. There is no pass mark.",
		Home: []model.MeasureID{"mtc_avg", "mtc_full"},
		Columns: []Column{{Name: "MTC_Score", Label: "score out of 25, or why there is none", Kind: Number,
			Min: 0, Max: 25, Whole: true,
			Codes: []Code{
				{Code: "A", Meaning: "absent"}, {Code: "B", Meaning: "working below the level of the check"},
				{Code: "J", Meaning: "just arrived and unable to access it"}, {Code: "L", Meaning: "left"},
				{Code: "U", Meaning: "unable to access (physical or sensory)"}, {Code: "X", Meaning: "not entered"},
			},
			Hint: "a whole score from 0 to 25, or A, B, J, L, U or X"}},
	}
	a.Measures = []Measure{
		{ID: "mtc_avg", Column: "Average score", Kind: Mean, Decimals: 1, Rule: func(r Row) (float64, bool) {
			v := r.Get(mtcScore)
			return v.Num, v.IsNum
		}},
		{ID: "mtc_full", Column: "Full marks %", Kind: Percent, Rule: func(r Row) (float64, bool) {
			v := r.Get(mtcScore)
			if v.Blank() {
				return 0, false
			}
			return B2F(v.IsNum && v.Num == 25), true
		}},
	}
	a.Tables = []Table{{ID: "mtc", Title: "Multiplication tables check by pupil group", Short: "MTC",
		Measures: []model.MeasureID{"mtc_avg", "mtc_full"}}}
	a.Charts = []Chart{{ID: "mtc_scores", Title: "Pupils by score", Kind: Histogram, Column: mtcScore, NCYear: 4,
		Min: 0, Max: 25, XLabel: "Score"}}
	a.PupilList = &PupilList{
		Title: "Pupils by multiplication tables check score (below 20, or no score)",
		Include: func(r Row) bool {
			v := r.Get(mtcScore)
			return !v.Blank() && (!v.IsNum || v.Num < 20)
		},
		Columns: []ListColumn{{Header: "Score", Text: func(r Row) string {
			v := r.Get(mtcScore)
			if v.IsNum {
				return strconv.FormatFloat(v.Num, 'f', -1, 64)
			}
			return v.Code
		}}},
	}
	return a
}()
