// Package verify is the leak check of the non-named profiles: it scans
// built files, byte by byte, as their pages read, and inside zips and XLSX
// workbooks, for the source data's pupil identities — names in several
// spellings and escapings, UPNs and dates of birth. A pack that passes
// holds none.
package verify

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"html"
	"io"
	"io/fs"
	"math"
	"math/bits"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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
	Alone bool   // a name the data gives in one part (see NotNames)
}

func (f Finding) String() string {
	return fmt.Sprintf("%s: pupil %s %q (%s)", f.File, f.Kind, f.Value, f.Pupil)
}

// Kinds of identifier, as Finding.Kind names them.
const (
	kindName uint8 = iota
	kindUPN
	kindDOB
)

var kindNames = [...]string{kindName: "name", kindUPN: "UPN", kindDOB: "date of birth"}

// needle is one identifier to look for, in its normalised form. There are
// about eleven per pupil, so it is small and holds no pointer (the garbage
// collector need not look inside a million of them): its text is in
// Checker.text, and what a finding reports is once per pupil in
// Checker.who.
type needle struct {
	key    uint64 // the hash of its key: its first keyWords words, or all
	off, n uint32 // its text is Checker.text[off:off+n]
	at     int32  // where its first word starts: a name may begin "</script>"
	next   int32  // the next needle with the same key, or -1
	who    int32  // index into Checker.who
	kind   uint8
	keyLen uint8 // how many words key it, 1 to keyWords
	alone  bool  // a name given in one part (see Vocabulary)
	markup bool  // and a word of the vocabulary's markup: looked for in text only
}

// ident is what a finding reports of one pupil.
type ident struct {
	name, upn, dob string // as Finding.Value spells them
	src            string // as Finding.Pupil
}

// Checker looks for a dataset's identities in files. It is safe for
// concurrent use.
type Checker struct {
	needles []needle
	text    []byte // the needles' normalised texts
	who     []ident
	// shipped holds the SHA-256 of each file reportpack ships (see
	// Shipped), by size: most files' sizes match none, and cost no hash.
	shipped map[int][][sha256.Size]byte
	// heads maps the hash of a needle's key (its first keyWords words, or
	// all of them when it has fewer) to the first needle with that key;
	// the rest follow needle.next, in the order New made them. A scan
	// hashes the last few words at each word of a file and looks only at
	// the needles with that key: a date's "02" alone would match thousands
	// of dates, its three words one or two. Linear in the file, whatever
	// the number of pupils.
	heads heads
	// first has a bit set for the hash of every needle's first word, so
	// that most words of a file (numbers, ordinary words) cost one load.
	first filter
	// keys has a bit set for every key prefix of two or more words and
	// every whole key (each salted by its role), so that a word that
	// continues no needle's key costs a load or two, not a map lookup.
	keys filter
}

// filter is a one-hash Bloom filter: no false negatives, so it only ever
// skips map lookups that could not succeed.
type filter struct {
	bits  []uint64
	shift uint8
}

func newFilter(entries int, minLog, maxLog int) filter {
	// About 8 bits an entry: a few per cent false positives.
	lg := bits.Len(uint(max(entries, 1))*8 - 1)
	lg = max(minLog, min(maxLog, lg))
	return filter{bits: make([]uint64, 1<<lg/64), shift: uint8(64 - lg)}
}

func (f *filter) index(h uint64) uint64 { return (h * 0x9e3779b97f4a7c15) >> f.shift }

func (f *filter) has(h uint64) bool {
	i := f.index(h)
	return f.bits[i/64]&(1<<(i%64)) != 0
}

func (f *filter) add(h uint64) {
	i := f.index(h)
	f.bits[i/64] |= 1 << (i % 64)
}

// heads is a hash table of needles by key: open addressing with linear
// probing, each slot a needle's index or -1. It is quicker to build, and
// smaller, than a map of a million keys.
type heads struct {
	slots []int32
	shift uint8
}

func newHeads(keys int) heads {
	lg := max(4, bits.Len(uint(max(keys, 1))*2-1)) // at most half full
	h := heads{slots: make([]int32, 1<<lg), shift: uint8(64 - lg)}
	for i := range h.slots {
		h.slots[i] = -1
	}
	return h
}

// slot is where key's chain starts, or the empty slot where it would.
func (h *heads) slot(needles []needle, key uint64) uint64 {
	mask := uint64(len(h.slots) - 1)
	for i := (key * 0x9e3779b97f4a7c15) >> h.shift; ; i = (i + 1) & mask {
		if ni := h.slots[i]; ni < 0 || needles[ni].key == key {
			return i
		}
	}
}

