package load

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/reportpack/reportpack/generator/diag"
)

// loadBoth loads a workbook read whole and read in two halves wherever
// splitAt allows, and fails the test if the two differ in any pupil, cell
// or diagnostic.
func loadBoth(t *testing.T, xlsx []byte) (PupilFile, diag.List) {
	t.Helper()
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("a sheet is read in halves only with two or more cores")
	}
	defer func(n int) { minSplit = n }(minSplit)
	src := memSource(map[string][]byte{"p.xlsx": xlsx})
	minSplit = 1 << 62
	whole, wl := Pupils(src, "p.xlsx", PupilOptions{URN: "123456"})
	minSplit = 0
	split, sl := Pupils(src, "p.xlsx", PupilOptions{URN: "123456"})
	if !reflect.DeepEqual(whole, split) {
		t.Errorf("pupils differ read in halves:\nwhole %+v\nsplit %+v", whole.Pupils, split.Pupils)
	}
	if messages(wl) != messages(sl) {
		t.Errorf("diagnostics differ read in halves:\nwhole:\n%s\nsplit:\n%s", messages(wl), messages(sl))
	}
	return split, sl
}

// sheetWith returns a sheet's XML with these rows in its sheetData, behind
// an opening like excelize's.
func sheetWith(rows string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1"/><sheetData>` +
		rows + `</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`
}

// pupilRow is one row of a pupil sheet in inline strings, numbered n.
func pupilRow(n int, forename string) string {
	cell := func(col, v string) string {
		return fmt.Sprintf(`<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>`, col, n, v)
	}
	return fmt.Sprintf(`<row r="%d">`, n) + cell("A", "123456") + cell("B", mkUPN(fmt.Sprintf("%012d", 100000000000+n))) +
		cell("C", forename) + cell("D", "2014-03-09") + cell("E", "2025") + cell("F", "2") + `</row>`
}

// header is the header row of pupilRow's columns.
func header() string {
	return `<row r="1"><c r="A1" t="inlineStr"><is><t>URN</t></is></c><c r="B1" t="inlineStr"><is><t>UPN</t></is></c><c r="C1" t="inlineStr"><is><t>Forename</t></is></c><c r="D1" t="inlineStr"><is><t>DOB</t></is></c><c r="E1" t="inlineStr"><is><t>Year</t></is></c><c r="F1" t="inlineStr"><is><t>KeyStage</t></is></c></row>`
}

func TestSplitReadsAsWhole(t *testing.T) {
	var many strings.Builder
	many.WriteString(header())
	for n := 2; n < 200; n++ {
		if n%17 == 0 {
			continue // a gap: rows Excel leaves out when blank
		}
		many.WriteString(pupilRow(n, fmt.Sprintf("Pupil%d", n)))
	}
	var longSecond strings.Builder // damaged at once, with a long second half
	longSecond.WriteString(header() + pupilRow(2, "Ann") + `<row r="3"><c r="A3"><v>1</c></row>`)
	for n := 4; n < 2000; n++ {
		if n == 1990 { // and damaged again, near the end of the second half
			longSecond.WriteString(`<row r="1990"><c r="A1990"><v>1</c></row>`)
			continue
		}
		longSecond.WriteString(pupilRow(n, fmt.Sprintf("Pupil%d", n)))
	}
	tests := []struct {
		name  string
		rows  string
		split bool // whether splitAt should split it
	}{
		// The second half is still being read when the first ends at
		// its damage: its iterator, and its own damage, are not to be
		// asked about.
		{"damaged early, long second half", longSecond.String(), true},
		{"many rows with gaps", many.String(), true},
		{"gap at the split", header() + pupilRow(2, "Ann") + pupilRow(3, "Bea") + pupilRow(9, "Cal") + pupilRow(10, "Dee"), true},
		{"bad rows either side", header() + pupilRow(2, "Ann") + strings.Replace(pupilRow(3, "Bea"), "2014-03-09", "yesterday", 1) +
			strings.Replace(pupilRow(4, "Cal"), ">2<", ">7<", 1) + pupilRow(5, "Dee"), true},
		{"a row without its number", header() + pupilRow(2, "Ann") + `<row>` + strings.TrimPrefix(pupilRow(3, "Bea"), `<row r="3">`) + pupilRow(4, "Cal"), false},
		{"rows out of order", header() + pupilRow(3, "Ann") + pupilRow(2, "Bea") + pupilRow(4, "Cal"), false},
		{"a comment among the rows", header() + pupilRow(2, "Ann") + `<!-- <row r="9"> -->` + pupilRow(3, "Bea"), false},
		{"damaged in the first half", header() + pupilRow(2, "Ann") + `<row r="3"><c r="A3"><v>1</c></row>` + pupilRow(4, "Bea") + pupilRow(5, "Cal") + pupilRow(6, "Dee"), true},
		{"damaged in the second half", header() + pupilRow(2, "Ann") + pupilRow(3, "Bea") + pupilRow(4, "Cal") + `<row r="5"><c r="A5"><v>1</c></row>` + pupilRow(6, "Dee"), true},
		{"one row", header(), false},
	}
	good := smallXLSX(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sheet := sheetWith(tt.rows)
			if _, _, _, ok := splitAt([]byte(sheet)); ok != tt.split {
				t.Fatalf("splitAt: %v, want %v", ok, tt.split)
			}
			xlsx := rezip(t, good, func(name string, b []byte) []byte {
				if name == "xl/worksheets/sheet1.xml" {
					return []byte(sheet)
				}
				return b
			})
			// The loader itself splits it, or not: a split that never
			// happened would make the comparison below prove nothing.
			defer func(n int) { minSplit = n }(minSplit)
			minSplit = 0
			var ol diag.List
			x, ok := openXLSX(memSource(map[string][]byte{"p.xlsx": xlsx}), "p.xlsx", "", nil, &ol)
			if !ok {
				t.Fatalf("cannot open: %s", messages(ol))
			}
			// The split is planned on opening and confirmed, or not, as
			// the rows are read.
			for {
				if _, ok := x.next(&ol); !ok {
					break
				}
			}
			if got := x.rows2 != nil; got != tt.split && runtime.GOMAXPROCS(0) > 1 {
				t.Errorf("the loader split the sheet: %v, want %v", got, tt.split)
			}
			x.close()

			pf, l := loadBoth(t, xlsx)
			if len(pf.Pupils) == 0 && !l.HasErrors() {
				t.Error("read no pupils and no error: the test reads nothing")
			}
		})
	}
}

// FuzzSplitReadsAsWhole checks, on any sheet XML, that reading in halves
// gives what reading whole gives.
func FuzzSplitReadsAsWhole(f *testing.F) {
	good := smallXLSX(f)
	f.Add([]byte(sheetWith(header() + pupilRow(2, "Ann") + pupilRow(3, "Bea") + pupilRow(5, "Cal"))))
	f.Add([]byte(sheetWith(header() + pupilRow(2, "Ann") + `<row r="3" spans="1:6"><c r="A3"><v>1</v></c></row>` + pupilRow(4, "Cal"))))
	f.Fuzz(func(t *testing.T, sheet []byte) {
		xlsx := rezip(t, good, func(name string, b []byte) []byte {
			if name == "xl/worksheets/sheet1.xml" {
				return sheet
			}
			return b
		})
		loadBoth(t, xlsx)
	})
}
