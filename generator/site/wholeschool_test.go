package site

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/sample"
)

var chartBlock = regexp.MustCompile(`(?s)<script type="application/json" class="rp-chart-data" data-target="([^"]+)">(.*?)</script>`)

// chartKinds maps each chart block of a page to its kind.
func chartKinds(t *testing.T, page []byte) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, m := range chartBlock.FindAllSubmatch(page, -1) {
		var d struct {
			Version int
			Kind    string
			Option  map[string]any
		}
		if err := json.Unmarshal(m[2], &d); err != nil {
			t.Fatalf("chart %s: %v", m[1], err)
		}
		if d.Version != 1 || d.Option == nil {
			t.Errorf("chart %s: version %d, option %v", m[1], d.Version, d.Option != nil)
		}
		out[string(m[1])] = d.Kind
	}
	return out
}

// The whole-school school of the fixture: the one with key stage 2.
func wholeSchool(t *testing.T, p *Project) School {
	t.Helper()
	for _, s := range p.Schools {
		if len(s.KeyStages) > 2 && slices.Contains(s.KeyStages, model.KS2) {
			return s
		}
	}
	t.Fatal("no school with declared assessments")
	return School{}
}

func TestDeclaredAssessmentPages(t *testing.T) {
	p := wholeSchoolProject(t, sample.Options{Schools: 2, Pupils: 60, Years: 2, Seed: 3}, nil)
	files := buildMem(t, p)
	s := wholeSchool(t, p)
	want := []model.Assessment{"ks2", "eyfs", "phonics", "ks1", "mtc", "attendance", "behaviour", "context"}
	if strings.Join(toStrings(s.KeyStages), ",") != strings.Join(toStrings(want), ",") {
		t.Fatalf("school %s takes %v, want %v", s.URN, s.KeyStages, want)
	}
	page := func(profile, name string) string {
		t.Helper()
		b, ok := files[profile+"/"+string(s.URN)+"/"+name]
		if !ok {
			t.Fatalf("no %s/%s/%s", profile, s.URN, name)
		}
		return string(b)
	}
	for _, profile := range []string{"named", "anonymised", "governor"} {
		home := page(profile, "index.html")
		for _, a := range want {
			d := assess.ByID(a)
			pg := page(profile, string(a)+".html")
			if !strings.Contains(home, `<a href="`+string(a)+`.html">`+d.Title+`</a>`) {
				t.Errorf("%s home: no card or link for %s", profile, a)
			}
			if a == "ks2" {
				continue
			}
			if !strings.Contains(pg, `<p class="intro">`) || !strings.Contains(pg, "Headline measures") || !strings.Contains(pg, "Tables by pupil group") {
				t.Errorf("%s/%s.html lacks its intro, tiles or tables", profile, a)
			}
			for _, id := range cardMeasures(a) {
				if !strings.Contains(home, "<dt>"+measures.MeasureByID(id).Label+"</dt>") {
					t.Errorf("%s home: %s card lacks %s", profile, a, id)
				}
			}
			if _, ok := files[profile+"/"+string(s.URN)+"/scatter-"+string(a)+".html"]; ok {
				t.Errorf("%s: a scatterplot for %s", profile, a)
			}
			_, list := files[profile+"/"+string(s.URN)+"/pupils-"+string(a)+".html"]
			if list != (profile == "named" && d.PupilList != nil) {
				t.Errorf("%s: pupil list for %s written = %v", profile, a, list)
			}
			if list && !strings.Contains(pg, `href="pupils-`+string(a)+`.html">`+d.PupilList.Title) {
				t.Errorf("%s/%s.html does not link its pupil list", profile, a)
			}
		}
		// Charts: EYFS bars in every profile; histograms only where
		// nothing is hidden, else the page says why.
		if k := chartKinds(t, []byte(page(profile, "eyfs.html"))); k["chart_eyfs_goals"] != "bars" {
			t.Errorf("%s eyfs.html charts %v", profile, k)
		}
		for _, a := range []string{"phonics", "mtc"} {
			pg := page(profile, a+".html")
			k := chartKinds(t, []byte(pg))
			withheld := strings.Contains(pg, "withheld in this pack: counts of pupils by")
			if profile == "named" {
				if len(k) != 1 || withheld {
					t.Errorf("named %s.html: charts %v, withheld %v", a, k, withheld)
				}
			} else if len(k) != 0 || !withheld {
				t.Errorf("%s %s.html: charts %v, withheld %v", profile, a, k, withheld)
			}
		}
		if !strings.Contains(page(profile, "phonics.html"), "counts of pupils by mark could identify individuals") && profile != "named" {
			t.Errorf("%s phonics.html does not say why its histogram is withheld", profile)
		}
		if !strings.Contains(page(profile, "ks1.html"), `<p class="national-note">`) || !strings.Contains(page(profile, "ks1.html"), "2022/23") {
			t.Errorf("%s ks1.html does not say its national figures stop at 2022/23", profile)
		}
		// The LA index has a table per assessment.
		idx := string(files[profile+"/index.html"])
		for _, a := range want {
			if !strings.Contains(idx, assess.ByID(a).Title+", ") {
				t.Errorf("%s LA index: no table for %s", profile, a)
			}
		}
	}
	// Navigation lists only what a school's data holds.
	for _, o := range p.Schools {
		if o.URN == s.URN {
			continue
		}
		b := string(files["named/"+string(o.URN)+"/index.html"])
		for _, a := range []string{"eyfs", "phonics", "ks1", "mtc"} {
			if strings.Contains(b, `href="`+a+`.html"`) {
				t.Errorf("school %s (no %s data) links %s.html", o.URN, a, a)
			}
			if _, ok := files["named/"+string(o.URN)+"/"+a+".html"]; ok {
				t.Errorf("school %s has a %s page", o.URN, a)
			}
		}
	}
	// The phonics histogram marks the threshold and counts the Year 1 pupils.
	named := page("named", "phonics.html")
	if !strings.Contains(named, `"markLine"`) || !strings.Contains(named, "32 (threshold)") {
		t.Error("named phonics.html: no threshold marker")
	}
}

