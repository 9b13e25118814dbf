package load

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/model"
)

var (
	upnZoe   = mkUPN("820200125001")
	upnSion  = mkUPN("82020012400A") // a temporary UPN: last character a letter
	upnAoife = mkUPN("820200125002")
)

var fullHeader = []string{"URN", "UPN", "Forename", "Surname", "DOB", "Year", "KeyStage", "Gender",
	"FSM6", "FSM", "CLA", "PostLAC", "SEN", "FirstLanguage", "NonMobile", "Ethnicity",
	"KS1_APS", "Read_SS", "Mat_SS", "GPS_SS", "Writ_TA", "Read_Prog",
	"KS2_APS", "A8", "A8_Eng", "A8_Mat", "A8_EBacc", "A8_Open", "P8", "EBacc_Entered", "EBacc_APS",
	"EM_Grade5", "EM_Grade4", "Art and Design"}

// wantPupils is what fullCSV and fullXLSX hold.
var wantPupils = []model.Pupil{
	{
		URN: "123456", Year: 2025, NCYear: 6, KeyStage: model.KS2,
		ID: model.Identity{UPN: upnZoe, Forename: "Zoë", Surname: "O'Brien",
			DOB: time.Date(2014, 3, 9, 0, 0, 0, 0, time.UTC)},
		Chars: model.Characteristics{Gender: model.Female, FSM6: model.FlagYes, FSM: model.FlagNo,
			CLA: model.FlagNo, PostLAC: model.FlagNo, Disadvantaged: model.FlagYes, SEN: model.SENSupport,
			Language: model.LanguageEnglish, NonMobile: model.FlagYes, Ethnicity: model.EthnicityWhite,
			BirthTerm: model.BirthSpring},
		KS2: model.KS2Result{KS1APS: model.Some(15.5),
			Read: model.TestResult{Code: model.TestScored, Score: 104},
			Mat:  model.TestResult{Code: model.TestBelow},
			GPS:  model.TestResult{Code: model.TestScored, Score: 110},
			Writ: "EXS", ReadProg: model.Some(1.25)},
	},
	{
		URN: "123456", Year: 2025, NCYear: 11, KeyStage: model.KS4,
		ID: model.Identity{UPN: upnSion, Forename: "Siôn", Surname: "Smith-Jones",
			DOB: time.Date(2008, 11, 30, 0, 0, 0, 0, time.UTC)},
		Chars: model.Characteristics{Gender: model.Male, FSM6: model.FlagNo, FSM: model.FlagNo,
			CLA: model.FlagNo, PostLAC: model.FlagNo, Disadvantaged: model.FlagNo, SEN: model.SENEHCP,
			Language: model.LanguageOther, NonMobile: model.FlagNo, Ethnicity: model.EthnicityAsian,
			BirthTerm: model.BirthAutumn},
		KS4: model.KS4Result{KS2APS: model.Some(104.5), A8: model.Some(52.5), A8Eng: model.Some(11),
			A8Mat: model.Some(10), A8EBacc: model.Some(15.5), A8Open: model.Some(16), P8: model.Some(0.34),
			EBaccEntered: model.FlagYes, EBaccAPS: model.Some(4.25), EMGrade5: model.FlagYes, EMGrade4: model.FlagYes,
			Grades: []model.SubjectGrade{{Header: "Art and Design", Column: "AH", Value: "7"}}},
	},
	{
		URN: "654321", Year: 2025, NCYear: 6, KeyStage: model.KS2,
		ID: model.Identity{UPN: upnAoife, Forename: "Aoife", Surname: "Ní Bhriain",
			DOB: time.Date(2013, 9, 1, 0, 0, 0, 0, time.UTC)},
		Chars: model.Characteristics{Gender: model.Female, PostLAC: model.FlagYes, Disadvantaged: model.FlagYes,
			SEN: model.SENEHCP, Language: model.LanguageUnclassified, Ethnicity: model.EthnicityUnclassified,
			BirthTerm: model.BirthAutumn},
		KS2: model.KS2Result{Read: model.TestResult{Code: model.TestNotEntered},
			Mat:  model.TestResult{Code: model.TestScored, Score: 95},
			GPS:  model.TestResult{Code: model.TestUnable},
			Writ: "PK3"},
	},
}

