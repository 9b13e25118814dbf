package site_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/reportpack/reportpack"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/sample"
	"github.com/reportpack/reportpack/generator/site"
)

// TestProfilesShowNamesOnlyWhenNamed builds a site whose first pupil has a
// hostile name, then reads every text file of each profile: the named
// profile shows the name escaped; the others hold no name or UPN at all.
func TestProfilesShowNamesOnlyWhenNamed(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, reportpack.ExampleSite()); err != nil {
		t.Fatal(err)
	}
	d := sample.Generate(sample.Options{Schools: 2, Pupils: 25, Years: 1, Seed: 9})
	// A key stage 4 or 2 pupil, whom the named pupil lists show in full
	// (whole-school data begins with other year groups).
	i := slices.IndexFunc(d.Pupils, func(p model.Pupil) bool { return p.KeyStage == model.KS4 || p.KeyStage == model.KS2 })
	d.Pupils[i].ID.Forename = "</script><b>x"
	d.Pupils[i].ID.Surname = "Zzyzxquoll"
	if err := d.WriteDir(filepath.Join(dir, "data")); err != nil {
		t.Fatal(err)
	}
	build(t, dir, site.WithProfiles("all"))

	read := func(profile string) string {
		var b strings.Builder
		filepath.WalkDir(filepath.Join(dir, "public", profile), func(p string, e fs.DirEntry, err error) error {
			if err == nil && !e.IsDir() && (strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".csv")) {
				s, _ := os.ReadFile(p)
				b.Write(s)
			}
			return nil
		})
		return b.String()
	}
	named := read("named")
	if !strings.Contains(named, "Zzyzxquoll, &lt;/script&gt;&lt;b&gt;x") {
		t.Error("named profile does not list the pupil, escaped")
	}
	if strings.Contains(named, "</script><b>x") {
		t.Error("named profile prints the name unescaped")
	}
	for _, prof := range []string{"anonymised", "governor"} {
		out := read(prof)
		if out == "" {
			t.Fatalf("%s: nothing built", prof)
		}
		for _, p := range d.Pupils {
			for _, id := range []string{p.ID.UPN, p.ID.Surname + ", " + p.ID.Forename, p.ID.Forename + " " + p.ID.Surname} {
				if strings.Contains(out, id) {
					t.Errorf("%s profile contains %q", prof, id)
				}
			}
		}
		if strings.Contains(out, "Zzyzxquoll") || strings.Contains(out, "pupils-ks") {
			t.Errorf("%s profile shows the pupil or links a pupil list", prof)
		}
	}
}
