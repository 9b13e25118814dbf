package site_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/reportpack/reportpack"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/output"
	"github.com/reportpack/reportpack/generator/sample"
	"github.com/reportpack/reportpack/generator/site"
)

// memBuild builds into memory and returns every file by name.
func memBuild(t *testing.T, dir string, opts ...site.Option) (map[string][]byte, *site.Report) {
	t.Helper()
	mem := output.NewMem()
	rep := build(t, dir, append([]site.Option{site.WithWriter(mem)}, opts...)...)
	files := map[string][]byte{}
	for _, n := range mem.Names() {
		b, _ := mem.File(n)
		files[n] = b
	}
	return files, rep
}

func TestZipsAreReproducible(t *testing.T) {
	dir := newSite(t, sample.Options{Schools: 3, Pupils: 30, Years: 2, Seed: 7})
	tests := []struct {
		name string
		opts []site.Option
	}{
		{"one worker", []site.Option{site.WithWorkers(1)}},
		{"four workers", []site.Option{site.WithWorkers(4)}},
	}
	first, _ := memBuild(t, dir, site.WithProfiles("all"), site.WithZip(true))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			again, _ := memBuild(t, dir, append(tt.opts, site.WithProfiles("all"), site.WithZip(true))...)
			zips := 0
			for n, b := range first {
				if !strings.HasPrefix(n, "zips/") {
					continue
				}
				zips++
				if !bytes.Equal(b, again[n]) {
					t.Errorf("%s differs between builds", n)
				}
			}
			if zips != 9 {
				t.Errorf("%d zips, want 3 schools x 3 profiles", zips)
			}
		})
	}
}

// TestZipIsTheSchoolsPack checks a zip holds the school's pages as the site
// has them, the assets they use and no others, and a root index listing
// only that school, and that every relative link inside it resolves within
// the zip.
func TestZipIsTheSchoolsPack(t *testing.T) {
	dir := newSite(t, sample.Options{Schools: 3, Pupils: 30, Years: 2, Seed: 7})
	files, _ := memBuild(t, dir, site.WithProfiles("all"), site.WithZip(true))
	const echarts = "assets/js/echarts/echarts.min.js"
	tests := []struct {
		profile string
		has     []string
		hasNot  []string
	}{
		// A scatter page draws with ECharts; its licence travels with it.
		{"named", []string{echarts, "assets/js/echarts/LICENSE", "assets/js/echarts/NOTICE", "assets/js/scatter.js", "assets/js/chartsize.js", "assets/css/reportpack.css"}, nil},
		// An anonymised pack draws a scatterplot only where it gives away
		// no suppressed figure: a school of 30 pupils has none to draw.
		// Its EYFS page draws the goals' bars (audited figures) with
		// ECharts and charts.js.
		{"anonymised", []string{"assets/css/reportpack.css", echarts, "assets/js/echarts/LICENSE", "assets/js/charts.js", "assets/js/chartsize.js"}, []string{"assets/js/scatter.js"}},
		// A governor pack has no scatterplot; its EYFS bars are as the
		// anonymised pack's.
		{"governor", []string{"assets/css/reportpack.css", "assets/js/tables.js", echarts, "assets/js/charts.js"}, []string{"assets/js/scatter.js"}},
	}
	for _, tt := range tests {
		t.Run(tt.profile, func(t *testing.T) {
			if _, drawn := files[tt.profile+"/900002/scatter-ks2.html"]; tt.profile == "anonymised" && drawn {
				t.Fatal("the anonymised profile draws a scatterplot for a school of 30 pupils")
			}
			zb := files["zips/"+tt.profile+"/"+site.ZipName("900002", tt.profile)]
			zr, err := zip.NewReader(bytes.NewReader(zb), int64(len(zb)))
			if err != nil {
				t.Fatal(err)
			}
			inZip := map[string][]byte{}
			var names []string
			for _, f := range zr.File {
				rc, _ := f.Open()
				b, _ := io.ReadAll(rc)
				rc.Close()
				inZip[f.Name] = b
				names = append(names, f.Name)
			}
			if !slices.IsSorted(names) {
				t.Error("zip entries are not sorted")
			}
			for n, b := range files {
				if rel, ok := strings.CutPrefix(n, tt.profile+"/900002/"); ok && !bytes.Equal(inZip["900002/"+rel], b) {
					t.Errorf("zip's 900002/%s is not the site's %s", rel, n)
				}
				if rel, ok := strings.CutPrefix(n, tt.profile+"/assets/"); ok {
					if got, in := inZip["assets/"+rel]; in && !bytes.Equal(got, b) {
						t.Errorf("zip's assets/%s is not the site's %s", rel, n)
					}
				}
			}
			for _, n := range tt.has {
				if _, ok := inZip[n]; !ok {
					t.Errorf("zip lacks %s", n)
				}
			}
			for _, n := range tt.hasNot {
				if _, ok := inZip[n]; ok {
					t.Errorf("zip holds %s, which no page of it uses", n)
				}
			}
			idx := string(inZip["index.html"])
			if !strings.Contains(idx, "900002/index.html") || strings.Contains(idx, "900001/") || strings.Contains(idx, "900003/") {
				t.Error("the zip's index does not list just its school")
			}
			for n, b := range inZip {
				if !strings.HasSuffix(n, ".html") {
					continue
				}
				for _, m := range hrefRe.FindAllStringSubmatch(string(b), -1) {
					target, _, _ := strings.Cut(m[1], "#")
					if target == "" || strings.Contains(target, "://") {
						continue
					}
					if _, ok := inZip[path.Join(path.Dir(n), target)]; !ok {
						t.Errorf("%s: link %q leaves the zip", n, m[1])
					}
				}
			}
		})
	}
}

