package grades_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/reportpack/reportpack/generator/grades"
	"github.com/reportpack/reportpack/generator/load"
)

func TestParse(t *testing.T) {
	tab := grades.Default()
	for _, tc := range []struct {
		subject, value string
		date           bool
		want           string // the canonical result, or "" for an error
		problem, hint  string // substrings of the error
	}{
		{subject: "Mathematics", value: "7", want: "7"},
		{subject: "Mathematics", value: " 7.0 ", want: "7"},
		{subject: "Mathematics", value: "u", want: "U"},
		{subject: "Combined Science", value: "54", want: "54"},
		{subject: "Combined Science", value: "54.0", want: "54"},
		{subject: "combined_science", value: "U", want: "U"},

		// The FFT guidance's mistakes, each with how to write it.
		{subject: "Combined Science", value: "5-4", problem: "two digits with nothing between them", hint: "write 54, not 5-4"},
		{subject: "Combined Science", value: "4/3", problem: "two digits with nothing between them", hint: "write 43, not 4/3"},
		{subject: "Combined Science", value: "5 4", problem: "nothing between", hint: "write 54"},
		{subject: "Combined Science", value: "45", problem: "highest first", hint: "write 54, not 45"},
		{subject: "Combined Science", value: "53", problem: "differ by at most one", hint: "99, 98, 88"},
		{subject: "Combined Science", value: "3-5", problem: "differ by at most one"},
		{subject: "Combined Science", value: "5", problem: "combined science has two grades", hint: "e.g. 55"},
		{subject: "Combined Science", value: "45292", date: true, problem: "into a date", hint: "format the column as Text"},
		{subject: "English Language", value: "F", problem: "written U", hint: "use U for a fail"},
		{subject: "English Language", value: "X", problem: "written U", hint: "use U for a fail"},
		{subject: "English Language", value: "0", problem: "written U"},
		{subject: "History", value: "-", problem: "not a result", hint: "leave the cell blank"},
		{subject: "History", value: "ABS", problem: "not a result", hint: "leave the cell blank"},
		{subject: "Mathematics", value: "5-4", problem: "two grades in one cell", hint: "only combined science takes two digits"},
		{subject: "Mathematics", value: "99", problem: "two grades in one cell"},
		{subject: "English Literature", value: "A*", problem: "a letter grade", hint: "9 to 1"},
		{subject: "English Literature", value: "C", problem: "a letter grade"},
		{subject: "Biology", value: "10", problem: "not a result for Biology", hint: "9, 8, 7, 6, 5, 4, 3, 2, 1, U"},
		{subject: "Biology", value: "7.5", problem: "not a result for Biology"},
		{subject: "Biology", value: "45292", date: true, problem: "into a date", hint: "type the grade"},
	} {
		t.Run(tc.subject+" "+tc.value, func(t *testing.T) {
			q, ok := tab.Lookup(tc.subject)
			if !ok {
				t.Fatalf("no qualification %q", tc.subject)
			}
			r, problem, hint := q.Parse(tc.value, tc.date)
			if tc.want != "" {
				if problem != "" || r.Text != tc.want {
					t.Errorf("got %q, %q (%s); want %q", r.Text, problem, hint, tc.want)
				}
				return
			}
			if !strings.Contains(problem, tc.problem) || !strings.Contains(hint, tc.hint) {
				t.Errorf("got %q / %q\nwant %q / %q", problem, hint, tc.problem, tc.hint)
			}
		})
	}
}

func TestDefaultTable(t *testing.T) {
	tab := grades.Default()
	if n := len(tab.Quals); n < 30 {
		t.Errorf("%d qualifications in the default table", n)
	}
	for subject, cat := range map[string]grades.Category{
		"English Language": grades.EnglishLanguage, "ENGLISH_LITERATURE": grades.EnglishLiterature,
		"mathematics": grades.Maths, "Combined-Science": grades.CombinedScience, "Physics": grades.Science,
		"Computer Science": grades.ComputerScience, "History": grades.History, "Geography": grades.Geography,
		"Latin": grades.Language, "Spanish": grades.Language, "Statistics": grades.None,
		"Classical Civilisation": grades.None, "Religious Studies": grades.None,
	} {
		q, ok := tab.Lookup(subject)
		if !ok || q.EBacc != cat {
			t.Errorf("%s: %+v, %v; want category %s", subject, q, ok, cat)
		}
	}
	if string(grades.DefaultCSV()[:8]) != "subject," {
		t.Error("DefaultCSV does not start with the header")
	}
}

