package verify

import (
	"archive/zip"
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/sample"
)

// Texts that exercise each way normalising can reach across bytes: every
// one must normalise as the reference pipeline does, whole.
var normaliseCases = []string{
	"",
	" ",
	"plain ASCII   with   runs of spaces\tand\ttabs\nAND CAPITALS",
	"Zo&euml; O&#39;Brien-Smith",
	"Zoë O&#x27;Brien-Smith",
	`{"name":"Zo\u00eb O\u0027Brien-Smith"}`,
	"Zoe\u0308 O'Brien-Smith",
	"Zoë\u00a0O'Brien-Smith",
	"Zoë \u00a0 \u00a0O'Brien-Smith",
	"Quill, &lt;/script&gt;&lt;b&gt;x",
	`"\u003c/script\u003e\u003cb\u003ex Quill"`,
	// A combining mark decoded from an entity or escape composes with the
	// '<', '=' or '>' before it.
	"a <&#824; b", "a =&#x338; b", `x >\u0338 y`, "<&#824;", "&#824;",
	"a <\u0338 b", "e&#769;", `e\u0301`, "E&#x301; ",
	// An escape that makes an entity, and an entity that makes nothing.
	`\u0026amp; \u0026lt;b\u0026gt; \x26#65;`,
	"&#0000000000000000000000000000065; &#x000000000000041;",
	"&#65 &#65x &#6 &# &#; &#x; & &; &&amp; &amp &ampx &copy2024",
	"&CounterClockwiseContourIntegral; &nGt; &NotNestedGreaterGreater;",
	"&" + strings.Repeat("a", 40) + "; &amp" + strings.Repeat("b", 40),
	"&#12345678901234567890; &#xFFFFFFFFFF; &#128; &#x9F; &#0;",
	`\\u0041 \u00 \x4 \' \" \/ \\' \u00a0\u00A0x \xa0 \u0020 \u00e9\u0301`,
	"trailing &", `trailing \`, "trailing &#", "trailing &#1", "trailing \xe2\x80",
	// Invalid UTF-8, alone and among escapes.
	"a\xffb \xff\xfe ok \xc3", "\xff&amp;\xff", "\xc3\x28 \xe2\x82 \xed\xa0\x80",
	// Non-ASCII that is not a name: dashes, bullets, letters to lower-case.
	"0.27 – 0.53 · ÀÉÎÕÜ Σίσυφος ΣΑΣ İstanbul ǅ",
	"\u212a\u00c5 \u1e9e ﬁ",
	// Long runs of combining marks (NFC inserts U+034F after 30).
	"a" + strings.Repeat("\u0301", 40) + " b",
	"a" + strings.Repeat("&#769;", 40) + " b",
	// Hangul composes jamo.
	"\u1100\u1161 \u1100&#x1161; x",
	"<td>Ann&nbsp;Lee</td><td>Lee,&#160;Ann</td>",
	"  leading and trailing  ",
	"a;&amp;;b #&#35;# \\&amp; &\\u0041",
	// What authors type: apostrophes, dashes, spaces, invisible characters,
	// raw, as entities and as escapes, and between words and spaces.
	"O\u2019Brien O\u2018Brien O\u02bcBrien O\u00b4Brien O\uff07Brien O&rsquo;Brien O&#146;Brien `O\\u2019Brien`",
	"Mary\u2010Jane Mary\u2011Jane Mary\u2013Jane Mary\u2014Jane 3\u22122 Mary&ndash;Jane Mary&#8209;Jane",
	"a\u2009b\u202fc\u2007d\u3000e\u205ff\u1680g\u2028h\u2029i\u0085j \u3000 \u2009k",
	"Jo\u00adhn Jo\u200bhn Jo\u200chn Jo\u200dhn Jo\u2060hn Jo\ufeffhn Jo\u200ehn Jo&shy;hn Jo&#8203;hn `Jo\\u200bhn`",
	"a \u200b b a\u200b b a \u200bb \u200b \u200b x\u200b\u00a0\u200by",
	// A mark composes across a dropped invisible character.
	"Siobha\u200b\u0301n e\u00ad\u0301 <\u2060\u0338 x\U000e0041y",
}

func TestNormaliseMatchesReference(t *testing.T) {
	for _, s := range normaliseCases {
		for _, in := range []string{s, "x " + s + " y", "<p>" + s + "</p>", strings.ToUpper(s), s + s} {
			if got, want := normalise(in), refNormalise(in); got != want {
				t.Errorf("normalise(%q)\n = %q\nwant %q", in, got, want)
			}
		}
	}
}

// Random texts of the pieces escapes, entities and runs of spaces are made
// of, long enough to cross the eight-byte steps of the plain path in every
// alignment: they normalise as the reference does.
func TestNormaliseRandomMatchesReference(t *testing.T) {
	pieces := []string{" ", " ", "  ", "a", "Z", "Q", "0", "9", "x", "u", "#", ";", "&", "\\", "<", ">", "=", ",", "\t", "\n",
		"&amp;", "&#", "&#x", "&#39;", "&nbsp;", "&lt", "\\u00", "\\u0026", "\\u0338", "\\x41", "\\'", "e\u0301", "\u0301",
		"\u0338", "é", "É", "\u00a0", "–", "\xff", "\xc3", "İ", "\u212a", "abcdefgh", "ABCDEFGH", "@[`{",
		"\u200b", "\u00ad", "\ufeff", "\u2019", "\u2011", "\u2009", "\u3000", "&shy;", "&rsquo;", "\\u200b", "\\u2013"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(40) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		in := b.String()
		if got, want := normalise(in), refNormalise(in); got != want {
			t.Fatalf("normalise(%q)\n = %q\nwant %q", in, got, want)
		}
	}
	// Every byte, in every position of an eight-byte step.
	for c := range 256 {
		for pos := range 9 {
			in := strings.Repeat("Ab ", 3)[:pos] + string(rune(0)) + "  xY  z"
			in = strings.Replace(in, string(rune(0)), string([]byte{byte(c)}), 1)
			if got, want := normalise(in), refNormalise(in); got != want {
				t.Fatalf("normalise(%q)\n = %q\nwant %q", in, got, want)
			}
		}
	}
}

