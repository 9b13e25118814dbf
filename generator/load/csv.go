package load

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/reportpack/reportpack/generator/diag"
)

// csvRows reads an RFC 4180 CSV file (UTF-8, an optional BOM) row by row.
type csvRows struct {
	file   string
	r      *csv.Reader
	c      io.Closer
	folded int // newlines inside quoted values so far: rows = lines - folded
	badUTF int // cells that are not UTF-8, reported once at the end
	badAt  diag.Diagnostic
	done   bool
}

func newCSVRows(file string, br *bufio.Reader, c io.Closer) *csvRows {
	if b, _ := br.Peek(3); string(b) == "\uFEFF" {
		br.Discard(3)
	}
	r := csv.NewReader(br)
	r.FieldsPerRecord = -1 // a short row just has blank trailing cells
	return &csvRows{file: file, r: r, c: c}
}

func (c *csvRows) next(l *diag.List) (record, bool) {
	for !c.done {
		fields, err := c.r.Read()
		if errors.Is(err, io.EOF) {
			c.finish(l)
			return record{}, false
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			// The reader has moved past the bad record: report it, go on.
			d := diag.Diagnostic{File: c.file, Row: pe.StartLine - c.folded, Line: pe.Line}
			d.Message, d.Hint = csvProblem(pe)
			l.Add(d)
			c.folded += pe.Line - pe.StartLine
			continue
		}
		if err != nil {
			l.Errorf(diag.Diagnostic{File: c.file}, "cannot read the file: %v", unwrapPath(err))
			c.done = true
			break
		}
		// Spreadsheets number rows as lines, counting blank ones; a value
		// with a line break inside quotes is still one row.
		line, _ := c.r.FieldPos(0)
		rec := record{Row: line - c.folded, Cells: make([]cell, len(fields))}
		for i, f := range fields {
			c.folded += strings.Count(f, "\n")
			if !utf8.ValidString(f) {
				if c.badUTF == 0 {
					c.badAt = diag.Diagnostic{File: c.file, Row: rec.Row, Column: diag.ColumnLetter(i)}
				}
				c.badUTF++
				f = strings.ToValidUTF8(f, "\uFFFD")
			}
			rec.Cells[i] = cell{Text: f}
		}
		return rec, true
	}
	return record{}, false
}

// finish reports text that is not UTF-8 once, not on every accented name:
// the fix is one re-save of the whole file.
func (c *csvRows) finish(l *diag.List) {
	c.done = true
	if c.badUTF > 0 {
		c.badAt.Message = "the file is not UTF-8 text"
		if c.badUTF > 1 {
			c.badAt.Message += " (" + strconv.Itoa(c.badUTF) + " cells, the first here)"
		}
		c.badAt.Hint = "in Excel use Save As > CSV UTF-8 (Comma delimited), so names like Zoë keep their accents"
		l.Add(c.badAt)
	}
}

func (c *csvRows) close() { c.c.Close() }

// csvProblem says what a quoting error means to someone who edits CSV by hand.
func csvProblem(pe *csv.ParseError) (msg, hint string) {
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return `a " appears inside a value that is not in quotes`,
			`put the whole value in double quotes and double the quote mark inside it: "Say ""hello"""`
	case errors.Is(pe.Err, csv.ErrQuote):
		return `a quoted value is not closed, or a " follows the closing quote`,
			`a value in quotes must end with " followed by a comma or the end of the line; double any " inside it`
	}
	return pe.Err.Error(), ""
}
