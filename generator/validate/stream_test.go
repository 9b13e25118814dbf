package validate

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/spill"
)

// datasetAtOnce is DatasetOf as it was before Stream: every file's rows
// loaded, merged and checked at once. The streaming path must give its
// diagnostics and pupils.
func datasetAtOnce(src load.Source, files load.Files, pupils []string, opt load.PupilOptions, named ...Named) (model.Dataset, diag.List) {
	l := missingFiles(src, files)
	files = files.WithDefaults(src)
	if len(pupils) == 0 {
		pupils = []string{files.Pupils}
	}
	var pfs []load.PupilFile
	opt.YearGroupElsewhere = len(pupils) > 1
	for _, p := range pupils {
		pf, d := load.Pupils(src, p, opt)
		Annotate(d, pf.Pupils)
		l = append(l, d...)
		pfs = append(pfs, pf)
	}
	again := notAgain(l)
	set, d := mergeFiles(pfs)
	l = append(append(l, d...), again(yearGroups(set))...)
	l = append(l, checkPupilFiles(pfs, set.pupils, pupilRules, named...)...)
	national, d := load.National(src, files.National)
	l = append(l, d...)
	params, d := load.Params(src, files.Params)
	l = append(append(l, d...), Params(params)...)
	l = append(l, carry(set)...)
	l = append(l, again(declaredChecks(set, params.Params))...)
	estimates, d := load.Estimates(src, files.Estimates)
	l = append(append(l, d...), Estimates(estimates)...)
	l.Sort()
	return model.Dataset{Pupils: set.pupils, National: national, Params: params.Params, Estimates: estimates.Estimates}, l
}

// streamFixture is an LA's worth of trouble in three files: a census
// whose rows are not in URN order, a phonics export keyed by UPN with no
// year group, and a KS2 file. Schools 100001 to 100004 have rows (100004
// is named nowhere); 100009 is named and has none.
func streamFixture() (map[string]string, []string, []Named) {
	u := func(n int) string { return mkUPN(fmt.Sprintf("8202001%05d", n)) }
	var census strings.Builder
	census.WriteString("URN,UPN,Forename,Surname,DOB,Year,NCYear,Gender,FSM6,SEN\n")
	row := func(b *strings.Builder, f string, a ...any) { fmt.Fprintf(b, f+"\n", a...) }
	// Year 1 in 2023/24 at 100002; Year 2 in 2024/25 at 100001 (moved):
	// phonics carries from the other school.
	for i := range 4 {
		row(&census, "100002,%s,Ann%d,Abel,2017-10-0%d,2024,1,F,N,N", u(100+i), i, i+1)
	}
	for i := range 4 {
		row(&census, "100001,%s,Ann%d,Abel,2017-10-0%d,2025,2,F,N,N", u(100+i), i, i+1)
	}
	// Year 6 at two schools in one year: moved, more than movedInFull
	// of them, and one whose name differs.
	// The first warned of is at the school of the larger URN.
	row(&census, "100001,%s,Hal,Hill,2013-12-01,2025,6,M,N,N", u(205))
	row(&census, "100003,%s,Hal,Hill,2013-12-01,2025,6,M,N,N", u(205))
	for i := range 5 {
		name := fmt.Sprintf("Cal%d", i)
		row(&census, "100003,%s,%s,Cole,2013-11-1%d,2025,6,M,Y,K", u(200+i), name, i)
		if i == 4 {
			name = "Dan"
		}
		row(&census, "100001,%s,%s,Cole,2013-11-1%d,2025,6,M,Y,K", u(200+i), name, i)
	}
	// A school named nowhere, a bad cell, a duplicate, a blank URN.
	row(&census, "100004,%s,Eve,Ely,2014-01-01,2025,5,F,N,N", u(300))
	row(&census, "100003,%s,Fay,Fox,2014-01-01,2025,5,X,N,N", u(301))
	row(&census, "100003,%s,Fay,Fox,2014-01-01,2025,5,F,N,N", u(301))
	row(&census, ",%s,Gus,Gray,2014-01-01,2025,5,M,N,N", u(302))

	var phonics strings.Builder
	phonics.WriteString("URN,UPN,Year,Gender,Phonics_Mark,Phonics_Outcome,Phonics_Y1_Outcome\n")
	// Year 1 outcomes at 100002 (a gender that differs from the census's),
	// then the Year 2 rows at 100001, one giving a Y1 outcome that differs.
	for i := range 4 {
		row(&phonics, "100002,%s,2024,M,%d,%s,", u(100+i), 20+5*i, map[bool]string{true: "Wa", false: "Wt"}[i%2 == 0])
	}
	// (Their genders differ too: the example is still the first row.)
	row(&phonics, "100001,%s,2025,M,,,Wa", u(101))
	row(&phonics, "100001,%s,2025,M,,,Wt", u(102))
	// Results with no census row: no year group, no characteristics.
	row(&phonics, "100003,%s,2025,,30,Wa,", u(400))
	row(&phonics, "100001,%s,2025,,30,Wa,", u(401))

	var ks2 strings.Builder
	ks2.WriteString("URN,UPN,Year,KeyStage,KS1_APS,Read_SS,Writ_TA,Mat_SS,GPS_SS\n")
	for i := range 5 {
		row(&ks2, "100001,%s,2025,2,15,10%d,EXS,101,99", u(200+i), i)
		row(&ks2, "100003,%s,2025,2,15,10%d,EXS,101,99", u(200+i), i)
	}
	row(&ks2, "100003,%s,2025,2,25,104,EXS,101,99", u(203)) // duplicate, prior out of range
	row(&ks2, "100001,%s,2025,2,15,100,EXS,101,99", u(205))
	row(&ks2, "100003,%s,2025,2,15,100,EXS,101,99", u(205))

	files := map[string]string{"data/census.csv": census.String(), "data/phonics.csv": phonics.String(), "data/ks2.csv": ks2.String()}
	order := []string{"data/census.csv", "data/phonics.csv", "data/ks2.csv"}
	named := []Named{{URN: "100001"}, {URN: "100002"}, {URN: "100003"}, {URN: "100009"}}
	return files, order, named
}

