// Package verify is the leak check of the non-named profiles: it scans
// built files, byte by byte, as their pages read, and inside zips and XLSX
// workbooks, with their file names, for the source data's pupil
// identities — names in several spellings and escapings, UPNs and dates of
// birth. A pack that passes holds none.
//
// Everything goes through one pipeline: a file's bytes are normalised
// (escapes and entities undone, compatibility forms, accents, look-alike
// letters and invisible characters folded, see appendNormal), then split
// into words (runs of letters, or of digits; everything else, percent
// escapes included, separates them, see nextWord), and a needle is a run
// of words. So "Olivia White", "olivia-white.pdf", "Olivia_White.jpg",
// "olivia.white@…", "Olivia%20White" and "WHITE, Olivia" are each found
// by the same two needles.
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
	// Warn marks a forename found alone: a warning, not a leak, as most
	// forenames are also ordinary words ("Will", "Grace").
	Warn bool
	// Match is the words found, normalised ("o white", "william morris"):
	// when they are not the pupil, the phrase around them is what a site
	// lists (see NotNames).
	Match string
	// In says where in the file: "" its contents, "name" its own path
	// (or an archive member's), "decoded" its text with percent escapes
	// decoded, "reversed" its text read right to left (after a
	// right-to-left override).
	In string
}

func (f Finding) String() string {
	where := ""
	if f.In != "" {
		where = " (in its " + f.In + ")"
	}
	kind := "pupil"
	if f.Warn {
		kind = "perhaps pupil"
	}
	return fmt.Sprintf("%s%s: %s %s %q (%s)", f.File, where, kind, f.Kind, f.Value, f.Pupil)
}

// Kinds of identifier, as Finding.Kind names them, and of the phrases that
// are not (see NotNames).
const (
	kindName uint8 = iota
	kindUPN
	kindDOB
	kindMask
)

var kindNames = [...]string{kindName: "name", kindUPN: "UPN", kindDOB: "date of birth"}

// Needle flags.
const (
	flagAlone    uint8 = 1 << iota // a name given in one part (see Vocabulary)
	flagMarkup                     // looked for in text only: a word of the vocabulary's markup, or a pair an element's name makes (see twoParts)
	flagWarn                       // a forename alone: a warning (see Finding.Warn)
	flagDotFirst                   // its first word is an initial: a full stop follows it ("O. White")
	flagDotLast                    // its last word is an initial: a full stop follows it ("Olivia W.")
	flagTitle                      // its first word is any title (see titles)
	// flagMiddle: initials may stand between its first word and the rest
	// ("Olivia J. White", "O. J. K. White"; see initialAt).
	flagMiddle
)

// maxInitials is the most initials a scan passes over between the first
// word of a needle with flagMiddle and the rest.
const maxInitials = 3

// needle is one identifier to look for, as words. There are a dozen or so
// per pupil, so it is small and holds no pointer (the garbage collector
// need not look inside a million of them): its text is in Checker.text,
// and what a finding reports is once per pupil in Checker.who.
type needle struct {
	key    uint64 // the hash of its key: its first keyWords words, or all
	off, n uint32 // its text is Checker.text[off:off+n], words joined by spaces
	next   int32  // the next needle with the same key, or -1
	// who is the index into Checker.who, or for a date of birth into
	// Checker.born (every pupil born that day).
	who    int32
	school int32 // the pupil's school (see Checker.For); -1 for a date or a phrase
	kind   uint8
	keyLen uint8 // how many words key it, 1 to keyWords
	words  uint8 // how many words it has
	flags  uint8
}

// ident is what a finding reports of one pupil.
type ident struct {
	name, upn, dob string // as Finding.Value spells them
	src            string // as Finding.Pupil
	school         int32  // index of the pupil's school, or -1 when it has none
}

// Checker looks for a dataset's identities in files. It is safe for
// concurrent use.
type Checker struct {
	needles []needle
	text    []byte // the needles' texts
	who     []ident
	born    [][]int32 // the pupils born on each date of birth
	// upns maps each UPN, its 13 characters, to its needle (chained by
	// needle.next when two pupils share one): a scan glues a UPN together
	// from the words it is written in ("Q934 3430 13246").
	upns    map[[upnLen]byte]int32
	schools map[model.URN]int32
	// scope is the school whose pupils a view looks for (see For), -1 for
	// every pupil; warn says it looks for forenames alone.
	scope int32
	urn   model.URN // the school of scope
	warn  bool
	one   bool // every pupil is of one school
	part  bool // the pupils are some of a site's (see Prepared.Part)
	masks bool // some needle is a phrase that is not a pupil (see NotNames)
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
	// bySchool holds, for each school, filters like first and keys of
	// only the needles its view finds (see makeFilters); nil when the
	// views use first and keys.
	bySchool []filters
}

// filters are a view's first and keys.
type filters struct{ first, keys filter }

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
// text by chance: a needle of a name has at least this many bytes.
const minNameLen = 5

// minOneNameLetters is the fewest letters a name given in one part (see
// needleRun.pupils) must have to be looked for: alone, "Ali" or "Zoë" is
// too likely a word of some page or script.
const minOneNameLetters = 4

// Option sets how New prepares a Checker.
type Option func(*options)

type options struct {
	vocabulary [][]byte
	notNames   []string
	shipped    [][]byte
}

// NotNames gives words and phrases of a site's pages that are not pupils,
// though they read as one: "William Morris Academy" (a pupil William
// Morris), "Teachers mark English mocks" (Mark English), "young people"
// (a pupil whose only name is Young). A phrase is not searched within:
// no name wholly inside it is reported, wherever it is. A name given in
// one part, or a forename, that is one of them is not looked for alone at
// all. Case, accents and separators are folded as in any scan.
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
// schools. A pupil's name given in one part, or forename, that is a
// single word of it ("White", an ethnic group; "Mark", of St Mark's) is
// not looked for alone: finding it would say nothing of the pupil, and
// fail every build. The texts are read as HTML: a name that is a word
// only of their markup (a tag or attribute, a script or style: "lang",
// "main") is looked for in the text of pages (HTMLText), not in raw bytes,
// where every page's markup holds it. The words of shipped files are
// neither (see Shipped). The texts are split into words only when some
// such needle exists.
func Vocabulary(texts ...[]byte) Option {
	return func(o *options) { o.vocabulary = append(o.vocabulary, texts...) }
}

