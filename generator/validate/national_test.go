package validate

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/model"
)

func memSource(files map[string]string) load.Source {
	fsys := fstest.MapFS{}
	for name, s := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(s)}
	}
	return load.Source{FS: fsys}
}

func TestEstimateRules(t *testing.T) {
	for _, tc := range []struct {
		name string
		csv  string
		want []string // "row column value: message"
	}{
		{"touching bands", "0,95,30\n95,121,48\n", nil},
		{"overlap", "0,95,30\n90,121,48\n", []string{"3 C 90: this band overlaps the one on row 2 (0 to 95) for ks4_a8 in 2024/25"}},
		{"inside another", "0,121,30\n90,100,48\n100,110,50\n", []string{
			"3 C 90: this band overlaps the one on row 2 (0 to 121) for ks4_a8 in 2024/25",
			"4 C 100: this band overlaps the one on row 2 (0 to 121) for ks4_a8 in 2024/25"}},
		{"same band twice", "95,121,30\n95,121,31\n", []string{"3 C 95: this band overlaps the one on row 2 (95 to 121) for ks4_a8 in 2024/25"}},
		{"out of order", "95,121,48\n0,96,30\n", []string{"2 C 95: this band overlaps the one on row 3 (0 to 96) for ks4_a8 in 2024/25"}},
		{"empty band", "95,95,48\n", []string{"2 D 95: prior_to is not above prior_from (95)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var csv strings.Builder
			csv.WriteString("year,measure,prior_from,prior_to,estimate\n")
			for _, line := range strings.Split(strings.TrimSpace(tc.csv), "\n") {
				csv.WriteString("2025,ks4_a8," + line + "\n")
			}
			// Another measure's and year's bands never overlap these.
			csv.WriteString("2025,ks4_a8_eng,0,121,10\n2024,ks4_a8,0,121,10\n")
			ef, l := load.Estimates(memSource(map[string]string{"e.csv": csv.String()}), "e.csv")
			if len(l) > 0 {
				t.Fatal(l)
			}
			var got []string
			for _, d := range Estimates(ef) {
				if d.File != "e.csv" || d.Hint == "" || d.Severity != diag.Error {
					t.Errorf("diagnostic %+v", d)
				}
				got = append(got, fmt.Sprintf("%d %s %s: %s", d.Row, d.Column, d.Value, d.Message))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestParamRules(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       []string // "value: message"
	}{
		{"good", "sd = 1.41\nwell_above = 0.5\nwell_below = -0.5\nquintiles = [0.45, 0.15, -0.12, -0.42]\n" +
			"floors = [{ prior_from = 0, prior_to = 95, min = -3.8 }, { prior_from = 95, prior_to = 121, min = -3.1 }]\n", nil},
		{"floors overlap", "floors = [\n{ prior_from = 0, prior_to = 96, min = -3.8 },\n{ prior_from = 95, prior_to = 121, min = -3.1 },\n]\n",
			[]string{"prior_from = 95, prior_to = 121: this floor overlaps the floor from 0 to 96"}},
		{"empty floor", "floors = [{ prior_from = 95, prior_to = 90, min = -3.1 }]\n",
			[]string{"prior_from = 95, prior_to = 90: a floor's prior_to must be above its prior_from"}},
		{"sd", "sd = 0\n", []string{"0: sd must be above 0"}},
		{"limits", "well_above = -0.5\nwell_below = 0.5\n", []string{"well_below = 0.5, well_above = -0.5: well_below must be below well_above"}},
		{"quintile count", "quintiles = [0.45, 0.15, -0.12]\n", []string{"[0.45 0.15 -0.12]: quintiles needs 4 cut points, not 3"}},
		{"quintile order", "quintiles = [0.15, 0.45, -0.12, -0.42]\n", []string{"[0.15 0.45 -0.12 -0.42]: quintile cut points must run from highest to lowest"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "# illustrative\n[ks4_p8.2025]\n" + tc.body
			pf, l := load.Params(memSource(map[string]string{"n.toml": src}), "n.toml")
			if len(l) > 0 {
				t.Fatal(l)
			}
			var got []string
			for _, d := range Params(pf) {
				if d.File != "n.toml" || d.Line != 2 || d.Header != "[ks4_p8.2025]" || d.Hint == "" {
					t.Errorf("diagnostic %+v", d)
				}
				got = append(got, d.Value+": "+d.Message)
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestPercentiles(t *testing.T) {
	p := make([]float64, 99)
	for i := range p {
		p[i] = 3 - float64(i)*0.05
	}
	check := func(v []float64) diag.List {
		return Params(load.ParamFile{File: "n.toml", Params: model.NationalParams{Measures: map[model.MeasureID]map[model.Year]model.MeasureParams{
			"ks4_p8": {2025: {Percentiles: v}}}}})
	}
	if l := check(p); len(l) != 0 {
		t.Errorf("good percentiles: %v", l)
	}
	if l := check(p[:98]); len(l) != 1 || !strings.Contains(l[0].Message, "99 cut points, not 98") {
		t.Errorf("98 percentiles: %v", l)
	}
	p[50] = 9
	if l := check(p); len(l) != 1 || !strings.Contains(l[0].Message, "cut point 51 rises") {
		t.Errorf("rising percentile: %v", l)
	}
}

func TestDataset(t *testing.T) {
	upnBad := []byte(upn1)
	upnBad[0] = map[bool]byte{true: 'B', false: 'A'}[upn1[0] == 'A']
	src := memSource(map[string]string{
		"data/pupils.csv": "UPN,Forename,Surname,DOB,Year,KeyStage,Gender,KS1_APS,Read_SS,Writ_TA,Mat_SS,GPS_SS\n" +
			upn1 + ",Zoë,O'Brien,09/03/2014,2025,2,F,15,104,EXS,101,99\n" +
			upn2 + ",Aoife,Ní Bhriain,2013-09-01,2025,2,X,15,104,EXS,101,99\n" +
			string(upnBad) + ",Siôn,Smith-Jones,2013-10-01,2025,2,M,15,104,EXS,101,99\n",
		"data/national.csv":  "year,measure,group,value\n2025,ks2_rwm_exp,all,61\n",
		"data/national.toml": "[ks2_read_prog.2025]\nsd = 6.1\n",
		"data/estimates.csv": "year,measure,prior_from,prior_to,estimate\n2025,ks2_read,0,16,101\n2025,ks2_read,15,22,106\n",
	})
	ds, l := Dataset(src, load.Files{}, load.PupilOptions{URN: "123456"})
	if len(ds.Pupils) != 3 || ds.National[model.NationalKey{Year: 2025, Measure: "ks2_rwm_exp", Group: "all"}] != 61 ||
		*ds.Params.Params("ks2_read_prog", 2025).SD != 6.1 || len(ds.Estimates) != 2 {
		t.Errorf("dataset %+v", ds)
	}
	var got []string
	for _, d := range l {
		got = append(got, d.Place())
	}
	want := []string{
		"data/estimates.csv, row 3, column C (prior_from)",
		"data/pupils.csv, row 3, column G (Gender)",
		"data/pupils.csv, row 4, column A (UPN)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A data file site.toml names must exist: the loaders skip a missing
// optional file, which for a slip in its name would blank every national
// figure or interval without a word.
func TestNamedFilesMustExist(t *testing.T) {
	src := memSource(map[string]string{
		"data/pupils.csv":   "UPN,Year,KeyStage,A8\n" + upn1 + ",2025,4,50\n",
		"data/national.csv": "year,measure,group,value\n2025,ks4_a8,all,46\n",
	})
	for _, tc := range []struct {
		name  string
		files load.Files
		want  string // the diagnostic's file and hint; "" for none
	}{
		{"defaults, some absent", load.Files{}, ""},
		{"named and present", load.Files{National: "data/national.csv"}, ""},
		{"national misspelt", load.Files{National: "data/nationals.csv"}, `data/nationals.csv: did you mean "data/national.csv"?`},
		{"params absent", load.Files{Params: "data/params.toml"}, "data/params.toml: correct the name in site.toml"},
		{"estimates absent", load.Files{Estimates: "other/estimates.csv"}, "other/estimates.csv: correct the name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, l := Dataset(src, tc.files, load.PupilOptions{URN: "123456"})
			var got []string
			for _, d := range l.Errors() {
				got = append(got, d.File+": "+d.Hint)
			}
			if tc.want == "" {
				if len(got) != 0 {
					t.Errorf("errors: %q", got)
				}
				return
			}
			if len(got) != 1 || !strings.HasPrefix(got[0], tc.want) {
				t.Errorf("errors: %q, want one starting %q", got, tc.want)
			}
		})
	}
}
