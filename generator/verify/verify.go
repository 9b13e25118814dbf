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
	// byFirst indexes needles by their first word, so a scan tries at each
	// word of a file only the needles that start with it: linear in the
	// file, whatever the number of pupils.
	byFirst map[string][]int
}

// minNameLen keeps very short full names ("Al Li") from matching ordinary
// text by chance; they are still caught when spelt with a comma.
const minNameLen = 5

// New prepares a Checker for the pupils' identities.
func New(pupils []model.Pupil) *Checker {
	c := &Checker{byFirst: map[string][]int{}}
	add := func(text, kind, value, pupil string) {
		text = normalise(text)
		first, at := firstWord(text)
		if first == "" {
			return
		}
		c.byFirst[first] = append(c.byFirst[first], len(c.needles))
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
	s = strings.ToLower(s)
	return spaces.ReplaceAllString(s, " ")
}

var spaces = regexp.MustCompile(`[ \x{a0}]+`)
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
	var out []Finding
	seen := map[int]bool{}
	hay := normalise(string(b))
	for start := 0; start < len(hay); {
		// Find the next word: a run of letters and digits.
		r, size := utf8.DecodeRuneInString(hay[start:])
		if !isWord(r) {
			start += size
			continue
		}
		end := start
		for end < len(hay) {
			r, size := utf8.DecodeRuneInString(hay[end:])
			if !isWord(r) {
				break
			}
			end += size
		}
		for _, i := range c.byFirst[hay[start:end]] {
			n := c.needles[i]
			from := start - n.at
			if !seen[i] && from >= 0 && strings.HasPrefix(hay[from:], n.text) && boundary(hay, from, from+len(n.text)) {
				seen[i] = true
				out = append(out, Finding{File: name, Kind: n.kind, Value: n.value, Pupil: n.pupil})
			}
		}
		start = end
	}
	return out
}

func isWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// firstWord is the first run of letters and digits of a normalised needle,
// and where it starts.
func firstWord(s string) (string, int) {
	start := 0
	for start < len(s) {
		r, size := utf8.DecodeRuneInString(s[start:])
		if isWord(r) {
			break
		}
		start += size
	}
	end := start
	for end < len(s) {
		r, size := utf8.DecodeRuneInString(s[end:])
		if !isWord(r) {
			break
		}
		end += size
	}
	return s[start:end], start
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
func (c *Checker) zip(name string, b []byte) []Finding {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		// Not readable as a zip: scan the raw bytes rather than pass it.
		return c.Bytes(name+" (raw)", append([]byte{' '}, b...))
	}
	var out []Finding
	for _, f := range zr.File {
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
