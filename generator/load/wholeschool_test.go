package load

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/model"
)

// loadRows loads CSV rows as data/p.csv.
func loadRows(t *testing.T, rows [][]string, opt PupilOptions) (PupilFile, diag.List) {
	t.Helper()
	if opt.URN == "" {
		opt.URN = "123456"
	}
	return Pupils(memSource(map[string][]byte{"data/p.csv": toCSV(rows)}), "data/p.csv", opt)
}

func TestNCYearSpellings(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  model.NCYear
	}{
		{"R", 0}, {"r", 0}, {"Reception", 0}, {"RECEPTION", 0}, {"0", 0}, {"YR", 0}, {"Year R", 0},
		{"1", 1}, {"6", 6}, {"14", 14}, {"Y6", 6}, {"y6", 6}, {"Year 6", 6}, {"year6", 6}, {"Yr 6", 6},
		{"NC Year 6", 6}, {" 11 ", 11}, {"6.0", 6}, {"Year 11", 11},
	} {
		t.Run(tc.value, func(t *testing.T) {
			pf, l := loadRows(t, [][]string{{"UPN", "Year", "NCYear"}, {upnZoe, "2025", tc.value}}, PupilOptions{})
			if len(l) > 0 {
				t.Fatalf("unexpected: %s", messages(l))
			}
			if p := pf.Pupils[0]; p.NCYear != tc.want || p.KeyStage != "" {
				t.Errorf("NCYear %v, KeyStage %q; want %v and none", p.NCYear, p.KeyStage, tc.want)
			}
		})
	}
	// Nursery years (N1, N2) are left out with a warning: TestNurseryRowsLeftOut.
	for _, bad := range []string{"15", "-1", "6.5", "Year 6A", "Y"} {
		t.Run(bad, func(t *testing.T) {
			_, l := loadRows(t, [][]string{{"UPN", "Year", "NC Year"}, {upnZoe, "2025", bad}}, PupilOptions{})
			d := only(t, l)
			if d.Row != 2 || d.Column != "C" || d.Header != "NC Year" || d.Value != bad || d.Message != "not a year group" ||
				!strings.Contains(d.Hint, "R (reception) or 1 to 14") {
				t.Errorf("got %+v", d)
			}
		})
	}
}

