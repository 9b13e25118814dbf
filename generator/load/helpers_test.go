package load

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/model"
)

// mkUPN makes a valid UPN from its 12 characters after the check letter.
func mkUPN(body string) string {
	l, ok := model.UPNCheckLetter("A" + body)
	if !ok {
		panic("bad UPN body " + body)
	}
	return string(l) + body
}

// memSource serves the given files from memory.
func memSource(files map[string][]byte) Source {
	fsys := fstest.MapFS{}
	for name, b := range files {
		fsys[name] = &fstest.MapFile{Data: b}
	}
	return Source{FS: fsys}
}

// toCSV writes rows as CSV, quoting where RFC 4180 needs it.
func toCSV(rows [][]string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	w.WriteAll(rows)
	return b.Bytes()
}

// dateCell asks buildXLSX for a real date cell, formatted with numFmt (a
// built-in id) or, when custom is set, that format code.
type dateCell struct {
	t      time.Time
	numFmt int
	custom string
}

// buildXLSX writes rows into a one-sheet workbook; a cell is a string, a
// number or a dateCell.
func buildXLSX(t testing.TB, sheet string, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if sheet != "Sheet1" {
		if err := f.SetSheetName("Sheet1", sheet); err != nil {
			t.Fatal(err)
		}
	}
	for r, row := range rows {
		for c, v := range row {
			name, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if d, ok := v.(dateCell); ok {
				st := &excelize.Style{NumFmt: d.numFmt}
				if d.custom != "" {
					st = &excelize.Style{CustomNumFmt: &d.custom}
				}
				id, err := f.NewStyle(st)
				if err != nil {
					t.Fatal(err)
				}
				if err := f.SetCellStyle(sheet, name, name, id); err != nil {
					t.Fatal(err)
				}
				v = d.t
			}
			if v == nil {
				continue
			}
			if err := f.SetCellValue(sheet, name, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// messages renders diagnostics one a line, for failure output.
func messages(l diag.List) string {
	var b strings.Builder
	for _, d := range l {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// only returns the one diagnostic in l, failing the test otherwise.
func only(t *testing.T, l diag.List) diag.Diagnostic {
	t.Helper()
	if len(l) != 1 {
		t.Fatalf("want 1 diagnostic, got %d:\n%s", len(l), messages(l))
	}
	return l[0]
}
