package load

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/reportpack/reportpack/generator/diag"
)

// chooseSheet picks the sheet to read when site.toml names none: the first
// whose first rows hold a header with at least minHeaderScore known
// headers, else the first sheet. Reading another sheet than the first is
// a warning, so the choice is never a surprise.
func (x *xlsxRows) chooseSheet(sheets []string, score func([]string) int, l *diag.List) string {
	for i, name := range sheets {
		if bestHeaderScore(x.f, name, score) < minHeaderScore {
			continue
		}
		if i > 0 {
			l.Add(diag.Diagnostic{File: x.file, Sheet: name, Severity: diag.Warning,
				Message: "read the pupils from sheet " + strconv.Quote(name) + ": the first sheet, " +
					strconv.Quote(sheets[0]) + ", has no row of column headers reportpack knows",
				Hint: "to say so and silence this, set sheet = " + strconv.Quote(name) + " in site.toml [data]"})
		}
		return name
	}
	return sheets[0]
}

// bestHeaderScore is the highest score among a sheet's first non-blank rows.
func bestHeaderScore(f *excelize.File, sheet string, score func([]string) int) int {
	rows, err := f.Rows(sheet)
	if err != nil {
		return 0
	}
	defer rows.Close()
	best, seen := 0, 0
	for seen < headerScanRows && rows.Next() {
		vals, err := rows.Columns()
		if err != nil {
			break
		}
		if strings.TrimSpace(strings.Join(vals, "")) == "" {
			continue
		}
		seen++
		for i := range vals {
			vals[i] = strings.TrimSpace(vals[i])
		}
		best = max(best, score(vals))
	}
	return best
}

// mergedCell is a range of merged cells: zero-based columns, rows as the
// spreadsheet numbers them.
type mergedCell struct {
	Ref        string // "C1:D1"
	Col1, Row1 int
	Col2, Row2 int
}

// mergeRef finds merged ranges in a sheet's XML: <mergeCell ref="C1:D1"/>,
// with or without a namespace prefix.
var mergeRef = regexp.MustCompile(`<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?ref="([A-Za-z]+[0-9]+):([A-Za-z]+[0-9]+)"`)

// mergedCells lists a sheet's merged ranges. They follow the cells in the
// sheet's XML, so only the part after sheetData is searched. A sheet too
// large to be held in memory (data is nil) is taken to have none.
func mergedCells(data []byte) []mergedCell {
	i := bytes.LastIndex(data, []byte("sheetData>"))
	if i < 0 {
		return nil
	}
	var out []mergedCell
	for _, m := range mergeRef.FindAllSubmatch(data[i:], -1) {
		c1, r1, err1 := excelize.CellNameToCoordinates(string(m[1]))
		c2, r2, err2 := excelize.CellNameToCoordinates(string(m[2]))
		if err1 != nil || err2 != nil {
			continue
		}
		out = append(out, mergedCell{Ref: string(m[1]) + ":" + string(m[2]),
			Col1: min(c1, c2) - 1, Row1: min(r1, r2), Col2: max(c1, c2) - 1, Row2: max(r1, r2)})
	}
	return out
}

// headerless watches the columns with no header of their own: a blank
// header cell, or one a merged header cell covers. Their values are not
// read, so the first value met in each is reported: an error for a merged
// header (a column the file's author gave a header that reportpack cannot
// see), a warning for a blank one.
type headerless struct {
	cols  map[int]*mergedCell // column -> the merge over its header, nil for a blank header
	width int                 // the header's width; in XLSX, values beyond it are watched too
	xlsx  bool
}

func newHeaderless(t *table) *headerless {
	h := &headerless{cols: map[int]*mergedCell{}, width: len(t.Header.Cells), xlsx: t.Sheet != ""}
	for i, c := range t.Header.Cells {
		if strings.TrimSpace(c.Text) == "" {
			h.cols[i] = nil
		}
	}
	for k := range t.merges {
		m := &t.merges[k]
		if m.Row1 > t.Header.Row || m.Row2 < t.Header.Row || m.Col2 == m.Col1 {
			continue
		}
		for i := m.Col1 + 1; i <= m.Col2; i++ {
			h.cols[i] = m
		}
		h.width = max(h.width, m.Col2+1)
	}
	return h
}

// check reports the row's values in headerless columns not yet reported.
func (h *headerless) check(t *table, r record, l *diag.List) {
	if len(h.cols) == 0 && (!h.xlsx || len(r.Cells) <= h.width) {
		return
	}
	for i, m := range h.cols {
		if i >= len(r.Cells) || (strings.TrimSpace(r.Cells[i].Text) == "" && !r.Cells[i].isDate()) {
			continue
		}
		delete(h.cols, i)
		d := t.place(r, i)
		if m != nil {
			first := diag.ColumnLetter(m.Col1)
			d.Header = strings.TrimSpace(t.Header.Cells[m.Col1].Text)
			d.Message = "column " + diag.ColumnLetter(i) + " has values but no header of its own: its header cell is merged with " +
				first + strconv.Itoa(t.Header.Row) + " (" + m.Ref + "), so its values cannot be read"
			d.Hint = "unmerge the header cells and give column " + diag.ColumnLetter(i) + " its own header"
			l.Add(d)
			continue
		}
		d.Message = "column " + diag.ColumnLetter(i) + " has values but no header, so they are not read"
		d.Hint = "give the column a header (a column reportpack knows, or one mapped in site.toml [data.columns]), or delete it"
		d.Severity = diag.Warning
		l.Add(d)
	}
	if h.xlsx {
		for i := h.width; i < len(r.Cells); i++ {
			if strings.TrimSpace(r.Cells[i].Text) == "" && !r.Cells[i].isDate() {
				continue
			}
			d := t.place(r, i)
			d.Message = "column " + diag.ColumnLetter(i) + " has values but no header, so they are not read"
			d.Hint = "give the column a header (a column reportpack knows, or one mapped in site.toml [data.columns]), or delete it"
			d.Severity = diag.Warning
			l.Add(d)
			h.width = 1 << 30 // once is enough
			break
		}
	}
}
