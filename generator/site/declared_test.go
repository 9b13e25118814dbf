package site_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/reportpack/reportpack"
	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/output"
	"github.com/reportpack/reportpack/generator/sample"
	"github.com/reportpack/reportpack/generator/site"
)

// A spelling check, declared here and nowhere else: a column with a
// score and a code, one measure, one table. It must load, validate,
// compute and render end to end with no edit to any package.
var registerSpelling = sync.OnceFunc(func() {
	assess.Register(&assess.Assessment{
		ID: "spelling", Title: "Spelling check", Short: "Spelling", NCYears: []model.NCYear{3},
		Intro: "A made-up spelling check of Year 3, declared only in a test.",
		Columns: []assess.Column{{Name: "Spell_Score", Label: "score out of 20", Kind: assess.Number,
			Min: 0, Max: 20, Whole: true, Codes: []assess.Code{{Code: "A", Meaning: "absent"}},
			Hint: "a whole score from 0 to 20, or A"}},
		Measures: []assess.Measure{{ID: "spelling_avg", Label: "Average spelling score", Column: "Average score",
			Kind: assess.Mean, Decimals: 1, Rule: func(r assess.Row) (float64, bool) {
				v := r.Get(0)
				return v.Num, v.IsNum
			}}},
		Tables: []assess.Table{{ID: "spelling", Title: "Spelling by pupil group", Short: "Spelling",
			Measures: []model.MeasureID{"spelling_avg"}}},
	})
})

// spellingSite is the example site with a second pupil file of spelling
// scores for school 900002's Year 3 (synthetic pupils); extra rows are
// added as given.
func spellingSite(t *testing.T, extra string) string {
	t.Helper()
	registerSpelling()
	dir := newSite(t, sample.Options{Schools: 2, Pupils: 8, Years: 1, Seed: 3})
	rows := "URN,UPN,Forename,Surname,DOB,Year,NCYear,Gender,Spell_Score\n"
	scores := []string{"12", "15", "18", "9", "20", "14", "A", "16"}
	for i, s := range scores {
		upn := testUPN(t, 500+i)
		rows += "900002," + upn + ",Spell" + string(rune('A'+i)) + ",Testpupil,2016-10-01,2024/25,3,F," + s + "\n"
	}
	rows += extra
	if err := os.WriteFile(filepath.Join(dir, "data", "spelling.csv"), []byte(rows), 0o644); err != nil {
		t.Fatal(err)
	}
	toml, err := os.ReadFile(filepath.Join(dir, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(toml), `pupils = "data/pupils.xlsx"`, `pupils = ["data/pupils.xlsx", "data/spelling.csv"]`, 1)
	if s == string(toml) {
		t.Fatal("site.toml names no pupils file to extend")
	}
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// testUPN is a valid UPN of the fictional LA 999 (never a real one).
func testUPN(t *testing.T, n int) string {
	body := "999" + "7777" + "24" + string([]byte{byte('0' + n/100%10), byte('0' + n/10%10), byte('0' + n%10)})
	l, ok := model.UPNCheckLetter("A" + body)
	if !ok {
		t.Fatal("no check letter for", body)
	}
	return string(l) + body
}

func TestAssessmentDeclaredInATest(t *testing.T) {
	dir := spellingSite(t, "")
	mem := output.NewMem()
	_, diags := site.Build(context.Background(), dir, site.WithTheme(reportpack.DefaultTheme()),
		site.WithProfiles("named", "governor"), site.WithWriter(mem))
	if diags.HasErrors() {
		t.Fatalf("build failed:\n%v", diags.Err())
	}
	// 12+15+18+9+20+14+16 over 7 pupils with a score (A is none): 14.857.
	for _, prof := range []string{"named", "governor"} {
		page, ok := mem.File(prof + "/900002/spelling.html")
		if !ok {
			t.Fatalf("%s: no spelling page", prof)
		}
		for _, want := range []string{"Spelling check", "Average spelling score", "14.9", "table-spelling.html"} {
			if !strings.Contains(string(page), want) {
				t.Errorf("%s: the spelling page lacks %q", prof, want)
			}
		}
		if _, ok := mem.File(prof + "/900002/table-spelling.html"); !ok {
			t.Errorf("%s: no spelling table page", prof)
		}
		home, _ := mem.File(prof + "/900002/index.html")
		if !strings.Contains(string(home), "spelling.html") {
			t.Errorf("%s: the school's home does not link the spelling page", prof)
		}
		other, _ := mem.File(prof + "/900001/index.html")
		if strings.Contains(string(other), "spelling.html") {
			t.Errorf("%s: a school with no spelling data links a spelling page", prof)
		}
	}
	csv, _ := mem.File("named/900002/measures.csv")
	if !strings.Contains(string(csv), "spelling,spelling_avg,all,") {
		t.Errorf("measures.csv has no spelling_avg row for all pupils")
	}
}

func TestAssessmentDeclaredInATestRefusesBadCells(t *testing.T) {
	for _, tc := range []struct{ name, row, want string }{
		{"out of range", "900002," + "%UPN%" + ",Bad,Score,2016-10-01,2024/25,3,M,21\n", "a whole score from 0 to 20, or A"},
		{"wrong year group", "900002," + "%UPN%" + ",Bad,Year,2014-10-01,2024/25,5,M,10\n", "Spell_Score"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := spellingSite(t, strings.Replace(tc.row, "%UPN%", testUPN(t, 600), 1))
			_, diags := site.Build(context.Background(), dir, site.WithTheme(reportpack.DefaultTheme()),
				site.WithProfiles("named"), site.WithWriter(output.NewMem()))
			if !diags.HasErrors() {
				t.Fatal("built")
			}
			err := diags.Err().Error()
			for _, want := range []string{"data/spelling.csv", "row 10", tc.want} {
				if !strings.Contains(err, want) {
					t.Errorf("the error lacks %q:\n%s", want, err)
				}
			}
		})
	}
}
