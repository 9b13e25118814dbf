package catalog_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reportpack/reportpack/generator/catalog"
	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/model"
)

var update = flag.Bool("update", false, "rewrite docs/ids.md from the catalog")

// Every measure and group the measures package computes is declared here,
// with the same label.
func TestMeasuresPackageIsDeclared(t *testing.T) {
	for _, ks := range []model.KeyStage{model.KS2, model.KS4} {
		for _, m := range measures.Measures(ks) {
			c := catalog.MeasureByID(m.ID)
			switch {
			case c == nil:
				t.Errorf("measure %s (%q) is not in the catalog", m.ID, m.Label)
			case c.Label != m.Label:
				t.Errorf("measure %s: catalog label %q, measures label %q", m.ID, c.Label, m.Label)
			case !c.Computed:
				t.Errorf("measure %s is computed but the catalog says not yet", m.ID)
			}
			if m.AdjustedID != "" {
				if c := catalog.MeasureByID(m.AdjustedID); c == nil || !c.NoNational {
					t.Errorf("adjusted count %s not declared as a count", m.AdjustedID)
				}
			}
		}
	}
	for _, g := range measures.Groups() {
		c := catalog.GroupByID(g.ID)
		switch {
		case c == nil:
			t.Errorf("group %s (%q) is not in the catalog", g.ID, g.Label)
		case c.Label != g.Label:
			t.Errorf("group %s: catalog label %q, measures label %q", g.ID, c.Label, g.Label)
		}
	}
	// And nothing claims to be computed that measures does not compute.
	for _, c := range catalog.Measures() {
		if c.Computed && !c.NoNational && measures.MeasureByID(c.ID) == nil {
			t.Errorf("catalog says %s is computed; measures has no such measure", c.ID)
		}
	}
}

func TestSpecIDsAreDeclared(t *testing.T) {
	// Ids named in whole-school.md, a sample from each assessment.
	for _, id := range []model.MeasureID{"eyfs_gld", "eyfs_elg_avg", "eyfs_all17", "eyfs_cll", "eyfs_elg01", "eyfs_elg17",
		"phonics_y1", "phonics_y2", "phonics_mark_avg", "ks1_read_exp", "ks1_sci_exp", "ks1_rwm_gds", "mtc_avg", "mtc_full",
		"att_overall", "att_auth", "att_unauth", "att_pa", "att_sa", "sus_rate", "sus_one_plus", "excl_perm_rate",
		"ctx_roll", "ctx_fsm", "ctx_disadvantaged", "ctx_sen_support", "ctx_ehcp", "ctx_eal", "ctx_mobile"} {
		if catalog.MeasureByID(id) == nil {
			t.Errorf("%s not declared", id)
		}
	}
	for _, id := range []model.GroupID{"birth_autumn", "birth_spring", "birth_summer", "not_fsm"} {
		if catalog.GroupByID(id) == nil {
			t.Errorf("group %s not declared", id)
		}
	}
	for _, m := range catalog.Measures() {
		if m.Label == "" || m.Assessment == "" || m.Unit == "" || m.Phase == "" || m.Min > m.Max {
			t.Errorf("measure %s incompletely declared: %+v", m.ID, m)
		}
		for _, g := range m.Gaps {
			if g.Why == "" || (g.To != 0 && g.To < g.From) {
				t.Errorf("measure %s: bad gap %+v", m.ID, g)
			}
		}
	}
}

// The years the DfE publishes no figure, as issue 25 lists them.
func TestNotPublished(t *testing.T) {
	for _, tc := range []struct {
		m    model.MeasureID
		y    model.Year
		want bool
		word string
	}{
		{"ks4_p8", 2024, false, ""},
		{"ks4_p8", 2025, true, "2024/25"},
		{"ks4_p8", 2026, true, "key stage 2 tests"},
		{"ks4_p8", 2027, false, ""},
		{"ks4_p8_eng", 2025, true, "Progress 8"},
		{"ks4_a8", 2025, false, ""},
		{"ks2_read_prog", 2023, false, ""},
		{"ks2_read_prog", 2024, true, "2023/24"},
		{"ks2_mat_prog", 2025, true, "key stage 1"},
		{"ks2_writ_prog", 2026, false, ""},
		{"ks2_rwm_exp", 2025, false, ""},
		{"ks1_read_exp", 2023, false, ""},
		{"ks1_read_exp", 2024, true, "optional"},
		{"ks1_mat_gds", 2030, true, "2022/23"},
		{"ks2_rwm_exp", 2021, true, "pandemic"},
	} {
		note, ok := catalog.MeasureByID(tc.m).NotPublished(tc.y)
		if ok != tc.want || !strings.Contains(note, tc.word) || strings.Contains(note, "%!") {
			t.Errorf("%s %s: %v %q, want %v with %q", tc.m, tc.y, ok, note, tc.want, tc.word)
		}
	}
}

