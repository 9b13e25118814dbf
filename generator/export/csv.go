// Package export writes a school's computed figures as files others can
// recompute from: the tidy measures.csv (full precision, site.md's columns)
// and measures.xlsx (a sheet per table, rounded as on the pages). Both are
// byte-for-byte deterministic for the same Results.
package export

import (
	"io"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/model"
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
	cw := &csvWriter{w: w, buf: make([]byte, 0, flushAt+1024), full: getFullCache()}
	defer fullCaches.Put(cw.full)
	for i, h := range Header {
		if i > 0 {
			cw.buf = append(cw.buf, ',')
		}
		cw.buf = appendField(cw.buf, h)
	}
	cw.end()
	var (
		// pre holds, for each of the table's measures, its records' first
		// fields quoted (urn,year,key_stage,measure,) and then its adjusted
		// pupils' count's; ends[i] is where the i-th of those ends. With
		// gf, a record starts with two copies instead of six appends.
		pre  []byte
		ends []int
		// fs is the filter field, quoted; gf the row's group and filter
		// fields.
		fs, gf []byte
	)
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
			for ti := range yr.Tables {
				tb := &yr.Tables[ti]
				pre, ends = pre[:0], ends[:0]
				for _, m := range tb.Measures {
					for _, id := range [2]model.MeasureID{m.ID, m.AdjustedID} {
						pre = append(pre, lead...)
						pre = appendField(pre, string(id))
						pre = append(pre, ',')
						ends = append(ends, len(pre))
					}
				}
				prefix := func(i int) []byte {
					if i == 0 {
						return pre[:ends[0]]
					}
					return pre[ends[i-1]:ends[i]]
				}
				write := func(f measures.Filter, rows []measures.Row) {
					raw := f.String()
					unfiltered := raw == ""
					fs = appendField(fs[:0], raw)
					for ri := range rows {
						row := &rows[ri]
						gf = appendField(gf[:0], string(row.Group.ID))
						gf = append(gf, ',')
						gf = append(gf, fs...)
						adjusted := unfiltered && row.Group.ID == "all"
						// Cells by pointer: a Cell is a dozen words.
						for ci := range row.Cells {
							c := &row.Cells[ci]
							cw.cell(prefix(2*ci), gf, unfiltered, row.Group, c)
							if adjusted && tb.Measures[ci].AdjustedID != "" {
								// Unfiltered, so gf's filter is empty, as it must be.
								cw.cell(prefix(2*ci+1), gf, true, row.Group, &measures.Cell{
									Cohort: c.Cohort, Has: c.Has, Value: float64(c.AdjustedPupils), Suppressed: c.Suppressed || c.AdjustedSuppressed})
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
	err  error
	full *fullCache
}

// needsQuotes reports whether s holds a comma, quote or line break. Every
// row's group id is checked, so it looks each byte up in a table:
// strings.ContainsAny builds its set of bytes on every call.
func needsQuotes(s string) bool {
	for i := 0; i < len(s); i++ {
		if quoteBytes[s[i]] {
			return true
		}
	}
	return false
}

var quoteBytes = [256]bool{',': true, '"': true, '\r': true, '\n': true}

// appendField appends s as a CSV field, quoted when needed.
func appendField(b []byte, s string) []byte {
	if !needsQuotes(s) {
		return append(b, s...)
	}
	b = append(b, '"')
	b = append(b, strings.ReplaceAll(s, `"`, `""`)...)
	return append(b, '"')
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

// cell writes one figure's record (see WriteCSV for the rules): prefix is
// its fields up to the measure's, with the comma after, and gf the group
// and filter fields, all already quoted; unfiltered is whether the raw
// filter is empty.
func (cw *csvWriter) cell(prefix, gf []byte, unfiltered bool, g *measures.Group, c *measures.Cell) {
	cw.buf = append(cw.buf, prefix...)
	cw.buf = append(cw.buf, gf...)
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
		cw.buf = cw.full.append(cw.buf, c.Value)
	}
	cw.buf = append(cw.buf, ',')
	if c.CI.Valid {
		cw.buf = cw.full.append(cw.buf, c.CI.Lower)
		cw.buf = append(cw.buf, ',')
		cw.buf = cw.full.append(cw.buf, c.CI.Upper)
	} else {
		cw.buf = append(cw.buf, ',')
	}
	cw.buf = append(cw.buf, ',')
	cw.buf = append(cw.buf, c.Band.ID()...)
	cw.buf = append(cw.buf, ',')
	if unfiltered && c.National.Valid {
		cw.buf = cw.full.append(cw.buf, c.National.V)
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

// fullCache remembers how values were formatted by appendFull, which was
// half of the writer's time: a school's figures repeat, a group's row under
// one filter being the all-pupils row under the pair of that filter and
// the group, so three values in four have been formatted before. It is
// direct-mapped, a value's slot picked from its bits and overwritten on a
// miss: a map lookup costs as much as formatting.
type fullCache [1 << fullBits]fullEntry

const fullBits = 13 // 8,192 slots of 32 bytes: two values in three hit

type fullEntry struct {
	bits uint64 // the value's bits; 0 (the value 0) is never looked up
	n    uint8
	text [23]byte
}

// fullCaches reuses caches, which are large, across files.
var fullCaches sync.Pool

// getFullCache returns an empty cache. Entries left by another file would
// be right, but emptying it keeps a file's cost its own.
func getFullCache() *fullCache {
	fc, _ := fullCaches.Get().(*fullCache)
	if fc == nil {
		return new(fullCache)
	}
	clear(fc[:])
	return fc
}

// append appends v as appendFull does.
func (fc *fullCache) append(b []byte, v float64) []byte {
	if v == 0 {
		return append(b, '0')
	}
	k := math.Float64bits(v)
	e := &fc[(k*0x9e3779b97f4a7c15)>>(64-fullBits)]
	if e.bits == k {
		return append(b, e.text[:e.n]...)
	}
	start := len(b)
	b = appendFull(b, v)
	if n := len(b) - start; n <= len(e.text) {
		e.bits, e.n = k, uint8(n)
		copy(e.text[:], b[start:])
	}
	return b
}
