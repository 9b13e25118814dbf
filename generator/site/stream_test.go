package site

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	reportpack "github.com/reportpack/reportpack"
	"github.com/reportpack/reportpack/generator/config"
	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/grades"
	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/sample"
	"github.com/reportpack/reportpack/generator/validate"
)

// loadAtOnce is loadData as it was before streamData: every pupil
// validated, graded and checked at once, then grouped by school.
func loadAtOnce(source string) (*Project, diag.List) {
	cfg, diags := config.Load(os.DirFS(source))
	src := load.DirSource(source)
	files := load.Files{Pupils: cfg.Data.Pupils.First(), National: cfg.Data.National, Params: cfg.Data.Params, Estimates: cfg.Data.Estimates}
	opt := cfg.PupilOptions()
	if qt, ql := grades.LoadTable(src, ""); !ql.HasErrors() {
		opt.Subjects = func(h string) bool { _, ok := qt.Lookup(h); return ok }
	}
	ds, dd := validate.DatasetOf(src, files, cfg.Data.Pupils, opt, validate.NamedURNs(maps.Keys(cfg.Schools))...)
	diags = append(diags, dd...)
	if !dd.HasErrors() {
		gd := grades.ApplyFile(src, "", &ds)
		validate.Annotate(gd, ds.Pupils)
		diags = append(diags, gd...)
		if !gd.HasErrors() {
			diags = append(diags, validate.KS4Flags(ds.Pupils)...)
			diags = append(diags, validate.Progress(ds.Pupils, ds.Estimates)...)
		}
	}
	p := &Project{Source: source, Config: cfg, Data: ds}
	p.Data.Pupils, p.Schools = groupSchools(cfg, ds.Pupils)
	p.Synthetic = load.AllSynthetic(p.Data.Pupils)
	if !diags.HasErrors() {
		diags = append(diags, p.dataLabels(src, files)...)
	}
	return p, diags
}

// printed prints every field of the diagnostics, sorted.
func printed(l diag.List) []string {
	type plain diag.Diagnostic // without String, which leaves out Pupil
	l = append(diag.List(nil), l...)
	l.Sort()
	var out []string
	for _, d := range l {
		out = append(out, fmt.Sprintf("%+v", plain(d)))
	}
	return out
}

// A one-shot build's project, loaded a school at a time into a row store,
// is the project loading everything at once gave: the same diagnostics,
// schools (with their key stages), Synthetic label and rows; watch
// mode's holds the same pupils as model.Pupils. The pupil file's rows are
// in no order of school; with bad, a UPN is wrong.
func TestStreamedProjectAsAtOnce(t *testing.T) {
	for _, bad := range []bool{false, true} {
		t.Run(fmt.Sprintf("bad %v", bad), func(t *testing.T) {
			dir := t.TempDir()
			if err := os.CopyFS(dir, reportpack.ExampleSite()); err != nil {
				t.Fatal(err)
			}
			d := sample.Generate(sample.Options{Schools: 4, Pupils: 12, Years: 2, Seed: 11})
			r := rand.New(rand.NewPCG(11, 3))
			r.Shuffle(len(d.Pupils), func(i, j int) { d.Pupils[i], d.Pupils[j] = d.Pupils[j], d.Pupils[i] })
			if bad {
				// An error: neither grades nor the later checks report.
				d.Pupils[len(d.Pupils)/2].ID.UPN = "A12345"
			}
			if err := d.WriteDir(filepath.Join(dir, "data")); err != nil {
				t.Fatal(err)
			}

			want, wd := loadAtOnce(dir)
			one, od := loadRows(dir, true)
			defer one.closeRows()
			watch, hd := loadRows(dir, false)
			if bad != wd.HasErrors() {
				t.Fatalf("errors %v, want %v: %v", wd.HasErrors(), bad, wd)
			}
			for name, got := range map[string]diag.List{"one-shot": od, "watch": hd} {
				if a, b := printed(wd), printed(got); !reflect.DeepEqual(a, b) {
					t.Errorf("%s diagnostics:\n got %q\nwant %q", name, b, a)
				}
			}
			if one.Synthetic != want.Synthetic || watch.Synthetic != want.Synthetic {
				t.Errorf("Synthetic %v (watch %v), want %v", one.Synthetic, watch.Synthetic, want.Synthetic)
			}
			if one.Data.Pupils != nil || one.rows == nil {
				t.Fatal("the one-shot project holds its pupils as model.Pupils")
			}
			if len(one.Schools) != len(want.Schools) || len(watch.Schools) != len(want.Schools) {
				t.Fatalf("%d schools (watch %d), want %d", len(one.Schools), len(watch.Schools), len(want.Schools))
			}
			if !reflect.DeepEqual(watch.Data.Pupils, want.Data.Pupils) && !bad {
				t.Error("watch mode's pupils differ")
			}
			for i, w := range want.Schools {
				s := one.Schools[i]
				if s.URN != w.URN || s.Name != w.Name || !reflect.DeepEqual(s.KeyStages, w.KeyStages) || s.Pupils != nil {
					t.Errorf("school %d: %s %q %v (pupils kept %v), want %s %q %v", i, s.URN, s.Name, s.KeyStages, s.Pupils != nil, w.URN, w.Name, w.KeyStages)
				}
				if bad {
					continue // the data is not to be used
				}
				got, err := one.pupilsOf(s)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(w.Pupils) {
					t.Fatalf("school %s: %d pupils, want %d", s.URN, len(got), len(w.Pupils))
				}
				for j := range got {
					if !reflect.DeepEqual(normal(got[j]), normal(w.Pupils[j])) {
						t.Fatalf("school %s pupil %d:\n got %+v\nwant %+v", s.URN, j, got[j], w.Pupils[j])
					}
				}
			}
		})
	}
}
