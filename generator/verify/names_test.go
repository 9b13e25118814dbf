package verify

import (
	"archive/zip"
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/reportpack/reportpack/generator/model"
)

// values is what a scan found, as Finding.Value, but warnings.
func values(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		if !f.Warn {
			out = append(out, f.Value)
		}
	}
	return out
}

// warnings is what a scan warned of, as Finding.Value.
func warnings(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		if f.Warn {
			out = append(out, f.Value)
		}
	}
	return out
}

// A name given in one part (a mononym, or a whole name in one column) is
// looked for alone, as whole words, when it has at least four letters.
func TestOnePartNames(t *testing.T) {
	c := New([]model.Pupil{
		pupil("", "Featherstonehaugh", "", time.Time{}),
		pupil("Madonna", "  ", "", time.Time{}),
		pupil("", "John", "", time.Time{}),
		pupil("", "Li", "", time.Time{}),            // two letters: not looked for
		pupil("Zoë", "", "", time.Time{}),           // three letters: not looked for
		pupil("", "A1B2C3", "", time.Time{}),        // digits are not letters
		pupil("&nbsp;", "Okonkwo", "", time.Time{}), // a forename that is only a space
		pupil("\u200b", "Adebayo", "", time.Time{}), // and only an invisible character
		pupil("", "Priya Sharma", "", time.Time{}),  // the whole name in the surname column
		pupil("", "O'Neill", "", time.Time{}),       // found as typed, too
		pupil("😀", "Castellano", "", time.Time{}),   // no letter: a placeholder, so the surname alone is the name
		pupil("-", "Okafor", "", time.Time{}),       // the placeholder of an export
		pupil("N/A", "Mensah", "", time.Time{}),     // and of a data system
		pupil("Owusu", " unknown ", "", time.Time{}),
		pupil("Xu", "Wen", "", time.Time{}),         // a real two-part name, short
		pupil("Ann", "Lee-Smith", "", time.Time{}),  // two parts: a part alone is not a name
		pupil("", "", "C123456789012", time.Time{}), // no name at all
	})
	cases := []struct {
		in   string
		want []string
	}{
		{"<p>Featherstonehaugh scored</p>", []string{"Featherstonehaugh"}},
		{"FEATHERSTONEHAUGH", []string{"Featherstonehaugh"}},
		{"Feather\u00adstone\u00adhaugh", []string{"Featherstonehaugh"}},
		{"Featherstonehaughs", nil},
		{`{"n":"Madonna"}`, []string{"Madonna"}},
		{"John did well.", []string{"John"}},
		{"John's work", []string{"John"}},
		{"Johnson", nil},
		{"St Johnston", nil},
		{"xJohn", nil},
		{"Li and Zoë and Zoe\u0308 and a1b2c3", nil},
		{"Okonkwo", []string{"Okonkwo"}},
		{"Adebayo", []string{"Adebayo"}},
		{"Priya Sharma", []string{"Priya Sharma"}},
		{"Priya\u00a0Sharma", []string{"Priya Sharma"}},
		{"Sharma, Priya", nil}, // one column: its order is not known, only its text
		{"Sharma", nil},
		{"O\u2019Neill", []string{"O'Neill"}},
		{"O'Neills", nil},
		{"Castellano", []string{"Castellano"}},
		{"😀 Castellano", []string{"Castellano"}},
		{"Okafor's reading", []string{"Okafor"}},
		{"- Okafor", []string{"Okafor"}},
		{"Lee-Smith", nil},
		{"Mensah's writing", []string{"Mensah"}},
		{"N/A Mensah", []string{"Mensah"}},
		{"Owusu", []string{"Owusu"}},
		{"Wen", nil},
		{"Ann Lee-Smith", []string{"Ann Lee-Smith"}},
		{"c123456789012", []string{"C123456789012"}}, // the UPN only
	}
	for _, tc := range cases {
		if got := values(c.Bytes("f", []byte(tc.in))); !slices.Equal(got, tc.want) {
			t.Errorf("%q: found %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A name in one part that is a single word of the vocabulary (the text
// every pack holds) is not looked for alone; every other needle is.
func TestVocabulary(t *testing.T) {
	pupils := []model.Pupil{
		pupil("", "White", "", time.Time{}),       // an ethnic group's label
		pupil("Mark", "", "", time.Time{}),        // of "St Mark’s"
		pupil("", "White Eagle", "", time.Time{}), // two words: still looked for
		pupil("", "Featherstonehaugh", "", time.Time{}),
		pupil("Grace", "White", "", time.Time{}), // two parts: the full name still is
	}
	vocab := []string{"<td>White</td><td>Mixed</td>", "St Mark\u2019s Primary", "eagle"}
	cases := []struct {
		in         string
		with, none []string // found with the vocabulary, and without
	}{
		{"White British", nil, []string{"White"}},
		{"St Mark's", nil, []string{"Mark"}},
		{"White Eagle", []string{"White Eagle"}, []string{"White", "White Eagle"}},
		{"Featherstonehaugh", []string{"Featherstonehaugh"}, []string{"Featherstonehaugh"}},
		{"Grace White", []string{"Grace White"}, []string{"White", "Grace White"}},
	}
	with := New(pupils, Vocabulary([]byte(vocab[0])), Vocabulary([]byte(vocab[1]), []byte(vocab[2])))
	none := New(pupils)
	for _, tc := range cases {
		if got := values(with.Bytes("f", []byte(tc.in))); !slices.Equal(got, tc.with) {
			t.Errorf("with vocabulary, %q: found %q, want %q", tc.in, got, tc.with)
		}
		if got := values(none.Bytes("f", []byte(tc.in))); !slices.Equal(got, tc.none) {
			t.Errorf("without, %q: found %q, want %q", tc.in, got, tc.none)
		}
	}
}

// A name in one part that is a word only of the vocabulary's markup is
// looked for in pages' text, not in raw bytes, where all markup holds it.
func TestVocabularyMarkup(t *testing.T) {
	c := New([]model.Pupil{pupil("", "Lang", "", time.Time{}), pupil("Main", "", "", time.Time{})},
		Vocabulary([]byte(`<html lang="en"><main class="x">Main results</main><script>var lang;</script></html>`)))
	cases := []struct {
		in   string
		want []string
	}{
		{`<html lang="en-GB"><body>`, nil},
		{`<script type="application/json">{"lang":"en"}</script>`, nil},
		{"<p>Lang's maths improved.</p>", []string{"Lang"}},
		{"<p><b>Lang</b></p>", []string{"Lang"}},
		{"<p>Main results</p>", nil}, // a word of the text: not looked for at all
	}
	for _, tc := range cases {
		if got := values(c.File("page.html", []byte(tc.in))); !slices.Equal(got, tc.want) {
			t.Errorf("%q: found %q, want %q", tc.in, got, tc.want)
		}
	}
}

// NotNames passes over the names in one part that a site lists, in any
// spelling; Shipped passes over files (and archive members) with exactly
// the bytes of reportpack's own; Finding.Alone tells one-part names apart.
func TestNotNamesAndShipped(t *testing.T) {
	pupils := []model.Pupil{
		pupil("", "Young", "", time.Time{}),
		pupil("", "Priya Sharma", "", time.Time{}),
		pupil("", "Little", "", time.Time{}),
		pupil("Ann", "Young", "", time.Time{}),
	}
	shipped := []byte("body { color: Little; }")
	c := New(pupils, NotNames("YOUNG", " priya\u00a0sharma "), Shipped(shipped))
	cases := []struct {
		in   string
		want []string
	}{
		{"young people", nil},
		{"Priya Sharma", nil},
		{"carry little weight", []string{"Little"}},
		{"Ann Young", []string{"Ann Young"}},
	}
	for _, tc := range cases {
		if got := values(c.File("f.html", []byte(tc.in))); !slices.Equal(got, tc.want) {
			t.Errorf("%q: found %q, want %q", tc.in, got, tc.want)
		}
	}
	if f := c.File("f.html", []byte("a little")); len(f) != 1 || !f[0].Alone {
		t.Errorf("a one-part name: %+v, want Alone", f)
	}
	if f := c.File("f.html", []byte("Ann Young")); len(f) != 1 || f[0].Alone {
		t.Errorf("a two-part name: %+v, want not Alone", f)
	}
	if f := c.File("a.css", shipped); len(f) > 0 {
		t.Errorf("a shipped file: %v", f)
	}
	changed := append([]byte(nil), shipped...)
	changed[0] = 'B'
	if f := c.File("a.css", changed); len(values(f)) != 1 {
		t.Errorf("a file one byte from a shipped one: %v, want Little", f)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, b := range map[string][]byte{"assets/a.css": shipped, "b.css": changed} {
		w, _ := zw.Create(name)
		w.Write(b)
	}
	zw.Close()
	if f := c.File("pack.zip", buf.Bytes()); len(f) != 1 || f[0].File != "pack.zip!b.css" {
		t.Errorf("in a zip: %v, want b.css only", f)
	}
}

// Apostrophes, dashes, spaces and invisible characters as authors type them
// match the name as the data spells it, and the other way about.
func TestTypedVariants(t *testing.T) {
	c := New([]model.Pupil{
		pupil("Mary-Jane", "O'Brien", "", time.Time{}),
		pupil("Anna\u2011Lena", "M\u00fcller", "", time.Time{}), // a non-breaking hyphen in the data
		pupil("Siobhán", "Ní Bhriain", "", time.Time{}),
	})
	const mj, al, sn = "Mary-Jane O'Brien", "Anna\u2011Lena M\u00fcller", "Siobhán Ní Bhriain"
	cases := []struct {
		in   string
		want []string
	}{
		{"Mary-Jane O\u2019Brien", []string{mj}},
		{"Mary-Jane O\u2018Brien", []string{mj}},
		{"Mary-Jane O\u02bcBrien", []string{mj}},
		{"Mary-Jane O&rsquo;Brien", []string{mj}},
		{`"Mary-Jane O\u2019Brien"`, []string{mj}},
		{"Mary\u2010Jane O'Brien", []string{mj}},
		{"Mary\u2011Jane O'Brien", []string{mj}},
		{"Mary\u2013Jane O'Brien", []string{mj}},
		{"Mary&#8209;Jane O'Brien", []string{mj}},
		{"O\u2019Brien, Mary\u2013Jane", []string{mj}},
		{"Mary-Jane\u2009O'Brien", []string{mj}},
		{"Mary-Jane\u202fO'Brien", []string{mj}},
		{"Mary-Jane\u2007O'Brien", []string{mj}},
		{"Mary-Jane\u3000O'Brien", []string{mj}},
		{"Mary-Jane\u205f\u2009 O'Brien", []string{mj}},
		{"Ma\u00adry-Jane O'Brien", []string{mj}},
		{"Mary-Jane O'Bri\u200ben", []string{mj}},
		{"Mary-Jane O'Bri\u200cen", []string{mj}},
		{"Mary-Jane O'Bri\u200den", []string{mj}},
		{"Mary-Jane O'Bri\u2060en", []string{mj}},
		{"\ufeffMary-Jane O'Bri\ufeffen", []string{mj}},
		{"Mary-Jane O'Bri&shy;en", []string{mj}},
		{"Mary-Jane \u200bO'Brien", []string{mj}},
		{"Anna-Lena M\u00fcller", []string{al}},
		{"Anna\u2013Lena Mu\u0308ller", []string{al}},
		{"Siobh\u00e1n\u202fN\u00ed\u00a0Bhriain", []string{sn}},
		{"Siobha\u200b\u0301n Ní Bhriain", []string{sn}}, // the accent composes across it
		// A dash is a separator like a space, and an apostrophe may be
		// left out.
		{"Mary Jane O'Brien", []string{mj}},
		{"Mary-Jane OBrien", []string{mj}},
		{"Mary-Jane O'Brien\u2010Smith", []string{mj}}, // the name, then more: a leak
		{"Anna Lena Müller", []string{al}},
		// Not the name.
		{"Mary-Jane O'Briens", nil},
		{"Mary-Jane Brienne", nil},
	}
	for _, tc := range cases {
		if got := values(c.Bytes("f", []byte(tc.in))); !slices.Equal(got, tc.want) {
			t.Errorf("%q: found %q, want %q", tc.in, got, tc.want)
		}
	}
}

// foldRune's one-load table misses no rune that it folds: it agrees with
// the reference for every rune.
func TestFoldRune(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if 0xd800 <= r && r < 0xe000 {
			continue
		}
		want := refFoldRune(r)
		got := ""
		if f := foldRune(r); f >= 0 {
			got = string(f)
		}
		if two, ok := twoLetters[r]; ok {
			got = two // appendLowerCollapse writes them
		}
		if got != want {
			t.Fatalf("foldRune(%U) = %q, want %q", r, got, want)
		}
	}
	// And the characters the red team typed.
	for _, s := range []string{"\u2019", "\u2010\u2011\u2013", "\u2009\u202f\u2007\u3000", "\u00ad\u200b\u200c\u200d\u2060\ufeff"} {
		if got := strings.Map(foldRune, s); strings.Trim(got, "' -") != "" {
			t.Errorf("%+q folds to %+q", s, got)
		}
	}
}

// blankName's plain-ASCII path agrees with normalising the part: random
// parts made of placeholders' pieces, cases, spaces and escapes.
func TestBlankNameFastPath(t *testing.T) {
	slow := func(s string) bool {
		n := strings.TrimSpace(normalise(s))
		return !strings.ContainsFunc(n, isWord) || placeholders[n]
	}
	pieces := []string{"n", "N", "/", "a", "A", " ", "  ", "not", "known", "Known", "x", "X", "-", ".", "k", "&amp;", "é", "null", "TBC", "0", "unknown", "\u200b"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		var b strings.Builder
		for range r.IntN(5) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := strings.TrimSpace(b.String())
		if blankName(s) != slow(s) {
			t.Fatalf("%q: fast %v slow %v", s, blankName(s), slow(s))
		}
	}
}
