// Package export writes a school's computed figures as files others can
// recompute from: the tidy measures.csv (format version 2, figures to 4
// decimal places, each hidden one with its reason: docs/measures-csv.md)
// and measures.xlsx (a sheet per table, rounded as on the pages). Both are
// byte-for-byte deterministic for the same Results. The reasons' words
// (ReasonText) are shared with the pages.
package export

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/model"
)

// Version is measures.csv's format version, named by its first line.
const Version = 2

// VersionLine is measures.csv's first line, before the header: readers
// check it to know which columns follow (docs/measures-csv.md).
const VersionLine = "# reportpack measures.csv version 2"

// Header is measures.csv's header row, the line after VersionLine.
var Header = []string{"scope", "urn", "year", "assessment", "measure", "group", "filter", "cohort", "value",
	"ci_lower", "ci_upper", "band", "national", "comparator", "suppressed", "reason", "reason_text"}

// ScopeSchool is the scope of a school's own figures, every row for now;
// "la" is kept for figures computed over a build's schools.
const ScopeSchool = "school"

// Assessment is an assessment's id in measures.csv: "ks2", "ks4",
// "eyfs", "phonics".
func Assessment(ks model.KeyStage) string { return string(ks) }

// NewCSVReader returns a reader of measures.csv's records, from its
// header row on, once it has checked that the file starts with
// VersionLine: a version 1 file (no version line, key_stage for
// assessment) is refused rather than misread.
func NewCSVReader(r io.Reader) (*csv.Reader, error) {
	br := bufio.NewReader(r)
	line, err := br.ReadString('\n')
	if err != nil && (err != io.EOF || line == "") {
		return nil, fmt.Errorf("measures.csv: reading its version line: %w", err)
	}
	if got := strings.TrimRight(line, "\r\n"); got != VersionLine {
		return nil, fmt.Errorf("measures.csv: first line %q, want %q", got, VersionLine)
	}
	return csv.NewReader(br), nil
}

// suppressedMark is what a hidden count or figure reads as: never 0 or blank.
const suppressedMark = "x"

