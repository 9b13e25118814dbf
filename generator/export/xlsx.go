package export

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"github.com/reportpack/reportpack/generator/assess"
	"hash/crc32"
	"io"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"

	"github.com/reportpack/reportpack/generator/colwidth"
	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/output"
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
// only on r. Each sheet's last column, "Why hidden", says in words why a
// row's "x" figures are hidden (ReasonText), and Contents explains each
// reason.
func WriteXLSX(w io.Writer, r measures.Results, opts ...XLSXOption) error {
	var o xlsxOptions
	for _, opt := range opts {
		opt(&o)
	}
	f := excelize.NewFile()
	defer f.Close()
	// excelize writes streamed sheets in map order; sort the parts instead.
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter {
		z := newSortedZip(w)
		z.onPart = o.parts
		return z
	})

	x := &xlsxWriter{f: f, r: r, names: map[string]bool{}}
	for why := range x.why {
		x.why[why] = ReasonText(&x.r, measures.Reason(why))
	}
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

// An XLSXOption changes how WriteXLSX writes.
type XLSXOption func(*xlsxOptions)

type xlsxOptions struct {
	parts func(name string, data []byte)
}

// WithParts hands f each part of the workbook (its XML) as it is finished,
// before it is compressed: a leak check reads them there rather than unzip
// the workbook again. data is only valid during the call.
func WithParts(f func(name string, data []byte)) XLSXOption {
	return func(o *xlsxOptions) { o.parts = f }
}

type xlsxWriter struct {
	f      *excelize.File
	r      measures.Results
	names  map[string]bool
	header int
	text   int
	dec    [3]int // number styles by decimals 0, 1, 2
	// suppressed and none are the "x" and "–" cells, boxed once: they are
	// a fifth to two fifths of a workbook's cells.
	suppressed, none any
	// why[reason] is the reason's words (ReasonText), boxed once.
	why [measures.ReasonTable + 1]any
	row rowBuf
	// whyParts builds a "Why hidden" cell naming several reasons.
	whyParts strings.Builder
}

// whyTitle heads the column that says why a row's figures are hidden.
const whyTitle = "Why hidden"

