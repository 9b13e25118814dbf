package grades_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/grades"
	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/validate"
)

// upn makes a valid UPN for a test pupil.
func upn(serial int) string {
	rest := fmt.Sprintf("820200109%03d", serial)
	l, _ := model.UPNCheckLetter("A" + rest)
	return string(l) + rest
}

// dataset loads a pupil CSV through validate.Dataset, as a build does, and
// fails on any error it reports.
func dataset(t *testing.T, header string, rows ...string) model.Dataset {
	t.Helper()
	csv := header + "\n" + strings.Join(rows, "\n") + "\n"
	src := load.Source{FS: fstest.MapFS{"data/pupils.csv": {Data: []byte(csv)}}}
	ds, l := validate.Dataset(src, load.Files{}, load.PupilOptions{URN: "100001"})
	if l.HasErrors() {
		t.Fatalf("validate: %v", l)
	}
	return ds
}

// row is a pupil row of the CSV: UPN,Year,KeyStage, then the rest.
func row(serial int, ks int, rest string) string {
	return fmt.Sprintf("%s,2025,%d,%s", upn(serial), ks, rest)
}

func messages(l diag.List) string {
	var b strings.Builder
	for _, d := range l {
		b.WriteString(d.String() + "\n")
	}
	return b.String()
}

func TestApplyReportsBadGrades(t *testing.T) {
	ds := dataset(t, "UPN,Year,KeyStage,English Language,Mathematics,Combined Science",
		row(1, 4, "F,5-4,5-4"),
		row(2, 4, "6,7,45"),
		row(3, 4, "A*,7,4/3"),
		row(4, 4, "6,7,54"),
	)
	l := grades.Apply(&ds, grades.Default())
	want := []struct {
		row           int
		col, value    string
		problem, hint string
	}{
		{2, "D", "F", "written U", "use U for a fail"},
		{2, "E", "5-4", "two grades in one cell", "one grade"},
		{2, "F", "5-4", "nothing between them", "write 54, not 5-4"},
		{3, "F", "45", "highest first", "write 54, not 45"},
		{4, "D", "A*", "letter grade", "9 to 1"},
		{4, "F", "4/3", "nothing between them", "write 43, not 4/3"},
	}
	if len(l) != len(want) {
		t.Fatalf("diagnostics:\n%s", messages(l))
	}
	for i, w := range want {
		d := l[i]
		if d.Severity != diag.Error || d.File != "data/pupils.csv" || d.Row != w.row || d.Column != w.col ||
			d.Value != w.value || !strings.Contains(d.Message, w.problem) || !strings.Contains(d.Hint, w.hint) {
			t.Errorf("diagnostic %d = %s\nwant row %d column %s %q: %s (%s)", i, d, w.row, w.col, w.value, w.problem, w.hint)
		}
	}
	if h := l[2].Header; h != "Combined Science" {
		t.Errorf("header = %q", h)
	}
	// The good row is scored; the bad cells are left out, not guessed.
	p := ds.Pupils[3].KS4
	if !p.A8.Valid || p.A8.V != 6+14+9 {
		t.Errorf("row 5 A8 = %+v, want 29", p.A8)
	}
	if g := ds.Pupils[0].KS4.Grades; len(g) != 3 || g[0].Subject != "English Language" || g[0].Result != "" {
		t.Errorf("row 2 grades = %+v", g)
	}
}

func TestApplyFillsOnlyWhatTheFileLeavesBlank(t *testing.T) {
	ds := dataset(t, "UPN,Year,KeyStage,A8,A8_Mat,EBacc_Entered,EM_Grade5,English Language,English Literature,Mathematics,Combined Science,History,French",
		// A8 given: all five A8 columns kept as given (A8_Eng stays blank);
		// EM_Grade5 given; EBacc_Entered, EBacc_APS and EM_Grade4 from grades.
		row(1, 4, "50,10,,N,6,6,5,55,5,5"),
		// Nothing given: all from grades.
		row(2, 4, ",,,,6,6,5,55,5,5"),
	)
	l := grades.Apply(&ds, grades.Default())
	if len(l) != 1 || l[0].Severity != diag.Warning || !strings.Contains(l[0].Message, "A8 figures they are used") {
		t.Fatalf("diagnostics:\n%s", messages(l))
	}
	a, b := ds.Pupils[0].KS4, ds.Pupils[1].KS4
	if a.A8 != model.Some(50) || a.A8Mat != model.Some(10) || a.A8Eng.Valid || a.A8EBacc.Valid || a.A8Open.Valid {
		t.Errorf("given A8 changed: %+v", a)
	}
	if a.EMGrade5 != model.FlagNo || a.EMGrade4 != model.FlagYes || a.EBaccEntered != model.FlagYes || a.EBaccAPS != model.Some(31.0/6) {
		t.Errorf("given row: EM5 %v EM4 %v entered %v APS %v", a.EMGrade5, a.EMGrade4, a.EBaccEntered, a.EBaccAPS)
	}
	// English 6x2, maths 5x2, EBacc 5+5+5, open 6 + 5 = 22 + 15 + 11 = 48.
	if b.A8 != model.Some(48) || b.A8Eng != model.Some(12) || b.A8Mat != model.Some(10) ||
		b.A8EBacc != model.Some(15) || b.A8Open != model.Some(11) || b.EMGrade5 != model.FlagYes {
		t.Errorf("computed row: %+v", b)
	}
}

