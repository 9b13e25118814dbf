package measures

import (
	"fmt"
	"slices"
	"testing"

	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/catalog"
	"github.com/reportpack/reportpack/generator/model"
)

// Golden tests of the declared assessments (whole-school.md): small
// invented cohorts built as []model.Pupil with Results, every figure
// worked out by hand in the comments. Values are in each assessment's
// column order (package assess): EYFS ELG01..ELG17; phonics Phonics_Mark,
// Phonics_Outcome, Phonics_Y1_Outcome; KS1 KS1_Read, KS1_Writ, KS1_Mat,
// KS1_Sci; MTC MTC_Score.

// vc is a cell holding a code; vn one holding a number; blank is empty.
func vc(c string) model.Value  { return model.Value{Code: c} }
func vn(n float64) model.Value { return model.Value{Num: n, IsNum: true} }

var blank = model.Value{}

// wpupil is a whole-school row of year group ncy carrying one declared
// assessment's cells, with pupil's ordinary characteristics and mods.
func wpupil(ncy model.NCYear, a model.Assessment, vals []model.Value, mods ...func(*model.Pupil)) model.Pupil {
	p := pupil("", mods...)
	p.NCYear = ncy
	p.Results = append(p.Results, model.Result{Assessment: a, Values: vals})
	return p
}

// with adds another assessment's cells to the row.
func with(a model.Assessment, vals ...model.Value) func(*model.Pupil) {
	return func(p *model.Pupil) { p.Results = append(p.Results, model.Result{Assessment: a, Values: vals}) }
}

func born(t model.BirthTerm) func(*model.Pupil) {
	return func(p *model.Pupil) { p.Chars.BirthTerm = t }
}

func fsmP(p *model.Pupil) {
	p.Chars.FSM, p.Chars.FSM6, p.Chars.Disadvantaged = model.FlagYes, model.FlagYes, model.FlagYes
}

// goals is an EYFS row's 17 cells: every goal "2" but those in ones ("1")
// and those in absent ("A").
func goals(ones []int, absent ...int) []model.Value {
	v := make([]model.Value, 17)
	for i := range v {
		v[i] = vc("2")
	}
	for _, g := range ones {
		v[g-1] = vc("1")
	}
	for _, g := range absent {
		v[g-1] = vc("A")
	}
	return v
}

func span(from, to int) []int {
	var out []int
	for g := from; g <= to; g++ {
		out = append(out, g)
	}
	return out
}

// eyfsFixture: six Reception children.
//
//	e1 female autumn: every goal 2                      GLD yes, 17 goals, all17 yes, CLL yes
//	e2 female autumn: 1-12 at 2, 13-17 at 1             GLD yes, 12 goals, all17 no,  CLL yes
//	e3 male spring FSM: 09 (word reading) at 1          GLD no,  16 goals, all17 no,  CLL no
//	e4 male summer: every goal 1 but 06                 GLD no,   1 goal,  all17 no,  CLL no
//	e5 male, no date of birth: 03 and 17 at 1           GLD no,  15 goals, all17 no,  CLL yes
//	e6 male summer: A in goal 05, the rest 2            outside every EYFS measure
func eyfsFixture() []model.Pupil {
	notSix := slices.DeleteFunc(span(1, 17), func(g int) bool { return g == 6 })
	return []model.Pupil{
		wpupil(0, "eyfs", goals(nil), female, born(model.BirthAutumn)),
		wpupil(0, "eyfs", goals(span(13, 17)), female, born(model.BirthAutumn)),
		wpupil(0, "eyfs", goals([]int{9}), fsmP, born(model.BirthSpring)),
		wpupil(0, "eyfs", goals(notSix), born(model.BirthSummer)),
		wpupil(0, "eyfs", goals([]int{3, 17})),
		wpupil(0, "eyfs", goals(nil, 5), born(model.BirthSummer)),
	}
}