func fullCSV() []byte {
	return toCSV([][]string{
		fullHeader,
		{"123456", upnZoe, "Zoë", "O'Brien", "09/03/2014", "2025", "2", "F", "Y", "N", "no", "FALSE", "K", "ENG", "yes", "WHIT",
			"15.5", "104", "b", "110", "exs", "1.25", "", "", "", "", "", "", "", "", "", "", "", ""},
		// (KS2 columns on a KS4 row were once ignored; now they are an
		// error: TestResultOfAnotherYearGroup.)
		{"123456", upnSion, "Siôn", "Smith-Jones", "2008-11-30", "2024/25", "4", "Male", "N", "0", "N", "N", "E", "OTH", "N", "ASIA",
			"", "", "", "", "", "", "104.5", "52.5", "11", "10", "15.5", "16", "0.34", "Yes", "4.25", "TRUE", "1", "7"},
		{},
		{"654321", upnAoife, "Aoife", "Ní Bhriain", "2013-09-01", "2024-25", "2", "Female", "", "", "", "yes", "S", "UNCL", "", "UNCL",
			"", "X", "95", "T", "PK3", "", "", "", "", "", "", "", "", "", "", "", "", ""},
	})
}

func fullXLSX(t testing.TB) []byte {
	return buildXLSX(t, "Pupils", [][]any{
		anys(fullHeader),
		{123456, upnZoe, "Zoë", "O'Brien", dateCell{t: time.Date(2014, 3, 9, 0, 0, 0, 0, time.UTC), numFmt: 14},
			2025, 2, "F", "Y", "N", "no", false, "K", "ENG", "yes", "WHIT",
			15.5, 104, "b", 110, "exs", 1.25},
		{"123456", upnSion, "Siôn", "Smith-Jones", "2008-11-30", "2024/25", "4", "Male", "N", 0, "N", "N", "E", "OTH", "N", "ASIA",
			nil, nil, nil, nil, nil, nil, 104.5, 52.5, 11, 10, 15.5, 16, 0.34, "Yes", 4.25, true, 1, 7},
		{},
		{654321, upnAoife, "Aoife", "Ní Bhriain", dateCell{t: time.Date(2013, 9, 1, 0, 0, 0, 0, time.UTC), custom: "dd/mm/yyyy"},
			"2024-25", 2, "Female", nil, nil, nil, "yes", "S", "UNCL", nil, "UNCL",
			nil, "X", 95, "T", "PK3"},
	})
}

func anys(s []string) []any {
	a := make([]any, len(s))
	for i, v := range s {
		a[i] = v
	}
	return a
}

func withoutSrc(ps []model.Pupil) []model.Pupil {
	ps = slices.Clone(ps)
	for i := range ps {
		ps[i].Src = model.Source{}
	}
	return ps
}

func TestCSVAndXLSXGiveTheSamePupils(t *testing.T) {
	src := memSource(map[string][]byte{"data/pupils.csv": fullCSV(), "data/pupils.xlsx": fullXLSX(t)})
	for _, tc := range []struct {
		path, sheet string
		rows        []int
	}{
		{"data/pupils.csv", "", []int{2, 3, 5}},
		{"data/pupils.xlsx", "Pupils", []int{2, 3, 5}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			pf, l := Pupils(src, tc.path, PupilOptions{})
			if len(l) > 0 {
				t.Fatalf("unexpected diagnostics:\n%s", messages(l))
			}
			if got := withoutSrc(pf.Pupils); !reflect.DeepEqual(got, wantPupils) {
				t.Errorf("pupils differ:\ngot  %+v\nwant %+v", got, wantPupils)
			}
			for i, p := range pf.Pupils {
				if want := (model.Source{File: tc.path, Sheet: tc.sheet, Row: tc.rows[i]}); p.Src != want {
					t.Errorf("pupil %d: Src = %+v, want %+v", i, p.Src, want)
				}
			}
			if pf.Sheet != tc.sheet {
				t.Errorf("Sheet = %q, want %q", pf.Sheet, tc.sheet)
			}
			if !reflect.DeepEqual(pf.Ignored, []string{"Art and Design"}) {
				t.Errorf("Ignored = %q", pf.Ignored)
			}
			if p := pf.Layout[ColKS2APS]; p.Letter != "W" || p.Header != "KS2_APS" {
				t.Errorf("Layout[KS2_APS] = %+v", p)
			}
		})
	}
}

