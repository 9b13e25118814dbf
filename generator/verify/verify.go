// Package verify is the leak check of the non-named profiles: it scans
// built files, byte by byte and inside zips and XLSX workbooks, for the
// source data's pupil identities — names in several spellings and
// escapings, UPNs and dates of birth. A pack that passes holds none.
package verify

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"io"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/reportpack/reportpack/generator/model"
)

// Finding is one identity found in one file.
type Finding struct {
	File  string // slash path; "pack.zip!named/index.html" inside an archive
	Kind  string // "name", "UPN" or "date of birth"
	Value string // what was found, as the source data spells it
	Pupil string // the source row, "data/pupils.xlsx row 14", to trace it
}

func (f Finding) String() string {
	return fmt.Sprintf("%s: pupil %s %q (%s)", f.File, f.Kind, f.Value, f.Pupil)
}

// needle is one identifier to look for, in its normalised form.
type needle struct {
	text  string
	at    int // where its first word starts: a name may begin "</script>"
	kind  string
	value string
	pupil string
}

// Checker looks for a dataset's identities in files.
type Checker struct {
	needles []needle
	// byWords indexes needles by the hash of their first words (up to
	// keyWords of them; byWords[k-1] for needles keyed on k words). A scan
	// hashes the next few words at each word of a file and looks only at
	// the needles with that start: a date's "02" alone would match
	// thousands of dates, its three words one or two. Linear in the file,
	// whatever the number of pupils.
	byWords [keyWords]map[uint64][]int
	// first has a bit set for the hash of every needle's first word, so
	// that most words of a file (numbers, ordinary words) cost one load.
	first []uint64
}

// firstBits is the size of Checker.first in bits.
const firstBits = 1 << 20

// keyWords is how many leading words key a needle.
const keyWords = 3

// minNameLen keeps very short full names ("Al Li") from matching ordinary
// text by chance; they are still caught when spelt with a comma.
const minNameLen = 5