func TestParseTable(t *testing.T) {
	for _, tc := range []struct {
		name, csv string
		quals     int
		problems  []string // substrings, one per diagnostic, in order
	}{
		{name: "good, with a BOM and a blank line", quals: 2,
			csv: "\uFEFFSubject,Qualification,EBacc,Results\nBiology,GCSE,science,\"9,8,7,6,5,4,3,2,1,U\"\n,,,\nArabic,GCSE,language,\"9, 8, 7, 6, 5, 4, 3, 2, 1, U\"\n"},
		{name: "missing column", csv: "subject,qualification,results\n", problems: []string{"no ebacc column"}},
		{name: "empty", csv: "", problems: []string{"no header row"}},
		{name: "bad rows", quals: 1,
			csv: "subject,qualification,ebacc,results\n" +
				"Biology,GCSE,science,\"9,8,U\"\n" +
				"BIOLOGY,GCSE,science,\"9,8,U\"\n" + // duplicate
				"Astronomy,GCSE,stars,\"9,8,U\"\n" + // bad category
				"Engineering,BTEC,none,\"D*,D,M,P,U\"\n" + // unscorable results
				"Double Science,GCSE,combined_science,\"45,U\"\n" + // lowest first
				"UPN,GCSE,none,\"9,U\"\n" + // a pupil-file column
				"Music,GCSE,none,\"9,9,U\"\n" + // listed twice
				"Dance,GCSE,none,\n", // no results
			problems: []string{"a second row", "not an EBacc category", "not results reportpack can score: D*, D, M, P",
				"not combined science results: 45", "pupil-file column UPN", "listed twice", "blank"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tab, l := grades.ParseTable("data/qualifications.csv", []byte(tc.csv))
			if len(tab.Quals) != tc.quals {
				t.Errorf("%d qualifications, want %d", len(tab.Quals), tc.quals)
			}
			if len(l) != len(tc.problems) {
				t.Fatalf("diagnostics:\n%v\nwant %d", l, len(tc.problems))
			}
			for i, d := range l {
				if !strings.Contains(d.Message, tc.problems[i]) || d.File != "data/qualifications.csv" {
					t.Errorf("diagnostic %d = %s; want %q", i, d, tc.problems[i])
				}
			}
		})
	}
	// Rows are cited as the user sees them.
	_, l := grades.ParseTable("q.csv", []byte("subject,qualification,ebacc,results\nBiology,GCSE,sci,\"9,U\"\n"))
	if len(l) != 1 || l[0].Row != 2 || l[0].Column != "C" || l[0].Value != "sci" {
		t.Errorf("place = %+v", l)
	}
}

func TestLoadTable(t *testing.T) {
	site := "subject,qualification,ebacc,results\nWelsh,GCSE,language,\"9,8,7,6,5,4,3,2,1,U\"\n"
	src := load.Source{FS: fstest.MapFS{"data/qualifications.csv": {Data: []byte(site)}, "other.csv": {Data: []byte(site)}}}
	empty := load.Source{FS: fstest.MapFS{}}

	// A site's table replaces the default.
	tab, l := grades.LoadTable(src, "")
	if len(l) > 0 || len(tab.Quals) != 1 || tab.File != grades.DefaultFile {
		t.Errorf("site table: %d quals, %v", len(tab.Quals), l)
	}
	if _, ok := tab.Lookup("Welsh"); !ok {
		t.Error("no Welsh")
	}
	// No site table: the default, quietly.
	if tab, l := grades.LoadTable(empty, ""); len(l) > 0 || len(tab.Quals) < 30 || tab.File != "" {
		t.Errorf("default: %d quals, %v", len(tab.Quals), l)
	}
	// A table named explicitly must exist.
	if _, l := grades.LoadTable(empty, "other.csv"); len(l) != 1 || l[0].Message != "file not found" {
		t.Errorf("missing named table: %v", l)
	}
	if tab, l := grades.LoadTable(src, "other.csv"); len(l) > 0 || len(tab.Quals) != 1 {
		t.Errorf("named table: %v", l)
	}
}
