package content

import (
	"fmt"
	"slices"
	"testing"
	"testing/fstest"
)

// With allow_html, a page lists the raw HTML that runs or restyles it
// (scripts, styles, event handlers, style attributes) with its line; other
// raw HTML, and Markdown that only mentions them, is not listed.
func TestActiveHTML(t *testing.T) {
	cases := []struct {
		body string
		want []string
	}{
		{"<script>alert(1)</script>", []string{"3 <script>"}},
		{"Text\n\n<STYLE>\np{}\n</STYLE>", []string{"5 <style>"}},
		{"A <img src=x onerror=alert(1)> b", []string{"3 an onerror= attribute"}},
		{"<div\n  class=\"x\"\n  onclick=\"go()\">x</div>", []string{"5 an onclick= attribute"}},
		{"<p title=a onMouseOver='x'>x</p>", []string{"3 an onmouseover= attribute"}},
		{"<div class=\"box\">fine</div> <b>bold</b>", nil},
		{"`<script>` in code, and the word onload=", nil},
		{"<span data-x=\"1\">on = off</span>", nil},
		// Style attributes: CSS can join across a block element what a
		// reading of the page's text splits (f01).
		{"Oli<div style=\"display:inline\">via</div> White", []string{"3 a style= attribute"}},
		{"<p\n  STYLE = 'color:red'>x</p>", []string{"4 a style= attribute"}},
		{"<div class=\"a\" style=\"x\">y</div>", []string{"3 a style= attribute"}},
		{"A <span\tstyle=\"display:none\">x</span> b <i onclick=x style=y>z</i>", []string{"3 a style= attribute", "3 an onclick= attribute"}},
		{"<div data-style=\"x\" class=\"style\">y</div>", nil},
		{"The style= attribute, in text", nil},
		{"`<div style=\"x\">` in code", nil},
	}
	for _, tc := range cases {
		fsys := fstest.MapFS{"p.md": {Data: []byte("# P\n\n" + tc.body + "\n")}}
		for _, allow := range []bool{true, false} {
			site, d := Load(fsys, Options{AllowHTML: allow})
			if d.HasErrors() {
				t.Fatal(d)
			}
			var got []string
			for _, a := range site.Pages[0].ActiveHTML() {
				got = append(got, fmt.Sprint(a.Line, " ", a.What))
			}
			want := tc.want
			if !allow {
				want = nil
			}
			if !slices.Equal(got, want) {
				t.Errorf("%q, allow_html %v: %q, want %q", tc.body, allow, got, want)
			}
		}
	}
}
