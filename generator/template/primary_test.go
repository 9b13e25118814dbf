package template

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/xuri/excelize/v2"

	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/model"
)

// primaryColumns are the declared assessments' columns that some primary
// year group (R to 6) takes, worked out from the registry afresh.
func primaryColumns(t *testing.T) []*assess.Column {
	t.Helper()
	var cols []*assess.Column
	for _, a := range assess.Declared() {
		for i := range a.Columns {
			for y := model.NCYear(0); y <= 6; y++ {
				if a.TakesNCYear(i, y) {
					cols = append(cols, &a.Columns[i])
					break
				}
			}
		}
	}
	if len(cols) < 17+3+4+1 {
		t.Fatalf("only %d primary assessment columns declared", len(cols))
	}
	return cols
}

// validations maps each Pupils column's header to its validation.
func validations(t *testing.T, f *excelize.File) map[string]*excelize.DataValidation {
	t.Helper()
	rows, err := f.GetRows(PupilsSheet)
	if err != nil {
		t.Fatal(err)
	}
	dvs, err := f.GetDataValidations(PupilsSheet)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]*excelize.DataValidation{}
	for i, h := range rows[0] {
		col, _ := excelize.ColumnNumberToName(i + 1)
		for _, dv := range dvs {
			if dv.Sqref == col+"2:"+col+"1048576" {
				m[h] = dv
			}
		}
	}
	return m
}

func TestPrimaryHeaders(t *testing.T) {
	f := open(t, write(t, Options{Phase: Primary}))
	if got, want := f.GetSheetList(), []string{PupilsSheet, GuidanceSheet, ListsSheet}; !slices.Equal(got, want) {
		t.Errorf("sheets = %v, want %v", got, want)
	}
	rows, err := f.GetRows(PupilsSheet)
	if err != nil || len(rows) != 1 {
		t.Fatalf("rows = %d, %v; want the header row only", len(rows), err)
	}
	var want []string
	for _, c := range []string{"URN", "UPN", "Forename", "Surname", "DOB", "Year", "NCYear", "Gender", "FSM6", "FSM",
		"CLA", "PostLAC", "Disadvantaged", "SEN", "FirstLanguage", "NonMobile", "Ethnicity"} {
		want = append(want, c)
	}
	for _, c := range primaryColumns(t) {
		want = append(want, c.Name)
	}
	want = append(want, "KS1_APS", "Read_SS", "Mat_SS", "GPS_SS", "Writ_TA", "Read_Prog", "Writ_Prog", "Mat_Prog")
	if !slices.Equal(rows[0], want) {
		t.Errorf("header = %v\nwant %v", rows[0], want)
	}
	if !slices.Equal(Headers(Options{Phase: Primary}), want) {
		t.Errorf("Headers = %v", Headers(Options{Phase: Primary}))
	}
	for _, h := range []string{"KeyStage", "KS2_APS", "English Language"} {
		if slices.Contains(rows[0], h) {
			t.Errorf("the primary template has a %s column", h)
		}
	}
	if !bytes.Equal(write(t, Options{Phase: Primary}), write(t, Options{Phase: Primary})) {
		t.Error("two writes of the primary template differ")
	}
}

