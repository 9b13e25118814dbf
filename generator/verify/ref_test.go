package verify

// A plain leak check, kept as the reference the differential tests compare
// the Checker with: whatever it finds, the Checker must find, in the same
// order. It takes its needles (what to look for) from New, and does the
// rest (normalising, splitting into words, matching, gluing UPNs, phrases
// that are not pupils) the slow, obvious way.

import (
	"archive/zip"
	"bytes"
	"html"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/reportpack/reportpack/generator/model"
)

// refChecker looks for a dataset's identities in files.
type refChecker struct {
	c *Checker // the needles, and the view's scope
	// byKey lists, for keys of 1 to 3 words (byKey[k-1]), the needles with
	// that key, in order; a key is its words joined by spaces, any title
	// written "\x00".
	byKey [keyWords]map[string][]int
	upns  map[string][]int
}

// refNew prepares a refChecker for the pupils' identities.
func refNew(pupils []model.Pupil, opts ...Option) *refChecker {
	return refOf(New(pupils, opts...))
}

// refOf is the reference for a Checker's needles and view.
func refOf(c *Checker) *refChecker {
	r := &refChecker{c: c, upns: map[string][]int{}}
	for i := range r.byKey {
		r.byKey[i] = map[string][]int{}
	}
	for i, nd := range c.needles {
		// Its words, as a scan splits them (New's are joined by spaces).
		t := string(c.text[nd.off : nd.off+nd.n])
		var ws []string
		for sp := range refWordSpans(t) {
			ws = append(ws, t[sp.start:sp.end])
		}
		if len(ws) == 0 {
			continue
		}
		if nd.kind == kindUPN && len(strings.Join(ws, "")) == upnLen && isUPN([]byte(strings.Join(ws, ""))) {
			r.upns[strings.Join(ws, "")] = append(r.upns[strings.Join(ws, "")], i)
			continue
		}
		k := min(len(ws), keyWords)
		key := refKey(ws[:k])
		if nd.flags&flagTitle != 0 {
			key = refKey(append([]string{"mr"}, ws[1:k]...))
		}
		r.byKey[k-1][key] = append(r.byKey[k-1][key], i)
	}
	return r
}

// refKey joins words, a title as "\x00".
func refKey(ws []string) string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w
		if slices.Contains(titles[:], w) {
			out[i] = "\x00"
		}
	}
	return strings.Join(out, " ")
}

// refNormalise folds what escaping and typing vary: HTML entities, JSON and
// JavaScript \uXXXX escapes, invisible characters, compatibility forms and
// accents, typed apostrophes, dashes and spaces, look-alike letters, case
// and runs of spaces.
func refNormalise(s string) string {
	s = strings.ToValidUTF8(s, " ")
	s = refUnescapeJS(s)
	s = html.UnescapeString(s)
	s = strings.Map(func(r rune) rune {
		if refFoldRune(r) == "" {
			return -1
		}
		return r
	}, s)
	s = norm.NFKD.String(s)
	s = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, s)
	s = norm.NFC.String(s)
	var b strings.Builder
	for _, r := range s {
		b.WriteString(refFoldRune(r))
	}
	return refLowerCollapse(b.String())
}

// refFoldRune is what authors type folded to what a data file spells:
// non-ASCII spaces to a space, dashes and the minus sign to '-', typographic
// apostrophes to an apostrophe, invisible format characters to nothing,
// look-alike letters to the Latin letter.
func refFoldRune(r rune) string {
	switch {
	case r < utf8.RuneSelf:
	case unicode.In(r, unicode.Cf):
		return ""
	case unicode.In(r, unicode.White_Space):
		return " "
	case unicode.In(r, unicode.Pd) || r == '\u2212':
		return "-"
	case r == '\u2018' || r == '\u2019' || r == '\u201b' || r == '\u2032' || r == '\u02bc' || r == '\u00b4' || r == '\uff07':
		return "'"
	}
	if f, ok := lookAlikes[r]; ok {
		return string(f)
	}
	if f, ok := twoLetters[r]; ok {
		return f
	}
	return string(r)
}

// refLowerCollapse lower-cases s and turns each run of spaces into one.
func refLowerCollapse(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		b.WriteRune(unicode.ToLower(r))
		space = false
	}
	return b.String()
}

var refJsEscape = regexp.MustCompile(`\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})|\\(['"/])`)

func refUnescapeJS(s string) string {
	return refJsEscape.ReplaceAllStringFunc(s, func(m string) string {
		switch {
		case strings.HasPrefix(m, `\u`), strings.HasPrefix(m, `\x`):
			n, _ := strconv.ParseUint(m[2:], 16, 32)
			return string(rune(n))
		default:
			return m[1:]
		}
	})
}

