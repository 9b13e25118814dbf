package site

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/reportpack/reportpack"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/sample"
)

// sampleProject loads the example site with sample data made by opt (every
// row of a whole school, with attendance and suspensions); edit, when set,
// may change the pupils before the schools are grouped.
func sampleProject(t testing.TB, opt sample.Options, edit func([]model.Pupil)) *Project {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, reportpack.ExampleSite()); err != nil {
		t.Fatal(err)
	}
	if err := sample.Generate(opt).WriteDir(filepath.Join(dir, "data")); err != nil {
		t.Fatal(err)
	}
	p, diags := Load(dir, reportpack.DefaultTheme())
	if diags.HasErrors() {
		t.Fatalf("loading the example: %v", diags.Err())
	}
	if edit != nil {
		edit(p.Data.Pupils)
		p.Data.Pupils, p.Schools = groupSchools(p.Config, p.Data.Pupils)
	}
	return p
}

// chartData is a chart's data block as charts.js reads it.
type chartData struct {
	Kind   string `json:"kind"`
	Option struct {
		Series []struct {
			Data []any `json:"data"`
		} `json:"series"`
	} `json:"option"`
	Choices []struct {
		ID     string   `json:"id"`
		Label  string   `json:"label"`
		School []any    `json:"school"`
		Hidden []string `json:"hidden"`
	} `json:"choices"`
}

func chartsOf(t *testing.T, page string) map[string]chartData {
	t.Helper()
	out := map[string]chartData{}
	for _, m := range chartBlock.FindAllStringSubmatch(page, -1) {
		var d chartData
		if err := json.Unmarshal([]byte(m[2]), &d); err != nil {
			t.Fatalf("chart %s: %v", m[1], err)
		}
		out[m[1]] = d
	}
	return out
}

var (
	groupRow = regexp.MustCompile(`(?s)<tr data-group="([^"]+)">(.*?)</tr>`)
	tdCell   = regexp.MustCompile(`(?s)<td class="num( suppressed| national)?"[^>]*>(.*?)</td>`)
)

// tableCells reads a table page's rows by pupil group: each group's
// school figures in column order, "x" for a hidden one.
func tableCells(page string) map[string][]string {
	out := map[string][]string{}
	for _, r := range groupRow.FindAllStringSubmatch(page, -1) {
		var cells []string
		for i, c := range tdCell.FindAllStringSubmatch(r[2], -1) {
			if i == 0 || c[1] == " national" { // the cohort; national figures
				continue
			}
			if c[1] == " suppressed" {
				cells = append(cells, "x")
			} else {
				cells = append(cells, c[2])
			}
		}
		out[r[1]] = cells
	}
	return out
}

