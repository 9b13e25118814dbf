package measures

import (
	"slices"
	"testing"

	"github.com/reportpack/reportpack/generator/model"
)

// Attendance, suspensions and school characteristics (whole-school.md),
// worked by hand.

// sessions is an attendance row's three cells.
func sessions(possible, auth, unauth float64) []model.Value {
	return []model.Value{vn(possible), vn(auth), vn(unauth)}
}

// suspended adds a row's behaviour cells.
func suspended(n float64, perm string) func(*model.Pupil) {
	return with("behaviour", vn(n), vc(perm))
}

func withChars(f func(c *model.Characteristics)) func(*model.Pupil) {
	return func(p *model.Pupil) { f(&p.Chars) }
}

// wholeRow is a row of year group ncy carrying no cells but mods'.
func wholeRow(ncy model.NCYear, mods ...func(*model.Pupil)) model.Pupil {
	p := pupil("", mods...)
	p.NCYear = ncy
	return p
}

// attendanceFixture is one primary school's year: ten rows in Years 3 to 5.
//
//	row  year  possible auth unauth  absence  band     behaviour   chars
//	a1   3     100      5    5       10%      90-95    2 susp.     FSM (so disadvantaged), female
//	a2   3     0        -    -       out      -        -           -
//	a3   3     200      150  50      100%     under 50 3 susp., Y  disadvantaged, SEN support
//	a4   3     300      3    0       1%       98+      -           female
//	a5   4     400      10   10      5%       95-98    -           EAL
//	a6   4     380      0    0       0%       98+      -           EAL, female
//	a7   4     100      9    0       9%       90-95    -           -
//	c1   5     -                                       0, N        FSM (so disadvantaged)
//	c2   5     -                                       -           EHC plan, female
//	c3   5     -                                       -           mobile
func attendanceFixture() []model.Pupil {
	att := model.Assessment("attendance")
	return []model.Pupil{
		wpupil(3, att, sessions(100, 5, 5), fsmP, female, suspended(2, "N")),
		wpupil(3, att, []model.Value{vn(0), blank, blank}),
		wpupil(3, att, sessions(200, 150, 50), withChars(func(c *model.Characteristics) {
			c.Disadvantaged, c.SEN = model.FlagYes, model.SENSupport
		}), suspended(3, "Y")),
		wpupil(3, att, sessions(300, 3, 0), female),
		wpupil(4, att, sessions(400, 10, 10), withChars(func(c *model.Characteristics) { c.Language = model.LanguageOther })),
		wpupil(4, att, sessions(380, 0, 0), female, withChars(func(c *model.Characteristics) { c.Language = model.LanguageOther })),
		wpupil(4, att, sessions(100, 9, 0)),
		wholeRow(5, fsmP, suspended(0, "N")),
		wholeRow(5, female, senE),
		wholeRow(5, mobileP),
	}
}

func attendanceNational() model.NationalFigures {
	return model.NationalFigures{
		{Year: year, Measure: "att_overall", Group: "all"}:                     7.1,
		{Year: year, Measure: "att_overall", Group: "all", Phase: "primary"}:   5.5,
		{Year: year, Measure: "att_overall", Group: "all", Phase: "secondary"}: 8.9,
		{Year: year, Measure: "att_overall", Group: "female"}:                  6.9,
		{Year: year, Measure: "att_pa", Group: "all", Phase: "primary"}:        14.6,
		{Year: year, Measure: "sus_rate", Group: "all"}:                        11.31,
	}
}

