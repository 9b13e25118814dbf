package diag

import (
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/reportpack/reportpack/generator/colwidth"
)

// errorColumns are the columns of the error list sheet, with their widths.
var errorColumns = []struct {
	title string
	width float64
}{
	{"Severity", 10}, {"File", 28}, {"Sheet", 14}, {"Row", 7}, {"Line", 7}, {"Column", 8},
	{"Header", 18}, {"Value", 22}, {"Problem", 60}, {"Hint", 60},
}

// ErrorSheet is the name of the sheet WriteXLSX writes.
const ErrorSheet = "Errors"

// WriteXLSX writes the list as an XLSX workbook with one sheet, "Errors":
// a row per diagnostic under a bold, frozen header row, for
// `reportpack validate --errors errors.xlsx`. Values are written as text,
// so nothing from a data file can become a formula.
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
	sw, err := f.NewStreamWriter(ErrorSheet)
	if err != nil {
		return err
	}
	// Widths and panes must be set before the first row.
	widths := make([]float64, len(errorColumns))
	for i, c := range errorColumns {
		widths[i] = c.width
	}
	if err := colwidth.Set(sw, widths); err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	header := make([]any, len(errorColumns))
	for i, c := range errorColumns {
		header[i] = excelize.Cell{StyleID: bold, Value: c.title}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	for i, d := range l {
		row := []any{d.Severity.String(), d.File, d.Sheet, blankZero(d.Row), blankZero(d.Line),
			d.Column, d.Header, d.Value, d.Message, d.Hint}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

// blankZero leaves a cell empty for "no row" or "no line".
func blankZero(n int) any {
	if n == 0 {
		return nil
	}
	return n
}
