package content

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// render loads ks4.md from src and renders it with placeholder embeds.
func render(t *testing.T, src string, opt Options) string {
	t.Helper()
	p, _ := load(t, src, opt)
	if p == nil {
		t.Fatal("page not loaded")
	}
	var b strings.Builder
	if err := p.Render(&b, nil); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Résumé", "resume"},
		{"Progress 8", "progress-8"},
		{"  Grade 5+ in English & maths  ", "grade-5-in-english-maths"},
		{"Pupils' progress", "pupils-progress"},
		{"Pupils’ progress", "pupils-progress"},
		{"Ever 6 and pupil premium (PP)", "ever-6-and-pupil-premium-pp"},
		{"Año académico", "ano-academico"},
		{"Straße", "straße"},
		{"Ελληνικά", "ελληνικα"},
		{"日本語 テスト", "日本語-テスト"},
		{"EBacc_APS--score", "ebacc-aps-score"},
		{"ﬁrst ½", "first-1-2"},
		{"+++", ""},
	}
	for _, tt := range tests {
		if got := Slugify(tt.in); got != tt.want {
			t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHeadingIDs(t *testing.T) {
	src := "+++\ntitle = \"T\"\n+++\n" +
		"# Résumé\n\n" + // line 4
		"## Résumé\n\n" +
		"## Résumé\n\n" +
		"## Grade 5+ in *English* and [maths](ks2.md)\n\n" +
		"## Progress 8 {#p8}\n\n" +
		"Setext Ünïcode\n--------------\n\n" +
		"## `code` &amp; more\n\n" +
		"## ?!\n\n" +
		"## Heading\n"
	s, l := Load(fstest.MapFS{"ks4.md": {Data: []byte(src)}, "ks2.md": {Data: []byte("x")}}, Options{})
	if len(l) > 0 {
		t.Fatal(l)
	}
	var got []Heading
	for _, p := range s.Pages {
		if p.Path == "ks4.md" {
			got = p.Headings
		}
	}
	want := []Heading{
		{1, "Résumé", "resume", 4},
		{2, "Résumé", "resume-1", 6},
		{2, "Résumé", "resume-2", 8},
		{2, "Grade 5+ in English and maths", "grade-5-in-english-and-maths", 10},
		{2, "Progress 8", "p8", 12},
		{2, "Setext Ünïcode", "setext-unicode", 14},
		{2, "code & more", "code-more", 17},
		{2, "?!", "heading", 19},
		{2, "Heading", "heading-1", 21},
	}
	if !slices.Equal(got, want) {
		t.Errorf("headings:\n got %v\nwant %v", got, want)
	}
	html := render(t, src, Options{})
	for _, frag := range []string{`<h1 id="resume">`, `<h2 id="resume-2">`, `<h2 id="p8">Progress 8</h2>`, `<h2 id="setext-unicode">`} {
		if !strings.Contains(html, frag) {
			t.Errorf("rendered page lacks %s:\n%s", frag, html)
		}
	}
}

func TestRender(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		opt       Options
		want, not []string
		warnLine  int // line of the raw HTML warning; 0 for none
	}{
		{name: "raw html left out by default",
			src:      "Some <b>bold</b> text.\n\n<script>alert(1)</script>\n",
			want:     []string{"<!-- raw HTML omitted -->", "bold"},
			not:      []string{"<b>", "<script>"},
			warnLine: 1},
		{name: "html comments draw no warning",
			src: "Text\n\n<!-- a note to other authors -->\n\nMore <!-- inline --> text\n",
			not: []string{"a note to other authors"}},
		{name: "raw html kept with AllowHTML",
			src:  "Some <b>bold</b> text.\n\n<div class=\"note\">\nA note\n</div>\n",
			opt:  Options{AllowHTML: true},
			want: []string{"<b>bold</b>", `<div class="note">`}},
		{name: "javascript links emptied",
			src:  "[click](javascript:alert(1)) [upper](JavaScript:alert(1)) ![img](javascript:x) [data](data:text/html,x) [file](file:///etc/passwd)\n",
			want: []string{`<a href="">click</a>`, `<a href="">upper</a>`, `<img src="" alt="img">`, `<a href="">data</a>`, `<a href="">file</a>`},
			not:  []string{"javascript:", "data:text", "file:"}},
		{name: "javascript links emptied even with AllowHTML",
			src:  "[click](javascript:alert(1)) and <javascript:alert(2)>\n",
			opt:  Options{AllowHTML: true},
			want: []string{`<a href="">click</a>`, "javascript:alert(2)"},
			not:  []string{`href="javascript`}},
		{name: "safe links kept",
			src:  "[DfE](https://www.gov.uk/) <https://example.org/a?b=1> www.example.com [top](#bands) [mail](mailto:data@example.org)\n\n## Bands\n",
			want: []string{`href="https://www.gov.uk/"`, `href="https://example.org/a?b=1"`, `href="http://www.example.com"`, `href="#bands"`, `href="mailto:data@example.org"`}},
		{name: "links to pages point at their html",
			src:  "[KS2](ks2.md) [bands](ks2.md#bands) [home](_index.md) [terms](glossary.md?x=1#p8)\n",
			want: []string{`href="ks2.html"`, `href="ks2.html#bands"`, `href="index.html"`, `href="glossary.html?x=1#p8"`}},
		{name: "gfm table",
			src:  "| Band | KS1 APS |\n|:---|---:|\n| Low | < 12 |\n| High | ≥ 18 |\n",
			want: []string{"<table>", `<th style="text-align:left">Band</th>`, `<td style="text-align:right">&lt; 12</td>`, "≥ 18"}},
		{name: "gfm strikethrough and task list",
			src:  "~~old~~\n\n- [x] done\n- [ ] to do\n",
			want: []string{"<del>old</del>", `<input checked="" disabled="" type="checkbox"`}},
		{name: "typographer off: numbers and quotes as typed",
			src:  "A score of -0.50 -- \"not\" 'smart'... 1/2\n",
			want: []string{`A score of -0.50 -- &quot;not&quot; 'smart'... 1/2`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := tt.src
			pages := fstest.MapFS{"ks4.md": {Data: []byte(src)}}
			pages["ks2.md"] = &fstest.MapFile{Data: []byte("## Bands\n")}
			pages["glossary.md"] = &fstest.MapFile{Data: []byte("## Progress 8 {#p8}\n")}
			pages["_index.md"] = &fstest.MapFile{Data: []byte("x")}
			s, l := Load(pages, tt.opt)
			var p *Page
			for _, q := range s.Pages {
				if q.Path == "ks4.md" {
					p = q
				}
			}
			var b strings.Builder
			if err := p.Render(&b, nil); err != nil {
				t.Fatal(err)
			}
			html := b.String()
			for _, w := range tt.want {
				if !strings.Contains(html, w) {
					t.Errorf("output lacks %s:\n%s", w, html)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(html, n) {
					t.Errorf("output holds %s:\n%s", n, html)
				}
			}
			var wants []want
			if tt.warnLine > 0 {
				wants = []want{{tt.warnLine, "warning: raw HTML is left out of the page (here and in 2 more places)"}}
			}
			checkDiags(t, l, wants)
		})
	}
}

func TestLinkChecks(t *testing.T) {
	fsys := fstest.MapFS{
		"_index.md":               {Data: []byte("[KS4](ks4.md) [none](ks3.md)\n\n[up](../site.md)\n\n## Résumé\n\n[here](#resume) [gone](#nowhere)\n")},
		"ks4.md":                  {Data: []byte("[home](index.md#resume) [school only](notes.md) [no heading](glossary.md#p8)\n")},
		"glossary.md":             {Data: []byte("No headings\n")},
		"guides/reading.md":       {Data: []byte("[sibling](writing.md) [root](../ks4.md)\n")},
		"schools/123456/ks4.md":   {Data: []byte("[notes](notes.md) [shared](_index.md#resume)\n")},
		"schools/123456/notes.md": {Data: []byte("Notes\n")},
	}
	_, l := Load(fsys, Options{})
	checkDiags(t, l, []want{
		{1, `"ks3.md": link to a page that does not exist`},
		{3, `"../site.md": link leads out of the pack`},
		{7, `"#nowhere": link to a heading that is not on the page (hint: headings on _index.md have ids such as #resume)`},
		{1, `content/guides/reading.md, line 1: error: "writing.md": link to a page that does not exist`},
		{1, `content/ks4.md, line 1: error: "notes.md": link to a page that does not exist`},
		{1, `content/ks4.md, line 1: warning: "glossary.md#p8": link to a heading that is not on the page (hint: glossary.md has no headings)`},
	})
}
