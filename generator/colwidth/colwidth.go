// Package colwidth sets the column widths of a sheet written with
// excelize's stream writer, in the order Excel wants them.
//
// The stream writer writes a sheet's <col> elements in the order it keeps
// them, and it puts each SetColWidth call's columns before those set
// already. Widths set first column first therefore come out last column
// first, which Excel may answer by dropping the widths or offering to
// repair the workbook (other writers' reports: exceljs #1563, on excelize
// output; jxls #286). Set makes its calls last run first, so the elements
// come out ascending.
package colwidth

import "github.com/xuri/excelize/v2"

// Set gives column i+1 the width widths[i], with one call per run of equal
// widths: each call copies every column set before it. Like every setting
// of the stream writer, it must come before the first row.
func Set(sw *excelize.StreamWriter, widths []float64) error {
	for hi := len(widths); hi > 0; {
		lo := hi - 1
		for lo > 0 && widths[lo-1] == widths[hi-1] {
			lo--
		}
		if err := sw.SetColWidth(lo+1, hi, widths[lo]); err != nil {
			return err
		}
		hi = lo
	}
	return nil
}
