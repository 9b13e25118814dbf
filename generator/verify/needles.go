package verify

import (
	"bytes"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/reportpack/reportpack/generator/model"
)

// The needles of one pupil: the forms of their name, UPN and date of birth
// that commentary, file names and links are seen to use, each as the words
// a scan meets (see canonWords). Separators are not part of a needle:
// "Olivia White", "olivia-white.pdf", "White, Olivia" and
// "Olivia%20White" are the same two words.

// titles are the words that stand before a surname in "Ms White"; any of
// them matches any other (see titleHash).
var titles = [...]string{"mr", "mrs", "ms", "miss", "mx", "dr"}

// titleHash stands, in keys, for the hash of any title: nextWord gives it
// for each of them.
const titleHash uint64 = 0x5be0cd19137e2179

// titleHashes are the FNV-1a hashes of titles, as nextWord computes them.
var titleHashes = func() (hs [len(titles)]uint64) {
	for i, t := range titles {
		h := hashSeed
		for j := 0; j < len(t); j++ {
			h = (h ^ uint64(t[j])) * fnvPrime
		}
		hs[i] = h
	}
	return hs
}()

// isTitle reports whether a normalised word is a title.
func isTitle(w []byte) bool {
	for _, t := range titles {
		if string(w) == t {
			return true
		}
	}
	return false
}

// minJoinedLetters is the fewest letters a name written as one word
// ("OliviaWhite", a user name) must have to be looked for: shorter joins
// ("annlee") are too likely part of something else.
const minJoinedLetters = 7

// minNameLetters is the fewest letters a needle of a name in two parts
// has: "a 5 a", of a name with digits, is in too much markup.
const minNameLetters = 4

// minForenameLetters is the fewest letters a forename must have to be
// looked for alone (a warning): "Al" and "Jo" are in too many words.
const minForenameLetters = 3

// upnLen is the length of a UPN: a check letter, eleven digits and a digit
// or letter (a temporary UPN ends in a letter).
const upnLen = 13

// canonWords appends to dst the words of the normalised text t (as
// nextWord splits them) joined by single spaces. drop, when not 0, is a
// byte taken out of t first: '\” makes "o'neill" the one word "oneill".
func canonWords(dst, t []byte, drop byte) []byte {
	if drop != 0 && bytes.IndexByte(t, drop) >= 0 {
		t = bytes.ReplaceAll(t, []byte{drop}, nil)
	}
	first := true
	for i := 0; ; {
		start, end, _ := nextWord(t, i)
		if start == len(t) {
			return dst
		}
		if !first {
			dst = append(dst, ' ')
		}
		dst, first, i = append(dst, t[start:end]...), false, end
	}
}

// words splits canonical words.
func words(t []byte) [][]byte { return bytes.Split(t, []byte{' '}) }

// firstRune is the first character of a canonical word.
func firstRune(w []byte) []byte {
	for i := 1; i < len(w); i++ {
		if w[i]&0xc0 != 0x80 {
			return w[:i]
		}
	}
	return w
}

// runes counts the characters of a canonical word.
func runes(w []byte) int { return bytes.Count(w, nil) - 1 }

// namePart is a part of a pupil's name (forename or surname), as words.
type namePart struct {
	words  []byte // canonical: "o neill"
	joined []byte // apostrophes dropped: "oneill"; words when it has none
	plain  bool   // only letters, spaces, hyphens, apostrophes and full stops
	spaced bool   // several words with spaces between: "Mary Jane", not "Ellie-May"
}

func (nr *needleRun) part(raw string) namePart {
	nr.norm = appendNormal(nr.norm[:0], []byte(raw))
	w := canonWords(nil, nr.norm, 0)
	j := canonWords(nil, nr.norm, '\'')
	if bytes.Equal(w, j) {
		j = w
	}
	plain := !bytes.ContainsFunc(bytes.TrimSpace(nr.norm), func(r rune) bool {
		return !unicode.IsLetter(r) && !strings.ContainsRune(" -'.", r)
	})
	spaced := strings.ContainsFunc(strings.TrimSpace(raw), unicode.IsSpace)
	return namePart{w, j, plain, spaced}
}

