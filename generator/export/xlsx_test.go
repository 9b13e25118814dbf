package export

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"

	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/model"
)

// TestXLSXTablesReadBack reads every table sheet back and compares each
// cell with the figure it should show, worked out here from the results
// and not by the writer's code: WriteXLSX reuses one row's values for the
// next, so a cell holding another cell's figure would show up here.
func TestXLSXTablesReadBack(t *testing.T) {
	for _, minCohort := range []int{0, 6} {
		r := compute(minCohort)
		f := writeAndOpen(t, r)
		sheets := f.GetSheetList()[2:] // after Contents and Headlines
		next := func() string {
			if len(sheets) == 0 {
				t.Fatalf("min %d: too few sheets", minCohort)
			}
			s := sheets[0]
			sheets = sheets[1:]
			return s
		}
		for _, ks := range r.KeyStages {
			for _, yr := range ks.Years {
				for ti := range yr.Tables {
					tb := &yr.Tables[ti]
					var want [][]string
					for _, row := range tb.Unfiltered {
						got := []string{row.Group.Label, shownCohort(row), comparatorLabel(row.Group.Comparator)}
						want = append(want, append(append(got, shownCells(tb, row, true)...), shownWhy(&r, tb, &row)...))
					}
					compareSheet(t, f, next(), want)
					if !slices.ContainsFunc(tb.Filtered, single) {
						continue
					}
					want = want[:0]
					for _, ft := range tb.Filtered {
						if !single(ft) {
							continue
						}
						for _, row := range ft.Rows {
							got := []string{ft.Filter.Label(), ft.Filter.String(), row.Group.Label, shownCohort(row)}
							want = append(want, append(append(got, shownCells(tb, row, false)...), shownWhy(&r, tb, &row)...))
						}
					}
					compareSheet(t, f, next(), want)
				}
			}
		}
		if len(sheets) > 0 {
			t.Errorf("min %d: sheets left over: %v", minCohort, sheets)
		}
	}
}

// compareSheet compares a sheet's rows after the header with want.
func compareSheet(t *testing.T, f *excelize.File, sheet string, want [][]string) {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(want)+1 {
		t.Fatalf("sheet %q: %d rows, want %d", sheet, len(rows)-1, len(want))
	}
	for i, w := range want {
		if !slices.Equal(rows[i+1], w) {
			t.Errorf("sheet %q row %d:\n got %q\nwant %q", sheet, i+2, rows[i+1], w)
		}
	}
}

func shownCohort(row measures.Row) string {
	if row.Suppressed {
		return suppressedMark
	}
	return strconv.Itoa(row.Cohort)
}

// shownCells is how a row's measures read in a sheet: cohort, figure, the
// interval and band for progress measures, and the national figure on
// unfiltered sheets.
func shownCells(tb *measures.Table, row measures.Row, national bool) []string {
	var out []string
	for ci, m := range tb.Measures {
		c := row.Cells[ci]
		figure := func(v float64, has bool) string {
			switch {
			case c.Suppressed:
				return suppressedMark
			case !has:
				return noFigure
			}
			return m.Format(v)
		}
		cohort := strconv.Itoa(c.Cohort)
		if c.Suppressed {
			cohort = suppressedMark
		}
		out = append(out, cohort, figure(c.Value, c.Has))
		if m.Kind == measures.KindProgress {
			band := c.Band.Label()
			switch {
			case c.Suppressed:
				band = suppressedMark
			case c.Band == measures.BandNone:
				band = noFigure
			}
			out = append(out, figure(c.CI.Lower, c.CI.Valid), figure(c.CI.Upper, c.CI.Valid), band)
		}
		if national {
			out = append(out, shownNational(m, c.National))
		}
	}
	return out
}

// shownWhy is a row's "Why hidden" cell, none when nothing is hidden:
// each hidden figure's reason in words, the row's (its count) first,
// named by column; just the words when they are the same throughout and
// no figure of the row shows.
func shownWhy(r *measures.Results, tb *measures.Table, row *measures.Row) []string {
	type hidden struct{ what, text string }
	var hs []hidden
	anyShown := false
	if row.Suppressed {
		hs = append(hs, hidden{"Pupils", ReasonText(r, RowReason(row))})
	}
	for ci := range row.Cells {
		if !row.Cells[ci].Suppressed {
			anyShown = true
			continue
		}
		hs = append(hs, hidden{tb.Measures[ci].Column, ReasonText(r, CellReason(&row.Cells[ci], row))})
	}
	if len(hs) == 0 {
		return nil
	}
	same := true
	for _, h := range hs {
		same = same && h.text == hs[0].text
	}
	if same && (row.Suppressed || !anyShown) {
		return []string{hs[0].text}
	}
	var parts []string
	for _, h := range hs {
		parts = append(parts, h.what+": "+h.text)
	}
	return []string{strings.Join(parts, "; ")}
}

func shownNational(m *measures.Measure, n model.Num) string {
	if !n.Valid {
		return noFigure
	}
	return m.Format(n.V)
}

