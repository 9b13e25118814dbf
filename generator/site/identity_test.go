package site_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	reportpack "github.com/reportpack/reportpack"
	"github.com/reportpack/reportpack/generator/output"
	"github.com/reportpack/reportpack/generator/sample"
	"github.com/reportpack/reportpack/generator/site"
)

// A build checks the schools the site names against the pupil rows: a
// URN one digit off is an error with the closest URN, not a pack titled
// "School 900030".
func TestBuildChecksNamedSchools(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(t *testing.T, dir string)
		wantErr string // "" for a build that succeeds
	}{
		{"schools file names every school", func(*testing.T, string) {}, ""},
		{"a typo in site.toml, no schools file", func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, "data", sample.SchoolsFile)); err != nil {
				t.Fatal(err)
			}
			toml, err := os.ReadFile(filepath.Join(dir, "site.toml"))
			if err != nil || !strings.Contains(string(toml), "[schools.900003]") {
				t.Fatalf("site.toml has no [schools.900003] to edit (%v)", err)
			}
			toml = []byte(strings.Replace(string(toml), "[schools.900003]", "[schools.900030]", 1))
			if err := os.WriteFile(filepath.Join(dir, "site.toml"), toml, 0o644); err != nil {
				t.Fatal(err)
			}
		}, "900003"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := newSite(t, sample.Options{Schools: 3, Pupils: 20, Years: 1, Seed: 4})
			tt.edit(t, dir)
			_, diags := site.Build(context.Background(), dir, site.WithTheme(reportpack.DefaultTheme()), site.WithWriter(output.NewMem()))
			if tt.wantErr == "" {
				if diags.HasErrors() {
					t.Fatalf("build failed: %v", diags)
				}
				return
			}
			if !diags.HasErrors() {
				t.Fatalf("build passed, want an error naming %s", tt.wantErr)
			}
			text := fmt.Sprint(diags)
			if !strings.Contains(text, tt.wantErr) || !strings.Contains(text, "900030") {
				t.Errorf("errors name neither the rows' URN %s nor the named 900030:\n%s", tt.wantErr, text)
			}
		})
	}
}
