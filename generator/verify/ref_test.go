package verify

// The leak check as it was before its fast paths, kept as the reference the
// differential tests compare the Checker with: whatever it finds, the
// Checker must find, in the same order. What was added since (names in one
// part, typed characters) is added here as plainly.

import (
	"archive/zip"
	"bytes"
	"html"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/reportpack/reportpack/generator/model"
)

// refNeedle is one identifier to look for, in its normalised form.
type refNeedle struct {
	text  string
	at    int // where its first word starts: a name may begin "</script>"
	kind  string
	value string
	pupil string
	alone bool // a name given in one part
}

// refChecker looks for a dataset's identities in files.
type refChecker struct {
	needles []refNeedle
	// byWords indexes needles by the hash of their first words (up to
	// refKeyWords of them; byWords[k-1] for needles keyed on k words). A scan
	// hashes the next few words at each word of a file and looks only at
	// the needles with that start: a date's "02" alone would match
	// thousands of dates, its three words one or two. Linear in the file,
	// whatever the number of pupils.
	byWords [refKeyWords]map[uint64][]int
	// first has a bit set for the hash of every needle's first word, so
	// that most words of a file (numbers, ordinary words) cost one load.
	first []uint64
}

// refFirstBits is the size of refChecker.first in bits.
const refFirstBits = 1 << 20

// refKeyWords is how many leading words key a needle.
const refKeyWords = 3

// refMinNameLen keeps very short full names ("Al Li") from matching ordinary
// text by chance; they are still caught when spelt with a comma.
const refMinNameLen = 5

// refMinOneNameLetters is the fewest letters a name given in one part must
// have to be looked for.
const refMinOneNameLetters = 4

// refNew prepares a refChecker for the pupils' identities.
func refNew(pupils []model.Pupil) *refChecker {
	c := &refChecker{first: make([]uint64, refFirstBits/64)}
	for i := range c.byWords {
		c.byWords[i] = map[uint64][]int{}
	}
	add := func(text, kind, value, pupil string) {
		text = refNormalise(text)
		// Key the needle as refBytes will meet it: by its first words, as
		// refWordSpans splits them.
		k, h, at := 0, refHashSeed, 0
		for sp := range refWordSpans(text) {
			if k == 0 {
				at = sp.start
				c.first[sp.hash%refFirstBits/64] |= 1 << (sp.hash % 64)
			}
			k, h = k+1, refCombine(h, sp.hash)
			if k == refKeyWords {
				break
			}
		}
		if k == 0 {
			return // no word to find it by
		}
		c.byWords[k-1][h] = append(c.byWords[k-1][h], len(c.needles))
		c.needles = append(c.needles, refNeedle{text: text, at: at, kind: kind, value: value, pupil: pupil})
	}
	for _, p := range pupils {
		src := p.Src.File
		if p.Src.Row > 0 {
			src += " row " + strconv.Itoa(p.Src.Row)
		}
		id := p.ID
		fore, sur := strings.TrimSpace(id.Forename), strings.TrimSpace(id.Surname)
		// A part is missing when it has no letter or digit once normalised.
		given := func(part string) bool {
			n := strings.TrimSpace(refNormalise(part))
			switch n {
			case "n/a", "na", "n.a.", "nk", "n/k", "not known", "unknown", "null", "none", "tbc", "tba", "x", "xx", "xxx":
				return false
			}
			return strings.ContainsFunc(n, func(r rune) bool {
				return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
			})
		}
		hasFore, hasSur := given(fore), given(sur)
		if hasFore && hasSur {
			full := fore + " " + sur
			for _, v := range []string{fore + " " + sur, sur + " " + fore, sur + ", " + fore, sur + "," + fore, fore + "\t" + sur, sur + "\t" + fore} {
				if len(v) >= refMinNameLen || strings.Contains(v, ",") {
					add(v, "name", full, src)
				}
			}
		} else if hasFore || hasSur {
			// One part given: it alone, when it has enough letters.
			one := fore
			if !hasFore {
				one = sur
			}
			n := 0
			for _, r := range refNormalise(one) {
				if unicode.IsLetter(r) {
					n++
				}
			}
			if n >= refMinOneNameLetters {
				n := len(c.needles)
				add(one, "name", one, src)
				if len(c.needles) > n {
					c.needles[n].alone = true
				}
			}
		}
		if id.UPN != "" {
			add(id.UPN, "UPN", id.UPN, src)
		}
		if !id.DOB.IsZero() {
			d := id.DOB
			for _, v := range []string{d.Format("2006-01-02"), d.Format("02/01/2006"), d.Format("2/1/2006"), d.Format("20060102")} {
				add(v, "date of birth", d.Format("2006-01-02"), src)
			}
		}
	}
	return c
}

// refNormalise folds what escaping and typing vary: HTML entities, JSON and
// JavaScript \uXXXX escapes, invisible characters, Unicode composition,
// typed apostrophes, dashes and spaces, case and runs of spaces.
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
	s = norm.NFC.String(s)
	var b strings.Builder
	for _, r := range s {
		b.WriteString(refFoldRune(r))
	}
	return refLowerCollapse(b.String())
}

// refFoldRune is what authors type folded to what a data file spells:
// non-ASCII spaces to a space, dashes and the minus sign to '-', typographic
// apostrophes to an apostrophe, and invisible format characters to nothing.
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
	return string(r)
}