func TestHeadersMatchIgnoringCaseSpacesAndPunctuation(t *testing.T) {
	for _, h := range []string{"Key Stage", "key_stage", "KEYSTAGE", "key-stage", " KeyStage "} {
		t.Run(h, func(t *testing.T) {
			csv := toCSV([][]string{{"upn", "Year ", h}, {upnZoe, "2025", "2"}})
			pf, l := Pupils(memSource(map[string][]byte{"p.csv": csv}), "p.csv", PupilOptions{URN: "123456"})
			if len(l) > 0 {
				t.Fatalf("unexpected diagnostics:\n%s", messages(l))
			}
			if got := pf.Layout[ColKeyStage]; got.Letter != "C" || got.Header != strings.TrimSpace(h) {
				t.Errorf("KeyStage at %+v", got)
			}
			if len(pf.Pupils) != 1 || pf.Pupils[0].KeyStage != model.KS2 || pf.Pupils[0].URN != "123456" {
				t.Errorf("pupils = %+v", pf.Pupils)
			}
		})
	}
}

func TestColumnMapping(t *testing.T) {
	csv := toCSV([][]string{
		{"Pupil UPN", "Academic Year", "KS", "Reading scaled score", "UPN"},
		{upnZoe, "2025", "2", "101", "not this one"},
	})
	src := memSource(map[string][]byte{"p.csv": csv})
	opt := PupilOptions{URN: "123456", Columns: map[string]string{
		"upn": "pupil upn", "Year": "Academic Year", "key_stage": "KS", "read_ss": "Reading Scaled Score"}}
	pf, l := Pupils(src, "p.csv", opt)
	if len(l) > 0 {
		t.Fatalf("unexpected diagnostics:\n%s", messages(l))
	}
	p := pf.Pupils[0]
	if p.ID.UPN != upnZoe || p.Year != 2025 || p.KS2.Read.Score != 101 {
		t.Errorf("pupil = %+v", p)
	}
	if !slices.Equal(pf.Ignored, []string{"UPN"}) {
		t.Errorf("Ignored = %q: a mapped column's own name is no longer its header", pf.Ignored)
	}

	// A mapping to a header the file lacks, and a key that is no column
	// (so Year is looked for under its own name, and not found).
	opt.Columns = map[string]string{"upn": "UPN number", "yaer": "Academic Year", "key_stage": "KS"}
	_, l = Pupils(src, "p.csv", opt)
	if len(l) != 3 {
		t.Fatalf("want 3 diagnostics, got:\n%s", messages(l))
	}
	if d := l[0]; d.Value != "yaer" || !strings.Contains(d.Hint, "did you mean year?") {
		t.Errorf("unknown key: %v", d)
	}
	if d := l[1]; d.Value != "UPN number" || !strings.Contains(d.Message, "maps UPN") || !strings.Contains(d.Hint, `"UPN"`) {
		t.Errorf("mapped header missing: %v", d)
	}
	if d := l[2]; d.Header != "Year" || d.Message != "the file has no Year column" || !strings.HasPrefix(d.Hint, `did you mean "Academic Year"?`) {
		t.Errorf("year unmapped: %v", d)
	}
}

func TestByteOrderMark(t *testing.T) {
	csv := append([]byte("\uFEFF"), toCSV([][]string{{"UPN", "Year", "KeyStage"}, {upnZoe, "2025", "4"}})...)
	pf, l := Pupils(memSource(map[string][]byte{"p.csv": csv}), "p.csv", PupilOptions{URN: "123456"})
	if len(l) > 0 {
		t.Fatalf("unexpected diagnostics:\n%s", messages(l))
	}
	if got := pf.Layout[ColUPN]; got.Header != "UPN" || got.Letter != "A" {
		t.Errorf("the BOM is part of the first header: %+v", got)
	}
}