// Salts set apart the roles of a hash in Checker.keys.
const (
	saltPrefix2 uint64 = 0x243f6a8885a308d3 // the first two words of a longer key
	saltPrefix3 uint64 = 0x13198a2e03707344 // a key of three words (always whole)
	saltWhole1  uint64 = 0xa4093822299f31d0 // a key of one word
	saltWhole2  uint64 = 0x082efa98ec4e6c89 // a key of two words
)

// keyWords is how many leading words key a needle.
const keyWords = 3

// minNameLen keeps very short full names ("Al Li") from matching ordinary
// text by chance; they are still caught when spelt with a comma.
const minNameLen = 5

// minOneNameLetters is the fewest letters a name given in one part (see
// needleRun.pupils) must have to be looked for: alone, "Ali" or "Zoë" is
// too likely a word of some page or script.
const minOneNameLetters = 4

// needlesPerPupil bounds how many needles New makes of one pupil: six
// spellings of the name (or one, of a name in one part), the UPN and four
// of the date of birth.
const needlesPerPupil = 11

// Option sets how New prepares a Checker.
type Option func(*options)

type options struct {
	vocabulary [][]byte
	notNames   []string
	shipped    [][]byte
}

// NotNames gives ordinary words (or phrases) of a site's commentary that
// are also some pupil's whole name, given in one part: a blank forename
// and the surname "Young", of "young people". Such a name is not looked
// for alone, wherever it is; a name in two parts always is.
func NotNames(words ...string) Option {
	return func(o *options) { o.notNames = append(o.notNames, words...) }
}

// Shipped gives the files that reportpack itself ships, such as its
// theme's scripts and styles: a file (or archive member) with exactly the
// bytes of one holds nothing of the data, and is not scanned. A word of
// ECharts is not a pupil's name, even when a pupil's only name is that word.
func Shipped(files ...[]byte) Option {
	return func(o *options) { o.shipped = append(o.shipped, files...) }
}

// Vocabulary gives the text that every page prints whatever its pupils:
// the theme's layouts, the labels of groups and measures, the names of the
// schools. A pupil's name given in one part that is a single word of it
// ("White", an ethnic group; "Mark", of St Mark's) is not looked for
// alone: finding it would say nothing of the pupil, and fail every build.
// The texts are read as HTML: a name that is a word only of their markup
// (a tag or attribute, a script or style: "lang", "main") is looked for in
// the text of pages (HTMLText), not in raw bytes, where every page's
// markup holds it. The words of shipped files are neither (see Shipped).
// The texts are split into words only when some pupil's name is in one
// part.
func Vocabulary(texts ...[]byte) Option {
	return func(o *options) { o.vocabulary = append(o.vocabulary, texts...) }
}

// New prepares a Checker for the pupils' identities.
func New(pupils []model.Pupil, opts ...Option) *Checker {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	c := &Checker{who: make([]ident, len(pupils)), shipped: map[int][][sha256.Size]byte{}}
	for _, f := range o.shipped {
		c.shipped[len(f)] = append(c.shipped[len(f)], sha256.Sum256(f))
	}
	// Pupils are independent: workers make the needles of runs of them,
	// each run in its own part of needles, and the parts are joined in
	// order so that needles (and so findings) come in the same order
	// whatever the number of workers.
	const run = 1024
	needles := make([]needle, len(pupils)*needlesPerPupil)
	runs := make([]needleRun, (len(pupils)+run-1)/run)
	var wg sync.WaitGroup
	var nextRun atomic.Int64
	for range min(runtime.GOMAXPROCS(0), len(runs)) {
		wg.Go(func() {
			var raw []byte
			for {
				r := int(nextRun.Add(1) - 1)
				if r >= len(runs) {
					return
				}
				lo, hi := r*run, min((r+1)*run, len(pupils))
				nr := &runs[r]
				nr.needles = needles[lo*needlesPerPupil : lo*needlesPerPupil : hi*needlesPerPupil]
				raw = nr.pupils(c.who, pupils, lo, hi, raw)
			}
		})
	}
	wg.Wait()
	n, size := 0, 0
	for _, r := range runs {
		size += len(r.text)
	}
	if uint64(size) > math.MaxUint32 {
		panic("verify: the pupils' names are too long to index")
	}
	c.text = make([]byte, 0, size)
	for _, r := range runs {
		for i := range r.needles {
			r.needles[i].off += uint32(len(c.text))
		}
		n += copy(needles[n:], r.needles)
		c.text = append(c.text, r.text...)
	}
	c.needles = dropVocabulary(needles[:n], c.text, o.vocabulary, o.notNames)
	n = len(c.needles)
	// The filters (from the needles' words, split again) and the chains of
	// needles that share a key, side by side.
	c.first, c.keys = newFilter(n, 12, 21), newFilter(2*n, 12, 25)
	wg.Go(func() {
		for i := range c.needles {
			nd := &c.needles[i]
			t := c.text[nd.off : nd.off+nd.n]
			h := hashSeed
			for k, w := 0, 0; k < int(nd.keyLen); k++ {
				_, end, wh := nextWord(t, w)
				h, w = combine(h, wh), end
				switch k {
				case 0:
					c.first.add(h)
				case 1:
					c.keys.add(h ^ saltPrefix2)
				}
			}
			c.keys.add(h ^ [...]uint64{1: saltWhole1, 2: saltWhole2, 3: saltPrefix3}[nd.keyLen])
		}
	})
	// Chained from the last, so that each needle goes in front of those
	// after it.
	c.heads = newHeads(n)
	for i := n - 1; i >= 0; i-- {
		s := c.heads.slot(c.needles, c.needles[i].key)
		c.needles[i].next = c.heads.slots[s]
		c.heads.slots[s] = int32(i)
	}
	wg.Wait()
	return c
}

