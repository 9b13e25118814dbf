package validate

import (
	"fmt"
	"strings"

	"github.com/reportpack/reportpack/generator/diag"
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

// TestYearGroupFromAnotherFile: a results export keyed by UPN gives no
// year group; the census does, and the merged pupil's results are checked
// against it.
func TestYearGroupFromAnotherFile(t *testing.T) {
	u := func(n string) string { return mkUPN("82020012" + n) }
	census := "URN,UPN,Forename,Surname,DOB,Year,NCYear,Gender\n" +
		"100001," + u("6101") + ",Ann,Abel,2018-10-01,2025,1,F\n" +
		"100001," + u("6102") + ",Ben,Bell,2015-11-01,2025,5,M\n" +
		"100001," + u("6103") + ",Cal,Cole,2014-05-01,2025,6,M\n"
	for _, tc := range []struct {
		name, results string
		want          []string // substrings of the errors, in order; none: it builds
	}{
		{"phonics for a Year 1 pupil", "URN,UPN,Year,Phonics_Mark,Phonics_Outcome\n100001," + u("6101") + ",2025,35,Wa\n", nil},
		{"phonics for a Year 5 pupil", "URN,UPN,Year,Phonics_Mark,Phonics_Outcome\n100001," + u("6102") + ",2025,35,Wa\n",
			[]string{"data/results.csv, row 2, column D (Phonics_Mark)", "Phonics_Outcome is for Year 1 or Year 2; this pupil is in Year 5"}},
		{"KS2 results for a Year 5 pupil", "URN,UPN,Year,Read_SS,Mat_SS,GPS_SS,Writ_TA\n100001," + u("6102") + ",2025,104,101,99,EXS\n",
			[]string{"KS2 results for a pupil in Year 5"}},
		{"KS2 results for a Year 6 pupil", "URN,UPN,Year,Read_SS,Mat_SS,GPS_SS,Writ_TA\n100001," + u("6103") + ",2025,104,101,99,EXS\n", nil},
		{"a pupil in no census", "URN,UPN,Year,Phonics_Mark,Phonics_Outcome\n100001," + u("6104") + ",2025,35,Wa\n",
			[]string{"no year group for this pupil in any pupil file"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"data/census.csv": census, "data/results.csv": tc.results}
			ds, l := DatasetOf(memSource(files), load.Files{}, []string{"data/census.csv", "data/results.csv"}, load.PupilOptions{})
			var errs []string
			for _, d := range l {
				if d.Severity == diag.Error {
					errs = append(errs, d.String())
				}
			}
			if len(errs) != len(tc.want) {
				t.Fatalf("errors %q, want %d", errs, len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.Contains(errs[i], w) {
					t.Errorf("error %q lacks %q", errs[i], w)
				}
			}
			if tc.want == nil {
				for _, p := range ds.Pupils {
					if p.NCYear == model.NoNCYear {
						t.Errorf("pupil %s has no year group", p.ID.UPN)
					}
					if p.NCYear == 6 && strings.Contains(tc.results, "Read_SS") && p.KeyStage != model.KS2 {
						t.Errorf("the Year 6 pupil's KS2 results are not KS2's: %q", p.KeyStage)
					}
				}
			}
		})
	}
}

// A cell load could not read is reported once, not again by the
// assessment's own check as blank.
func TestBadCellReportedOnce(t *testing.T) {
	goals := strings.Repeat(",2", 16)
	rows := "URN,UPN,Year,NCYear" + func() string {
		s := ""
		for i := 1; i <= 17; i++ {
			s += fmt.Sprintf(",ELG%02d", i)
		}
		return s
	}() + "\n100001," + mkUPN("820200126201") + ",2025,R,3" + goals + "\n"
	_, l := DatasetOf(memSource(map[string]string{"data/pupils.csv": rows}), load.Files{}, nil, load.PupilOptions{})
	var errs []string
	for _, d := range l {
		if d.Severity == diag.Error {
			errs = append(errs, d.String())
		}
	}
	if len(errs) != 1 || !strings.Contains(errs[0], "the 2021 profile has no 'exceeding'; 1 or 2") {
		t.Errorf("errors %q, want the one about 3", errs)
	}
}