// The attendance, behaviour and context pages in every profile: tiles
// with their units and national comparator, tables by pupil group and by
// year group, the charts, and the named profile's pupil lists.
func TestWholeSchoolPagesEveryProfile(t *testing.T) {
	p := sampleProject(t, sample.Options{Schools: 2, Pupils: 30, Years: 3, Seed: 7}, nil)
	files := buildMem(t, p)
	for _, s := range p.Schools {
		for _, a := range []model.Assessment{"attendance", "behaviour", "context"} {
			if !strings.Contains(strings.Join(toStrings(s.KeyStages), ","), string(a)) {
				t.Fatalf("school %s has no %s page: %v", s.URN, a, s.KeyStages)
			}
		}
		for _, profile := range []string{"named", "anonymised", "governor"} {
			page := func(name string) string {
				t.Helper()
				b, ok := files[profile+"/"+string(s.URN)+"/"+name]
				if !ok {
					t.Fatalf("no %s/%s/%s", profile, s.URN, name)
				}
				return string(b)
			}
			where := profile + "/" + string(s.URN)
			home := page("index.html")
			for _, f := range []string{"attendance.html", "behaviour.html", "context.html"} {
				if !strings.Contains(home, `href="`+f+`"`) {
					t.Errorf("%s home does not link %s", where, f)
				}
			}

			att := page("attendance.html")
			for _, id := range []string{"att_overall", "att_auth", "att_unauth", "att_pa", "att_sa"} {
				if !strings.Contains(att, `<li class="tile" id="`+id+`">`) {
					t.Errorf("%s attendance.html: no %s tile", where, id)
				}
			}
			if !regexp.MustCompile(`<p class="value">\d+\.\d%</p>`).MatchString(att) {
				t.Errorf("%s attendance.html: no absence figure to 1 dp with %%", where)
			}
			if !strings.Contains(att, `<p class="national-comparator">National figures on this page are for `) ||
				!strings.Contains(att, `href="glossary.html#phase-comparator"`) {
				t.Errorf("%s attendance.html does not say which schools its national figures are for", where)
			}
			if !strings.Contains(att, `<span class="national-for">for `) {
				t.Errorf("%s attendance.html: no tile names its national comparator", where)
			}
			for _, tf := range []string{"table-att.html", "table-att_bands.html", "table-att_years.html"} {
				if !strings.Contains(att, `href="`+tf+`"`) {
					t.Errorf("%s attendance.html does not link %s", where, tf)
				}
			}
			charts := chartsOf(t, att)
			bands, years := charts["chart_att_bands"], charts["chart_att_pa_years"]
			if bands.Kind != "bars" || len(bands.Choices) < 2 || bands.Choices[0].ID != "all" {
				t.Errorf("%s attendance.html: bands chart %q with %d groups to choose", where, bands.Kind, len(bands.Choices))
			}
			if !strings.Contains(att, `data-rp-chart-group="chart_att_bands"`) || !strings.Contains(att, `data-rp-chart-hidden="chart_att_bands"`) {
				t.Errorf("%s attendance.html: no group selector or note of hidden bars for the bands chart", where)
			}
			if years.Kind != "bars" || len(years.Option.Series) != 2 || len(years.Option.Series[0].Data) == 0 {
				t.Errorf("%s attendance.html: persistent absence by year group not drawn", where)
			}
			// A chosen group's bars are exactly the figures its table row shows.
			rows := tableCells(page("table-att_bands.html"))
			for _, c := range bands.Choices {
				cells, ok := rows[c.ID]
				if !ok || len(cells) != len(c.School) {
					t.Errorf("%s: chart group %s has no row of %d figures in table-att_bands.html", where, c.ID, len(c.School))
					continue
				}
				hidden := 0
				for i, v := range c.School {
					if (v == "-") != (cells[i] == "x" || cells[i] == dash) {
						t.Errorf("%s: group %s band %d drawn as %v, table shows %q", where, c.ID, i, v, cells[i])
					}
					if cells[i] == "x" {
						hidden++
					}
				}
				if hidden != len(c.Hidden) {
					t.Errorf("%s: group %s hides %d bands, says %d", where, c.ID, hidden, len(c.Hidden))
				}
			}
			ty := page("table-att_years.html")
			if strings.Contains(ty, "data-rp-filters") || !strings.Contains(ty, `<tr data-group="ncy_`) {
				t.Errorf("%s table-att_years.html: filters, or no rows by year group", where)
			}

			beh := page("behaviour.html")
			if !regexp.MustCompile(`<p class="value">\d+\.\d\d per 100 pupils</p>`).MatchString(beh) {
				t.Errorf("%s behaviour.html: no rate to 2 dp per 100 pupils", where)
			}
			if regexp.MustCompile(`id="(sus_rate|excl_perm_rate)">\s*<h3>[^<]*</h3>\s*<p class="value">[^<]*%`).MatchString(beh) {
				t.Errorf("%s behaviour.html: a rate per 100 pupils shown as a percentage", where)
			}
			if !strings.Contains(beh, `href="table-sus_years.html"`) {
				t.Errorf("%s behaviour.html does not link its table by year group", where)
			}

			ctx := page("context.html")
			roll := regexp.MustCompile(`(?s)<li class="tile" id="ctx_roll">(.*?)</li>`).FindStringSubmatch(ctx)
			if roll == nil || strings.Contains(roll[1], "National") || strings.Contains(roll[1], "%") {
				t.Errorf("%s context.html: the pupils on roll tile is missing, or has a national figure or a %%", where)
			}
			if !strings.Contains(ctx, `<p class="coverage">The data covers `) {
				t.Errorf("%s context.html does not say which year groups the data covers", where)
			}
			for _, id := range []string{"ctx_fsm", "ctx_disadvantaged", "ctx_sen_support", "ctx_ehcp", "ctx_eal", "ctx_mobile"} {
				if !strings.Contains(ctx, `id="`+id+`"`) {
					t.Errorf("%s context.html: no %s tile", where, id)
				}
			}
			if tc := page("table-ctx_years.html"); !strings.Contains(tc, `data-rp-no-national="0"`) {
				t.Errorf("%s table-ctx_years.html: the pupils column is not marked as having no national figure", where)
			}

			for _, a := range []string{"attendance", "behaviour"} {
				list := "pupils-" + a + ".html"
				_, ok := files[profile+"/"+string(s.URN)+"/"+list]
				linked := strings.Contains(page(a+".html"), `href="`+list+`"`)
				if named := profile == "named"; ok != named || linked != named {
					t.Errorf("%s: %s written %v, linked %v", where, list, ok, linked)
				}
			}
			if profile == "named" {
				l := page("pupils-attendance.html")
				for _, h := range []string{"Year group", "Attendance %", "Sessions missed", "Groups"} {
					if !strings.Contains(l, `<button type="button" class="sort">`+h+`</button>`) {
						t.Errorf("%s pupils-attendance.html: no sortable %q column", where, h)
					}
				}
			}
		}
	}
	// The LA index has overall and persistent absence for every school.
	for _, profile := range []string{"named", "anonymised", "governor"} {
		idx := string(files[profile+"/index.html"])
		if !strings.Contains(idx, "Attendance, ") || !strings.Contains(idx, "Overall absence %") || !strings.Contains(idx, "Persistent absence %") {
			t.Errorf("%s LA index: no attendance table with overall and persistent absence", profile)
		}
	}
}