// needleRun is the needles New's workers make of a run of pupils.
type needleRun struct {
	needles []needle
	text    []byte // their texts; needle.off is within it
}

// pupils makes the needles of pupils[lo:hi], appending them to nr's
// slices (which have room for needlesPerPupil each), and fills in
// who[lo:hi]. It returns raw, its scratch space.
func (nr *needleRun) pupils(who []ident, pupils []model.Pupil, lo, hi int, raw []byte) []byte {
	size := 0
	for i := lo; i < hi; i++ {
		id := &pupils[i].ID
		size += 6*(len(id.Forename)+len(id.Surname)+2) + len(id.UPN) + 4*len("2006-01-02")
	}
	nr.text = make([]byte, 0, size)
	for i := lo; i < hi; i++ {
		p := &pupils[i]
		src := p.Src.File
		if p.Src.Row > 0 {
			src += " row " + strconv.Itoa(p.Src.Row)
		}
		id := &who[i]
		id.src = src
		fore, sur := strings.TrimSpace(p.ID.Forename), strings.TrimSpace(p.ID.Surname)
		hasFore, hasSur := !blankName(fore), !blankName(sur)
		switch {
		case hasFore && hasSur:
			id.name = fore + " " + sur
			for _, v := range [...][3]string{{fore, " ", sur}, {sur, " ", fore}, {sur, ", ", fore}, {sur, ",", fore}, {fore, "\t", sur}, {sur, "\t", fore}} {
				raw = append(append(append(raw[:0], v[0]...), v[1]...), v[2]...)
				if len(raw) >= minNameLen || bytes.IndexByte(raw, ',') >= 0 {
					nr.add(raw, kindName, i, 0)
				}
			}
		case hasFore || hasSur:
			// A mononym, or a whole name in one column: the part given is
			// the name, found alone (as whole words) when long enough.
			id.name = fore
			if !hasFore {
				id.name = sur
			}
			if nr.add(append(raw[:0], id.name...), kindName, i, minOneNameLetters) {
				nr.needles[len(nr.needles)-1].alone = true
			}
		}
		if p.ID.UPN != "" {
			id.upn = p.ID.UPN
			nr.add(append(raw[:0], p.ID.UPN...), kindUPN, i, 0)
		}
		if d := p.ID.DOB; !d.IsZero() {
			id.dob = d.Format("2006-01-02")
			nr.add(append(raw[:0], id.dob...), kindDOB, i, 0)
			for _, layout := range [...]string{"02/01/2006", "2/1/2006", "20060102"} {
				raw = d.AppendFormat(raw[:0], layout)
				nr.add(raw, kindDOB, i, 0)
			}
		}
	}
	return raw
}

// add makes a needle of raw, keyed as Bytes will meet it: by its first
// words as nextWord splits its normalised form. It makes none when that
// form has fewer than minLetters letters, and reports whether it made one.
func (nr *needleRun) add(raw []byte, kind uint8, who, minLetters int) bool {
	off := len(nr.text)
	nr.text = appendNormal(nr.text, raw)
	t := nr.text[off:]
	if minLetters > 0 && letters(t) < minLetters {
		nr.text = nr.text[:off]
		return false
	}
	k, h, at := 0, hashSeed, 0
	for i := 0; k < keyWords; k++ {
		ws, we, wh := nextWord(t, i)
		if ws == len(t) {
			break
		}
		if k == 0 {
			at = ws
		}
		h, i = combine(h, wh), we
	}
	if k == 0 {
		nr.text = nr.text[:off] // no word to find it by
		return false
	}
	nr.needles = append(nr.needles, needle{key: h, off: uint32(off), n: uint32(len(t)), at: int32(at), next: -1, who: int32(who), kind: kind, keyLen: uint8(k)})
	return true
}