func TestMissingColumnSaysDidYouMean(t *testing.T) {
	for _, tc := range []struct {
		headers []string
		col     string
		hint    string // "" when no header is close
	}{
		{[]string{"Pupil UPN", "Year", "KeyStage"}, "UPN", `did you mean "Pupil UPN"?`},
		{[]string{"UPN", "Yaer", "KeyStage"}, "Year", `did you mean "Yaer"?`},
		{[]string{"UPN", "Year", "Key Stge"}, "KeyStage", `did you mean "Key Stge"?`},
		{[]string{"UPN", "Year", "Forename"}, "KeyStage", ""},
	} {
		t.Run(tc.col, func(t *testing.T) {
			csv := toCSV([][]string{tc.headers, {"a", "b", "c"}})
			pf, l := Pupils(memSource(map[string][]byte{"p.csv": csv}), "p.csv", PupilOptions{})
			d := only(t, l)
			if d.Header != tc.col || d.Row != 1 || d.Message != "the file has no "+tc.col+" column" {
				t.Errorf("got %v", d)
			}
			if tc.hint != "" && !strings.HasPrefix(d.Hint, tc.hint) {
				t.Errorf("hint = %q, want it to start %q", d.Hint, tc.hint)
			}
			if tc.hint == "" && strings.Contains(d.Hint, "did you mean") {
				t.Errorf("hint = %q, want no suggestion", d.Hint)
			}
			if len(pf.Pupils) != 0 {
				t.Errorf("rows decoded without a required column")
			}
		})
	}
}

