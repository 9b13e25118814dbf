package verify

import (
	"bytes"
	"unicode/utf8"
)

// HTMLText scans the text of an HTML page as a reader sees it, for the
// names that markup splits where a scan of its bytes cannot see them:
// "<strong>John</strong> Smith", "John<br>Smith", a name across a line
// break. Inline tags (inlineTags) are removed without a gap, every other
// tag and line break stands for a space, and comments go. The text of
// scripts and styles is passed over: Bytes scans whole files, and a build
// calls both. Findings name the file as name.
func (c *Checker) HTMLText(name string, b []byte) []Finding {
	if len(c.needles) == 0 {
		return nil
	}
	text := scratch.Get().(*[]byte)
	defer putScratch(text)
	*text = appendHTMLText((*text)[:0], b)
	buf := scratch.Get().(*[]byte)
	defer putScratch(buf)
	*buf = appendNormal((*buf)[:0], *text)
	return c.scan(name, *buf)
}

// inlineTags are the elements whose tags split no word: "Jo<b>hn</b>" reads
// "John". wbr is a line-break opportunity, not a gap.
var inlineTags = map[string]bool{
	"a": true, "abbr": true, "b": true, "strong": true, "em": true, "i": true, "span": true,
	"code": true, "small": true, "sub": true, "sup": true, "mark": true, "u": true, "s": true,
	"q": true, "cite": true, "dfn": true, "kbd": true, "var": true, "time": true, "data": true,
	"wbr": true, "bdi": true, "bdo": true, "ins": true, "del": true,
}

// htmlSpace maps the bytes that HTML lays out as a space (tab, line feed,
// form feed, carriage return) to one, and every other byte to itself.
var htmlSpace = func() (t [256]byte) {
	for c := range t {
		t[c] = byte(c)
	}
	for _, c := range "\t\n\f\r" {
		t[c] = ' '
	}
	return t
}()

// appendHTMLText appends the text of the HTML document b to dst, as
// HTMLText describes it; character references are left for appendNormal.
// A '<' that starts no tag, or a tag that never ends, is text: the check
// would rather scan too much than too little.
func appendHTMLText(dst, b []byte) []byte {
	for i := 0; i < len(b); {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			j = len(b)
		} else {
			j += i
		}
		for _, c := range b[i:j] {
			dst = append(dst, htmlSpace[c])
		}
		if j == len(b) {
			break
		}
		end, gap := skipMarkup(b, j)
		switch {
		case end == j:
			dst, end = append(dst, '<'), j+1
		case gap:
			dst = append(dst, ' ')
		}
		i = end
	}
	return dst
}

// skipMarkup returns where the markup that starts at b[i], a '<', ends, and
// whether it stands for a gap in the text; end == i when the '<' is text.
func skipMarkup(b []byte, i int) (end int, gap bool) {
	p := i + 1
	if p == len(b) {
		return i, false
	}
	switch b[p] {
	case '!':
		if bytes.HasPrefix(b[p:], []byte("!--")) {
			// A comment, "<!-->" and "<!--->" included: gone, no gap.
			body := p + 3
			switch {
			case bytes.HasPrefix(b[body:], []byte(">")):
				return body + 1, false
			case bytes.HasPrefix(b[body:], []byte("->")):
				return body + 2, false
			}
			k := bytes.Index(b[body:], []byte("-->"))
			if k < 0 {
				return i, false
			}
			return body + k + 3, false
		}
		return toGT(b, i) // a doctype, CDATA: to the next '>'
	case '?':
		return toGT(b, i)
	case '/':
		p++
	}
	if p == len(b) || !isASCIILetter(b[p]) {
		if p > i+1 { // "</" and no name: a bogus comment, to the next '>'
			return toGT(b, i)
		}
		return i, false
	}
	q := p
	for q < len(b) && (isASCIILetter(b[q]) || '0' <= b[q] && b[q] <= '9' || b[q] == '-' || b[q] == ':') {
		q++
	}
	end = tagEnd(b, q)
	if end < 0 {
		return i, false
	}
	var lower [8]byte
	if q-p > len(lower) {
		return end, true
	}
	for k, c := range b[p:q] {
		lower[k] = c | 0x20
	}
	tag := lower[:q-p]
	if closing := p > i+1; !closing && (string(tag) == "script" || string(tag) == "style") {
		return rawTextEnd(b, end, tag), true
	}
	return end, !inlineTags[string(tag)]
}

// toGT returns the end of markup that runs from b[i] to the next '>', and
// that it is a gap; end == i when there is no '>'.
func toGT(b []byte, i int) (int, bool) {
	k := bytes.IndexByte(b[i:], '>')
	if k < 0 {
		return i, false
	}
	return i + k + 1, true
}

// tagEnd returns the index after the '>' that ends a tag whose attributes
// start at b[q], passing over quoted attribute values, or -1 if none does.
func tagEnd(b []byte, q int) int {
	for q < len(b) {
		switch b[q] {
		case '>':
			return q + 1
		case '=':
			q++
			for q < len(b) && htmlSpace[b[q]] == ' ' {
				q++
			}
			if q < len(b) && (b[q] == '"' || b[q] == '\'') {
				k := bytes.IndexByte(b[q+1:], b[q])
				if k < 0 {
					return -1
				}
				q += k + 2
			}
		default:
			q++
		}
	}
	return -1
}

// rawTextEnd returns the end of the end tag of the script or style element
// (lower-case tag) whose text starts at b[from], or len(b) if it has none.
func rawTextEnd(b []byte, from int, tag []byte) int {
	for from < len(b) {
		k := bytes.Index(b[from:], []byte("</"))
		if k < 0 {
			break
		}
		p := from + k + 2
		q := p + len(tag)
		if q <= len(b) && bytes.EqualFold(b[p:q], tag) && (q == len(b) || b[q] == '>' || b[q] == '/' || htmlSpace[b[q]] == ' ') {
			if end := tagEnd(b, q); end >= 0 {
				return end
			}
			break
		}
		from = p
	}
	return len(b)
}

func isASCIILetter(c byte) bool { return c < utf8.RuneSelf && 'a' <= c|0x20 && c|0x20 <= 'z' }