// refSpan is one word of a normalised text.
type refSpan struct {
	start, end int
	hash       uint64
}

// refWordSpans yields every word of s: runs of ASCII digits (one decimal
// point between two runs, not three, joins them), or of other letters and
// digits; percent escapes separate them as anything else does.
func refWordSpans(s string) func(func(refSpan) bool) {
	digit := func(i int) bool { return i >= 0 && i < len(s) && '0' <= s[i] && s[i] <= '9' }
	letter := func(i int) (bool, int) {
		r, size := utf8.DecodeRuneInString(s[i:])
		return refIsWord(r) && !digit(i), size
	}
	hexAt := func(i int) bool {
		return i < len(s) && strings.ContainsRune("0123456789abcdefABCDEF", rune(s[i]))
	}
	return func(yield func(refSpan) bool) {
		for i := 0; i < len(s); {
			if s[i] == '%' && hexAt(i+1) && hexAt(i+2) {
				i += 3
				continue
			}
			j := i
			switch l, size := letter(i); {
			case digit(i):
				for digit(j) {
					j++
				}
				if s[j:] != "" && s[j] == '.' && digit(j+1) && !(s[:i] != "" && s[i-1] == '.' && digit(i-2)) {
					k := j + 1
					for digit(k) {
						k++
					}
					if !(k < len(s) && s[k] == '.' && digit(k+1)) {
						j = k
					}
				}
			case l:
				for j += size; j < len(s); j += size {
					if l, size = letter(j); !l {
						break
					}
				}
			default:
				i += size
				continue
			}
			if !yield(refSpan{i, j, refHashWord(s[i:j])}) {
				return
			}
			i = j
		}
	}
}

// refHashWord is FNV-1a of a word.
func refHashWord(w string) uint64 {
	h := refHashSeed
	for i := 0; i < len(w); i++ {
		h ^= uint64(w[i])
		h *= 1099511628211
	}
	return h
}

const refHashSeed uint64 = 14695981039346656037

func refIsWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// refBytes scans one file's contents (looking inside it when it is a zip or
// XLSX workbook) and returns what it finds.
func (r *refChecker) refBytes(name string, b []byte) []Finding {
	if len(r.c.needles) == 0 {
		return nil
	}
	if len(b) > 4 && string(b[:4]) == "PK\x03\x04" {
		return r.refZip(name, b)
	}
	if isHTMLName(name) {
		b = []byte(refBlankMarkup(string(b)))
	}
	var seen []uint64
	hay := refNormalise(string(b))
	out := r.c.finish(name, "", []byte(hay), r.refHits(hay, true), &seen, nil)
	// Decoded when an escape stands for a letter or digit.
	esc := regexp.MustCompile(`%[0-9a-fA-F]{2}`)
	if slices.ContainsFunc(esc.FindAllString(string(b), -1), func(e string) bool {
		v, _ := strconv.ParseUint(e[1:], 16, 8)
		return v >= utf8.RuneSelf || refIsWord(rune(v))
	}) {
		d := esc.ReplaceAllStringFunc(string(b), func(e string) string {
			v, _ := strconv.ParseUint(e[1:], 16, 8)
			return string([]byte{byte(v)})
		})
		hay = refNormalise(d)
		out = r.c.finish(name, "decoded", []byte(hay), r.refHits(hay, true), &seen, out)
	}
	if s := string(b); strings.Contains(s, "\u202e") || strings.Contains(s, "202e") || strings.Contains(s, "202E") || strings.Contains(s, "8238") {
		rs := []rune(hay)
		slices.Reverse(rs)
		hay = string(rs)
		out = r.c.finish(name, "reversed", []byte(hay), r.refHits(hay, true), &seen, out)
	}
	return out
}