func TestClosest(t *testing.T) {
	for _, tc := range []struct{ in, measure, group string }{
		{"ks4_progress8", "ks4_p8", ""},
		{"KS4_P8", "ks4_p8", ""},
		{"ks2_rwm_expected", "ks2_rwm_exp", ""},
		{"ks4_attainment8", "ks4_a8", ""},
		{"phonics_yr1", "phonics_y1", ""},
		{"disadvantage", "", "disadvantaged"},
		{"SEN support", "", "sen_support"},
		{"boys", "", ""},
		{"non-mobile", "", "non_mobile"},
		{"ehc", "", "ehcp"},
	} {
		if tc.measure != "" {
			if got := catalog.ClosestMeasure(tc.in); string(got) != tc.measure {
				t.Errorf("ClosestMeasure(%q) = %s, want %s", tc.in, got, tc.measure)
			}
		}
		if tc.group != "" {
			if got := catalog.ClosestGroup(tc.in); string(got) != tc.group {
				t.Errorf("ClosestGroup(%q) = %s, want %s", tc.in, got, tc.group)
			}
		}
	}
}

// The built-in figures read, every row valid, with its source.
func TestPublished(t *testing.T) {
	ps := catalog.PublishedFigures()
	if len(ps) < 60 {
		t.Fatalf("%d published figures", len(ps))
	}
	for _, p := range ps {
		if p.Source == "" || catalog.MeasureByID(p.Key.Measure) == nil {
			t.Errorf("row %d: %+v", p.Row, p)
		}
	}
	k := model.NationalKey{Year: 2024, Measure: "att_overall", Group: "all", Phase: "primary"}
	if p, ok := catalog.PublishedFigure(k); !ok || p.Value != 5.5 || !strings.Contains(p.Source, "absence") {
		t.Errorf("att_overall primary 2023/24 = %+v %v", p, ok)
	}
	if d := catalog.Defaults(); d[model.NationalKey{Year: 2023, Measure: "ks4_a8", Group: "all"}] != 46.2 {
		t.Errorf("defaults: ks4_a8 2022/23 = %v", d[model.NationalKey{Year: 2023, Measure: "ks4_a8", Group: "all"}])
	}
	// The copy in the binary is the shared file, when it is at hand.
	if shared, err := os.ReadFile("../../../shared/data/national-published.csv"); err == nil {
		own, _ := os.ReadFile("national-published.csv")
		if !bytes.Equal(own, shared) {
			t.Log("generator/catalog/national-published.csv differs from shared/data/national-published.csv")
		}
	}
}