func TestAttendanceGolden(t *testing.T) {
	r := Compute(attendanceFixture(), attendanceNational(), model.NationalParams{}, nil, Options{Phase: "primary"})
	if r.Phase != "primary" {
		t.Errorf("results' phase %q", r.Phase)
	}
	// Σ possible over the six rows with possible sessions (a2 is out):
	// 100+200+300+400+380+100 = 1480; authorised 5+150+3+10+0+9 = 177;
	// unauthorised 5+50+0+10+0+0 = 65.
	checkCells(t, r, "attendance", []want{
		{"all", "att_overall", 6, 100 * 242.0 / 1480, "16.4"},
		{"all", "att_auth", 6, 100 * 177.0 / 1480, "12.0"},
		{"all", "att_unauth", 6, 100 * 65.0 / 1480, "4.4"},
		// a1 exactly at 10% is persistently absent; a3 (authorised plus
		// unauthorised equal to possible: 100%) persistently and severely.
		{"all", "att_pa", 6, 100 * 2.0 / 6, "33.3"},
		{"all", "att_sa", 6, 100 * 1.0 / 6, "16.7"},
		{"all", "att_band_98", 6, 100 * 2.0 / 6, "33.3"}, // a4 99%, a6 100%
		{"all", "att_band_95", 6, 100 * 1.0 / 6, "16.7"}, // a5 95%
		{"all", "att_band_90", 6, 100 * 2.0 / 6, "33.3"}, // a1 90%, a7 91%
		{"all", "att_band_0", 6, 100 * 1.0 / 6, "16.7"},  // a3 0%
		// Girls: a1, a4, a6 (c2 has no attendance): missed 10+3+0 of 780.
		{"female", "att_overall", 3, 100 * 13.0 / 780, "1.7"},
		{"female", "att_pa", 3, 100 * 1.0 / 3, "33.3"},
	})
	if c := cell(t, r, "attendance", year, "att_band_50", "all"); !c.Has || c.Value != 0 || c.Cohort != 6 {
		t.Errorf("att_band_50: %+v", c)
	}
	// The attendance rows are the seven with cells: a2 counts in the row,
	// not in the measures (0 possible sessions).
	if got := rowCohorts(t, r, "attendance", "att")[0]; got != "all=7" {
		t.Errorf("attendance all row %s", got)
	}
	// National for the school's phase, else for all schools (the girls'
	// own national group has no primary row).
	if c := cell(t, r, "attendance", year, "att_overall", "all"); !c.National.Valid || c.National.V != 5.5 {
		t.Errorf("att_overall national for a primary: %+v", c.National)
	}
	if c := cell(t, r, "attendance", year, "att_overall", "female"); !c.NationalSame.Valid || c.NationalSame.V != 6.9 {
		t.Errorf("att_overall female's own national group (all schools: national.csv has no primary row): %+v", c.NationalSame)
	}
	if c := cell(t, r, "attendance", year, "att_pa", "all"); !c.National.Valid || c.National.V != 14.6 {
		t.Errorf("att_pa national for a primary: %+v", c.National)
	}
	if c := cell(t, r, "behaviour", year, "sus_rate", "all"); !c.National.Valid || c.National.V != 11.31 {
		t.Errorf("sus_rate national, no primary row: falls back to all schools: %+v", c.National)
	}
	sec := Compute(attendanceFixture(), attendanceNational(), model.NationalParams{}, nil, Options{Phase: "secondary"})
	if c := cell(t, sec, "attendance", year, "att_overall", "all"); c.National.V != 8.9 {
		t.Errorf("att_overall national for a secondary: %+v", c.National)
	}
	if c := cell(t, sec, "attendance", year, "att_pa", "all"); c.National.Valid {
		t.Errorf("att_pa for a secondary: national.csv has only a primary figure, none for all schools: %+v", c.National)
	}
	all := Compute(attendanceFixture(), attendanceNational(), model.NationalParams{}, nil, Options{})
	if c := cell(t, all, "attendance", year, "att_overall", "all"); c.National.V != 7.1 {
		t.Errorf("att_overall national for all schools: %+v", c.National)
	}

	// Suspensions per 100 of the headcount: every row of the school,
	// those with no behaviour cells included (5 suspensions, 10 rows).
	checkCells(t, r, "behaviour", []want{
		{"all", "sus_rate", 10, 50, "50.00"},
		{"all", "sus_one_plus", 10, 20, "20.00"},
		{"all", "excl_perm_rate", 10, 10, "10.00"},
		{"disadvantaged", "sus_rate", 3, 100 * 5.0 / 3, "166.67"}, // a1, a3, c1
		{"female", "sus_rate", 4, 50, "50.00"},                    // a1's 2 of a1, a4, a6, c2
	})

	// School characteristics: every row of the school.
	checkCells(t, r, "context", []want{
		{"all", "ctx_roll", 10, 10, "10"},
		{"all", "ctx_fsm", 10, 20, "20.0"},
		{"all", "ctx_disadvantaged", 10, 30, "30.0"},
		{"all", "ctx_sen_support", 10, 10, "10.0"},
		{"all", "ctx_ehcp", 10, 10, "10.0"},
		{"all", "ctx_eal", 10, 20, "20.0"},
		{"all", "ctx_mobile", 10, 10, "10.0"},
		{"female", "ctx_roll", 4, 4, "4"},
	})

	// Tables by year group: a row per year group present, in order.
	if got := rowCohorts(t, r, "attendance", "att_years"); !slices.Equal(got, []string{"ncy_3=4", "ncy_4=3"}) {
		t.Errorf("att_years rows %v", got)
	}
	if got := rowCohorts(t, r, "behaviour", "sus_years"); !slices.Equal(got, []string{"ncy_3=4", "ncy_4=3", "ncy_5=3"}) {
		t.Errorf("sus_years rows %v", got)
	}
	if got := rowCohorts(t, r, "context", "ctx_years"); !slices.Equal(got, []string{"ncy_3=4", "ncy_4=3", "ncy_5=3"}) {
		t.Errorf("ctx_years rows %v", got)
	}
	for _, w := range []struct {
		a       model.Assessment
		table   string
		g       model.GroupID
		id      model.MeasureID
		cohort  int
		value   float64
		shown   string
		natural float64 // the national figure, for all pupils of the phase
	}{
		// Year 3: a1, a3, a4 (a2 out): missed 10+200+3 of 600.
		{"attendance", "att_years", "ncy_3", "att_overall", 3, 100 * 213.0 / 600, "35.5", 5.5},
		{"attendance", "att_years", "ncy_3", "att_pa", 3, 100 * 2.0 / 3, "66.7", 14.6},
		// Year 4: a5, a6, a7: missed 20+0+9 of 880.
		{"attendance", "att_years", "ncy_4", "att_overall", 3, 100 * 29.0 / 880, "3.3", 5.5},
		{"attendance", "att_years", "ncy_4", "att_sa", 3, 0, "0.0", 0},
		{"behaviour", "sus_years", "ncy_3", "sus_rate", 4, 125, "125.00", 11.31},
		{"behaviour", "sus_years", "ncy_3", "excl_perm_rate", 4, 25, "25.00", 0},
		{"behaviour", "sus_years", "ncy_5", "sus_rate", 3, 0, "0.00", 11.31},
		{"context", "ctx_years", "ncy_5", "ctx_roll", 3, 3, "3", 0},
		{"context", "ctx_years", "ncy_5", "ctx_fsm", 3, 100.0 / 3, "33.3", 0},
	} {
		c, g := yearCell(t, r, w.a, w.table, w.g, w.id)
		m := MeasureByID(w.id)
		if !c.Has || c.Cohort != w.cohort || !near(c.Value, w.value) || m.Format(c.Value) != w.shown {
			t.Errorf("%s %s %s: %+v, want cohort %d value %v %q", w.table, w.g, w.id, c, w.cohort, w.value, w.shown)
		}
		if (w.natural != 0) != c.National.Valid || c.National.V != w.natural || c.NationalSameIsAll != c.National.Valid {
			t.Errorf("%s %s %s: national %+v (same %+v, is all %v), want the all-pupils figure %v", w.table, w.g, w.id,
				c.National, c.NationalSame, c.NationalSameIsAll, w.natural)
		}
		if want := "Year " + string(g.ID[len("ncy_"):]); g.Label != want {
			t.Errorf("%s: label %q, want %q", g.ID, g.Label, want)
		}
	}
	yr := r.KeyStage("attendance").Latest()
	if tb := yr.Table("att_years"); tb.Filtered != nil {
		t.Errorf("a table by year group has no filtered versions: %d", len(tb.Filtered))
	}
	// The headline is the table by pupil group's, not a year group's.
	if h := yr.Headline("att_overall"); h.Cell.Cohort != 6 || !near(h.Cell.Value, 100*242.0/1480) {
		t.Errorf("att_overall headline %+v", h.Cell)
	}
	if YearGroup(0).ID != "ncy_R" || YearGroup(0).Label != "Reception" || YearGroup(model.NoNCYear).ID != "ncy_none" {
		t.Errorf("year group rows %v %v", YearGroup(0), YearGroup(model.NoNCYear))
	}
}

