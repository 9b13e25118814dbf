package load

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// excelize's row iterator (f.Rows) streams cell values but not cell styles,
// and a date in a workbook is only a number with a date format. So, next to
// excelize's iterator, this file streams the same sheet's XML for one thing:
// each cell's style, to tell date cells from numbers. (f.GetCellStyle would
// build the whole sheet in memory.) It reads the package's parts itself:
// _rels/.rels -> workbook -> its rels -> the sheet and styles.xml.

// partReader reads parts of an OOXML package.
type partReader struct {
	files map[string]*zip.File // by lower-case name: part names are case-insensitive
}

func newPartReader(zr *zip.Reader) partReader {
	p := partReader{files: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		p.files[strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/"))] = f
	}
	return p
}

func (p partReader) open(name string) (io.ReadCloser, error) {
	f, ok := p.files[strings.ToLower(strings.TrimPrefix(name, "/"))]
	if !ok {
		return nil, fmt.Errorf("the workbook has no part %s", name)
	}
	return f.Open()
}

// decode unmarshals a small part (relationships, workbook, styles).
func (p partReader) decode(name string, v any) error {
	rc, err := p.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(io.LimitReader(rc, 64<<20)).Decode(v)
}

type xmlRels struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
		Mode   string `xml:"TargetMode,attr"`
	} `xml:"Relationship"`
}

// rels returns the relationships of a part, targets resolved to part names.
func (p partReader) rels(part string) (xmlRels, error) {
	dir, base := path.Split(part)
	var r xmlRels
	err := p.decode(dir+"_rels/"+base+".rels", &r)
	for i, rel := range r.Rels {
		if strings.HasPrefix(rel.Target, "/") {
			r.Rels[i].Target = rel.Target[1:]
		} else {
			r.Rels[i].Target = path.Join(dir, rel.Target)
		}
	}
	return r, err
}

type xmlWorkbook struct {
	Sheets []struct {
		Name  string     `xml:"name,attr"`
		Attrs []xml.Attr `xml:",any,attr"` // r:id, in whichever namespace (transitional or strict)
	} `xml:"sheets>sheet"`
}

type xmlStyles struct {
	NumFmts []struct {
		ID   int    `xml:"numFmtId,attr"`
		Code string `xml:"formatCode,attr"`
	} `xml:"numFmts>numFmt"`
	Xfs []struct {
		NumFmt int `xml:"numFmtId,attr"`
	} `xml:"cellXfs>xf"`
}

// workbookPart names the package's main part (xl/workbook.xml in an XLSX).
func workbookPart(p partReader) (string, error) {
	root, err := p.rels("")
	if err != nil {
		return "", err
	}
	for _, r := range root.Rels {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			return r.Target, nil
		}
	}
	return "", errors.New("no workbook in the package")
}

// packageProblem explains a zip file that is not an XLSX workbook, or
// returns "" for one that looks like one.
func packageProblem(p partReader) (msg, hint string) {
	part, err := workbookPart(p)
	switch {
	case err != nil:
		return "this is a zip archive, not an Excel workbook", "save the data from Excel as .xlsx"
	case strings.HasSuffix(strings.ToLower(part), ".bin"):
		return "this is an Excel binary workbook (.xlsb), which reportpack does not read", "open it in Excel and save as .xlsx (Excel Workbook)"
	case strings.HasPrefix(strings.ToLower(part), "word/"), strings.HasPrefix(strings.ToLower(part), "ppt/"):
		return "this is a Word or PowerPoint file, not an Excel workbook", "save the data from Excel as .xlsx"
	}
	return "", ""
}

// sheetParts finds the part holding the named sheet, and which style
// indexes are date formats.
func sheetParts(p partReader, sheet string) (sheetPart string, dateStyle []bool, err error) {
	wbPart, err := workbookPart(p)
	if err != nil {
		return "", nil, err
	}
	var wb xmlWorkbook
	if err := p.decode(wbPart, &wb); err != nil {
		return "", nil, err
	}
	wbRels, err := p.rels(wbPart)
	if err != nil {
		return "", nil, err
	}
	rid := ""
	for _, s := range wb.Sheets {
		if strings.EqualFold(s.Name, sheet) {
			for _, a := range s.Attrs {
				if a.Name.Local == "id" && a.Name.Space != "" {
					rid = a.Value
				}
			}
		}
	}
	stylesPart := ""
	for _, r := range wbRels.Rels {
		if r.ID == rid && rid != "" {
			sheetPart = r.Target
		}
		if strings.HasSuffix(r.Type, "/styles") {
			stylesPart = r.Target
		}
	}
	if sheetPart == "" {
		return "", nil, fmt.Errorf("no part for sheet %q", sheet)
	}
	if stylesPart == "" {
		return sheetPart, nil, nil // no styles: no dates
	}
	var st xmlStyles
	if err := p.decode(stylesPart, &st); err != nil {
		return "", nil, err
	}
	custom := make(map[int]string, len(st.NumFmts))
	for _, f := range st.NumFmts {
		custom[f.ID] = f.Code
	}
	dateStyle = make([]bool, len(st.Xfs))
	for i, xf := range st.Xfs {
		code, ok := custom[xf.NumFmt]
		dateStyle[i] = (!ok && isBuiltInDateFormat(xf.NumFmt)) || (ok && isDateFormatCode(code))
	}
	return sheetPart, dateStyle, nil
}