func TestApplyColumns(t *testing.T) {
	ds := dataset(t, "UPN,Year,KeyStage,KS1_APS,Mathematics,Maths,Notes,History,HISTORY,Read_SS,Writ_TA,Mat_SS,GPS_SS",
		row(1, 4, ",6,7,see me,5,4,,,,"),
		row(2, 4, ",,,,,,,,,"), // no grades at all
		row(3, 2, "15,6,7,,5,4,101,EXS,99,104"),
	)
	l := grades.Apply(&ds, grades.Default())
	want := []struct {
		sev                diag.Severity
		row                int
		col, problem, hint string
	}{
		{diag.Warning, 0, "F", "names no subject", `did you mean "Mathematics"?`},
		{diag.Error, 0, "I", "a second History column (the first is column H)", "one column per subject"},
		{diag.Warning, 3, "", "no subject grades", "take the row out"},
	}
	if len(l) != len(want) {
		t.Fatalf("diagnostics:\n%s", messages(l))
	}
	for i, w := range want {
		d := l[i]
		if d.Severity != w.sev || d.Row != w.row || d.Column != w.col || !strings.Contains(d.Message, w.problem) || !strings.Contains(d.Hint, w.hint) {
			t.Errorf("diagnostic %d = %s", i, d)
		}
	}
	// Maths 6x2 + history 5 in an EBacc slot; "Maths" and the second
	// History are not counted, nor is Notes.
	p := ds.Pupils[0].KS4
	if p.A8 != model.Some(17) || len(p.Grades) != 2 || p.Grades[1].Subject != "History" || p.Grades[1].Column != "H" {
		t.Errorf("row 2: A8 %+v, grades %+v", p.A8, p.Grades)
	}
	// A pupil with no grades in a graded file entered nothing.
	if q := ds.Pupils[1].KS4; q.A8 != model.Some(0) || q.EBaccEntered != model.FlagNo || q.EMGrade4 != model.FlagNo {
		t.Errorf("row 3: %+v", q)
	}
	// Key stage 2 rows keep no grades and get no KS4 figures.
	if k := ds.Pupils[2]; k.KS4.A8.Valid || k.KS4.Grades != nil {
		t.Errorf("KS2 row: %+v", k.KS4)
	}
}

// A file without subject columns is left as it is, unknown columns and all.
func TestApplyLeavesFilesWithoutGrades(t *testing.T) {
	ds := dataset(t, "UPN,Year,KeyStage,A8,Notes,Tutor group",
		row(1, 4, "40,left in May,11B"),
		row(2, 4, ",,11C"),
	)
	if l := grades.Apply(&ds, grades.Default()); len(l) != 0 {
		t.Fatalf("diagnostics:\n%s", messages(l))
	}
	if p := ds.Pupils[0].KS4; p.A8 != model.Some(40) || p.Grades != nil || p.EBaccEntered.Known() {
		t.Errorf("row 2: %+v", p)
	}
	if p := ds.Pupils[1].KS4; p.A8.Valid {
		t.Errorf("row 3 was given an A8: %+v", p)
	}
}

func TestApplyFile(t *testing.T) {
	csv := "UPN,Year,KeyStage,Welsh,Mathematics\n" + row(1, 4, "7,6") + "\n"
	quals := "subject,qualification,ebacc,results\nWelsh,GCSE,language,\"9,8,7,6,5,4,3,2,1,U\"\n"
	src := load.Source{FS: fstest.MapFS{"data/pupils.csv": {Data: []byte(csv)}, "data/qualifications.csv": {Data: []byte(quals)}}}
	ds, l := validate.Dataset(src, load.Files{}, load.PupilOptions{URN: "100001"})
	if len(l) > 0 {
		t.Fatal(messages(l))
	}
	// The site's table has Welsh and no Mathematics: Welsh fills an EBacc
	// slot, and Mathematics is an unknown column.
	l = grades.ApplyFile(src, "", &ds)
	if len(l) != 1 || l[0].Column != "E" || l[0].Severity != diag.Warning {
		t.Errorf("diagnostics:\n%s", messages(l))
	}
	if p := ds.Pupils[0].KS4; p.A8 != model.Some(7) || p.EBaccAPS != model.Some(7.0/6) {
		t.Errorf("A8 %+v APS %+v", p.A8, p.EBaccAPS)
	}
	// A broken table is reported, and no grades are applied.
	bad := load.Source{FS: fstest.MapFS{"data/qualifications.csv": {Data: []byte("subject\n")}}}
	ds2 := model.Dataset{Pupils: []model.Pupil{{KeyStage: model.KS4, KS4: model.KS4Result{
		Grades: []model.SubjectGrade{{Header: "Mathematics", Column: "D", Value: "5"}}}}}}
	if l := grades.ApplyFile(bad, "", &ds2); !l.HasErrors() || ds2.Pupils[0].KS4.A8.Valid {
		t.Errorf("broken table: %v, %+v", l, ds2.Pupils[0].KS4)
	}
}

// A site's table replaces the default, and the pupil's slots can be
// explained afterwards from the grades Apply kept.
func TestEntriesAfterApply(t *testing.T) {
	ds := dataset(t, "UPN,Year,KeyStage,Combined Science,Mathematics",
		row(1, 4, "65,4"))
	tab := grades.Default()
	grades.Apply(&ds, tab)
	o := grades.Score(tab.Entries(ds.Pupils[0].KS4.Grades))
	if len(o.Slots) != 3 || o.Slots[1].Points != 5.5 || o.Slots[1].Element != grades.ElementEBacc {
		t.Errorf("slots = %+v", o.Slots)
	}
}