// TestYearGroupAndKeyStage: KeyStage stands in for NCYear (2 is Year 6, 4
// is Year 11); a row giving both must agree; a row needs one of them.
func TestYearGroupAndKeyStage(t *testing.T) {
	for _, tc := range []struct {
		name    string
		rows    [][]string
		opt     PupilOptions
		year    model.NCYear
		stage   model.KeyStage
		diag    string // the one diagnostic's message, "" for none
		col     string
		hint    string
		noFiles bool
	}{
		{name: "key stage 2 alone", rows: [][]string{{"UPN", "Year", "KeyStage"}, {upnZoe, "2025", "2"}}, year: 6, stage: model.KS2},
		{name: "key stage 4 alone", rows: [][]string{{"UPN", "Year", "KeyStage"}, {upnZoe, "2025", "KS4"}}, year: 11, stage: model.KS4},
		{name: "both agree", rows: [][]string{{"UPN", "Year", "KeyStage", "NCYear"}, {upnZoe, "2025", "2", "Y6"}}, year: 6, stage: model.KS2},
		{name: "key stage blank, year group given", rows: [][]string{{"UPN", "Year", "KeyStage", "NCYear"}, {upnZoe, "2025", "", "3"}}, year: 3},
		{name: "year group blank, key stage given", rows: [][]string{{"UPN", "Year", "KeyStage", "NCYear"}, {upnZoe, "2025", "4", ""}}, year: 11, stage: model.KS4},
		{name: "disagree", rows: [][]string{{"UPN", "Year", "KeyStage", "NCYear"}, {upnZoe, "2025", "4", "Year 6"}},
			year: 11, stage: model.KS4, diag: "the year group and the key stage disagree", col: "D", hint: "key stage 4 is Year 11"},
		{name: "default key stage disagrees with the file's year group", rows: [][]string{{"UPN", "Year", "NCYear"}, {upnZoe, "2025", "5"}},
			opt: PupilOptions{Defaults: map[string]string{"key_stage": "2"}}, year: 6, stage: model.KS2, diag: "disagree", col: "C"},
		{name: "default year group", rows: [][]string{{"UPN", "Year"}, {upnZoe, "2025"}},
			opt: PupilOptions{Defaults: map[string]string{"nc_year": "R"}}, year: 0},
		{name: "default year group as year_group", rows: [][]string{{"UPN", "Year"}, {upnZoe, "2025"}},
			opt: PupilOptions{Defaults: map[string]string{"year_group": "Year 2"}}, year: 2},
		{name: "neither given", rows: [][]string{{"UPN", "Year", "KeyStage", "NCYear"}, {upnZoe, "2025", "", ""}},
			year: model.NoNCYear, diag: "blank", col: "D", hint: "every row needs its year group"},
		{name: "neither given, no NCYear column", rows: [][]string{{"UPN", "Year", "KeyStage"}, {upnZoe, "2025", ""}},
			year: model.NoNCYear, diag: "blank", col: "C", hint: "every row needs the key stage"},
		{name: "YearGroup header", rows: [][]string{{"UPN", "Year", "YearGroup"}, {upnZoe, "2025", "R"}}, year: 0},
		{name: "mapped year group header", rows: [][]string{{"UPN", "Year", "Form year"}, {upnZoe, "2025", "Year 4"}},
			opt: PupilOptions{Columns: map[string]string{"nc_year": "Form year"}}, year: 4},
		{name: "year group value map", rows: [][]string{{"UPN", "Year", "NCYear"}, {upnZoe, "2025", "Foundation 2"}},
			opt: PupilOptions{Values: map[string]map[string]string{"nc_year": {"Foundation 2": "R"}}}, year: 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pf, l := loadRows(t, tc.rows, tc.opt)
			if tc.diag == "" {
				if len(l) > 0 {
					t.Fatalf("unexpected: %s", messages(l))
				}
			} else {
				d := only(t, l)
				if !strings.Contains(d.Message, tc.diag) || d.Column != tc.col || d.Row != 2 || !strings.Contains(d.Hint, tc.hint) {
					t.Errorf("got %+v\nwant %q at column %s, hint with %q", d, tc.diag, tc.col, tc.hint)
				}
			}
			if p := pf.Pupils[0]; p.NCYear != tc.year || p.KeyStage != tc.stage {
				t.Errorf("NCYear %v, KeyStage %q; want %v, %q", p.NCYear, p.KeyStage, tc.year, tc.stage)
			}
		})
	}
}

func TestNoYearGroupOrKeyStageColumn(t *testing.T) {
	_, l := loadRows(t, [][]string{{"UPN", "Year", "Forename"}, {upnZoe, "2025", "Zoë"}}, PupilOptions{})
	d := only(t, l)
	if d.Message != "the file has no KeyStage column" || !strings.Contains(d.Hint, "NCYear column") {
		t.Errorf("got %+v", d)
	}
	// An NCYear column is enough.
	if _, l := loadRows(t, [][]string{{"UPN", "Year", "NCYear"}, {upnZoe, "2025", "5"}}, PupilOptions{}); len(l) > 0 {
		t.Errorf("unexpected: %s", messages(l))
	}
}

