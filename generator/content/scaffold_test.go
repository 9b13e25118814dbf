package content

import (
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// Every example commentary file of the repository's content/ (what
// `reportpack new` copies) is listed with its current hash, so a real
// site still holding it unchanged is found.
func TestExampleCommentaryListed(t *testing.T) {
	fsys := os.DirFS("../../content")
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || name == "glossary.md" {
			return err
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		if h := commentaryHash(b); !slices.Contains(exampleCommentary[name], h) {
			t.Errorf("content/%s changed: add its hash to exampleCommentary in scaffold.go:\n\t%q: {%q, ...},", name, name, h)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestExampleCommentary(t *testing.T) {
	example, err := fs.ReadFile(os.DirFS("../../content"), "_index.md")
	if err != nil {
		t.Fatal(err)
	}
	governors, err := fs.ReadFile(os.DirFS("../../content"), "schools/900001/governors.md")
	if err != nil {
		t.Fatal(err)
	}
	glossary, err := fs.ReadFile(os.DirFS("../../content"), "glossary.md")
	if err != nil {
		t.Fatal(err)
	}
	crlf := []byte(strings.ReplaceAll(string(example), "\n", "\r\n"))
	for _, tc := range []struct {
		name  string
		files fstest.MapFS
		want  []string
	}{
		{"unchanged", fstest.MapFS{"_index.md": {Data: example}}, []string{"_index.md"}},
		{"saved with Windows line endings", fstest.MapFS{"_index.md": {Data: crlf}}, []string{"_index.md"}},
		{"edited", fstest.MapFS{"_index.md": {Data: append(slices.Clone(example), "\nOur own words.\n"...)}}, nil},
		{"school page", fstest.MapFS{"schools/900001/governors.md": {Data: governors}}, []string{"schools/900001/governors.md"}},
		{"moved to another school", fstest.MapFS{"schools/100001/governors.md": {Data: governors}}, []string{"schools/100001/governors.md"}},
		{"renamed", fstest.MapFS{"about.md": {Data: example}}, []string{"about.md"}},
		{"glossary kept as it is", fstest.MapFS{"glossary.md": {Data: glossary}}, nil},
		{"own commentary", fstest.MapFS{"_index.md": {Data: []byte("+++\ntitle = \"Home\"\n+++\nOurs.\n")}}, nil},
		{"empty", fstest.MapFS{}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ExampleCommentary(tc.files); !slices.Equal(got, tc.want) {
				t.Errorf("ExampleCommentary = %q, want %q", got, tc.want)
			}
		})
	}
}