func toStrings(as []model.Assessment) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = string(a)
	}
	return out
}

// A pupil's name reaches the named pupil list as text, never as markup.
func TestDeclaredPupilListEscapesNames(t *testing.T) {
	p := wholeSchoolProject(t, sample.Options{Schools: 2, Pupils: 40, Years: 1, Seed: 5}, func(ps []model.Pupil) {
		for i := range ps {
			if v := ps[i].Result("phonics"); v != nil && ps[i].NCYear == 1 && v[1].Code == "Wt" {
				ps[i].ID.Surname = `</script><b>Bold`
				ps[i].ID.Forename = "__f__alert(1)__f__"
				return
			}
		}
		t.Fatal("no Year 1 pupil who did not meet the standard")
	})
	files := buildMem(t, p, "named")
	b := string(files["named/"+string(wholeSchool(t, p).URN)+"/pupils-phonics.html"])
	if strings.Contains(b, "<b>Bold") || !strings.Contains(b, "&lt;/script&gt;&lt;b&gt;Bold") {
		t.Errorf("the name is not escaped in pupils-phonics.html")
	}
	for name, f := range files {
		if strings.HasSuffix(name, ".html") && strings.Contains(string(f), "</script><b>") {
			t.Errorf("%s holds the name unescaped", name)
		}
	}
}

// A hidden goal's bar is not drawn, and the page says which are withheld.
func TestBarsLeaveHiddenFiguresOut(t *testing.T) {
	a := assess.ByID("eyfs")
	yr := &measures.YearResults{Year: 2024}
	for _, id := range a.Charts[0].Measures {
		c := measures.Cell{Has: true, Value: 62.5, Cohort: 30, National: model.Num{V: 70, Valid: true}}
		if id == "eyfs_elg03" {
			c = measures.Cell{Suppressed: true, Reason: measures.ReasonSmall, National: model.Num{V: 70, Valid: true}}
		}
		yr.Headlines = append(yr.Headlines, measures.Headline{Measure: measures.MeasureByID(id), Year: 2024, Cell: c})
	}
	res := &measures.Results{MinCohort: 6}
	v, err := barsView(res, &a.Charts[0], yr)
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Option struct {
			Series []struct {
				Data []any
			}
		}
	}
	if err := json.Unmarshal([]byte(v.JSON), &d); err != nil {
		t.Fatal(err)
	}
	school := d.Option.Series[0].Data
	if len(school) != 17 || school[2] != "-" || school[0] != 63.0 {
		t.Errorf("school bars = %v", school)
	}
	if len(v.Hidden) != 1 || !strings.Contains(v.Hidden[0], "Self-regulation (fewer than 6 pupils)") {
		t.Errorf("hidden = %q", v.Hidden)
	}
	if len(v.Table.Groups) != 7 || v.Table.Groups[1].Rows[0].Cells[0].Value != "x" || v.Table.Groups[1].Rows[0].Cells[0].Why == "" {
		t.Errorf("table groups %d, goal 3 %v", len(v.Table.Groups), v.Table.Groups[1].Rows[0])
	}
}
