package grades_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/grades"
	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/template"
	"github.com/reportpack/reportpack/generator/validate"
)

// estimatesCSV are illustrative estimates: an A8 of 40 below KS2 APS 100,
// 50 from 100; a maths element of 8 and 10.
const estimatesCSV = `year,measure,prior_from,prior_to,estimate
2025,ks4_a8,0,100,40
2025,ks4_a8,100,121,50
2025,ks4_a8_mat,0,100,8
2025,ks4_a8_mat,100,121,10
`

// fillTemplate fills a fresh template with pupils, as a script would: a
// date for DOB, a number for KS2_APS, and grades as text for even pupils
// and as numbers (9, 54) for odd ones, since a script or a paste may write
// either. edit may change a pupil's cells (column header -> value).
func fillTemplate(t *testing.T, pupils []workedPupil, edit func(i int, cells map[string]any)) []byte {
	t.Helper()
	var blank bytes.Buffer
	if err := template.Write(&blank, template.Options{}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&blank)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	col := map[string]int{}
	for i, h := range template.Headers(template.Options{}) {
		col[h] = i + 1
	}
	for i, p := range pupils {
		cells := map[string]any{
			"UPN": upn(p.upnSerial), "Forename": fmt.Sprintf("Pupil %d", i+1), "Surname": "Worked",
			"DOB": time.Date(2009, 1, 15, 0, 0, 0, 0, time.UTC), "Year": "2024/25", "KeyStage": "4",
			"Gender": p.gender, "Disadvantaged": p.disadvantaged, "KS2_APS": p.ks2aps,
		}
		for s, g := range p.grades {
			cells[s] = g
			if n, err := strconv.Atoi(g); err == nil && i%2 == 1 {
				cells[s] = n
			}
		}
		if edit != nil {
			edit(i, cells)
		}
		for h, v := range cells {
			c, ok := col[h]
			if !ok {
				t.Fatalf("the template has no %s column", h)
			}
			name, _ := excelize.CoordinatesToCellName(c, i+2)
			if err := f.SetCellValue(template.PupilsSheet, name, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// site writes a data folder and returns its Source.
func site(t *testing.T, pupils []byte) load.Source {
	t.Helper()
	dir := t.TempDir()
	for name, b := range map[string][]byte{"data/pupils.xlsx": pupils, "data/estimates.csv": []byte(estimatesCSV)} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return load.DirSource(dir)
}

func mean(f func(p workedPupil) float64) float64 {
	s := 0.0
	for _, p := range workedPupils {
		s += f(p)
	}
	return s / float64(len(workedPupils))
}

func pct(f func(p workedPupil) bool) float64 {
	return mean(func(p workedPupil) float64 {
		if f(p) {
			return 100
		}
		return 0
	})
}

// The round trip: the template, filled in by a script, read back
// by validate.Dataset, scored by Apply, and computed by measures.Compute,
// gives the figures worked out by hand.
func TestRoundTrip(t *testing.T) {
	src := site(t, fillTemplate(t, workedPupils, nil))
	ds, l := validate.Dataset(src, load.Files{}, load.PupilOptions{URN: "100001"})
	if l.HasErrors() {
		t.Fatalf("validate:\n%s", messages(l))
	}
	l = grades.Apply(&ds, grades.Default())
	// Only the pupil with no grades is worth a word.
	if len(l) != 1 || l[0].Severity != diag.Warning || l[0].Row != len(workedPupils)+1 {
		t.Fatalf("apply:\n%s", messages(l))
	}
	if len(ds.Pupils) != len(workedPupils) {
		t.Fatalf("%d pupils read, want %d", len(ds.Pupils), len(workedPupils))
	}
	for i, p := range workedPupils {
		k := ds.Pupils[i].KS4
		if k.A8 != model.Some(p.a8) || k.A8Eng != model.Some(p.eng) || k.A8Mat != model.Some(p.mat) ||
			k.A8EBacc != model.Some(p.eb) || k.A8Open != model.Some(p.open) || !near(k.EBaccAPS.V, p.aps) ||
			k.EBaccEntered != model.FlagOf(p.entered) || k.EMGrade5 != model.FlagOf(p.em5) || k.EMGrade4 != model.FlagOf(p.em4) {
			t.Errorf("%s: %+v", p.name, k)
		}
	}

	res := measures.Compute(ds.Pupils, ds.National, ds.Params, ds.Estimates, measures.Options{})
	ks4 := res.KeyStage(model.KS4)
	if ks4 == nil || ks4.Latest() == nil || ks4.Latest().Year != 2025 {
		t.Fatal("no KS4 results for 2024/25")
	}
	y := ks4.Latest()
	estimate := func(prior, low, high float64) float64 {
		if prior < 100 {
			return low
		}
		return high
	}
	for _, w := range []struct {
		id   model.MeasureID
		want float64
	}{
		{"ks4_a8", mean(func(p workedPupil) float64 { return p.a8 })},
		{"ks4_a8_eng", mean(func(p workedPupil) float64 { return p.eng })},
		{"ks4_a8_mat", mean(func(p workedPupil) float64 { return p.mat })},
		{"ks4_a8_ebacc", mean(func(p workedPupil) float64 { return p.eb })},
		{"ks4_a8_open", mean(func(p workedPupil) float64 { return p.open })},
		{"ks4_ebacc_entry", pct(func(p workedPupil) bool { return p.entered })},
		{"ks4_ebacc_aps", mean(func(p workedPupil) float64 { return p.aps })},
		{"ks4_em5", pct(func(p workedPupil) bool { return p.em5 })},
		{"ks4_em4", pct(func(p workedPupil) bool { return p.em4 })},
		// Progress 8 follows from the A8s and estimates.csv.
		{"ks4_p8", mean(func(p workedPupil) float64 { return (p.a8 - estimate(p.ks2aps, 40, 50)) / 10 })},
		{"ks4_p8_mat", mean(func(p workedPupil) float64 { return (p.mat - estimate(p.ks2aps, 8, 10)) / 2 })},
	} {
		h := y.Headline(w.id)
		if h == nil || !h.Cell.Has || h.Cell.Cohort != len(workedPupils) || !near(h.Cell.Value, w.want) {
			t.Errorf("%s = %+v, want %v over %d pupils", w.id, h, w.want, len(workedPupils))
		}
	}
}

// Grade mistakes in a filled template come out of `validate --errors` as
// rows of the error sheet: row, column, value, problem and hint.
func TestRoundTripErrorSheet(t *testing.T) {
	bad := map[int]map[string]any{
		0: {"Combined Science": "5-4"},
		1: {"Mathematics": "F", "Combined Science": "45"},
		2: {"Combined Science": "4/3"},
	}
	src := site(t, fillTemplate(t, workedPupils[:3], func(i int, cells map[string]any) {
		for h, v := range bad[i] {
			cells[h] = v
		}
	}))
	ds, l := validate.Dataset(src, load.Files{}, load.PupilOptions{URN: "100001"})
	if l.HasErrors() {
		t.Fatalf("validate:\n%s", messages(l))
	}
	l = grades.Apply(&ds, grades.Default())
	var buf bytes.Buffer
	if err := diag.WriteXLSX(&buf, l.Errors()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(diag.ErrorSheet)
	if err != nil {
		t.Fatal(err)
	}
	headers := template.Headers(template.Options{})
	letter := func(h string) string {
		for i, x := range headers {
			if x == h {
				return diag.ColumnLetter(i)
			}
		}
		return "?"
	}
	// Severity, (URN, UPN, Pupil name,) File, Sheet, Row, Line, Column,
	// Header, Value, Problem, Hint: the pupil's columns are skipped below.
	want := [][]string{
		{"error", "data/pupils.xlsx", "Pupils", "2", "", letter("Combined Science"), "Combined Science", "5-4", "nothing between them", "write 54, not 5-4"},
		{"error", "data/pupils.xlsx", "Pupils", "3", "", letter("Mathematics"), "Mathematics", "F", "written U", "use U"},
		{"error", "data/pupils.xlsx", "Pupils", "3", "", letter("Combined Science"), "Combined Science", "45", "highest first", "write 54, not 45"},
		{"error", "data/pupils.xlsx", "Pupils", "4", "", letter("Combined Science"), "Combined Science", "4/3", "nothing between them", "write 43, not 4/3"},
	}
	if len(rows) != len(want)+1 {
		t.Fatalf("error sheet:\n%v", rows)
	}
	for i, w := range want {
		r := append(append([]string{rows[i+1][0]}, rows[i+1][4:]...), make([]string, 10)...)
		for j := range 8 {
			if r[j] != w[j] {
				t.Errorf("row %d column %d = %q, want %q (%v)", i+2, j+1, r[j], w[j], r[:10])
			}
		}
		if !strings.Contains(r[8], w[8]) || !strings.Contains(r[9], w[9]) {
			t.Errorf("row %d: problem %q hint %q; want %q, %q", i+2, r[8], r[9], w[8], w[9])
		}
	}
}
