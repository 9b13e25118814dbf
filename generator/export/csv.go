// Package export writes a school's computed figures as files others can
// recompute from: the tidy measures.csv (full precision, site.md's columns)
// and measures.xlsx (a sheet per table, rounded as on the pages). Both are
// byte-for-byte deterministic for the same Results.
package export

import (
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
	cw := &csvWriter{w: w, buf: make([]byte, 0, flushAt+1024)}
	for i, h := range Header {
		if i > 0 {
			cw.buf = append(cw.buf, ',')
		}
		cw.buf = appendField(cw.buf, h)
	}
	cw.end()
	var ids []string // the table's measure ids, quoted as needed
	for _, ks := range r.KeyStages {
		for _, yr := range ks.Years {
			// urn, year and key_stage lead every row of the year: quote
			// them once, not per row.
			var lead []byte
			lead = appendField(lead, string(r.URN))
			lead = append(lead, ',')
			lead = appendField(lead, yr.Year.String())
			lead = append(lead, ',')
			lead = appendField(lead, strconv.Itoa(int(ks.KeyStage)))
			lead = append(lead, ',')
			cw.lead = lead
			for ti := range yr.Tables {
				tb := &yr.Tables[ti]
				ids = ids[:0]
				for _, m := range tb.Measures {
					ids = append(ids, quoteField(string(m.ID)), quoteField(string(m.AdjustedID)))
				}
				write := func(f measures.Filter, rows []measures.Row) {
					raw := f.String()
					fs, unfiltered := quoteField(raw), raw == ""
					for _, row := range rows {
						group := quoteField(string(row.Group.ID))
						for ci, c := range row.Cells {
							cw.cell(ids[2*ci], group, fs, unfiltered, row.Group, c)
							if f.IsZero() && row.Group.ID == "all" && tb.Measures[ci].AdjustedID != "" {
								cw.cell(ids[2*ci+1], group, "", true, row.Group, measures.Cell{
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
	cw.flush()
	return cw.err
}

// csvWriter writes RFC 4180 records, as encoding/csv does, but builds each
// lines in one reused buffer, written out every flushAt bytes: a school's
// file has tens of thousands of rows.
// The fields that repeat (urn, year, ids, filters) are quoted once by the
// caller, not per row: checking them was most of the writer's time.
type csvWriter struct {
	w    io.Writer
	buf  []byte
	lead []byte // urn,year,key_stage, already quoted, with the comma after
	err  error
}

// needsQuotes reports whether s holds a comma, quote or line break.
func needsQuotes(s string) bool { return strings.ContainsAny(s, ",\"\r\n") }

// appendField appends s as a CSV field, quoted when needed.
func appendField(b []byte, s string) []byte {
	if !needsQuotes(s) {
		return append(b, s...)
	}
	b = append(b, '"')
	b = append(b, strings.ReplaceAll(s, `"`, `""`)...)
	return append(b, '"')
}

// quoteField returns s as a CSV field, quoted when needed.
func quoteField(s string) string {
	if !needsQuotes(s) {
		return s
	}
	return string(appendField(nil, s))
}

// flushAt is how full the buffer gets before it is written.
const flushAt = 64 << 10

func (cw *csvWriter) end() {
	cw.buf = append(cw.buf, '\n')
	if len(cw.buf) >= flushAt {
		cw.flush()
	}
}

func (cw *csvWriter) flush() {
	if cw.err == nil && len(cw.buf) > 0 {
		_, cw.err = cw.w.Write(cw.buf)
	}
	cw.buf = cw.buf[:0]
}

// cell writes one figure's record (see WriteCSV for the rules). measure,
// group and filter are already quoted; unfiltered is whether the raw filter
// is empty.
func (cw *csvWriter) cell(measure, group, filter string, unfiltered bool, g *measures.Group, c measures.Cell) {
	cw.buf = append(cw.buf, cw.lead...)
	cw.buf = append(cw.buf, measure...)
	cw.buf = append(cw.buf, ',')
	cw.buf = append(cw.buf, group...)
	cw.buf = append(cw.buf, ',')
	cw.buf = append(cw.buf, filter...)
	comparator := ""
	if unfiltered {
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
	if unfiltered && c.National.Valid {
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
