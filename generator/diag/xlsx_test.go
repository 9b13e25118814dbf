package diag

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestWriteXLSX(t *testing.T) {
	zoe := Pupil{URN: "123456", UPN: "A820200125001", Name: "Zoë O'Brien"}
	l := List{
		{File: "data/pupils.xlsx", Sheet: "Pupils", Row: 14, Column: "E", Header: "UPN", Value: "A8202001250O1",
			Message: "not the shape of a UPN", Hint: "a check letter, 11 digits, then a digit", Pupil: Pupil{URN: "123456", UPN: "A8202001250O1", Name: "Ann Lee"}},
		{Severity: Warning, File: "data/pupils.xlsx", Sheet: "Pupils", Row: 20, Column: "D", Header: "DOB", Value: "2016-09-01",
			Message: "an unlikely date of birth", Pupil: zoe},
		{File: "data/national.toml", Line: 3, Value: "=SUM(A1:A2)", Message: "unknown key"},
		{File: "data/pupils.xlsx", Sheet: "Pupils", Row: 3, Column: "A", Header: "URN", Message: "blank", Pupil: Pupil{UPN: "B1", Name: "Bo Li"}},
		{File: "data/pupils.xlsx", Sheet: "Pupils", Row: 2, Column: "A", Header: "URN", Message: "blank", Pupil: Pupil{UPN: "B2", Name: "Cy Ng"}},
	}
	var b bytes.Buffer
	if err := WriteXLSX(&b, l); err != nil {
		t.Fatal(err)
	}

	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"Errors", "Summary"}) {
		t.Fatalf("sheets = %v", got)
	}
	for _, tc := range []struct {
		sheet string
		want  [][]string
	}{
		{"Errors", [][]string{
			{"Severity", "URN", "UPN", "Pupil name", "File", "Sheet", "Row", "Line", "Column", "Header", "Value", "Problem", "Hint"},
			{"error", "", "", "", "data/national.toml", "", "", "3", "", "", "=SUM(A1:A2)", "unknown key"},
			{"error", "", "B2", "Cy Ng", "data/pupils.xlsx", "Pupils", "2", "", "A", "URN", "", "blank"},
			{"error", "", "B1", "Bo Li", "data/pupils.xlsx", "Pupils", "3", "", "A", "URN", "", "blank"},
			{"error", "123456", "A8202001250O1", "Ann Lee", "data/pupils.xlsx", "Pupils", "14", "", "E", "UPN", "A8202001250O1", "not the shape of a UPN", "a check letter, 11 digits, then a digit"},
			{"warning", "123456", "A820200125001", "Zoë O'Brien", "data/pupils.xlsx", "Pupils", "20", "", "D", "DOB", "2016-09-01", "an unlikely date of birth"},
		}},
		{"Summary", [][]string{
			{"Severity", "Count", "File", "Sheet", "Rows", "Line", "Column", "Header", "Value", "Problem", "Hint"},
			{"error", "1", "data/national.toml", "", "", "3", "", "", "=SUM(A1:A2)", "unknown key"},
			{"error", "2", "data/pupils.xlsx", "Pupils", "2 to 3", "", "A", "URN", "", "blank"},
			{"error", "1", "data/pupils.xlsx", "Pupils", "14", "", "E", "UPN", "A8202001250O1", "not the shape of a UPN", "a check letter, 11 digits, then a digit"},
			{"warning", "1", "data/pupils.xlsx", "Pupils", "20", "", "D", "DOB", "2016-09-01", "an unlikely date of birth"},
		}},
	} {
		rows, err := f.GetRows(tc.sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(rows, tc.want) {
			t.Errorf("%s rows:\ngot  %q\nwant %q", tc.sheet, rows, tc.want)
		}
		// The header is bold and frozen, with filter buttons.
		style, _ := f.GetCellStyle(tc.sheet, "A1")
		if s, err := f.GetStyle(style); err != nil || s.Font == nil || !s.Font.Bold {
			t.Errorf("%s header style %+v, %v", tc.sheet, s, err)
		}
		panes, err := f.GetPanes(tc.sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s panes %+v, %v", tc.sheet, panes, err)
		}
		if tables, err := f.GetTables(tc.sheet); err != nil || len(tables) != 1 || !strings.HasPrefix(tables[0].Range, "A1:") {
			t.Errorf("%s tables %+v, %v", tc.sheet, tables, err)
		}
	}
	// A value that looks like a formula stays text.
	if formula, _ := f.GetCellFormula("Errors", "K2"); formula != "" {
		t.Errorf("K2 became the formula %q", formula)
	}
	if w, _ := f.GetColWidth("Errors", "L"); w != 60 {
		t.Errorf("Problem column width %v", w)
	}
}

// An empty list still makes a workbook (the headers and an empty table).
func TestWriteXLSXEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := WriteXLSX(&b, nil); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if rows, _ := f.GetRows("Errors"); len(rows) != 1 {
		t.Errorf("rows %q", rows)
	}
}
