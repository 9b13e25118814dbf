package load

import (
	"strings"
	"time"

	"github.com/reportpack/reportpack/generator/diag"
)

// cell is one cell as read.
type cell struct {
	Text string    // the text, or an XLSX cell's raw value (a number as stored)
	Date time.Time // for a date-formatted XLSX cell holding a serial: that date
}

// isDate reports whether the cell is a date-formatted spreadsheet cell.
func (c cell) isDate() bool { return !c.Date.IsZero() }

// record is one non-blank row of a table.
type record struct {
	Row   int // as the user sees it: the first row is 1
	Cells []cell
}

// at returns the cell in column i, blank when the row is shorter.
func (r record) at(i int) cell {
	if i < len(r.Cells) {
		return r.Cells[i]
	}
	return cell{}
}

func (r record) blank() bool {
	for _, c := range r.Cells {
		if strings.TrimSpace(c.Text) != "" || c.isDate() {
			return false
		}
	}
	return true
}

// rowReader yields the rows of one sheet or CSV file in order, blank rows
// included (the table skips them).
type rowReader interface {
	// next returns the next row; ok is false at the end. Problems met on
	// the way (a CSV quoting error, a damaged sheet) go to l.
	next(l *diag.List) (r record, ok bool)
	close()
}

// table is a tabular file opened for reading: the header (its first
// non-blank row), then the data rows one at a time.
type table struct {
	File   string
	Sheet  string // the XLSX sheet read; empty for CSV
	Header record
	rows   rowReader
}

// rowsHint is how many rows the file seems to hold, header included, when
// its reader can tell before reading them (an XLSX sheet in memory), for
// sizing what holds them; 0 when it cannot. A guess, not a count.
func (t *table) rowsHint() int {
	if x, ok := t.rows.(*xlsxRows); ok {
		return x.rowsHint
	}
	return 0
}

// openTable opens path as XLSX or CSV, whichever its content shows, and
// reads its header. sheet names the XLSX sheet to read ("" for the first).
// ok is false, with the reason in l, when there is nothing to read.
func openTable(src Source, path, sheet string, l *diag.List) (*table, bool) {
	f, ok := src.open(path, l)
	if !ok {
		return nil, false
	}
	br, head, err := peek(f)
	at := diag.Diagnostic{File: path}
	if err != nil {
		f.Close()
		l.Errorf(at, "cannot read the file: %v", unwrapPath(err))
		return nil, false
	}
	var rows rowReader
	t := &table{File: path}
	kind := sniff(head)
	if kind == formatText && !isXLSXName(path) {
		rows = newCSVRows(path, br, f) // it closes f
	} else {
		if kind == formatOLE {
			at.Message, at.Hint = oleProblem(br)
		}
		f.Close()
		switch {
		case kind == formatZip:
			if rows, t.Sheet, ok = openXLSX(src, path, sheet, l); !ok {
				return nil, false
			}
		case kind == formatOLE: // explained above
		case kind == formatText:
			at.Message = "this file is named as a spreadsheet but holds text (perhaps a CSV file renamed)"
			at.Hint = "rename it to .csv, or open it in Excel and save as .xlsx"
		default:
			at.Message, at.Hint = notTable(kind)
		}
		if rows == nil {
			l.Add(at)
			return nil, false
		}
	}
	t.rows = rows
	for {
		r, more := rows.next(l)
		if !more {
			break
		}
		if !r.blank() {
			t.Header = r
			if t.Sheet == "" && !separated(r, l, path) {
				rows.close()
				return nil, false
			}
			return t, true
		}
	}
	rows.close()
	d := diag.Diagnostic{File: path, Sheet: t.Sheet, Message: "the file has no header row and no data",
		Hint: "the first row must hold the column headers"}
	if t.Sheet != "" {
		d.Message = "the sheet is empty"
	}
	l.Add(d)
	return nil, false
}

// separated checks a CSV header was split on commas: Excel in some locales
// saves "CSV" with semicolons, and "Text" with tabs.
func separated(header record, l *diag.List, path string) bool {
	if len(header.Cells) != 1 {
		return true
	}
	h := header.Cells[0].Text
	for _, sep := range []struct{ char, name string }{{"\t", "tabs"}, {";", "semicolons"}} {
		if strings.Contains(h, sep.char) {
			l.Add(diag.Diagnostic{File: path, Row: header.Row, Value: h,
				Message: "the header row is separated by " + sep.name + ", not commas",
				Hint:    "in Excel use Save As > CSV UTF-8 (Comma delimited), or save as .xlsx"})
			return false
		}
	}
	return true
}

// next returns the next non-blank data row.
func (t *table) next(l *diag.List) (record, bool) {
	for {
		r, ok := t.rows.next(l)
		if !ok {
			return record{}, false
		}
		if !r.blank() {
			return r, true
		}
	}
}

// close releases the file (and excelize's temporary files).
func (t *table) close() { t.rows.close() }

// headers returns the header texts, trimmed, one per column.
func (t *table) headers() []string {
	h := make([]string, len(t.Header.Cells))
	for i, c := range t.Header.Cells {
		h[i] = strings.TrimSpace(c.Text)
	}
	return h
}

// place locates column i of row r for a diagnostic, with the cell's value.
func (t *table) place(r record, i int) diag.Diagnostic {
	d := diag.Diagnostic{File: t.File, Sheet: t.Sheet, Row: r.Row, Column: diag.ColumnLetter(i)}
	if i < len(t.Header.Cells) {
		d.Header = strings.TrimSpace(t.Header.Cells[i].Text)
	}
	if c := r.at(i); c.isDate() {
		d.Value = c.Date.Format(time.DateOnly)
	} else {
		d.Value = c.Text
	}
	return d
}