// Every declared code of every primary column is offered: in the column's
// drop-down, or, for a number that may hold a code instead, in the hidden
// list its formula names.
func TestPrimaryCodesOffered(t *testing.T) {
	f := open(t, write(t, Options{Phase: Primary}))
	dvs := validations(t, f)
	lists := listContents(t, f)
	listName := regexp.MustCompile(`list_\d+`)
	for _, c := range primaryColumns(t) {
		dv := dvs[c.Name]
		if dv == nil {
			t.Errorf("%s: no validation", c.Name)
			continue
		}
		var offered []string
		switch {
		case c.Kind == assess.Codes:
			if dv.Type != "list" {
				t.Errorf("%s: validation %q, want a drop-down", c.Name, dv.Type)
			}
			offered = lists[dv.Formula1]
		case len(c.Codes) == 0:
			typ := "decimal"
			if c.Whole {
				typ = "whole"
			}
			if dv.Type != typ || dv.Formula1 != number(c.Min) || dv.Formula2 != number(c.Max) {
				t.Errorf("%s: validation %s %s..%s, want %s %g..%g", c.Name, dv.Type, dv.Formula1, dv.Formula2, typ, c.Min, c.Max)
			}
		default:
			if dv.Type != "custom" {
				t.Errorf("%s: validation %q, want a formula taking a number or a code", c.Name, dv.Type)
			}
			offered = lists[listName.FindString(dv.Formula1)]
			// The input message explains both.
			for _, s := range []string{number(c.Min), number(c.Max), c.Codes[0].Code, c.Codes[len(c.Codes)-1].Code} {
				if dv.Prompt == nil || !strings.Contains(*dv.Prompt, s) {
					t.Errorf("%s: input message %v does not mention %s", c.Name, dv.Prompt, s)
				}
			}
		}
		for _, code := range c.Codes {
			if code.Why != "" {
				if slices.Contains(offered, code.Code) {
					t.Errorf("%s: offers %s, which is declared not valid (%s)", c.Name, code.Code, code.Why)
				}
				continue
			}
			if !slices.Contains(offered, code.Code) {
				t.Errorf("%s: code %s is not offered (offered %v)", c.Name, code.Code, offered)
			}
		}
		if dv.Prompt == nil || *dv.Prompt == "" || dv.Error == nil || *dv.Error == "" {
			t.Errorf("%s: no input or error message", c.Name)
		}
	}
	// The pupil's columns.
	for h, want := range map[string][]string{
		"NCYear":        {"R", "1", "2", "3", "4", "5", "6"},
		"Gender":        {"F", "M"},
		"FSM":           {"Y", "N"},
		"SEN":           {"N", "K", "E"},
		"FirstLanguage": {"ENG", "OTH", "UNCL"},
		"Ethnicity":     {"WHIT", "MIXD", "ASIA", "BLAC", "CHIN", "AOEG", "UNCL"},
		"Writ_TA":       writingCodes(),
	} {
		if dv := dvs[h]; dv == nil || dv.Type != "list" || !slices.Equal(lists[dv.Formula1], want) {
			t.Errorf("%s: drop-down %v, want %v", h, dv, want)
		}
	}
	if len(writingCodes()) != len(model.WritingTACodes) {
		t.Error("Writ_TA does not offer model.WritingTACodes")
	}
	// Coded cells are text, so Excel keeps EYFS's "1" as the code it is;
	// a score's cells are not, so 25 stays a number.
	rows, _ := f.GetRows(PupilsSheet)
	format := func(h string) string {
		col, _ := excelize.ColumnNumberToName(slices.Index(rows[0], h) + 1)
		id, _ := f.GetCellStyle(PupilsSheet, col+"7")
		if s, _ := f.GetStyle(id); s != nil && s.CustomNumFmt != nil {
			return *s.CustomNumFmt
		}
		return ""
	}
	if format("ELG01") != "@" || format("MTC_Score") == "@" || format("Phonics_Mark") == "@" {
		t.Errorf("cell formats: ELG01 %q, MTC_Score %q, Phonics_Mark %q", format("ELG01"), format("MTC_Score"), format("Phonics_Mark"))
	}
}

// The formula of a number-or-code column takes what load would take, and
// refuses the rest; excelize's calculator evaluates it as Excel would.
func TestNumberOrCodeFormula(t *testing.T) {
	f := open(t, write(t, Options{Phase: Primary}))
	dv := validations(t, f)["MTC_Score"]
	if dv == nil {
		t.Fatal("MTC_Score has no validation")
	}
	rows, _ := f.GetRows(PupilsSheet)
	col, _ := excelize.ColumnNumberToName(slices.Index(rows[0], "MTC_Score") + 1)
	for _, tc := range []struct {
		v    any
		want string
	}{
		{0, "TRUE"}, {25, "TRUE"}, {12, "TRUE"}, {26, "FALSE"}, {-1, "FALSE"}, {2.5, "FALSE"},
		{"A", "TRUE"}, {"X", "TRUE"}, {"Z", "FALSE"}, {"*", "FALSE"}, {"A*", "FALSE"}, {"?", "FALSE"},
		{"AB", "FALSE"}, {"a", "FALSE"}, {"25", "FALSE"}, {"", "FALSE"},
	} {
		if err := f.SetCellValue(PupilsSheet, col+"2", tc.v); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellFormula(PupilsSheet, "A3", dv.Formula1); err != nil {
			t.Fatal(err)
		}
		got, err := f.CalcCellValue(PupilsSheet, "A3")
		if err != nil {
			t.Fatalf("%v: %v (%s)", tc.v, err, dv.Formula1)
		}
		// excelize's calculator writes IF's booleans as 1 and 0.
		switch got {
		case "1":
			got = "TRUE"
		case "0":
			got = "FALSE"
		}
		if got != tc.want {
			t.Errorf("MTC_Score %v: formula gives %s, want %s (%s)", tc.v, got, tc.want, dv.Formula1)
		}
	}
}