// want is one cell's expected figure: its cohort, its value and the value
// as pages show it (Measure.Format).
type want struct {
	g      model.GroupID
	id     model.MeasureID
	cohort int
	value  float64
	shown  string
}

func checkCells(t *testing.T, r Results, a model.Assessment, ws []want) {
	t.Helper()
	for _, w := range ws {
		c := cell(t, r, a, year, w.id, w.g)
		m := MeasureByID(w.id)
		if c.Cohort != w.cohort || !c.Has || !near(c.Value, w.value) || m.Format(c.Value) != w.shown {
			t.Errorf("%s %s: cohort %d value %v shown %q (has %v); want %d %v %q",
				w.id, w.g, c.Cohort, c.Value, m.Format(c.Value), c.Has, w.cohort, w.value, w.shown)
		}
	}
}

// rowCohorts is each unfiltered row's group and cohort, in order.
func rowCohorts(t *testing.T, r Results, a model.Assessment, table string) []string {
	t.Helper()
	tb := r.KeyStage(a).Latest().Table(table)
	if tb == nil {
		t.Fatalf("%s: no table %s", a, table)
	}
	var out []string
	for _, row := range tb.Unfiltered {
		out = append(out, fmt.Sprintf("%s=%d", row.Group.ID, row.Cohort))
	}
	return out
}

func tableColumns(t *testing.T, r Results, a model.Assessment, table string) []model.MeasureID {
	t.Helper()
	tb := r.KeyStage(a).Latest().Table(table)
	if tb == nil {
		t.Fatalf("%s: no table %s", a, table)
	}
	var out []model.MeasureID
	for _, m := range tb.Measures {
		out = append(out, m.ID)
	}
	return out
}

func TestEYFSGolden(t *testing.T) {
	r := Compute(eyfsFixture(), nil, model.NationalParams{}, nil, Options{})
	checkCells(t, r, "eyfs", []want{
		{"all", "eyfs_gld", 5, 40, "40"},                // e1, e2 of 5; e6 (A) is outside
		{"all", "eyfs_elg_avg", 5, 61.0 / 5, "12.2"},    // (17+12+16+1+15)/5
		{"all", "eyfs_all17", 5, 20, "20"},              // e1
		{"all", "eyfs_cll", 5, 60, "60"},                // e1, e2, e5: 01, 02, 08, 09, 10 at 2
		{"all", "eyfs_elg01", 5, 80, "80"},              // all but e4
		{"all", "eyfs_elg06", 5, 100, "100"},            // e4's one goal at 2
		{"all", "eyfs_elg09", 5, 60, "60"},              // not e3 (word reading), not e4
		{"all", "eyfs_elg13", 5, 60, "60"},              // e1, e3, e5
		{"all", "eyfs_elg17", 5, 40, "40"},              // e1, e3
		{"male", "eyfs_cll", 3, 100.0 / 3, "33"},        // e5 of e3, e4, e5
		{"male", "eyfs_elg_avg", 3, 32.0 / 3, "10.7"},   // (16+1+15)/3
		{"female", "eyfs_elg_avg", 2, 14.5, "14.5"},     // (17+12)/2
		{"female", "eyfs_gld", 2, 100, "100"},           // e1, e2
		{"fsm", "eyfs_gld", 1, 0, "0"},                  // e3
		{"birth_autumn", "eyfs_gld", 2, 100, "100"},     // e1, e2
		{"birth_spring", "eyfs_elg_avg", 1, 16, "16.0"}, // e3
		{"birth_summer", "eyfs_elg_avg", 1, 1, "1.0"},   // e4; e6 is outside
	})
	// Row cohorts count every child of the assessment (e6 too); the birth
	// rows add up to the children with a known term (all but e5).
	got := rowCohorts(t, r, "eyfs", "eyfs_headline")
	wantRows := []string{"all=6", "male=4", "female=2", "disadvantaged=1", "other=5", "fsm=1", "no_sen=6", "eng_first=6",
		"non_mobile=6", "eth_white=6", "birth_autumn=2", "birth_spring=1", "birth_summer=2"}
	if !slices.Equal(got, wantRows) {
		t.Errorf("eyfs_headline rows %v, want %v", got, wantRows)
	}
	if got := tableColumns(t, r, "eyfs", "eyfs_headline"); !slices.Equal(got, []model.MeasureID{"eyfs_gld", "eyfs_elg_avg", "eyfs_all17", "eyfs_cll"}) {
		t.Errorf("eyfs_headline columns %v", got)
	}
	cols := tableColumns(t, r, "eyfs", "eyfs_goals")
	if len(cols) != 17 || cols[0] != "eyfs_elg01" || cols[16] != "eyfs_elg17" {
		t.Errorf("eyfs_goals columns %v", cols)
	}
	yr := r.KeyStage("eyfs").Latest()
	if len(yr.Tables) != 2 || yr.Tables[0].Def.ID != "eyfs_headline" || yr.Tables[1].Def.ID != "eyfs_goals" {
		t.Errorf("eyfs tables %v", yr.Tables)
	}
	// Filtering by a term of birth recomputes the table over its pupils.
	f, err := ParseFilter("birth=birth_autumn")
	if err != nil {
		t.Fatal(err)
	}
	row, tb := find(t, r, "eyfs", year, "eyfs_all17", "all", f)
	if c := row.Cells[tb.Column("eyfs_all17")]; c.Cohort != 2 || !near(c.Value, 50) || c.National.Valid {
		t.Errorf("all17 under %q: %+v, want 50%% of 2, no national", f, c)
	}
	if hasRow(r, "eyfs", "eyfs_headline", "birth_spring", f) {
		t.Errorf("a birth filter's table shows another birth row")
	}
	// Headlines are the unfiltered "All pupils" cells.
	if h := yr.Headline("eyfs_gld"); h == nil || h.Cell.Cohort != 5 || !near(h.Cell.Value, 40) {
		t.Errorf("eyfs_gld headline %+v", h)
	}
}