// TestKeyStageFromResults: a Year 6 (11) row takes key stage 2 (4) when it
// has a cell of that key stage's columns; files with a KeyStage column
// load as ever.
func TestKeyStageFromResults(t *testing.T) {
	header := []string{"UPN", "Year", "NCYear", "KS1_APS", "Read_SS", "Writ_TA", "A8", "EM_Grade4", "KS2_Read_SS"}
	for _, tc := range []struct {
		name  string
		row   []string
		stage model.KeyStage
	}{
		{"Year 6 with a scaled score", []string{upnZoe, "2025", "6", "", "104", "", "", "", ""}, model.KS2},
		{"Year 6 with a prior score only", []string{upnZoe, "2025", "6", "15", "", "", "", "", ""}, model.KS2},
		{"Year 6 with a writing code", []string{upnZoe, "2025", "6", "", "", "EXS", "", "", ""}, model.KS2},
		{"Year 6 with nothing", []string{upnZoe, "2025", "6", "", "", "", "", "", ""}, ""},
		{"Year 11 with A8", []string{upnZoe, "2025", "11", "", "", "", "50", "", ""}, model.KS4},
		{"Year 11 with a flag", []string{upnZoe, "2025", "11", "", "", "", "", "N", ""}, model.KS4},
		{"Year 11 with a KS2 prior score", []string{upnZoe, "2025", "11", "", "", "", "", "", "104"}, model.KS4},
		{"Year 11 with nothing", []string{upnZoe, "2025", "11", "", "", "", "", "", ""}, ""},
		{"Year 3 with nothing", []string{upnZoe, "2025", "3", "", "", "", "", "", ""}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pf, l := loadRows(t, [][]string{header, tc.row}, PupilOptions{})
			if len(l) > 0 {
				t.Fatalf("unexpected: %s", messages(l))
			}
			p := pf.Pupils[0]
			if p.KeyStage != tc.stage {
				t.Errorf("KeyStage %q, want %q", p.KeyStage, tc.stage)
			}
			if tc.stage == model.KS4 && tc.row[8] != "" && p.KS4.KS2APS.V != 104 {
				t.Errorf("KS2APS %+v", p.KS4.KS2APS)
			}
			if tc.stage == model.KS2 && tc.row[4] != "" && p.KS2.Read.Score != 104 {
				t.Errorf("Read %+v", p.KS2.Read)
			}
		})
	}
}

// TestSubjectGradesTakeKeyStage4: a Year 11 row's subject grades make it
// a key stage 4 row (package grades reads them); on a Year 6 row a grade
// under a subject's header is an error when Subjects names the subjects.
func TestSubjectGradesTakeKeyStage4(t *testing.T) {
	rows := [][]string{{"UPN", "Year", "NCYear", "Tutor group", "Mathematics"},
		{upnZoe, "2025", "11", "11B", "7"},
		{upnAoife, "2025", "11", "11B", ""},
		{upnSion, "2025", "6", "6B", ""}}
	pf, l := loadRows(t, rows, PupilOptions{})
	if len(l) > 0 {
		t.Fatalf("unexpected: %s", messages(l))
	}
	if p := pf.Pupils[0]; p.KeyStage != model.KS4 || len(p.KS4.Grades) != 2 || p.KS4.Grades[1].Value != "7" {
		t.Errorf("graded Year 11 row: %q %+v", p.KeyStage, p.KS4.Grades)
	}
	if p := pf.Pupils[1]; p.KeyStage != "" || len(p.KS4.Grades) != 0 {
		t.Errorf("Year 11 row with a tutor group only: %q %+v", p.KeyStage, p.KS4.Grades)
	}
	subjects := func(h string) bool { return h == "Mathematics" }
	rows = append(rows, []string{upnSion, "2025", "6", "6B", "5"})
	pf, l = loadRows(t, rows, PupilOptions{Subjects: subjects})
	d := only(t, l)
	want := diag.Diagnostic{File: "data/p.csv", Row: 5, Column: "E", Header: "Mathematics", Value: "5",
		Message: "Mathematics is a Year 11 column; this row is Year 6"}
	if got := d; got.Hint == "" || func() bool { got.Hint = ""; return got != want }() {
		t.Errorf("got  %+v\nwant %+v", d, want)
	}
	if pf.Pupils[0].KeyStage != model.KS4 || pf.Pupils[3].KeyStage != "" {
		t.Errorf("stages %q %q", pf.Pupils[0].KeyStage, pf.Pupils[3].KeyStage)
	}
}