// TestBadCells feeds one bad value at a time into a valid row and expects
// exactly one diagnostic, at that cell, with the problem and hint.
func TestBadCells(t *testing.T) {
	header := []string{"UPN", "Year", "Key Stage", "DOB", "Gender", "FSM6", "SEN", "FirstLanguage", "Ethnicity",
		"KS1_APS", "Read_SS", "Writ_TA", "A8", "A8_Eng", "A8_EBacc", "EBacc_APS", "EM_Grade4"}
	good := map[string][]string{
		"2": {upnZoe, "2025", "2", "2014-01-05", "F", "Y", "N", "ENG", "WHIT", "15", "100", "EXS", "", "", "", "", ""},
		"4": {upnZoe, "2025", "4", "2009-01-05", "F", "Y", "N", "ENG", "WHIT", "", "", "", "50", "10", "20", "4", "Y"},
	}
	for _, tc := range []struct {
		ks, col, value    string
		letter, msg, hint string
	}{
		{"2", "Year", "2024/26", "B", "not an academic year", "write the year"},
		{"2", "Year", "", "B", "blank", "every row needs the academic year"},
		{"2", "Key Stage", "3", "C", "not a key stage reportpack reports on", "use 2 or 4"},
		{"2", "Key Stage", "", "C", "blank", "every row needs the key stage"},
		{"2", "UPN", "", "A", "blank", "every pupil needs a UPN"},
		{"2", "DOB", "31/02/2014", "D", "not a date", "DD/MM/YYYY"},
		{"2", "DOB", "41520", "D", "a number, not a date", "format the column as a date"},
		{"2", "DOB", "05/01/14", "D", "a date with a two-digit year", "four-digit year"},
		{"2", "Gender", "X", "E", "not a gender code", "use F or M"},
		{"2", "FSM6", "maybe", "F", "not Y or N", "use Y or N"},
		{"2", "SEN", "Q", "G", "not a SEN code", "K (SEN support)"},
		{"2", "FirstLanguage", "English", "H", "not a first-language code", "ENG"},
		{"2", "Ethnicity", "WXYZ", "I", "not an ethnic group code", "major group"},
		{"2", "KS1_APS", "fifteen", "J", "not a number", ""},
		{"2", "KS1_APS", "15,5", "J", "not a number", "full stop"},
		{"2", "Read_SS", "79", "K", "scaled score out of range", "scaled scores run from 80 to 120, or a code A, B, T, M, Q, X"},
		{"2", "Read_SS", "121", "K", "scaled score out of range", "80 to 120"},
		{"2", "Read_SS", "100.5", "K", "a scaled score is a whole number", "80 to 120"},
		{"2", "Read_SS", "Z", "K", "not a scaled score or test code", "A, B, T, M, Q, X"},
		{"2", "Writ_TA", "EXP", "L", "not a writing teacher assessment code", "GDS, EXS, WTS"},
		{"4", "A8", "91", "M", "out of range", "0 to 90"},
		{"4", "A8", "-1", "M", "out of range", "0 to 90"},
		{"4", "A8_Eng", "18.5", "N", "out of range", "0 to 18"},
		{"4", "A8_EBacc", "28", "O", "out of range", "0 to 27"},
		{"4", "EBacc_APS", "9.1", "P", "out of range", "0 to 9"},
		{"4", "EM_Grade4", "2", "Q", "not Y or N", "use Y or N"},
	} {
		t.Run(tc.col+"="+tc.value, func(t *testing.T) {
			row := slices.Clone(good[tc.ks])
			row[slices.Index(header, tc.col)] = tc.value
			csv := toCSV([][]string{header, good[tc.ks], row})
			pf, l := Pupils(memSource(map[string][]byte{"data/p.csv": csv}), "data/p.csv", PupilOptions{URN: "123456"})
			d := only(t, l)
			want := diag.Diagnostic{File: "data/p.csv", Row: 3, Column: tc.letter, Header: tc.col, Value: tc.value, Message: tc.msg}
			got := d
			got.Hint = ""
			if got != want {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
			if !strings.Contains(d.Hint, tc.hint) {
				t.Errorf("hint %q lacks %q", d.Hint, tc.hint)
			}
			if len(pf.Pupils) != 2 {
				t.Errorf("a row with a bad cell is still a pupil; got %d pupils", len(pf.Pupils))
			}
		})
	}
}

func TestEveryProblemIsReported(t *testing.T) {
	csv := toCSV([][]string{
		{"UPN", "Year", "KeyStage", "Gender", "FSM6"},
		{upnZoe, "2025", "2", "X", "maybe"},
		{upnAoife, "twenty", "2", "F", "Y"},
		{upnSion, "2025", "5", "F", "Y"},
	})
	_, l := Pupils(memSource(map[string][]byte{"p.csv": csv}), "p.csv", PupilOptions{URN: "123456"})
	var got []string
	for _, d := range l {
		got = append(got, d.Column+strings.TrimPrefix(d.Place(), "p.csv, row "))
	}
	want := []string{"D2, column D (Gender)", "E2, column E (FSM6)", "B3, column B (Year)", "C4, column C (KeyStage)"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestDisadvantaged(t *testing.T) {
	for _, tc := range []struct {
		fsm6, cla, postLAC, disadv string
		want                       model.Flag
	}{
		{"Y", "N", "N", "", model.FlagYes},
		{"N", "Y", "N", "", model.FlagYes},
		{"N", "N", "Y", "", model.FlagYes},
		{"N", "N", "N", "", model.FlagNo},
		{"N", "", "", "", model.FlagNo},
		{"", "", "", "", model.FlagUnknown},
		{"Y", "N", "N", "N", model.FlagNo}, // the file's own column wins
		{"N", "N", "N", "Y", model.FlagYes},
	} {
		csv := toCSV([][]string{{"UPN", "Year", "KeyStage", "FSM6", "CLA", "PostLAC", "Disadvantaged"},
			{upnZoe, "2025", "4", tc.fsm6, tc.cla, tc.postLAC, tc.disadv}})
		pf, l := Pupils(memSource(map[string][]byte{"p.csv": csv}), "p.csv", PupilOptions{URN: "123456"})
		if len(l) > 0 || len(pf.Pupils) != 1 {
			t.Fatalf("%+v: %s", tc, messages(l))
		}
		if got := pf.Pupils[0].Chars.Disadvantaged; got != tc.want {
			t.Errorf("%+v: Disadvantaged = %v, want %v", tc, got, tc.want)
		}
	}
}

func TestNoPupils(t *testing.T) {
	for name, data := range map[string][]byte{
		"template.csv":  toCSV([][]string{{"URN", "UPN", "Year", "KeyStage"}, {}, {"", "", "", ""}}),
		"template.xlsx": nil, // filled in below
	} {
		if name == "template.xlsx" {
			data = buildXLSX(t, "Sheet1", [][]any{{"URN", "UPN", "Year", "KeyStage"}})
		}
		_, l := Pupils(memSource(map[string][]byte{name: data}), name, PupilOptions{})
		d := only(t, l)
		if !strings.HasPrefix(d.Message, "no pupils") || !strings.Contains(d.Hint, "blank template") {
			t.Errorf("%s: %v", name, d)
		}
	}
}

func TestMissingPupilFile(t *testing.T) {
	_, l := Pupils(memSource(nil), "data/pupils.xlsx", PupilOptions{})
	if d := only(t, l); d.Message != "file not found" || d.File != "data/pupils.xlsx" {
		t.Errorf("got %v", d)
	}
}

func TestPupilColumnsCoverTheContract(t *testing.T) {
	if len(PupilColumns) != 40 {
		t.Errorf("%d columns, want the contract's 40", len(PupilColumns))
	}
	for _, c := range PupilColumns {
		if got, ok := ColumnByName(strings.ToLower(string(c))); !ok || got != c {
			t.Errorf("ColumnByName(%q) = %q, %v", strings.ToLower(string(c)), got, ok)
		}
	}
}

func TestColumnTwice(t *testing.T) {
	csv := toCSV([][]string{{"UPN", "Year", "KeyStage", "U P N"}, {upnZoe, "2025", "2", upnAoife}})
	pf, l := Pupils(memSource(map[string][]byte{"p.csv": csv}), "p.csv", PupilOptions{URN: "123456"})
	d := only(t, l)
	if d.Row != 1 || d.Column != "D" || d.Header != "U P N" || d.Message != "a second UPN column (the first is column A)" {
		t.Errorf("got %+v", d)
	}
	if len(pf.Pupils) != 1 || pf.Pupils[0].ID.UPN != upnZoe {
		t.Errorf("pupils %+v", pf.Pupils)
	}
}

// TestPupilChunks adds pupils after a right, a low, a high and no guess
// at their number: all gives them back in order, whole, and a guess far
// too high does not keep its unused room.
func TestPupilChunks(t *testing.T) {
	const n = 10_000
	for _, tc := range []struct {
		name   string
		expect int
	}{{"no guess", 0}, {"right", n}, {"low", n / 3}, {"high", 10 * n}, {"none added", 0}} {
		t.Run(tc.name, func(t *testing.T) {
			var c pupilChunks
			c.expect(tc.expect)
			add := n
			if tc.name == "none added" {
				add = 0
			}
			for i := range add {
				c.add(model.Pupil{Src: model.Source{Row: i + 2}})
			}
			all := c.all()
			if add == 0 {
				if all != nil {
					t.Fatalf("no pupils gave %d, not nil", len(all))
				}
				return
			}
			if len(all) != add {
				t.Fatalf("%d pupils, want %d", len(all), add)
			}
			for i, p := range all {
				if p.Src.Row != i+2 {
					t.Fatalf("pupil %d is row %d", i, p.Src.Row)
				}
			}
			if cap(all) > 2*len(all) {
				t.Errorf("room for %d pupils kept for %d", cap(all), len(all))
			}
		})
	}
}

func TestLastRowNumber(t *testing.T) {
	rows := func(n int) string {
		var b strings.Builder
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, `<row r="%d"><c r="A%d"><v>1</v></c><c r="B%d"><v>2</v></c><c r="C%d"><v>3</v></c></row>`, i, i, i, i)
		}
		return b.String()
	}
	for _, tc := range []struct {
		name, xml string
		want      int
	}{
		{"rows", "<sheetData>" + rows(50) + "</sheetData>", 50},
		{"none", "<sheetData></sheetData>", 0},
		{"not in memory", "", 0},
		{"row without number", "<sheetData>" + rows(3) + "<row><c><v>1</v></c></row></sheetData>", 0},
		{"number past what the XML holds", `<sheetData><row r="1000000"><c r="A1000000"><v>1</v></c></row></sheetData>`, 1},
		{"number no sheet can have", "<sheetData>" + rows(3) + `<row r="9999999"><c r="A9999999"><v>1</v></c></row></sheetData>`, 0},
	} {
		if got := lastRowNumber([]byte(tc.xml)); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestClosestHeader(t *testing.T) {
	for _, tc := range []struct {
		col     Column
		headers []string
		want    string
	}{
		{ColReadSS, []string{"Form", "Reading SS"}, "Reading SS"},
		{ColReadSS, []string{"Reading scaled score"}, "Reading scaled score"},
		{ColReadSS, []string{"Raed_SS"}, "Raed_SS"}, // a slip
		{ColP8, []string{"P8 score"}, "P8 score"},
		{ColKS2APS, []string{"KS2 APS (fine)"}, "KS2 APS (fine)"},
		{ColDOB, []string{"DOB dd/mm/yyyy"}, "DOB dd/mm/yyyy"},
		{ColP8Eng, []string{"P8 score"}, ""},
		{ColGPSSS, []string{"Tutor group", "House"}, ""},
	} {
		if got := ClosestHeader(tc.col, tc.headers); got != tc.want {
			t.Errorf("ClosestHeader(%s, %q) = %q, want %q", tc.col, tc.headers, got, tc.want)
		}
	}
}