// TestSortedZip checks that sortedZip, which deflates parts as they are
// written, gives the archive zip.Writer gives for the same parts in the
// same order, deflated at the same level: workbooks were written that way.
func TestSortedZip(t *testing.T) {
	parts := []struct{ name, data string }{
		{"xl/worksheets/sheet2.xml", strings.Repeat(`<row r="1"><c r="A1" t="inlineStr"><is><t>Male</t></is></c></row>`, 5000)},
		{"[Content_Types].xml", "<Types/>"},
		{"xl/empty.xml", ""},
		{"xl/é~\\.xml", "non-ASCII name"},
		{"docProps/app.xml", "<Properties/>"},
	}
	var got bytes.Buffer
	for range 2 { // the second time from the pools
		got.Reset()
		z := newSortedZip(&got)
		for _, p := range parts {
			w, err := z.Create(p.name)
			if err != nil {
				t.Fatal(err)
			}
			for s := p.data; s != ""; { // in pieces, as excelize may
				n := min(len(s), 1000)
				if _, err := io.WriteString(w, s[:n]); err != nil {
					t.Fatal(err)
				}
				s = s[n:]
			}
		}
		if _, err := z.Create("docProps/app.xml"); err == nil {
			t.Error("duplicate part accepted")
		}
		if err := z.Close(); err != nil {
			t.Fatal(err)
		}
	}

	var want bytes.Buffer
	zw := zip.NewWriter(&want)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	for _, i := range []int{1, 4, 2, 0, 3} { // [Content_Types].xml, then by name
		w, err := zw.CreateHeader(&zip.FileHeader{Name: parts[i].name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, parts[i].data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Errorf("archive differs from zip.Writer's: %d bytes, want %d", got.Len(), want.Len())
	}
}

// WithParts hands over every part's XML exactly as the workbook holds it,
// and changes no byte of the workbook.
func TestWithParts(t *testing.T) {
	for _, minCohort := range []int{0, 6} {
		r := compute(minCohort)
		var plain, hooked bytes.Buffer
		if err := WriteXLSX(&plain, r); err != nil {
			t.Fatal(err)
		}
		parts := map[string]string{}
		err := WriteXLSX(&hooked, r, WithParts(func(name string, data []byte) {
			if _, dup := parts[name]; dup {
				t.Errorf("part %s handed over twice", name)
			}
			parts[name] = string(data)
		}))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(plain.Bytes(), hooked.Bytes()) {
			t.Errorf("min cohort %d: the workbook differs with WithParts", minCohort)
		}
		zr, err := zip.NewReader(bytes.NewReader(hooked.Bytes()), int64(hooked.Len()))
		if err != nil {
			t.Fatal(err)
		}
		if len(zr.File) != len(parts) {
			t.Errorf("min cohort %d: %d parts handed over, the workbook has %d", minCohort, len(parts), len(zr.File))
		}
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(rc)
			rc.Close()
			if got, ok := parts[f.Name]; !ok || got != string(b) {
				t.Errorf("min cohort %d: part %s handed over as %d bytes, the workbook holds %d", minCohort, f.Name, len(got), len(b))
			}
		}
	}
}

// TestXLSXColumnsInOrder checks each sheet's column widths: Excel wants
// the <col> elements in ascending order, and excelize writes a streamed
// sheet's widths in the order it keeps them, not sorted. The widths must
// still land on their columns.
func TestXLSXColumnsInOrder(t *testing.T) {
	r := compute(6)
	sheets := map[string][]byte{}
	err := WriteXLSX(io.Discard, r, WithParts(func(name string, data []byte) {
		if strings.HasPrefix(name, "xl/worksheets/") {
			sheets[name] = bytes.Clone(data)
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(sheets) < 3 {
		t.Fatalf("%d sheets", len(sheets))
	}
	for name, data := range sheets {
		cols := colRanges(t, data)
		if len(cols) == 0 {
			t.Errorf("%s: no column widths", name)
		}
		next := 1 // every column has a width, each once
		for _, c := range cols {
			if c[0] != next || c[1] < c[0] {
				t.Errorf("%s: columns %v out of order", name, cols)
				break
			}
			next = c[1] + 1
		}
	}

	f := writeAndOpen(t, r)
	for _, tc := range []struct {
		sheet, col string
		want       float64
	}{
		{"Contents", "A", 30}, {"Contents", "B", 90},
		{"Headlines", "C", 44}, {"Headlines", "D", 22}, {"Headlines", "N", 12},
		{"KS4 2024-25 P8", "A", 30}, {"KS4 2024-25 P8", "C", 26}, {"KS4 2024-25 P8", "D", 14},
		{"KS4 2024-25 P8 filtered", "A", 34}, {"KS4 2024-25 P8 filtered", "C", 30},
		{"KS4 2024-25 P8 filtered", "D", 10}, {"KS4 2024-25 P8 filtered", "E", 14},
		{"Headlines", "O", whyWidth},
	} {
		if got, err := f.GetColWidth(tc.sheet, tc.col); err != nil || got != tc.want {
			t.Errorf("%s column %s: width %v (%v), want %v", tc.sheet, tc.col, got, err, tc.want)
		}
	}
}

// colRanges reads a sheet's <col> elements' min and max, in order.
func colRanges(t *testing.T, sheet []byte) [][2]int {
	t.Helper()
	var out [][2]int
	d := xml.NewDecoder(bytes.NewReader(sheet))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "col" {
			continue
		}
		var c [2]int
		for _, a := range se.Attr {
			switch a.Name.Local {
			case "min":
				c[0], _ = strconv.Atoi(a.Value)
			case "max":
				c[1], _ = strconv.Atoi(a.Value)
			}
		}
		out = append(out, c)
	}
}