// phonicsFixture: seven Year 1 rows and five Year 2 rows. Only q2 also
// carries KS1 results (see TestTwoAssessmentsOneRow).
//
//	Y1: p1 36 Wa; p2 32 Wa (the threshold); p3 20 Wt; p4 A; p5 D; p6 Q;
//	    p7 L (left: outside the Year 1 cohort)
//	Y2: q1 Y1 Wa (Phonics_Y1_Outcome), no recheck; q2 Y1 Wt, recheck 34 Wa;
//	    q3 Y1 Wt, recheck 28 Wt; q4 every cell blank; q5 no Y1 outcome,
//	    recheck A
func phonicsFixture() []model.Pupil {
	ph := func(mark, out, y1 model.Value) []model.Value { return []model.Value{mark, out, y1} }
	return []model.Pupil{
		wpupil(1, "phonics", ph(vn(36), vc("Wa"), blank), female, born(model.BirthAutumn)),
		wpupil(1, "phonics", ph(vn(32), vc("Wa"), blank), born(model.BirthSummer)),
		wpupil(1, "phonics", ph(vn(20), vc("Wt"), blank), female, fsmP, born(model.BirthSummer)),
		wpupil(1, "phonics", ph(blank, vc("A"), blank), born(model.BirthSpring)),
		wpupil(1, "phonics", ph(blank, vc("D"), blank), senE),
		wpupil(1, "phonics", ph(blank, vc("Q"), blank)),
		wpupil(1, "phonics", ph(blank, vc("L"), blank), born(model.BirthAutumn)),
		wpupil(2, "phonics", ph(blank, blank, vc("Wa"))),
		wpupil(2, "phonics", ph(vn(34), vc("Wa"), vc("Wt")), female,
			with("ks1", vc("EXS"), vc("EXS"), vc("EXS"), vc("EXS"))),
		wpupil(2, "phonics", ph(vn(28), vc("Wt"), vc("Wt"))),
		wpupil(2, "phonics", ph(blank, blank, blank)),
		wpupil(2, "phonics", ph(blank, vc("A"), blank)),
	}
}

