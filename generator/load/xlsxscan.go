package load

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// The style cursor's encoding/xml pass costs as much as a third of reading
// a large sheet, for a few attributes per cell. So when the sheet's XML is
// in memory, the cursor scans the bytes of <sheetData> itself (scanner,
// below) and hands over to encoding/xml, restarted from the top of the
// sheet, at the first thing it is not sure encoding/xml would read the same
// way: a namespace prefix on an element, an unusual entity, a comment,
// anything malformed. encoding/xml then finds any damage and words the
// message as before. The scanner only ever accepts XML that RawToken reads
// without error into the same elements and attributes, so the flags and
// diagnostics are the same either way.

// scanner reads the XML inside <sheetData> as RawToken would, for the
// style cursor's few needs: element names, the r and s attributes, depth.
type scanner struct {
	data    []byte
	pos     int
	closing []byte // a self-closed element's name: its end is the next token
}

// token kinds; tokBad means "not sure": hand over to encoding/xml.
const (
	tokBad = iota
	tokStart
	tokEnd
	tokText
)

// scanned is a start or end element: its local name and, for a start, the
// unprefixed r and s attributes (the first of each, as attr finds them).
type scanned struct {
	name       []byte
	r, s       []byte
	hasR, hasS bool
}

// next reads one token. Text is checked as RawToken checks it and skipped.
func (sc *scanner) next(t *scanned) int {
	if sc.closing != nil {
		*t = scanned{name: sc.closing}
		sc.closing = nil
		return tokEnd
	}
	if sc.pos >= len(sc.data) {
		return tokBad // the sheet ends inside <sheetData>: damaged
	}
	if sc.data[sc.pos] != '<' {
		if !sc.text('<') {
			return tokBad
		}
		return tokText
	}
	sc.pos++
	if sc.pos < len(sc.data) && sc.data[sc.pos] == '/' {
		sc.pos++
		name, ok := sc.name(false)
		if !ok {
			return tokBad
		}
		sc.space()
		if sc.pos >= len(sc.data) || sc.data[sc.pos] != '>' {
			return tokBad
		}
		sc.pos++
		*t = scanned{name: name}
		return tokEnd
	}
	name, ok := sc.name(false) // "<!", "<?" and the rest fail here
	if !ok {
		return tokBad
	}
	*t = scanned{name: name}
	for {
		sc.space()
		if sc.pos >= len(sc.data) {
			return tokBad
		}
		switch sc.data[sc.pos] {
		case '/':
			if sc.pos+1 >= len(sc.data) || sc.data[sc.pos+1] != '>' {
				return tokBad
			}
			sc.pos += 2
			sc.closing = name
			return tokStart
		case '>':
			sc.pos++
			return tokStart
		}
		an, ok := sc.name(true)
		if !ok {
			return tokBad
		}
		sc.space()
		if sc.pos >= len(sc.data) || sc.data[sc.pos] != '=' {
			return tokBad
		}
		sc.pos++
		sc.space()
		if sc.pos >= len(sc.data) || (sc.data[sc.pos] != '"' && sc.data[sc.pos] != '\'') {
			return tokBad
		}
		q := sc.data[sc.pos]
		sc.pos++
		start := sc.pos
		if !sc.text(q) {
			return tokBad
		}
		v := sc.data[start:sc.pos]
		sc.pos++ // the closing quote
		if bytes.IndexByte(v, '&') >= 0 || bytes.IndexByte(v, '\r') >= 0 {
			return tokBad // RawToken would rewrite the value
		}
		switch {
		case len(an) == 1 && an[0] == 'r' && !t.hasR:
			t.r, t.hasR = v, true
		case len(an) == 1 && an[0] == 's' && !t.hasS:
			t.s, t.hasS = v, true
		}
	}
}

// space skips what RawToken's space does.
func (sc *scanner) space() {
	for sc.pos < len(sc.data) {
		switch sc.data[sc.pos] {
		case ' ', '\t', '\r', '\n':
			sc.pos++
		default:
			return
		}
	}
}

