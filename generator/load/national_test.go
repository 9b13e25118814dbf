package load

import (
	"reflect"
	"strings"
	"testing"

	"github.com/reportpack/reportpack/generator/catalog"
	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/model"
)

func TestNational(t *testing.T) {
	csv := "year,measure,group,value,notes\n" +
		"2025,ks4_p8,all,-0.03,\n" +
		"2024/25,ks4_a8,disadvantaged,34.9,\n" +
		"202324,ks4_a8,all,46.1,published\n" +
		"2025,ks2_rwm_exp,eal,x,suppressed\n" + // a DfE symbol: absent, not an error
		"2025,ks4_p8,all,0.1,\n" + // the same figure twice
		"2025,ks4_em4,all,sixty,\n" +
		"2025/27,ks4_em4,all,60,\n" +
		"2023,KS4_A8,all,47,\n" // ids in capitals: the built-in 2022/23 figure overridden
	nf, l := NationalFigures(memSource(map[string][]byte{"data/national.csv": []byte(csv)}), "data/national.csv")
	own := map[model.NationalKey]float64{
		{Year: 2025, Measure: "ks4_p8", Group: "all"}:           -0.03,
		{Year: 2025, Measure: "ks4_a8", Group: "disadvantaged"}: 34.9,
		{Year: 2024, Measure: "ks4_a8", Group: "all"}:           46.1,
		{Year: 2023, Measure: "ks4_a8", Group: "all"}:           47,
	}
	for k, v := range own {
		if got, ok := nf.Figures[k]; !ok || got != v {
			t.Errorf("%+v = %v %v, want %v", k, got, ok, v)
		}
		if p := nf.Sources[k]; p.Kind != model.FromSite || p.File != "data/national.csv" {
			t.Errorf("%+v source %+v", k, p)
		}
	}
	// The built-in figures the file does not override are kept, with their source.
	k := model.NationalKey{Year: 2023, Measure: "ks4_em4", Group: "all"}
	if nf.Figures[k] != 64.8 || nf.Sources[k].Kind != model.FromPublished || !strings.Contains(nf.Sources[k].Source, "Key stage 4") {
		t.Errorf("built-in ks4_em4 2022/23: %v %+v", nf.Figures[k], nf.Sources[k])
	}
	if len(nf.Figures) != len(catalog.PublishedFigures())+3 {
		t.Errorf("%d figures, want the %d built-in and 3 of the site's", len(nf.Figures), len(catalog.PublishedFigures()))
	}
	if len(l) != 3 {
		t.Fatalf("want 3 diagnostics:\n%s", messages(l))
	}
	for i, w := range []struct {
		row         int
		col, msg    string
		value, hint string
	}{
		{6, "D", "the same year, measure and group as row 2", "0.1", "keep one"},
		{7, "D", "not a number", "sixty", "DfE symbol"},
		{8, "A", "not an academic year", "2025/27", "2024/25"},
	} {
		d := l[i]
		if d.Row != w.row || d.Column != w.col || d.Message != w.msg || d.Value != w.value || !strings.Contains(d.Hint, w.hint) {
			t.Errorf("diagnostic %d = %v, want %+v", i, d, w)
		}
	}
}