// sortedDiags prints the diagnostics, every field (Pupil and Summary
// too, which String leaves out), in their order.
func sortedDiags(l diag.List) []string {
	type plain diag.Diagnostic // without String
	var out []string
	for _, d := range l {
		out = append(out, fmt.Sprintf("%+v", plain(d)))
	}
	return out
}

// streamed runs Stream into a store and reads every school back in URN
// order, as a one-shot build would.
func streamed(t *testing.T, src load.Source, order []string, so StreamOptions, named []Named) ([]model.Pupil, diag.List) {
	t.Helper()
	out := spill.New(t.TempDir(), -1)
	defer out.Close()
	_, l, err := Stream(src, load.Files{}, order, load.PupilOptions{}, out, so, named...)
	if err != nil {
		t.Fatal(err)
	}
	var ps []model.Pupil
	for _, u := range out.URNs() {
		s, err := out.School(u)
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, s...)
	}
	return ps, l
}

// byURN is the pupils as a build groups them: URN order, each school's
// in file order.
func byURN(ps []model.Pupil) []model.Pupil {
	return slices.SortedStableFunc(slices.Values(ps), func(a, b model.Pupil) int { return cmp.Compare(a.URN, b.URN) })
}

// TestStreamAsAtOnce: Stream (and DatasetOf through it) gives the
// diagnostics and pupils of loading everything at once, for several files
// of several schools whose rows are not in URN order, a Year 1 phonics
// outcome carried from another school, pupils at two schools, a named
// school without rows and one with rows named nowhere.
func TestStreamAsAtOnce(t *testing.T) {
	files, order, named := streamFixture()
	src := memSource(files)
	for _, tc := range []struct {
		name  string
		order []string
		named []Named
	}{
		{"three files", order, named},
		{"three files, none named", order, nil},
		{"census last", []string{order[2], order[1], order[0]}, named},
		{"one file", order[:1], named},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, wl := datasetAtOnce(src, load.Files{}, tc.order, load.PupilOptions{}, tc.named...)
			if tc.name == "three files" {
				all := fmt.Sprint(sortedDiags(wl))
				for _, m := range []string{"also at URN", "pupils appear at two schools", "row of 2023/24", "URN 100004 is not one of",
					"[schools.100009]", "characteristics here that differ", "results but no characteristics", "the same UPN as row"} {
					if !strings.Contains(all, m) {
						t.Errorf("the fixture has no %q diagnostic: %s", m, all)
					}
				}
			}

			got, gl := DatasetOf(src, load.Files{}, tc.order, load.PupilOptions{}, tc.named...)
			if a, b := sortedDiags(wl), sortedDiags(gl); !slices.Equal(a, b) {
				t.Errorf("DatasetOf's diagnostics differ:\n got %s\nwant %s", strings.Join(b, "\n     "), strings.Join(a, "\n     "))
			}
			if !reflect.DeepEqual(got.Pupils, want.Pupils) {
				t.Errorf("DatasetOf's pupils differ")
			}

			ps, sl := streamed(t, src, tc.order, StreamOptions{MemLimit: -1}, tc.named)
			if a, b := sortedDiags(wl), sortedDiags(sl); !slices.Equal(a, b) {
				t.Errorf("Stream's diagnostics differ:\n got %s\nwant %s", strings.Join(b, "\n     "), strings.Join(a, "\n     "))
			}
			if w := byURN(want.Pupils); !reflect.DeepEqual(ps, w) {
				t.Errorf("Stream's pupils differ: %d, want %d", len(ps), len(w))
				for i := range min(len(ps), len(w)) {
					if !reflect.DeepEqual(ps[i], w[i]) {
						t.Errorf("first at %d:\n got %+v\nwant %+v", i, ps[i], w[i])
						break
					}
				}
			}
		})
	}
}

