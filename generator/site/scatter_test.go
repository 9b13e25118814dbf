package site_test

import (
	"archive/zip"
	"bytes"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/reportpack/reportpack"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/sample"
	"github.com/reportpack/reportpack/generator/site"
)

// scatterSite writes the example site with sample data that edit may change.
func scatterSite(t *testing.T, opt sample.Options, edit func(*sample.Data)) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, reportpack.ExampleSite()); err != nil {
		t.Fatal(err)
	}
	d := sample.Generate(opt)
	if edit != nil {
		edit(d)
	}
	if err := d.WriteDir(filepath.Join(dir, "data")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// secondary is the URN of the sample's first secondary school.
func secondary(t *testing.T, d *sample.Data) model.URN {
	t.Helper()
	for _, s := range d.Schools {
		if s.Phase == sample.Secondary {
			return s.URN
		}
	}
	t.Fatal("the sample has no secondary school")
	return ""
}

var scatterData = regexp.MustCompile(`(?s)<script type="application/json" class="rp-scatter-data"[^>]*>(.*?)</script>`)

// brokenLinks lists the links of a profile's pages that name a page or
// asset the build did not write.
func brokenLinks(files map[string][]byte, profile string) []string {
	var out []string
	for n, b := range files {
		if !strings.HasPrefix(n, profile+"/") || !strings.HasSuffix(n, ".html") {
			continue
		}
		for _, m := range hrefRe.FindAllStringSubmatch(string(b), -1) {
			target, _, _ := strings.Cut(m[1], "#")
			if target == "" || strings.Contains(target, "://") {
				continue
			}
			if _, ok := files[path.Join(path.Dir(n), target)]; !ok {
				out = append(out, n+" -> "+m[1])
			}
		}
	}
	return out
}

func zipNames(t *testing.T, b []byte) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	return names
}

// Where the anonymised profile's scatterplot would give away a figure its
// tables suppress, it is not drawn: no page, no data, no link to it, no
// chart scripts in the zip, and the key stage page and any embed say why.
// The named profile draws it as before.
func TestAnonymisedScatterWithheld(t *testing.T) {
	tests := []struct {
		name string
		edit func(t *testing.T, d *sample.Data)
		why  string
	}{
		// The red team's school: its headline P8 is x, yet the points'
		// mean was the hidden figure.
		{"five pupils", func(t *testing.T, d *sample.Data) {
			urn, kept := secondary(t, d), 0
			// Five key stage 4 pupils (whole-school data has other
			// year groups: they go too).
			d.Pupils = slices.DeleteFunc(d.Pupils, func(p model.Pupil) bool {
				if p.URN != urn {
					return false
				}
				if p.KeyStage != model.KS4 {
					return true
				}
				kept++
				return kept > 5
			})
		}, "each point is the result of one pupil, and packs that can be shared show no result of a single pupil"},
		// Three pupils at or above 110 are x in the tables, but x = 110+
		// picks out their points and scores.
		{"three in the high prior band", func(t *testing.T, d *sample.Data) {
			urn, i := secondary(t, d), 0
			for j := range d.Pupils {
				p := &d.Pupils[j]
				if p.URN != urn {
					continue
				}
				switch {
				case i < 3:
					p.KS4.KS2APS = model.Num{V: 112, Valid: true}
				case i < 20:
					p.KS4.KS2APS = model.Num{V: 95, Valid: true}
				default:
					p.KS4.KS2APS = model.Num{V: 105, Valid: true}
				}
				i++
			}
		}, "each point is the result of one pupil, and packs that can be shared show no result of a single pupil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var urn model.URN
			dir := scatterSite(t, sample.Options{Schools: 2, Pupils: 60, Years: 1, Seed: 3}, func(d *sample.Data) {
				urn = secondary(t, d)
				tt.edit(t, d)
			})
			files, _ := memBuild(t, dir, site.WithProfiles("all"), site.WithZip(true))
			anon := "anonymised/" + string(urn) + "/"

			if _, ok := files[anon+"scatter-ks4.html"]; ok {
				t.Error("the anonymised profile draws the scatterplot")
			}
			ks4 := string(files[anon+"ks4.html"])
			if !strings.Contains(ks4, "Pupil scatterplot not shown: "+tt.why+".") {
				t.Errorf("ks4.html does not say why the scatterplot is not shown (%q)", tt.why)
			}
			for n, b := range files {
				if strings.HasPrefix(n, anon) && (scatterData.Match(b) || bytes.Contains(b, []byte("scatter-ks4.html"))) {
					t.Errorf("%s holds scatter data or links the scatterplot", n)
				}
			}
			// The example's governors page embeds the P8 scatterplot.
			if g, ok := files[anon+"governors.html"]; ok && !bytes.Contains(g, []byte("Pupil scatterplot of Progress 8 (adjusted) not shown: "+tt.why+".")) {
				t.Error("governors.html's scatterplot embed does not say why it is not shown")
			}
			if l := brokenLinks(files, "anonymised"); len(l) > 0 {
				t.Errorf("broken links: %v", l)
			}
			// ECharts goes in the zip only for the pages that draw charts
			// (attendance's), never the scatterplot's script.
			charts := false
			for n, b := range files {
				if strings.HasPrefix(n, anon) && strings.HasSuffix(n, ".html") && bytes.Contains(b, []byte("echarts.min.js")) {
					charts = true
				}
			}
			for _, n := range zipNames(t, files["zips/anonymised/"+site.ZipName(urn, "anonymised")]) {
				if strings.Contains(n, "echarts") && !charts || strings.HasSuffix(n, "scatter.js") {
					t.Errorf("the anonymised zip holds %s, which no page of it uses", n)
				}
			}

			named := files["named/"+string(urn)+"/scatter-ks4.html"]
			if !scatterData.Match(named) || !bytes.Contains(named, []byte("data-rp-scatter-highlight")) {
				t.Error("the named profile does not draw the scatterplot with its highlight")
			}
			if !bytes.Contains(files["named/"+string(urn)+"/ks4.html"], []byte(`href="scatter-ks4.html"`)) {
				t.Error("the named ks4.html does not link the scatterplot")
			}
		})
	}
}

// A scatterplot the anonymised profile draws carries no group membership:
// no highlight control, no groups column, no bitmask, and no field of its
// data names a group. The named profile keeps them.

// namedGroupsCell is a filled cell of the scatter table's Groups column.
var namedGroupsCell = regexp.MustCompile(`<td>(Yes|No)</td><td>[A-Z][^<]+</td></tr>`)