// refLowerCollapse lower-cases s and turns each run of spaces and no-break
// spaces into one space, in one pass: pages are indented with runs of
// spaces, and this runs over every byte a build writes.
func refLowerCollapse(s string) string {
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if c == ' ' {
				if !space {
					b = append(b, ' ')
				}
				space = true
				continue
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b, space = append(b, c), false
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == '\u00a0' {
			if !space {
				b = append(b, ' ')
			}
			space = true
			continue
		}
		b, space = utf8.AppendRune(b, unicode.ToLower(r)), false
	}
	return string(b)
}

var refJsEscape = regexp.MustCompile(`\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})|\\(['"/])`)

func refUnescapeJS(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
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

// refBytes scans one file's contents (looking inside it when it is a zip or
// XLSX workbook) and returns what it finds.
func (c *refChecker) refBytes(name string, b []byte) []Finding {
	if len(c.needles) == 0 {
		return nil
	}
	if refIsZip(b) {
		return c.refZip0(name, b)
	}
	hay := refNormalise(string(b))
	var out []Finding
	var seen map[int]bool
	// The last refKeyWords words, newest last: as each word arrives, try the
	// needles that end their key with it (starting with it, with the word
	// before, or with the two before).
	var win [refKeyWords]refSpan
	n := 0
	try := func(k int) { // k+1 words, starting at win[refKeyWords-1-k]
		first := win[refKeyWords-1-k]
		if c.first[first.hash%refFirstBits/64]&(1<<(first.hash%64)) == 0 {
			return
		}
		h := refHashSeed
		for _, w := range win[refKeyWords-1-k:] {
			h = refCombine(h, w.hash)
		}
		for _, ni := range c.byWords[k][h] {
			nd := c.needles[ni]
			from := first.start - nd.at
			if from >= 0 && !seen[ni] && strings.HasPrefix(hay[from:], nd.text) && refBoundary(hay, from, from+len(nd.text)) {
				if seen == nil {
					seen = map[int]bool{}
				}
				seen[ni] = true
				out = append(out, Finding{File: name, Kind: nd.kind, Value: nd.value, Pupil: nd.pupil, Alone: nd.alone})
			}
		}
	}
	for sp := range refWordSpans(hay) {
		copy(win[:], win[1:])
		win[refKeyWords-1] = sp
		n++
		for k := 0; k < refKeyWords && k < n; k++ {
			try(k)
		}
	}
	return out
}

// refSpan is one word of a normalised text: where it starts and its hash.
type refSpan struct {
	start int
	hash  uint64
}

// refWordSpans yields every word (run of letters and digits) of s.
func refWordSpans(s string) func(func(refSpan) bool) {
	return func(yield func(refSpan) bool) {
		for i := 0; i < len(s); {
			if c := s[i]; c < utf8.RuneSelf {
				if !refAsciiWord[c] {
					i++
					continue
				}
			} else if r, size := utf8.DecodeRuneInString(s[i:]); !refIsWord(r) {
				i += size
				continue
			}
			j := i
			for j < len(s) {
				if c := s[j]; c < utf8.RuneSelf {
					if !refAsciiWord[c] {
						break
					}
					j++
					continue
				}
				r, size := utf8.DecodeRuneInString(s[j:])
				if !refIsWord(r) {
					break
				}
				j += size
			}
			if !yield(refSpan{i, refHashWord(s[i:j])}) {
				return
			}
			i = j
		}
	}
}

var refAsciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range utf8.RuneSelf {
		t[c] = refIsWord(rune(c))
	}
	return t
}()

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

// refCombine adds a word's hash to the hash of the words before it.
func refCombine(h, w uint64) uint64 {
	h ^= w
	h *= 1099511628211
	return h ^ h>>29
}

func refIsWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// refBoundary reports whether a match stands alone: a name inside a longer
// word ("Ann Lee" in "Ann Leeds") is not that name.
func refBoundary(s string, i, j int) bool {
	if i > 0 {
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		first, _ := utf8.DecodeRuneInString(s[i:])
		if refIsWord(before) && refIsWord(first) {
			return false
		}
	}
	if j < len(s) {
		last, _ := utf8.DecodeLastRuneInString(s[:j])
		after, _ := utf8.DecodeRuneInString(s[j:])
		if refIsWord(last) && refIsWord(after) {
			return false
		}
	}
	return true
}

func refIsZip(b []byte) bool { return len(b) > 4 && string(b[:4]) == "PK\x03\x04" }

// refZip0 scans every member of an archive (an XLSX workbook is one).
func (c *refChecker) refZip0(name string, b []byte) []Finding { return c.refZip(name, b, nil) }

// refZip scans the members of the archive b, passing over those for which
// skip (when not nil) returns true: a build that scanned a file when it
// wrote it need not unpack and scan it again inside the zip that reuses it.
// A file that is not a readable zip is scanned as raw bytes.
func (c *refChecker) refZip(name string, b []byte, skip func(*zip.FileHeader) bool) []Finding {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		// Not readable as a zip: scan the raw bytes rather than pass it.
		return c.refBytes(name+" (raw)", append([]byte{' '}, b...))
	}
	var out []Finding
	for _, f := range zr.File {
		if skip != nil && skip(&f.FileHeader) {
			continue
		}
		// Damaged members are scanned as far as they read (a change from
		// the old checker, made in both).
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
		out = append(out, c.refBytes(name+"!"+f.Name, inner)...)
	}
	return out
}