func TestPhonicsGolden(t *testing.T) {
	r := Compute(phonicsFixture(), nil, model.NationalParams{}, nil, Options{})
	checkCells(t, r, "phonics", []want{
		{"all", "phonics_y1", 6, 100.0 / 3, "33"},           // p1, p2 of p1..p6: A, D and Q count, L does not
		{"all", "phonics_mark_avg", 3, 88.0 / 3, "29.3"},    // (36+32+20)/3; Year 2 marks (34, 28) are not in it
		{"all", "phonics_y2", 4, 50, "50"},                  // q1 (Y1 Wa), q2 (recheck Wa) of q1, q2, q3, q5; q4 outside
		{"female", "phonics_y1", 2, 50, "50"},               // p1 of p1, p3
		{"female", "phonics_y2", 1, 100, "100"},             // q2
		{"fsm", "phonics_y1", 1, 0, "0"},                    // p3
		{"ehcp", "phonics_y1", 1, 0, "0"},                   // p5 (D)
		{"birth_summer", "phonics_y1", 2, 50, "50"},         // p2, p3
		{"birth_summer", "phonics_mark_avg", 2, 26, "26.0"}, // (32+20)/2
		{"birth_autumn", "phonics_y1", 1, 100, "100"},       // p1; p7 (L) outside
	})
	// The two tables, their columns, and rows by group. Every row of the
	// assessment's year counts in a row's cohort (Year 1 and Year 2).
	if got := tableColumns(t, r, "phonics", "phonics_y1"); !slices.Equal(got, []model.MeasureID{"phonics_y1", "phonics_mark_avg"}) {
		t.Errorf("phonics_y1 columns %v", got)
	}
	if got := tableColumns(t, r, "phonics", "phonics_y2"); !slices.Equal(got, []model.MeasureID{"phonics_y2"}) {
		t.Errorf("phonics_y2 columns %v", got)
	}
	got := rowCohorts(t, r, "phonics", "phonics_y1")
	wantRows := []string{"all=12", "male=9", "female=3", "disadvantaged=1", "other=11", "fsm=1", "no_sen=11", "ehcp=1",
		"eng_first=12", "non_mobile=12", "eth_white=12", "birth_autumn=2", "birth_spring=1", "birth_summer=2"}
	if !slices.Equal(got, wantRows) {
		t.Errorf("phonics_y1 rows %v, want %v", got, wantRows)
	}
	// No threshold in national.toml: the default (32) makes p2 a Wa, which
	// the rule reads from the outcome, not the mark.
	if c := cell(t, r, "phonics", year, "phonics_y1", "birth_summer"); c.Cohort != 2 {
		t.Errorf("birth_summer phonics_y1 cohort %d", c.Cohort)
	}
}