func TestParsePublishedProblems(t *testing.T) {
	for _, tc := range []struct{ name, row, want string }{
		{"unknown measure", `2023/24,ks4_progress8,all,,1,"DfE"`, "row 2: not a measure id"},
		{"unknown group", `2023/24,ks4_p8,disadvantage,,0.1,"DfE"`, "row 2: not a group id"},
		{"range", `2023/24,ks4_em4,all,,0.648,"DfE"`, ""},
		{"range high", `2023/24,ks4_em4,all,,648,"DfE"`, "row 2: outside the range of ks4_em4 (0 to 100)"},
		{"phase", `2023/24,att_overall,all,infant,5,"DfE"`, `row 2: phase "infant"`},
		{"no source", `2023/24,att_overall,all,,5,`, "row 2: no source"},
		{"count", `2023/24,ctx_roll,all,,500,"DfE"`, "row 2: ctx_roll counts a school's own pupils"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, problems := catalog.ParsePublished([]byte("year,measure,group,phase,value,source\n" + tc.row + "\n"))
			got := strings.Join(problems, "\n")
			if (tc.want == "") != (got == "") || !strings.HasPrefix(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	_, problems := catalog.ParsePublished([]byte("year,measure,group,phase,value,source\n" +
		"2023/24,att_overall,all,,5,DfE\n2023/24,att_overall,all,all,6,DfE\n"))
	if len(problems) != 1 || problems[0] != "row 3: the same year, measure, group and phase as row 2" {
		t.Errorf("duplicate: %q", problems)
	}
}

func TestResolve(t *testing.T) {
	nat := catalog.Defaults()
	// The site's own figure for 2024/25 KS2 reading.
	nat[model.NationalKey{Year: 2025, Measure: "ks2_read_exp", Group: "all"}] = 75
	// A site's own figure for a year the DfE publishes none.
	nat[model.NationalKey{Year: 2025, Measure: "ks4_p8", Group: "male"}] = -0.2
	for _, tc := range []struct {
		name   string
		y      model.Year
		m      model.MeasureID
		g      model.GroupID
		phase  model.Phase
		status catalog.Status
		value  float64
		from   model.Year
		phrase string
	}{
		{"exact published", 2023, "ks4_a8", "all", "", catalog.Exact, 46.2, 2023, "DfE, Key stage 4 performance 2022/23 (explore-education-statistics)"},
		{"earlier", 2024, "ks4_a8", "all", "", catalog.Earlier, 46.2, 2023, "national 2022/23, the latest in reportpack's figures: DfE, Key stage 4 performance 2022/23"},
		{"not across a method change", 2022, "ks4_a8", "all", "", catalog.Missing, 0, 0, ""},
		{"P8 not published", 2025, "ks4_p8", "all", "", catalog.NotPublished, 0, 0, ""},
		{"P8 site's own", 2025, "ks4_p8", "male", "", catalog.Exact, -0.2, 2025, "the site's own national figures"},
		{"P8 2023/24 from 2022/23", 2024, "ks4_p8", "all", "", catalog.Earlier, -0.03, 2023, "national 2022/23"},
		{"KS2 progress not published", 2024, "ks2_read_prog", "all", "", catalog.NotPublished, 0, 0, ""},
		{"site's own exact", 2025, "ks2_read_exp", "all", "", catalog.Exact, 75, 2025, "the site's own national figures"},
		{"KS2 2025/26 from 2024/25, the site's", 2026, "ks2_read_exp", "all", "", catalog.Earlier, 75, 2025, "national 2024/25, the latest in this site's figures"},
		{"KS1 after 2022/23: the last year's", 2025, "ks1_read_exp", "all", "", catalog.Earlier, 68, 2023, "national 2022/23"},
		{"KS1 after 2022/23, no figure of the group", 2025, "ks1_read_exp", "male", "", catalog.NotPublished, 0, 0, ""},
		{"phase", 2024, "att_overall", "all", "secondary", catalog.Exact, 8.9, 2024, "DfE, Pupil absence"},
		{"phase falls back to all schools", 2024, "att_pa", "all", "secondary", catalog.Exact, 20, 2024, "DfE"},
		{"no such group", 2023, "ks4_a8", "eal", "", catalog.Missing, 0, 0, ""},
		{"never across a gap", 2022, "ks2_rwm_exp", "all", "", catalog.Missing, 0, 0, ""},
		{"eyfs exact", 2022, "eyfs_gld", "all", "", catalog.Exact, 65.2, 2022, "DfE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := catalog.Resolve(nat, tc.y, tc.m, tc.g, tc.phase)
			if f.Status != tc.status || f.Value != tc.value || f.Key.Year != tc.from || !strings.HasPrefix(f.Phrase(), tc.phrase) {
				t.Errorf("got %+v (%q)", f, f.Phrase())
			}
			if (f.Status == catalog.NotPublished || tc.m == "ks1_read_exp") != (f.Note != "") {
				t.Errorf("note %q with status %v", f.Note, f.Status)
			}
		})
	}
}

// docs/ids.md is generated from the catalog and stays in step with it.
func TestIDsDoc(t *testing.T) {
	path := filepath.Join("..", "..", "docs", "ids.md")
	want := catalog.IDsMarkdown()
	if *update {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("docs/ids.md is not what the catalog generates (%v): regenerate it with "+
			"`go generate ./generator/catalog` (or `go test ./generator/catalog -run TestIDsDoc -update`)", err)
	}
}
