package assess

import (
	"fmt"
	"strconv"

	"github.com/reportpack/reportpack/generator/model"
)

// Attendance columns.
const (
	attPossible = iota
	attAuthorised
	attUnauthorised
)

// everyYearGroup is Reception to Year 14: attendance, behaviour and the
// school's characteristics are of every pupil on roll.
var everyYearGroup = years(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14)

// sessionsHint is a bad session count's hint: most often a column of
// percentages, as attendance reports print them.
const sessionsHint = "a whole number of half-day sessions over the year (a full year is about 380); " +
	"if the column holds attendance or absence percentages, export the session counts instead"

// sessions is a row's possible, authorised and unauthorised sessions; ok
// is false for a row outside attendance measures (no possible sessions).
func sessions(r Row) (possible, auth, unauth float64, ok bool) {
	p := r.Get(attPossible)
	if !p.IsNum || p.Num <= 0 {
		return 0, 0, 0, false
	}
	a, u := r.Get(attAuthorised), r.Get(attUnauthorised)
	return p.Num, a.Num, u.Num, true // a blank absence column is none missed
}

// absenceRate is the row's own absence, 0..1.
func absenceRate(r Row) (float64, bool) {
	p, a, u, ok := sessions(r)
	if !ok {
		return 0, false
	}
	return (a + u) / p, true
}

// attendanceBand is a Percent rule: the row's own attendance (100 −
// absence %) is in [lo, hi).
func attendanceBand(lo, hi float64) func(Row) (float64, bool) {
	return func(r Row) (float64, bool) {
		rate, ok := absenceRate(r)
		if !ok {
			return 0, false
		}
		att := 100 * (1 - rate)
		return B2F(att >= lo && att < hi), true
	}
}