// TestResultOfAnotherYearGroup: a result in a column that is not the
// row's year group's is an error naming the cell, and is not read; a
// blank cell never is.
func TestResultOfAnotherYearGroup(t *testing.T) {
	header := []string{"UPN", "Year", "KeyStage", "NCYear", "Read_SS", "A8", "KS2_Read_SS", "Phonics_Mark", "Phonics_Outcome",
		"Phonics_Y1_Outcome", "ELG01", "MTC_Score", "KS1_Read"}
	row := func(ks, y string, cells map[string]string) []string {
		r := make([]string, len(header))
		r[0], r[1], r[2], r[3] = upnZoe, "2025", ks, y
		for h, v := range cells {
			r[slices.Index(header, h)] = v
		}
		return r
	}
	for _, tc := range []struct {
		name    string
		row     []string
		col     string // the cell's header
		message string
	}{
		{"KS2 score on a Year 11 row", row("", "11", map[string]string{"Read_SS": "104"}), "Read_SS",
			"Read_SS is a Year 6 column; this row is Year 11"},
		{"KS2 score on a key stage 4 row", row("4", "", map[string]string{"Read_SS": "104"}), "Read_SS",
			"Read_SS is a Year 6 column; this row is Year 11 (key stage 4)"},
		{"A8 on a Year 6 row", row("", "6", map[string]string{"A8": "50"}), "A8",
			"A8 is a Year 11 column; this row is Year 6"},
		{"KS4's KS2 prior score on a Year 6 row", row("", "6", map[string]string{"KS2_Read_SS": "104"}), "KS2_Read_SS",
			"KS2_Read_SS is a Year 11 column; this row is Year 6"},
		{"phonics mark in Year 5", row("", "5", map[string]string{"Phonics_Mark": "30"}), "Phonics_Mark",
			"Phonics_Mark is for Year 1 or Year 2; this row is Year 5"},
		{"Year 1 outcome on a Year 1 row", row("", "1", map[string]string{"Phonics_Outcome": "Wa", "Phonics_Y1_Outcome": "Wa"}),
			"Phonics_Y1_Outcome", "Phonics_Y1_Outcome is a Year 2 column; this row is Year 1"},
		{"early learning goal in Year 1", row("", "1", map[string]string{"ELG01": "2"}), "ELG01",
			"ELG01 is a Reception column; this row is Year 1"},
		{"MTC score on a key stage 2 row", row("2", "", map[string]string{"MTC_Score": "20"}), "MTC_Score",
			"MTC_Score is a Year 4 column; this row is Year 6 (key stage 2)"},
		{"KS1 in reception", row("", "R", map[string]string{"KS1_Read": "EXS"}), "KS1_Read",
			"KS1_Read is a Year 2 column; this row is Reception"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pf, l := loadRows(t, [][]string{header, tc.row}, PupilOptions{})
			d := only(t, l)
			i := slices.Index(header, tc.col)
			want := diag.Diagnostic{File: "data/p.csv", Row: 2, Column: diag.ColumnLetter(i), Header: tc.col, Value: tc.row[i],
				Message: tc.message}
			got := d
			got.Hint = ""
			if got != want {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
			if !strings.Contains(d.Hint, "NCYear") {
				t.Errorf("hint %q", d.Hint)
			}
			p := pf.Pupils[0]
			if p.KS2.Read.Scored() || p.KS4.A8.Valid || p.KS4.KS2APS.Valid {
				t.Errorf("the cell was read: %+v", p)
			}
			for _, r := range p.Results {
				for i, v := range r.Values {
					if a := assess.ByID(r.Assessment); !v.Blank() && !a.TakesNCYear(i, p.NCYear) {
						t.Errorf("%s column %d read on a %v row", r.Assessment, i, p.NCYear)
					}
				}
			}
		})
	}
	// Blank cells of other year groups' columns never are.
	if _, l := loadRows(t, [][]string{header, row("", "3", nil)}, PupilOptions{}); len(l) > 0 {
		t.Errorf("unexpected: %s", messages(l))
	}
}