// New prepares a Checker for the pupils' identities.
func New(pupils []model.Pupil, opts ...Option) *Checker {
	return Prepare(opts...).New(pupils)
}

// Prepared is a Checker's options made ready once (the shipped files
// hashed, the vocabulary split into words), for a build that makes a
// checker for each school's pupils in turn rather than one for an LA's:
// only the pupils being worked on are then indexed. It is safe for
// concurrent use.
type Prepared struct {
	o       options
	shipped map[int][][sha256.Size]byte
	// vocab is where each word of the vocabulary is (inMarkup, inText),
	// by hash: made on first need (see dropVocabulary).
	vocabOnce sync.Once
	vocab     map[uint64]uint8
	notNames  map[string]bool
}

// Prepare makes the options ready for checkers of many sets of pupils.
func Prepare(opts ...Option) *Prepared {
	pr := &Prepared{shipped: map[int][][sha256.Size]byte{}}
	for _, opt := range opts {
		opt(&pr.o)
	}
	for _, f := range pr.o.shipped {
		pr.shipped[len(f)] = append(pr.shipped[len(f)], sha256.Sum256(f))
	}
	if len(pr.o.notNames) > 0 {
		pr.notNames = map[string]bool{}
		var buf []byte
		for _, w := range pr.o.notNames {
			buf = appendNormal(buf[:0], []byte(w))
			pr.notNames[string(canonWords(nil, buf, 0))] = true
		}
	}
	return pr
}

// Shipped reports whether b is the bytes of a file reportpack ships (see
// Shipped): a checker passes it over.
func (pr *Prepared) Shipped(b []byte) bool { return shipped(pr.shipped, b) }

// New prepares a Checker for the pupils' identities.
func (pr *Prepared) New(pupils []model.Pupil) *Checker { return pr.newChecker(pupils, false) }

// Part prepares a Checker for some of a site's pupils: a few schools'
// of an LA's. Its view of every pupil (For("")) looks for what an LA's
// does, names but not forenames alone, however few schools it holds; a
// file's findings against the whole LA are those of the parts together.
func (pr *Prepared) Part(pupils []model.Pupil) *Checker { return pr.newChecker(pupils, true) }

// words returns the vocabulary's words (see Vocabulary) and where each is.
func (pr *Prepared) words() map[uint64]uint8 {
	pr.vocabOnce.Do(func() {
		pr.vocab = map[uint64]uint8{}
		mark := func(b []byte, where uint8) {
			for i := 0; ; {
				start, end, h := nextWord(b, i)
				if start == len(b) {
					return
				}
				pr.vocab[h] = max(pr.vocab[h], where)
				i = end
			}
		}
		var txt, buf []byte
		for _, v := range pr.o.vocabulary {
			buf = appendNormal(buf[:0], v)
			mark(buf, inMarkup)
			txt, _ = appendHTMLText(txt[:0], v, true)
			buf = appendNormal(buf[:0], txt)
			mark(buf, inText)
		}
	})
	return pr.vocab
}

func (pr *Prepared) newChecker(pupils []model.Pupil, part bool) *Checker {
	o := &pr.o
	keep := firstIdentities(pupils)
	c := &Checker{who: make([]ident, len(keep)), shipped: pr.shipped, scope: -1, schools: map[model.URN]int32{}, part: part}
	for _, p := range pupils {
		if _, ok := c.schools[p.URN]; !ok && p.URN != "" {
			c.schools[p.URN] = int32(len(c.schools))
		}
	}
	c.one = len(c.schools) <= 1
	c.warn = c.one && !part
	school := func(u model.URN) int32 {
		if i, ok := c.schools[u]; ok {
			return i
		}
		return -1
	}
	// Pupils are independent: workers make the needles of runs of them,
	// each run in its own slices, and the runs are joined in order so that
	// needles (and so findings) come in the same order whatever the number
	// of workers.
	const run = 1024
	runs := make([]needleRun, (len(keep)+run-1)/run+1)
	var wg sync.WaitGroup
	var nextRun atomic.Int64
	for range min(runtime.GOMAXPROCS(0), len(runs)-1) {
		wg.Go(func() {
			for {
				r := int(nextRun.Add(1) - 1)
				if r >= len(runs)-1 {
					return
				}
				runs[r].pupils(c.who, pupils, keep, school, r*run, min((r+1)*run, len(keep)))
			}
		})
	}
	// Meanwhile: a date of birth is looked for once however many pupils
	// share it, in the order of the first pupil born that day; and the
	// phrases that are not pupils.
	last := &runs[len(runs)-1]
	byDate := map[int64]int32{}
	for i, k := range keep {
		d := pupils[k].ID.DOB
		if d.IsZero() {
			continue
		}
		day := d.Unix() / 86400
		g, ok := byDate[day]
		if !ok {
			g = int32(len(c.born))
			byDate[day] = g
			c.born = append(c.born, nil)
			for _, f := range dateForms(d) {
				last.add([]byte(f), kindDOB, 0, g, -1, len(last.needles))
			}
		}
		c.born[g] = append(c.born[g], int32(i))
	}
	for _, w := range o.notNames {
		last.norm = appendNormal(last.norm[:0], []byte(w))
		if t := canonWords(last.buf[:0], last.norm, 0); bytes.IndexByte(t, ' ') > 0 {
			last.add(t, kindMask, 0, -1, -1, len(last.needles))
			c.masks = true
		}
	}
	wg.Wait()
	size := 0
	for _, r := range runs {
		size += len(r.text)
	}
	if uint64(size) > math.MaxUint32 {
		panic("verify: the pupils' names are too long to index")
	}
	c.text = make([]byte, 0, size)
	var needles []needle
	for _, r := range runs {
		for i := range r.needles {
			r.needles[i].off += uint32(len(c.text))
		}
		needles = append(needles, r.needles...)
		c.text = append(c.text, r.text...)
	}
	needles = pr.dropVocabulary(needles, c.text)
	// UPNs are found by gluing words together, not by key.
	c.upns = map[[upnLen]byte]int32{}
	c.needles = needles[:0]
	for _, nd := range needles {
		if nd.kind == kindUPN {
			if u, ok := compactUPN(c.text[nd.off : nd.off+nd.n]); ok {
				nd.next = -1
				if prev, ok := c.upns[u]; ok {
					nd.next = prev // chained from the last; reversed below
				}
				c.upns[u] = int32(len(c.needles))
			}
		}
		c.needles = append(c.needles, nd)
	}
	for u, ni := range c.upns { // put each chain in pupil order
		var chain []int32
		for ; ni >= 0; ni = c.needles[ni].next {
			chain = append(chain, ni)
		}
		slices.Reverse(chain)
		for k, ni := range chain {
			c.needles[ni].next = -1
			if k+1 < len(chain) {
				c.needles[ni].next = chain[k+1]
			}
		}
		c.upns[u] = chain[0]
	}
	n := len(c.needles)
	// The filters (from the needles' words, split again) and the chains of
	// needles that share a key, side by side.
	c.first, c.keys = newFilter(n, 12, 21), newFilter(2*n, 12, 25)
	keyed := func(nd *needle) bool {
		if nd.kind != kindUPN {
			return true
		}
		_, ok := compactUPN(c.text[nd.off : nd.off+nd.n])
		return !ok
	}
	wg.Go(func() { c.makeFilters(keyed) })
	// Chained from the last, so that each needle goes in front of those
	// after it.
	c.heads = newHeads(n)
	for i := n - 1; i >= 0; i-- {
		if !keyed(&c.needles[i]) {
			continue
		}
		s := c.heads.slot(c.needles, c.needles[i].key)
		c.needles[i].next = c.heads.slots[s]
		c.heads.slots[s] = int32(i)
	}
	wg.Wait()
	return c
}

