package site

import (
	"testing"

	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/model"
)

// A table of one year group's measures counts that year group's pupils:
// Year 1's phonics table does not count Year 2's recheck pupils.
func TestRowCohortOfOneYearGroup(t *testing.T) {
	var ps []model.Pupil
	add := func(ncy model.NCYear, mark float64, y1, out string) {
		v := []model.Value{{}, {Code: out}, {Code: y1}}
		if mark >= 0 {
			v[0] = model.Value{Num: mark, IsNum: true}
		}
		ps = append(ps, model.Pupil{URN: "100001", Year: 2025, NCYear: ncy,
			Results: []model.Result{{Assessment: "phonics", Values: v}}})
	}
	for range 3 {
		add(1, 35, "", "Wa")
	}
	add(1, 20, "", "Wt")
	add(2, -1, "Wa", "")
	add(2, 33, "Wt", "Wa")
	res := measures.Compute(ps, nil, model.NationalParams{}, nil, measures.Options{})
	yr := res.KeyStage("phonics").Latest()
	for _, tc := range []struct {
		table string
		want  string
	}{{"phonics_y1", "4"}, {"phonics_y2", "2"}} {
		tb := yr.Table(tc.table)
		if got := rowCohort(tb, &tb.Unfiltered[0]); got != tc.want || tb.Unfiltered[0].Cohort != 6 {
			t.Errorf("%s: all pupils' cohort shows %s (row %d), want %s", tc.table, got, tb.Unfiltered[0].Cohort, tc.want)
		}
	}
	// A table without Cohort shows the row's own.
	tb := &measures.Table{Def: &measures.TableDef{}}
	if got := rowCohort(tb, &measures.Row{Cohort: 7}); got != "7" {
		t.Errorf("row cohort %s", got)
	}
	if got := rowCohort(tb, &measures.Row{Cohort: 7, Suppressed: true}); got != "x" {
		t.Errorf("hidden row cohort %s", got)
	}
}