// dropVocabulary drops the needles of names given in one part that are one
// of notNames (see NotNames) or a single word of the vocabulary's text, and
// marks those that are a word only of its markup (see Vocabulary), keeping
// the others in order. text holds the needles' texts. The vocabulary is
// split into words only when such a needle exists, and only its words are
// kept.
func dropVocabulary(needles []needle, text []byte, vocabulary [][]byte, notNames []string) []needle {
	if len(notNames) > 0 {
		not := map[string]bool{}
		for _, w := range notNames {
			not[strings.TrimSpace(normalise(w))] = true
		}
		kept := needles[:0]
		for _, nd := range needles {
			if !nd.alone || !not[string(text[nd.off:nd.off+nd.n])] {
				kept = append(kept, nd)
			}
		}
		needles = kept
	}
	if len(vocabulary) == 0 {
		return needles
	}
	// The needles that are one word, and where their words are: in the
	// vocabulary's text, or only in its markup.
	const inMarkup, inText = 1, 2
	found := map[uint64]uint8{}
	word := map[int]uint64{}
	for i := range needles {
		nd := &needles[i]
		if !nd.alone {
			continue
		}
		t := text[nd.off : nd.off+nd.n]
		_, end, h := nextWord(t, 0)
		if next, _, _ := nextWord(t, end); next == len(t) {
			found[h], word[i] = 0, h
		}
	}
	if len(found) == 0 {
		return needles
	}
	mark := func(b []byte, where uint8) {
		for i := 0; ; {
			start, end, h := nextWord(b, i)
			if start == len(b) {
				return
			}
			if f, ok := found[h]; ok {
				found[h] = max(f, where)
			}
			i = end
		}
	}
	var txt, buf []byte
	for _, v := range vocabulary {
		buf = appendNormal(buf[:0], v)
		mark(buf, inMarkup)
		txt, _ = appendHTMLText(txt[:0], v, true)
		buf = appendNormal(buf[:0], txt)
		mark(buf, inText)
	}
	kept := needles[:0]
	for i, nd := range needles {
		if h, ok := word[i]; ok {
			if found[h] == inText {
				continue
			}
			nd.markup = found[h] == inMarkup
		}
		kept = append(kept, nd)
	}
	return kept
}

// blankName reports whether a part of a name is missing: it has no letter
// or digit once normalised (empty, spaces, invisible characters, "-"), or
// it is what data systems put for a missing name ("N/A", "Unknown"). Then
// the other part is looked for alone: "N/A Okafor" holds "Okafor". s is
// trimmed of spaces.
func blankName(s string) bool {
	// Most parts are plain ASCII, which normalising only lower-cases and
	// collapses: do that here, without a string per part of every pupil.
	var low [16]byte
	n, word := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !plain[c] {
			n = -1
			break
		}
		word = word || asciiWord[c]
		switch {
		case n < 0, c == ' ' && (n == 0 || low[n-1] == ' '):
		case n == len(low):
			n = -2 // too long to be a placeholder
		default:
			low[n], n = lowerASCII[c], n+1
		}
	}
	switch {
	case n == -1:
		t := strings.TrimSpace(normalise(s))
		return !strings.ContainsFunc(t, isWord) || placeholders[t]
	case !word:
		return true
	case n < 0:
		return false
	}
	for n > 0 && low[n-1] == ' ' {
		n--
	}
	return placeholders[string(low[:n])]
}

// placeholders are the normalised texts that stand for a missing name.
var placeholders = map[string]bool{
	"n/a": true, "na": true, "n.a.": true, "nk": true, "n/k": true, "not known": true, "unknown": true,
	"null": true, "none": true, "tbc": true, "tba": true, "x": true, "xx": true, "xxx": true,
}

// letters counts the letters of a normalised text.
func letters(t []byte) int {
	n := 0
	for i := 0; i < len(t); {
		if c := t[i]; c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
				n++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(t[i:])
		if unicode.IsLetter(r) {
			n++
		}
		i += size
	}
	return n
}

// normalise folds what escaping and typing vary: HTML entities, JSON and
// JavaScript \uXXXX escapes, typographic apostrophes, dashes, spaces and
// invisible characters, Unicode composition, case and runs of spaces.
func normalise(s string) string {
	return string(appendNormal(nil, []byte(s)))
}