// whyWidth is that column's width: most reasons fit on a line.
const whyWidth = 60

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
	x.suppressed = excelize.Cell{StyleID: x.text, Value: suppressedMark}
	x.none = excelize.Cell{StyleID: x.text, Value: noFigure}
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
				base := fmt.Sprintf("%s %s %s", short(ks.KeyStage), strings.ReplaceAll(yr.Year.String(), "/", "-"), tb.Def.Short)
				about := fmt.Sprintf("%s, %s: %s", title(ks.KeyStage), yr.Year, tb.Def.Title)
				plan = append(plan, sheetPlan{name: x.unique(base), about: about,
					write: func(x *xlsxWriter, sw *excelize.StreamWriter) error { return x.table(sw, tb) }})
				if slices.ContainsFunc(tb.Filtered, single) {
					// "Attendance 2024-25 Absence filtered" is over a
					// sheet name's 31 characters: "filt" rather than a
					// cut word.
					suffix := " filtered"
					if len(base+suffix) > 31 {
						suffix = " filt"
					}
					plan = append(plan, sheetPlan{name: x.unique(base + suffix), about: about + ", under each single filter",
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
	if err := colwidth.Set(sw, widths); err != nil {
		return err
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
		fmt.Sprintf("Figures are rounded as on the pages; measures.csv (format version %d: see its first line) holds them to %d decimal places.", Version, Decimals),
		"Filtered sheets have no national figures: national figures exist only for all pupils of each group.",
		"Filtered sheets hold single filters; measures.csv also holds every pair of filters.",
	}
	if x.r.MinCohort > 0 {
		notes = append(notes, fmt.Sprintf(`"%s" means suppressed: hidden to protect pupils. The last column of each sheet, "%s", says why in one of these ways:`, suppressedMark, whyTitle))
		for _, why := range Reasons {
			notes = append(notes, fmt.Sprintf("%q: %s", ReasonText(&x.r, why), ReasonAbout(&x.r, why)))
		}
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
	if err := x.head(sw, []float64{10, 10, 44, 22, 10, 10, 10, 10, 20, 12, 12, 12, 12, 12, whyWidth},
		"Key stage", "Year", "Measure", "Measure id", "Cohort", "School", "CI lower", "CI upper", "Band",
		"Pupils with adjusted scores", "National (all pupils)", "National quintile", "National percentile",
		"Quintile within this build", whyTitle); err != nil {
		return err
	}
	n := 2
	b := &x.row
	for _, ks := range x.r.KeyStages {
		for _, yr := range ks.Years {
			year := yr.Year.String()
			for _, h := range yr.Headlines {
				m, c := h.Measure, h.Cell
				b.reset()
				b.add(short(ks.KeyStage), year, m.Label, string(m.ID))
				x.count(b, c, c.Cohort)
				x.value(b, m, c, c.Value, c.Has)
				x.ci(b, m, c, c.CI.Lower)
				x.ci(b, m, c, c.CI.Upper)
				x.band(b, c)
				if m.Kind == measures.KindProgress {
					ac := c
					ac.Suppressed = c.Suppressed || c.AdjustedSuppressed
					x.count(b, ac, c.AdjustedPupils)
				} else {
					b.add("")
				}
				x.national(b, m, c.National)
				x.rank(b, c, h.Quintile)
				x.rank(b, c, h.Percentile)
				x.rank(b, c, h.BuildQuintile)
				switch {
				case c.Suppressed:
					b.add(x.reason(HeadlineReason(&yr, m.ID, &c)))
				case c.AdjustedSuppressed && m.Kind == measures.KindProgress:
					b.add("Pupils with adjusted scores: " + ReasonText(&x.r, HeadlineAdjustedReason(&yr, m.ID, &c)))
				}
				if err := b.write(sw, n); err != nil {
					return err
				}
				n++
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

func (x *xlsxWriter) measureCells(b *rowBuf, m *measures.Measure, c measures.Cell, national bool) {
	x.count(b, c, c.Cohort)
	x.value(b, m, c, c.Value, c.Has)
	if m.Kind == measures.KindProgress {
		x.ci(b, m, c, c.CI.Lower)
		x.ci(b, m, c, c.CI.Upper)
		x.band(b, c)
	}
	if national {
		x.national(b, m, c.National)
	}
}

func (x *xlsxWriter) table(sw *excelize.StreamWriter, tb *measures.Table) error {
	titles := []string{"Group", "Pupils", "Compared with"}
	for _, m := range tb.Measures {
		titles = append(titles, measureTitles(m, true)...)
	}
	titles = append(titles, whyTitle)
	w := widths(len(titles), 30, 10, 26)
	w[len(w)-1] = whyWidth
	if err := x.head(sw, w, titles...); err != nil {
		return err
	}
	b := &x.row
	for i, row := range tb.Unfiltered {
		b.reset()
		b.add(row.Group.Label)
		x.rowCohort(b, row)
		b.add(comparatorLabel(row.Group.Comparator))
		for ci, m := range tb.Measures {
			x.measureCells(b, m, row.Cells[ci], true)
		}
		x.whyHidden(b, tb, &tb.Unfiltered[i])
		if err := b.write(sw, i+2); err != nil {
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
	titles = append(titles, whyTitle)
	w := widths(len(titles), 34, 30, 30, 10)
	w[len(w)-1] = whyWidth
	if err := x.head(sw, w, titles...); err != nil {
		return err
	}
	n := 2
	b := &x.row
	for _, ft := range tb.Filtered {
		if !single(ft) {
			continue
		}
		// Boxed once for all the filter's rows.
		label, id := any(ft.Filter.Label()), any(ft.Filter.String())
		for ri := range ft.Rows {
			row := &ft.Rows[ri]
			b.reset()
			b.add(label, id, row.Group.Label)
			x.rowCohort(b, *row)
			for ci, m := range tb.Measures {
				x.measureCells(b, m, row.Cells[ci], false)
			}
			x.whyHidden(b, tb, row)
			if err := b.write(sw, n); err != nil {
				return err
			}
			n++
		}
	}
	return nil
}

// reason returns why's words, boxed once for the workbook.
func (x *xlsxWriter) reason(why measures.Reason) any {
	if int(why) < len(x.why) {
		return x.why[why]
	}
	return ReasonText(&x.r, why)
}

// whyHidden adds the row's "Why hidden" cell when any of its figures is
// hidden: the reason's words when the row and every hidden figure share
// one (a row hidden whole, most often), else each hidden figure's,
// "Pupils: ...; Progress 8 adjusted score: ...". A row with nothing hidden
// gets no cell.
func (x *xlsxWriter) whyHidden(b *rowBuf, tb *measures.Table, row *measures.Row) {
	rowWhy := RowReason(row)
	first, same := rowWhy, true
	for ci := range row.Cells {
		why := CellReason(&row.Cells[ci], row)
		switch {
		case why == measures.ReasonNone:
		case first == measures.ReasonNone:
			first = why
		case why != first:
			same = false
		}
	}
	if first == measures.ReasonNone {
		return
	}
	// Shared by the row and all its cells, or by the hidden cells of a
	// row that shows (then only the whole row's words would mislead).
	if same && (rowWhy != measures.ReasonNone || !slices.ContainsFunc(row.Cells, shown)) {
		b.add(x.reason(first))
		return
	}
	sb := &x.whyParts
	sb.Reset()
	part := func(what string, why measures.Reason) {
		if sb.Len() > 0 {
			sb.WriteString("; ")
		}
		sb.WriteString(what)
		sb.WriteString(": ")
		sb.WriteString(ReasonText(&x.r, why))
	}
	if rowWhy != measures.ReasonNone {
		part("Pupils", rowWhy)
	}
	for ci := range row.Cells {
		if why := CellReason(&row.Cells[ci], row); why != measures.ReasonNone {
			part(tb.Measures[ci].Column, why)
		}
	}
	b.add(sb.String())
}

// shown reports whether a cell's figures show.
func shown(c measures.Cell) bool { return !c.Suppressed }

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

// rowBuf is one row's values for StreamWriter.SetRow, reused from row to
// row: SetRow has written the row out when it returns. Most cells are
// figures with a style, or the "x" and "–" marks; each was a newly boxed
// excelize.Cell, in a new slice per row.
type rowBuf struct {
	vals []any
	// cells backs the styled figures, passed to SetRow as *excelize.Cell so
	// that no Cell is boxed. A row that outgrows it moves to a larger array;
	// the pointers already taken still point at the old one, which nothing
	// writes to again.
	cells []excelize.Cell
}

func (b *rowBuf) reset() { b.vals, b.cells = b.vals[:0], b.cells[:0] }

func (b *rowBuf) add(vals ...any) { b.vals = append(b.vals, vals...) }

// num adds v with a number style.
func (b *rowBuf) num(style int, v float64) {
	b.cells = append(b.cells, excelize.Cell{StyleID: style, Value: v})
	b.vals = append(b.vals, &b.cells[len(b.cells)-1])
}

// write writes the row as row n, from column A.
func (b *rowBuf) write(sw *excelize.StreamWriter, n int) error {
	cell, err := excelize.CoordinatesToCellName(1, n)
	if err != nil {
		return err
	}
	return sw.SetRow(cell, b.vals)
}

// bandLabels are the bands' labels, boxed once.
var bandLabels = func() (l [measures.BandWellBelow + 1]any) {
	for b := range l {
		l[b] = measures.Band(b).Label()
	}
	return l
}()

func (x *xlsxWriter) rowCohort(b *rowBuf, row measures.Row) {
	if row.Suppressed {
		b.add(x.suppressed)
		return
	}
	b.add(row.Cohort)
}

func (x *xlsxWriter) count(b *rowBuf, c measures.Cell, n int) {
	if c.Suppressed {
		b.add(x.suppressed)
		return
	}
	b.add(n)
}

func (x *xlsxWriter) value(b *rowBuf, m *measures.Measure, c measures.Cell, v float64, has bool) {
	switch {
	case c.Suppressed:
		b.add(x.suppressed)
	case !has:
		b.add(x.none)
	default:
		b.num(x.dec[min(max(m.Decimals, 0), 2)], roundShown(m, v))
	}
}

// roundShown rounds as the page does, without a negative zero.
func roundShown(m *measures.Measure, v float64) float64 {
	if r := m.Round(v); r != 0 {
		return r
	}
	return 0
}

func (x *xlsxWriter) ci(b *rowBuf, m *measures.Measure, c measures.Cell, v float64) {
	x.value(b, m, c, v, c.CI.Valid && !c.Suppressed)
}

func (x *xlsxWriter) band(b *rowBuf, c measures.Cell) {
	switch {
	case c.Suppressed:
		b.add(x.suppressed)
	case c.Band == measures.BandNone:
		b.add(x.none)
	case int(c.Band) < len(bandLabels):
		b.add(bandLabels[c.Band])
	default:
		b.add(c.Band.Label())
	}
}

func (x *xlsxWriter) national(b *rowBuf, m *measures.Measure, n model.Num) {
	if !n.Valid {
		b.add(x.none)
		return
	}
	b.num(x.dec[min(max(m.Decimals, 0), 2)], roundShown(m, n.V))
}

func (x *xlsxWriter) rank(b *rowBuf, c measures.Cell, q int) {
	switch {
	case c.Suppressed:
		b.add(x.suppressed)
	case q == 0:
		b.add(x.none)
	default:
		b.add(q)
	}
}

// sortedZip is an excelize.ZipWriter that writes the parts on Close in a
// fixed order ([Content_Types].xml first, then by name) with no timestamps,
// so the same workbook gives the same bytes. It deflates each part as
// excelize writes it, into one buffer for the whole workbook, rather than
// holding every part's XML until Close and copying it once more: the
// archive is the same, byte for byte.
type sortedZip struct {
	w     io.Writer
	parts []*zipPart
	seen  map[string]bool
	cur   *zipPart      // the part being written; the next Create or Close ends it
	fw    *flate.Writer // deflates cur into data
	data  *bytes.Buffer // every part deflated, one after another
	err   error
	// onPart, when set, is given each part's XML once it is written: kept
	// in plain until then.
	onPart func(name string, data []byte)
	plain  *bytes.Buffer
}

// zipPart is one part, deflated into data[start:end].
type zipPart struct {
	z          *sortedZip
	name       string
	start, end int
	crc        uint32
	size       uint64 // before deflating
}

func newSortedZip(w io.Writer) *sortedZip {
	data, _ := zipDataPool.Get().(*bytes.Buffer)
	if data == nil {
		data = new(bytes.Buffer)
	}
	data.Reset()
	return &sortedZip{w: w, seen: map[string]bool{}, data: data}
}

// Create starts a part, ending the one before: excelize writes each part
// whole before it creates the next, as archive/zip requires too.
func (z *sortedZip) Create(name string) (io.Writer, error) {
	if z.data == nil {
		return nil, errors.New("export: workbook archive closed")
	}
	if z.seen[name] {
		return nil, fmt.Errorf("export: duplicate workbook part %q", name)
	}
	if err := z.end(); err != nil {
		return nil, err
	}
	z.seen[name] = true
	if z.fw == nil {
		z.fw, _ = flatePool.Get().(*flate.Writer)
		if z.fw == nil {
			var err error
			// Speed over the last few per cent of size: workbooks are
			// written for every school of a build.
			if z.fw, err = flate.NewWriter(z.data, flate.BestSpeed); err != nil {
				return nil, err
			}
		}
	}
	z.fw.Reset(z.data)
	p := &zipPart{z: z, name: name, start: z.data.Len()}
	z.parts = append(z.parts, p)
	z.cur = p
	return p, nil
}

// Write deflates b into the part.
func (p *zipPart) Write(b []byte) (int, error) {
	z := p.z
	if z.cur != p {
		return 0, fmt.Errorf("export: workbook part %q written after the next was created", p.name)
	}
	if z.err != nil {
		return 0, z.err
	}
	p.crc = crc32.Update(p.crc, crc32.IEEETable, b)
	p.size += uint64(len(b))
	if z.onPart != nil {
		if z.plain == nil {
			z.plain, _ = zipDataPool.Get().(*bytes.Buffer)
			if z.plain == nil {
				z.plain = new(bytes.Buffer)
			}
			z.plain.Reset()
		}
		z.plain.Write(b)
	}
	n, err := z.fw.Write(b)
	if err != nil {
		z.err = err
	}
	return n, err
}

// end finishes the part being written, if any.
func (z *sortedZip) end() error {
	if z.cur == nil || z.err != nil {
		return z.err
	}
	if err := z.fw.Close(); err != nil {
		z.err = err
		return err
	}
	z.cur.end = z.data.Len()
	if z.onPart != nil {
		var data []byte
		if z.plain != nil {
			data = z.plain.Bytes()
			defer z.plain.Reset()
		}
		z.onPart(z.cur.name, data)
	}
	z.cur = nil
	return nil
}

// AddFS is not used by excelize when writing a workbook.
func (z *sortedZip) AddFS(fs.FS) error { return errors.New("export: AddFS is not supported") }

// Close writes the archive.
func (z *sortedZip) Close() error {
	if z.data == nil {
		return nil
	}
	defer z.release()
	if err := z.end(); err != nil {
		return err
	}
	slices.SortFunc(z.parts, func(a, b *zipPart) int {
		const first = "[Content_Types].xml"
		switch {
		case a.name == b.name:
			return 0
		case a.name == first:
			return -1
		case b.name == first:
			return 1
		}
		return strings.Compare(a.name, b.name)
	})
	zw := zip.NewWriter(z.w)
	data := z.data.Bytes()
	for _, p := range z.parts {
		// The header zip.Writer.CreateHeader writes for a deflated part
		// with no time: version 2.0, sizes in a data descriptor after the
		// data, UTF-8 flagged only where the name needs it.
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name: p.name, Method: zip.Deflate, Flags: 0x8 | output.UTF8Flag(p.name),
			CreatorVersion: 20, ReaderVersion: 20,
			CRC32: p.crc, CompressedSize64: uint64(p.end - p.start), UncompressedSize64: p.size,
		})
		if err != nil {
			return err
		}
		if _, err := w.Write(data[p.start:p.end]); err != nil {
			return err
		}
	}
	return zw.Close()
}

// release returns the compressor and buffer to their pools.
func (z *sortedZip) release() {
	if z.fw != nil {
		flatePool.Put(z.fw)
		z.fw = nil
	}
	// A buffer grown by an unusually large workbook is left to the
	// collector rather than held by the pool.
	for _, b := range []*bytes.Buffer{z.data, z.plain} {
		if b != nil && b.Cap() <= maxPooledZipData {
			zipDataPool.Put(b)
		}
	}
	z.data, z.plain, z.parts, z.cur = nil, nil, nil, nil
}

// flatePool reuses compressors, which are large, across workbooks;
// zipDataPool reuses the buffers parts are deflated into.
var flatePool, zipDataPool sync.Pool

// maxPooledZipData is the largest deflated-parts buffer kept for reuse.
const maxPooledZipData = 8 << 20

// short is the assessment's short name ("KS4", "Phonics"), title its name.
func short(a model.Assessment) string {
	if d := assess.ByID(a); d != nil {
		return d.Short
	}
	return a.String()
}

func title(a model.Assessment) string {
	if d := assess.ByID(a); d != nil {
		return d.Title
	}
	return a.String()
}
