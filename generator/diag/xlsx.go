package diag

import (
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/reportpack/reportpack/generator/colwidth"
)

// column is one column of a sheet of the error list: its title, its width
// and its cell in a row.
type column[T any] struct {
	title string
	width float64
	cell  func(T) any
}

// errorColumns are the Errors sheet's columns: the pupil's school, UPN and
// name first, so the list can be filtered by school and sorted by pupil.
var errorColumns = []column[Diagnostic]{
	{"Severity", 10, func(d Diagnostic) any { return d.Severity.String() }},
	{"URN", 9, func(d Diagnostic) any { return d.Pupil.URN }},
	{"UPN", 15, func(d Diagnostic) any { return d.Pupil.UPN }},
	{"Pupil name", 24, func(d Diagnostic) any { return d.Pupil.Name }},
	{"File", 28, func(d Diagnostic) any { return d.File }},
	{"Sheet", 14, func(d Diagnostic) any { return d.Sheet }},
	{"Row", 7, func(d Diagnostic) any { return blankZero(d.Row) }},
	{"Line", 7, func(d Diagnostic) any { return blankZero(d.Line) }},
	{"Column", 8, func(d Diagnostic) any { return d.Column }},
	{"Header", 18, func(d Diagnostic) any { return d.Header }},
	{"Value", 22, func(d Diagnostic) any { return d.Value }},
	{"Problem", 60, func(d Diagnostic) any { return d.Message }},
	{"Hint", 60, func(d Diagnostic) any { return d.Hint }},
}

// summaryColumns are the Summary sheet's columns: a row for each line
// the list prints, with the rows it stands for.
var summaryColumns = []column[Group]{
	{"Severity", 10, func(g Group) any { return g.Severity.String() }},
	{"Count", 8, func(g Group) any { return g.N }},
	{"File", 28, func(g Group) any { return g.File }},
	{"Sheet", 14, func(g Group) any { return g.Sheet }},
	{"Rows", 24, func(g Group) any { return g.RowRanges() }},
	{"Line", 7, func(g Group) any { return blankZero(g.Line) }},
	{"Column", 8, func(g Group) any {
		if g.Summary != "" {
			return ""
		}
		return g.Column
	}},
	{"Header", 18, func(g Group) any {
		if g.Summary != "" {
			return ""
		}
		return g.Header
	}},
	{"Value", 22, func(g Group) any {
		if g.Summary != "" { // a summary's values differ
			return ""
		}
		return g.Value
	}},
	{"Problem", 60, func(g Group) any {
		if g.Summary != "" {
			return g.Summary
		}
		return g.Message
	}},
	{"Hint", 60, func(g Group) any {
		if g.Summary != "" {
			return ""
		}
		return g.Hint
	}},
}

// Sheet names of the workbook WriteXLSX writes.
const (
	ErrorSheet   = "Errors"
	SummarySheet = "Summary"
)

// WriteXLSX writes the list as an XLSX workbook, for `reportpack validate
// --errors errors.xlsx`: the "Errors" sheet has a row per diagnostic, in
// sorted order, with the pupil's URN, UPN and name where the problem is
// in a row of pupil data, so the list can be filtered by school; the
// "Summary" sheet has a row per line the list prints, repeated problems
// as one row with their rows ("2 to 31"). Both have a bold, frozen header
// row with filters. Values are written as text, so nothing from a data
// file can become a formula.
//
// The workbook names pupils: it is for the data officer, never for a pack.
func WriteXLSX(w io.Writer, l List) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	if err := f.SetSheetName("Sheet1", ErrorSheet); err != nil {
		return err
	}
	if _, err := f.NewSheet(SummarySheet); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	sorted := make(List, len(l))
	copy(sorted, l)
	sorted.Sort()
	if err := writeSheet(f, ErrorSheet, "ErrorList", bold, errorColumns, sorted); err != nil {
		return err
	}
	if err := writeSheet(f, SummarySheet, "ErrorSummary", bold, summaryColumns, l.Groups()); err != nil {
		return err
	}
	return f.Write(w)
}

// writeSheet streams one sheet: the header, a row per item, a table over
// them for the filter buttons.
func writeSheet[T any](f *excelize.File, sheet, table string, bold int, cols []column[T], items []T) error {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	// Widths and panes must be set before the first row.
	widths := make([]float64, len(cols))
	for i, c := range cols {
		widths[i] = c.width
	}
	if err := colwidth.Set(sw, widths); err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		header[i] = excelize.Cell{StyleID: bold, Value: c.title}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	for i, it := range items {
		row := make([]any, len(cols))
		for j, c := range cols {
			row[j] = c.cell(it)
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(cols), max(len(items), 1)+1)
	off := false
	if err := sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: table, StyleName: "TableStyleLight1", ShowRowStripes: &off}); err != nil {
		return err
	}
	return sw.Flush()
}

// blankZero leaves a cell empty for "no row" or "no line".
func blankZero(n int) any {
	if n == 0 {
		return nil
	}
	return n
}