// whole is the part's whole spellings: as written, and without its
// apostrophes.
func (p namePart) whole() [][]byte {
	if bytes.Equal(p.joined, p.words) {
		return [][]byte{p.words}
	}
	return [][]byte{p.words, p.joined}
}

// singles is the part's single words, when it has several ("Mary Jane" is
// often "Mary" or "Jane"), of at least minWord characters; none when the
// part is more than a name's letters ("</script><b>x"), whose words are
// markup's too.
func (p namePart) singles(minWord int) [][]byte {
	var out [][]byte
	if ws := words(p.joined); len(ws) > 1 && p.plain {
		for _, w := range ws {
			if runes(w) >= minWord && letters(w) > 0 {
				out = append(out, w)
			}
		}
	}
	return out
}

// needleRun is the needles New's workers make of a run of pupils.
type needleRun struct {
	needles []needle
	text    []byte // their texts; needle.off is within it
	norm    []byte // scratch
	buf     []byte // scratch
}

// pupils makes the needles of the names and UPNs of the pupils
// keep[lo:hi] index and fills in who[lo:hi] (dates of birth are made once a
// date, by New).
func (nr *needleRun) pupils(who []ident, pupils []model.Pupil, keep []int32, school func(model.URN) int32, lo, hi int) {
	for i := lo; i < hi; i++ {
		p := &pupils[keep[i]]
		src := p.Src.File
		if p.Src.Row > 0 {
			src += " row " + strconv.Itoa(p.Src.Row)
		}
		id := &who[i]
		id.src, id.school = src, school(p.URN)
		first := len(nr.needles)
		fore, sur := strings.TrimSpace(p.ID.Forename), strings.TrimSpace(p.ID.Surname)
		hasFore, hasSur := !blankName(fore), !blankName(sur)
		switch {
		case hasFore && hasSur:
			id.name = fore + " " + sur
			nr.twoParts(nr.part(fore), nr.part(sur), int32(i), id.school, first)
		case hasFore || hasSur:
			// A mononym, or a whole name in one column: the part given is
			// the name, found alone (as whole words) when long enough.
			id.name = fore
			if !hasFore {
				id.name = sur
			}
			one := nr.part(id.name)
			for _, s := range [][]byte{one.words, one.joined} {
				if letters(s) >= minOneNameLetters {
					nr.add(s, kindName, flagAlone, int32(i), id.school, first)
				}
			}
		}
		if p.ID.UPN != "" {
			id.upn = p.ID.UPN
			nr.norm = appendNormal(nr.norm[:0], []byte(p.ID.UPN))
			nr.add(canonWords(nr.buf[:0], nr.norm, 0), kindUPN, 0, int32(i), id.school, first)
		}
		if d := p.ID.DOB; !d.IsZero() {
			id.dob = d.Format("2006-01-02")
		}
	}
}