// FuzzNormalise holds the fast normaliser to the reference on any input.
func FuzzNormalise(f *testing.F) {
	for _, s := range normaliseCases {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := string(appendNormal(nil, b)), refNormalise(string(b)); got != want {
			t.Errorf("appendNormal(%q)\n = %q\nwant %q", b, got, want)
		}
	})
}

// same reports any difference between what the Checker and the reference
// find in b, as a file and as an HTML page (whose markup words are not
// words: see blankMarkup).
func same(t *testing.T, c *Checker, ref *refChecker, b []byte) {
	t.Helper()
	for _, name := range []string{"f", "f.html"} {
		got, want := c.Bytes(name, b), ref.refBytes(name, b)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("in %q as %s:\n found %v\n want  %v\n%s", b, name, got, want, diffFindings(got, want))
		}
	}
}

// diffFindings describes how two lists of findings differ, field by field:
// two findings can print the same (String leaves out Match, Alone...) and
// differ.
func diffFindings(got, want []Finding) string {
	var b strings.Builder
	if len(got) != len(want) {
		fmt.Fprintf(&b, " %d findings, want %d\n", len(got), len(want))
	}
	for i := range max(len(got), len(want)) {
		switch {
		case i >= len(got):
			fmt.Fprintf(&b, " [%d] missing: %#v\n", i, want[i])
		case i >= len(want):
			fmt.Fprintf(&b, " [%d] extra: %#v\n", i, got[i])
		case got[i] != want[i]:
			g, w := reflect.ValueOf(got[i]), reflect.ValueOf(want[i])
			for f := range g.NumField() {
				if gf, wf := g.Field(f).Interface(), w.Field(f).Interface(); gf != wf {
					fmt.Fprintf(&b, " [%d].%s = %#v, want %#v\n", i, g.Type().Field(f).Name, gf, wf)
				}
			}
		}
	}
	return b.String()
}

// canonicalNeedles reports any needle whose text is not its words, as a
// scan splits them, joined by single spaces: New keys and compares needles
// by their text.
func canonicalNeedles(t *testing.T, c *Checker) {
	t.Helper()
	for _, nd := range c.needles {
		txt := c.text[nd.off : nd.off+nd.n]
		if cw := canonWords(nil, txt, 0); !bytes.Equal(cw, txt) {
			t.Errorf("needle %q is not canonical: %q", txt, cw)
		}
	}
}