// ks1Fixture: nine Year 2 rows (k9 is TestTwoAssessmentsOneRow's q2 in
// phonicsFixture; it is repeated here so that KS1 stands alone).
//
//	     read writ mat sci
//	k1   GDS  GDS  GDS EXS
//	k2   EXS  EXS  WTS HNM
//	k3   EXS  GDS  EXS EXS
//	k4   A    EXS  EXS A
//	k5   D    D    D   D
//	k6   L    EXS  EXS L
//	k7   F    P    Q   (blank)
//	k8   (b)  EXS  GDS EXS
//	k9   EXS  EXS  EXS EXS
func ks1Fixture() []model.Pupil {
	k := func(read, writ, mat, sci string) []model.Value {
		out := make([]model.Value, 4)
		for i, s := range []string{read, writ, mat, sci} {
			if s != "" {
				out[i] = vc(s)
			}
		}
		return out
	}
	return []model.Pupil{
		wpupil(2, "ks1", k("GDS", "GDS", "GDS", "EXS"), female, born(model.BirthAutumn)),
		wpupil(2, "ks1", k("EXS", "EXS", "WTS", "HNM"), born(model.BirthSummer)),
		wpupil(2, "ks1", k("EXS", "GDS", "EXS", "EXS"), female, born(model.BirthSpring)),
		wpupil(2, "ks1", k("A", "EXS", "EXS", "A"), born(model.BirthSummer)),
		wpupil(2, "ks1", k("D", "D", "D", "D"), senE),
		wpupil(2, "ks1", k("L", "EXS", "EXS", "L")),
		wpupil(2, "ks1", k("F", "P", "Q", "")),
		wpupil(2, "ks1", k("", "EXS", "GDS", "EXS")),
		wpupil(2, "ks1", k("EXS", "EXS", "EXS", "EXS"), female),
	}
}

func TestKS1Golden(t *testing.T) {
	r := Compute(ks1Fixture(), nil, model.NationalParams{}, nil, Options{})
	checkCells(t, r, "ks1", []want{
		// Reading: k1, k2, k3, k4 (A), k5 (D), k9; not k6 (L), k7 (F), k8 (blank).
		{"all", "ks1_read_exp", 6, 200.0 / 3, "67"}, // k1, k2, k3, k9
		{"all", "ks1_read_gds", 6, 100.0 / 6, "17"}, // k1
		// Writing: all but k7 (P).
		{"all", "ks1_writ_exp", 8, 87.5, "88"}, // 7 of 8: not k5 (D); 87.5 rounds half away from zero
		{"all", "ks1_writ_gds", 8, 25, "25"},   // k1, k3
		// Maths: all but k7 (Q).
		{"all", "ks1_mat_exp", 8, 75, "75"}, // k1, k3, k4, k6, k8, k9; not k2 (WTS), k5 (D)
		{"all", "ks1_mat_gds", 8, 25, "25"}, // k1, k8
		// Science: k1, k2, k3, k4 (A), k5 (D), k8, k9; not k6 (L), k7 (blank).
		{"all", "ks1_sci_exp", 7, 400.0 / 7, "57"}, // k1, k3, k8, k9; HNM (k2) does not meet it
		// RWM: pupils in all three cohorts: k1, k2, k3, k4, k5, k9.
		{"all", "ks1_rwm_exp", 6, 50, "50"},           // k1, k3, k9
		{"all", "ks1_rwm_gds", 6, 100.0 / 6, "17"},    // k1
		{"female", "ks1_rwm_exp", 3, 100, "100"},      // k1, k3, k9
		{"male", "ks1_rwm_exp", 3, 0, "0"},            // k2, k4, k5
		{"male", "ks1_sci_exp", 4, 25, "25"},          // k8 of k2, k4, k5, k8
		{"birth_summer", "ks1_read_exp", 2, 50, "50"}, // k2 of k2, k4
	})
	if got := tableColumns(t, r, "ks1", "ks1_rwm"); !slices.Equal(got, []model.MeasureID{"ks1_rwm_exp", "ks1_rwm_gds"}) {
		t.Errorf("ks1_rwm columns %v", got)
	}
	if got := tableColumns(t, r, "ks1", "ks1_subjects"); !slices.Equal(got, []model.MeasureID{"ks1_read_exp", "ks1_read_gds",
		"ks1_writ_exp", "ks1_writ_gds", "ks1_mat_exp", "ks1_mat_gds", "ks1_sci_exp"}) {
		t.Errorf("ks1_subjects columns %v", got)
	}
	got := rowCohorts(t, r, "ks1", "ks1_rwm")
	wantRows := []string{"all=9", "male=6", "female=3", "other=9", "no_sen=8", "ehcp=1", "eng_first=9", "non_mobile=9",
		"eth_white=9", "birth_autumn=1", "birth_spring=1", "birth_summer=2"}
	if !slices.Equal(got, wantRows) {
		t.Errorf("ks1_rwm rows %v, want %v", got, wantRows)
	}
}