// yearCell is a measure's cell in a year group's row of a table by year
// group.
func yearCell(t *testing.T, r Results, a model.Assessment, table string, g model.GroupID, id model.MeasureID) (Cell, *Group) {
	t.Helper()
	tb := r.KeyStage(a).Latest().Table(table)
	if tb == nil || !tb.Def.ByYearGroup {
		t.Fatalf("%s: no table by year group %s", a, table)
	}
	for _, row := range tb.Unfiltered {
		if row.Group.ID == g {
			return row.Cells[tb.Column(id)], row.Group
		}
	}
	t.Fatalf("%s: no row %s", table, g)
	return Cell{}, nil
}

// TestEveryRowYears: an EveryRow assessment with columns (behaviour) has
// results only in the years in which some row has its cells; one without
// (context) in every year of the school's rows.
func TestEveryRowYears(t *testing.T) {
	ps := attendanceFixture()
	for _, y := range []model.Year{year - 1} {
		p := wholeRow(6)
		p.Year = y
		ps = append(ps, p)
	}
	r := Compute(ps, nil, model.NationalParams{}, nil, Options{})
	years := func(a model.Assessment) []model.Year {
		var out []model.Year
		for _, yr := range r.KeyStage(a).Years {
			out = append(out, yr.Year)
		}
		return out
	}
	if got := years("behaviour"); !slices.Equal(got, []model.Year{year}) {
		t.Errorf("behaviour years %v", got)
	}
	if got := years("context"); !slices.Equal(got, []model.Year{year - 1, year}) {
		t.Errorf("context years %v", got)
	}
	if c := r.KeyStage("context").Year(year - 1).Headline("ctx_roll").Cell; c.Value != 1 || c.Cohort != 1 {
		t.Errorf("ctx_roll in the earlier year %+v", c)
	}
}