// isBuiltInDateFormat reports whether a built-in number format (one with no
// format code in styles.xml) shows a date or time.
func isBuiltInDateFormat(id int) bool {
	return (id >= 14 && id <= 22) || (id >= 45 && id <= 47)
}

// isDateFormatCode reports whether a custom number format shows a date: it
// has a d, m or y outside quoted text, escapes and [brackets] (colours,
// locales, elapsed time). Formats with "h" or "s" and no d or y are times.
func isDateFormatCode(code string) bool {
	code = strings.ToLower(strings.SplitN(code, ";", 2)[0]) // the positive-number section
	var d, m, y, hs bool
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			if j := strings.IndexByte(code[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				i = len(code)
			}
		case '[':
			if j := strings.IndexByte(code[i+1:], ']'); j >= 0 {
				i += j + 1
			} else {
				i = len(code)
			}
		case '\\', '_', '*':
			i++ // the next character is literal (or padding)
		case 'd':
			d = true
		case 'm':
			m = true
		case 'y':
			y = true
		case 'h', 's':
			hs = true
		}
	}
	return d || y || (m && !hs)
}

// styleCursor walks a sheet's XML row by row alongside excelize's iterator,
// reporting which cells of each row have a date format. It scans the bytes
// itself while it can (scanner, in xlsxscan.go) and reads with encoding/xml
// from the top of the sheet when it cannot.
type styleCursor struct {
	rc        io.ReadCloser
	dec       *xml.Decoder
	dateStyle []bool
	row       int               // number of the last row element read
	ahead     *xml.StartElement // a row element read early: it belongs to a later row
	end       bool
	err       error // the sheet's XML is damaged
	errRow    int   // the row being read when it was found

	scan      *scanner // non-nil while scanning bytes
	scanAhead *scanned // ahead, while scanning
	flags     []bool   // the scanner's result, reused row to row
}

// newStyleCursor reads the sheet part with encoding/xml, or scans data, the
// same part already in memory, when it is not nil. The part is opened
// either way: encoding/xml takes over from its first byte when the scanner
// gives up.
func newStyleCursor(p partReader, sheetPart string, dateStyle []bool, data []byte) (*styleCursor, error) {
	rc, err := p.open(sheetPart)
	if err != nil {
		return nil, err
	}
	c := &styleCursor{rc: rc, dec: xml.NewDecoder(rc), dateStyle: dateStyle}
	if data != nil {
		if off, ok := scanStart(data); ok {
			c.scan = &scanner{data: data, pos: off}
		}
	}
	return c, nil
}

func (c *styleCursor) close() {
	if c != nil && c.rc != nil {
		c.rc.Close()
	}
}

// fail records damage found while reading row n.
func (c *styleCursor) fail(err error, n int) {
	if c.err == nil {
		c.err, c.errRow = err, n
	}
	c.end = true
}

// dates returns, for row n (rows are asked for in increasing order), one
// flag per column: true where the cell has a date format.
func (c *styleCursor) dates(n int) []bool {
	if c == nil {
		return nil
	}
	if c.scan != nil {
		if flags, ok := c.scanDates(n); ok {
			return flags
		}
		// Start again with encoding/xml, from the top of the sheet: asked
		// for row n first, it reads exactly as far as after rows 1 to n-1.
		c.scan, c.scanAhead, c.row, c.end = nil, nil, 0, false
	}
	for !c.end {
		start := c.ahead
		c.ahead = nil
		if start == nil {
			start = c.nextRow()
			if start == nil {
				return nil
			}
		}
		num := c.row + 1
		if v, ok := attr(start, "r"); ok {
			var err error
			if num, err = strconv.Atoi(v); err != nil {
				c.fail(fmt.Errorf("row number %q", v), c.row+1)
				return nil
			}
		}
		switch {
		case num > n:
			c.ahead = start
			return nil
		case num < n:
			c.row = num
			c.skip(num)
			continue
		}
		c.row = num
		return c.cells()
	}
	return nil
}