// refHits finds every needle in hay, in the order of the words that end
// their keys (then by the number of words in the key, then in needle
// order), and the UPNs that end at each word.
func (r *refChecker) refHits(hay string, raw bool) []hit {
	var ws []refSpan
	for sp := range refWordSpans(hay) {
		ws = append(ws, sp)
	}
	word := func(i int) string { return hay[ws[i].start:ws[i].end] }
	var hs []hit
	add := func(ni, start, end int) {
		nd := &r.c.needles[ni]
		if nd.kind == kindDOB {
			for _, p := range r.c.born[nd.who] {
				if s := r.c.who[p].school; r.c.scope < 0 || s < 0 || s == r.c.scope {
					hs = append(hs, hit{int32(ni), p, int32(start), int32(end)})
				}
			}
			return
		}
		hs = append(hs, hit{int32(ni), nd.who, int32(start), int32(end)})
	}
	// initial: word x is one letter with a full stop after it, and only
	// spaces and full stops since the word before.
	initial := func(x int) bool {
		w := word(x)
		r, size := utf8.DecodeRuneInString(w)
		if size != len(w) || !unicode.IsLetter(r) || !strings.HasPrefix(hay[ws[x].end:], ".") {
			return false
		}
		prev := 0
		if x > 0 {
			prev = ws[x-1].end
		}
		return strings.Trim(hay[prev:ws[x].start], " .") == ""
	}
	// match tries the needles keyed by the words at idx, which go on
	// after the last of them; skip: only those that let initials stand
	// after their first word.
	match := func(idx []int, skip bool) {
		var key []string
		for _, x := range idx {
			key = append(key, word(x))
		}
		for _, ni := range r.byKey[len(idx)-1][refKey(key)] {
			nd := &r.c.needles[ni]
			if raw && nd.flags&flagMarkup != 0 || !r.c.inScope(nd) || skip && nd.flags&flagMiddle == 0 {
				continue
			}
			t := string(r.c.text[nd.off : nd.off+nd.n])
			var nws []string
			for sp := range refWordSpans(t) {
				nws = append(nws, t[sp.start:sp.end])
			}
			at := slices.Clone(idx)
			for len(at) < len(nws) {
				at = append(at, at[len(at)-1]+1)
			}
			if at[len(at)-1] >= len(ws) {
				continue
			}
			i := at[0]
			ok := true
			for x, w := range nws {
				if x == 0 && nd.flags&flagTitle != 0 {
					ok = ok && slices.Contains(titles[:], word(i))
				} else {
					ok = ok && word(at[x]) == w
				}
			}
			last := ws[at[len(at)-1]].end
			if nd.flags&flagDotFirst != 0 {
				ok = ok && strings.HasPrefix(hay[ws[i].end:], ".")
			}
			if nd.flags&flagDotLast != 0 {
				ok = ok && strings.HasPrefix(hay[last:], ".")
			}
			if ok && nd.kind == kindDOB {
				ok = refDateSeparated(hay, ws, at)
			}
			if ok {
				add(ni, ws[i].start, last)
			}
		}
	}
	// initialsBefore: words from-m to from-1 are initials.
	initialsBefore := func(from, m int) bool {
		for x := from - m; x < from; x++ {
			if x < 0 || !initial(x) {
				return false
			}
		}
		return true
	}
	for j := range ws {
		for k := 1; k <= keyWords && k <= j+1; k++ {
			var idx []int
			for x := j - k + 1; x <= j; x++ {
				idx = append(idx, x)
			}
			match(idx, false)
		}
		// Keys with one to maxInitials initials after their first word,
		// the rest not an initial: of three words ending here, then of two.
		for m := 1; m <= maxInitials; m++ {
			if a := j - 2 - m; a >= 0 && !initial(j-1) && initialsBefore(j-1, m) {
				match([]int{a, j - 1, j}, true)
			}
		}
		for m := 1; m <= maxInitials; m++ {
			if a := j - 1 - m; a >= 0 && !initial(j) && initialsBefore(j, m) {
				match([]int{a, j}, true)
			}
		}
		// A UPN: the shortest run of words ending here, each at most three
		// bytes from the next, of 13 bytes in all, the first a letter alone.
		if len(r.upns) == 0 || !(strings.ContainsAny(hay[ws[j].end-1:ws[j].end], "0123456789") || ws[j].end-ws[j].start == 1) {
			continue
		}
		total := 0
		for i := j; i >= 0 && i > j-6; i-- {
			if i < j && ws[i+1].start-ws[i].end > 3 {
				break
			}
			if total += len(word(i)); total < upnLen {
				continue
			}
			if total == upnLen && i < j && len(word(i)) == 1 {
				var u strings.Builder
				for x := i; x <= j; x++ {
					u.WriteString(word(x))
				}
				for _, ni := range r.upns[u.String()] {
					if r.c.inScope(&r.c.needles[ni]) {
						add(ni, ws[i].start, ws[j].end)
					}
				}
			}
			break
		}
	}
	return hs
}

// refZip scans the names and contents of the members of the archive b.
func (r *refChecker) refZip(name string, b []byte) []Finding {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		// Not readable as a zip: scan the raw bytes rather than pass it.
		return r.refBytes(name+" (raw)", append([]byte{' '}, b...))
	}
	var out []Finding
	for _, f := range zr.File {
		hay := refNormalise(f.Name)
		out = r.c.finish(name+"!"+f.Name, "name", []byte(hay), r.refHits(hay, true), nil, out)
		rc, err := f.Open()
		if err != nil {
			raw, err := f.OpenRaw()
			if err != nil {
				continue
			}
			rc = io.NopCloser(raw)
		}
		inner, _ := io.ReadAll(io.LimitReader(rc, 1<<30))
		rc.Close()
		out = append(out, r.refBytes(name+"!"+f.Name, inner)...)
	}
	return out
}

