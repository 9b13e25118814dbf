package site_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/reportpack/reportpack"
	"github.com/reportpack/reportpack/generator/output"
	"github.com/reportpack/reportpack/generator/sample"
	"github.com/reportpack/reportpack/generator/site"
)

// newSite scaffolds a site as `reportpack new` does, with small sample data.
func newSite(t testing.TB, opt sample.Options) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, reportpack.ExampleSite()); err != nil {
		t.Fatal(err)
	}
	d := sample.Generate(opt)
	if err := d.WriteDir(filepath.Join(dir, "data")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// snapshot hashes every file under root, so a test can tell whether anything changed.
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			m[rel+"/"] = "dir"
			return nil
		}
		b, err := os.ReadFile(p)
		m[rel] = fmt.Sprintf("%x", sha256.Sum256(b))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func build(t *testing.T, dir string, opts ...site.Option) *site.Report {
	t.Helper()
	rep, diags := site.Build(context.Background(), dir, append([]site.Option{site.WithTheme(reportpack.DefaultTheme())}, opts...)...)
	if diags.HasErrors() {
		t.Fatalf("build failed:\n%v", diags.Err())
	}
	return rep
}

var hrefRe = regexp.MustCompile(`(?:href|src)="([^"]*)"`)

func TestBuildWritesPagesWithRelativeLinks(t *testing.T) {
	dir := newSite(t, sample.Options{Schools: 3, Pupils: 30, Years: 2, Seed: 7})
	rep := build(t, dir)
	pub := filepath.Join(dir, "public", "named")
	for _, f := range []string{"index.html", "assets/css/reportpack.css"} {
		if _, err := os.Stat(filepath.Join(pub, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	if rep.Schools != 3 {
		t.Errorf("schools = %d", rep.Schools)
	}
	var pages, ks int
	filepath.WalkDir(pub, func(p string, d fs.DirEntry, err error) error {
		if d.IsDir() || !strings.HasSuffix(p, ".html") {
			return nil
		}
		pages++
		if base := filepath.Base(p); base == "ks2.html" || base == "ks4.html" {
			ks++
		}
		b, _ := os.ReadFile(p)
		for _, m := range hrefRe.FindAllStringSubmatch(string(b), -1) {
			link := m[1]
			if strings.HasPrefix(link, "#") {
				continue
			}
			if strings.Contains(link, "://") || strings.HasPrefix(link, "/") || strings.HasPrefix(link, "//") {
				t.Errorf("%s: link %q is not relative", p, link)
				continue
			}
			target, _, _ := strings.Cut(link, "#")
			if !strings.Contains(filepath.Base(target), ".") {
				t.Errorf("%s: link %q does not name its file", p, link)
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(p), target)); err != nil {
				t.Errorf("%s: link %q is broken", p, link)
			}
		}
		return nil
	})
	if rep.Pages != pages || ks != 3 {
		t.Errorf("report says %d pages, found %d (%d key stage pages)", rep.Pages, pages, ks)
	}
	home, _ := os.ReadFile(filepath.Join(pub, "900001", "index.html"))
	for _, want := range []string{"glossary.html", "ks4.html", "assets/css/reportpack.css", "Illustrative data"} {
		if !strings.Contains(string(home), want) {
			t.Errorf("school home lacks %q", want)
		}
	}
}

func TestOneSchoolBuildsAtProfileRoot(t *testing.T) {
	dir := newSite(t, sample.Options{Schools: 1, Pupils: 30, Years: 1, Seed: 3})
	build(t, dir)
	for _, f := range []string{"index.html", "glossary.html", "assets/css/reportpack.css"} {
		if _, err := os.Stat(filepath.Join(dir, "public", "named", f)); err != nil {
			t.Errorf("missing public/named/%s", f)
		}
	}
	ks, _ := filepath.Glob(filepath.Join(dir, "public", "named", "ks*.html"))
	if len(ks) != 1 {
		t.Errorf("key stage pages at the root: %v", ks)
	}
}

// TestFailedBuildLeavesPublicUnchanged breaks builds in several ways, some
// only once pages are being written, and checks public/ is untouched.
func TestFailedBuildLeavesPublicUnchanged(t *testing.T) {
	dir := newSite(t, sample.Options{Schools: 3, Pupils: 30, Years: 2, Seed: 11})
	build(t, dir, site.WithProfiles("all"))
	before := snapshot(t, filepath.Join(dir, "public"))

	breakages := []struct {
		name  string
		setup func(t *testing.T) (undo func())
		ctx   func() context.Context
	}{
		{"template error half way through", func(t *testing.T) func() {
			// The home pages render; the first key stage page fails.
			p := filepath.Join(dir, "themes", "default", "layouts", "keystage.html")
			os.MkdirAll(filepath.Dir(p), 0o755)
			os.WriteFile(p, []byte(`{{define "main"}}{{.KeyStage.NoSuchField}}{{end}}`), 0o644)
			return func() { os.RemoveAll(filepath.Join(dir, "themes")) }
		}, nil},
		{"bad data", func(t *testing.T) func() {
			p := filepath.Join(dir, "data", "national.csv")
			old, _ := os.ReadFile(p)
			os.WriteFile(p, append(old, []byte("2025,ks4_p8,all,not-a-number\n")...), 0o644)
			return func() { os.WriteFile(p, old, 0o644) }
		}, nil},
		{"bad site.toml", func(t *testing.T) func() {
			p := filepath.Join(dir, "site.toml")
			old, _ := os.ReadFile(p)
			os.WriteFile(p, append(old, []byte("\nunknown_key = 1\n")...), 0o644)
			return func() { os.WriteFile(p, old, 0o644) }
		}, nil},
		{"interrupted", func(t *testing.T) func() { return func() {} }, func() context.Context {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx
		}},
	}
	for _, b := range breakages {
		t.Run(b.name, func(t *testing.T) {
			undo := b.setup(t)
			defer undo()
			ctx := context.Background()
			if b.ctx != nil {
				ctx = b.ctx()
			}
			_, diags := site.Build(ctx, dir, site.WithProfiles("all"), site.WithTheme(reportpack.DefaultTheme()))
			if !diags.HasErrors() {
				t.Fatal("build succeeded")
			}
			after := snapshot(t, filepath.Join(dir, "public"))
			if len(after) != len(before) {
				t.Fatalf("public/ has %d entries, had %d", len(after), len(before))
			}
			for k, v := range before {
				if after[k] != v {
					t.Errorf("public/%s changed", k)
				}
			}
			leftovers, _ := filepath.Glob(filepath.Join(dir, ".reportpack-*"))
			if len(leftovers) > 0 {
				t.Errorf("left behind: %v", leftovers)
			}
		})
	}
}

func TestBuildToMemoryLeavesDiskAlone(t *testing.T) {
	dir := newSite(t, sample.Options{Schools: 1, Pupils: 20, Years: 1, Seed: 5})
	mem := output.NewMem()
	build(t, dir, site.WithWriter(mem))
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("public/ written in memory mode")
	}
	if _, ok := mem.File("named/index.html"); !ok {
		t.Errorf("memory output lacks named/index.html: %v", mem.Names())
	}
}

func TestUnknownProfile(t *testing.T) {
	dir := newSite(t, sample.Options{Schools: 1, Pupils: 20, Years: 1, Seed: 5})
	_, diags := site.Build(context.Background(), dir, site.WithProfiles("nosuch"), site.WithTheme(reportpack.DefaultTheme()))
	if !diags.HasErrors() || !strings.Contains(diags.Err().Error(), "nosuch") {
		t.Errorf("diags = %v", diags)
	}
}

// When the pupil file does not load, the school pages in content/schools
// are not "unused": only the data's error is reported.
func TestNoUnusedSchoolPagesWarningWithoutData(t *testing.T) {
	dir := newSite(t, sample.Options{Schools: 1, Pupils: 20, Years: 1, Seed: 5})
	if err := os.Remove(filepath.Join(dir, "data", "pupils.xlsx")); err != nil {
		t.Fatal(err)
	}
	_, diags := site.Build(context.Background(), dir, site.WithTheme(reportpack.DefaultTheme()))
	if !diags.HasErrors() {
		t.Fatal("build succeeded without pupil data")
	}
	for _, d := range diags {
		if strings.Contains(d.Message, "pupil data; these pages are not used") {
			t.Errorf("misleading warning: %s", d)
		}
	}
}
