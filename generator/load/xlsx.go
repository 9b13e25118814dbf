package load

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"io/fs"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/reportpack/reportpack/generator/diag"
)

// xlsxOptions are the options every workbook is opened with: raw values (a
// date as its serial, a percentage as a fraction, no rounding to the cell's
// format) and unzip limits sane for files from outside.
var xlsxOptions = excelize.Options{
	RawCellValue:      true,
	UnzipSizeLimit:    maxFileSize,
	UnzipXMLSizeLimit: 256 << 20,
}

// xlsxRows streams one sheet of a workbook with excelize's row iterator.
//
// excelize's XML parse is most of the cost of reading a large sheet, so it
// runs on a goroutine of its own (see iterate), a few batches ahead, while
// the caller's goroutine reads the cell styles and decodes the rows. Every
// row still arrives in order, with the error excelize gave for it, so what
// is read and reported is just as if it all ran on one goroutine.
type xlsxRows struct {
	file, sheet string
	sheets      []string     // the workbook's sheets, in order
	merges      []mergedCell // the sheet's merged cells
	f           *excelize.File
	rows        *excelize.Rows // used only by iterate once it has started
	// rows2, when the sheet is read in two halves (see split), reads from
	// row half+1 on; nil otherwise. It is made by confirmSplit, on the
	// second half's goroutine, while pending is not done.
	rows2    *excelize.Rows
	half     int
	pending  *pendingSplit
	reached  bool // the first half was read whole (see start)
	onSecond bool // the rows come from the second half now
	styles   *styleCursor
	rowsHint int       // how many rows the sheet seems to have; 0 if unknown
	zip      io.Closer // the second handle on an OS file, for styles
	date1904 bool
	n        int // the current row's number: excelize's iterator visits every row, blank ones too
	done     bool

	batches  <-chan []rawRow // from iterate; nil until the first row is asked for
	batches2 <-chan []rawRow // the second half's, read once the first is done
	stop     chan struct{}   // closed to make iterate give up early
	batch    []rawRow        // the batch being handed out
	i        int             // the next row of batch
}

// rawRow is one row as excelize's iterator read it.
type rawRow struct {
	vals []string
	err  error
}

// Rows are passed between goroutines in batches, not one by one, so the
// channel costs nothing next to the parse; a few batches in flight let the
// two sides run at their own pace.
const (
	rowBatchSize    = 256
	rowBatchesAhead = 4
)

// openXLSX opens a workbook and the sheet to read: the one named, or else
// the first, or with score, the first whose header has at least
// minHeaderScore known headers (see chooseSheet).
func openXLSX(src Source, path, sheet string, score func([]string) int, l *diag.List) (*xlsxRows, bool) {
	x := &xlsxRows{file: path}
	fail := func(msg, hint string) (*xlsxRows, bool) {
		x.close()
		l.Add(diag.Diagnostic{File: path, Sheet: x.sheet, Message: msg, Hint: hint})
		return nil, false
	}
	fsys, name, osPath, _ := src.resolve(path)

	// Our own look at the package first: it tells a Word file or an .xlsb
	// from a damaged workbook, which excelize cannot. It stays open for
	// the style cursor.
	var (
		zr  *zip.Reader
		b   []byte
		err error
	)
	if osPath != "" {
		var rc *zip.ReadCloser
		if rc, err = zip.OpenReader(osPath); err == nil {
			zr, x.zip = &rc.Reader, rc
		}
	} else if b, err = readFile(fsys, name); err == nil {
		zr, err = zip.NewReader(bytes.NewReader(b), int64(len(b)))
	}
	if err != nil {
		return fail(xlsxOpenProblem(err))
	}
	parts := newPartReader(zr)
	if msg, hint := packageProblem(parts); msg != "" {
		return fail(msg, hint)
	}
	if osPath != "" {
		x.f, err = excelize.OpenFile(osPath, xlsxOptions)
	} else {
		x.f, err = excelize.OpenReader(bytes.NewReader(b), xlsxOptions)
	}
	if err != nil {
		return fail(xlsxOpenProblem(err))
	}

	sheets := x.f.GetSheetList()
	if len(sheets) == 0 {
		return fail("the workbook has no sheets", "save the data from Excel as .xlsx")
	}
	x.sheet = sheets[0]
	if sheet != "" {
		i := slices.IndexFunc(sheets, func(s string) bool { return strings.EqualFold(s, sheet) })
		if i < 0 {
			x.sheet = ""
			return fail("the workbook has no sheet named "+strconv.Quote(sheet),
				"its sheets are: "+strings.Join(sheets, ", ")+"; set the sheet in site.toml [data]")
		}
		x.sheet = sheets[i]
	} else if score != nil && len(sheets) > 1 {
		x.sheet = x.chooseSheet(sheets, score, l)
	}
	x.sheets = sheets

	props, err := x.f.GetWorkbookProps()
	if err == nil {
		x.date1904 = props.Date1904 != nil && *props.Date1904
		x.rows, err = x.f.Rows(x.sheet)
	}
	if err == nil {
		var part string
		var dateStyle []bool
		if part, dateStyle, err = sheetParts(parts, x.sheet); err == nil {
			key, data := x.sheetXML(parts, part)
			x.merges = mergedCells(data)
			x.styles, err = newStyleCursor(parts, part, dateStyle, data)
			x.rowsHint = lastRowNumber(data)
			x.split(parts, key, data)
		}
	}
	if err != nil {
		return fail(xlsxOpenProblem(err))
	}
	return x, true
}