// TestProfilesShareFilesOnDisk checks that what two profiles hold byte for
// byte (the exports of profiles with one threshold, the assets) is written
// once and linked, and that the files are still what a build in memory has.
func TestProfilesShareFilesOnDisk(t *testing.T) {
	dir := newSite(t, sample.Options{Schools: 3, Pupils: 30, Years: 2, Seed: 7})
	mem, _ := memBuild(t, dir, site.WithProfiles("all"), site.WithZip(true))
	build(t, dir, site.WithProfiles("all"), site.WithZip(true))
	pub := filepath.Join(dir, "public")
	same := func(a, b string) bool {
		sa, errA := os.Stat(filepath.Join(pub, a))
		sb, errB := os.Stat(filepath.Join(pub, b))
		return errA == nil && errB == nil && os.SameFile(sa, sb)
	}
	tests := []struct {
		a, b   string
		linked bool
	}{
		{"anonymised/900001/measures.csv", "governor/900001/measures.csv", true},
		{"anonymised/900001/measures.xlsx", "governor/900001/measures.xlsx", true},
		{"named/assets/js/tables.js", "governor/assets/js/tables.js", true},
		{"named/900001/measures.csv", "anonymised/900001/measures.csv", false}, // not the same figures
		{"anonymised/900001/measures.csv", "anonymised/900002/measures.csv", false},
	}
	for _, tt := range tests {
		if got := same(tt.a, tt.b); got != tt.linked {
			t.Errorf("%s and %s are one file: %v, want %v", tt.a, tt.b, got, tt.linked)
		}
	}
	onDisk := 0
	for n, want := range mem {
		got, err := os.ReadFile(filepath.Join(pub, filepath.FromSlash(n)))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s on disk differs from the build in memory (%v)", n, err)
		}
		onDisk++
	}
	if onDisk == 0 {
		t.Fatal("nothing built")
	}
}

// TestShardsMakeTheFullBuild builds shards 1/3, 2/3 and 3/3 and checks
// that together they are byte for byte the full build.
func TestShardsMakeTheFullBuild(t *testing.T) {
	dir := newSite(t, sample.Options{Schools: 7, Pupils: 20, Years: 1, Seed: 4})
	opts := []site.Option{site.WithProfiles("all"), site.WithZip(true)}
	full, _ := memBuild(t, dir, opts...)
	union := map[string][]byte{}
	schools := 0
	for k := 1; k <= 3; k++ {
		part, rep := memBuild(t, dir, append(opts, site.WithShard(site.Shard{K: k, N: 3}))...)
		schools += rep.Schools
		for n, b := range part {
			if old, ok := union[n]; ok && !bytes.Equal(old, b) {
				t.Errorf("shards disagree on %s", n)
			}
			union[n] = b
		}
	}
	if schools != 7 {
		t.Errorf("shards built %d schools in all, want 7", schools)
	}
	if len(union) != len(full) {
		t.Errorf("shards wrote %d files, the full build %d", len(union), len(full))
	}
	for n, b := range full {
		if !bytes.Equal(union[n], b) {
			t.Errorf("%s: shards' file differs from the full build's", n)
		}
	}
}

func TestSchoolsBuildsASubset(t *testing.T) {
	dir := newSite(t, sample.Options{Schools: 4, Pupils: 20, Years: 1, Seed: 4})
	files, rep := memBuild(t, dir, site.WithSchools("900002", "900004"))
	if rep.Schools != 2 {
		t.Errorf("built %d schools", rep.Schools)
	}
	idx := string(files["named/index.html"])
	for _, urn := range []string{"900001", "900002", "900003", "900004"} {
		want := urn == "900002" || urn == "900004"
		if _, ok := files["named/"+urn+"/index.html"]; ok != want {
			t.Errorf("school %s built: %v", urn, ok)
		}
		if strings.Contains(idx, urn+"/index.html") != want {
			t.Errorf("LA index lists %s: %v", urn, !want)
		}
	}
	_, diags := site.Build(context.Background(), dir, site.WithWriter(output.NewMem()), site.WithSchools("999999"), site.WithTheme(reportpack.DefaultTheme()))
	if !diags.HasErrors() || !strings.Contains(diags.Err().Error(), "999999") {
		t.Errorf("unknown URN: %v", diags)
	}
}

func TestParseShard(t *testing.T) {
	tests := []struct {
		in   string
		want site.Shard
		ok   bool
	}{
		{"1/3", site.Shard{K: 1, N: 3}, true},
		{"3/3", site.Shard{K: 3, N: 3}, true},
		{"1/1", site.Shard{K: 1, N: 1}, true},
		{"0/3", site.Shard{}, false},
		{"4/3", site.Shard{}, false},
		{"3", site.Shard{}, false},
		{"a/b", site.Shard{}, false},
	}
	for _, tt := range tests {
		got, err := site.ParseShard(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseShard(%q) = %v, %v", tt.in, got, err)
		}
	}
}

// TestShardIsStable pins each school's shard to FNV-1a of its URN, mod N:
// adding a school moves no other, and a release never reshuffles shards.
func TestShardIsStable(t *testing.T) {
	tests := []struct {
		urn  string
		want int // the K of N=3 that holds it
	}{
		{"900001", 3}, {"900002", 2}, {"900003", 1}, {"100234", 1}, {"147852", 1},
	}
	for _, tt := range tests {
		for k := 1; k <= 3; k++ {
			if got := (site.Shard{K: k, N: 3}).Has(model.URN(tt.urn)); got != (k == tt.want) {
				t.Errorf("shard %d/3 has %s: %v", k, tt.urn, got)
			}
		}
	}
}