var attendance = &Assessment{ID: "attendance", Title: "Attendance", Short: "Attendance",
	NCYears: everyYearGroup,
	Intro: "Absence is counted in half-day sessions over the school year: the sessions missed, authorised (illness, " +
		"medical appointments) and unauthorised, over the sessions the pupil could have attended. A pupil who moved " +
		"school counts at each school for the sessions on roll there.",
	Notes: []string{"A pupil is persistently absent who missed 10% or more of their possible sessions, and severely " +
		"absent who missed 50% or more. Pupils with no possible sessions are not counted."},
	Home: []model.MeasureID{"att_overall", "att_pa"},
	Columns: []Column{
		{Name: "Sessions_Possible", Aliases: []string{"Possible Sessions", "Possible"}, Label: "half-day sessions the pupil could have attended",
			Kind: Number, Min: 0, Max: 400, Whole: true, Hint: sessionsHint},
		{Name: "Sessions_Authorised", Aliases: []string{"Authorised Absences", "Authorised Absence", "Authorised Sessions"},
			Label: "sessions missed with authorisation", Kind: Number, Min: 0, Max: 400, Whole: true, Hint: sessionsHint},
		{Name: "Sessions_Unauthorised", Aliases: []string{"Unauthorised Absences", "Unauthorised Absence", "Unauthorised Sessions"},
			Label: "sessions missed without authorisation", Kind: Number, Min: 0, Max: 400, Whole: true, Hint: sessionsHint},
	},
	Check: func(r Row) []Problem {
		p, a, u := r.Get(attPossible), r.Get(attAuthorised), r.Get(attUnauthorised)
		if !p.IsNum || a.Num+u.Num <= p.Num {
			if !p.IsNum && (a.IsNum || u.IsNum) && a.Num+u.Num > 0 {
				return []Problem{{Column: attPossible, Message: "absences are given, but no possible sessions",
					Hint: "give the sessions the pupil could have attended, or leave the absences blank"}}
			}
			return nil
		}
		return []Problem{{Column: attAuthorised,
			Message: fmt.Sprintf("authorised (%s) plus unauthorised (%s) absences are more than the %s possible sessions",
				num(a.Num), num(u.Num), num(p.Num)),
			Hint: "absences are counted in the same half-day sessions as the possible ones, and cannot exceed them"}}
	},
	Measures: []Measure{
		{ID: "att_overall", Column: "Overall absence %", Kind: Ratio, Decimals: 1, Scale: 100,
			Ratio: func(r Row) (float64, float64, bool) { p, a, u, ok := sessions(r); return a + u, p, ok }},
		{ID: "att_auth", Column: "Authorised absence %", Kind: Ratio, Decimals: 1, Scale: 100,
			Ratio: func(r Row) (float64, float64, bool) { p, a, _, ok := sessions(r); return a, p, ok }},
		{ID: "att_unauth", Column: "Unauthorised absence %", Kind: Ratio, Decimals: 1, Scale: 100,
			Ratio: func(r Row) (float64, float64, bool) { p, _, u, ok := sessions(r); return u, p, ok }},
		{ID: "att_pa", Column: "Persistent absence %", Kind: Percent, Decimals: 1, Rule: func(r Row) (float64, bool) {
			rate, ok := absenceRate(r)
			return B2F(rate >= 0.1), ok
		}},
		{ID: "att_sa", Column: "Severe absence %", Kind: Percent, Decimals: 1, Rule: func(r Row) (float64, bool) {
			rate, ok := absenceRate(r)
			return B2F(rate >= 0.5), ok
		}},
		{ID: "att_band_98", Label: "Attendance 98% or more", Column: "98%+", Kind: Percent, Decimals: 1, Rule: attendanceBand(98, 101)},
		{ID: "att_band_95", Label: "Attendance 95% to under 98%", Column: "95 to 98%", Kind: Percent, Decimals: 1, Rule: attendanceBand(95, 98)},
		{ID: "att_band_90", Label: "Attendance 90% to under 95%", Column: "90 to 95%", Kind: Percent, Decimals: 1, Rule: attendanceBand(90, 95)},
		{ID: "att_band_50", Label: "Attendance 50% to under 90%", Column: "50 to 90%", Kind: Percent, Decimals: 1, Rule: attendanceBand(50, 90)},
		{ID: "att_band_0", Label: "Attendance under 50%", Column: "Under 50%", Kind: Percent, Decimals: 1, Rule: attendanceBand(-1, 50)},
	},
	Tables: []Table{
		{ID: "att", Title: "Absence by pupil group", Short: "Absence",
			Measures: []model.MeasureID{"att_overall", "att_auth", "att_unauth", "att_pa", "att_sa"}},
		{ID: "att_bands", Title: "Pupils by attendance band, by pupil group", Short: "Bands",
			Measures: []model.MeasureID{"att_band_98", "att_band_95", "att_band_90", "att_band_50", "att_band_0"}},
		{ID: "att_years", Title: "Absence by year group", Short: "By year", ByYearGroup: true,
			Measures: []model.MeasureID{"att_overall", "att_auth", "att_unauth", "att_pa", "att_sa"}},
	},
	Charts: []Chart{
		{ID: "att_bands", Title: "Pupils by attendance band", Kind: Bars, ChooseGroup: true,
			Measures: []model.MeasureID{"att_band_98", "att_band_95", "att_band_90", "att_band_50", "att_band_0"}},
		{ID: "att_pa_years", Title: "Persistent absence by year group", Kind: YearGroupBars, Table: "att_years",
			Measures: []model.MeasureID{"att_pa"}},
	},
	PupilList: &PupilList{
		Title: "Pupils persistently absent (missed 10% or more of their possible sessions)",
		Include: func(r Row) bool {
			rate, ok := absenceRate(r)
			return ok && rate >= 0.1
		},
		Columns: []ListColumn{
			{Header: "Year group", Text: func(r Row) string { return r.P.NCYear.String() }},
			{Header: "Attendance %", Text: func(r Row) string {
				rate, _ := absenceRate(r)
				return strconv.FormatFloat(100*(1-rate), 'f', 1, 64)
			}},
			{Header: "Sessions missed", Text: func(r Row) string { _, a, u, _ := sessions(r); return num(a + u) }},
			{Header: "Unauthorised", Text: func(r Row) string { _, _, u, _ := sessions(r); return num(u) }},
			{Header: "Severe", Text: func(r Row) string {
				if rate, _ := absenceRate(r); rate >= 0.5 {
					return "yes"
				}
				return ""
			}},
		},
	},
}

// num writes a count as a whole number where it is one.
func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
