package site_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	reportpack "github.com/reportpack/reportpack"
	"github.com/reportpack/reportpack/generator/config"
	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/sample"
	"github.com/reportpack/reportpack/generator/site"
)

// misSite lays a fixture of testdata/mis (an MIS export as it comes, and
// the site.toml that reads it) over the example site's commentary, with
// sample national figures and estimates.
func misSite(t *testing.T, name string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, reportpack.ExampleSite()); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Join(dir, "content", "schools")) // the example's own schools
	os.Remove(filepath.Join(dir, "site.toml"))             // the fixture's replaces it
	nat := t.TempDir()
	if err := sample.Generate(sample.Options{Schools: 1, Pupils: 10, Years: 1, Seed: 1}).WriteDir(nat); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "mis", name))); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"national.csv", "national.toml", "estimates.csv"} {
		b, err := os.ReadFile(filepath.Join(nat, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "data", f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Each MIS-shaped export builds a pack through site.toml settings alone.
func TestMISExportsBuild(t *testing.T) {
	tests := []struct {
		fixture string
		schools int
		stage   model.KeyStage
		warn    string // a warning the build must give, "" for none in particular
	}{
		{"sims", 1, model.KS4, ""},
		{"arbor", 2, model.KS4, ""},
		{"bromcom", 1, model.KS2, `read the pupils from sheet "Students"`},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			dir := misSite(t, tt.fixture)
			rep, diags := site.Build(context.Background(), dir, site.WithProfiles("all"), site.WithTheme(reportpack.DefaultTheme()))
			if diags.HasErrors() {
				t.Fatalf("build failed:\n%v", diags.Err())
			}
			if rep.Schools != tt.schools {
				t.Errorf("%d schools, want %d", rep.Schools, tt.schools)
			}
			var warnings strings.Builder
			for _, d := range diags.Warnings() {
				warnings.WriteString(d.String() + "\n")
			}
			if tt.warn != "" && !strings.Contains(warnings.String(), tt.warn) {
				t.Errorf("no warning %q in:\n%s", tt.warn, warnings.String())
			}
			t.Logf("warnings:\n%s", warnings.String())

			// The pupils as read: the census codes and words count in
			// their major groups (WBRI as White), every pupil has the key
			// stage, and key stage 4 pupils a KS2 prior score.
			cfg, l := config.Load(os.DirFS(dir))
			if cfg == nil {
				t.Fatal(l)
			}
			pf, _ := load.Pupils(load.DirSource(dir), cfg.Data.Pupils.First(), cfg.PupilOptions())
			white, prior := 0, 0
			for _, p := range pf.Pupils {
				if p.KeyStage != tt.stage || p.Year != 2025 || p.URN == "" || p.Chars.Ethnicity == model.EthnicityUnknown {
					t.Fatalf("pupil %+v", p)
				}
				if p.Chars.Ethnicity == model.EthnicityWhite {
					white++
				}
				if p.KS4.KS2APS.Valid {
					prior++
				}
			}
			if white == 0 {
				t.Error("no White pupils")
			}
			if tt.stage == model.KS4 && prior != len(pf.Pupils) {
				t.Errorf("%d of %d pupils have KS2_APS", prior, len(pf.Pupils))
			}
			// The named pack's figures include Progress 8 for key stage 4.
			found := false
			fs.WalkDir(os.DirFS(filepath.Join(dir, "public", "named")), ".", func(p string, d fs.DirEntry, err error) error {
				if err == nil && filepath.Base(p) == "measures.csv" {
					b, _ := fs.ReadFile(os.DirFS(filepath.Join(dir, "public", "named")), p)
					found = found || (tt.stage == model.KS2 && strings.Contains(string(b), "ks2_")) ||
						strings.Contains(string(b), "ks4_p8")
				}
				return nil
			})
			if !found {
				t.Error("no measures.csv with the key stage's measures")
			}
		})
	}
}