// The Checker finds what the reference finds, in the same order, in the
// spellings and escapings TestBytes tries, set in plain ASCII and in text
// that needs the full pipeline.
func TestBytesMatchesReference(t *testing.T) {
	ps := append(pupils,
		pupil("Al", "Li", "B123456789012", time.Date(2010, 1, 2, 0, 0, 0, 0, time.UTC)),
		pupil("Ann", "Lee", "", time.Date(2009, 3, 14, 0, 0, 0, 0, time.UTC)), // shares a birthday
		pupil("Éloïse", "Ng", "", time.Time{}),
		pupil("A,b", "C", "", time.Time{}),
		pupil("Ann", "Lee-Jones Smith", "", time.Time{}),
		// Names in one part, and parts that are blank once normalised.
		pupil("", "Featherstonehaugh", "", time.Time{}),
		pupil("Madonna", "", "", time.Time{}),
		pupil("&nbsp;", "Okonkwo", "", time.Time{}),
		pupil("\u200b", "Li", "", time.Time{}),
		pupil("", "Priya Sharma", "", time.Time{}),
		pupil("Mary\u2011Jane", "O\u2019Neill", "", time.Time{}),
		pupil("-", "Okafor", "", time.Time{}),
		pupil("😀", "Castellano", "", time.Time{}),
	)
	c, ref := New(ps), refNew(ps)
	names := []string{
		"Zoë O'Brien-Smith", "O'Brien-Smith, Zoë", "ZOË O'BRIEN-SMITH", "Zo&euml; O&#39;Brien-Smith",
		`Zo\u00eb O\u0027Brien-Smith`, "Zoe\u0308 O'Brien-Smith", "Zoë\u00a0O'Brien-Smith", "Zoë \u00a0  O'Brien-Smith",
		"Quill, &lt;/script&gt;&lt;b&gt;x", `\u003c/script\u003e\u003cb\u003ex Quill`, "</script><b>x Quill",
		"A123456789012", "a123456789012", "2009-03-14", "14/03/2009", "14/3/2009", "20090314",
		"Lee, Ann", "Lee,Ann", "LEE,  ANN", "Ann Lee", "Ann\tLee", "Lee\tAnn", "Ann Leeds", "xAnn Lee", "Ann Lee-Jones Smith",
		"Al Li", "Li, Al", "Li,Al", "2010-01-02", "02/01/2010", "2/1/2010", "20100102",
		"Éloïse Ng", "E\u0301loi\u0308se NG", "&Eacute;lo&iuml;se Ng", `\u00c9lo\u00efse Ng`, "Ng, Éloïse",
		"A,b C", "C, A,b", "C,A,b",
		"Ann Lee-Jones Smith", "Lee-Jones Smith, Ann",
		"Featherstonehaugh", "FEATHERSTONE\u00adHAUGH", "Madonna", "Okonkwo", "Li", "Priya Sharma", "Priya\u202fSharma",
		"Mary-Jane O'Neill", "Mary\u2013Jane O\u2019Neill", "O&rsquo;Neill, Mary&#8209;Jane", "Mary-Jane\u200b O'Neill",
		"O\u2019Brien\u2010Smith, Zo\u00eb", "Ann\u2009Lee", "Ann\u3000\u3000Lee", "Okafor", "- Okafor", "😀 Castellano",
		// Initials between a name's words.
		"Ann J. Lee", "Ann J.K. Lee", "A. J. Lee", "A.J.Lee", "Ann J. K. L. Lee", "Ann J. K. L. M. Lee", "A. B. C. D. Lee",
		"Ann, j. Lee", "Ann J Lee", "Ann Q. Lee-Jones Smith", "Zoë Q. O'Brien-Smith", "Z. Q. O'Brien-Smith",
		"Mary-Jane X. O'Neill", "Ann J. É. Lee", "Ann 1. Lee", "Ann J. Lee.", "Ann J. K.", "J. Ann J. Lee",
		// Dates, and figures that are not (see dateSeparated).
		"14.03.2009", "14-03-2009", "14/03/09", "14.03.09", "14-03-09", "2009/03/14", "2009.03.14", "14%2F03%2F2009",
		"14%2f03/2009", "14 03 2009", "14 03 09", "14,03,09", `"14","03","09"`, "<td>14</td><td>03</td><td>09</td>",
		"14-03/2009", "14 / 03 / 2009", "14//03//2009", "14\u201303\u20132009", "14&#47;03&#47;2009", `14\/03\/2009`,
		"14 March 2009", "March 14, 2009", "14th Mar. 2009", "14-Mar-2009", "14MAR2009", "14, mar, 2009", "14 , , mar 2009",
		"14%20March%202009", `"14","march","2009"`, "14 <b>March</b> 2009", "2/1/10", "02/01/10", "2.1.2010", "2010-1-2",
	}
	frames := []string{
		"%s",
		" %s ",
		"Pupil: %s scored",
		"<td>%s</td>",
		`{"n":"%s"}`,
		"0.27 – 0.53 · %s · ok",
		"&amp; %s &amp;",
		"x%sx",
		"1%s1",
		"%s, %s",
		"A123456789012 %s 2009-03-14",
		"urn,year\n900001,2025,%s,14,03,2009\n",
		"\xff%s\xff",
	}
	for _, n := range names {
		for _, fr := range frames {
			in := strings.ReplaceAll(fr, "%s", n)
			same(t, c, ref, []byte(in))
			same(t, c, ref, []byte(strings.ToUpper(in)))
		}
	}
	// All of them in one text, in both orders.
	all := strings.Join(names, " | ")
	same(t, c, ref, []byte(all))
	same(t, c, ref, []byte(strings.Join(names, "")))
	for i, j := 0, len(names)-1; i < j; i, j = i+1, j-1 {
		names[i], names[j] = names[j], names[i]
	}
	same(t, c, ref, []byte(strings.Join(names, "&nbsp;")))
	for _, s := range normaliseCases {
		same(t, c, ref, []byte(s))
	}
}

