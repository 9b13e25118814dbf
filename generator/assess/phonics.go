package assess

import (
	"fmt"
	"strconv"

	"github.com/reportpack/reportpack/generator/model"
)

// Phonics columns.
const (
	phMark = iota
	phOutcome
	phY1Outcome
)

// DefaultPhonicsThreshold is the check's threshold mark every year since
// 2012, used when national.toml gives none.
const DefaultPhonicsThreshold = 32

var phonicsCodes = []Code{
	{Code: "Wa", Meaning: "met the expected standard"},
	{Code: "Wt", Meaning: "did not meet the expected standard"},
	{Code: "A", Meaning: "absent"},
	{Code: "D", Meaning: "disapplied"},
	{Code: "Q", Meaning: "maladministration"},
	{Code: "L", Meaning: "left"},
}

var phonics = func() *Assessment {
	a := &Assessment{ID: "phonics", Title: "Phonics screening check", Short: "Phonics",
		NCYears: years(1, 2),
		Intro: "The phonics screening check is taken in June of Year 1: 40 words read aloud to the teacher. " +
			"Pupils at or above the threshold mark (32 in every year since 2012) meet the expected standard; " +
			"those below it take the check again in Year 2.",
		Home: []model.MeasureID{"phonics_y1", "phonics_y2"},
		Columns: []Column{
			{Name: "Phonics_Mark", Label: "mark out of 40", Kind: Number, Min: 0, Max: 40, Whole: true,
				Hint: "a whole mark from 0 to 40, or blank when the pupil has no mark"},
			{Name: "Phonics_Outcome", Label: "outcome", Kind: Codes, Codes: phonicsCodes,
				Hint: "Wa (met), Wt (not met), A (absent), D (disapplied), Q (maladministration) or L (left)"},
			{Name: "Phonics_Y1_Outcome", Label: "the Year 2 pupil's Year 1 outcome", Kind: Codes, Codes: phonicsCodes,
				NCYears: years(2),
				Hint:    "the pupil's outcome in Year 1: Wa, Wt, A, D, Q or L"},
		},
		Carry: []Carry{{From: phOutcome, To: phY1Outcome, FromNCYear: 1, AtNCYear: 2}},
	}
	a.Check = func(r Row) []Problem {
		mark, out := r.Get(phMark), r.Get(phOutcome)
		if !mark.IsNum {
			if IsCode(out, "Wa", "Wt") {
				return []Problem{{Column: phMark, Message: "blank, though the outcome is " + out.Code,
					Hint: "a pupil who took the check has a mark from 0 to 40"}}
			}
			return nil
		}
		t := r.Threshold("phonics_y1", DefaultPhonicsThreshold)
		ts := strconv.FormatFloat(t, 'f', -1, 64)
		switch {
		case out.Code == "Wt" && mark.Num >= t:
			return []Problem{{Column: phOutcome, Message: fmt.Sprintf("Wt with a mark of %g", mark.Num),
				Hint: "at or above the threshold " + ts + " means Wa"}}
		case out.Code == "Wa" && mark.Num < t:
			return []Problem{{Column: phOutcome, Message: fmt.Sprintf("Wa with a mark of %g", mark.Num),
				Hint: "below the threshold " + ts + " means Wt"}}
		case out.Blank():
			return []Problem{{Column: phOutcome, Message: "blank, though the pupil has a mark",
				Hint: "Wa at or above the threshold " + ts + ", else Wt"}}
		case IsCode(out, "A", "D", "L"):
			return []Problem{{Column: phMark, Message: fmt.Sprintf("a mark of %g with outcome %s", mark.Num, out.Code),
				Hint: "a pupil who was absent, disapplied or left has no mark"}}
		}
		return nil
	}
	taken := func(v model.Value) bool { return IsCode(v, "Wa", "Wt", "A", "D", "Q") }
	a.Measures = []Measure{
		{ID: "phonics_y1", Column: "Met the standard in Year 1 %", Kind: Percent, Rule: func(r Row) (float64, bool) {
			if r.P.NCYear != 1 || !taken(r.Get(phOutcome)) {
				return 0, false
			}
			return B2F(r.Get(phOutcome).Code == "Wa"), true
		}},
		{ID: "phonics_y2", Column: "Met it by the end of Year 2 %", Kind: Percent, Rule: func(r Row) (float64, bool) {
			y1, y2 := r.Get(phY1Outcome), r.Get(phOutcome)
			if r.P.NCYear != 2 || (y1.Blank() && y2.Blank()) {
				return 0, false
			}
			return B2F(y1.Code == "Wa" || y2.Code == "Wa"), true
		}},
		{ID: "phonics_mark_avg", Column: "Average mark (Year 1)", Kind: Mean, Decimals: 1, Rule: func(r Row) (float64, bool) {
			m := r.Get(phMark)
			return m.Num, r.P.NCYear == 1 && m.IsNum
		}},
	}
	a.Tables = []Table{
		{ID: "phonics_y1", Title: "Year 1 phonics by pupil group", Short: "Year 1",
			Measures: []model.MeasureID{"phonics_y1", "phonics_mark_avg"}, Cohort: "phonics_y1"},
		{ID: "phonics_y2", Title: "Phonics by the end of Year 2 by pupil group", Short: "Year 2",
			Measures: []model.MeasureID{"phonics_y2"}, Cohort: "phonics_y2"},
	}
	a.Charts = []Chart{{ID: "phonics_marks", Title: "Year 1 pupils by phonics mark", Kind: Histogram,
		Column: phMark, NCYear: 1, Min: 0, Max: 40, Marker: "phonics_y1", MarkerDef: DefaultPhonicsThreshold, XLabel: "Mark"}}
	a.PupilList = &PupilList{
		Title: "Pupils who have not met the phonics standard",
		Include: func(r Row) bool {
			o := r.Get(phOutcome)
			if r.P.NCYear == 1 {
				return o.Code == "Wt"
			}
			return r.P.NCYear == 2 && r.Get(phY1Outcome).Code != "Wa" && o.Code != "Wa" && !o.Blank()
		},
		Columns: []ListColumn{
			{Header: "Year group", Text: func(r Row) string { return r.P.NCYear.String() }},
			{Header: "Mark", Text: func(r Row) string {
				if m := r.Get(phMark); m.IsNum {
					return strconv.FormatFloat(m.Num, 'f', -1, 64)
				}
				return "–"
			}},
			{Header: "Outcome", Text: func(r Row) string { return r.Get(phOutcome).Code }},
		},
	}
	return a
}()