// appendNormal appends the normalised form of s to dst: it undoes JSON and
// JavaScript escapes (\uXXXX, \xXX, \' \" \/), then HTML entities, then
// drops invisible characters, then composes (NFC), then lower-cases, folds
// typographic apostrophes and dashes (see foldRune) and turns each run of
// spaces (any Unicode space) into one space.
//
// Most of what a build writes is ASCII with neither '&' nor '\': such bytes
// are only lower-cased and their spaces collapsed, in one pass. The rest are
// handed, a short region at a time, to the full pipeline (unescapeRegion).
// A region starts and ends at a cut (see cut) across which no escape,
// entity, invalid UTF-8 sequence or composition can reach, so that the
// pipeline gives for the whole text what it gives for its regions and the
// plain bytes between them; the differential tests hold it to that.
func appendNormal(dst, s []byte) []byte {
	space := false
	for i := 0; i < len(s); {
		sp := space
		var j int
		dst, j = appendPlain(dst, s, i, &space)
		if j == len(s) {
			break
		}
		// The region starts at the cut before s[j]: take back what the
		// plain bytes after the cut added.
		a := j
		for a > i && !cut(s, a) {
			a--
		}
		if a > i {
			sp = s[a-1] == ' '
		}
		dst, space = dst[:len(dst)-lowerCollapsedLen(s[a:j], sp)], sp
		b := j + 1
		for b < len(s) && !cut(s, b) {
			b++
		}
		dst = appendLowerCollapse(dst, unescapeRegion(s[a:b]), &space)
		i = b
	}
	return dst
}

// cut reports whether the unescaping pipeline may split s before s[p]:
// s[p-1] can neither be inside an escape or entity that runs on past it
// (it is no letter, digit, '&', '#', ';' or '\') nor be changed by what
// follows, and s[p] is plain ASCII, which nothing before it composes with
// (so it is a boundary for NFC) and which begins no escape.
func cut(s []byte, p int) bool { return cutAfter[s[p-1]] && plain[s[p]] }

// unescapeRegion runs the whole unescaping pipeline, all but the case and
// spaces, over a region of text.
func unescapeRegion(b []byte) string {
	s := strings.ToValidUTF8(string(b), " ")
	s = unescapeJS(s)
	s = html.UnescapeString(s)
	s = dropInvisible(s)
	return norm.NFC.String(s)
}

// dropInvisible drops the invisible characters (see foldRune) of s. It
// runs before NFC, so that a mark composes across one as it would had it
// not been typed; foldRune's other folds, to ASCII that composes with
// nothing, wait for appendLowerCollapse. Every rune it drops is non-ASCII,
// inside a region: rune by rune, it is the same whatever the cuts.
func dropInvisible(s string) string {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if mayFold(r) && foldRare(r) < 0 {
			return s[:i] + strings.Map(keepVisible, s[i:])
		}
		i += size
	}
	return s
}

func keepVisible(r rune) rune {
	if foldRune(r) < 0 {
		return -1
	}
	return r
}

// foldRune folds what word processors and keyboards put for what a data
// file spells in ASCII: a Unicode space (U+2009, U+202F, U+3000...) is a
// space, a dash (U+2010, U+2011, U+2013...) or minus sign a hyphen, a
// typographic apostrophe (U+2019...) an apostrophe, and an invisible format
// character (soft hyphen, zero-width space and joiners, word joiner, BOM,
// direction marks) is dropped (-1).
func foldRune(r rune) rune {
	if !mayFold(r) {
		return r
	}
	return foldRare(r)
}

// mayFold reports whether foldRune may change r: for most runes, one load
// (and inlined, where foldRune is not).
func mayFold(r rune) bool {
	return r >= 0x10000 || foldBits[uint16(r)>>6]>>(uint16(r)&63)&1 != 0
}

func foldRare(r rune) rune {
	switch {
	case unicode.Is(unicode.Cf, r):
		return -1
	case unicode.IsSpace(r):
		return ' '
	case unicode.Is(unicode.Pd, r), r == '\u2212':
		return '-'
	case strings.ContainsRune(apostrophes, r):
		return '\''
	}
	return r
}

// apostrophes are what is typed for the apostrophe of "O'Brien": quotation
// marks, prime, modifier letter, acute accent and the full-width form.
const apostrophes = "\u2018\u2019\u201b\u2032\u02bc\u00b4\uff07"

// foldBits has a bit set for every rune below U+10000 that foldRune may
// change.
var foldBits [0x10000 / 64]uint64