// A sample LA's identities (more than one of New's runs of pupils, so that
// their order is joined back) planted in a page: the Checker finds each
// pupil the reference finds, in the same order.
func TestSampleMatchesReference(t *testing.T) {
	d := sample.Generate(sample.Options{Schools: 16, Pupils: 60, Years: 3, Seed: 3})
	if len(d.Pupils) < 2500 {
		t.Fatalf("only %d pupils", len(d.Pupils))
	}
	c, ref := New(d.Pupils), refNew(d.Pupils)
	var page bytes.Buffer
	page.WriteString("<table>\n")
	for i, p := range d.Pupils {
		if i%7 != 0 {
			continue
		}
		id := p.ID
		switch i % 5 {
		case 0:
			fmt.Fprintf(&page, "  <tr><td>%s, %s</td><td>%s</td></tr>\n", id.Surname, id.Forename, id.UPN)
		case 1:
			fmt.Fprintf(&page, `{"n":"%s\u00a0%s","d":"%s"}`+"\n", id.Forename, id.Surname, id.DOB.Format("02/01/2006"))
		case 2:
			fmt.Fprintf(&page, "%s %s – %s\n", strings.ToUpper(id.Forename), id.Surname, id.DOB.Format("2006-01-02"))
		case 3:
			fmt.Fprintf(&page, "%s&nbsp;%s,%s\n", id.Forename, id.Surname, strings.ToLower(id.UPN))
		default:
			fmt.Fprintf(&page, "%s\t%s %s\n", id.Surname, id.Forename, id.DOB.Format("20060102"))
		}
	}
	got, want := c.Bytes("p", page.Bytes()), ref.refBytes("p", page.Bytes())
	if len(want) < 1000 {
		t.Fatalf("the reference found only %d", len(want))
	}
	if !reflect.DeepEqual(got, want) {
		i := firstDiff(got, want)
		t.Fatalf("found %d, the reference %d; first difference at %d:\n%s", len(got), len(want), i,
			diffFindings(got[i:min(i+1, len(got))], want[i:min(i+1, len(want))]))
	}
	// And in a workbook of that page.
	wb := zipOf(t, map[string]string{"xl/sharedStrings.xml": page.String(), "xl/styles.xml": "<x/>"})
	if got, want := c.Bytes("m.xlsx", wb), ref.refBytes("m.xlsx", wb); !reflect.DeepEqual(got, want) {
		t.Fatalf("workbook: found %d, the reference %d", len(got), len(want))
	}
}