// WriteCSV writes every figure of r as measures.csv: VersionLine, Header,
// then one row per key stage, year, table, filter, group and measure, in
// that nesting, unfiltered rows before each filter's.
//
//   - scope is "school"; year is the academic year as model.Year prints
//     it ("2024/25"), the form the pupil file accepts; assessment is
//     Assessment's id ("ks2", "ks4").
//   - value, ci_lower, ci_upper and national are rounded half away from
//     zero to 4 decimal places and printed without trailing zeros (see
//     appendFigure); percentages are 0..100; value is empty when no pupil
//     has a result.
//   - national is the figure under the row's default comparator, and
//     comparator names it (all, same, other); both are empty in filtered
//     tables. ci_lower, ci_upper and band are set for progress measures
//     when national.toml gives an sd.
//   - suppressed rows have "x" for cohort and value and empty ci, band and
//     national; reason is the reason's code (measures.Reason.Code) and
//     reason_text its words (ReasonText). Both are empty on shown rows.
//   - each progress measure's count of pupils with adjusted scores follows
//     its all-pupils row as measure <id>_adjusted_pupils (for example
//     ks4_p8_adjusted_pupils), unfiltered only: cohort is the progress
//     cohort and value the count; hidden, it gives AdjustedReason's reason.
func WriteCSV(w io.Writer, r measures.Results) error {
	cw := &csvWriter{w: w, buf: make([]byte, 0, flushAt+1024), figs: getFigCache(), r: &r}
	defer figCaches.Put(cw.figs)
	// Each reason's two fields, quoted once per file: ",code,text".
	for why := range cw.reasons {
		reason := measures.Reason(why)
		b := append([]byte(nil), ',')
		b = append(b, reason.Code()...)
		b = append(b, ',')
		cw.reasons[why] = appendField(b, ReasonText(&r, reason))
	}
	cw.buf = append(cw.buf, VersionLine...)
	cw.end()
	for i, h := range Header {
		if i > 0 {
			cw.buf = append(cw.buf, ',')
		}
		cw.buf = appendField(cw.buf, h)
	}
	cw.end()
	var (
		// pre holds, for each of the table's measures, its records' first
		// fields quoted (scope,urn,year,assessment,measure,) and then its
		// adjusted pupils' count's; ends[i] is where the i-th of those
		// ends. With gf, a record starts with two copies instead of eight
		// appends.
		pre  []byte
		ends []int
		// fs is the filter field, quoted; gf the row's group and filter
		// fields.
		fs, gf []byte
	)
	for _, ks := range r.KeyStages {
		for _, yr := range ks.Years {
			// scope, urn, year and assessment lead every row of the year:
			// quote them once, not per row.
			var lead []byte
			lead = appendField(lead, ScopeSchool)
			lead = append(lead, ',')
			lead = appendField(lead, string(r.URN))
			lead = append(lead, ',')
			lead = appendField(lead, yr.Year.String())
			lead = append(lead, ',')
			lead = appendField(lead, Assessment(ks.KeyStage))
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
							cw.cell(prefix(2*ci), gf, unfiltered, row.Group, c, CellReason(c, row))
							if adjusted && tb.Measures[ci].AdjustedID != "" {
								// Unfiltered, so gf's filter is empty, as it must be.
								cw.cell(prefix(2*ci+1), gf, true, row.Group, &measures.Cell{
									Cohort: c.Cohort, Has: c.Has, Value: float64(c.AdjustedPupils), Suppressed: c.Suppressed || c.AdjustedSuppressed},
									AdjustedReason(c, row))
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
// The fields that repeat (urn, year, ids, filters, reasons) are quoted
// once by the caller, not per row: checking them was most of the writer's
// time.
type csvWriter struct {
	w    io.Writer
	buf  []byte
	err  error
	figs *figCache
	r    *measures.Results
	// reasons[why] is the reason and reason_text fields of a row hidden
	// for why, with the comma before each, quoted.
	reasons [measures.ReasonTable + 1][]byte
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
// filter is empty, and why the reason a suppressed cell is hidden.
func (cw *csvWriter) cell(prefix, gf []byte, unfiltered bool, g *measures.Group, c *measures.Cell, why measures.Reason) {
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
		if int(why) < len(cw.reasons) {
			cw.buf = append(cw.buf, cw.reasons[why]...)
		} else { // a reason added after this writer: quoted here
			cw.buf = append(cw.buf, ',')
			cw.buf = append(cw.buf, why.Code()...)
			cw.buf = append(cw.buf, ',')
			cw.buf = appendField(cw.buf, ReasonText(cw.r, why))
		}
		cw.end()
		return
	}
	cw.buf = append(cw.buf, ',')
	cw.buf = strconv.AppendInt(cw.buf, int64(c.Cohort), 10)
	cw.buf = append(cw.buf, ',')
	if c.Has {
		cw.buf = cw.figs.append(cw.buf, c.Value)
	}
	cw.buf = append(cw.buf, ',')
	if c.CI.Valid {
		cw.buf = cw.figs.append(cw.buf, c.CI.Lower)
		cw.buf = append(cw.buf, ',')
		cw.buf = cw.figs.append(cw.buf, c.CI.Upper)
	} else {
		cw.buf = append(cw.buf, ',')
	}
	cw.buf = append(cw.buf, ',')
	cw.buf = append(cw.buf, c.Band.ID()...)
	cw.buf = append(cw.buf, ',')
	if unfiltered && c.National.Valid {
		cw.buf = cw.figs.append(cw.buf, c.National.V)
	}
	cw.buf = append(cw.buf, ',')
	cw.buf = append(cw.buf, comparator...)
	// suppressed, then empty reason and reason_text
	cw.buf = append(cw.buf, ",false,,"...)
	cw.end()
}

// Decimals is how many decimal places measures.csv gives a figure: enough
// to recompute any page's rounding (two at most) from, few enough that a
// file reads without 17-digit noise.
const Decimals = 4

// appendFigure appends v rounded half away from zero to Decimals places,
// as pages round (measures.Measure.Round), in the fewest digits that give
// that number: no trailing zeros, no trailing point, never "-0".
func appendFigure(b []byte, v float64) []byte {
	if math.Abs(v) >= 1<<40 || math.IsNaN(v) {
		// Its neighbouring float64s are more than 1e-4 apart: it prints in
		// 4 places or fewer as it is, and v*1e4 could overflow.
		return strconv.AppendFloat(b, v, 'f', -1, 64)
	}
	r := math.Round(v*1e4) / 1e4
	if r == 0 {
		return append(b, '0')
	}
	// The shortest decimal that reads back as r is r's own 4-place
	// decimal: no other decimal as short lies as near.
	return strconv.AppendFloat(b, r, 'f', -1, 64)
}

// figCache remembers how values were formatted by appendFigure, which was
// half of the writer's time: a school's figures repeat, a group's row
// under one filter being the all-pupils row under the pair of that filter
// and the group, so three values in four have been formatted before. It is
// direct-mapped, a value's slot picked from its bits and overwritten on a
// miss: a map lookup costs as much as formatting.
type figCache [1 << figBits]figEntry

const figBits = 13 // 8,192 slots of 32 bytes: two values in three hit

type figEntry struct {
	bits uint64 // the value's bits; 0 (the value 0) is never looked up
	n    uint8
	text [23]byte
}

// figCaches reuses caches, which are large, across files.
var figCaches sync.Pool

// getFigCache returns an empty cache. Entries left by another file would
// be right, but emptying it keeps a file's cost its own.
func getFigCache() *figCache {
	fc, _ := figCaches.Get().(*figCache)
	if fc == nil {
		return new(figCache)
	}
	clear(fc[:])
	return fc
}

// append appends v as appendFigure does.
func (fc *figCache) append(b []byte, v float64) []byte {
	if v == 0 {
		return append(b, '0')
	}
	k := math.Float64bits(v)
	e := &fc[(k*0x9e3779b97f4a7c15)>>(64-figBits)]
	if e.bits == k {
		return append(b, e.text[:e.n]...)
	}
	start := len(b)
	b = appendFigure(b, v)
	if n := len(b) - start; n <= len(e.text) {
		e.bits, e.n = k, uint8(n)
		copy(e.text[:], b[start:])
	}
	return b
}