// sheetXML returns the sheet part's XML as excelize holds it in memory, and
// its key there, so the style cursor need not unzip it again; nil when
// excelize keeps it in a temporary file (a very large sheet). excelize keys
// its parts by their names in the zip, with "/" for "\".
func (x *xlsxRows) sheetXML(p partReader, part string) (key string, data []byte) {
	zf, ok := p.files[strings.ToLower(strings.TrimPrefix(part, "/"))]
	if !ok {
		return "", nil
	}
	key = strings.ReplaceAll(zf.Name, `\`, "/")
	b, _ := x.f.Pkg.Load(key)
	data, _ = b.([]byte)
	return key, data
}

// readFile reads a whole file from an fs.FS, bounded by maxFileSize.
func readFile(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(f)
}

func (x *xlsxRows) next(l *diag.List) (record, bool) {
	for !x.done {
		if x.i == len(x.batch) {
			if x.batches == nil {
				x.start()
			}
			b, ok := <-x.batches
			if !ok && x.batches2 != nil && x.reached {
				// The first half read to its end: on to the second.
				x.batches, x.batches2 = x.batches2, nil
				x.onSecond = true
				continue
			}
			if !ok {
				x.finish(l)
				break
			}
			x.batch, x.i = b, 0
		}
		raw := x.batch[x.i]
		x.batch[x.i] = rawRow{} // let the row's strings go once decoded
		x.i++
		x.n++
		if raw.err != nil {
			l.Errorf(diag.Diagnostic{File: x.file, Sheet: x.sheet, Row: x.n}, "cannot read this row: %v", raw.err)
			continue
		}
		dates := x.styles.dates(x.n)
		rec := record{Row: x.n, Cells: make([]cell, len(raw.vals))}
		for i, v := range raw.vals {
			rec.Cells[i].Text = v
			if i < len(dates) && dates[i] {
				rec.Cells[i].Date = serialDate(v, x.date1904)
			}
		}
		return rec, true
	}
	return record{}, false
}

// start sets iterate going: on both halves when the sheet is split. Each
// channel is closed once its iterator is done with its rows.
func (x *xlsxRows) start() {
	x.stop = make(chan struct{})
	batches := make(chan []rawRow, rowBatchesAhead)
	x.batches = batches
	ps := x.pending
	if ps == nil {
		go func() {
			defer close(batches)
			x.iterate(x.rows, 0, 0, nil, batches, x.stop)
		}()
		return
	}
	go func() {
		// The second half follows only if the split holds and the first
		// was read whole, up to the tag of the second's first row;
		// damage in the first half ends the sheet there, as it does read
		// whole. When the split does not hold, the first half reads on
		// to the end. next reads reached once batches is closed, and
		// finish x.rows2: both are settled by then.
		split := func() bool { <-ps.done; return ps.ok }
		x.reached = x.iterate(x.rows, 0, x.half, split, batches, x.stop)
		<-ps.done
		close(batches)
	}()
	// Room for about as many rows as the first half has, so that the
	// second runs to its end while the first is read.
	second := make(chan []rawRow, x.half/rowBatchSize+rowBatchesAhead)
	x.batches2 = second
	go func() {
		defer close(second)
		ps.ok = x.confirmSplit(ps)
		close(ps.done)
		if ps.ok {
			x.iterate(x.rows2, x.half, 0, nil, second, x.stop)
		}
	}()
}

// iterate runs one of excelize's row iterators to the end of the sheet, or
// until stop is closed, sending the rows in batches after dropping the
// first skip. With a limit, it stops after that many rows if split says
// the sheet is split there, and reports whether the sheet goes on after
// them; if split says not, it reads on to the end.
func (x *xlsxRows) iterate(rows *excelize.Rows, skip, limit int, split func() bool, out chan<- []rawRow, stop <-chan struct{}) (more bool) {
	batch := make([]rawRow, 0, rowBatchSize)
	n := 0
	for ; ; n++ {
		if limit > 0 && n == limit {
			if split == nil || split() {
				break
			}
			limit = 0
		}
		if !rows.Next() {
			break
		}
		vals, err := rows.Columns()
		if n < skip {
			continue
		}
		batch = append(batch, rawRow{vals, err})
		if len(batch) < rowBatchSize {
			continue
		}
		select {
		case out <- batch:
		case <-stop:
			return false
		}
		batch = make([]rawRow, 0, rowBatchSize)
	}
	more = limit > 0 && n == limit && rows.Next()
	if len(batch) > 0 {
		select {
		case out <- batch:
		case <-stop:
		}
	}
	return more
}

// finish reports a read error at the end of the sheet. excelize's iterator
// stops quietly at damaged XML; the style cursor reads the same XML and
// does notice.
func (x *xlsxRows) finish(l *diag.List) {
	x.done = true
	at := diag.Diagnostic{File: x.file, Sheet: x.sheet}
	read := []*excelize.Rows{x.rows}
	if x.onSecond {
		// Only then is the second half's iterator done, and only then
		// would one iterator reading the whole sheet have met its error:
		// damage in the first half ends the sheet there.
		read = append(read, x.rows2)
	}
	for _, rows := range read {
		if rows == nil {
			continue
		}
		if err := rows.Error(); err != nil {
			at.Message, at.Hint = xlsxOpenProblem(err)
			l.Add(at)
			return
		}
	}
	if x.styles != nil && x.styles.err != nil {
		at.Row = x.styles.errRow
		at.Message = "the sheet is damaged here, so the rows after it cannot be read: " + x.styles.err.Error()
		at.Hint = "open the file in Excel and save it again"
		l.Add(at)
	}
}

func (x *xlsxRows) close() {
	if x.stop != nil {
		// Stop iterate and wait for it to let go of the iterators.
		close(x.stop)
		for _, b := range []<-chan []rawRow{x.batches, x.batches2} {
			if b == nil {
				continue // not split, or the first half done
			}
			for range b {
			}
		}
		x.batches, x.batches2, x.stop = nil, nil, nil
	}
	for _, rows := range []*excelize.Rows{x.rows, x.rows2} {
		if rows != nil {
			rows.Close()
		}
	}
	x.styles.close()
	if x.zip != nil {
		x.zip.Close()
	}
	if x.f != nil {
		x.f.Close() // removes excelize's temporary files
	}
}

// serialDate turns a date cell's serial number into its date (the time of
// day dropped); zero when the value is not a serial.
func serialDate(v string, date1904 bool) time.Time {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	// 2958465 is 9999-12-31, the last date Excel shows.
	if err != nil || math.IsNaN(f) || f < 0 || f > 2958465 {
		return time.Time{}
	}
	t, err := excelize.ExcelDateToTime(f, date1904)
	if err != nil {
		return time.Time{}
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// xlsxOpenProblem explains why a workbook cannot be read.
func xlsxOpenProblem(err error) (msg, hint string) {
	const resave = "open it in Excel and save it again as .xlsx; if it came by email or download, fetch it again"
	var syntax *xml.SyntaxError
	switch {
	case errors.Is(err, excelize.ErrWorkbookPassword), errors.Is(err, excelize.ErrWorkbookFileFormat):
		return "the workbook is password-protected (encrypted), so it cannot be read",
			"open it in Excel, remove the password, and save it again"
	case errors.Is(err, zip.ErrFormat), errors.Is(err, zip.ErrChecksum), errors.Is(err, zip.ErrAlgorithm),
		errors.Is(err, io.ErrUnexpectedEOF), errors.As(err, &syntax), strings.HasPrefix(err.Error(), "zip: "):
		return "the file is damaged: it is not a complete XLSX workbook (" + err.Error() + ")", resave
	case strings.Contains(err.Error(), "unzip size"):
		return "the workbook is too large when unzipped (over 1 GB)", "split the data into smaller files"
	case errors.Is(err, excelize.ErrMaxRows):
		return "the sheet has more rows than Excel allows", resave
	}
	return "cannot read the workbook: " + unwrapPath(err).Error(), resave
}
