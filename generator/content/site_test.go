package content

import (
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/reportpack/reportpack/generator/model"
)

func page(title string, weight int) *fstest.MapFile {
	return &fstest.MapFile{Data: fmt.Appendf(nil, "+++\ntitle = %q\nweight = %d\n+++\nText\n", title, weight)}
}

func paths(ps []*Page) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Path)
	}
	return out
}

func TestLoadSite(t *testing.T) {
	fsys := fstest.MapFS{
		"_index.md":                  {Data: []byte("+++\ntitle = \"Home\"\n+++\n")},
		"ks4.md":                     page("Key stage 4", 20),
		"ks2.md":                     page("Key stage 2", 30),
		"b.md":                       page("Same", 30),
		"a.md":                       page("Same", 30),
		"glossary.md":                page("Glossary", 90),
		"draft.md":                   {Data: []byte("---\ntitle: Not yet\ndraft: true\n---\n")},
		"guides/_index.md":           page("Guides", 50),
		"guides/reading-the-data.md": {Data: []byte("Text\n")},
		".hidden.md":                 page("Hidden", 1),
		".git/config.md":             page("Hidden", 1),
		"logo.png":                   {Data: []byte{0x89}},
		"ks4.md~":                    page("Backup", 1),
		"#ks2.md#":                   page("Autosave", 1),
		"schools/123456/ks4.md":      page("Key stage 4 at Hill School", 20),
		"schools/123456/extra.md":    page("Our own notes", 40),
		"schools/654321/_index.md":   page("Welcome", 0),
	}
	s, l := Load(fsys, Options{})
	checkDiags(t, l, []want{{0, "content/logo.png: warning: not a Markdown (.md) file; ignored"}})

	if got := paths(s.Pages); !slices.Equal(got, []string{
		"_index.md", "guides/reading-the-data.md", "schools/654321/_index.md",
		"ks4.md", "schools/123456/ks4.md",
		"ks2.md", "a.md", "b.md", // weight 30: by title, then path
		"schools/123456/extra.md", "guides/_index.md", "glossary.md",
	}) {
		t.Errorf("pages in order:\n%q", got)
	}

	bySlug := map[string]string{}
	for _, p := range s.Pages {
		bySlug[p.Path] = fmt.Sprintf("%s|%s|%s", p.URN, p.Slug, p.Title)
	}
	for path, want := range map[string]string{
		"_index.md":                  "|index|Home",
		"guides/_index.md":           "|guides/index|Guides",
		"guides/reading-the-data.md": "|guides/reading-the-data|Reading the data",
		"schools/123456/ks4.md":      "123456|ks4|Key stage 4 at Hill School",
		"schools/654321/_index.md":   "654321|index|Welcome",
	} {
		if bySlug[path] != want {
			t.Errorf("%s: urn|slug|title = %q, want %q", path, bySlug[path], want)
		}
	}
	if got := s.Schools(); !slices.Equal(got, []model.URN{"123456", "654321"}) {
		t.Errorf("Schools() = %v", got)
	}

	s, _ = Load(fsys, Options{Drafts: true})
	if !slices.Contains(paths(s.Pages), "draft.md") {
		t.Errorf("Drafts: true left out draft.md")
	}
}

func TestForSchool(t *testing.T) {
	fsys := fstest.MapFS{
		"_index.md":               page("Home", 0),
		"ks4.md":                  page("Key stage 4", 20),
		"ks2.md":                  page("Key stage 2", 30),
		"schools/123456/ks4.md":   page("Key stage 4 here", 20),
		"schools/123456/notes.md": page("Notes", 95),
		"schools/654321/ks2.md":   page("Key stage 2 there", 10),
	}
	s, l := Load(fsys, Options{})
	checkDiags(t, l, nil)
	tests := []struct {
		urn  model.URN
		want []string
	}{
		{"123456", []string{"_index.md", "schools/123456/ks4.md", "ks2.md", "schools/123456/notes.md"}},
		{"654321", []string{"_index.md", "schools/654321/ks2.md", "ks4.md"}},
		{"999999", []string{"_index.md", "ks4.md", "ks2.md"}},
		{"", []string{"_index.md", "ks4.md", "ks2.md"}},
	}
	for _, tt := range tests {
		if got := paths(s.ForSchool(tt.urn)); !slices.Equal(got, tt.want) {
			t.Errorf("ForSchool(%q) = %q, want %q", tt.urn, got, tt.want)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		fsys fstest.MapFS
		want []want
	}{
		{"page directly under schools", fstest.MapFS{"schools/notes.md": page("N", 0)},
			[]want{{0, "content/schools/notes.md: error: a school's pages go in a folder named by its URN: content/schools/<URN>/"}}},
		{"folder not a URN", fstest.MapFS{"schools/hill/ks4.md": page("N", 0), "schools/12345/ks4.md": page("N", 0)},
			[]want{{0, "schools/12345 is not a school's six-digit URN"}, {0, "schools/hill is not a school's six-digit URN"}}},
		{"two files, one page", fstest.MapFS{"_index.md": page("A", 0), "index.md": page("B", 0), "schools/123456/index.md": page("C", 0)},
			[]want{{0, "content/index.md: error: makes the same page (index.html) as content/_index.md"}}},
		{"not utf-8", fstest.MapFS{"ks4.md": {Data: []byte("caf\xe9\n")}},
			[]want{{0, "content/ks4.md: error: not UTF-8 text (hint: save the file as UTF-8)"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, l := Load(tt.fsys, Options{})
			checkDiags(t, l, tt.want)
		})
	}
}

func TestLoadMissingFolder(t *testing.T) {
	sub, err := fs.Sub(fstest.MapFS{"other/x.md": page("X", 0)}, "content")
	if err != nil {
		t.Fatal(err)
	}
	s, l := Load(sub, Options{})
	if len(l) > 0 || len(s.Pages) > 0 || s.Glossary != nil {
		t.Errorf("missing content folder: got %v, %d pages", l, len(s.Pages))
	}
}

// One page renders for many schools at once, each with its own embeds.
func TestRenderConcurrently(t *testing.T) {
	p, _ := load(t, "```reportpack\ntile ks4_p8\n```\n", Options{})
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			var b strings.Builder
			err := p.Render(&b, EmbedRendererFunc(func(w io.Writer, e Embed) error {
				_, err := fmt.Fprintf(w, "school %d", i)
				return err
			}))
			if err != nil || b.String() != fmt.Sprintf("school %d", i) {
				t.Errorf("render %d: %q, %v", i, b.String(), err)
			}
		})
	}
	wg.Wait()
}
