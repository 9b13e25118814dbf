package export

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/model"
)

// noFigure is what an absent figure reads as, as on the pages.
const noFigure = "–"

// WriteXLSX writes r as measures.xlsx: a Contents sheet (what each sheet
// holds, and what "x" and "–" mean), a Headlines sheet, and for each key
// stage, year and table a sheet of its unfiltered rows ("KS4 2024-25 P8")
// and one of the table under each single filter, a row per filter and
// group ("KS4 2024-25 P8 filtered"). Pairs of filters are left to
// measures.csv: they are nine in ten of a school's rows, which would make
// the workbook slow to write and to open and no easier to read. Figures are
// rounded as on the pages but kept as numbers; suppressed counts and
// figures read "x". Each sheet's header row is frozen. The bytes depend
// only on r.
func WriteXLSX(w io.Writer, r measures.Results) error {
	f := excelize.NewFile()
	defer f.Close()
	// excelize writes streamed sheets in map order; sort the parts instead.
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return newSortedZip(w) })

	x := &xlsxWriter{f: f, r: r, names: map[string]bool{}}
	if err := x.styles(); err != nil {
		return err
	}
	plan := x.plan()
	if err := f.SetSheetName("Sheet1", plan[0].name); err != nil {
		return err
	}
	for i, s := range plan {
		if i > 0 {
			if _, err := f.NewSheet(s.name); err != nil {
				return err
			}
		}
		sw, err := f.NewStreamWriter(s.name)
		if err != nil {
			return err
		}
		if err := s.write(x, sw); err != nil {
			return fmt.Errorf("sheet %q: %w", s.name, err)
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return f.Write(w)
}

type xlsxWriter struct {
	f      *excelize.File
	r      measures.Results
	names  map[string]bool
	header int
	text   int
	dec    [3]int // number styles by decimals 0, 1, 2
}

type sheetPlan struct {
	name  string
	about string
	write func(x *xlsxWriter, sw *excelize.StreamWriter) error
}

func (x *xlsxWriter) styles() error {
	var err error
	if x.header, err = x.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}); err != nil {
		return err
	}
	if x.text, err = x.f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "right"}}); err != nil {
		return err
	}
	for d, format := range []string{"0", "0.0", "0.00"} {
		if x.dec[d], err = x.f.NewStyle(&excelize.Style{CustomNumFmt: &format}); err != nil {
			return err
		}
	}
	return nil
}

// plan names every sheet, in workbook order.
func (x *xlsxWriter) plan() []sheetPlan {
	plan := []sheetPlan{
		{name: x.unique("Contents")},
		{name: x.unique("Headlines"), about: "Headline figures for all pupils, every key stage and year",
			write: (*xlsxWriter).headlines},
	}
	for ki := range x.r.KeyStages {
		ks := &x.r.KeyStages[ki]
		for yi := range ks.Years {
			yr := &ks.Years[yi]
			for ti := range yr.Tables {
				tb := &yr.Tables[ti]
				base := fmt.Sprintf("KS%d %s %s", int(ks.KeyStage), strings.ReplaceAll(yr.Year.String(), "/", "-"), tb.Def.Short)
				about := fmt.Sprintf("Key stage %d, %s: %s", int(ks.KeyStage), yr.Year, tb.Def.Title)
				plan = append(plan, sheetPlan{name: x.unique(base), about: about,
					write: func(x *xlsxWriter, sw *excelize.StreamWriter) error { return x.table(sw, tb) }})
				if slices.ContainsFunc(tb.Filtered, single) {
					plan = append(plan, sheetPlan{name: x.unique(base + " filtered"), about: about + ", under each single filter",
						write: func(x *xlsxWriter, sw *excelize.StreamWriter) error { return x.filtered(sw, tb) }})
				}
			}
		}
	}
	plan[0].about = "This list"
	plan[0].write = func(x *xlsxWriter, sw *excelize.StreamWriter) error { return x.contents(sw, plan) }
	return plan
}