// mtcFixture: twelve Year 4 rows.
//
//	m1 25, m2 25, m3 20, m4 13, m12 0: scores;
//	m5 A, m6 B, m7 J, m8 L, m9 U, m10 X: reasons (in the full-marks
//	denominator, not in the average); m11 blank: outside both.
func mtcFixture() []model.Pupil {
	m := func(v model.Value, mods ...func(*model.Pupil)) model.Pupil {
		return wpupil(4, "mtc", []model.Value{v}, mods...)
	}
	return []model.Pupil{
		m(vn(25), female, born(model.BirthAutumn)), m(vn(25), born(model.BirthAutumn)), m(vn(20), female),
		m(vn(13), female, born(model.BirthSummer)), m(vc("A")), m(vc("B"), senE), m(vc("J")), m(vc("L")),
		m(vc("U"), senE), m(vc("X")), m(blank, born(model.BirthSummer)), m(vn(0), female, born(model.BirthSummer)),
	}
}

func TestMTCGolden(t *testing.T) {
	r := Compute(mtcFixture(), nil, model.NationalParams{}, nil, Options{})
	checkCells(t, r, "mtc", []want{
		{"all", "mtc_avg", 5, 83.0 / 5, "16.6"},     // (25+25+20+13+0)/5
		{"all", "mtc_full", 11, 200.0 / 11, "18"},   // m1, m2 of the 5 scores and 6 reasons
		{"female", "mtc_avg", 4, 14.5, "14.5"},      // (25+20+13+0)/4
		{"female", "mtc_full", 4, 25, "25"},         // m1
		{"male", "mtc_full", 7, 100.0 / 7, "14"},    // m2 of m2, m5..m10
		{"ehcp", "mtc_full", 2, 0, "0"},             // m6 (B), m9 (U)
		{"birth_summer", "mtc_avg", 2, 6.5, "6.5"},  // m4, m12; m11 (blank) outside
		{"birth_summer", "mtc_full", 2, 0, "0"},     // m4, m12
		{"birth_autumn", "mtc_full", 2, 100, "100"}, // m1, m2
	})
	if got := tableColumns(t, r, "mtc", "mtc"); !slices.Equal(got, []model.MeasureID{"mtc_avg", "mtc_full"}) {
		t.Errorf("mtc columns %v", got)
	}
	got := rowCohorts(t, r, "mtc", "mtc")
	wantRows := []string{"all=12", "male=8", "female=4", "other=12", "no_sen=10", "ehcp=2", "eng_first=12", "non_mobile=12",
		"eth_white=12", "birth_autumn=2", "birth_summer=3"}
	if !slices.Equal(got, wantRows) {
		t.Errorf("mtc rows %v, want %v", got, wantRows)
	}
	// The headline of a mean shows one decimal place.
	if h := r.KeyStage("mtc").Latest().Headline("mtc_avg"); h == nil || MeasureByID("mtc_avg").Format(h.Cell.Value) != "16.6" {
		t.Errorf("mtc_avg headline %+v", h)
	}
}

