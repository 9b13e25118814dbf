// Package export writes a school's computed figures as files others can
// recompute from: the tidy measures.csv (full precision, site.md's columns)
// and measures.xlsx (a sheet per table, rounded as on the pages). Both are
// byte-for-byte deterministic for the same Results.
package export

import (
	"bufio"
	"io"
	"strconv"
	"strings"

	"github.com/reportpack/reportpack/generator/measures"
)

// Header is measures.csv's header row, in site.md's order.
var Header = []string{"urn", "year", "key_stage", "measure", "group", "filter", "cohort", "value",
	"ci_lower", "ci_upper", "band", "national", "comparator", "suppressed"}

// suppressedMark is what a hidden count or figure reads as: never 0 or blank.
const suppressedMark = "x"

// WriteCSV writes every figure of r as measures.csv: one row per key stage,
// year, table, filter, group and measure, in that nesting, unfiltered rows
// before each filter's.
//
//   - year is the academic year as model.Year prints it ("2024/25"), the
//     form the pupil file accepts; key_stage is "2" or "4".
//   - value has full precision (the shortest decimal that reads back as the
//     same float64); percentages are 0..100; empty when no pupil has a
//     result.
//   - national is the figure under the row's default comparator, and
//     comparator names it (all, same, other); both are empty in filtered
//     tables. ci_lower, ci_upper and band are set for progress measures
//     when national.toml gives an sd.
//   - suppressed rows have "x" for cohort and value and empty ci, band and
//     national.
//   - each progress measure's count of pupils with adjusted scores follows
//     its all-pupils row as measure <id>_adjusted_pupils (for example
//     ks4_p8_adjusted_pupils), unfiltered only: cohort is the progress
//     cohort and value the count.
func WriteCSV(w io.Writer, r measures.Results) error {
	cw := &csvWriter{w: bufio.NewWriterSize(w, 64<<10)}
	for i, h := range Header {
		cw.field(i, h)
	}
	cw.end()
	urn := string(r.URN)
	for _, ks := range r.KeyStages {
		kss := strconv.Itoa(int(ks.KeyStage))
		for _, yr := range ks.Years {
			year := yr.Year.String()
			for ti := range yr.Tables {
				tb := &yr.Tables[ti]
				write := func(f measures.Filter, rows []measures.Row) {
					fs := f.String()
					for _, row := range rows {
						for ci, c := range row.Cells {
							m := tb.Measures[ci]
							cw.cell(urn, year, kss, string(m.ID), row.Group, fs, c)
							if f.IsZero() && row.Group.ID == "all" && m.AdjustedID != "" {
								cw.cell(urn, year, kss, string(m.AdjustedID), row.Group, "", measures.Cell{
									Cohort: c.Cohort, Has: c.Has, Value: float64(c.AdjustedPupils), Suppressed: c.Suppressed})
							}
						}
					}
				}
				write(measures.Filter{}, tb.Unfiltered)
				for _, ft := range tb.Filtered {
					write(ft.Filter, ft.Rows)
				}
				if cw.err != nil {
					return cw.err
				}
			}
		}
	}
	if cw.err != nil {
		return cw.err
	}
	return cw.w.Flush()
}

// csvWriter writes RFC 4180 records, as encoding/csv does, but builds each
// line in one reused buffer: a school's file has tens of thousands of rows.
type csvWriter struct {
	w   *bufio.Writer
	buf []byte
	err error
}

func (cw *csvWriter) field(i int, s string) {
	if i > 0 {
		cw.buf = append(cw.buf, ',')
	}
	if !strings.ContainsAny(s, ",\"\r\n") {
		cw.buf = append(cw.buf, s...)
		return
	}
	cw.buf = append(cw.buf, '"')
	cw.buf = append(cw.buf, strings.ReplaceAll(s, `"`, `""`)...)
	cw.buf = append(cw.buf, '"')
}

func (cw *csvWriter) end() {
	cw.buf = append(cw.buf, '\n')
	if cw.err == nil {
		_, cw.err = cw.w.Write(cw.buf)
	}
	cw.buf = cw.buf[:0]
}

// cell writes one figure's record (see WriteCSV for the rules).
func (cw *csvWriter) cell(urn, year, ks, measure string, g *measures.Group, filter string, c measures.Cell) {
	cw.field(0, urn)
	cw.field(1, year)
	cw.field(2, ks)
	cw.field(3, measure)
	cw.field(4, string(g.ID))
	cw.field(5, filter)
	comparator := ""
	if filter == "" {
		comparator = g.Comparator.String()
	}
	if c.Suppressed {
		// cohort, value, ci_lower, ci_upper, band, national, comparator, suppressed
		cw.buf = append(cw.buf, ","+suppressedMark+","+suppressedMark+",,,,,"...)
		cw.buf = append(cw.buf, comparator...)
		cw.buf = append(cw.buf, ",true"...)
		cw.end()
		return
	}
	cw.buf = append(cw.buf, ',')
	cw.buf = strconv.AppendInt(cw.buf, int64(c.Cohort), 10)
	cw.buf = append(cw.buf, ',')
	if c.Has {
		cw.buf = appendFull(cw.buf, c.Value)
	}
	cw.buf = append(cw.buf, ',')
	if c.CI.Valid {
		cw.buf = appendFull(cw.buf, c.CI.Lower)
		cw.buf = append(cw.buf, ',')
		cw.buf = appendFull(cw.buf, c.CI.Upper)
	} else {
		cw.buf = append(cw.buf, ',')
	}
	cw.buf = append(cw.buf, ',')
	cw.buf = append(cw.buf, c.Band.ID()...)
	cw.buf = append(cw.buf, ',')
	if filter == "" && c.National.Valid {
		cw.buf = appendFull(cw.buf, c.National.V)
	}
	cw.buf = append(cw.buf, ',')
	cw.buf = append(cw.buf, comparator...)
	cw.buf = append(cw.buf, ",false"...)
	cw.end()
}

// appendFull formats v with full precision: the shortest decimal that
// parses back to the same float64 (at least as precise as 4 decimals),
// never "-0".
func appendFull(b []byte, v float64) []byte {
	if v == 0 {
		return append(b, '0')
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}
