package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/reportpack/reportpack/generator/export"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/template"
)

func TestTemplateCommand(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "pupils.xlsx")
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"template"}, exitUsage, "--out is required"},
		{[]string{"template", "--out", filepath.Join(dir, "p.csv")}, exitUsage, "must name an .xlsx file"},
		{[]string{"template", "--help"}, exitOK, "usage: reportpack template"},
		{[]string{"template", "--out", out, "--source", dir}, exitOK, "31 subject columns"},
		{[]string{"template", "--out", out, "--source", dir}, exitInput, "already exists"},
		{[]string{"template", "--out", out, "--source", dir, "--force"}, exitOK, "wrote a blank template"},
	} {
		code, o, e := runCLI(tc.args...)
		if code != tc.code || !strings.Contains(o+e, tc.msg) {
			t.Errorf("%v: exit %d, want %d with %q\n%s%s", tc.args, code, tc.code, tc.msg, o, e)
		}
	}
	if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("template file: %v %v", st, err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".reportpack-template-*")); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

// A site's own qualifications table gives the subject columns; a broken
// one is reported and nothing is written.
func TestTemplateUsesSiteQualifications(t *testing.T) {
	site := t.TempDir()
	os.MkdirAll(filepath.Join(site, "data"), 0o755)
	q := filepath.Join(site, "data", "qualifications.csv")
	os.WriteFile(q, []byte("subject,qualification,ebacc,results\nWelsh,GCSE,language,\"9,8,7,6,5,4,3,2,1,U\"\n"), 0o644)
	out := filepath.Join(t.TempDir(), "t.xlsx")
	if code, o, e := runCLI("template", "--out", out, "--source", site); code != exitOK || !strings.Contains(o, "1 subject columns") {
		t.Fatalf("exit %d\n%s%s", code, o, e)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(template.PupilsSheet)
	if h := rows[0]; h[len(h)-1] != "Welsh" {
		t.Errorf("last header %q, want Welsh", h[len(h)-1])
	}

	os.WriteFile(q, []byte("subject,qualification,ebacc,results\nWelsh,GCSE,welsh,\"9,U\"\n"), 0o644)
	out2 := filepath.Join(t.TempDir(), "t.xlsx")
	if code, _, e := runCLI("template", "--out", out2, "--source", site); code != exitInput || !strings.Contains(e, "not an EBacc category") {
		t.Errorf("broken table: exit %d\n%s", code, e)
	}
	if _, err := os.Stat(out2); err == nil {
		t.Error("a template was written from a broken table")
	}
}

// cmdPupil is a pupil of the command-level round trip, with its figures
// worked out by hand (generator/grades has the full set).
type cmdPupil struct {
	grades   map[string]any
	ks2aps   float64
	a8, eng  float64
	entered  bool
	em5      bool
	ebaccAPS float64
}

var cmdPupils = []cmdPupil{
	// English lit 7 x2, maths 5 x2, EBacc history 7 + biology 6 + chemistry
	// 5, open art 8 + language 6 + physics 4: 14+10+18+18 = 60.
	{grades: map[string]any{"English Language": "6", "English Literature": "7", "Mathematics": "5", "Biology": "6",
		"Chemistry": "5", "Physics": "4", "History": "7", "French": "3", "Art and Design": "8", "Music": "2"},
		ks2aps: 104, a8: 60, eng: 14, entered: true, em5: true, ebaccAPS: 5.5},
	// English language 5 x1, maths 4 x2, EBacc geography 6 + Spanish 5 +
	// combined 4.5, open RS 7 + PE 6 + combined 4.5: 5+8+15.5+17.5 = 46.
	{grades: map[string]any{"English Language": 5, "Mathematics": 4, "Combined Science": 54, "Geography": "6",
		"Spanish": "5", "Religious Studies": "7", "Physical Education": "6", "Business": "3"},
		ks2aps: 98, a8: 46, eng: 5, ebaccAPS: 4},
	// English 8 x1, maths 9 x2: 26.
	{grades: map[string]any{"English Language": "8", "Mathematics": "9"},
		ks2aps: 115, a8: 26, eng: 8, em5: true, ebaccAPS: 1.5},
}

// cmdEstimates: A8 40 below KS2 APS 100, 50 from 100.
const cmdEstimates = "year,measure,prior_from,prior_to,estimate\n2025,ks4_a8,0,100,40\n2025,ks4_a8,100,121,50\n"

// fillCmdTemplate runs `reportpack template` and fills it in for school
// 900001 of the scaffolded site; bad sets one extra cell.
func fillCmdTemplate(t *testing.T, site string, bad map[string]any) {
	t.Helper()
	out := filepath.Join(site, "data", "pupils.xlsx")
	if code, _, e := runCLI("template", "--out", out, "--source", site, "--force"); code != exitOK {
		t.Fatalf("template: %s", e)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(template.PupilsSheet)
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i + 1
	}
	for i, p := range cmdPupils {
		rest := fmt.Sprintf("820200109%03d", i+1)
		l, _ := model.UPNCheckLetter("A" + rest)
		cells := map[string]any{"URN": 900001, "UPN": string(l) + rest, "Forename": "Pupil", "Surname": strconv.Itoa(i + 1),
			"Year": "2024/25", "KeyStage": "4", "Gender": "F", "KS2_APS": p.ks2aps}
		for s, g := range p.grades {
			cells[s] = g
		}
		if i == 0 {
			for s, g := range bad {
				cells[s] = g
			}
		}
		for h, v := range cells {
			name, _ := excelize.CoordinatesToCellName(col[h], i+2)
			if err := f.SetCellValue(template.PupilsSheet, name, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(site, "data", "estimates.csv"), []byte(cmdEstimates), 0o644); err != nil {
		t.Fatal(err)
	}
}

// The round trip at the command line: new, template, fill it with
// excelize, build, and read the figures back from measures.csv.
func TestTemplateFillBuild(t *testing.T) {
	site := filepath.Join(t.TempDir(), "s")
	if code, _, e := runCLI("new", site); code != exitOK {
		t.Fatal(e)
	}
	// The blank template is refused, as the FFT service refuses it.
	if code, _, e := runCLI("template", "--out", filepath.Join(site, "data", "pupils.xlsx"), "--source", site, "--force"); code != exitOK {
		t.Fatal(e)
	}
	if code, _, e := runCLI("validate", "--source", site); code != exitInput || !strings.Contains(e, "blank template") {
		t.Errorf("blank template: exit %d\n%s", code, e)
	}

	fillCmdTemplate(t, site, map[string]any{"Combined Science": "5-4"})
	xl := filepath.Join(t.TempDir(), "errors.xlsx")
	if code, _, e := runCLI("validate", "--source", site, "--errors", xl); code != exitInput || !strings.Contains(e, "write 54, not 5-4") {
		t.Errorf("bad grade: exit %d\n%s", code, e)
	}

	fillCmdTemplate(t, site, nil)
	if code, o, e := runCLI("build", "--source", site, "--profile", "named"); code != exitOK {
		t.Fatalf("build: exit %d\n%s%s", code, o, e)
	}
	// A build of one school puts its pages at the profile's root.
	got := readMeasures(t, filepath.Join(site, "public", "named", "measures.csv"))
	mean := func(f func(cmdPupil) float64) float64 {
		s := 0.0
		for _, p := range cmdPupils {
			s += f(p)
		}
		return s / float64(len(cmdPupils))
	}
	b2f := func(b bool) float64 {
		if b {
			return 100
		}
		return 0
	}
	for id, want := range map[string]float64{
		"ks4_a8":          mean(func(p cmdPupil) float64 { return p.a8 }),
		"ks4_a8_eng":      mean(func(p cmdPupil) float64 { return p.eng }),
		"ks4_ebacc_entry": mean(func(p cmdPupil) float64 { return b2f(p.entered) }),
		"ks4_ebacc_aps":   mean(func(p cmdPupil) float64 { return p.ebaccAPS }),
		"ks4_em5":         mean(func(p cmdPupil) float64 { return b2f(p.em5) }),
		"ks4_p8_unadj": mean(func(p cmdPupil) float64 {
			est := 50.0
			if p.ks2aps < 100 {
				est = 40
			}
			return (p.a8 - est) / 10
		}),
	} {
		// measures.csv gives figures to 4 decimal places.
		v, ok := got[id]
		if !ok || math.Abs(v-want) > 0.00005 {
			t.Errorf("%s = %v (%v), want %v", id, v, ok, want)
		}
	}
}

// readMeasures reads the unfiltered all-pupils KS4 2024/25 figures of a
// measures.csv.
func readMeasures(t *testing.T, path string) map[string]float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cr, err := export.NewCSVReader(f)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	idx := map[string]int{}
	for i, h := range recs[0] {
		idx[h] = i
	}
	m := map[string]float64{}
	for _, r := range recs[1:] {
		if r[idx["assessment"]] != "ks4" || r[idx["year"]] != "2024/25" || r[idx["group"]] != "all" || r[idx["filter"]] != "" {
			continue
		}
		if v, err := strconv.ParseFloat(r[idx["value"]], 64); err == nil {
			m[r[idx["measure"]]] = v
		}
	}
	return m
}

// --phase primary writes the primary workbook, whatever the site's
// qualifications table; an unknown phase is a usage error.
func TestTemplatePhase(t *testing.T) {
	site := t.TempDir()
	os.MkdirAll(filepath.Join(site, "data"), 0o755)
	// A broken qualifications table does not stop a primary template.
	os.WriteFile(filepath.Join(site, "data", "qualifications.csv"), []byte("subject,qualification,ebacc,results\nWelsh,GCSE,welsh,\"9,U\"\n"), 0o644)
	dir := t.TempDir()
	primary := filepath.Join(dir, "primary.xlsx")
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"template", "--out", filepath.Join(dir, "x.xlsx"), "--phase", "junior"}, exitUsage, `--phase "junior": use secondary or primary`},
		{[]string{"template", "--help"}, exitOK, "--phase"},
		{[]string{"template", "--out", primary, "--phase", "primary", "--source", site}, exitOK, "blank primary template with the EYFS, Phonics, KS1, MTC, Attendance, Behaviour and KS2 columns"},
		{[]string{"template", "--out", filepath.Join(dir, "s.xlsx"), "--phase", "secondary", "--source", site}, exitInput, "not an EBacc category"},
	} {
		code, o, e := runCLI(tc.args...)
		if code != tc.code || !strings.Contains(o+e, tc.msg) {
			t.Errorf("%v: exit %d, want %d with %q\n%s%s", tc.args, code, tc.code, tc.msg, o, e)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.xlsx")); err == nil {
		t.Error("a template was written for an unknown phase")
	}
	f, err := excelize.OpenFile(primary)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(template.PupilsSheet)
	if want := template.Headers(template.Options{Phase: template.Primary}); len(rows) != 1 || !slices.Equal(rows[0], want) {
		t.Errorf("primary headers %v\nwant %v", rows, want)
	}
	for _, h := range []string{"NCYear", "ELG01", "Phonics_Mark", "KS1_Read", "MTC_Score", "Writ_TA"} {
		if !slices.Contains(rows[0], h) {
			t.Errorf("the primary template has no %s column", h)
		}
	}
	if code, o, e := runCLI("help"); code != exitOK || !strings.Contains(o+e, "--phase primary") {
		t.Errorf("help does not mention --phase primary:\n%s%s", o, e)
	}
}