func declaredAssessment(t *testing.T, id model.Assessment) *assess.Assessment {
	t.Helper()
	a := assess.ByID(id)
	if a == nil || a.Typed {
		t.Fatalf("no declared assessment %s", id)
	}
	return a
}

func TestDeclaredColumns(t *testing.T) {
	eyfs, phonics, mtc := declaredAssessment(t, "eyfs"), declaredAssessment(t, "phonics"), declaredAssessment(t, "mtc")
	type cellCase struct {
		header, ncYear, value string
		want                  model.Value
		message, hint         string // the diagnostic, "" for none
	}
	code := func(s string) model.Value { return model.Value{Code: s} }
	num := func(f float64) model.Value { return model.Value{Num: f, IsNum: true} }
	for _, tc := range []cellCase{
		{"ELG01", "R", "2", code("2"), "", ""},
		{"E01", "R", "1", code("1"), "", ""},
		{"elg 17", "R", " a ", code("A"), "", ""},
		{"E05", "Reception", "Expected", code("2"), "", ""},
		{"ELG02", "R", "emerging", code("1"), "", ""},
		{"ELG01", "R", "3", model.Value{}, "not a valid code", "the 2021 profile has no 'exceeding'; 1 or 2"},
		{"E01", "R", "X", model.Value{}, "not a code ELG01 takes", "1 (emerging), 2 (expected) or A (not assessed)"},
		{"Phonics_Mark", "1", "40.0", num(40), "", ""},
		{"Phonics_Mark", "1", "0", num(0), "", ""},
		{"Phonics Mark", "2", "32", num(32), "", ""},
		{"Phonics_Mark", "1", "41", model.Value{}, "out of range", "a whole mark from 0 to 40"},
		{"Phonics_Mark", "1", "-1", model.Value{}, "out of range", "0 to 40"},
		{"Phonics_Mark", "1", "33.5", model.Value{}, "not a whole number", "a whole mark from 0 to 40"},
		{"Phonics_Mark", "1", "thirty", model.Value{}, "not a number", "0 to 40"},
		{"Phonics_Mark", "1", "32,5", model.Value{}, "not a number", "full stop"},
		{"Phonics_Outcome", "1", "wa", code("Wa"), "", ""},
		{"Phonics_Outcome", "1", "Pass", model.Value{}, "not a code Phonics_Outcome takes", "Wa (met)"},
		{"Phonics_Y1_Outcome", "2", "WT", code("Wt"), "", ""},
		{"MTC_Score", "4", "B", code("B"), "", ""},
		{"MTC_Score", "4", "x", code("X"), "", ""},
		{"MTC_Score", "4", "25", num(25), "", ""},
		{"MTC_Score", "4", "25.0", num(25), "", ""},
		{"MTC_Score", "4", "26", model.Value{}, "out of range", "0 to 25, or A, B, J, L, U or X"},
		{"MTC_Score", "4", "Z", model.Value{}, "not a number or a code MTC_Score takes", "A, B, J, L, U or X"},
		{"KS1_Read", "2", "gds", code("GDS"), "", ""},
		{"KS1_Sci", "2", "GDS", model.Value{}, "not a code KS1_Sci takes", "EXS, HNM"},
	} {
		t.Run(tc.header+"="+tc.value, func(t *testing.T) {
			pf, l := loadRows(t, [][]string{{"UPN", "Year", "NCYear", tc.header}, {upnZoe, "2025", tc.ncYear, tc.value}}, PupilOptions{})
			col, ok := ColumnByName(tc.header)
			if !ok {
				t.Fatalf("ColumnByName(%q) found nothing", tc.header)
			}
			a, i := col.Declared()
			if a == nil || DeclaredColumn(a, i) != col {
				t.Fatalf("%s is no declared column", col)
			}
			if pl := pf.Layout[DeclaredColumn(a, i)]; pl.Letter != "D" || pl.Header != tc.header {
				t.Errorf("Layout[%s] = %+v", col, pl)
			}
			p := pf.Pupils[0]
			vs := p.Result(a.ID)
			if len(vs) != len(a.Columns) || len(p.Results) != 1 {
				t.Fatalf("Results %+v: want one of %s with %d values (a row with a cell of it takes it, even a bad one)",
					p.Results, a.ID, len(a.Columns))
			}
			if tc.message == "" {
				if len(l) > 0 {
					t.Fatalf("unexpected: %s", messages(l))
				}
			} else {
				d := only(t, l)
				if d.Message != tc.message || !strings.Contains(d.Hint, tc.hint) || d.Column != "D" || d.Value != tc.value ||
					d.Header != tc.header || d.Row != 2 {
					t.Errorf("got %+v\nwant %q, hint with %q", d, tc.message, tc.hint)
				}
			}
			for j, v := range vs {
				want := model.Value{}
				if j == i {
					want = tc.want
				}
				if v != want {
					t.Errorf("value %d = %+v, want %+v", j, v, want)
				}
			}
			if problem, hint := CheckValue(col, tc.value); problem != tc.message || !strings.Contains(hint, tc.hint) {
				t.Errorf("CheckValue = %q, %q", problem, hint)
			}
		})
	}

	// A row takes exactly the assessments it has a cell of; Values are in
	// the assessment's column order.
	rows := [][]string{{"UPN", "Year", "NCYear", "E01", "ELG17", "Phonics_Outcome", "Phonics_Mark", "MTC_Score"},
		{upnZoe, "2025", "R", "2", "1", "", "", ""},
		{upnAoife, "2025", "1", "", "", "Wa", "35", ""},
		{upnSion, "2025", "4", "", "", "", "", "B"},
		{mkUPN("820200125003"), "2025", "3", "", "", "", "", ""}}
	pf, l := loadRows(t, rows, PupilOptions{})
	if len(l) > 0 {
		t.Fatalf("unexpected: %s", messages(l))
	}
	if p := pf.Pupils[0]; len(p.Results) != 1 || p.Result(eyfs.ID)[0].Code != "2" || p.Result(eyfs.ID)[16].Code != "1" ||
		!p.Result(eyfs.ID)[5].Blank() || !p.Takes(eyfs.ID) || p.Takes(phonics.ID) {
		t.Errorf("reception row: %+v", p.Results)
	}
	if p := pf.Pupils[1]; len(p.Results) != 1 || p.Result(phonics.ID)[0] != (model.Value{Num: 35, IsNum: true}) ||
		p.Result(phonics.ID)[1].Code != "Wa" || len(p.Result(phonics.ID)) != 3 {
		t.Errorf("Year 1 row: %+v", p.Results)
	}
	if p := pf.Pupils[2]; len(p.Results) != 1 || p.Result(mtc.ID)[0].Code != "B" {
		t.Errorf("Year 4 row: %+v", p.Results)
	}
	if p := pf.Pupils[3]; p.Results != nil {
		t.Errorf("Year 3 row: %+v", p.Results)
	}
	if pl := pf.Layout[DeclaredColumn(eyfs, 0)]; pl.Header != "E01" || pl.Letter != "D" {
		t.Errorf("Layout[ELG01] = %+v", pl)
	}
	if pf.Layout.Has(DeclaredColumn(eyfs, 1)) || len(pf.Ignored) != 0 {
		t.Errorf("Layout %+v, Ignored %q", pf.Layout, pf.Ignored)
	}
}