func TestPrimaryGuidance(t *testing.T) {
	f := open(t, write(t, Options{Phase: Primary}))
	rows, err := f.GetRows(GuidanceSheet)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string][]string{}
	var all strings.Builder
	for _, r := range rows {
		if len(r) >= 4 {
			found[r[1]] = r
		}
		all.WriteString(strings.Join(r, "\t") + "\n")
	}
	for _, h := range Headers(Options{Phase: Primary}) {
		if r, ok := found[h]; !ok || r[2] == "" || r[3] == "" {
			t.Errorf("guidance for %s = %q", h, r)
		}
	}
	for _, a := range assess.Declared() {
		if len(a.Columns) == 0 || !slices.ContainsFunc(a.NCYears, func(y model.NCYear) bool { return y <= 6 }) {
			continue // school characteristics have no columns to guide
		}
		if !strings.Contains(all.String(), a.Title+": "+assess.YearGroups(a.NCYears)) {
			t.Errorf("the guidance does not give %s's year groups (%s)", a.Title, assess.YearGroups(a.NCYears))
		}
	}
	for _, c := range primaryColumns(t) {
		r := found[c.Name]
		for _, code := range c.Codes {
			if code.Why == "" && !strings.Contains(r[3], code.Code+" = "+code.Meaning) {
				t.Errorf("%s: guidance %q does not give %s = %s", c.Name, r[3], code.Code, code.Meaning)
			}
		}
		if c.Label != "" && !strings.Contains(r[2], c.Label) {
			t.Errorf("%s: guidance %q does not say it holds %s", c.Name, r[2], c.Label)
		}
	}
	if r := found["MTC_Score"]; !strings.Contains(r[3], "0 to 25") || !strings.Contains(r[3], "no drop-down") {
		t.Errorf("MTC_Score guidance = %q", r[3])
	}
	if r := found["Phonics_Y1_Outcome"]; !strings.Contains(r[2], "Year 2 rows only") {
		t.Errorf("Phonics_Y1_Outcome guidance = %q", r[2])
	}
	if r := found["NCYear"]; !strings.HasPrefix(r[3], "R (reception) or 1 to 6") {
		t.Errorf("NCYear guidance = %q", r[3])
	}
}

// Read back with nothing filled in, the primary template is the blank
// template, with every column read. It needs package load to read NCYear
// and the assessments' columns (whole-school.md); until then it is skipped.
func TestPrimaryBlankReadsBackAsBlank(t *testing.T) {
	if _, ok := load.ColumnByName(string(ColNCYear)); !ok {
		t.Skip("package load does not read NCYear yet")
	}
	src := load.Source{FS: fstest.MapFS{"data/pupils.xlsx": {Data: write(t, Options{Phase: Primary})}}}
	pf, l := load.Pupils(src, "data/pupils.xlsx", load.PupilOptions{URN: "100001"})
	if len(pf.Pupils) != 0 || len(l) != 1 || !strings.Contains(l[0].Hint, "blank template") {
		t.Fatalf("pupils %d, diagnostics %v; want the blank template error", len(pf.Pupils), l)
	}
	if len(pf.Ignored) != 0 {
		t.Errorf("ignored headers %v", pf.Ignored)
	}
}

func TestSecondaryNCYear(t *testing.T) {
	if !bytes.Equal(write(t, Options{}), write(t, Options{Phase: Secondary})) {
		t.Error("the default template is not the secondary one")
	}
	h := Headers(Options{})
	if i := slices.Index(h, "NCYear"); i < 0 || h[i-1] != "Year" || h[i+1] != "KeyStage" {
		t.Errorf("headers %v: want NCYear between Year and KeyStage", h)
	}
	f := open(t, write(t, Options{}))
	if dv := validations(t, f)["NCYear"]; dv == nil || !slices.Equal(listContents(t, f)[dv.Formula1], []string{"7", "8", "9", "10", "11"}) {
		t.Errorf("NCYear drop-down %v, want 7 to 11", dv)
	}
	if err := Write(&bytes.Buffer{}, Options{Phase: "junior"}); err == nil {
		t.Error("an unknown phase was accepted")
	}
}
