package render_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/reportpack/reportpack"
	"github.com/reportpack/reportpack/generator/render"
)

const hostile = `</script><b>x`

func theme(t *testing.T) *render.Theme {
	t.Helper()
	th, l := render.LoadTheme(reportpack.DefaultTheme(), "themes/default")
	if l.HasErrors() {
		t.Fatal(l.Err())
	}
	return th
}

func basePage() *render.Page {
	return &render.Page{
		Site:   render.SiteView{Title: "Pack " + hostile, Organisation: "Org", Profile: render.ProfileView{Name: "anonymised", Label: "Anonymised"}},
		Title:  "Title",
		Home:   "index.html",
		Assets: "../assets/",
		Nav:    []render.NavItem{{Title: "Home", URL: "index.html", Current: true}, {Title: "Glossary", URL: "glossary.html"}},
		School: &render.SchoolView{URN: "900001", Name: "St Aidan's " + hostile, Phase: "Secondary"},
	}
}

func renderLayout(t *testing.T, layout string, p *render.Page) string {
	t.Helper()
	b, err := theme(t).Page(layout, p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPageTypes renders each page type from fixed views and checks what a
// reader needs is there, and that no user string escapes its context.
func TestPageTypes(t *testing.T) {
	tests := []struct {
		name   string
		layout string
		setup  func(p *render.Page)
		want   []string
	}{
		{"home", render.LayoutHome, func(p *render.Page) {
			p.KeyStages = []render.KeyStageLink{{Title: "Key stage 4", URL: "ks4.html", Summary: "96 pupils in 2024/25."}}
		}, []string{`href="ks4.html"`, "96 pupils in 2024/25.", `aria-current="page"`}},
		{"key stage", render.LayoutKeyStage, func(p *render.Page) {
			p.KeyStage = &render.KeyStageView{Name: "key stage 4", Year: "2024/25", Cohort: "191", Headlines: []render.Headline{
				{ID: "ks4_p8", Label: "Progress 8 (adjusted)", Has: true, Value: "0.77", CI: "0.57 to 0.97", Band: &render.Band{ID: "well_above", Text: "Well above average"},
					Cohort: "191", ShowAdjusted: true, Adjusted: "2", National: "-0.03", Explore: "table-ks4_p8.html",
					Trend: []render.TrendPoint{{Year: "2023/24", Value: "0.51", National: "-0.03"}, {Year: "2024/25", Value: "0.77", National: "-0.03"}}},
				{ID: "ks4_em5", Label: "Grade 5+", Suppressed: true, Value: "x", Cohort: "x", Percent: true, National: "45", Why: "fewer than 6 pupils " + hostile,
					Trend: []render.TrendPoint{{Year: "2023/24", Value: "x", Why: "trend why", National: "44"}, {Year: "2024/25", Value: "x", National: "45"}}},
				{ID: "ks4_p8_unadj", Label: "Unadjusted", Has: true, Value: "0.5", Cohort: "40", ShowAdjusted: true, Adjusted: "x", AdjustedWhy: "adjusted why", National: "0"},
			}}
		}, []string{"0.77", "0.57 to 0.97", "Well above average", "Pupils with adjusted scores", `href="table-ks4_p8.html#col-ks4_p8"`, "2023/24", "Results for 2024/25: 191 pupils",
			// A hidden figure says why, to a screen reader and as a tooltip;
			// its count says the same.
			`<span class="visually-hidden">suppressed: fewer than 6 pupils &lt;/script&gt;&lt;b&gt;x</span>`,
			`title="suppressed: fewer than 6 pupils &lt;/script&gt;&lt;b&gt;x">x</span>`,
			`<dt>Pupils</dt><dd><span aria-hidden="true" title="suppressed: fewer than 6 pupils`,
			`<span class="visually-hidden">suppressed: trend why</span>`,
			`<span class="visually-hidden">suppressed: adjusted why</span>`,
			`<span class="visually-hidden">suppressed</span>`}}, // a trend point with no reason given
		{"table", render.LayoutTable, func(p *render.Page) {
			p.Table = &render.TableView{ID: "ks4_p8", Year: "2024/25", Headline: "ks4.html",
				Columns: []render.ColumnView{{ID: "ks4_p8", Label: "Progress 8", Glossary: "glossary.html#progress-8"}},
				Rows: []render.RowView{
					{GroupID: "all", Label: "All pupils", Cohort: "191", Cells: []render.CellView{{Value: "0.77", National: "-0.03", NationalSame: "-0.03"}}},
					{GroupID: "disadvantaged", Label: "Disadvantaged", Comparator: "pupils nationally who are not disadvantaged", Cohort: "31", Cells: []render.CellView{{Value: "0.70", National: "0.17", NationalSame: "-0.55"}}},
					{GroupID: "ehcp", Label: "EHC plan", Cohort: "x", Suppressed: true, Why: "row why", Cells: []render.CellView{{Value: "x", Suppressed: true, Why: "cell why " + hostile, National: "-1.10", NationalSame: "-1.10"}}},
				},
				Reasons:  []render.ReasonNote{{Code: "small", Text: "fewer than 6 pupils", About: "About small " + hostile}},
				Dims:     []render.FilterDim{{ID: "gender", Label: "Gender", Options: []render.FilterOption{{ID: "male", Label: "Male"}}}},
				Filtered: render.FilteredData{Columns: 1, Groups: []string{"All pupils " + hostile, "EHC plan"}, Tables: map[string]render.FilteredTable{"gender=male": {Rows: []render.FilteredRow{{"0", "102", "0.71"}, render.SuppressedRow("1")}}}}.JS(),
			}
		}, []string{`>0.17</td>`, `data-same="-0.55"`, `["1","x"]`, `"groups":["All pupils \u003c/script`, `name="gender"`, `value="male"`, `<script type="application/json" id="rp-filtered">`, `"gender=male"`, `\u003c/script\u003e\u003cb\u003ex`, `src="../assets/js/tables.js"`, `href="glossary.html#progress-8"`,
			`<td class="num suppressed"><span aria-hidden="true" title="suppressed: row why">x</span><span class="visually-hidden">suppressed: row why</span></td>`,
			`<span class="visually-hidden">suppressed: cell why &lt;/script&gt;&lt;b&gt;x</span>`,
			// The key explains each reason the table's figures are hidden for.
			`<h2 id="table-key">Why some figures show x</h2>`, `<div id="reason-small"><dt>Suppressed: fewer than 6 pupils</dt><dd>About small &lt;/script&gt;&lt;b&gt;x</dd></div>`}},
		{"glossary", render.LayoutGlossary, func(p *render.Page) {
			p.Terms = []render.Term{{ID: "progress-8", Title: "Progress 8"}}
			p.Body = "<h2 id=\"progress-8\">Progress 8</h2>"
		}, []string{`href="#progress-8"`, `<h2 id="progress-8">`}},
		{"LA index", render.LayoutLAIndex, func(p *render.Page) {
			p.School = nil
			p.Schools = []render.SchoolRow{{URN: "900001", Name: "School " + hostile, Phase: "Primary", URL: "900001/index.html", Year: "2024/25", Cohort: "30"}}
		}, []string{`href="900001/index.html"`, "School &lt;/script&gt;&lt;b&gt;x"}},
		{"page", render.LayoutPage, func(p *render.Page) { p.Body = "<p>hello</p>" }, []string{"<p>hello</p>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := basePage()
			tt.setup(p)
			out := renderLayout(t, tt.layout, p)
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			if strings.Contains(out, hostile) {
				t.Errorf("unescaped %q in the page", hostile)
			}
			if !strings.Contains(out, "anonymised profile") {
				t.Error("non-named page does not name its profile")
			}
		})
	}
}

func TestOverrideAndTemplateErrors(t *testing.T) {
	top := fstest.MapFS{"layouts/page.html": {Data: []byte(`{{define "main"}}OVERRIDDEN{{end}}`)}}
	th, l := render.LoadTheme(render.Overlay(top, reportpack.DefaultTheme()), "themes/mine")
	if l.HasErrors() {
		t.Fatal(l.Err())
	}
	if b, err := th.Page(render.LayoutPage, basePage()); err != nil || !strings.Contains(string(b), "OVERRIDDEN") {
		t.Errorf("override not used: %v", err)
	}
	if len(th.Assets()) == 0 {
		t.Error("built-in assets lost under an override")
	}
	bad := fstest.MapFS{"layouts/home.html": {Data: []byte("{{define \"main\"}}\n{{if}}\n{{end}}")}}
	_, l = render.LoadTheme(render.Overlay(bad, reportpack.DefaultTheme()), "themes/bad")
	if !l.HasErrors() || l[0].File != "themes/bad/layouts/home.html" || l[0].Line != 2 {
		t.Errorf("template error not located: %v", l)
	}
}

// A table drawn once (Theme.Table) and printed through Page.TableHTML gives
// the page the table layout draws itself. A theme's "table" template sees
// no profile, so one that reaches for it fails rather than draw one
// profile's words into another's pages; an older override with no "table"
// template is simply not shared.
func TestSharedTable(t *testing.T) {
	tv := &render.TableView{ID: "ks4_p8", Year: "2024/25", Headline: "ks4.html",
		Columns: []render.ColumnView{{ID: "ks4_p8", Label: "Progress 8"}},
		Rows:    []render.RowView{{GroupID: "all", Label: "All " + hostile, Cohort: "191", Cells: []render.CellView{{Value: "0.77", National: "-0.03"}}}},
	}
	direct := basePage()
	direct.Table = tv
	want := renderLayout(t, render.LayoutTable, direct)
	if strings.Contains(want, "table-key") {
		t.Error("a table with nothing hidden has a key to hidden figures")
	}

	html, err := theme(t).Table(&render.TableContext{Title: direct.Title, Assets: direct.Assets, Table: tv})
	if err != nil || html == "" {
		t.Fatalf("Table: %q, %v", html, err)
	}
	shared := basePage()
	shared.Table, shared.TableHTML = tv, html
	if got := renderLayout(t, render.LayoutTable, shared); got != want {
		t.Errorf("the shared table's page differs from the page drawn directly:\n%s\nwant\n%s", got, want)
	}

	for _, tt := range []struct {
		name, layout string
		wantErr      bool
	}{
		{"reaches for the profile", `{{define "main"}}{{.TableHTML}}{{end}}{{define "table"}}{{.Site.Profile.Name}}{{end}}`, true},
		{"no table template", `{{define "main"}}{{with .Table}}{{.ID}}{{end}}{{end}}`, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			top := fstest.MapFS{"layouts/table.html": {Data: []byte(tt.layout)}}
			th, l := render.LoadTheme(render.Overlay(top, reportpack.DefaultTheme()), "themes/mine")
			if l.HasErrors() {
				t.Fatal(l.Err())
			}
			html, err := th.Table(&render.TableContext{Table: tv})
			if tt.wantErr != (err != nil) || html != "" {
				t.Errorf("Table: %q, %v; want an error: %v", html, err, tt.wantErr)
			}
		})
	}
}
