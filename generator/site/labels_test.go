package site_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/reportpack/reportpack"
	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/sample"
	"github.com/reportpack/reportpack/generator/site"
)

// What pages call synthetic or illustrative follows the data, and what
// `reportpack new` put in a site as an example does not reach a pack of
// real pupils unnoticed.
func TestLabelsFollowTheData(t *testing.T) {
	opt := sample.Options{Schools: 2, Pupils: 20, Years: 2, Seed: 5}

	// pupilsCSV rewrites the site's pupils as data/pupils.csv (a copy out
	// of the workbook keeps its columns), marking row i (0-based) Synthetic
	// when marked(i).
	pupilsCSV := func(t *testing.T, dir string, marked func(i int) bool) {
		d := sample.Generate(opt)
		for i := range d.Pupils {
			d.Pupils[i].Synthetic = marked(i)
		}
		var b bytes.Buffer
		if err := d.WritePupilsCSV(&b); err != nil {
			t.Fatal(err)
		}
		write(t, dir, "data/pupils.csv", b.String())
		os.Remove(filepath.Join(dir, "data", "pupils.xlsx"))
		editTOML(t, dir, `pupils = "data/pupils.xlsx"`, `pupils = "data/pupils.csv"`)
	}
	real := func(t *testing.T, dir string) { pupilsCSV(t, dir, func(int) bool { return false }) }
	// own makes the site a real one's: its own organisation and home
	// page, no example pages, and the built-in national figures.
	own := func(t *testing.T, dir string) {
		real(t, dir)
		editTOML(t, dir, `organisation = "Northmoor Council (example)"`, `organisation = "Real Borough Council"`)
		write(t, dir, "content/_index.md", "+++\ntitle = \"About\"\n+++\nOur own words.\n")
		for _, f := range []string{"content/ks2.md", "content/ks4.md", "content/schools/900001/governors.md", "data/national.csv"} {
			os.Remove(filepath.Join(dir, f))
		}
		editTOML(t, dir, `national = "data/national.csv"`+"\n", "")
	}
	setKey := func(v string) func(*testing.T, string) {
		return func(t *testing.T, dir string) {
			editTOML(t, dir, `theme = "default"`, "illustrative = "+v+"\ntheme = \"default\"")
		}
	}
	both := func(fs ...func(*testing.T, string)) func(*testing.T, string) {
		return func(t *testing.T, dir string) {
			for _, f := range fs {
				f(t, dir)
			}
		}
	}

	const (
		syntheticFooter = "The pupils in this pack are synthetic"
		inventedFooter  = "Illustrative national figures."
		inventedTile    = "illustrative: invented by reportpack sample in data/national.csv"
	)
	type warning struct{ file, value, message string } // value and message: substrings
	for _, tc := range []struct {
		name   string
		setup  func(*testing.T, string)
		errors []diag.Diagnostic // File, Header and Rows (as Row of each) that must be reported
		warn   []warning         // the label warnings expected, no more
		page   []string          // on the first school's key stage 4 page
		noPage []string
	}{
		{name: "sample data as written", setup: func(*testing.T, string) {},
			page: []string{syntheticFooter, inventedFooter, inventedTile}},
		{name: "sample data copied into CSV", setup: func(t *testing.T, dir string) { pupilsCSV(t, dir, func(int) bool { return true }) },
			page: []string{syntheticFooter, inventedTile}},
		{name: "real pupils in the scaffold", setup: real,
			warn: []warning{
				{"content/_index.md", "", "example commentary"},
				{"content/ks2.md", "", "example commentary"},
				{"content/ks4.md", "", "example commentary"},
				{"content/schools/900001/governors.md", "", "example commentary"},
				{"site.toml", "Northmoor Council (example)", "organisation is still the example's"},
				{"data/national.csv", "synthetic (reportpack sample)", "national figures are invented"},
			},
			page: []string{inventedFooter, inventedTile}, noPage: []string{syntheticFooter}},
		{name: "real pupils in a site of their own", setup: own,
			noPage: []string{syntheticFooter, inventedFooter, "illustrative", "Illustrative"}},
		{name: "illustrative = false with synthetic pupils", setup: setKey("false"),
			warn: []warning{{"site.toml", "illustrative = false", "the pupils are synthetic"}},
			page: []string{syntheticFooter}},
		{name: "illustrative = true with synthetic pupils", setup: setKey("true"),
			page: []string{syntheticFooter}},
		{name: "illustrative = true with real pupils", setup: both(own, setKey("true")),
			warn:   []warning{{"site.toml", "illustrative = true", "the pupils are real"}},
			noPage: []string{syntheticFooter, "Illustrative"}},
		{name: "illustrative = false with real pupils", setup: both(own, setKey("false")),
			noPage: []string{syntheticFooter}},
		{name: "a few sample rows in real data", setup: func(t *testing.T, dir string) { pupilsCSV(t, dir, func(i int) bool { return i < 3 }) },
			errors: []diag.Diagnostic{{File: "data/pupils.csv", Header: "Synthetic", Row: 2}, {Row: 3}, {Row: 4}}},
		{name: "real rows added to sample data", setup: func(t *testing.T, dir string) { pupilsCSV(t, dir, func(i int) bool { return i != 5 }) },
			errors: []diag.Diagnostic{{File: "data/pupils.csv", Header: "Synthetic", Row: 7}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := newSite(t, opt)
			tc.setup(t, dir)
			_, diags := site.Build(context.Background(), dir, site.WithTheme(reportpack.DefaultTheme()))
			if len(tc.errors) > 0 {
				var rows []int
				for _, d := range diags {
					if d.Severity == diag.Error && d.Header == tc.errors[0].Header && d.File == tc.errors[0].File {
						rows = append(rows, d.Row)
					}
				}
				var want []int
				for _, d := range tc.errors {
					want = append(want, d.Row)
				}
				if !slices.Equal(rows, want) {
					t.Fatalf("Synthetic errors in rows %v, want %v:\n%v", rows, want, diags)
				}
				return
			}
			if diags.HasErrors() {
				t.Fatalf("build failed:\n%v", diags.Err())
			}
			var got []diag.Diagnostic
			for _, d := range diags {
				if d.Severity == diag.Warning && (strings.Contains(d.Message, "example") || strings.Contains(d.Message, "synthetic") ||
					strings.Contains(d.Message, "invented") || strings.Contains(d.Message, "real")) {
					got = append(got, d)
				}
			}
			for _, w := range tc.warn {
				i := slices.IndexFunc(got, func(d diag.Diagnostic) bool {
					return d.File == w.file && strings.Contains(d.Value, w.value) && strings.Contains(d.Message, w.message)
				})
				if i < 0 {
					t.Errorf("no warning %+v in\n%v", w, got)
					continue
				}
				if d := got[i]; d.File == "site.toml" && d.Line == 0 {
					t.Errorf("%v: names no line", d)
				}
				got = slices.Delete(got, i, i+1)
			}
			for _, d := range got {
				t.Errorf("unexpected warning: %v", d)
			}
			page, err := os.ReadFile(filepath.Join(dir, "public", "named", "900001", "ks4.html"))
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range tc.page {
				if !strings.Contains(string(page), s) {
					t.Errorf("the page lacks %q", s)
				}
			}
			for _, s := range tc.noPage {
				if strings.Contains(string(page), s) {
					t.Errorf("the page says %q", s)
				}
			}
		})
	}
}

// A site.toml key's warning names its line.
func TestIllustrativeKeyLine(t *testing.T) {
	dir := newSite(t, sample.Options{Schools: 1, Pupils: 20, Years: 1, Seed: 2})
	editTOML(t, dir, `theme = "default"`, "theme = \"default\"\nillustrative = false")
	b, _ := os.ReadFile(filepath.Join(dir, "site.toml"))
	line := slices.Index(strings.Split(string(b), "\n"), "illustrative = false") + 1
	diags := site.Validate(dir)
	for _, d := range diags {
		if d.File == "site.toml" && strings.Contains(d.Value, "illustrative") {
			if d.Line != line {
				t.Errorf("warning on line %d, want %d: %v", d.Line, line, d)
			}
			return
		}
	}
	t.Errorf("no warning about the illustrative key:\n%v", diags)
}

func write(t *testing.T, dir, name, body string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// editTOML replaces old with new in the site's site.toml.
func editTOML(t *testing.T, dir, old, new string) {
	t.Helper()
	p := filepath.Join(dir, "site.toml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("site.toml has no %q", old)
	}
	if err := os.WriteFile(p, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}
