package diag

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestWriteXLSX(t *testing.T) {
	l := List{
		{File: "data/pupils.xlsx", Sheet: "Pupils", Row: 14, Column: "E", Header: "UPN", Value: "A8202001250O1",
			Message: "not the shape of a UPN", Hint: "a check letter, 11 digits, then a digit"},
		{Severity: Warning, File: "data/pupils.xlsx", Sheet: "Pupils", Row: 20, Column: "D", Header: "DOB", Value: "2016-09-01",
			Message: "an unlikely date of birth"},
		{File: "data/national.toml", Line: 3, Value: "=SUM(A1:A2)", Message: "unknown key"},
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
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"Errors"}) {
		t.Fatalf("sheets = %v", got)
	}
	rows, err := f.GetRows("Errors")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Severity", "File", "Sheet", "Row", "Line", "Column", "Header", "Value", "Problem", "Hint"},
		{"error", "data/pupils.xlsx", "Pupils", "14", "", "E", "UPN", "A8202001250O1", "not the shape of a UPN", "a check letter, 11 digits, then a digit"},
		{"warning", "data/pupils.xlsx", "Pupils", "20", "", "D", "DOB", "2016-09-01", "an unlikely date of birth"},
		{"error", "data/national.toml", "", "", "3", "", "", "=SUM(A1:A2)", "unknown key"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows:\ngot  %q\nwant %q", rows, want)
	}

	// A value that looks like a formula stays text.
	if formula, _ := f.GetCellFormula("Errors", "H4"); formula != "" {
		t.Errorf("H4 became the formula %q", formula)
	}
	// The header is bold and frozen.
	style, _ := f.GetCellStyle("Errors", "A1")
	if s, err := f.GetStyle(style); err != nil || s.Font == nil || !s.Font.Bold {
		t.Errorf("header style %+v, %v", s, err)
	}
	panes, err := f.GetPanes("Errors")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes %+v, %v", panes, err)
	}
	if w, _ := f.GetColWidth("Errors", "I"); w != 60 {
		t.Errorf("Problem column width %v", w)
	}
}