// Each problem in a national file is an error naming the file, row,
// column and value, with the closest valid id.
func TestNationalProblems(t *testing.T) {
	for _, tc := range []struct {
		name, header, row string
		col, value, msg   string
		hint              string
	}{
		{"unknown measure", "year,measure,group,value", "2025,ks4_progress8,all,0.1", "B", "ks4_progress8", "not a measure id", "did you mean ks4_p8?"},
		{"unknown group", "year,measure,group,value", "2025,ks4_p8,disadvantage,0.1", "C", "disadvantage", "not a group id", "did you mean disadvantaged?"},
		{"percentage as a fraction is fine, as a count is not", "year,measure,group,value", "2025,ks4_em4,all,648", "D", "648",
			"outside the range of ks4_em4 (0 to 100)", "percentages are 0 to 100"},
		{"progress out of range", "year,measure,group,value", "2025,ks2_read_prog,all,-12", "D", "-12", "outside the range of ks2_read_prog (-10 to 10)", "around 0"},
		{"scaled score out of range", "year,measure,group,value", "2025,ks2_read_ss,all,10.5", "D", "10.5", "outside the range of ks2_read_ss (80 to 120)", ""},
		{"a count has no national figure", "year,measure,group,value", "2025,ctx_roll,all,9000000", "B", "ctx_roll", "ctx_roll counts a school's own pupils and has no national figure", ""},
		{"bad phase", "year,measure,group,phase,value", "2024,att_overall,all,secondry,8.9", "D", "secondry", "not a phase", "did you mean secondary?"},
		{"unknown phase", "year,measure,group,phase,value", "2024,att_overall,all,infant,8.9", "D", "infant", "not a phase", "primary, secondary or special"},
		{"duplicate with phase", "year,measure,group,phase,value", "2024,att_overall,all,secondary,8.9\n2024,att_overall,all,Secondary,9",
			"E", "9", "the same year, measure, group and phase as row 2", "keep one figure for each year, measure, group and phase"},
		{"blank group", "year,measure,group,value", "2025,ks4_p8,,0.1", "C", "", "blank", "docs/ids.md"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			nf, l := NationalFigures(memSource(map[string][]byte{"data/national.csv": []byte(tc.header + "\n" + tc.row + "\n")}), "data/national.csv")
			d := only(t, l)
			if d.File != "data/national.csv" || d.Row < 2 || d.Column != tc.col || d.Value != tc.value || d.Message != tc.msg ||
				!strings.Contains(d.Hint, tc.hint) || d.Severity != diag.Error {
				t.Errorf("got %+v\nwant column %s value %q message %q hint with %q", d, tc.col, tc.value, tc.msg, tc.hint)
			}
			if len(nf.Rows) != strings.Count(tc.row, "\n") {
				t.Errorf("kept rows %v", nf.Rows)
			}
		})
	}
}

// Rows for measures of whole-school.md, not computed yet, validate and are
// kept; a phase column gives figures per phase; a DfE symbol hides the
// built-in figure.
func TestNationalWholeSchool(t *testing.T) {
	csv := "year,measure,group,phase,value\n" +
		"2025,eyfs_gld,all,,68.3\n" +
		"2025,phonics_y1,not_fsm,,84\n" +
		"2025,att_overall,all,primary,5.1\n" +
		"2025,att_overall,all,ALL,6.9\n" +
		"2025,mtc_avg,birth_summer,,20.1\n" +
		"2024,att_pa,all,,z\n"
	nf, l := NationalFigures(memSource(map[string][]byte{"n.csv": []byte(csv)}), "n.csv")
	if len(l) != 0 {
		t.Fatal(messages(l))
	}
	for k, v := range map[model.NationalKey]float64{
		{Year: 2025, Measure: "eyfs_gld", Group: "all"}:                      68.3,
		{Year: 2025, Measure: "phonics_y1", Group: "not_fsm"}:                84,
		{Year: 2025, Measure: "att_overall", Group: "all", Phase: "primary"}: 5.1,
		{Year: 2025, Measure: "att_overall", Group: "all"}:                   6.9,
		{Year: 2025, Measure: "mtc_avg", Group: "birth_summer"}:              20.1,
	} {
		if got, ok := nf.Figures[k]; !ok || got != v {
			t.Errorf("%+v = %v %v, want %v", k, got, ok, v)
		}
	}
	if v, ph, ok := nf.Figures.LookupPhase(2025, "att_overall", "all", "secondary"); !ok || v != 6.9 || ph != "" {
		t.Errorf("secondary falls back to all schools: %v %q %v", v, ph, ok)
	}
	if _, ok := nf.Figures[model.NationalKey{Year: 2024, Measure: "att_pa", Group: "all"}]; ok {
		t.Error("a z in the site's file should hide the built-in figure")
	}
}