// Each school's view (see For), which scans with filters of only the
// needles it can find (see makeFilters), finds what the reference finds
// for that school in a page of every school's pupils: its own, a date of
// birth it shares with a pupil of another school or of none, a pupil of
// no school, and a phrase that is not a pupil; and so does the view of
// every pupil, made from a school's.
func TestSchoolViewsMatchReference(t *testing.T) {
	d := sample.Generate(sample.Options{Schools: 6, Pupils: 30, Years: 2, Seed: 5})
	ps := append(d.Pupils,
		pupil("Nadia", "Schoolless", "K123456789012", d.Pupils[0].ID.DOB), // of no school
		pupil("Olwen", "Quarry", "", time.Time{}))
	ps[len(ps)-1].URN = d.Pupils[len(d.Pupils)-1].URN
	c := New(ps, NotNames("Olwen Quarry Lane"))
	if c.bySchool == nil {
		t.Fatal("no filters by school")
	}
	var page bytes.Buffer
	for i, p := range ps {
		id := p.ID
		switch i % 4 {
		case 0:
			fmt.Fprintf(&page, "<td>%s, %s</td><td>%s</td>\n", id.Surname, id.Forename, id.UPN)
		case 1:
			fmt.Fprintf(&page, "%s %s %s\n", id.Forename, id.Surname, id.DOB.Format("02/01/2006"))
		case 2:
			fmt.Fprintf(&page, "%s. %s, %s\n", id.Forename[:1], id.Surname, strings.ToLower(id.UPN))
		default:
			fmt.Fprintf(&page, "%s J. %s %s\n", id.Forename, id.Surname, id.DOB.Format("2 January 2006"))
		}
	}
	page.WriteString("Olwen Quarry Lane; Olwen; Nadia Schoolless K1234 5678 9012\n")
	urns := []model.URN{""}
	for _, p := range d.Pupils {
		if !slices.Contains(urns, p.URN) {
			urns = append(urns, p.URN)
		}
	}
	for _, u := range urns {
		for _, v := range []*Checker{c.For(u), c.For(d.Pupils[0].URN).For(u)} {
			got, want := v.Bytes("p.html", page.Bytes()), refOf(v).refBytes("p.html", page.Bytes())
			if len(want) == 0 {
				t.Fatalf("%q: the reference found nothing", u)
			}
			if !reflect.DeepEqual(got, want) {
				i := firstDiff(got, want)
				t.Fatalf("%q: found %d, the reference %d; first difference at %d:\n%s", u, len(got), len(want), i,
					diffFindings(got[i:min(i+1, len(got))], want[i:min(i+1, len(want))]))
			}
		}
	}
}

