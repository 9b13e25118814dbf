package content

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"strings"
	"testing"
)

func TestEmbedParsing(t *testing.T) {
	const head = "+++\ntitle = \"KS4\"\n+++\nIntro\n\n```reportpack\n" // the block's first line is line 7
	tests := []struct {
		name  string
		block string
		opt   Options
		want  []Embed
		diags []want
	}{
		{name: "one of each kind",
			block: "tile ks4_p8\ntable ks4_a8\nscatter ks4_p8\n",
			want: []Embed{
				{Kind: "tile", Measure: "ks4_p8", Line: 7},
				{Kind: "table", Measure: "ks4_a8", Line: 8},
				{Kind: "scatter", Measure: "ks4_p8", Line: 9},
			}},
		{name: "arguments, comments and blank lines",
			block: "# headline figures\n\n  table ks4_p8 comparator=other title=\"P8 by \\\"group\\\"\" empty=\n",
			want: []Embed{{Kind: "table", Measure: "ks4_p8", Line: 9,
				Args: map[string]string{"comparator": "other", "title": `P8 by "group"`, "empty": ""}}}},
		{name: "unknown kind",
			block: "tile ks4_p8\nchart ks4_p8\n",
			want:  []Embed{{Kind: "tile", Measure: "ks4_p8", Line: 7}},
			diags: []want{{8, `"chart": unknown embed kind (hint: embed kinds are tile, table, scatter)`}}},
		{name: "kinds from options",
			block: "trend ks4_p8\ntile ks4_p8\n",
			opt:   Options{EmbedKinds: []string{"trend"}},
			want:  []Embed{{Kind: "trend", Measure: "ks4_p8", Line: 7}},
			diags: []want{{8, `"tile": unknown embed kind (hint: embed kinds are trend)`}}},
		{name: "no measure",
			block: "tile\ntable comparator=other\n",
			diags: []want{{7, `"tile": embed names no measure`}, {8, "embed names no measure"}}},
		{name: "bad arguments",
			block: "table ks4_p8 other\ntable ks4_p8 a=1 a=2\ntable ks4_p8 =x\ntable ks4_p8 title=\"open\n",
			diags: []want{
				{7, `"other": embed argument is not key=value`},
				{8, `"a": embed argument given twice`},
				{9, `"=x": embed argument is not key=value`},
				{10, "embed: unclosed quote"},
			}},
		{name: "empty block",
			block: "\n# nothing yet\n",
			diags: []want{{6, "reportpack block has no embeds"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, l := load(t, head+tt.block+"```\n\nAfter\n", tt.opt)
			checkDiags(t, l, tt.diags)
			if len(p.Embeds) != len(tt.want) {
				t.Fatalf("got embeds %+v, want %+v", p.Embeds, tt.want)
			}
			for i, w := range tt.want {
				w.File = "content/ks4.md"
				g := p.Embeds[i]
				if g.Kind != w.Kind || g.Measure != w.Measure || g.Line != w.Line || g.File != w.File || !maps.Equal(g.Args, w.Args) {
					t.Errorf("embed %d = %+v, want %+v", i, g, w)
				}
			}
			html := render(t, head+tt.block+"```\n\nAfter\n", tt.opt)
			if strings.Contains(html, "<pre>") || strings.Contains(html, "<code") {
				t.Errorf("the reportpack block rendered as code:\n%s", html)
			}
			if got := strings.Count(html, `class="rp-embed`); got != len(tt.want) {
				t.Errorf("%d embeds rendered, want %d:\n%s", got, len(tt.want), html)
			}
		})
	}
}

func TestOtherCodeBlocksStayCode(t *testing.T) {
	html := render(t, "```toml\ntile = 1\n```\n\n```\nreportpack\n```\n", Options{})
	if strings.Count(html, "<pre><code") != 2 || strings.Contains(html, "rp-embed") {
		t.Errorf("code blocks changed:\n%s", html)
	}
}

func TestEmbedRendering(t *testing.T) {
	src := "Before\n\n```reportpack\ntile ks4_p8\ntable ks4_p8 comparator=<b>\n```\n\nAfter\n"
	p, l := load(t, src, Options{})
	checkDiags(t, l, nil)

	var b strings.Builder
	if err := p.Render(&b, nil); err != nil {
		t.Fatal(err)
	}
	want := "<p>Before</p>\n" +
		`<div class="rp-embed rp-embed-placeholder" data-kind="tile" data-measure="ks4_p8">tile ks4_p8</div>` + "\n" +
		`<div class="rp-embed rp-embed-placeholder" data-kind="table" data-measure="ks4_p8">table ks4_p8</div>` + "\n" +
		"<p>After</p>\n"
	if b.String() != want {
		t.Errorf("placeholders:\n got %q\nwant %q", b.String(), want)
	}

	b.Reset()
	var seen []string
	er := EmbedRendererFunc(func(w io.Writer, e Embed) error {
		seen = append(seen, fmt.Sprintf("%s:%s:%d:%v", e.Kind, e.Measure, e.Line, e.Args))
		_, err := fmt.Fprintf(w, "<figure>%s</figure>\n", e.Kind)
		return err
	})
	if err := p.Render(&b, er); err != nil {
		t.Fatal(err)
	}
	if want := "<p>Before</p>\n<figure>tile</figure>\n<figure>table</figure>\n<p>After</p>\n"; b.String() != want {
		t.Errorf("embed renderer output:\n got %q\nwant %q", b.String(), want)
	}
	if want := "tile:ks4_p8:4:map[] table:ks4_p8:5:map[comparator:<b>]"; strings.Join(seen, " ") != want {
		t.Errorf("embed renderer saw %q, want %q", strings.Join(seen, " "), want)
	}

	boom := errors.New("no such measure")
	err := p.Render(io.Discard, EmbedRendererFunc(func(io.Writer, Embed) error { return boom }))
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "content/ks4.md, line 4: tile ks4_p8") {
		t.Errorf("error = %v, want it to wrap %v and name the place", err, boom)
	}
}

func TestEmbedPlaceholderEscapes(t *testing.T) {
	html := render(t, "```reportpack\ntile \"<script>x\"\n```\n", Options{})
	if strings.Contains(html, "<script>") || !strings.Contains(html, "&lt;script&gt;x") {
		t.Errorf("measure not escaped:\n%s", html)
	}
}
