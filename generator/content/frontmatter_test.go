package content

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/reportpack/reportpack/generator/diag"
)

// load loads one page, ks4.md, with src as its file.
func load(t *testing.T, src string, opt Options) (*Page, diag.List) {
	t.Helper()
	s, l := Load(fstest.MapFS{"ks4.md": {Data: []byte(src)}}, opt)
	if len(s.Pages) == 0 {
		return nil, l
	}
	return s.Pages[0], l
}

// want is a diagnostic a test expects: its line and part of its text.
type want struct {
	line int
	text string
}

// checkDiags fails unless l holds exactly the wanted diagnostics, in order.
func checkDiags(t *testing.T, l diag.List, wants []want) {
	t.Helper()
	if len(l) != len(wants) {
		t.Fatalf("got %d diagnostics, want %d:\n%v", len(l), len(wants), l)
	}
	for i, w := range wants {
		if l[i].Line != w.line || !strings.Contains(l[i].String(), w.text) {
			t.Errorf("diagnostic %d = %q (line %d), want line %d containing %q", i, l[i], l[i].Line, w.line, w.text)
		}
	}
}

func TestFrontMatterErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []want
	}{
		{"toml unknown key", "+++\ntitle = \"KS4\"\n\nwieght = 20\n+++\nText\n",
			[]want{{4, `"wieght": unknown front matter key (hint: front matter keys are title, weight, description, draft)`}}},
		{"toml unknown table", "+++\ntitle = \"KS4\"\n[params]\ncolour = \"red\"\n+++\n",
			[]want{{3, `"params": unknown front matter key`}}},
		{"toml weight as text", "+++\ntitle = \"KS4\"\nweight = \"twenty\"\n+++\n",
			[]want{{3, "incompatible types: TOML value has type string; destination has type integer"}}},
		{"toml weight as decimal", "+++\ntitle = \"KS4\"\ndescription = \"x\"\nweight = 2.5\n+++\n",
			[]want{{4, "destination has type integer"}}},
		{"toml draft as text", "+++\ntitle = \"KS4\"\ndraft = \"yes\"\n+++\n",
			[]want{{3, "destination has type boolean"}}},
		{"toml syntax", "+++\ntitle = \"KS4\"\nweight = \n+++\n",
			[]want{{3, "front matter: "}}},
		{"toml unclosed string", "+++\n\ntitle = \"KS4\n+++\n",
			[]want{{3, "strings cannot contain newlines"}}},
		{"toml no title", "+++\nweight = 20\n+++\n# Heading\n",
			[]want{{1, "front matter has no title"}}},
		{"toml empty title", "+++\nweight = 20\ntitle = \"\"\n+++\n",
			[]want{{3, "front matter has no title"}}},
		{"never closed", "+++\ntitle = \"KS4\"\n\nText\n",
			[]want{{1, "front matter is never closed (hint: end the front matter with a line holding only +++)"}}},
		{"yaml unknown key", "---\ntitle: KS4\nweight: 20\ncolour: red\n---\n",
			[]want{{4, `"colour": unknown front matter key`}}},
		{"yaml weight as text", "---\ntitle: KS4\nweight: twenty\n---\n",
			[]want{{3, `"twenty": front matter: weight must be a whole number`}}},
		{"yaml draft", "---\ntitle: KS4\ndraft: yes\n---\n",
			[]want{{3, "draft must be true or false"}}},
		{"yaml list", "---\ntitle: KS4\ntags:\n  - a\n---\n",
			[]want{{3, `"tags": unknown front matter key`}, {4, "expected a line of the form key: value"}}},
		{"yaml flow list", "---\ntitle: [a, b]\n---\n",
			[]want{{2, "only single-line text"}}},
		{"yaml repeated key", "---\ntitle: KS4\n# comment\ntitle: KS2\n---\n",
			[]want{{4, "front matter key already set on line 2"}}},
		{"yaml unclosed quote", "---\ntitle: \"KS4\n---\n",
			[]want{{2, "unclosed double quote"}}},
		{"yaml no title", "---\nweight: 3\n---\n",
			[]want{{1, "front matter has no title"}}},
		{"several errors at once", "---\ntitel: KS4\nweight: x\n---\n",
			[]want{{2, `"titel": unknown`}, {3, "whole number"}}},
		{"crlf toml", "+++\r\ntitle = \"KS4\"\r\nwieght = 1\r\n+++\r\nText\r\n",
			[]want{{3, `"wieght": unknown front matter key`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, l := load(t, tt.src, Options{})
			for i := range l {
				if l[i].File != "content/ks4.md" {
					t.Errorf("diagnostic names %q, want content/ks4.md", l[i].File)
				}
			}
			checkDiags(t, l, tt.want)
		})
	}
}

func TestFrontMatterDecodes(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want Page
	}{
		{"toml", "+++\ntitle = \"Key stage 4\"\nweight = 20\ndescription = \"How to read it\"\n+++\nText\n",
			Page{Title: "Key stage 4", Weight: 20, Description: "How to read it"}},
		{"toml with byte order mark", "\uFEFF+++\ntitle = \"Key stage 4\"\n+++\n",
			Page{Title: "Key stage 4"}},
		{"yaml plain", "---\ntitle: Key stage 4: reading it\nweight: -5 # first\ndescription: Progress 8 #1 measure\n---\n",
			Page{Title: "Key stage 4: reading it", Weight: -5, Description: "Progress 8"}}, // " #" starts a comment, as in YAML
		{"yaml quoted", "---\ntitle: \"Key stage 4 \\\"KS4\\\"\" # note\ndescription: 'It''s here'\n---\n",
			Page{Title: `Key stage 4 "KS4"`, Description: "It's here"}},
		{"yaml crlf", "---\r\ntitle: KS4\r\nweight: 7\r\n---\r\n",
			Page{Title: "KS4", Weight: 7}},
		{"none: first level-1 heading", "Intro\n\n## Not this\n\n# Progress *8*\n",
			Page{Title: "Progress 8"}},
		{"none: file name", "No headings here.\n",
			Page{Title: "Ks4"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, l := load(t, tt.src, Options{})
			if len(l) > 0 {
				t.Fatalf("unexpected diagnostics: %v", l)
			}
			if p.Title != tt.want.Title || p.Weight != tt.want.Weight || p.Description != tt.want.Description {
				t.Errorf("got title %q weight %d description %q, want %q %d %q",
					p.Title, p.Weight, p.Description, tt.want.Title, tt.want.Weight, tt.want.Description)
			}
		})
	}
}

// Lines in the body count from the top of the file, front matter included.
func TestBodyLinesCountFrontMatter(t *testing.T) {
	for _, src := range []string{
		"+++\ntitle = \"KS4\"\nweight = 1\n+++\n\n```reportpack\nnope ks4_p8\n```\n",
		"---\ntitle: KS4\nweight: 1\n---\n\n```reportpack\nnope ks4_p8\n```\n",
		"Line one\nline two\nline three\n\n```reportpack\n\nnope ks4_p8\n```\n",
	} {
		_, l := load(t, src, Options{})
		checkDiags(t, l, []want{{7, `"nope": unknown embed kind`}})
	}
}