// twoParts makes the needles of a name given in two parts.
func (nr *needleRun) twoParts(f, s namePart, who, school int32, first int) {
	fw, sw := f.whole(), s.whole()
	pair := func(a, b []byte, flags uint8) {
		nr.buf = append(append(append(nr.buf[:0], a...), ' '), b...)
		if len(nr.buf) >= minNameLen && letters(nr.buf) >= minNameLetters {
			nr.add(nr.buf, kindName, flags, who, school, first)
		}
	}
	// The whole name either way round ("White, Olivia"), and a word of a
	// part of several with the other part whole, forename first. Forename
	// first, initials may stand between them ("Olivia J. White").
	for _, a := range fw {
		for _, b := range sw {
			pair(a, b, flagMiddle)
			pair(b, a, 0)
		}
	}
	for _, a := range f.singles(2) {
		// A forename of two letters that is an element's name ("Li" of
		// "Li Na", "Em" of "Em Rose") is looked for with the surname in
		// the text of pages only: in bytes, "li li" is every list's
		// markup, a stylesheet's "ul li li" or a script's "</li><li>".
		// The whole name is still looked for in bytes.
		flags := flagMiddle
		if runes(a) <= 2 && (inlineTags[string(a)] || blockTags[string(a)]) {
			flags |= flagMarkup
		}
		for _, b := range sw {
			pair(a, b, flags)
		}
	}
	for _, b := range s.singles(3) {
		for _, a := range fw {
			pair(a, b, flagMiddle)
		}
	}
	// Written as one word: a user name, an email address's "oliviawhite".
	f0, sj := words(f.joined)[0], bytes.ReplaceAll(s.joined, []byte{' '}, nil)
	for _, a := range [][]byte{bytes.ReplaceAll(f.joined, []byte{' '}, nil), f0} {
		j := append(append([]byte(nil), a...), sj...)
		if letters(j) >= minJoinedLetters {
			// Its words, as a scan splits them: joined, a name with
			// digits is words still ("a" and "000aaa" are "a 000 aaa").
			nr.buf = canonWords(nr.buf[:0], j, 0)
			nr.add(nr.buf, kindName, 0, who, school, first)
		}
	}
	// An initial and the surname ("O. White", and with more initials "O.
	// J. White"), the forename and an initial ("Olivia W."), a title and
	// the surname ("Ms White").
	if runes(f0) > 1 {
		for _, b := range sw {
			pair(firstRune(f0), b, flagDotFirst|flagMiddle)
		}
	}
	if s0 := words(s.words)[0]; runes(s0) > 1 || len(words(s.words)) > 1 {
		pair(f0, firstRune(s0), flagDotLast)
	}
	for _, b := range sw {
		pair([]byte(titles[0]), b, flagTitle)
	}
	// The forename alone: a warning, as it is also an ordinary word of
	// some page more often than not. Each name of a forename of several
	// ("Mary Jane"), but not each part of one name ("Ellie-May": "may").
	alone := fw
	if f.spaced {
		alone = append(alone, f.singles(minForenameLetters)...)
	}
	for _, a := range alone {
		if letters(a) >= minForenameLetters {
			nr.add(a, kindName, flagWarn, who, school, first)
		}
	}
}

// add makes a needle of t, canonical words, keyed as scan will meet it: by
// its first words. It makes none when t has no word, or when the pupil's
// needles from first on have one with the same text and flags.
func (nr *needleRun) add(t []byte, kind, flags uint8, who, school int32, first int) {
	for _, nd := range nr.needles[first:] {
		if nd.kind == kind && nd.flags == flags && bytes.Equal(nr.text[nd.off:nd.off+nd.n], t) {
			return
		}
	}
	off := len(nr.text)
	nr.text = append(nr.text, t...)
	nd, ok := makeNeedle(nr.text[off:], off)
	if !ok {
		nr.text = nr.text[:off] // no word to find it by
		return
	}
	nd.who, nd.school, nd.kind, nd.flags = who, school, kind, flags
	nr.needles = append(nr.needles, nd)
}

// makeNeedle keys a needle whose text, canonical words, is t at off.
func makeNeedle(t []byte, off int) (needle, bool) {
	k, n, h := 0, 0, hashSeed
	for i := 0; ; n++ {
		ws, we, wh := nextWord(t, i)
		if ws == len(t) {
			break
		}
		if k < keyWords {
			h, k = combine(h, wh), k+1
		}
		i = we
	}
	if k == 0 || n > 255 {
		return needle{}, false
	}
	return needle{key: h, off: uint32(off), n: uint32(len(t)), next: -1, keyLen: uint8(k), words: uint8(n)}, true
}

// months are the months' names, and their usual short forms.
var months = [...][]string{
	{"january", "jan"}, {"february", "feb"}, {"march", "mar"}, {"april", "apr"}, {"may"}, {"june", "jun"},
	{"july", "jul"}, {"august", "aug"}, {"september", "sep", "sept"}, {"october", "oct"},
	{"november", "nov"}, {"december", "dec"},
}

// ordinal is the suffix of a day of the month: "22nd".
func ordinal(d int) string {
	switch {
	case d == 11 || d == 12 || d == 13:
		return "th"
	case d%10 == 1:
		return "st"
	case d%10 == 2:
		return "nd"
	case d%10 == 3:
		return "rd"
	}
	return "th"
}

