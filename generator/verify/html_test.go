package verify

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reportpack/reportpack/generator/model"
)

func TestHTMLText(t *testing.T) {
	c := New([]model.Pupil{
		pupil("John", "Smith", "", time.Time{}),
		pupil("Ann", "Lee", "", time.Time{}),
		pupil("Mary-Jane", "O'Brien", "", time.Time{}),
		pupil("", "Featherstonehaugh", "", time.Time{}),
	})
	const js, al, mj, fh = "John Smith", "Ann Lee", "Mary-Jane O'Brien", "Featherstonehaugh"
	cases := []struct {
		name string
		in   string
		want []string
	}{
		{"bold", "<p><strong>John</strong> Smith</p>", []string{js}},
		{"bold, upper case", "<P><STRONG>John</STRONG> Smith</P>", []string{js}},
		{"emphasis in a word", "<p>Jo<em>hn</em> Smi<span class=\"x\">th</span></p>", []string{js}},
		{"link", `<p><a href="/p?a=1&amp;b=2" title="x > y">John</a> Smith</p>`, []string{js}},
		{"unquoted attribute", `<p><a title=O'Brien href=x>John</a> Smith</p>`, []string{js}},
		{"br", "<p>John<br>Smith</p>", []string{js}},
		{"br/", "<p>John<br/>Smith</p>", []string{js}},
		{"br with a space", "<p>John<BR >Smith</p>", []string{js}},
		{"soft line break", "<p>Thanks to John\nSmith for</p>", []string{js}},
		{"CRLF", "<p>John\r\nSmith</p>", []string{js}},
		{"indented", "<li>\n      John\n      Smith\n    </li>", []string{js}},
		{"comment between", "<p>John<!-- a note -->\nSmith</p>", []string{js}},
		{"comment in a word", "<p>Jo<!-- -->hn Smith</p>", []string{js}},
		{"empty comments", "<p>Jo<!---->h<!-->n<!--->\nSmith</p>", []string{js}},
		{"wbr", "<p>Feather<wbr>stone<wbr>haugh</p>", []string{fh}},
		{"image between", `<p>John<img src="x.png" alt="">Smith</p>`, []string{js}},
		{"surname first", "<p><b>Lee</b>,<br>\nAnn</p>", []string{al}},
		{"entities and typed dashes", "<p>Mary&#8209;Jane O&rsquo;<i>Brien</i></p>", []string{mj}},
		{"title", "<!DOCTYPE html><html><head><title>John Smith</title></head></html>", []string{js}},
		{"after a script", "<script>if (a < b) { x = '</p>' }</script>John<b></b> Smith", []string{js}},
		{"a lone <", "<p>x < y, John\nSmith</p>", []string{js}},
		{"comment ended --!>", "<!-- --!><b>John</b> Smith<!-- -->", []string{js}},
		{"font in a word", "<p>John Smi<font color=red>th</font></p>", []string{js}},
		{"custom element in a word", "<p>Jo<x-y>hn</x-y> Smith</p>", []string{js}},
		{"custom element between", "<p>John<x-y></x-y>Smith</p>", []string{js}},
		{"both readings", "<p>Ann<x-a></x-a> Lee and Jo<x-b>hn</x-b> Smith</p>", []string{al, js}},
		{"long unknown tag in a word", "<p>Jo<my-very-long-element-name>hn</my-very-long-element-name> Smith</p>", []string{js}},
		// Two paragraphs, list items or cells: the name is in the text.
		// A name whose parts fall in cells of two pupils (the last cell of
		// one row, the first of the next) matches too: cells are not told
		// apart, since telling them needs layout the check does not know,
		// and a profile that must hold no name holds neither part anyway.
		{"two paragraphs", "<p>John</p>\n<p>Smith</p>", []string{js}},
		{"two cells", "<tr><td>John</td><td>Smith</td></tr>", []string{js}},
		{"two rows", "<tr><td>1</td><td>John</td></tr>\n<tr><td>Smith</td><td>2</td></tr>", []string{js}},
		// Not the name.
		{"longer word", "<p>Johnson Smith</p>", nil},
		{"longer word across a tag", "<p><b>John</b>son Smith</p>", nil},
		{"block tag in a word", "<p>Jo</p><p>hn Smith</p>", nil},
		{"section in a word", "<p>Jo<section>hn Smith</section>", nil},
		{"comment hiding a name", "<!-- John Smith --!>", nil},
		{"div in a word", "<div>Jo<div>hn</div></div> Smith", nil},
		{"script", "<script>var n = 'John Smith';</script>", nil},
		{"script, upper case", "<SCRIPT type=x>John Smith</script >", nil},
		{"style", "<style>.x::after { content: 'John Smith' }</style>", nil},
		{"attribute", `<p title="John Smith">x</p>`, nil},
		{"comment", "<!-- John Smith -->", nil},
		{"short mononym", "<p>Feather<b>stone</b></p>", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := c.HTMLText("p/page.html", []byte(tc.in))
			if v := values(got); !slices.Equal(v, tc.want) {
				t.Fatalf("%q: found %q, want %q", tc.in, v, tc.want)
			}
			for _, f := range got {
				if f.File != "p/page.html" {
					t.Errorf("finding in %q", f.File)
				}
			}
		})
	}
}

// htmlPiece is a piece of markup and the text a reader sees of it.
type htmlPiece struct{ markup, text string }

