package site_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reportpack/reportpack"
	"github.com/reportpack/reportpack/generator/output"
	"github.com/reportpack/reportpack/generator/sample"
	"github.com/reportpack/reportpack/generator/site"
)

// sameAsFullBuild checks a session's output against a fresh full build of
// the same sources: an incremental build must never differ from one.
func sameAsFullBuild(t *testing.T, dir, profile string, got *output.Mem) {
	t.Helper()
	want := output.NewMem()
	if _, diags := site.Build(context.Background(), dir, site.WithTheme(reportpack.DefaultTheme()), site.WithProfiles(profile), site.WithWriter(want)); diags.HasErrors() {
		t.Fatalf("full build: %v", diags.Err())
	}
	wn, gn := want.Names(), got.Names()
	if strings.Join(wn, "\n") != strings.Join(gn, "\n") {
		t.Fatalf("files differ: full build has %d, session %d", len(wn), len(gn))
	}
	for _, n := range wn {
		a, _ := want.File(n)
		b, _ := got.File(n)
		if string(a) != string(b) {
			t.Errorf("%s differs from a full build", n)
		}
	}
}

func edit(t *testing.T, dir, rel string, f func(string) string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(f(string(b))), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestSessionRebuildsOnlyWhatChanged(t *testing.T) {
	for _, profile := range []string{"named", "anonymised"} {
		t.Run(profile, func(t *testing.T) {
			dir := newSite(t, sample.Options{Schools: 2, Pupils: 30, Years: 1, Seed: 5})
			s := site.NewSession(dir, reportpack.DefaultTheme(), profile)
			ctx := context.Background()
			mem, diags := s.Build(ctx, nil)
			if diags.HasErrors() {
				t.Fatal(diags.Err())
			}
			all := s.Rendered()
			sameAsFullBuild(t, dir, profile, mem)

			// A body edit re-renders that page for each school, nothing else.
			edit(t, dir, "content/ks4.md", func(s string) string { return s + "\nA new paragraph on results.\n" })
			mem, diags = s.Build(ctx, []string{"content/ks4.md"})
			if diags.HasErrors() {
				t.Fatal(diags.Err())
			}
			if s.Rendered() != 1 { // one secondary school in the sample
				t.Errorf("a body edit re-rendered %d files, want 1 (of %d)", s.Rendered(), all)
			}
			sameAsFullBuild(t, dir, profile, mem)

			// A new title shows in every page's menu: all are re-rendered.
			edit(t, dir, "content/glossary.md", func(s string) string {
				return strings.Replace(s, `title = "`, `title = "Words we use: `, 1)
			})
			mem, diags = s.Build(ctx, []string{"content/glossary.md"})
			if diags.HasErrors() {
				t.Fatal(diags.Err())
			}
			if s.Rendered() <= 2 {
				t.Errorf("a title change re-rendered only %d files", s.Rendered())
			}
			sameAsFullBuild(t, dir, profile, mem)

			// A broken edit fails and changes nothing; the fix builds.
			edit(t, dir, "content/ks2.md", func(s string) string { return strings.Replace(s, "title =", "titel =", 1) })
			if got, diags := s.Build(ctx, []string{"content/ks2.md"}); !diags.HasErrors() || got != nil {
				t.Fatal("a bad front matter key built")
			}
			edit(t, dir, "content/ks2.md", func(s string) string { return strings.Replace(s, "titel =", "title =", 1) })
			mem, diags = s.Build(ctx, []string{"content/ks2.md"})
			if diags.HasErrors() {
				t.Fatal(diags.Err())
			}
			sameAsFullBuild(t, dir, profile, mem)

			// A data change recomputes and re-renders everything.
			if err := sample.Generate(sample.Options{Schools: 2, Pupils: 31, Years: 1, Seed: 6}).WriteDir(filepath.Join(dir, "data")); err != nil {
				t.Fatal(err)
			}
			mem, diags = s.Build(ctx, []string{"data/pupils.xlsx"})
			if diags.HasErrors() {
				t.Fatal(diags.Err())
			}
			if s.Rendered() != all {
				t.Errorf("a data change rendered %d files, want %d", s.Rendered(), all)
			}
			sameAsFullBuild(t, dir, profile, mem)
		})
	}
}