// TestDeclaredColumnsThroughSiteToml: [data.columns], [data.values] and
// [data.defaults] name declared columns as they name the others.
func TestDeclaredColumnsThroughSiteToml(t *testing.T) {
	phonics := declaredAssessment(t, "phonics")
	rows := [][]string{{"UPN", "Year", "NCYear", "PSC score", "PSC result"},
		{upnZoe, "2025", "1", "36", "Met"},
		{upnAoife, "2025", "1", "", "Absent"},
		{upnSion, "2025", "5", "", ""}}
	opt := PupilOptions{
		Columns:  map[string]string{"phonics_mark": "PSC score", "Phonics Outcome": "PSC result"},
		Values:   map[string]map[string]string{"phonics_outcome": {"met": "Wa", "not met": "Wt", "absent": "A"}},
		Defaults: map[string]string{"phonics_y1_outcome": "Wa"},
	}
	pf, l := loadRows(t, rows, opt)
	if len(l) > 0 {
		t.Fatalf("unexpected: %s", messages(l))
	}
	if got := pf.Pupils[0].Result(phonics.ID); len(got) != 3 || got[0].Num != 36 || got[1].Code != "Wa" || !got[2].Blank() {
		t.Errorf("Year 1 row %+v: the Year 2 default is not a Year 1 row's", got)
	}
	if got := pf.Pupils[1].Result(phonics.ID); got[1].Code != "A" {
		t.Errorf("value map: %+v", got)
	}
	if pf.Pupils[2].Results != nil {
		t.Errorf("a default alone makes no row take an assessment: %+v", pf.Pupils[2].Results)
	}
	if pl := pf.Layout[DeclaredColumn(phonics, 0)]; pl.Header != "PSC score" {
		t.Errorf("Layout %+v", pf.Layout)
	}

	// A Year 2 row that takes phonics gets the default.
	pf, l = loadRows(t, [][]string{{"UPN", "Year", "NCYear", "Phonics_Outcome"}, {upnZoe, "2025", "2", "Wt"}},
		PupilOptions{Defaults: opt.Defaults})
	if len(l) > 0 {
		t.Fatalf("unexpected: %s", messages(l))
	}
	if got := pf.Pupils[0].Result(phonics.ID); got[2].Code != "Wa" {
		t.Errorf("default: %+v", got)
	}

	// Bad defaults and value maps are reported as for any column.
	_, l = loadRows(t, [][]string{{"UPN", "Year", "NCYear", "ELG01"}, {upnZoe, "2025", "R", "Exceeding"}},
		PupilOptions{Values: map[string]map[string]string{"e01": {"Exceeding": "3"}}, Defaults: map[string]string{"mtc_score": "30"}})
	if len(l) != 2 || l[0].Message != "the default for MTC_Score is out of range" ||
		l[1].Message != "not a valid code" || !strings.Contains(l[1].Hint, "no 'exceeding'") {
		t.Errorf("got %s", messages(l))
	}
}

