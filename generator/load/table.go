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
	hint   int          // see rowsHint
	sheets []string     // the workbook's sheets; nil for CSV
	merges []mergedCell // the sheet's merged cells; nil for CSV
}

// rowsHint is how many rows the file seems to hold, header included, when
// its reader can tell before reading them (an XLSX sheet in memory), for
// sizing what holds them; 0 when it cannot. A guess, not a count.
func (t *table) rowsHint() int { return t.hint }

// tableOptions say how to find a table's header.
type tableOptions struct {
	sheet string // the XLSX sheet to read; "" for the first, or the one that holds the headers
	// headerRow is the header's row number (1-based); 0 finds it.
	headerRow int
	// score counts a row's cells that are headers the reader knows. With
	// it, the header is the row with the most among the first
	// headerScanRows non-blank rows (title rows above it are skipped),
	// and a workbook's sheet, when none is named, is the first whose
	// header has at least minHeaderScore. Without it the header is the
	// first non-blank row of the first sheet.
	score func(headers []string) int
}

// headerScanRows is how many non-blank rows are looked at for the header;
// minHeaderScore is how many known headers make a row the header.
const (
	headerScanRows = 30
	minHeaderScore = 2
)

// openTable opens path as XLSX or CSV, whichever its content shows, and
// reads its header. sheet names the XLSX sheet to read ("" for the first).
// ok is false, with the reason in l, when there is nothing to read.
func openTable(src Source, path, sheet string, l *diag.List) (*table, bool) {
	return openTableWith(src, path, tableOptions{sheet: sheet}, l)
}

// openTableWith is openTable, finding the header (and sheet) as opt says.
func openTableWith(src Source, path string, opt tableOptions, l *diag.List) (*table, bool) {
	sheet := opt.sheet
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
			var x *xlsxRows
			if x, ok = openXLSX(src, path, sheet, opt.score, l); !ok {
				return nil, false
			}
			rows, t.Sheet, t.sheets, t.merges, t.hint = x, x.sheet, x.sheets, x.merges, x.rowsHint
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
	if opt.score != nil || opt.headerRow > 0 {
		return t.findHeader(opt, l)
	}
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

// findHeader reads the header as opt says: the row it names, or the row of
// the first few with the most known headers, the first non-blank row when
// none has minHeaderScore. Rows read past the header are read again as
// data.
func (t *table) findHeader(opt tableOptions, l *diag.List) (*table, bool) {
	var seen []record
	best, bestScore := -1, 0
	for len(seen) < headerScanRows {
		r, more := t.rows.next(l)
		if !more {
			break
		}
		if r.blank() {
			if opt.headerRow > 0 && r.Row == opt.headerRow {
				break
			}
			continue
		}
		seen = append(seen, r)
		if opt.headerRow > 0 {
			if r.Row == opt.headerRow {
				best = len(seen) - 1
				break
			}
			if r.Row > opt.headerRow {
				break
			}
			continue
		}
		if s := opt.score(rowTexts(r)); s > bestScore {
			best, bestScore = len(seen)-1, s
		}
	}
	if opt.headerRow > 0 && best < 0 {
		t.rows.close()
		l.Add(diag.Diagnostic{File: t.File, Sheet: t.Sheet, Row: opt.headerRow,
			Message: "site.toml [data] header_row names this row, but it is blank or beyond the end of the file",
			Hint:    "give the number of the row that holds the column headers, as the spreadsheet numbers it"})
		return nil, false
	}
	if len(seen) == 0 {
		t.rows.close()
		d := diag.Diagnostic{File: t.File, Sheet: t.Sheet, Message: "the file has no header row and no data",
			Hint: "the first row must hold the column headers"}
		if t.Sheet != "" {
			d.Message = "the sheet is empty"
		}
		l.Add(d)
		return nil, false
	}
	if best < 0 || (opt.headerRow == 0 && bestScore < minHeaderScore) {
		best = 0
	}
	t.Header = seen[best]
	if t.Sheet == "" && !separated(t.Header, l, t.File) {
		t.rows.close()
		return nil, false
	}
	t.rows = &replay{buf: seen[best+1:], rowReader: t.rows}
	return t, true
}

// rowTexts is a row's cells' text, trimmed.
func rowTexts(r record) []string {
	h := make([]string, len(r.Cells))
	for i, c := range r.Cells {
		h[i] = strings.TrimSpace(c.Text)
	}
	return h
}

// replay hands out rows already read before reading on.
type replay struct {
	buf []record
	rowReader
}

func (r *replay) next(l *diag.List) (record, bool) {
	if len(r.buf) > 0 {
		rec := r.buf[0]
		r.buf = r.buf[1:]
		return rec, true
	}
	return r.rowReader.next(l)
}