// TestStreamSpills: with no memory to spare, the files' rows go to temp
// files between the passes, and the pupils and diagnostics are the same.
func TestStreamSpills(t *testing.T) {
	files, order, named := streamFixture()
	src := memSource(files)
	want, wl := datasetAtOnce(src, load.Files{}, order, load.PupilOptions{}, named...)
	dir := t.TempDir()
	spilled := 0
	so := StreamOptions{Dir: dir, MemLimit: 0, School: func(model.URN, []model.Pupil) {
		// While the schools are checked, the files' stores are on disk.
		ms, _ := filepath.Glob(filepath.Join(dir, "reportpack-spill-*", "*"))
		spilled = max(spilled, len(ms))
	}}
	ps, l := streamed(t, src, order, so, named)
	if spilled == 0 {
		t.Error("no rows spilled to disk")
	}
	if a, b := sortedDiags(wl), sortedDiags(l); !slices.Equal(a, b) {
		t.Errorf("diagnostics differ:\n got %s\nwant %s", strings.Join(b, "\n     "), strings.Join(a, "\n     "))
	}
	if !reflect.DeepEqual(ps, byURN(want.Pupils)) {
		t.Error("pupils differ")
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("temp files left behind: %v", ents)
	}
}

// TestCarryFeedsNoCarry: Stream finds every carried cell before carrying
// any, which is carry's order only while no rule carries into a cell
// another carries from.
func TestCarryFeedsNoCarry(t *testing.T) {
	for _, a := range assess.Declared() {
		for _, x := range a.Carry {
			for _, y := range a.Carry {
				if x.To == y.From && x.AtNCYear == y.FromNCYear {
					t.Errorf("%s: a Carry rule carries into column %d of %s, which another carries from", a.ID, x.To, x.AtNCYear)
				}
			}
		}
	}
}