func TestColumnByNameDeclared(t *testing.T) {
	for name, want := range map[string]Column{
		"E05": "ELG05", "elg_05": "ELG05", "ELG17": "ELG17", "phonics_mark": "Phonics_Mark", "mtc score": "MTC_Score",
		"KS1_Read": "KS1_Read", "year_group": ColNCYear, "nc_year": ColNCYear, "NCYear": ColNCYear,
	} {
		if got, ok := ColumnByName(name); !ok || got != want {
			t.Errorf("ColumnByName(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
	if ys := Column("Phonics_Y1_Outcome").NCYears(); !slices.Equal(ys, []model.NCYear{2}) {
		t.Errorf("Phonics_Y1_Outcome NCYears %v", ys)
	}
	if ys := ColReadSS.NCYears(); !slices.Equal(ys, []model.NCYear{6}) {
		t.Errorf("Read_SS NCYears %v", ys)
	}
	if ys := ColGender.NCYears(); ys != nil {
		t.Errorf("Gender NCYears %v", ys)
	}
	if cs := DeclaredColumns(); len(cs) < 17+3+4+1 || cs[0] != "ELG01" {
		t.Errorf("DeclaredColumns %q", cs)
	}
}

func TestBirthTermAtLoad(t *testing.T) {
	for dob, want := range map[string]model.BirthTerm{
		"2014-09-01": model.BirthAutumn, "31/12/2014": model.BirthAutumn, "2015-01-01": model.BirthSpring,
		"2015-04-30": model.BirthSpring, "2015-05-01": model.BirthSummer, "31/08/2015": model.BirthSummer, "": model.BirthUnknown,
	} {
		pf, l := loadRows(t, [][]string{{"UPN", "Year", "NCYear", "DOB"}, {upnZoe, "2025", "5", dob}}, PupilOptions{})
		if len(l) > 0 {
			t.Fatalf("unexpected: %s", messages(l))
		}
		if got := pf.Pupils[0].Chars.BirthTerm; got != want {
			t.Errorf("%s: %v, want %v", dob, got, want)
		}
	}
	x := buildXLSX(t, "Sheet1", [][]any{{"UPN", "Year", "KeyStage", "DOB"},
		{upnZoe, 2025, 2, dateCell{t: time.Date(2014, 6, 1, 0, 0, 0, 0, time.UTC), numFmt: 14}}})
	pf, l := Pupils(memSource(map[string][]byte{"p.xlsx": x}), "p.xlsx", PupilOptions{URN: "123456"})
	if len(l) > 0 || pf.Pupils[0].Chars.BirthTerm != model.BirthSummer {
		t.Errorf("XLSX date: %v %s", pf.Pupils[0].Chars.BirthTerm, messages(l))
	}
}

// TestAssessmentRegisteredLater: an assessment registered after load's
// first use (a test's, a plug-in's) is a pupil-file column all the same.
func TestAssessmentRegisteredLater(t *testing.T) {
	const id = model.Assessment("loadtest_reading_age")
	if assess.ByID(id) == nil {
		assess.Register(&assess.Assessment{ID: id, Title: "Reading age (load test)", NCYears: []model.NCYear{7, 8},
			Columns: []assess.Column{{Name: "LoadTest_Reading_Age", Aliases: []string{"LT RA"}, Kind: assess.Number,
				Min: 4, Max: 18, Codes: []assess.Code{{Code: "N", Meaning: "not tested"}}, Hint: "years, 4 to 18, or N"}}})
	}
	pf, l := loadRows(t, [][]string{{"UPN", "Year", "NCYear", "LT RA"},
		{upnZoe, "2025", "7", "12.5"}, {upnAoife, "2025", "8", "n"}, {upnSion, "2025", "9", "10"}}, PupilOptions{})
	d := only(t, l)
	if d.Row != 4 || d.Message != "LoadTest_Reading_Age is for Year 7 or Year 8; this row is Year 9" {
		t.Errorf("got %+v", d)
	}
	if v := pf.Pupils[0].Result(id); len(v) != 1 || v[0].Num != 12.5 {
		t.Errorf("Year 7 row %+v", pf.Pupils[0].Results)
	}
	if v := pf.Pupils[1].Result(id); len(v) != 1 || v[0].Code != "N" {
		t.Errorf("Year 8 row %+v", pf.Pupils[1].Results)
	}
	if c, ok := ColumnByName("lt_ra"); !ok || c != "LoadTest_Reading_Age" {
		t.Errorf("ColumnByName: %q %v", c, ok)
	}
}

// Nursery rows are left out with a warning each, not refused.
func TestNurseryRowsLeftOut(t *testing.T) {
	rows := "URN,UPN,Year,NCYear,Gender\n" +
		"100001," + mkUPN("820200127001") + ",2025,N2,F\n" +
		"100001," + mkUPN("820200127002") + ",2025,Nursery,M\n" +
		"100001," + mkUPN("820200127003") + ",2025,R,M\n"
	pf, l := Pupils(memSource(map[string][]byte{"p.csv": []byte(rows)}), "p.csv", PupilOptions{})
	if len(pf.Pupils) != 1 || pf.Pupils[0].NCYear != 0 {
		t.Errorf("pupils %+v, want the reception one", pf.Pupils)
	}
	if l.HasErrors() || len(l) != 2 || !strings.Contains(l[0].String(), "row 2, column D (NCYear): warning: a nursery pupil") {
		t.Errorf("diagnostics %v", l)
	}
}