var (
	// plain is the ASCII bytes but '&' and '\': those that normalising
	// only lower-cases.
	plain [256]bool
	// cutAfter is the plain bytes no escape or entity continues through.
	cutAfter [256]bool
	// lowerASCII lower-cases an ASCII byte.
	lowerASCII [utf8.RuneSelf]byte
)

func init() {
	for c := range utf8.RuneSelf {
		plain[c] = c != '&' && c != '\\'
		cutAfter[c] = plain[c] && !asciiWord[c] && c != '#' && c != ';'
		lowerASCII[c] = byte(unicode.ToLower(rune(c)))
	}
	set := func(r rune) {
		if r >= utf8.RuneSelf && r < 0x10000 {
			foldBits[r/64] |= 1 << (r % 64)
		}
	}
	for _, t := range []*unicode.RangeTable{unicode.Cf, unicode.White_Space, unicode.Pd} {
		for _, rg := range t.R16 {
			for r := rune(rg.Lo); r <= rune(rg.Hi); r += rune(rg.Stride) {
				set(r)
			}
		}
	}
	for _, r := range apostrophes + "\u2212" {
		set(r)
	}
}

// appendPlain appends the normalised form of the plain bytes of s from i
// up to the first byte that is not plain, and returns the index of that
// byte (len(s) if none). *space says whether dst ends in a run of spaces,
// and is kept up to date. It takes eight bytes at a time when they hold no
// run of spaces: they are only lower-cased.
func appendPlain(dst, s []byte, i int, space *bool) ([]byte, int) {
	n := len(dst)
	dst = slices.Grow(dst, len(s)-i)[:n+len(s)-i] // the output is no longer
	sp := *space
	for ; i+8 <= len(s); i += 8 {
		v := binary.LittleEndian.Uint64(s[i:])
		if v&highBits != 0 || hasByte(v, '&') || hasByte(v, '\\') {
			break // the bytes up to it are taken one at a time below
		}
		spaces := byteMask(v, ' ') // may mark more bytes than are spaces
		prev := spaces << 8
		if sp {
			prev |= 0x80
		}
		if spaces&prev == 0 {
			binary.LittleEndian.PutUint64(dst[n:], lowerSWAR(v))
			n += 8
			sp = v>>56 == ' '
			continue
		}
		for _, c := range s[i : i+8] {
			if c != ' ' || !sp {
				dst[n] = lowerASCII[c]
				n++
			}
			sp = c == ' '
		}
	}
	for ; i < len(s) && plain[s[i]]; i++ {
		c := s[i]
		if c != ' ' || !sp {
			dst[n] = lowerASCII[c]
			n++
		}
		sp = c == ' '
	}
	*space = sp
	return dst[:n], i
}

// lowerCollapsedLen is the length of the normalised form of plain bytes,
// *space being sp before them.
func lowerCollapsedLen(s []byte, sp bool) int {
	n := 0
	for _, c := range s {
		if c != ' ' || !sp {
			n++
		}
		sp = c == ' '
	}
	return n
}

const (
	lowBits  = 0x0101010101010101
	highBits = 0x8080808080808080
)

// byteMask has the high bit set of each byte of v that is c, and perhaps of
// bytes above one that is (a borrow runs on): never of none.
func byteMask(v uint64, c byte) uint64 {
	x := v ^ lowBits*uint64(c)
	return (x - lowBits) &^ x & highBits
}

// hasByte reports whether any byte of v is c.
func hasByte(v uint64, c byte) bool { return byteMask(v, c) != 0 }

// lowerSWAR lower-cases eight ASCII bytes at once.
func lowerSWAR(v uint64) uint64 {
	// With every byte below 0x80 the sums carry into no other byte.
	atLeastA := (v + lowBits*(0x80-'A')) & highBits
	aboveZ := (v + lowBits*(0x80-'Z'-1)) & highBits
	return v | (atLeastA&^aboveZ)>>2 // 0x80>>2 is 'a'-'A'
}

// appendLowerCollapse lower-cases s, folds its typed characters (see
// foldRune) and turns each run of spaces (any Unicode space) into one
// space; *space says whether dst ends in such a run, and is kept up to
// date.
func appendLowerCollapse(dst []byte, s string, space *bool) []byte {
	sp := *space
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if c == ' ' {
				if !sp {
					dst = append(dst, ' ')
				}
				sp = true
				continue
			}
			dst, sp = append(dst, lowerASCII[c]), false
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if !mayFold(r) {
			dst, sp = utf8.AppendRune(dst, unicode.ToLower(r)), false
			continue
		}
		switch f := foldRare(r); {
		case f == r:
			dst, sp = utf8.AppendRune(dst, unicode.ToLower(r)), false
		case f == ' ':
			if !sp {
				dst = append(dst, ' ')
			}
			sp = true
		case f >= 0:
			dst, sp = append(dst, byte(f)), false
		}
	}
	*space = sp
	return dst
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