// For returns a view of c that looks only for the pupils of the school
// with this URN, and for forenames alone (see Finding.Warn): what a
// school's own pages are scanned for. An LA's pages name none of its
// pupils, and a school's name none of another school's: looking for
// 100,000 pupils' names on every page would find too many by chance. A
// URN of no pupil gives a view of every pupil.
func (c *Checker) For(urn model.URN) *Checker {
	i, ok := c.schools[urn]
	if !ok {
		v := *c
		v.scope, v.urn, v.warn = -1, "", c.one && !c.part
		return &v
	}
	v := *c
	v.scope, v.urn, v.warn = i, urn, true
	return &v
}

// keyHashes are the hashes a needle sets in the filters: of its first
// word (in first), and in keys of its first two words when its key is
// longer (salted saltPrefix2) and of its whole key (salted by its length).
func (c *Checker) keyHashes(nd *needle) (first, prefix2, whole uint64) {
	t := c.text[nd.off : nd.off+nd.n]
	h := hashSeed
	for k, w := 0, 0; k < int(nd.keyLen); k++ {
		_, end, wh := nextWord(t, w)
		h, w = combine(h, wh), end
		switch k {
		case 0:
			first = h
		case 1:
			prefix2 = h ^ saltPrefix2
		}
	}
	return first, prefix2, h ^ [...]uint64{1: saltWhole1, 2: saltWhole2, 3: saltPrefix3}[nd.keyLen]
}

// addKey sets the bits of a needle's hashes (see keyHashes) in f.
func (f *filters) addKey(nd *needle, first, prefix2, whole uint64) {
	f.first.add(first)
	if nd.keyLen > 1 {
		f.keys.add(prefix2)
	}
	f.keys.add(whole)
}

// maxShared bounds the needles in every school's filters (those of pupils
// of no school, of dates such pupils were born on, and the phrases that
// are not pupils) times the number of schools: past it, a view of one
// school uses the filters of every pupil.
const maxShared = 1 << 22

// makeFilters sets the bits of every needle that keyed says is found by
// its key in first and keys, and makes the filters of each school's view
// (see For): the bits of only the needles it can find, those of its
// pupils, of the dates they were born on, and those every view looks
// for. A school's page then costs a load from a few kilobytes a word,
// where the filters of an LA's 100,000 pupils take megabytes, out of
// cache, and pass more words by chance. The needles' keys and chains stay
// the LA's: a filter only ever skips lookups that could not succeed.
func (c *Checker) makeFilters(keyed func(*needle) bool) {
	all := filters{c.first, c.keys} // sharing their bits
	// The schools whose views find a needle: its pupil's, or those of the
	// pupils born that day for a date, or every school (-1).
	schoolsOf := func(nd *needle, f func(s int32)) {
		if nd.kind != kindDOB {
			f(nd.school)
			return
		}
		for _, p := range c.born[nd.who] {
			if c.who[p].school < 0 {
				f(-1) // a pupil of no school is in every view
				return
			}
		}
		for _, p := range c.born[nd.who] {
			f(c.who[p].school)
		}
	}
	var fs []filters
	if !c.one { // with one school, its view looks for every needle
		shared, count := 0, make([]int, len(c.schools))
		for i := range c.needles {
			schoolsOf(&c.needles[i], func(s int32) {
				if s < 0 {
					shared++
				} else {
					count[s]++
				}
			})
		}
		if shared*len(c.schools) <= maxShared {
			fs = make([]filters, len(c.schools))
			for s := range fs {
				n := count[s] + shared
				fs[s] = filters{newFilter(n, 9, 21), newFilter(2*n, 9, 25)}
			}
		}
	}
	for i := range c.needles {
		nd := &c.needles[i]
		if !keyed(nd) {
			continue
		}
		h1, h2, whole := c.keyHashes(nd)
		all.addKey(nd, h1, h2, whole)
		if fs == nil {
			continue
		}
		schoolsOf(nd, func(s int32) {
			if s >= 0 {
				fs[s].addKey(nd, h1, h2, whole)
				return
			}
			for s := range fs {
				fs[s].addKey(nd, h1, h2, whole)
			}
		})
	}
	c.bySchool = fs
}