func TestOptionalFilesMayBeMissing(t *testing.T) {
	src := memSource(nil)
	// Without a national file, the built-in published figures.
	if n, l := National(src, "data/national.csv"); len(n) != len(catalog.PublishedFigures()) || len(l) != 0 {
		t.Errorf("National: %d figures, %v", len(n), l)
	}
	if nf, _ := NationalFigures(src, "data/national.csv"); nf.Exists || len(nf.Sources) != len(nf.Figures) {
		t.Errorf("NationalFigures: exists %v, %d sources", nf.Exists, len(nf.Sources))
	}
	if e, l := Estimates(src, "data/estimates.csv"); len(e.Estimates) != 0 || len(l) != 0 {
		t.Errorf("Estimates: %v %v", e, l)
	}
	if p, l := Params(src, "data/national.toml"); len(p.Params.Measures) != 0 || len(l) != 0 {
		t.Errorf("Params: %v %v", p, l)
	}
}

func TestNationalNeedsItsHeader(t *testing.T) {
	_, l := National(memSource(map[string][]byte{"n.csv": []byte("year,measure,grup,value\n2025,ks4_p8,all,0.1\n")}), "n.csv")
	if d := only(t, l); d.Header != "group" || d.Hint != `did you mean "grup"?` {
		t.Errorf("got %v", d)
	}
}

func TestEstimates(t *testing.T) {
	csv := "year,measure,prior_from,prior_to,estimate\n" +
		"2025,ks4_a8,0,95,30.5\n" +
		"2025,KS4_A8,95,121,48.25\n" +
		"2025,ks4_p8,95,121,1\n" +
		"2025,ks2_read,,10,99\n"
	ef, l := Estimates(memSource(map[string][]byte{"e.csv": []byte(csv)}), "e.csv")
	want := model.Estimates{
		{Year: 2025, Measure: "ks4_a8", PriorFrom: 0, PriorTo: 95, Estimate: 30.5},
		{Year: 2025, Measure: "ks4_a8", PriorFrom: 95, PriorTo: 121, Estimate: 48.25},
	}
	if !reflect.DeepEqual(ef.Estimates, want) || !reflect.DeepEqual(ef.Rows, []int{2, 3}) {
		t.Errorf("got %+v rows %v", ef.Estimates, ef.Rows)
	}
	if len(l) != 2 || l[0].Row != 4 || l[0].Column != "B" || !strings.Contains(l[0].Hint, "ks2_mat") ||
		l[1].Row != 5 || l[1].Column != "C" || l[1].Message != "blank" {
		t.Errorf("diagnostics:\n%s", messages(l))
	}
	if p := ef.Layout["prior_to"]; p.Letter != "D" {
		t.Errorf("layout: %+v", ef.Layout)
	}
}

const goodParams = `# Illustrative figures only.
[ks4_p8.2025]
sd = 1.41                 # national SD of pupil scores
well_above = 0.5
well_below = -0.5
quintiles = [0.45, 0.15, -0.12, -0.42]
floors = [
  { prior_from = 0,   prior_to = 95,  min = -3.8 },
  { prior_from = 95,  prior_to = 121, min = -3.1 },
]

[ks4_p8."2023/24"]
sd = 1.38

[ks2_read_prog.2025]
sd = 6.2

[ks2_writ_nominal.2025]
GDS = 113
EXS = 103
wts = 91
`