// unknownTags are htmlPieces' tags in neither list: a gap in their text,
// and none where they are laid out inline.
var unknownTags = map[string]bool{"</x>": true, "<x-y>": true, "<custom-element-long-name>": true}

var htmlPieces = []htmlPiece{
	{"John", "John"}, {"Smith", "Smith"}, {"Ann", "Ann"}, {"Lee", "Lee"}, {"Lee,", "Lee,"}, {"Jo", "Jo"},
	{"hn", "hn"}, {" ", " "}, {"  ", "  "}, {"\n", " "}, {"\r\n", "  "}, {"\t", " "}, {"x", "x"}, {"&amp;", "&amp;"},
	{"&nbsp;", "&nbsp;"}, {"\u00e9", "\u00e9"}, {"\u2019", "\u2019"}, {"\u200b", "\u200b"}, {"a < b", "a < b"},
	{"<b>", ""}, {"</b>", ""}, {"<strong>", ""}, {"</STRONG>", ""}, {`<a href="x>y">`, ""}, {"</a>", ""},
	{"<span class='c'>", ""}, {"</span>", ""}, {"<wbr>", ""}, {"<em\n>", ""}, {"<!-- x -->", ""}, {"<!---->", ""},
	{"<br>", " "}, {"<br/>", " "}, {"<p>", " "}, {"</p>", " "}, {"<td>", " "}, {"</td>", " "}, {"<li>", " "},
	{"<div id=x>", " "}, {"<!DOCTYPE html>", " "}, {`<img src="a.png" alt="John">`, " "},
	{"<script>John Smith</script>", " "}, {"<style>p{}</style>", " "}, {"<h1 class='t'>", " "},
	{"<font color=red>", ""}, {"</font>", ""}, {"<!-- x --!>", ""}, {"<blockquote>", " "}, {"<FIGCAPTION>", " "},
	{"</x>", " "}, {"<x-y>", " "}, {"<custom-element-long-name>", " "},
}

// Random markup, and the text a reader sees of it built alongside: HTMLText
// takes that text from the markup, and finds in it what Bytes finds in the
// text.
func TestHTMLTextRandom(t *testing.T) {
	c := New([]model.Pupil{pupil("John", "Smith", "", time.Time{}), pupil("Ann", "Lee", "", time.Time{})})
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		var markup, text, joined strings.Builder
		unknown := false
		for range rng.IntN(30) {
			p := htmlPieces[rng.IntN(len(htmlPieces))]
			markup.WriteString(p.markup)
			text.WriteString(p.text)
			if unknownTags[p.markup] {
				unknown = true
				continue
			}
			joined.WriteString(p.text)
		}
		b := []byte(markup.String())
		if got, u := appendHTMLText(nil, b, true); string(got) != text.String() || u != unknown {
			t.Fatalf("text of %q\n = %q (%v)\nwant %q (%v)", b, got, u, text.String(), unknown)
		}
		if got, _ := appendHTMLText(nil, b, false); string(got) != joined.String() {
			t.Fatalf("joined text of %q\n = %q\nwant %q", b, got, joined.String())
		}
		got, want := c.HTMLText("f", b), c.Bytes("f", []byte(text.String()))
		if unknown {
			// One finding of a kind a pupil (see Checker.finish), whatever
			// the words matched.
			for _, g := range c.Bytes("f", []byte(joined.String())) {
				if !slices.ContainsFunc(want, func(w Finding) bool { w.Match = g.Match; return w == g }) {
					want = append(want, g)
				}
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("in %q: found %v, in its text %v", markup.String(), got, want)
		}
	}
}

// FuzzHTMLText: any input is scanned without panic; text with no markup
// and no line breaks is scanned as Bytes scans it; and a name split by an
// inline tag is found as if it were not.
func FuzzHTMLText(f *testing.F) {
	f.Add([]byte("<p><strong>John</strong> Smith</p>"), "John", "Smith")
	f.Add([]byte("<!--"), "Zoë", "O'Brien-Smith")
	f.Add([]byte("<a title='x"), "Ann", "Lee")
	f.Add([]byte("<script>x</scrip"), "", "Featherstonehaugh")
	f.Add([]byte("</ x> <? <!x <!-->"), "Mary\u2011Jane", "O\u2019Brien")
	f.Fuzz(func(t *testing.T, b []byte, fore, sur string) {
		c := New([]model.Pupil{pupil(fore, sur, "", time.Time{})})
		got := c.HTMLText("f", b)
		if !strings.ContainsAny(string(b), "<\t\n\f\r") && !isZip(b) {
			if want := c.Bytes("f", b); !reflect.DeepEqual(got, want) {
				t.Errorf("in %q: HTMLText found %v, Bytes %v", b, got, want)
			}
		}
		if strings.ContainsAny(fore+sur, "<\t\n\f\r") {
			return
		}
		for _, tag := range []string{"<b>", "</strong>", "<!-- -->", "<a href='>'>"} {
			text := " " + fore + " " + sur + " "
			markup := "<p>" + fore + tag + " " + sur + "</p>"
			if got, want := c.HTMLText("f", []byte(markup)), c.Bytes("f", []byte(text)); !reflect.DeepEqual(got, want) {
				t.Errorf("in %q: found %v, in %q %v", markup, got, text, want)
			}
		}
	})
}
