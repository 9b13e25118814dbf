package verify

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/reportpack/reportpack/generator/model"
)

// Markup is not text: a page's lists are no "li li", its emphasis no "em
// em", whatever pupils are called (the false alarm of a 500-school LA with
// a pupil "Li Na" "Li"). The names are found still where a reader sees
// them, and where they are text in the bytes: escaped, in attribute values,
// in scripts, in a tag that is not markup's.
func TestMarkupIsNotText(t *testing.T) {
	c := New([]model.Pupil{
		schoolPupil("900001", "Li Na", "Li", "", time.Time{}),
		schoolPupil("900001", "Em", "Em", "", time.Time{}),
		schoolPupil("900001", "Ul", "Li", "", time.Time{}),
		schoolPupil("900001", "Olivia", "White", "", time.Time{}),
	}).For("900001")
	const lnl, ee, ul, ow = "Li Na Li", "Em Em", "Ul Li", "Olivia White"
	list := "<ul>\n<li>Progress 8</li><li>Attainment 8</li>\n<LI>EBacc</LI></ul>"
	cases := []struct {
		name, in string
		want     []string
	}{
		{"a list", list, nil},
		{"a nested list", "<ol><li><ul><li>x</li></ul></li></ol>", nil},
		{"emphasis", "<p><em>a</em> <em>b</em></p><p><em>c</em></p><em>", nil},
		{"emphasis, upper case", "<EM>a</EM><Em>b</eM>", nil},
		{"attributes", `<li class="x" id=y data-li aria-label="z"><em title='e'>a</em></li> <li lang=en><li>`, nil},
		{"self-closing and SVG", `<svg viewBox="0 0 1 1"><g><line x1="0"/><line/></g></svg><br/><br>`, nil},
		{"a comment's tags", "<!-- <li></li><li> -->", nil},
		{"a script's tags", `<script>x.innerHTML = '<li>' + a + '</li><li>' + b + '</li>'</script>`, nil},
		// The names, where they are text.
		{"in the text", "<ul><li>Li Na Li</li></ul>", []string{lnl}},
		{"one forename and the surname, in the text", "<ul><li>Li Li</li></ul>", []string{lnl}},
		{"in the text, across tags", "<p>Li <em>Li</em></p>", []string{lnl}},
		{"whole name of markup words, in the text", "<li>Em Em</li>", []string{ee}},
		{"in a list of names", "<ul><li>Ul</li><li>Li</li></ul>", []string{ul}},
		{"escaped markup is text", "<p>&lt;em&gt;Em&lt;/em&gt;</p>", []string{ee}},
		{"in an attribute value", `<a title="Em Em">x</a>`, []string{ee}},
		{"in an unquoted value", `<a title=em-em>x</a>`, []string{ee}},
		{"in a script's string", `<script>var n = "Em Em";</script>`, []string{ee}},
		{"in a tag that is no markup's", "<olivia-white></olivia-white>", []string{ow}},
		{"in an attribute's name", `<span data-olivia-white>x</span>`, []string{ow}},
		{"a '<' that starts no tag", "x <em em", []string{ee}},
		{"a tag that never ends", `<em em title="x>`, []string{ee}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := values(c.File("anonymised/900001/glossary.html", []byte(tc.in))); !slices.Equal(got, tc.want) {
				t.Errorf("%q: found %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	// Outside a page, a list's markup is read as text, as anything is;
	// but the one forename of two that is an element's name ("Li") is not
	// looked for with the surname there.
	for in, want := range map[string][]string{
		list:                  {ul}, // "<ul>\n<li>"
		"<li>Em</li><em>Em":   {ee},
		"li li, li-li, Li Li": nil,
		"Li Na Li":            {lnl},
		"Na Li":               {lnl},
	} {
		if got := values(c.Bytes("notes.txt", []byte(in))); !slices.Equal(got, want) {
			t.Errorf("%q not in a page: found %q, want %q", in, got, want)
		}
	}
}

// blankMarkup blanks markup words in tags' and attributes' names only.
func TestBlankMarkup(t *testing.T) {
	for in, want := range map[string]string{
		"</li><li>":                          "</  ><  >",
		`<LI Class="li">li</LI>`:             `<        ="li">li</  >`,
		`<a href=li.html data-rp-olivia>`:    `<      =li.html     -  -olivia>`,
		"<olivia-white aria-olivia>":         "<olivia-white     -olivia>",
		"<em":                                "<em",
		"a < em > b":                         "a < em > b",
		"&lt;em&gt;":                         "&lt;em&gt;",
		`<p title="a>b" id=x>`:               `<       ="a>b"   =x>`,
		"<h2 id=x>":                          "<     =x>",
		"<svg:rect lin\u212a=1>":             "<   :     lin\u212a=1>",
		"<ab-y li=\"<li>\"><!-- <em> -->":    "<ab-    =\"<li>\"><!-- <  > -->",
		"if (a<b && c>d) { x = '<li>' + y }": "if (a<  && c>d) { x = '<  >' + y }",
	} {
		b := []byte(in)
		blankMarkup(b)
		if got, ref := string(b), refBlankMarkup(in); got != want || ref != want {
			t.Errorf("blankMarkup(%q)\n = %q\nref %q\nwant %q", in, got, ref, want)
		}
	}
}

// Every name of a tag or attribute in reportpack's own layouts is made of
// markup words: none of them reads as a word of a page's bytes.
func TestLayoutsMarkupWords(t *testing.T) {
	files, err := filepath.Glob("../../themes/default/layouts/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("no layouts: %v", err)
	}
	more, _ := filepath.Glob("../../themes/default/layouts/partials/*.html")
	for _, f := range append(files, more...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		// Template actions are not markup: take them out first.
		s := string(b)
		for {
			i := strings.Index(s, "{{")
			if i < 0 {
				break
			}
			j := strings.Index(s[i:], "}}")
			if j < 0 {
				break
			}
			s = s[:i] + " x " + s[i+j+2:]
		}
		in := []byte(s)
		blankMarkup(in)
		tags := 0
		for i := 0; i < len(s); i++ {
			p := i + 1
			if p < len(s) && s[p] == '/' {
				p++
			}
			if s[i] != '<' || p == len(s) || !isASCIILetter(s[p]) {
				continue
			}
			q := p
			for q < len(s) && isTagNameByte(s[q]) {
				q++
			}
			end := tagEnd([]byte(s), q)
			if end < 0 {
				continue
			}
			tags++
			// What is left of the tag outside its quoted values.
			tag := string(in[i:end])
			var rest strings.Builder
			quoted := byte(0)
			for k := 0; k < len(tag); k++ {
				switch c := tag[k]; {
				case quoted != 0:
					if c == quoted {
						quoted = 0
					}
				case c == '"' || c == '\'':
					quoted = c
				default:
					rest.WriteByte(c)
				}
			}
			if w := rest.String(); strings.ContainsFunc(w, func(r rune) bool { return r >= utf8.RuneSelf || isPartByte(byte(r)) }) {
				t.Errorf("%s: %q leaves %q: add the words of its names to markupWords", filepath.Base(f), s[i:end], w)
			}
		}
		if tags == 0 {
			t.Errorf("%s: no tags", f)
		}
	}
}
