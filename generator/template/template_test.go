package template

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/xuri/excelize/v2"

	"github.com/reportpack/reportpack/generator/grades"
	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/model"
)

func write(t *testing.T, opt Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, opt); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func open(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestDeterministic(t *testing.T) {
	a, b := write(t, Options{}), write(t, Options{})
	if !bytes.Equal(a, b) {
		t.Fatal("two writes of the same template differ")
	}
}

func TestSheets(t *testing.T) {
	f := open(t, write(t, Options{}))
	if got, want := f.GetSheetList(), []string{PupilsSheet, GuidanceSheet, QualificationsSheet, ListsSheet}; !slices.Equal(got, want) {
		t.Errorf("sheets = %v, want %v", got, want)
	}
	if f.GetActiveSheetIndex() != 0 {
		t.Errorf("active sheet = %d, want the Pupils sheet", f.GetActiveSheetIndex())
	}
	if v, _ := f.GetSheetVisible(ListsSheet); v {
		t.Error("the Lists sheet is visible")
	}
	props, err := f.GetDocProps()
	if err != nil || props.Created != fixedTime || props.Creator != "reportpack" {
		t.Errorf("doc props = %+v, %v", props, err)
	}
}

func TestPupilsSheet(t *testing.T) {
	f := open(t, write(t, Options{}))
	rows, err := f.GetRows(PupilsSheet)
	if err != nil || len(rows) != 1 {
		t.Fatalf("rows = %d, %v; want the header row only", len(rows), err)
	}
	want := Headers(Options{})
	if !slices.Equal(rows[0], want) {
		t.Errorf("header = %v\nwant %v", rows[0], want)
	}
	if n, d := len(grades.Default().Quals), declaredColumns(Secondary); len(want) != len(KS4Columns)+d+n || n < 30 {
		t.Errorf("%d headers for %d columns, %d of declared assessments and %d subjects", len(want), len(KS4Columns), d, n)
	}

	panes, err := f.GetPanes(PupilsSheet)
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 4 {
		t.Errorf("panes = %+v, %v; want the header row and the columns to Surname frozen", panes, err)
	}

	dvs, err := f.GetDataValidations(PupilsSheet)
	if err != nil {
		t.Fatal(err)
	}
	bySqref := map[string]*excelize.DataValidation{}
	for _, dv := range dvs {
		bySqref[dv.Sqref] = dv
	}
	col := func(h string) string {
		i := slices.Index(want, h)
		if i < 0 {
			t.Fatalf("no %s column", h)
		}
		c, _ := excelize.ColumnNumberToName(i + 1)
		return c
	}
	lists := listContents(t, f)
	for _, tc := range []struct {
		header string
		list   []string // for a drop-down
		typ    string
	}{
		{"Gender", []string{"F", "M"}, "list"},
		{"FSM6", []string{"Y", "N"}, "list"},
		{"SEN", []string{"N", "K", "E"}, "list"},
		{"Ethnicity", []string{"WHIT", "MIXD", "ASIA", "BLAC", "CHIN", "AOEG", "UNCL"}, "list"},
		{"KeyStage", []string{"4"}, "list"},
		{"English Language", []string{"9", "8", "7", "6", "5", "4", "3", "2", "1", "U"}, "list"},
		{"Combined Science", strings.Split("99,98,88,87,77,76,66,65,55,54,44,43,33,32,22,21,11,U", ","), "list"},
		{"UPN", nil, "textLength"},
		{"KS2_APS", nil, "decimal"},
	} {
		c := col(tc.header)
		dv := bySqref[c+"2:"+c+"1048576"]
		if dv == nil {
			t.Errorf("%s (column %s): no validation", tc.header, c)
			continue
		}
		if dv.Type != tc.typ {
			t.Errorf("%s: validation type %q, want %q", tc.header, dv.Type, tc.typ)
		}
		if tc.list != nil && !slices.Equal(lists[dv.Formula1], tc.list) {
			t.Errorf("%s: drop-down %s = %v, want %v", tc.header, dv.Formula1, lists[dv.Formula1], tc.list)
		}
	}
	// Every subject has a drop-down.
	for _, q := range grades.Default().Quals {
		c := col(q.Subject)
		if dv := bySqref[c+"2:"+c+"1048576"]; dv == nil || !slices.Equal(lists[dv.Formula1], q.Results) {
			t.Errorf("%s: no drop-down of its results", q.Subject)
		}
	}
	// Grade cells are text, so Excel keeps "5-4" as typed rather than a date.
	style, _ := f.GetCellStyle(PupilsSheet, col("Combined Science")+"5")
	if s, _ := f.GetStyle(style); s == nil || s.CustomNumFmt == nil || *s.CustomNumFmt != "@" {
		t.Errorf("combined science cells are not text-formatted")
	}
}

// listContents maps each defined list name to its items.
func listContents(t *testing.T, f *excelize.File) map[string][]string {
	t.Helper()
	m := map[string][]string{}
	cols, err := f.GetCols(ListsSheet)
	if err != nil {
		t.Fatal(err)
	}
	for _, dn := range f.GetDefinedName() {
		// RefersTo is Lists!$B$1:$B$10.
		ref := strings.TrimPrefix(dn.RefersTo, ListsSheet+"!$")
		letter := ref[:strings.IndexByte(ref, '$')]
		i, _ := excelize.ColumnNameToNumber(letter)
		var items []string
		for _, v := range cols[i-1] {
			if v != "" {
				items = append(items, v)
			}
		}
		m[dn.Name] = items
	}
	return m
}

func TestGuidanceListsEveryColumn(t *testing.T) {
	f := open(t, write(t, Options{}))
	rows, err := f.GetRows(GuidanceSheet)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string][]string{}
	for _, r := range rows {
		if len(r) >= 4 {
			found[r[1]] = r
		}
	}
	for _, h := range Headers(Options{}) {
		r, ok := found[h]
		if !ok || r[2] == "" || r[3] == "" {
			t.Errorf("guidance for %s = %q", h, r)
		}
	}
	if r := found["Combined Science"]; !strings.Contains(r[3], "highest first") {
		t.Errorf("combined science guidance = %q", r)
	}
	if r := found["Biology"]; !strings.Contains(r[2], "EBacc: science") {
		t.Errorf("biology guidance = %q", r)
	}
}