func TestPhaseOf(t *testing.T) {
	rows := func(ys ...model.NCYear) []model.Pupil {
		var out []model.Pupil
		for _, y := range ys {
			out = append(out, wholeRow(y))
		}
		return out
	}
	for _, c := range []struct {
		ys   []model.NCYear
		want model.Phase
	}{
		{[]model.NCYear{0, 1, 6}, "primary"},
		{[]model.NCYear{7, 11, 13}, "secondary"},
		{[]model.NCYear{6, 7}, ""},
		{[]model.NCYear{model.NoNCYear, 3}, "primary"},
		{nil, ""},
	} {
		if got := PhaseOf(rows(c.ys...)); got != c.want {
			t.Errorf("PhaseOf(%v) = %q, want %q", c.ys, got, c.want)
		}
	}
}

// TestRareEventOutcome: at the shareable profiles' thresholds, one
// suspension in a group of 7 is not shown, not as a rate (sus_rate) nor as
// a percentage of pupils (sus_one_plus): fewer than min_group pupils of
// the group were suspended. The school's own rate shows.
func TestRareEventOutcome(t *testing.T) {
	var ps []model.Pupil
	for i := range 30 {
		var mods []func(*model.Pupil)
		if i < 7 {
			mods = append(mods, female)
		}
		switch {
		case i == 0:
			mods = append(mods, suspended(1, "N")) // the one girl
		case i >= 7 && i < 19:
			mods = append(mods, suspended(2, "N")) // twelve boys
		}
		ps = append(ps, wholeRow(model.NCYear(3+i%2), mods...))
	}
	r := Compute(ps, nil, model.NationalParams{}, nil, Options{MinCohort: 6, MinGroup: 10})
	for _, id := range []model.MeasureID{"sus_rate", "sus_one_plus"} {
		if c := cell(t, r, "behaviour", year, id, "female"); !c.Suppressed || c.Reason != ReasonOutcome {
			t.Errorf("%s for 7 girls, one suspended: %+v", id, c)
		}
		if c := cell(t, r, "behaviour", year, id, "all"); c.Suppressed {
			t.Errorf("%s for the school: %+v", id, c)
		}
	}
	// The boys' 24 suspensions over 23 boys: shown would give the girl's
	// away (all less boys), so the audit hides it.
	if c := cell(t, r, "behaviour", year, "sus_rate", "male"); !c.Suppressed {
		t.Errorf("sus_rate for the boys shows beside the school's: the girls' one suspension comes out: %+v", c)
	}
	// With the outcome rule off, the audit alone: girls' 1 suspension is
	// a sum over 7 pupils, not a single pupil's, so it may show.
	r = Compute(ps, nil, model.NationalParams{}, nil, Options{MinCohort: 6})
	if c := cell(t, r, "behaviour", year, "sus_rate", "female"); c.Suppressed {
		t.Errorf("sus_rate for 7 girls without the outcome rule: %+v", c)
	}
}

// TestYearGroupDifferencing: a year group of 6 and the girls, who are
// that year group and one pupil more, cannot both show their absence:
// the difference is one pupil's sessions.
func TestYearGroupDifferencing(t *testing.T) {
	att := model.Assessment("attendance")
	var ps []model.Pupil
	for i := range 20 {
		var mods []func(*model.Pupil)
		ncy := model.NCYear(6)
		if i < 6 {
			ncy = 5
		}
		if i < 7 {
			mods = append(mods, female)
		}
		ps = append(ps, wpupil(ncy, att, sessions(300, float64(5+i), float64(i%3)), mods...))
	}
	r := Compute(ps, nil, model.NationalParams{}, nil, Options{MinCohort: 6})
	y5, _ := yearCell(t, r, "attendance", "att_years", "ncy_5", "att_overall")
	girls := cell(t, r, "attendance", year, "att_overall", "female")
	if !y5.Suppressed && !girls.Suppressed {
		t.Errorf("Year 5 (%+v) and the girls (%+v) both show: one pupil's absence is their difference", y5, girls)
	}
	// The same by year group alone: Year 6 is all pupils less Year 5.
	y6, _ := yearCell(t, r, "attendance", "att_years", "ncy_6", "att_overall")
	if y5.Suppressed == y6.Suppressed && y5.Suppressed {
		// both hidden is safe; one hidden alone beside all pupils is not
	} else if y5.Suppressed != y6.Suppressed {
		t.Errorf("one year group hidden beside the other shown and all pupils: %+v %+v", y5, y6)
	}
}