// scratch holds the buffers Bytes normalises files into and Zip inflates
// members into, so that scanning a build allocates little.
var scratch = sync.Pool{New: func() any { return new([]byte) }}

// maxScratch is the largest buffer put back in scratch: a rare huge file
// should not stay in memory for the rest of the build.
const maxScratch = 64 << 20

func putScratch(b *[]byte) {
	if cap(*b) <= maxScratch {
		*b = (*b)[:0]
		scratch.Put(b)
	}
}

// File scans a file named name as Bytes does and, when it is an HTML page
// (.html, .htm) in which Bytes finds nothing, its text as a reader sees it
// (see HTMLText): "<b>John</b> Smith" is a name in a page. A file that
// reportpack ships (see Shipped) is passed over. Zip members and FS's
// files are scanned so.
func (c *Checker) File(name string, b []byte) []Finding {
	if c.isShipped(b) {
		return nil
	}
	f := c.Bytes(name, b)
	if len(f) == 0 && isHTMLName(name) && !isZip(b) {
		f = c.HTMLText(name, b)
	}
	return f
}

// isShipped reports whether b is the bytes of a file given to Shipped.
func (c *Checker) isShipped(b []byte) bool {
	sums := c.shipped[len(b)]
	if len(sums) == 0 {
		return false
	}
	sum := sha256.Sum256(b)
	return slices.Contains(sums, sum)
}

// isHTMLName reports whether a file or member is named as an HTML page.
func isHTMLName(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".html" || ext == ".htm"
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
	buf := scratch.Get().(*[]byte)
	defer putScratch(buf)
	*buf = appendNormal((*buf)[:0], b)
	return c.scan(name, *buf, true)
}

// scan looks for the needles in hay, normalised; raw says hay is a file's
// bytes, markup and all, not the text of a page.
func (c *Checker) scan(name string, hay []byte, raw bool) []Finding {
	var out []Finding
	var seen map[int32]bool
	// try tries the needles whose key is the k words ending here, the
	// first of them starting at from.
	try := func(k int, key uint64, from int) {
		for ni := c.heads.slots[c.heads.slot(c.needles, key)]; ni >= 0; ni = c.needles[ni].next {
			nd := &c.needles[ni]
			if int(nd.keyLen) != k || raw && nd.markup {
				continue // another key with the same hash, or a word of markup in markup
			}
			at := from - int(nd.at)
			text := c.text[nd.off : nd.off+nd.n]
			if at >= 0 && !seen[ni] && bytes.HasPrefix(hay[at:], text) && boundary(hay, at, at+len(text)) {
				if seen == nil {
					seen = map[int32]bool{}
				}
				seen[ni] = true
				id := &c.who[nd.who]
				v := id.name
				switch nd.kind {
				case kindUPN:
					v = id.upn
				case kindDOB:
					v = id.dob
				}
				out = append(out, Finding{File: name, Kind: kindNames[nd.kind], Value: v, Pupil: id.src, Alone: nd.alone})
			}
		}
	}
	// For the words before this one: the hash of the key of one word
	// (h1) and of two (h2) ending there, whether those could begin a key
	// (live1, live2), and where they start.
	var h1, h2 uint64
	var live1, live2 bool
	var start1, start2 int
	for i := 0; ; {
		start, end, h := nextWord(hay, i)
		if start == len(hay) {
			break
		}
		i = end
		// The keys of one, two and three words ending with this word, in
		// that order, as each word arrives.
		k1 := combine(hashSeed, h)
		n1 := c.first.has(k1)
		if n1 && c.keys.has(k1^saltWhole1) {
			try(1, k1, start)
		}
		var k2 uint64
		n2 := false
		if live1 { // most words continue no key: no need to hash longer ones
			k2 = combine(h1, h)
			if n2 = c.keys.has(k2 ^ saltPrefix2); n2 && c.keys.has(k2^saltWhole2) {
				try(2, k2, start1)
			}
		}
		if live2 {
			if k3 := combine(h2, h); c.keys.has(k3 ^ saltPrefix3) {
				try(3, k3, start2)
			}
		}
		h1, h2, live1, live2, start1, start2 = k1, k2, n1, n2, start, start1
	}
	return out
}

// span is one word of a normalised text: where it starts and its hash.
type span struct {
	start int
	hash  uint64
}

