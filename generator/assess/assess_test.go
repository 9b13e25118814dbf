package assess_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/catalog"
	"github.com/reportpack/reportpack/generator/model"
)

var update = flag.Bool("update", false, "rewrite docs/assessments.md")

// docs/assessments.md is generated from the registry and stays in step.
func TestAssessmentsDoc(t *testing.T) {
	path := filepath.Join("..", "..", "docs", "assessments.md")
	want := assess.Markdown()
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != want {
		t.Errorf("docs/assessments.md is out of date: run go test ./generator/assess -update")
	}
}

// Every built-in declared measure is one of the catalog's ids, under the
// catalog's assessment.
func TestMeasuresInCatalog(t *testing.T) {
	for _, a := range assess.Declared() {
		for _, m := range a.Measures {
			c := catalog.MeasureByID(m.ID)
			if c == nil {
				t.Errorf("%s: measure %s is not in the catalog", a.ID, m.ID)
				continue
			}
			if string(c.Assessment) != string(a.ID) {
				t.Errorf("%s: measure %s is the catalog's %s", a.ID, m.ID, c.Assessment)
			}
		}
	}
}

func TestRegisterRefusesBadDeclarations(t *testing.T) {
	rule := func(assess.Row) (float64, bool) { return 1, true }
	for name, a := range map[string]*assess.Assessment{
		"no id": {Title: "x"},
		"measure in no table": {ID: "t1", Title: "x",
			Measures: []assess.Measure{{ID: "t1_a", Kind: assess.Percent, Rule: rule}}},
		"unknown measure in a table": {ID: "t2", Title: "x",
			Tables: []assess.Table{{ID: "t2", Measures: []model.MeasureID{"nope"}}}},
		"column without a kind": {ID: "t3", Title: "x", Columns: []assess.Column{{Name: "C"}}},
		"header twice":          {ID: "t4", Title: "x", Columns: []assess.Column{{Name: "C", Kind: assess.Codes}, {Name: "c", Kind: assess.Codes}}},
		"twice":                 {ID: "phonics", Title: "x"},
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("registered")
				}
			}()
			assess.Register(a)
		})
	}
}

func TestThresholdAndYearGroups(t *testing.T) {
	thirty := 30.0
	params := model.NationalParams{Measures: map[model.MeasureID]map[model.Year]model.MeasureParams{
		"phonics_y1": {2025: {Threshold: &thirty}}}}
	a := assess.ByID("phonics")
	p := &model.Pupil{Year: 2025, NCYear: 1, Results: []model.Result{{Assessment: "phonics",
		Values: []model.Value{{Num: 31, IsNum: true}, {Code: "Wt"}, {}}}}}
	probs := a.Check(assess.NewRow(a, p, params))
	if len(probs) != 1 || probs[0].Hint != "at or above the threshold 30 means Wa" {
		t.Errorf("threshold 30, mark 31, Wt: %+v", probs)
	}
	p.Year = 2024
	if probs := a.Check(assess.NewRow(a, p, params)); len(probs) != 0 {
		t.Errorf("default threshold 32, mark 31, Wt: %+v", probs)
	}
	if got := assess.YearGroups([]model.NCYear{0, 1, 2}); got != "Reception, Year 1 or Year 2" {
		t.Errorf("YearGroups = %q", got)
	}
	if !a.TakesNCYear(2, 2) || a.TakesNCYear(2, 1) || !a.TakesNCYear(-1, 1) {
		t.Errorf("TakesNCYear")
	}
}