// TestTwoAssessmentsOneRow: a Year 2 row with a phonics recheck and KS1
// results counts in both assessments' figures.
func TestTwoAssessmentsOneRow(t *testing.T) {
	ps := append(phonicsFixture(), ks1Fixture()[:8]...) // k9 is phonics' q2
	r := Compute(ps, nil, model.NationalParams{}, nil, Options{})
	standalone := Compute(ks1Fixture(), nil, model.NationalParams{}, nil, Options{})
	for _, id := range []model.MeasureID{"ks1_rwm_exp", "ks1_read_exp", "ks1_writ_exp", "ks1_mat_exp", "ks1_sci_exp"} {
		for _, g := range []model.GroupID{"all", "female", "male"} {
			if got, want := cell(t, r, "ks1", year, id, g), cell(t, standalone, "ks1", year, id, g); got != want {
				t.Errorf("%s %s with q2 from the phonics rows: %+v, want %+v", id, g, got, want)
			}
		}
	}
	if c := cell(t, r, "phonics", year, "phonics_y2", "all"); c.Cohort != 4 || !near(c.Value, 50) {
		t.Errorf("phonics_y2 with the KS1 rows: %+v", c)
	}
	// The KS1 table counts 9 pupils; phonics' rows 12: q2 is in both.
	if got := rowCohorts(t, r, "ks1", "ks1_rwm")[0]; got != "all=9" {
		t.Errorf("ks1 all row %s", got)
	}
	if got := rowCohorts(t, r, "phonics", "phonics_y2")[0]; got != "all=12" {
		t.Errorf("phonics all row %s", got)
	}
	if got := KeyStages(); !slices.Contains(got, "ks1") || !slices.Contains(got, "phonics") {
		t.Errorf("assessments %v", got)
	}
	var order []model.Assessment
	for _, kr := range r.KeyStages {
		order = append(order, kr.KeyStage)
	}
	// School characteristics are of every row in every year (EveryRow,
	// no columns).
	if !slices.Equal(order, []model.Assessment{"phonics", "ks1", "context"}) {
		t.Errorf("results in order %v, want the registry's (phonics, ks1, context)", order)
	}
}

// TestNotFSMComparator: for EYFS and phonics the fsm row's default
// national figure is national not_fsm where the figures have it for the
// measure and year, else other, as before; "switch comparator" still
// shows national fsm. Key stage 4 keeps "other".
func TestNotFSMComparator(t *testing.T) {
	ps := append(eyfsFixture(), phonicsFixture()...)
	ps = append(ps, pupil(model.KS4, fsmP, kPrior(100), kA8(50), kP8(0.1)), pupil(model.KS4, kPrior(100), kA8(40), kP8(-0.1)))
	nat := model.NationalFigures{}
	set := func(y model.Year, m model.MeasureID, g model.GroupID, v float64) {
		nat[model.NationalKey{Year: y, Measure: m, Group: g}] = v
	}
	// eyfs_gld: not_fsm, other and fsm this year: not_fsm.
	set(year, "eyfs_gld", "all", 67.7)
	set(year, "eyfs_gld", "fsm", 51.6)
	set(year, "eyfs_gld", "not_fsm", 71.0)
	set(year, "eyfs_gld", "other", 70.2)
	// eyfs_elg_avg: other only: other, as before.
	set(year, "eyfs_elg_avg", "other", 14.6)
	// eyfs_cll: not_fsm last year, other this year: this year's other.
	set(year-1, "eyfs_cll", "not_fsm", 80.0)
	set(year, "eyfs_cll", "other", 79.0)
	// eyfs_all17: not_fsm last year only: the latest not_fsm.
	set(year-1, "eyfs_all17", "not_fsm", 68.0)
	// phonics_y1: not_fsm.
	set(year, "phonics_y1", "not_fsm", 83.0)
	set(year, "phonics_y1", "other", 82.0)
	// ks4_p8: not_fsm is not used where other is the year's.
	set(year, "ks4_p8", "other", 0.17)
	set(year, "ks4_p8", "disadvantaged", -0.57)
	r := Compute(ps, nat, model.NationalParams{}, nil, Options{})
	tests := []struct {
		a    model.Assessment
		id   model.MeasureID
		g    model.GroupID
		nat  float64
		comp Comparator
		same float64
	}{
		{"eyfs", "eyfs_gld", "fsm", 71.0, CompareNotFSM, 51.6},
		{"eyfs", "eyfs_gld", "disadvantaged", 70.2, CompareOther, 67.7}, // national file has no disadvantaged: same is all
		{"eyfs", "eyfs_gld", "all", 67.7, CompareAll, 67.7},
		{"eyfs", "eyfs_elg_avg", "fsm", 14.6, CompareOther, 0},
		{"eyfs", "eyfs_cll", "fsm", 79.0, CompareOther, 0},
		{"eyfs", "eyfs_all17", "fsm", 68.0, CompareNotFSM, 0},
		{"phonics", "phonics_y1", "fsm", 83.0, CompareNotFSM, 0},
		{"ks4", "ks4_p8", "disadvantaged", 0.17, CompareOther, -0.57},
	}
	for _, tc := range tests {
		c := cell(t, r, tc.a, year, tc.id, tc.g)
		if !c.National.Valid || !near(c.National.V, tc.nat) || c.Comparator != tc.comp {
			t.Errorf("%s %s: national %+v under %q, want %v under %q", tc.id, tc.g, c.National, c.Comparator, tc.nat, tc.comp)
		}
		if tc.same != 0 && (!c.NationalSame.Valid || !near(c.NationalSame.V, tc.same)) {
			t.Errorf("%s %s: same-group national %+v, want %v", tc.id, tc.g, c.NationalSame, tc.same)
		}
	}
	// No figure at all: no comparator.
	if c := cell(t, r, "eyfs", year, "eyfs_elg01", "fsm"); c.National.Valid || c.Comparator != 0 {
		t.Errorf("eyfs_elg01 fsm with no national figure: %+v", c)
	}
	// The fsm group's declared comparator is still other (measures.md); it
	// prefers not_fsm.
	if g := GroupByID("fsm"); g.Comparator != CompareOther || g.Prefer != CompareNotFSM || CompareNotFSM.String() != "not_fsm" {
		t.Errorf("fsm group %+v", g)
	}
	// Only the fsm row prefers another comparator.
	for _, g := range Groups() {
		if g.Prefer != 0 && g.ID != "fsm" {
			t.Errorf("group %s prefers %s", g.ID, g.Prefer)
		}
	}
}