// unique makes a valid sheet name: no []:*?/\, no leading or trailing
// apostrophe, at most 31 characters, not used before.
func (x *xlsxWriter) unique(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		return r
	}, name)
	name = strings.Trim(name, "' ")
	if name == "" {
		name = "Sheet"
	}
	cut := func(s string, n int) string {
		for utf8.RuneCountInString(s) > n {
			_, size := utf8.DecodeLastRuneInString(s)
			s = s[:len(s)-size]
		}
		return s
	}
	name = cut(name, 31)
	try := name
	for i := 2; x.names[strings.ToLower(try)]; i++ {
		suffix := " (" + strconv.Itoa(i) + ")"
		try = cut(name, 31-len(suffix)) + suffix
	}
	x.names[strings.ToLower(try)] = true
	return try
}

func (x *xlsxWriter) head(sw *excelize.StreamWriter, widths []float64, titles ...string) error {
	// One call per run of equal widths: each call copies every column.
	for lo := 0; lo < len(widths); {
		hi := lo + 1
		for hi < len(widths) && widths[hi] == widths[lo] {
			hi++
		}
		if err := sw.SetColWidth(lo+1, hi, widths[lo]); err != nil {
			return err
		}
		lo = hi
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	row := make([]any, len(titles))
	for i, t := range titles {
		row[i] = excelize.Cell{StyleID: x.header, Value: t}
	}
	return sw.SetRow("A1", row, excelize.RowOpts{Height: 45})
}

func (x *xlsxWriter) contents(sw *excelize.StreamWriter, plan []sheetPlan) error {
	if err := x.head(sw, []float64{30, 90}, "Sheet", "What it holds"); err != nil {
		return err
	}
	n := 2
	put := func(vals ...any) error {
		cell, _ := excelize.CoordinatesToCellName(1, n)
		n++
		return sw.SetRow(cell, vals)
	}
	for _, s := range plan {
		if err := put(s.name, s.about); err != nil {
			return err
		}
	}
	notes := []string{
		"School URN " + string(x.r.URN) + ".",
		`"` + noFigure + `" means no figure: no pupil with a result, or no national figure.`,
		"Figures are rounded as on the pages; measures.csv holds them at full precision.",
		"Filtered sheets have no national figures: national figures exist only for all pupils of each group.",
		"Filtered sheets hold single filters; measures.csv also holds every pair of filters.",
	}
	if x.r.MinCohort > 0 {
		notes = append(notes, fmt.Sprintf(`"%s" means suppressed: a group of fewer than %d pupils, or a figure hidden so that one cannot be worked out from the others.`, suppressedMark, x.r.MinCohort))
	} else {
		notes = append(notes, "No figures are suppressed in this pack.")
	}
	n++
	for _, note := range notes {
		if err := put("", note); err != nil {
			return err
		}
	}
	return nil
}

func (x *xlsxWriter) headlines(sw *excelize.StreamWriter) error {
	if err := x.head(sw, []float64{10, 10, 44, 22, 10, 10, 10, 10, 20, 12, 12, 12, 12, 12},
		"Key stage", "Year", "Measure", "Measure id", "Cohort", "School", "CI lower", "CI upper", "Band",
		"Pupils with adjusted scores", "National (all pupils)", "National quintile", "National percentile",
		"Quintile within this build"); err != nil {
		return err
	}
	n := 2
	for _, ks := range x.r.KeyStages {
		for _, yr := range ks.Years {
			for _, h := range yr.Headlines {
				m, c := h.Measure, h.Cell
				adjusted := any("")
				if m.Kind == measures.KindProgress {
					adjusted = x.count(c, c.AdjustedPupils)
				}
				row := []any{int(ks.KeyStage), yr.Year.String(), m.Label, string(m.ID), x.count(c, c.Cohort),
					x.value(m, c, c.Value, c.Has), x.ci(m, c, c.CI.Lower), x.ci(m, c, c.CI.Upper), x.band(m, c),
					adjusted, x.national(m, c.National), x.rank(c, h.Quintile), x.rank(c, h.Percentile), x.rank(c, h.BuildQuintile)}
				cell, _ := excelize.CoordinatesToCellName(1, n)
				n++
				if err := sw.SetRow(cell, row); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// measureTitles heads a measure's columns; national is for unfiltered sheets.
func measureTitles(m *measures.Measure, national bool) []string {
	col := m.Column
	t := []string{col + ": cohort", col}
	if m.Kind == measures.KindProgress {
		t = append(t, col+": CI lower", col+": CI upper", col+": band")
	}
	if national {
		t = append(t, col+": national")
	}
	return t
}

func (x *xlsxWriter) measureCells(m *measures.Measure, c measures.Cell, national bool) []any {
	out := []any{x.count(c, c.Cohort), x.value(m, c, c.Value, c.Has)}
	if m.Kind == measures.KindProgress {
		out = append(out, x.ci(m, c, c.CI.Lower), x.ci(m, c, c.CI.Upper), x.band(m, c))
	}
	if national {
		out = append(out, x.national(m, c.National))
	}
	return out
}

func (x *xlsxWriter) table(sw *excelize.StreamWriter, tb *measures.Table) error {
	titles := []string{"Group", "Pupils", "Compared with"}
	for _, m := range tb.Measures {
		titles = append(titles, measureTitles(m, true)...)
	}
	if err := x.head(sw, widths(len(titles), 30, 10, 26), titles...); err != nil {
		return err
	}
	for i, row := range tb.Unfiltered {
		vals := []any{row.Group.Label, x.rowCohort(row), comparatorLabel(row.Group.Comparator)}
		for ci, m := range tb.Measures {
			vals = append(vals, x.measureCells(m, row.Cells[ci], true)...)
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
	}
	return nil
}

func (x *xlsxWriter) filtered(sw *excelize.StreamWriter, tb *measures.Table) error {
	titles := []string{"Filter", "Filter id", "Group", "Pupils"}
	for _, m := range tb.Measures {
		titles = append(titles, measureTitles(m, false)...)
	}
	if err := x.head(sw, widths(len(titles), 34, 30, 30, 10), titles...); err != nil {
		return err
	}
	n := 2
	for _, ft := range tb.Filtered {
		if !single(ft) {
			continue
		}
		for _, row := range ft.Rows {
			vals := []any{ft.Filter.Label(), ft.Filter.String(), row.Group.Label, x.rowCohort(row)}
			for ci, m := range tb.Measures {
				vals = append(vals, x.measureCells(m, row.Cells[ci], false)...)
			}
			cell, _ := excelize.CoordinatesToCellName(1, n)
			n++
			if err := sw.SetRow(cell, vals); err != nil {
				return err
			}
		}
	}
	return nil
}

// single reports whether a filtered table is under one filter, not a pair.
func single(ft measures.FilteredTable) bool { return ft.Filter.Second == "" }

func widths(n int, first ...float64) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 14
		if i < len(first) {
			w[i] = first[i]
		}
	}
	return w
}

func comparatorLabel(c measures.Comparator) string {
	switch c {
	case measures.CompareSame:
		return "National: same group"
	case measures.CompareOther:
		return "National: not disadvantaged"
	}
	return "National: all pupils"
}

func (x *xlsxWriter) rowCohort(row measures.Row) any {
	if row.Suppressed {
		return excelize.Cell{StyleID: x.text, Value: suppressedMark}
	}
	return row.Cohort
}

func (x *xlsxWriter) count(c measures.Cell, n int) any {
	if c.Suppressed {
		return excelize.Cell{StyleID: x.text, Value: suppressedMark}
	}
	return n
}

func (x *xlsxWriter) value(m *measures.Measure, c measures.Cell, v float64, has bool) any {
	switch {
	case c.Suppressed:
		return excelize.Cell{StyleID: x.text, Value: suppressedMark}
	case !has:
		return excelize.Cell{StyleID: x.text, Value: noFigure}
	}
	return excelize.Cell{StyleID: x.dec[min(max(m.Decimals, 0), 2)], Value: roundShown(m, v)}
}

// roundShown rounds as the page does, without a negative zero.
func roundShown(m *measures.Measure, v float64) float64 {
	if r := m.Round(v); r != 0 {
		return r
	}
	return 0
}

func (x *xlsxWriter) ci(m *measures.Measure, c measures.Cell, v float64) any {
	return x.value(m, c, v, c.CI.Valid && !c.Suppressed)
}

func (x *xlsxWriter) band(m *measures.Measure, c measures.Cell) any {
	switch {
	case c.Suppressed:
		return excelize.Cell{StyleID: x.text, Value: suppressedMark}
	case c.Band == measures.BandNone:
		return excelize.Cell{StyleID: x.text, Value: noFigure}
	}
	return c.Band.Label()
}

func (x *xlsxWriter) national(m *measures.Measure, n model.Num) any {
	if !n.Valid {
		return excelize.Cell{StyleID: x.text, Value: noFigure}
	}
	return excelize.Cell{StyleID: x.dec[min(max(m.Decimals, 0), 2)], Value: roundShown(m, n.V)}
}

func (x *xlsxWriter) rank(c measures.Cell, q int) any {
	switch {
	case c.Suppressed:
		return excelize.Cell{StyleID: x.text, Value: suppressedMark}
	case q == 0:
		return excelize.Cell{StyleID: x.text, Value: noFigure}
	}
	return q
}

// sortedZip is an excelize.ZipWriter that holds the parts and writes them
// on Close in a fixed order ([Content_Types].xml first, then by name) with
// no timestamps, so the same workbook gives the same bytes.
type sortedZip struct {
	w     io.Writer
	names []string
	parts map[string]*bytes.Buffer
}

func newSortedZip(w io.Writer) *sortedZip { return &sortedZip{w: w, parts: map[string]*bytes.Buffer{}} }

// Create starts a part.
func (z *sortedZip) Create(name string) (io.Writer, error) {
	if _, dup := z.parts[name]; dup {
		return nil, fmt.Errorf("export: duplicate workbook part %q", name)
	}
	b := new(bytes.Buffer)
	z.parts[name] = b
	z.names = append(z.names, name)
	return b, nil
}

// AddFS is not used by excelize when writing a workbook.
func (z *sortedZip) AddFS(fs.FS) error { return errors.New("export: AddFS is not supported") }

// Close writes the archive.
func (z *sortedZip) Close() error {
	if z.parts == nil {
		return nil
	}
	names := slices.Clone(z.names)
	slices.SortFunc(names, func(a, b string) int {
		const first = "[Content_Types].xml"
		switch {
		case a == b:
			return 0
		case a == first:
			return -1
		case b == first:
			return 1
		}
		return strings.Compare(a, b)
	})
	zw := zip.NewWriter(z.w)
	// Speed over the last few per cent of size: workbooks are written for
	// every school of a build.
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		fw, _ := flatePool.Get().(*flate.Writer)
		if fw == nil {
			var err error
			if fw, err = flate.NewWriter(out, flate.BestSpeed); err != nil {
				return nil, err
			}
		} else {
			fw.Reset(out)
		}
		return &pooledFlate{fw}, nil
	})
	for _, name := range names {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		if err != nil {
			return err
		}
		if _, err := z.parts[name].WriteTo(fw); err != nil {
			return err
		}
	}
	z.parts = nil
	return zw.Close()
}

// flatePool reuses compressors, which are large, across parts and workbooks.
var flatePool sync.Pool

type pooledFlate struct{ *flate.Writer }

// Close finishes the part and returns the compressor to the pool.
func (p *pooledFlate) Close() error {
	err := p.Writer.Close()
	flatePool.Put(p.Writer)
	p.Writer = nil
	return err
}