// A pupil's name reaches the attendance list as text, never as markup.
func TestAttendanceListEscapesNames(t *testing.T) {
	var urn model.URN
	p := sampleProject(t, sample.Options{Schools: 1, Pupils: 20, Years: 1, Seed: 5}, func(ps []model.Pupil) {
		for i := range ps {
			v := ps[i].Result("attendance")
			if v == nil || v[0].Num <= 0 || (v[1].Num+v[2].Num)/v[0].Num < 0.1 {
				continue
			}
			ps[i].ID.Surname = `</script><b>Bold`
			ps[i].ID.Forename = "__f__alert(1)__f__"
			urn = ps[i].URN
			return
		}
		t.Fatal("no persistently absent pupil")
	})
	files := buildMem(t, p, "named")
	b := string(files["named/pupils-attendance.html"])
	if len(p.Schools) > 1 {
		b = string(files["named/"+string(urn)+"/pupils-attendance.html"])
	}
	if strings.Contains(b, "<b>Bold") || !strings.Contains(b, "&lt;/script&gt;&lt;b&gt;Bold") {
		t.Errorf("the name is not escaped in pupils-attendance.html")
	}
	for name, f := range files {
		if strings.HasSuffix(name, ".html") && strings.Contains(string(f), "</script><b>") {
			t.Errorf("%s holds the name unescaped", name)
		}
	}
}

// One suspension in a group of 7 pupils is not to be worked out from an
// anonymised or governor pack: no page shows the group's figures.
func TestOneSuspensionInSevenNotShown(t *testing.T) {
	var urn model.URN
	var year model.Year
	p := sampleProject(t, sample.Options{Schools: 1, Pupils: 30, Years: 1, Seed: 11}, func(ps []model.Pupil) {
		urn, year = ps[0].URN, ps[0].Year
		chinese := 0
		for i := range ps {
			if v := ps[i].Result("behaviour"); v != nil {
				v[0] = model.Value{Num: 0, IsNum: true}
				v[1] = model.Value{Code: "N"}
			}
			ps[i].Chars.Ethnicity = model.EthnicityWhite
			if ps[i].URN == urn && ps[i].Year == year && chinese < 7 {
				ps[i].Chars.Ethnicity = model.EthnicityChinese
				if chinese == 0 {
					if v := ps[i].Result("behaviour"); v != nil {
						v[0] = model.Value{Num: 1, IsNum: true}
					}
				}
				chinese++
			}
		}
	})
	files := buildMem(t, p, "all")
	if len(p.Schools) != 1 {
		t.Fatalf("%d schools", len(p.Schools))
	}
	for _, profile := range []string{"anonymised", "governor"} {
		tbl := string(files[profile+"/table-sus.html"])
		if tbl == "" {
			t.Fatalf("%s: no table-sus.html", profile)
		}
		cells, ok := tableCells(tbl)["eth_chinese"]
		if !ok {
			t.Fatalf("%s table-sus.html: no row for the group of 7", profile)
		}
		{
			for i, c := range cells {
				if c != "x" && c != dash {
					t.Errorf("%s table-sus.html: the group of 7's figure %d shows %q", profile, i, c)
				}
			}
		}
		// 1 in 7 is 14.29 per 100; 1 in the school is also 1 in its
		// headcount, so the school's own rate must not show with the rest
		// of the groups' either (each shown figure's the audit's to decide).
		for name, b := range files {
			if strings.HasPrefix(name, profile+"/") && strings.HasSuffix(name, ".html") && strings.Contains(string(b), "14.29") {
				t.Errorf("%s shows 14.29, one suspension in 7 pupils", name)
			}
		}
	}
}

// A school whose data holds only its key stage rows has a characteristics
// page that says which year group the figures are of.
func TestContextPageSaysWhichYearGroups(t *testing.T) {
	p := sampleProject(t, sample.Options{Schools: 2, Pupils: 20, Years: 1, Seed: 2, KeyStagesOnly: true}, nil)
	files := buildMem(t, p, "governor")
	for _, s := range p.Schools {
		ctx := string(files["governor/"+string(s.URN)+"/context.html"])
		want := "The data covers Year 6 only"
		if s.Phase() == "Secondary" {
			want = "The data covers Year 11 only"
		}
		if !strings.Contains(ctx, `<p class="coverage">`+want+`: `) {
			t.Errorf("school %s (%s): context.html does not say %q", s.URN, s.Phase(), want)
		}
		if _, ok := files["governor/"+string(s.URN)+"/attendance.html"]; ok {
			t.Errorf("school %s has an attendance page with no attendance data", s.URN)
		}
	}
}