// dateForms are the ways a date of birth is written, as canonical words:
// ISO (and ISO date-times), day-month-year with a year of two or four
// digits, yyyymmdd, and the day and month's name either way round ("22
// February 2009", "22nd Feb 2009", "February 22, 2009"). A day or month of
// one digit is written with and without its zero, but for a two-digit year.
// Separators are not part of a needle, but a date's are checked where it is
// found (see dateSeparated): figures of a table are not a date.
func dateForms(d time.Time) []string {
	y, m, day := d.Date()
	yyyy, yy := strconv.Itoa(y), d.Format("06")
	dd, mm, ds, ms := d.Format("02"), d.Format("01"), strconv.Itoa(day), strconv.Itoa(int(m))
	forms := []string{yyyy + " " + mm + " " + dd, dd + " " + mm + " " + yyyy, ds + " " + ms + " " + yyyy, d.Format("20060102"), dd + " " + mm + " " + yy}
	for _, name := range months[m-1] {
		forms = append(forms, ds+" "+name+" "+yyyy, ds+" "+ordinal(day)+" "+name+" "+yyyy, name+" "+ds+" "+yyyy, name+" "+ds+" "+ordinal(day)+" "+yyyy)
	}
	out := forms[:0]
	for _, f := range forms {
		if !contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// compactUPN is a UPN as a scan glues it from its words ("q 934 3430
// 13246"), or false when t, canonical words, is not one.
func compactUPN(t []byte) (u [upnLen]byte, ok bool) {
	n := 0
	for _, c := range t {
		if c == ' ' {
			continue
		}
		if n == upnLen {
			return u, false
		}
		u[n], n = c, n+1
	}
	return u, n == upnLen && isUPN(u[:])
}

// isUPN reports whether 13 normalised bytes are a UPN: a letter, eleven
// digits, and a digit or letter.
func isUPN(u []byte) bool {
	if len(u) != upnLen || u[0] < 'a' || u[0] > 'z' {
		return false
	}
	for _, c := range u[1:12] {
		if c < '0' || c > '9' {
			return false
		}
	}
	c := u[12]
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z'
}

// maxDateWords is the most words a form of a date has ("february 22 nd
// 2009").
const maxDateWords = 4

// wordAt is where a word is in a normalised text: hay[start:end].
type wordAt struct{ start, end int }

// dateSeparated reports whether the words of a date found in hay, at,
// are separated as a date's are, not as figures': the separators of a date
// in figures alone ("17/11/2011", "17.11.11", "2011-11-17") are one and
// the same '/', '.' or '-' (or its percent escape: "17%2F11%2F2011"), so
// that the figures of a table, a JSON array or a CSV row ("17","11","11";
// 17,11,11; "<td>17</td><td>11</td>", read "17 11" in the page's text) or
// of a sentence ("17 11 11") are not a date. A date with the month's name
// ("17 November 2011", "17th Nov. 2011", "November 17, 2011",
// "17-Nov-2011") may have up to three spaces, commas, full stops, hyphens
// or slashes (or their percent escapes) between its words, or nothing
// ("17th", "17nov2011"), but no quote or tag. A date of one word
// ("20111117") has no separator.
func dateSeparated(hay []byte, at []wordAt) bool {
	if len(at) < 2 {
		return true
	}
	numeric := true
	for _, w := range at {
		if !isDigitByte(hay[w.start]) {
			numeric = false
			break
		}
	}
	if numeric {
		first := hay[at[0].end:at[1].start]
		if n, ok := dateSep(first, "/.-"); !ok || n != 1 {
			return false
		}
		for k := 2; k < len(at); k++ {
			if !bytes.Equal(hay[at[k-1].end:at[k].start], first) {
				return false
			}
		}
		return true
	}
	for k := 1; k < len(at); k++ {
		if n, ok := dateSep(hay[at[k-1].end:at[k].start], " ,./-"); !ok || n > 3 {
			return false
		}
	}
	return true
}

// dateSep reports whether sep is made of bytes of set only, each written
// as itself or as a percent escape ("%2f"; hay is lower-cased), and how
// many of them it has.
func dateSep(sep []byte, set string) (int, bool) {
	n := 0
	for i := 0; i < len(sep); n++ {
		c := sep[i]
		if c == '%' && i+2 < len(sep) && isHex(sep[i+1]) && isHex(sep[i+2]) {
			c = unhex(sep[i+1])<<4 | unhex(sep[i+2])
			i += 3
		} else {
			i++
		}
		if strings.IndexByte(set, c) < 0 {
			return n, false
		}
	}
	return n, true
}
