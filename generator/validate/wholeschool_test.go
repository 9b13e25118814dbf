package validate

import (
	"testing"

	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/model"
)

// TestPhonicsByEndOfYear2FromFiles works phonics_y2 from files, end to
// end: a Year 2 pupil's Year 1 outcome is found in last year's Year 1 row
// at another school, or given in Phonics_Y1_Outcome; the recheck is the
// Year 2 row's own outcome. Synthetic pupils only.
func TestPhonicsByEndOfYear2FromFiles(t *testing.T) {
	u := func(n string) string { return mkUPN("82020012" + n) }
	const head = "URN,UPN,Forename,Surname,DOB,Year,NCYear,Gender,Phonics_Mark,Phonics_Outcome,Phonics_Y1_Outcome\n"
	rows := head +
		// 2023/24, Year 1, at school 100002.
		"100002," + u("5101") + ",Ann,Abel,2017-10-01,2024,1,F,35,Wa,\n" +
		"100002," + u("5102") + ",Ben,Bell,2017-11-01,2024,1,M,20,Wt,\n" +
		"100002," + u("5103") + ",Cal,Cole,2018-05-01,2024,1,M,10,Wt,\n" +
		// 2024/25, Year 2, at school 100001 (moved): the first met it in
		// Year 1, the second in the recheck, the third in neither.
		"100001," + u("5101") + ",Ann,Abel,2017-10-01,2025,2,F,,,\n" +
		"100001," + u("5102") + ",Ben,Bell,2017-11-01,2025,2,M,33,Wa,\n" +
		"100001," + u("5103") + ",Cal,Cole,2018-05-01,2025,2,M,25,Wt,\n" +
		// From outside the data: the Year 1 outcome is given.
		"100001," + u("5104") + ",Dee,Dunn,2018-01-01,2025,2,F,,,Wa\n" +
		// Left before the recheck: outside neither cohort (an outcome).
		"100001," + u("5105") + ",Eve,Ely,2018-02-01,2025,2,F,,L,Wt\n"
	ds, l := DatasetOf(memSource(map[string]string{"data/pupils.csv": rows}), load.Files{}, nil, load.PupilOptions{})
	if l.HasErrors() {
		t.Fatalf("diagnostics: %v", l)
	}
	var school []model.Pupil
	for _, p := range ds.Pupils {
		if p.URN == "100001" {
			school = append(school, p)
		}
	}
	res := measures.Compute(school, nil, model.NationalParams{}, nil, measures.Options{})
	kr := res.KeyStage("phonics")
	if kr == nil {
		t.Fatal("no phonics results")
	}
	h := kr.Latest().Headline("phonics_y2")
	// Ann (Y1 Wa), Ben (recheck Wa), Dee (given Wa) met it; Cal and Eve
	// did not: 3 of 5.
	if h == nil || h.Cell.Cohort != 5 || h.Cell.Value != 60 {
		t.Errorf("phonics_y2 = %+v, want 60%% of 5", h)
	}
	if y1 := kr.Latest().Headline("phonics_y1"); y1 == nil || y1.Cell.Cohort != 0 {
		t.Errorf("phonics_y1 in a year of Year 2 rows only = %+v", y1)
	}
}