// New prepares a Checker for the pupils' identities.
func New(pupils []model.Pupil) *Checker {
	c := &Checker{first: make([]uint64, firstBits/64)}
	for i := range c.byWords {
		c.byWords[i] = map[uint64][]int{}
	}
	add := func(text, kind, value, pupil string) {
		text = normalise(text)
		// Key the needle as Bytes will meet it: by its first words, as
		// wordSpans splits them.
		k, h, at := 0, hashSeed, 0
		for sp := range wordSpans(text) {
			if k == 0 {
				at = sp.start
				c.first[sp.hash%firstBits/64] |= 1 << (sp.hash % 64)
			}
			k, h = k+1, combine(h, sp.hash)
			if k == keyWords {
				break
			}
		}
		if k == 0 {
			return // no word to find it by
		}
		c.byWords[k-1][h] = append(c.byWords[k-1][h], len(c.needles))
		c.needles = append(c.needles, needle{text, at, kind, value, pupil})
	}
	for _, p := range pupils {
		src := p.Src.File
		if p.Src.Row > 0 {
			src += " row " + strconv.Itoa(p.Src.Row)
		}
		id := p.ID
		fore, sur := strings.TrimSpace(id.Forename), strings.TrimSpace(id.Surname)
		full := strings.TrimSpace(fore + " " + sur)
		if fore != "" && sur != "" {
			for _, v := range []string{fore + " " + sur, sur + " " + fore, sur + ", " + fore, sur + "," + fore, fore + "\t" + sur, sur + "\t" + fore} {
				if len(v) >= minNameLen || strings.Contains(v, ",") {
					add(v, "name", full, src)
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

// normalise folds what escaping and typing vary: HTML entities, JSON and
// JavaScript \uXXXX escapes, Unicode composition, case and runs of spaces.
func normalise(s string) string {
	s = strings.ToValidUTF8(s, " ")
	s = unescapeJS(s)
	s = html.UnescapeString(s)
	s = norm.NFC.String(s)
	return lowerCollapse(s)
}

// lowerCollapse lower-cases s and turns each run of spaces and no-break
// spaces into one space, in one pass: pages are indented with runs of
// spaces, and this runs over every byte a build writes.
func lowerCollapse(s string) string {
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

var jsEscape = regexp.MustCompile(`\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})|\\(['"/])`)

func unescapeJS(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	return jsEscape.ReplaceAllStringFunc(s, func(m string) string {
		switch {
		case strings.HasPrefix(m, `\u`), strings.HasPrefix(m, `\x`):
			n, _ := strconv.ParseUint(m[2:], 16, 32)
			return string(rune(n))
		default:
			return m[1:]
		}
	})
}

// Bytes scans one file's contents (looking inside it when it is a zip or
// XLSX workbook) and returns what it finds.
func (c *Checker) Bytes(name string, b []byte) []Finding {
	if len(c.needles) == 0 {
		return nil
	}
	if isZip(b) {
		return c.zip(name, b)
	}
	hay := normalise(string(b))
	var out []Finding
	var seen map[int]bool
	// The last keyWords words, newest last: as each word arrives, try the
	// needles that end their key with it (starting with it, with the word
	// before, or with the two before).
	var win [keyWords]span
	n := 0
	try := func(k int) { // k+1 words, starting at win[keyWords-1-k]
		first := win[keyWords-1-k]
		if c.first[first.hash%firstBits/64]&(1<<(first.hash%64)) == 0 {
			return
		}
		h := hashSeed
		for _, w := range win[keyWords-1-k:] {
			h = combine(h, w.hash)
		}
		for _, ni := range c.byWords[k][h] {
			nd := c.needles[ni]
			from := first.start - nd.at
			if from >= 0 && !seen[ni] && strings.HasPrefix(hay[from:], nd.text) && boundary(hay, from, from+len(nd.text)) {
				if seen == nil {
					seen = map[int]bool{}
				}
				seen[ni] = true
				out = append(out, Finding{File: name, Kind: nd.kind, Value: nd.value, Pupil: nd.pupil})
			}
		}
	}
	for sp := range wordSpans(hay) {
		copy(win[:], win[1:])
		win[keyWords-1] = sp
		n++
		for k := 0; k < keyWords && k < n; k++ {
			try(k)
		}
	}
	return out
}

// span is one word of a normalised text: where it starts and its hash.
type span struct {
	start int
	hash  uint64
}

// wordSpans yields every word (run of letters and digits) of s.
func wordSpans(s string) func(func(span) bool) {
	return func(yield func(span) bool) {
		for i := 0; i < len(s); {
			if c := s[i]; c < utf8.RuneSelf {
				if !asciiWord[c] {
					i++
					continue
				}
			} else if r, size := utf8.DecodeRuneInString(s[i:]); !isWord(r) {
				i += size
				continue
			}
			j := i
			for j < len(s) {
				if c := s[j]; c < utf8.RuneSelf {
					if !asciiWord[c] {
						break
					}
					j++
					continue
				}
				r, size := utf8.DecodeRuneInString(s[j:])
				if !isWord(r) {
					break
				}
				j += size
			}
			if !yield(span{i, hashWord(s[i:j])}) {
				return
			}
			i = j
		}
	}
}

var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range utf8.RuneSelf {
		t[c] = isWord(rune(c))
	}
	return t
}()

// hashWord is FNV-1a of a word.
func hashWord(w string) uint64 {
	h := hashSeed
	for i := 0; i < len(w); i++ {
		h ^= uint64(w[i])
		h *= 1099511628211
	}
	return h
}

const hashSeed uint64 = 14695981039346656037

// combine adds a word's hash to the hash of the words before it.
func combine(h, w uint64) uint64 {
	h ^= w
	h *= 1099511628211
	return h ^ h>>29
}

func isWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// boundary reports whether a match stands alone: a name inside a longer
// word ("Ann Lee" in "Ann Leeds") is not that name.
func boundary(s string, i, j int) bool {
	if i > 0 {
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		first, _ := utf8.DecodeRuneInString(s[i:])
		if isWord(before) && isWord(first) {
			return false
		}
	}
	if j < len(s) {
		last, _ := utf8.DecodeLastRuneInString(s[:j])
		after, _ := utf8.DecodeRuneInString(s[j:])
		if isWord(last) && isWord(after) {
			return false
		}
	}
	return true
}

func isZip(b []byte) bool { return len(b) > 4 && string(b[:4]) == "PK\x03\x04" }

// zip scans every member of an archive (an XLSX workbook is one).
func (c *Checker) zip(name string, b []byte) []Finding { return c.Zip(name, b, nil) }

// Zip scans the members of the archive b, passing over those for which
// skip (when not nil) returns true: a build that scanned a file when it
// wrote it need not unpack and scan it again inside the zip that reuses it.
// A file that is not a readable zip is scanned as raw bytes.
func (c *Checker) Zip(name string, b []byte, skip func(*zip.FileHeader) bool) []Finding {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		// Not readable as a zip: scan the raw bytes rather than pass it.
		return c.Bytes(name+" (raw)", append([]byte{' '}, b...))
	}
	var out []Finding
	for _, f := range zr.File {
		if skip != nil && skip(&f.FileHeader) {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			continue
		}
		inner, err := io.ReadAll(io.LimitReader(rc, 1<<30))
		rc.Close()
		if err != nil {
			continue
		}
		out = append(out, c.Bytes(name+"!"+f.Name, inner)...)
	}
	return out
}

// FS scans every file under root in fsys.
func (c *Checker) FS(fsys fs.FS, root string) ([]Finding, error) {
	var out []Finding
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		out = append(out, c.Bytes(path.Clean(p), b)...)
		return nil
	})
	return out, err
}