// The Qualifications sheet, saved as CSV, is a qualifications table that
// reads back as the one it was written from.
func TestQualificationsSheetRoundTrips(t *testing.T) {
	f := open(t, write(t, Options{}))
	rows, err := f.GetRows(QualificationsSheet)
	if err != nil {
		t.Fatal(err)
	}
	var csv strings.Builder
	for _, r := range rows {
		for i, v := range r {
			if i > 0 {
				csv.WriteByte(',')
			}
			csv.WriteString(`"` + v + `"`)
		}
		csv.WriteByte('\n')
	}
	tab, l := grades.ParseTable("q.csv", []byte(csv.String()))
	if len(l) > 0 {
		t.Fatalf("diagnostics: %v", l)
	}
	def := grades.Default()
	if len(tab.Quals) != len(def.Quals) {
		t.Fatalf("%d qualifications, want %d", len(tab.Quals), len(def.Quals))
	}
	for i := range tab.Quals {
		a, b := tab.Quals[i], def.Quals[i]
		if a.Subject != b.Subject || a.EBacc != b.EBacc || !slices.Equal(a.Results, b.Results) {
			t.Errorf("row %d: %+v, want %+v", i, a, b)
		}
	}
}

// Read back with nothing filled in, the template is the blank template error.
func TestBlankTemplateReadsBackAsBlank(t *testing.T) {
	src := load.Source{FS: fstest.MapFS{"data/pupils.xlsx": {Data: write(t, Options{})}}}
	pf, l := load.Pupils(src, "data/pupils.xlsx", load.PupilOptions{URN: "100001"})
	if len(pf.Pupils) != 0 || len(l) != 1 || !strings.Contains(l[0].Hint, "blank template") {
		t.Fatalf("pupils %d, diagnostics %v; want the blank template error", len(pf.Pupils), l)
	}
	if pf.Sheet != PupilsSheet {
		t.Errorf("read sheet %q, want %q", pf.Sheet, PupilsSheet)
	}
	// NCYear is the spec's (whole-school.md); until package load reads it,
	// the loader passes it over like a subject.
	unread := 0
	for _, c := range KS4Columns {
		if _, known := load.ColumnByName(string(c)); !known {
			unread++
			if !slices.Contains(pf.Ignored, string(c)) {
				t.Errorf("the loader neither read nor ignored the %s column", c)
			}
			continue
		}
		if !pf.Layout.Has(c) {
			t.Errorf("the loader did not find the %s column", c)
		}
	}
	if len(pf.Ignored) != len(grades.Default().Quals)+unread {
		t.Errorf("ignored headers %v, want the subjects", pf.Ignored)
	}
}

func TestOptions(t *testing.T) {
	// A template with the KS2 columns takes key stage 2 rows too.
	opt := Options{Columns: load.PupilColumns}
	f := open(t, write(t, opt))
	rows, _ := f.GetRows(PupilsSheet)
	if len(rows[0]) != len(load.PupilColumns)+declaredColumns(Secondary)+len(grades.Default().Quals) {
		t.Errorf("%d headers", len(rows[0]))
	}
	g, _ := f.GetRows(GuidanceSheet)
	ok := false
	for _, r := range g {
		if len(r) >= 4 && r[1] == "KeyStage" && strings.HasPrefix(r[3], "2 or 4") {
			ok = true
		}
	}
	if !ok {
		t.Error("KeyStage guidance does not offer 2 or 4")
	}
	if err := Write(&bytes.Buffer{}, Options{Columns: []load.Column{"Shoe size"}}); err == nil {
		t.Error("an unknown column was accepted")
	}
}

// declaredColumns is how many columns of declared assessments (attendance
// and suspensions, for every year group) the phase's template has.
func declaredColumns(ph Phase) int {
	n := 0
	for _, a := range ph.Assessments() {
		for i := range a.Columns {
			if slices.ContainsFunc(ph.NCYears(), func(y model.NCYear) bool { return a.TakesNCYear(i, y) }) {
				n++
			}
		}
	}
	return n
}