// token reads the next token. RawToken skips namespace translation and the
// nesting checks, which the cursor does not need: a third of Token's cost.
// A sheet that ends before </sheetData> is damaged.
func (c *styleCursor) token(n int) (xml.Token, bool) {
	tok, err := c.dec.RawToken()
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		c.fail(err, n)
		return nil, false
	}
	return tok, true
}

// skip reads to the end of the element just started.
func (c *styleCursor) skip(n int) bool {
	for depth := 1; depth > 0; {
		tok, ok := c.token(n)
		if !ok {
			return false
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return true
}

// nextRow reads on to the next <row> start, or returns nil at the end.
func (c *styleCursor) nextRow() *xml.StartElement {
	for {
		tok, ok := c.token(c.row + 1)
		if !ok {
			return nil
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "row" {
				return &t
			}
		case xml.EndElement:
			if t.Name.Local == "sheetData" {
				c.end = true
				return nil
			}
		}
	}
}

// cells reads the <c> elements of the current row.
func (c *styleCursor) cells() []bool {
	var flags []bool
	col := 0
	for {
		tok, ok := c.token(c.row)
		if !ok {
			return flags
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "c" {
				col++
				if ref, ok := attr(&t, "r"); ok {
					if x, _, err := excelize.CellNameToCoordinates(ref); err == nil {
						col = x
					}
				}
				if c.isDate(&t) && col <= excelize.MaxColumns {
					for len(flags) < col {
						flags = append(flags, false)
					}
					flags[col-1] = true
				}
			}
			if !c.skip(c.row) {
				return flags
			}
		case xml.EndElement: // </row>
			return flags
		}
	}
}

// isDate reports whether a <c> element's style is a date format.
func (c *styleCursor) isDate(e *xml.StartElement) bool {
	s, ok := attr(e, "s")
	if !ok {
		return false
	}
	i, err := strconv.Atoi(s)
	return err == nil && i >= 0 && i < len(c.dateStyle) && c.dateStyle[i]
}

func attr(e *xml.StartElement, name string) (string, bool) {
	for _, a := range e.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value, true
		}
	}
	return "", false
}

// scanDates is dates by scanning bytes. ok is false when the scanner is
// unsure, having changed nothing but its own state.
func (c *styleCursor) scanDates(n int) (flags []bool, ok bool) {
	for !c.end {
		var start scanned
		if c.scanAhead != nil {
			start, c.scanAhead = *c.scanAhead, nil
		} else if !c.scanRow(&start) {
			return nil, false
		} else if c.end {
			return nil, true
		}
		num := c.row + 1
		if start.hasR {
			if num, ok = atoi(start.r); !ok {
				return nil, false // encoding/xml words the error
			}
		}
		switch {
		case num > n:
			c.scanAhead = &start
			return nil, true
		case num < n:
			c.row = num
			if !c.scanSkip() {
				return nil, false
			}
			continue
		}
		c.row = num
		return c.scanCells()
	}
	return nil, true
}

// scanRow reads on to the next <row> start, or to </sheetData>.
func (c *styleCursor) scanRow(t *scanned) bool {
	for {
		switch c.scan.next(t) {
		case tokBad:
			return false
		case tokStart:
			if string(t.name) == "row" {
				return true
			}
		case tokEnd:
			if string(t.name) == "sheetData" {
				c.end = true
				return true
			}
		}
	}
}

// scanSkip reads to the end of the element just started.
func (c *styleCursor) scanSkip() bool {
	var t scanned
	for depth := 1; depth > 0; {
		switch c.scan.next(&t) {
		case tokBad:
			return false
		case tokStart:
			depth++
		case tokEnd:
			depth--
		}
	}
	return true
}

// scanCells reads the <c> elements of the current row, as cells does.
func (c *styleCursor) scanCells() ([]bool, bool) {
	flags := c.flags[:0]
	col := 0
	var t scanned
	for {
		switch c.scan.next(&t) {
		case tokBad:
			return nil, false
		case tokStart:
			if string(t.name) == "c" {
				col++
				if t.hasR {
					if x, ok := column(t.r); ok {
						col = x
					}
				}
				if c.scanIsDate(&t) && col <= excelize.MaxColumns {
					for len(flags) < col {
						flags = append(flags, false)
					}
					flags[col-1] = true
				}
			}
			if !c.scanSkip() {
				return nil, false
			}
		case tokEnd: // </row>
			c.flags = flags
			if len(flags) == 0 {
				return nil, true
			}
			return flags, true
		}
	}
}

func (c *styleCursor) scanIsDate(t *scanned) bool {
	if !t.hasS {
		return false
	}
	i, ok := atoi(t.s)
	return ok && i >= 0 && i < len(c.dateStyle) && c.dateStyle[i]
}