// name reads an ASCII XML name. An element's name may have no prefix (the
// cursor matches local names); an attribute's may have one ("x14ac:dyDescent"),
// with a non-empty part either side, which keeps it from ever being r or s.
func (sc *scanner) name(attr bool) ([]byte, bool) {
	start, colons := sc.pos, 0
	for sc.pos < len(sc.data) {
		c := sc.data[sc.pos]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '_':
		case '0' <= c && c <= '9', c == '.', c == '-':
			if sc.pos == start {
				return nil, false
			}
		case c == ':':
			colons++
		case c >= utf8.RuneSelf:
			return nil, false
		default:
			n := sc.data[start:sc.pos]
			if len(n) == 0 || colons > 0 && (!attr || colons > 1 || n[0] == ':' || n[len(n)-1] == ':') {
				return nil, false
			}
			return n, true
		}
		sc.pos++
	}
	return nil, false
}

// text checks text up to the byte end (not consumed) as RawToken's text
// does: valid UTF-8, characters XML allows, no "]]>", no "<" in a quoted
// value, and only the entities every XML reader knows.
func (sc *scanner) text(end byte) bool {
	d := sc.data
	for sc.pos < len(d) {
		c := d[sc.pos]
		switch {
		case c == end:
			return true
		case c == '<':
			return false
		case c == '&':
			if !sc.entity() {
				return false
			}
			continue
		case c == '>':
			if sc.pos >= 2 && d[sc.pos-1] == ']' && d[sc.pos-2] == ']' {
				return false
			}
		case c < 0x20:
			if c != '\t' && c != '\n' && c != '\r' {
				return false
			}
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(d[sc.pos:])
			if r == utf8.RuneError && size == 1 || !xmlChar(r) {
				return false
			}
			sc.pos += size
			continue
		}
		sc.pos++
	}
	return false
}

// entity reads &lt; &gt; &amp; &apos; &quot; or a plain numeric character
// reference to a character XML allows.
func (sc *scanner) entity() bool {
	rest := sc.data[sc.pos+1:]
	semi := bytes.IndexByte(rest[:min(len(rest), 10)], ';')
	if semi < 1 {
		return false
	}
	e := rest[:semi]
	switch string(e) {
	case "lt", "gt", "amp", "apos", "quot":
		sc.pos += semi + 2
		return true
	}
	if e[0] != '#' || len(e) < 2 {
		return false
	}
	digits, base := e[1:], 10
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	if len(digits) == 0 || len(digits) > 7 {
		return false
	}
	n, err := strconv.ParseUint(string(digits), base, 32)
	if err != nil || digits[0] == '+' || !xmlChar(rune(n)) {
		return false
	}
	sc.pos += semi + 2
	return true
}

// xmlChar is encoding/xml's isInCharacterRange.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// scanStart finds where the fast scan can begin: just after the <sheetData>
// start tag, as encoding/xml reads up to it. ok is false when encoding/xml
// should read the whole sheet: an error before it, a row before it, or an
// empty <sheetData/>.
func scanStart(data []byte) (int, bool) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.RawToken()
		if err != nil {
			return 0, false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "row" {
				return 0, false
			}
			if t.Name.Local == "sheetData" {
				off := int(dec.InputOffset())
				if off < 2 || off > len(data) || data[off-1] != '>' || data[off-2] == '/' {
					return 0, false
				}
				return off, true
			}
		case xml.EndElement:
			if t.Name.Local == "sheetData" {
				return 0, false
			}
		}
	}
}

// column is excelize.CellNameToCoordinates's column for a cell reference,
// worked out here for the usual "AB12" and by excelize for anything else.
func column(ref []byte) (int, bool) {
	i, col := 0, 0
	for i < len(ref) && i < 3 && 'A' <= ref[i] && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
	}
	digits := ref[i:]
	plain := i > 0 && col <= excelize.MaxColumns && len(digits) > 0 && len(digits) <= 7 && digits[0] != '0'
	row := 0
	for _, c := range digits {
		if !plain {
			break
		}
		if c < '0' || c > '9' {
			plain = false
		}
		row = row*10 + int(c-'0')
	}
	if plain && row <= excelize.TotalRows {
		return col, true
	}
	x, _, err := excelize.CellNameToCoordinates(string(ref))
	return x, err == nil
}

// atoi is strconv.Atoi for the usual run of digits, without a string.
func atoi(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		n, err := strconv.Atoi(string(b))
		return n, err == nil
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			n, err := strconv.Atoi(string(b))
			return n, err == nil
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