// School is the URN of the school whose pupils the view looks for (see
// For), or "" when it looks for every pupil.
func (c *Checker) School() model.URN { return c.urn }

// ForPath returns the view of c (see For) for a file of a built site: the
// school whose URN is a folder of its path ("anonymised/900001/ks4.html")
// or the name of its zip ("zips/anonymised/900001-anonymised.zip",
// "zips/anonymised/900001.zip"); every pupil for
// any other file (the LA index, shared assets).
func (c *Checker) ForPath(name string) *Checker {
	urn, _ := SchoolOfPath(name, func(u model.URN) bool { _, ok := c.schools[u]; return ok })
	return c.For(urn)
}

// SchoolOfPath is the school a file of a built site belongs to, as
// ForPath reads it: the first folder of its path, or zip name, that is a
// URN known says is a school's; false for any other file.
func SchoolOfPath(name string, known func(model.URN) bool) (model.URN, bool) {
	for el := range strings.SplitSeq(name, "/") {
		if z, ok := strings.CutSuffix(el, ".zip"); ok {
			// A school's pack: "900001.zip", "900001-anonymised.zip".
			el, _, _ = strings.Cut(z, "-")
		}
		if known(model.URN(el)) {
			return model.URN(el), true
		}
	}
	return "", false
}

// Where a word of the vocabulary is (see Prepared.words).
const (
	inMarkup = 1 // in its raw bytes, markup included
	inText   = 2 // in its text
)