// refBlankMarkup is an HTML page with the markup words (markupWords) of
// its tags' names and their attributes' names made spaces. A tag is '<',
// perhaps '/', an ASCII letter, the rest of its name (letters, digits, '-'
// and ':'), and what follows up to the first '>' that is not inside a
// value quoted after '=' (and spaces); with no such '>' it is no tag, and
// the '<' is text. Inside a tag, up to that '>': spaces and '/' separate;
// '=' starts a value (after spaces, quoted up to the same quote, or to the
// '>' when that quote does not come, or else up to a space), which is
// kept; anything else starts an attribute's name, up to a space, '/' or
// '='. A name's parts are its runs of ASCII letters and digits and bytes
// above ASCII.
func refBlankMarkup(s string) string {
	b := []byte(s)
	isSpace := func(c byte) bool { return strings.IndexByte(" \t\n\f\r", c) >= 0 }
	isLetter := func(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
	isDigit := func(c byte) bool { return '0' <= c && c <= '9' }
	// tagEnd: the index after the '>' that ends a tag whose name ends at q.
	tagEnd := func(q int) int {
		for ; q < len(b); q++ {
			if b[q] == '>' {
				return q + 1
			}
			if b[q] != '=' {
				continue
			}
			r := q + 1
			for r < len(b) && isSpace(b[r]) {
				r++
			}
			if r < len(b) && (b[r] == '"' || b[r] == '\'') {
				k := strings.IndexByte(s[r+1:], b[r])
				if k < 0 {
					return -1
				}
				q = r + 1 + k
			} else {
				q = r - 1
			}
		}
		return -1
	}
	blank := func(from, to int) {
		part := func(c byte) bool { return isLetter(c) || isDigit(c) || c >= 0x80 }
		for i := from; i < to; {
			j := i
			for j < to && part(b[j]) {
				j++
			}
			lower := []byte(s[i:j]) // ASCII only: no "lin\u212a" is "link"
			for k, c := range lower {
				if isLetter(c) {
					lower[k] = c | 0x20
				}
			}
			if j > i && markupWords[string(lower)] {
				copy(b[i:j], strings.Repeat(" ", j-i))
			}
			i = max(j, i+1)
		}
	}
	for i := 0; i < len(b); i++ {
		if b[i] != '<' {
			continue
		}
		p := i + 1
		if p < len(b) && b[p] == '/' {
			p++
		}
		if p >= len(b) || !isLetter(b[p]) {
			continue
		}
		q := p
		for q < len(b) && (isLetter(b[q]) || isDigit(b[q]) || b[q] == '-' || b[q] == ':') {
			q++
		}
		end := tagEnd(q)
		if end < 0 {
			continue
		}
		blank(p, q)
		gt := end - 1
		for a := q; a < gt; {
			switch {
			case isSpace(b[a]) || b[a] == '/':
				a++
			case b[a] == '=':
				a++
				for a < gt && isSpace(b[a]) {
					a++
				}
				if a < gt && (b[a] == '"' || b[a] == '\'') {
					if k := strings.IndexByte(s[a+1:gt], b[a]); k >= 0 {
						a += k + 2
					} else {
						a = gt
					}
				} else {
					for a < gt && !isSpace(b[a]) {
						a++
					}
				}
			default:
				n := a
				for a < gt && !isSpace(b[a]) && b[a] != '/' && b[a] != '=' {
					a++
				}
				blank(n, a)
			}
		}
		i = end - 1
	}
	return string(b)
}

var (
	refDigits      = regexp.MustCompile(`^[0-9]+$`)
	refNumericSep  = regexp.MustCompile(`^(?i:[/.-]|%2f|%2e|%2d)$`)
	refTextualSeps = regexp.MustCompile(`^(?i:[ ,./-]|%20|%2c|%2e|%2d|%2f){0,3}$`)
)

// refDateSeparated reports whether the words at of hay, a date found, are
// written as a date: all figures, with one and the same '/', '.' or '-'
// (or its percent escape) between them; or with the month's name, with at
// most three spaces, commas, full stops, hyphens or slashes (or their
// percent escapes) between each two.
func refDateSeparated(hay string, ws []refSpan, at []int) bool {
	var seps []string
	numeric := true
	for x, i := range at {
		numeric = numeric && refDigits.MatchString(hay[ws[i].start:ws[i].end])
		if x > 0 {
			seps = append(seps, hay[ws[at[x-1]].end:ws[i].start])
		}
	}
	for _, sep := range seps {
		switch {
		case numeric && (sep != seps[0] || !refNumericSep.MatchString(sep)):
			return false
		case !numeric && !refTextualSeps.MatchString(sep):
			return false
		}
	}
	return true
}