// wordSpans yields every word of s, as nextWord splits them.
func wordSpans(s string) func(func(span) bool) {
	return func(yield func(span) bool) {
		b := []byte(s)
		for i := 0; ; {
			start, end, h := nextWord(b, i)
			if start == len(b) || !yield(span{start, h}) {
				return
			}
			i = end
		}
	}
}

// nextWord finds the first word (run of letters, digits and non-spacing
// marks) of s at or after i: where it starts and ends, and its hash,
// FNV-1a of its bytes. It returns start == len(s) when there is none. It is the one tokeniser:
// needles are keyed, and files scanned, by it.
func nextWord(s []byte, i int) (start, end int, h uint64) {
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if asciiWord[c] {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if isWord(r) {
			break
		}
		i += size
	}
	start, h = i, hashSeed
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if !asciiWord[c] {
				break
			}
			h = (h ^ uint64(c)) * fnvPrime
			i++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if !isWord(r) {
			break
		}
		for _, c := range s[i : i+size] {
			h = (h ^ uint64(c)) * fnvPrime
		}
		i += size
	}
	return start, i, h
}

var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range utf8.RuneSelf {
		t[c] = isWord(rune(c))
	}
	return t
}()

const (
	hashSeed uint64 = 14695981039346656037 // FNV-1a offset basis
	fnvPrime uint64 = 1099511628211
)

// combine adds a word's hash to the hash of the words before it.
func combine(h, w uint64) uint64 {
	h ^= w
	h *= fnvPrime
	return h ^ h>>29
}

func isWord(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// boundary reports whether a match stands alone: a name inside a longer
// word ("Ann Lee" in "Ann Leeds") is not that name.
func boundary(s []byte, i, j int) bool {
	if i > 0 {
		before, _ := utf8.DecodeLastRune(s[:i])
		first, _ := utf8.DecodeRune(s[i:])
		if isWord(before) && isWord(first) {
			return false
		}
	}
	if j < len(s) {
		last, _ := utf8.DecodeLastRune(s[:j])
		after, _ := utf8.DecodeRune(s[j:])
		if isWord(last) && isWord(after) {
			return false
		}
	}
	return true
}

func isZip(b []byte) bool { return len(b) > 4 && string(b[:4]) == "PK\x03\x04" }

// zip scans every member of an archive (an XLSX workbook is one).
func (c *Checker) zip(name string, b []byte) []Finding { return c.Zip(name, b, nil) }

// maxMember is the most of one archive member that is scanned.
const maxMember = 1 << 30

// Zip scans the members of the archive b, each as File does, passing over
// those for which skip (when not nil) returns true: a build that scanned a
// file when it wrote it need not unpack and scan it again inside the zip
// that reuses it.
// A file that is not a readable zip is scanned as raw bytes.
func (c *Checker) Zip(name string, b []byte, skip func(*zip.FileHeader) bool) []Finding {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		// Not readable as a zip: scan the raw bytes rather than pass it.
		return c.Bytes(name+" (raw)", append([]byte{' '}, b...))
	}
	var out []Finding
	buf := scratch.Get().(*[]byte)
	defer putScratch(buf)
	for _, f := range zr.File {
		if skip != nil && skip(&f.FileHeader) {
			continue
		}
		// A member that will not open (an unknown compression method) is
		// scanned as it is stored; one that fails part way (a bad
		// checksum, a short stream) is scanned as far as it was read. A
		// damaged member is no reason to pass a name.
		rc, err := f.Open()
		if err != nil {
			raw, err := f.OpenRaw()
			if err != nil {
				continue // past the end of the archive: nothing to read
			}
			rc = io.NopCloser(raw)
		}
		*buf, _ = readMember((*buf)[:0], rc, &f.FileHeader)
		rc.Close()
		out = append(out, c.File(name+"!"+f.Name, *buf)...)
	}
	return out
}

// readMember appends up to maxMember bytes of r, an archive member, to
// buf. It makes room for the size the header gives at once (io.ReadAll
// would grow from 512 bytes, copying as it went), but no more than the
// compressed size could inflate to, so that a lying header costs nothing.
func readMember(buf []byte, r io.Reader, h *zip.FileHeader) ([]byte, error) {
	want := min(h.UncompressedSize64, maxMember, h.CompressedSize64*1032+1024)
	// One byte more than the member, so that EOF arrives without growing.
	if uint64(cap(buf)) < want+1 {
		buf = make([]byte, 0, want+1)
	}
	lr := io.LimitedReader{R: r, N: maxMember}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// FS scans every file under root in fsys, as File does.
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
		out = append(out, c.File(path.Clean(p), b)...)
		return nil
	})
	return out, err
}