// dropVocabulary drops the needles of names given in one part, and of
// forenames alone, that are one of notNames (see NotNames) or a single
// word of the vocabulary's text, and marks those that are a word only of
// its markup (see Vocabulary), keeping the others in order. text holds the
// needles' texts. The vocabulary is split into words only when such a
// needle exists, once for every checker pr makes.
func (pr *Prepared) dropVocabulary(needles []needle, text []byte) []needle {
	const oneWord = flagAlone | flagWarn
	if pr.notNames != nil {
		kept := needles[:0]
		for _, nd := range needles {
			if nd.flags&oneWord == 0 || !pr.notNames[string(text[nd.off:nd.off+nd.n])] {
				kept = append(kept, nd)
			}
		}
		needles = kept
	}
	if len(pr.o.vocabulary) == 0 {
		return needles
	}
	var vocab map[uint64]uint8
	kept := needles[:0]
	for _, nd := range needles {
		if nd.flags&oneWord != 0 && nd.words == 1 {
			if vocab == nil {
				vocab = pr.words()
			}
			_, _, h := nextWord(text[nd.off:nd.off+nd.n], 0)
			switch vocab[h] {
			case inText:
				continue
			case inMarkup:
				nd.flags |= flagMarkup
			}
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
// invisible characters, compatibility forms and accents, look-alike
// letters, case and runs of spaces.
func normalise(s string) string {
	return string(appendNormal(nil, []byte(s)))
}

// appendNormal appends the normalised form of s to dst: it undoes JSON and
// JavaScript escapes (\uXXXX, \xXX, \' \" \/), then HTML entities, then
// drops invisible characters (bidirectional controls among them), then
// folds accents and compatibility forms (see foldAccents), then
// lower-cases, folds typographic apostrophes and dashes and look-alike
// letters (see foldRune) and turns each run of spaces (any Unicode space)
// into one space.
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
	return foldAccents(s)
}

// foldAccents drops accents: it decomposes s (NFKD, which also turns
// compatibility forms, full-width and mathematical letters among them, into
// plain ones), drops the non-spacing marks and composes what is left
// (Hangul). "Hernández" is "Hernandez", as authors often type it.
func foldAccents(s string) string {
	s = norm.NFKD.String(s)
	if strings.IndexFunc(s, isMark) >= 0 {
		s = strings.Map(func(r rune) rune {
			if isMark(r) {
				return -1
			}
			return r
		}, s)
	}
	return norm.NFC.String(s)
}

func isMark(r rune) bool { return r >= 0x300 && unicode.Is(unicode.Mn, r) }

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
	if f, ok := lookAlikes[r]; ok {
		return f
	}
	return r
}

// lookAlikes are letters that look like (or are written for) a plain
// Latin letter but do not decompose to it: Cyrillic and Greek letters that
// look Latin ("Оlivia" with a Cyrillic О), and Latin letters with a stroke
// or other mark built in ("Søren", "Łukasz"). Letters written as two are
// in twoLetters.
var lookAlikes = map[rune]rune{
	// Cyrillic.
	'А': 'a', 'а': 'a', 'В': 'b', 'Е': 'e', 'е': 'e', 'К': 'k', 'к': 'k', 'М': 'm', 'м': 'm',
	'Н': 'h', 'н': 'h', 'О': 'o', 'о': 'o', 'Р': 'p', 'р': 'p', 'С': 'c', 'с': 'c', 'Т': 't', 'т': 't',
	'У': 'y', 'у': 'y', 'Х': 'x', 'х': 'x', 'Ѕ': 's', 'ѕ': 's', 'І': 'i', 'і': 'i', 'Ј': 'j', 'ј': 'j',
	'Һ': 'h', 'һ': 'h', 'Ԁ': 'd', 'ԁ': 'd', 'Ӏ': 'l', 'ӏ': 'l', 'Ԛ': 'q', 'ԛ': 'q', 'Ԝ': 'w', 'ԝ': 'w',
	// Greek.
	'Α': 'a', 'α': 'a', 'Β': 'b', 'Ε': 'e', 'ε': 'e', 'Ζ': 'z', 'Η': 'h', 'Ι': 'i', 'ι': 'i',
	'Κ': 'k', 'κ': 'k', 'Μ': 'm', 'Ν': 'n', 'ν': 'v', 'Ο': 'o', 'ο': 'o', 'Ρ': 'p', 'ρ': 'p',
	'Τ': 't', 'τ': 't', 'Υ': 'y', 'υ': 'u', 'Χ': 'x', 'χ': 'x', 'ϲ': 'c', 'Ϲ': 'c',
	// Latin letters with a built-in mark.
	'Ø': 'o', 'ø': 'o', 'Ł': 'l', 'ł': 'l', 'Đ': 'd', 'đ': 'd', 'Ħ': 'h', 'ħ': 'h', 'ı': 'i',
	'Ŧ': 't', 'ŧ': 't', 'Ɨ': 'i', 'ɨ': 'i', 'Ð': 'd', 'ð': 'd',
}

// twoLetters are letters written as two plain ones.
var twoLetters = map[rune]string{'ß': "ss", 'ẞ': "ss", 'Æ': "ae", 'æ': "ae", 'Œ': "oe", 'œ': "oe", 'Þ': "th", 'þ': "th"}

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
	for r := range lookAlikes {
		set(r)
	}
	for r := range twoLetters {
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
			if two, ok := twoLetters[r]; ok {
				dst, sp = append(dst, two...), false
				continue
			}
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

// File scans a file's contents as Bytes does and, when it is an HTML page
// (.html, .htm) in which Bytes finds no leak, its text as a reader sees it
// (see HTMLText): "<b>John</b> Smith" is a name in a page. A file that
// reportpack ships (see Shipped) is passed over. It does not scan the
// file's name: Name does. Zip members and FS's files are scanned so.
func (c *Checker) File(name string, b []byte) []Finding {
	if c.isShipped(b) {
		return nil
	}
	f := c.Bytes(name, b)
	if !hasLeak(f) && isHTMLName(name) && !isZip(b) {
		for _, g := range c.HTMLText(name, b) {
			if !slices.Contains(f, g) {
				f = append(f, g)
			}
		}
	}
	return f
}

// hasLeak reports whether any finding is more than a warning.
func hasLeak(f []Finding) bool {
	return slices.ContainsFunc(f, func(f Finding) bool { return !f.Warn })
}

// Name scans a file's own path, or an archive member's (what follows the
// last "!"): a page made from content/schools/900001/Olivia White.md is
// published as "Olivia White.html", and named in every link to it.
func (c *Checker) Name(name string) []Finding {
	own := name
	if i := strings.LastIndexByte(name, '!'); i >= 0 {
		own = name[i+1:]
	}
	buf := scratch.Get().(*[]byte)
	defer putScratch(buf)
	*buf = appendNormal((*buf)[:0], []byte(own))
	return c.finish(name, "name", *buf, c.hits(*buf, true, nil), nil, nil)
}

// isShipped reports whether b is the bytes of a file given to Shipped.
func (c *Checker) isShipped(b []byte) bool { return shipped(c.shipped, b) }

// shipped reports whether b's SHA-256 is among those of its size.
func shipped(sizes map[int][][sha256.Size]byte, b []byte) bool {
	sums := sizes[len(b)]
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

// Bytes scans one file's contents (looking inside it, member names
// included, when it is a zip or XLSX workbook) and returns what it finds.
// Text with percent escapes of letters ("Ren%C3%A9e") is scanned decoded
// too, and text after a right-to-left override read backwards too. In an
// HTML page (named .html or .htm) the markup words of its tags' and
// attributes' names are not words (see blankMarkup).
func (c *Checker) Bytes(name string, b []byte) []Finding {
	if len(c.needles) == 0 {
		return nil
	}
	if isZip(b) {
		return c.zip(name, b)
	}
	// A page's markup is not its text: "</li><li>" is no "li li" (see
	// blankMarkup). HTMLText reads the text.
	if isHTMLName(name) && bytes.IndexByte(b, '<') >= 0 {
		m := scratch.Get().(*[]byte)
		defer putScratch(m)
		*m = append((*m)[:0], b...)
		if blankMarkup(*m) {
			b = *m
		}
	}
	buf := scratch.Get().(*[]byte)
	defer putScratch(buf)
	*buf = appendNormal((*buf)[:0], b)
	var seen []uint64
	out := c.finish(name, "", *buf, c.hits(*buf, true, nil), &seen, nil)
	if d := percentDecoded(b); d != nil {
		*buf = appendNormal((*buf)[:0], d)
		out = c.finish(name, "decoded", *buf, c.hits(*buf, true, nil), &seen, out)
	}
	if overridden(b) {
		*buf = reverseRunes(*buf)
		out = c.finish(name, "reversed", *buf, c.hits(*buf, true, nil), &seen, out)
	}
	return out
}

// percentDecoded returns b with its percent escapes decoded, or nil when
// none of them stands for a letter or digit: a scan passes over "%20" and
// "%2F" as it does any separator, but "%C3%A9" is an "é".
func percentDecoded(b []byte) []byte {
	worth := false
	for i := 0; !worth; i++ {
		k := bytes.IndexByte(b[i:], '%')
		if k < 0 {
			return nil
		}
		i += k
		if i+2 < len(b) && isHex(b[i+1]) && isHex(b[i+2]) {
			v := unhex(b[i+1])<<4 | unhex(b[i+2])
			worth = v >= utf8.RuneSelf || asciiWord[v]
		}
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == '%' && i+2 < len(b) && isHex(b[i+1]) && isHex(b[i+2]) {
			out = append(out, unhex(b[i+1])<<4|unhex(b[i+2]))
			i += 2
			continue
		}
		out = append(out, b[i])
	}
	return out
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'f' }

func unhex(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c | 0x20 - 'a' + 10
}

// overridden reports whether b may hold a right-to-left override (U+202E),
// raw or escaped, which shows the text after it backwards.
func overridden(b []byte) bool {
	return bytes.Contains(b, []byte("\u202e")) || bytes.Contains(b, []byte("202e")) ||
		bytes.Contains(b, []byte("202E")) || bytes.Contains(b, []byte("8238"))
}

// reverseRunes reverses a normalised text in place, character by character.
func reverseRunes(b []byte) []byte {
	slices.Reverse(b)
	// Each multi-byte character is now backwards: turn it round again.
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		j := i + 1
		for j < len(b) && j-i < utf8.UTFMax && !utf8.RuneStart(b[j-1]) {
			j++
		}
		slices.Reverse(b[i:j])
		i = j
	}
	return b
}

// hit is a needle found in a normalised text, at hay[start:end]; who is
// the pupil (a date of birth is many pupils'), -1 for a phrase.
type hit struct {
	ni, who    int32
	start, end int32
}

// inScope reports whether the view looks for nd (see For).
func (c *Checker) inScope(nd *needle) bool {
	switch {
	case nd.flags&flagWarn != 0 && !c.warn:
		return false
	case c.scope < 0, nd.school < 0:
		return true
	}
	return nd.school == c.scope
}

// pupilInScope reports whether the view looks for the pupil.
func (c *Checker) pupilInScope(who int32) bool {
	s := c.who[who].school
	return c.scope < 0 || s < 0 || s == c.scope
}

// addHits appends the hits of needle ni, found at hay[start:end].
func (c *Checker) addHits(hs []hit, ni int32, start, end int) []hit {
	nd := &c.needles[ni]
	switch nd.kind {
	case kindDOB:
		for _, p := range c.born[nd.who] {
			if c.pupilInScope(p) {
				hs = append(hs, hit{ni, p, int32(start), int32(end)})
			}
		}
	default:
		hs = append(hs, hit{ni, nd.who, int32(start), int32(end)})
	}
	return hs
}

// hits appends to hs every needle found in hay, a normalised text, in the
// order of the words that end their keys; raw says hay is a file's bytes,
// markup and all, not the text of a page.
func (c *Checker) hits(hay []byte, raw bool, hs []hit) []hit {
	// try tries the needles whose key is the k words ending here, the
	// first of them starting at from; skip says initials stand after the
	// first (see flagMiddle), and only needles that allow them are tried.
	try := func(k int, key uint64, from int, skip bool) {
		for ni := c.heads.slots[c.heads.slot(c.needles, key)]; ni >= 0; ni = c.needles[ni].next {
			nd := &c.needles[ni]
			if int(nd.keyLen) != k || raw && nd.flags&flagMarkup != 0 || !c.inScope(nd) || skip && nd.flags&flagMiddle == 0 {
				continue // another key with the same hash, a word of markup in markup, another school
			}
			if end, ok := c.matchAt(hay, from, nd, skip); ok {
				hs = c.addHits(hs, ni, from, end)
			}
		}
	}
	// The filters of the view: its school's when it has them.
	first, keys := &c.first, &c.keys
	if c.scope >= 0 && c.bySchool != nil {
		first, keys = &c.bySchool[c.scope].first, &c.bySchool[c.scope].keys
	}
	// For the words before this one: the hash of the key of one word
	// (h1) and of two (h2) ending there, whether those could begin a key
	// (live1, live2), and where they start.
	var h1, h2 uint64
	var live1, live2 bool
	var start1, start2 int
	// The UPN being glued together from the words so far (see below).
	var upn upnGlue
	// For initials between a name's words (see flagMiddle): the anchors
	// of the run of initials ending at the word before this one, by their
	// place in it mod len (0 the word before the run, then each initial):
	// their keys of one word, whether those could begin a key, and where
	// they start; how many initials the run has; and the keys of two
	// words, an anchor and the word after its initials, that the next
	// word may make three of.
	var anchors [maxInitials + 1]struct {
		k1    uint64
		live  bool
		start int
	}
	var pending [maxInitials]struct {
		k2   uint64
		from int
	}
	initials, npending, prevEnd := 0, 0, -1
	for i := 0; ; {
		start, end, h := nextWord(hay, i)
		if start == len(hay) {
			break
		}
		i = end
		// The keys of one, two and three words ending with this word, in
		// that order, as each word arrives.
		k1 := combine(hashSeed, h)
		n1 := first.has(k1)
		if n1 && keys.has(k1^saltWhole1) {
			try(1, k1, start, false)
		}
		var k2 uint64
		n2 := false
		if live1 { // most words continue no key: no need to hash longer ones
			k2 = combine(h1, h)
			if n2 = keys.has(k2 ^ saltPrefix2); n2 && keys.has(k2^saltWhole2) {
				try(2, k2, start1, false)
			}
		}
		if live2 {
			if k3 := combine(h2, h); keys.has(k3 ^ saltPrefix3) {
				try(3, k3, start2, false)
			}
		}
		// Keys with initials between their first word and the rest:
		// three words, the anchor's two (made at the word before) and
		// this; then two, an anchor before this word's initials and this.
		// h1, live1 and start1 are still the word before's.
		if npending > 0 {
			for _, p := range pending[:npending] {
				if k3 := combine(p.k2, h); keys.has(k3 ^ saltPrefix3) {
					try(3, k3, p.from, true)
				}
			}
			npending = 0
		}
		if end < len(hay) && hay[end] == '.' && end-start <= utf8.UTFMax && initialAt(hay, prevEnd, start, end) {
			if initials == 0 {
				anchors[0].k1, anchors[0].live, anchors[0].start = h1, live1 && prevEnd >= 0, start1
			}
			initials++
			a := &anchors[initials%len(anchors)]
			a.k1, a.live, a.start = k1, n1, start
		} else if initials > 0 {
			for m := 1; m <= min(initials, maxInitials); m++ {
				a := &anchors[(initials-m)%len(anchors)]
				if !a.live {
					continue
				}
				k := combine(a.k1, h)
				if !keys.has(k ^ saltPrefix2) {
					continue
				}
				if keys.has(k ^ saltWhole2) {
					try(2, k, a.start, true)
				}
				pending[npending].k2, pending[npending].from = k, a.start
				npending++
			}
			initials = 0
		}
		prevEnd = end
		h1, h2, live1, live2, start1, start2 = k1, k2, n1, n2, start, start1
		// A UPN (a letter, eleven digits, a digit or a letter) is glued
		// from up to six words a few separators apart: a letter alone,
		// then runs of digits, perhaps a letter alone last.
		if len(c.upns) == 0 || upn.n == 0 && end-start != 1 {
			continue // no UPN, none being glued, and no letter alone
		}
		if from, ok := upn.next(hay, start, end); ok {
			if ni, ok := c.upns[upn.done]; ok {
				for ; ni >= 0; ni = c.needles[ni].next {
					if c.inScope(&c.needles[ni]) {
						hs = c.addHits(hs, ni, from, end)
					}
				}
			}
		}
	}
	return hs
}

// upnGlue glues a UPN together from the words of a text as they come:
// "Q934 3430 13246", "q-934343013246". A UPN is a letter, eleven digits
// and a digit or a letter (see isUPN), so its first word is a letter alone
// and the rest runs of digits, but a letter alone last; it is written in
// at most six words, each at most three bytes after the one before.
type upnGlue struct {
	u          [upnLen]byte // the UPN so far
	done       [upnLen]byte // the last UPN completed
	n          int          // how many bytes of u there are; 0 when none
	words      int          // how many words they came from
	start, end int          // where its first word starts and its last ends
}

// next adds the word hay[start:end] and reports whether it completes a
// UPN, then in g.done, and where its first word starts.
func (g *upnGlue) next(hay []byte, start, end int) (from int, ok bool) {
	w := hay[start:end]
	letter := len(w) == 1 && 'a' <= w[0] && w[0] <= 'z'
	if g.n > 0 && g.words < 6 && start-g.end <= 3 {
		switch {
		case letter && g.n == upnLen-1:
			g.u[g.n] = w[0]
			g.done, from, ok = g.u, g.start, true
		case g.n+len(w) <= upnLen && allDigits(w):
			copy(g.u[g.n:], w)
			g.n += len(w)
			g.words++
			g.end = end
			if g.n < upnLen {
				return 0, false
			}
			g.done, from, ok = g.u, g.start, true
		}
	}
	g.n = 0
	if letter { // perhaps the first word of the next
		g.u[0], g.n, g.words, g.start, g.end = w[0], 1, 1, start, end
	}
	return from, ok
}

func allDigits(w []byte) bool {
	for _, c := range w {
		if !isDigitByte(c) {
			return false
		}
	}
	return true
}

// matchAt reports whether the needle's words are hay's from from on, and
// where the last of them ends. skip says one to maxInitials initials (see
// initialAt) stand between its first word and the rest.
func (c *Checker) matchAt(hay []byte, from int, nd *needle, skip bool) (int, bool) {
	t := c.text[nd.off : nd.off+nd.n]
	ti, hi, end := 0, from, from
	var at [maxDateWords]wordAt // a date's words in hay (see dateSeparated)
	for w := 0; w < int(nd.words); w++ {
		ts, te, _ := nextWord(t, ti)
		hs, he, _ := nextWord(hay, hi)
		if nd.kind == kindDOB && w < len(at) {
			at[w] = wordAt{hs, he}
		}
		switch {
		case hs == len(hay):
			return 0, false
		case w == 0 && nd.flags&flagTitle != 0:
			if !isTitle(hay[hs:he]) {
				return 0, false
			}
		case !bytes.Equal(t[ts:te], hay[hs:he]):
			return 0, false
		}
		if w == 0 && nd.flags&flagDotFirst != 0 && (he == len(hay) || hay[he] != '.') {
			return 0, false
		}
		ti, hi, end = te, he, he
		if w == 0 && skip {
			n := 0
			for ; n < maxInitials; n++ {
				is, ie, _ := nextWord(hay, hi)
				if !initialAt(hay, hi, is, ie) {
					break
				}
				hi = ie
			}
			if n == 0 {
				return 0, false
			}
		}
	}
	if nd.flags&flagDotLast != 0 && (end == len(hay) || hay[end] != '.') {
		return 0, false
	}
	if nd.kind == kindDOB && !dateSeparated(hay, at[:min(int(nd.words), len(at))]) {
		return 0, false
	}
	return end, true
}

// initialAt reports whether the word hay[start:end] is an initial between
// the words of a name: one letter, a full stop after it, and nothing but
// spaces and full stops between it and the word before, which ends at
// prevEnd (-1 when there is none). "J." in "Olivia J. White", each of
// "O. J." in "O. J. White", "J" of "O.J.White"; not "a" of "Olivia, a.".
func initialAt(hay []byte, prevEnd, start, end int) bool {
	if end >= len(hay) || hay[end] != '.' || end-start > utf8.UTFMax {
		return false
	}
	if end-start == 1 {
		if c := hay[start]; c >= utf8.RuneSelf || !asciiLetter[c] {
			return false
		}
	} else if r, size := utf8.DecodeRune(hay[start:end]); size != end-start || !unicode.IsLetter(r) {
		return false
	}
	for _, c := range hay[max(prevEnd, 0):start] {
		if c != ' ' && c != '.' {
			return false
		}
	}
	return true
}

// finish appends to out the findings of hs, the hits in hay of a file
// named name (where in it: see Finding.In), in order: but those inside a
// phrase that is not a pupil (see NotNames), forenames alone inside or
// beside a name found, and a pupil's second finding of a kind, counting
// those in seen (which it updates).
func (c *Checker) finish(name, in string, hay []byte, hs []hit, seen *[]uint64, out []Finding) []Finding {
	if len(hs) == 0 {
		return out
	}
	inside := func(h hit, f func(nd *needle) bool) bool {
		for _, g := range hs {
			if f(&c.needles[g.ni]) && g.start <= h.start && h.end <= g.end {
				return true
			}
		}
		return false
	}
	isMask := func(nd *needle) bool { return nd.kind == kindMask }
	var leaks []int32 // pupils found more than by forename
	for _, h := range hs {
		nd := &c.needles[h.ni]
		if nd.kind != kindMask && nd.flags&flagWarn == 0 && !(c.masks && inside(h, isMask)) {
			leaks = append(leaks, h.who)
		}
	}
	var local []uint64
	if seen == nil {
		seen = &local
	}
	for _, h := range hs {
		nd := &c.needles[h.ni]
		if nd.kind == kindMask || c.masks && inside(h, isMask) {
			continue
		}
		if nd.flags&flagWarn != 0 && (slices.Contains(leaks, h.who) || inside(h, func(g *needle) bool { return g.kind != kindMask && g.flags&flagWarn == 0 })) {
			continue
		}
		// One finding of each kind a pupil: "Mary Jane White" holds
		// "Jane White" too.
		key := uint64(uint32(h.who))<<8 | uint64(nd.kind)<<1 | uint64(nd.flags&flagWarn)>>2
		if slices.Contains(*seen, key) {
			continue
		}
		*seen = append(*seen, key)
		id := &c.who[h.who]
		v := id.name
		switch nd.kind {
		case kindUPN:
			v = id.upn
		case kindDOB:
			v = id.dob
		}
		out = append(out, Finding{File: name, Kind: kindNames[nd.kind], Value: v, Pupil: id.src,
			Alone: nd.flags&flagAlone != 0, Warn: nd.flags&flagWarn != 0,
			Match: string(canonWords(nil, hay[h.start:h.end], 0)), In: in})
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

// nextWord finds the first word of s at or after i: where it starts and
// ends, and its hash, FNV-1a of its bytes (titleHash for any title). It
// returns start == len(s) when there is none. It is the one tokeniser:
// needles are keyed, and files scanned, by it.
//
// A word is a run of letters (and non-spacing marks, and digits of other
// scripts), or of ASCII digits: "22t00" is three words, as is
// "Q934343013246", "Q 934343013246" two. A figure with one decimal point
// ("0.20140625", "20140625.5") is one word, so a figure never reads as a
// date; dots between three runs of digits ("22.02.2009") separate them.
// Anything else separates words, a percent escape ("%20") included.
func nextWord(s []byte, i int) (start, end int, h uint64) {
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if asciiWord[c] {
				break
			}
			if c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				i += 3
				continue
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
	if i == len(s) {
		return start, i, h
	}
	if isDigitByte(s[i]) {
		for i < len(s) && isDigitByte(s[i]) {
			h = (h ^ uint64(s[i])) * fnvPrime
			i++
		}
		if i+1 < len(s) && s[i] == '.' && isDigitByte(s[i+1]) && !(start >= 2 && s[start-1] == '.' && isDigitByte(s[start-2])) {
			j := i + 1
			for j < len(s) && isDigitByte(s[j]) {
				j++
			}
			if !(j+1 < len(s) && s[j] == '.' && isDigitByte(s[j+1])) {
				for ; i < j; i++ {
					h = (h ^ uint64(s[i])) * fnvPrime
				}
			}
		}
		return start, i, h
	}
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if !asciiLetter[c] {
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
	if n := i - start; n >= 2 && n <= 4 && slices.Contains(titleHashes[:], h) {
		h = titleHash
	}
	return start, i, h
}

var (
	asciiWord = func() (t [utf8.RuneSelf]bool) {
		for c := range utf8.RuneSelf {
			t[c] = isWord(rune(c))
		}
		return t
	}()
	asciiLetter = func() (t [utf8.RuneSelf]bool) {
		for c := range utf8.RuneSelf {
			t[c] = asciiWord[c] && !isDigitByte(byte(c))
		}
		return t
	}()
)

func isDigitByte(c byte) bool { return '0' <= c && c <= '9' }

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

func isZip(b []byte) bool { return len(b) > 4 && string(b[:4]) == "PK\x03\x04" }

// zip scans every member of an archive (an XLSX workbook is one).
func (c *Checker) zip(name string, b []byte) []Finding { return c.Zip(name, b, nil) }

// maxMember is the most of one archive member that is scanned.
const maxMember = 1 << 30

// Zip scans the name of every member of the archive b (see Name) and
// the contents of each (as File does) but those for which skip (when not
// nil) returns true: a build that scanned a file when it wrote it need not
// unpack and scan it again inside the zip that reuses it.
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
		out = append(out, c.Name(name+"!"+f.Name)...)
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

// FS scans every file under root in fsys, its name and its contents, as
// Name and File do, each for the pupils of the school its path names (see
// ForPath). It reports leaks only: forenames alone are a build's warnings.
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
		p = path.Clean(p)
		v := c.ForPath(p)
		for _, f := range append(v.Name(p), v.File(p, b)...) {
			if !f.Warn {
				out = append(out, f)
			}
		}
		return nil
	})
	return out, err
}

// firstIdentities are the indices of the first row of each pupil at each
// school: rows with the same URN and the same identity (UPN, names, date
// of birth) are one pupil's.
func firstIdentities(pupils []model.Pupil) []int32 {
	type key struct {
		urn model.URN
		id  model.Identity
	}
	seen := make(map[key]struct{}, len(pupils)/2)
	keep := make([]int32, 0, len(pupils))
	for i := range pupils {
		k := key{pupils[i].URN, pupils[i].ID}
		if _, ok := seen[k]; ok {
			continue
		}
		seen[k] = struct{}{}
		keep = append(keep, int32(i))
	}
	return keep
}

// Pupils is how many pupils' identities the checker looks for: one for
// each pupil at each school, however many years' rows it has.
func (c *Checker) Pupils() int { return len(c.who) }