func TestParams(t *testing.T) {
	pf, l := Params(memSource(map[string][]byte{"data/national.toml": []byte(goodParams)}), "data/national.toml")
	if len(l) > 0 {
		t.Fatal(messages(l))
	}
	p := pf.Params.Params("ks4_p8", 2025)
	if p.SD == nil || *p.SD != 1.41 || *p.WellBelow != -0.5 || len(p.Quintiles) != 4 ||
		!reflect.DeepEqual(p.Floors, []model.Floor{{PriorFrom: 0, PriorTo: 95, Min: -3.8}, {PriorFrom: 95, PriorTo: 121, Min: -3.1}}) {
		t.Errorf("ks4_p8 2025 = %+v", p)
	}
	if p := pf.Params.Params("ks4_p8", 2024); p.SD == nil || *p.SD != 1.38 {
		t.Errorf(`ks4_p8 "2023/24" = %+v`, p)
	}
	if got := pf.Params.WritingNominal[2025]; !reflect.DeepEqual(got, map[model.WritingTA]float64{"GDS": 113, "EXS": 103, "WTS": 91}) {
		t.Errorf("nominal = %v", got)
	}
	if got := pf.Lines[ParamTable{"ks4_p8", 2024}]; got != 12 {
		t.Errorf("line of [ks4_p8.\"2023/24\"] = %d, want 12", got)
	}
}

func TestParamsProblems(t *testing.T) {
	for _, tc := range []struct {
		name, toml string
		line       int
		value, msg string
		hint       string
	}{
		{"unknown key", "[ks4_p8.2025]\nsd = 1.4\nsdd = 2\n", 3, "sdd", "unknown key in [ks4_p8.2025]", "did you mean sd?"},
		{"unknown floor key", "[ks4_p8.2025]\nfloors = [\n  { prior_from = 0, prior_too = 95, min = -3 },\n]\n", 3, "prior_too",
			"unknown key in a floor of [ks4_p8.2025]", "did you mean prior_to?"},
		{"syntax", "[ks4_p8.2025]\nsd = \n", 2, "", "expected value but found '\\n' instead", ""},
		{"type", "[ks4_p8.2025]\n\nsd = \"high\"\n", 3, "ks4_p8.2025.sd", "incompatible types", "are numbers"},
		{"bad year", "[ks4_p8.\"2025/27\"]\nsd = 1\n", 1, "2025/27", "not an academic year", `[ks4_p8."2024/25"]`},
		{"same year twice", "[ks4_p8.2025]\nsd = 1\n[ks4_p8.\"2024/25\"]\nsd = 2\n", 3, "2024/25",
			"a second table for ks4_p8 in 2024/25 (the first is on line 1)", ""},
		{"not a table", "ks4_p8 = 1.4\n", 1, "", "ks4_p8 must be a table of years, e.g. [ks4_p8.2025]", ""},
		{"bad writing code", "[ks2_writ_nominal.2025]\nGDS = 113\nEXP = 103\n", 3, "EXP", "not a writing teacher assessment code", "EXS"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, l := Params(memSource(map[string][]byte{"n.toml": []byte(tc.toml)}), "n.toml")
			d := only(t, l)
			if d.File != "n.toml" || d.Line != tc.line || d.Value != tc.value || !strings.HasPrefix(d.Message, tc.msg) ||
				!strings.Contains(d.Hint, tc.hint) {
				t.Errorf("got %+v\nwant line %d value %q message %q hint with %q", d, tc.line, tc.value, tc.msg, tc.hint)
			}
		})
	}
}

func TestKeyLine(t *testing.T) {
	for _, tc := range []struct {
		key  []string
		want int
	}{
		{[]string{"ks4_p8", "2025"}, 2},
		{[]string{"ks4_p8", "2025", "sd"}, 3},
		{[]string{"ks4_p8", "2025", "floors", "min"}, 8},
		{[]string{"ks4_p8", "2024/25"}, 0},
		{[]string{"ks4_p8", "2023/24"}, 12},
		{[]string{"ks4_p8", "2023/24", "sd"}, 13},
		{[]string{"ks2_writ_nominal", "2025", "wts"}, 21},
	} {
		if got := keyLine(goodParams, tc.key); got != tc.want {
			t.Errorf("keyLine(%q) = %d, want %d", tc.key, got, tc.want)
		}
	}
}