// TestDeclaredLabelsAgreeWithCatalog: every declared measure's id is in
// the catalog (under its assessment), and a label the declaration gives is
// the catalog's; a measure whose declaration gives none takes catalog's.
func TestDeclaredLabelsAgreeWithCatalog(t *testing.T) {
	n := 0
	for _, a := range assess.Declared() {
		for _, dm := range a.Measures {
			n++
			cm := catalog.MeasureByID(dm.ID)
			if cm == nil {
				t.Errorf("%s: declared measure %s is not in the catalog", a.ID, dm.ID)
				continue
			}
			if string(cm.Assessment) != string(a.ID) {
				t.Errorf("%s: catalog puts %s under %s", a.ID, dm.ID, cm.Assessment)
			}
			m := MeasureByID(dm.ID)
			if m == nil {
				t.Errorf("%s: declared measure %s is not in the measures registry", a.ID, dm.ID)
				continue
			}
			switch {
			case dm.Label == "" && m.Label != cm.Label:
				t.Errorf("%s: no declared label, measures has %q, catalog %q", dm.ID, m.Label, cm.Label)
			case dm.Label != "" && dm.Label != cm.Label:
				t.Errorf("%s: declared label %q, catalog's %q", dm.ID, dm.Label, cm.Label)
			}
		}
	}
	if n == 0 {
		t.Fatal("no declared measures")
	}
	// Groups: every group's label is the catalog's, and the catalog knows
	// every group (and not_fsm is national only, never a row).
	for _, g := range Groups() {
		cg := catalog.GroupByID(g.ID)
		if cg == nil || cg.Label != g.Label {
			t.Errorf("group %s label %q, catalog %+v", g.ID, g.Label, cg)
		}
	}
	if GroupByID("not_fsm") != nil {
		t.Errorf("not_fsm is a national comparator, not a row")
	}
}