func firstDiff(a, b []Finding) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// FuzzMatchesReference holds the Checker to the reference on any input
// and any pupil: the same findings, in the same order.
func FuzzMatchesReference(f *testing.F) {
	f.Add([]byte("Zoë O'Brien-Smith"), "Zoë", "O'Brien-Smith", "A123456789012", int64(0))
	f.Add([]byte("Zo&euml; O&#39;Brien-Smith, 14/03/2009"), "Zoë", "O'Brien-Smith", "", int64(14000))
	f.Add([]byte(`"\u003c/script\u003e\u003cb\u003ex Quill"`), "</script><b>x", "Quill", "", int64(-1))
	f.Add([]byte("Lee,\u00a0 Ann Lee"), "Ann", "Lee", "x", int64(1))
	f.Add([]byte("PK\x03\x04"), "a", "b", "", int64(0))
	f.Add([]byte("Ann J. K. Lee, A. J. Lee; A.J.K.L.Lee"), "Ann", "Lee", "", int64(0))
	// Figures that are not a date of birth (2011-11-17), and dates that are.
	f.Add([]byte(`{"rows":[["17","11","11"]]} 17,11,11 <td>17</td><td>11</td><td>2011</td> 17 11 11`), "Ann", "Lee", "", int64(4338))
	f.Add([]byte("17/11/11 17.11.2011 17-11-2011 2011-11-17 17 November 2011 November 17th, 2011 17%2F11%2F11"), "Ann", "Lee", "", int64(4338))
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	for _, m := range []string{"<t>Lee, Ann</t>", "2/1/2010"} {
		w, _ := zw.Create(m[:2] + ".xml")
		w.Write([]byte(m))
	}
	zw.Close()
	f.Add(zb.Bytes(), "Ann", "Lee", "", int64(3654))
	f.Fuzz(func(t *testing.T, b []byte, fore, sur, upn string, days int64) {
		var dob time.Time
		if days > 0 {
			dob = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(days%20000))
		}
		ps := []model.Pupil{pupil(fore, sur, upn, dob), pupil(sur, fore, "", time.Time{})}
		c, ref := New(ps), refNew(ps)
		canonicalNeedles(t, c)
		same(t, c, ref, b)
		// The identities themselves, in the text.
		for _, s := range []string{fore + " " + sur, sur + ", " + fore, upn, dob.Format("02/01/2006")} {
			same(t, c, ref, append(append([]byte(s), ' '), b...))
			same(t, c, ref, append(append(b[:len(b):len(b)], ' '), s...))
		}
	})
}

// lowerSWAR agrees with lowerASCII for every byte in every position.
func TestLowerSWAR(t *testing.T) {
	for c := range utf8.RuneSelf {
		for pos := range 8 {
			v := uint64('.')*lowBits&^(0xff<<(8*pos)) | uint64(c)<<(8*pos)
			for k := range 8 {
				b := byte(v >> (8 * k))
				if got := byte(lowerSWAR(v) >> (8 * k)); got != lowerASCII[b] {
					t.Errorf("lowerSWAR: %q -> %q, want %q", b, got, lowerASCII[b])
				}
			}
		}
	}
}

// FuzzWords holds the tokeniser to the reference's: the same words, where
// the reference found them.
func FuzzWords(f *testing.F) {
	for _, s := range normaliseCases {
		f.Add(s)
	}
	f.Add("a1 b22 ccc333 dddd4444 eeeee55555 ffffff666666 ggggggg7777777 hhhhhhhh88888888 iiiiiiiii999999999")
	f.Add("zoë o'brien-smith, été ÉTÉ x\u0308y 123–456 ab\u00a0cd")
	f.Fuzz(func(t *testing.T, s string) {
		var want []string
		for sp := range refWordSpans(s) {
			want = append(want, fmt.Sprint(sp.start, sp.hash))
		}
		var got []string
		b := []byte(s)
		for i := 0; ; {
			start, end, _ := nextWord(b, i)
			if start == len(b) {
				break
			}
			got = append(got, fmt.Sprint(start, refHashWord(s[start:end])))
			i = end
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("words of %q:\n %v\nwant %v", s, got, want)
		}
	})
}

// A build scans many files at once with one Checker: each scan finds what
// it finds alone (the scratch buffers are not shared between scans).
func TestConcurrentScans(t *testing.T) {
	c := New(pupils)
	inputs := [][]byte{
		[]byte("Pupil: Zoë O'Brien-Smith scored"),
		[]byte(strings.Repeat("clean text, 0.27 (0.00 to 0.53) ", 2000) + "Lee, Ann"),
		zipOf(t, map[string]string{"xl/sharedStrings.xml": "<si><t>O'Brien-Smith, Zoë</t></si>" + strings.Repeat("<c><v>1</v></c>", 5000)}),
		[]byte(strings.Repeat("&amp; é ", 3000) + "14/03/2009"),
		[]byte(strings.Repeat("nothing here ", 5000)),
	}
	want := make([][]Finding, len(inputs))
	for i, in := range inputs {
		want[i] = c.Bytes("f", in)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for k := range 50 {
				i := (g + k) % len(inputs)
				if got := c.Bytes("f", inputs[i]); !reflect.DeepEqual(got, want[i]) {
					t.Errorf("input %d: found %v, alone %v", i, got, want[i])
					return
				}
			}
		})
	}
	wg.Wait()
}
