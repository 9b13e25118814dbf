package load

import (
	"bytes"
	"runtime"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// A large sheet is read by two of excelize's row iterators at once: one
// from the top, one from a row half way down, each on its own goroutine.
// excelize's XML parse is most of the time it takes to load an LA's pupil
// file, and one iterator cannot be shared.
//
// The second iterator reads a copy of the sheet's XML from that row on,
// behind the sheet's own opening (its namespaces and everything before
// <sheetData>), so it parses the same elements in the same context; it
// numbers its first row from the row's r attribute and hands back the rows
// before it as empty, which are dropped. The rows, their numbers and every
// error are then those of one iterator reading the whole sheet. The sheet
// is split only where that plainly holds: rows in increasing order, each
// with its number, and no comment, CDATA section or processing instruction
// among them, in which "<row" might not be a row.

// minSplit is the least sheet XML worth reading in two halves; a variable
// so that tests can split small sheets.
var minSplit = 8 << 20

// splitAt looks for the row to start the second half at in a sheet's XML.
// It returns the offset of <sheetData>'s content, the offset of that row's
// tag, and the row's number; ok is false when the sheet is not to be split.
func splitAt(data []byte) (start, at, row int, ok bool) {
	const open, closing = "<sheetData>", "</sheetData>"
	start = bytes.Index(data, []byte(open))
	end := bytes.LastIndex(data, []byte(closing))
	if start < 0 || end < start || bytes.Count(data, []byte(open)) != 1 {
		return 0, 0, 0, false
	}
	start += len(open)
	body := data[start:end]
	for _, s := range []string{"<!--", "<![CDATA[", "<?"} {
		if bytes.Contains(body, []byte(s)) {
			return 0, 0, 0, false
		}
	}
	at = -1
	prev := 0
	for i := 0; ; {
		k := bytes.Index(body[i:], []byte("<row"))
		if k < 0 {
			break
		}
		p := i + k
		n, tagOK := rowTagNumber(body[p:])
		if !tagOK || n <= prev {
			return 0, 0, 0, false
		}
		if at < 0 && p >= len(body)/2 {
			at, row = start+p, n
		}
		prev = n
		i = p + len("<row")
	}
	if at < 0 || row < 2 {
		return 0, 0, 0, false
	}
	return start, at, row, true
}

// rowTagNumber reads the r attribute of the <row ...> tag that b starts
// with; ok is false when b is not a row tag or the tag has no plain r.
func rowTagNumber(b []byte) (int, bool) {
	if len(b) < 5 || (b[4] != ' ' && b[4] != '\t' && b[4] != '\n' && b[4] != '\r') {
		return 0, false // <rowBreaks> and the like, or a row without attributes
	}
	end := bytes.IndexByte(b, '>')
	if end < 0 {
		return 0, false
	}
	tag := string(b[:end])
	for _, sep := range []string{` r="`, "\tr=\"", "\nr=\"", "\rr=\""} {
		if i := strings.Index(tag, sep); i >= 0 {
			v := tag[i+len(sep):]
			j := strings.IndexByte(v, '"')
			if j < 0 {
				return 0, false
			}
			n, err := strconv.Atoi(v[:j])
			return n, err == nil && n > 0 && n <= excelize.TotalRows
		}
	}
	return 0, false
}

// split plans the second iterator when the sheet, held in memory by
// excelize under key, is large enough (see splitAt). It only picks the row
// to split at, the first row tag past half way, which is quick; whether the
// sheet is plain enough to split there is settled by confirmSplit while the
// first half is already being read (see start). The check reads the whole
// sheet, and the second half's XML is a copy of half of it: done before
// reading began, they left a core idle for half a second of an LA's load.
func (x *xlsxRows) split(p partReader, key string, data []byte) {
	// On one core the halves would only take turns.
	if len(data) < minSplit || x.f == nil || runtime.GOMAXPROCS(0) < 2 {
		return
	}
	// Shared strings too large for memory are read from a temporary file,
	// which two iterators must not share.
	if ss, ok := p.files["xl/sharedstrings.xml"]; ok && ss.UncompressedSize64 >= uint64(xlsxOptions.UnzipXMLSizeLimit) {
		return
	}
	at, row, ok := splitCandidate(data)
	if !ok {
		return
	}
	x.pending = &pendingSplit{key: key, data: data, at: at, done: make(chan struct{})}
	x.half = row - 1
}

// pendingSplit is a split planned by split and confirmed, or not, by
// confirmSplit: ok, and x.rows2 when it is, are set before done is closed.
type pendingSplit struct {
	key  string
	data []byte
	at   int // the offset of the row tag the second half starts at
	done chan struct{}
	ok   bool
}

// splitCandidate finds the row splitAt would split at, were the sheet
// plain enough: the first row tag at or after half way through
// <sheetData>, whatever it turns out to be.
func splitCandidate(data []byte) (at, row int, ok bool) {
	const open, closing = "<sheetData>", "</sheetData>"
	start := bytes.Index(data, []byte(open))
	end := bytes.LastIndex(data, []byte(closing))
	if start < 0 || end < start {
		return 0, 0, false
	}
	start += len(open)
	body := data[start:end]
	k := bytes.Index(body[len(body)/2:], []byte("<row"))
	if k < 0 {
		return 0, 0, false
	}
	p := len(body)/2 + k
	n, tagOK := rowTagNumber(body[p:])
	if !tagOK || n < 2 {
		return 0, 0, false
	}
	return start + p, n, true
}

// confirmSplit checks the planned split as splitAt would make it and, if
// it holds, makes the second iterator from a copy of the sheet's opening
// and its second half. It reports whether x.rows2 is ready.
func (x *xlsxRows) confirmSplit(ps *pendingSplit) bool {
	start, at, row, ok := splitAt(ps.data)
	if !ok || at != ps.at || row-1 != x.half {
		return false
	}
	half := make([]byte, 0, start+len(ps.data)-at)
	half = append(append(half, ps.data[:start]...), ps.data[at:]...)
	// excelize's iterator reads the part's bytes as they are when it is
	// made: the second is made from the copy, then the sheet is put back.
	// The first iterator read them when it was made, long before.
	x.f.Pkg.Store(ps.key, half)
	rows, err := x.f.Rows(x.sheet)
	x.f.Pkg.Store(ps.key, ps.data)
	if err != nil {
		return false
	}
	x.rows2 = rows
	return true
}

// minRowXML is fewer bytes than any row a pupil file can use: a row tag
// and the three cells every pupil needs.
const minRowXML = 64

// lastRowNumber reads the number of the sheet's last row tag, as a guess
// at how many rows there are, for the caller to size its slices: a guess
// only, never more than the XML could hold (rowTagNumber refuses more than
// a sheet can have), and 0 when there is none. data is the sheet's XML,
// nil when not in memory.
func lastRowNumber(data []byte) int {
	i := bytes.LastIndex(data, []byte("<row"))
	if i < 0 {
		return 0
	}
	n, ok := rowTagNumber(data[i:])
	if !ok {
		return 0
	}
	return min(n, len(data)/minRowXML)
}
