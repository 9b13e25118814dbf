package validate

import (
	"strings"
	"testing"

	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/model"
)

// Synthetic pupils only: names and UPNs made up for the tests.
const (
	censusHead  = "URN,UPN,Forename,Surname,DOB,Year,KeyStage,Gender,FSM6,SEN\n"
	resultsHead = "URN,UPN,Year,KeyStage,FSM6,KS1_APS,Read_SS,Writ_TA,Mat_SS,GPS_SS\n"
)

var upn3 = mkUPN("820200125003")

// TestSeveralPupilFiles: DatasetOf merges the rows of several files with
// the same URN, UPN and year, each file adding its columns.
func TestSeveralPupilFiles(t *testing.T) {
	census := censusHead +
		"100001," + upn1 + ",Zoë,O'Brien,2014-03-09,2025,2,F,Y,N\n" +
		"100001," + upn2 + ",Aoife,Ní Bhriain,2013-09-01,2025,2,F,N,K\n"
	results := resultsHead +
		"100001," + upn2 + ",2025,2,,15,104,EXS,101,99\n" +
		"100001," + upn1 + ",2025,2,,16,110,GDS,108,107\n"
	for _, tc := range []struct {
		name   string
		files  map[string]string
		order  []string // the list; nil for census then results
		pupils int
		want   []string // the diagnostics, as printed less hints
		check  func(t *testing.T, ps []model.Pupil)
	}{
		{name: "each file adds its columns", files: map[string]string{"data/census.csv": census, "data/results.csv": results}, pupils: 2,
			check: func(t *testing.T, ps []model.Pupil) {
				p := ps[0]
				if p.ID.UPN != upn1 || p.Src.File != "data/census.csv" || p.Src.Row != 2 || p.ID.Forename != "Zoë" ||
					p.Chars.Gender != model.Female || p.Chars.FSM6 != model.FlagYes || p.Chars.Disadvantaged != model.FlagYes ||
					p.Chars.BirthTerm != model.BirthSpring || p.KS2.Read.Score != 110 || p.KS2.Writ != "GDS" || p.KS2.KS1APS.V != 16 {
					t.Errorf("merged pupil %+v", p)
				}
			}},
		{name: "a pupil's row is the first file's", files: map[string]string{"data/census.csv": census, "data/results.csv": results},
			order: []string{"data/results.csv", "data/census.csv"}, pupils: 2,
			check: func(t *testing.T, ps []model.Pupil) {
				if p := ps[0]; p.ID.UPN != upn2 || p.Src.File != "data/results.csv" || p.Chars.SEN != model.SENSupport || p.ID.Forename != "Aoife" {
					t.Errorf("merged pupil %+v", p)
				}
			}},
		{name: "a result in both files must agree",
			files: map[string]string{
				"data/census.csv":  strings.Replace(censusHead, ",SEN\n", ",SEN,Read_SS\n", 1) + "100001," + upn1 + ",Zoë,O'Brien,2014-03-09,2025,2,F,Y,N,109\n",
				"data/results.csv": results},
			pupils: 2,
			want: []string{`data/results.csv: warning: 1 pupil(s) have results but no characteristics (gender, FSM, SEN, ...) in any pupil file: ` +
				`they count in "All pupils" only, in no other group; the first is row 2 of data/results.csv`,
				`data/results.csv, row 3, column G (Read_SS): error: "110": Read_SS "110" here, but "109" in data/census.csv, row 2, column K (Read_SS): ` +
					`the rows of one pupil (the same URN, UPN and year) in two files must agree`}},
		{name: "identity in both files must agree",
			files: map[string]string{
				"data/census.csv":  census,
				"data/results.csv": strings.Replace(resultsHead, "URN,", "URN,Surname,", 1) + "100001,Smith," + upn1 + ",2025,2,,16,110,GDS,108,107\n"},
			pupils: 2,
			want: []string{`data/results.csv, row 2, column B (Surname): error: "Smith": Surname "Smith" here, but "O'Brien" in data/census.csv, row 2, column D (Surname): ` +
				`the rows of one pupil (the same URN, UPN and year) in two files must agree`}},
		{name: "characteristics differ: the first file wins, one warning",
			files: map[string]string{"data/census.csv": census, "data/results.csv": resultsHead +
				"100001," + upn2 + ",2025,2,Y,15,104,EXS,101,99\n" +
				"100001," + upn1 + ",2025,2,N,16,110,GDS,108,107\n"},
			pupils: 2,
			want: []string{`data/results.csv: warning: 2 pupil(s) have characteristics here that differ from data/census.csv's (FSM6): ` +
				`data/census.csv's are used, as it is listed first; for example row 2 (row 3 there): FSM6 N there, Y here`},
			check: func(t *testing.T, ps []model.Pupil) {
				if ps[0].Chars.FSM6 != model.FlagYes || ps[1].Chars.FSM6 != model.FlagNo || ps[1].Chars.Disadvantaged != model.FlagNo {
					t.Errorf("the census's FSM6 should win: %+v, %+v", ps[0].Chars, ps[1].Chars)
				}
			}},
		{name: "results without characteristics count in All pupils only",
			files: map[string]string{"data/census.csv": census, "data/results.csv": results +
				"100001," + upn3 + ",2025,2,,15,100,EXS,100,100\n"},
			pupils: 3,
			want: []string{`data/results.csv: warning: 1 pupil(s) have results but no characteristics (gender, FSM, SEN, ...) in any pupil file: ` +
				`they count in "All pupils" only, in no other group; the first is row 4 of data/results.csv`}},
		{name: "a UPN twice in one file is still an error",
			files: map[string]string{"data/census.csv": census, "data/results.csv": results +
				"100001," + upn1 + ",2025,2,,16,110,GDS,108,107\n"},
			pupils: 3,
			want: []string{`data/results.csv: warning: 1 pupil(s) have results but no characteristics (gender, FSM, SEN, ...) in any pupil file: ` +
				`they count in "All pupils" only, in no other group; the first is row 4 of data/results.csv`,
				`data/results.csv, row 4, column B (UPN): error: "` + upn1 + `": the same UPN as row 3, for the same school and year`}},
		{name: "another year or school is another pupil",
			files: map[string]string{"data/census.csv": census, "data/results.csv": resultsHead +
				"100001," + upn1 + ",2024,2,Y,16,110,GDS,108,107\n" +
				"100002," + upn2 + ",2025,2,N,16,110,GDS,108,107\n"},
			pupils: 4,
			want:   []string{`data/results.csv, row 3, column B (UPN): warning: "` + upn2 + `": this pupil is also at URN 100001 (data/census.csv, row 3) in 2024/25, KS2: at two schools, the pupil counts in both`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			order := tc.order
			if order == nil {
				order = []string{"data/census.csv", "data/results.csv"}
			}
			ds, l := DatasetOf(memSource(tc.files), load.Files{}, order, load.PupilOptions{})
			if len(ds.Pupils) != tc.pupils {
				t.Errorf("%d pupils, want %d", len(ds.Pupils), tc.pupils)
			}
			got := noHints(l)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			for _, d := range l.Errors() {
				if d.Pupil.UPN == "" {
					t.Errorf("%s names no pupil", d)
				}
			}
			if tc.check != nil {
				tc.check(t, ds.Pupils)
			}
		})
	}
}

// With one file, DatasetOf is Dataset: nothing merges.
func TestOnePupilFileUnchanged(t *testing.T) {
	src := memSource(map[string]string{"data/pupils.csv": censusHead + "100001," + upn1 + ",Zoë,O'Brien,2014-03-09,2025,2,F,Y,N\n" +
		"100001," + upn2 + ",Aoife,Ní Bhriain,2013-09-01,2025,2,F,N,K\n"})
	a, la := Dataset(src, load.Files{}, load.PupilOptions{})
	b, lb := DatasetOf(src, load.Files{}, []string{"data/pupils.csv"}, load.PupilOptions{})
	if len(a.Pupils) != 2 || len(b.Pupils) != 2 || a.Pupils[1].Src != b.Pupils[1].Src || strings.Join(noHints(la), "\n") != strings.Join(noHints(lb), "\n") {
		t.Errorf("Dataset %v %v, DatasetOf %v %v", a.Pupils, la, b.Pupils, lb)
	}
}

func noHints(l diag.List) []string {
	var out []string
	for _, d := range l {
		d.Hint = ""
		out = append(out, d.String())
	}
	return out
}

// phonicsPupil is a phonics row: mark and outcome, then the Year 1
// outcome (Year 2 rows), blank where "".
func phonicsPupil(file string, row int, urn model.URN, y model.Year, ncy model.NCYear, upn string, cells ...string) model.Pupil {
	p := model.Pupil{Src: model.Source{File: file, Row: row}, URN: urn, Year: y, NCYear: ncy,
		ID: model.Identity{UPN: upn, Forename: "Ada", Surname: "Test"}, Chars: model.Characteristics{Gender: model.Female}}
	if len(cells) == 0 {
		return p
	}
	vs := make([]model.Value, 3)
	for i, c := range cells {
		switch {
		case c == "":
		case i == 0:
			var n float64
			for _, r := range c {
				n = n*10 + float64(r-'0')
			}
			vs[i] = model.Value{Num: n, IsNum: true}
		default:
			vs[i] = model.Value{Code: c}
		}
	}
	p.Results = []model.Result{{Assessment: "phonics", Values: vs}}
	return p
}

// phonicsLayout places the phonics columns after UPN.
var phonicsLayout = load.Layout{
	load.ColUPN:                       {Index: 0, Letter: "A", Header: "UPN"},
	load.Column("Phonics_Mark"):       {Index: 1, Letter: "B", Header: "Phonics_Mark"},
	load.Column("Phonics_Outcome"):    {Index: 2, Letter: "C", Header: "Phonics outcome"},
	load.Column("Phonics_Y1_Outcome"): {Index: 3, Letter: "D", Header: "Phonics_Y1_Outcome"},
}

// TestCarry: a Year 2 row takes the pupil's Year 1 phonics outcome from
// last year's Year 1 row, at any school, where it gives none.
func TestCarry(t *testing.T) {
	for _, tc := range []struct {
		name  string
		last  []model.Pupil // data/y1.csv: last year's rows
		this  []model.Pupil // data/y2.csv
		y1    []string      // this year's rows' Phonics_Y1_Outcome after carrying
		takes []bool        // and whether they take phonics
		want  []string
	}{
		{name: "from last year's Year 1 row at another school",
			last: []model.Pupil{phonicsPupil("data/y1.csv", 2, "100002", 2024, 1, upn1, "35", "Wa"), phonicsPupil("data/y1.csv", 3, "100002", 2024, 1, upn2, "20", "Wt")},
			this: []model.Pupil{phonicsPupil("data/y2.csv", 2, "100001", 2025, 2, upn1), phonicsPupil("data/y2.csv", 3, "100001", 2025, 2, upn2, "34", "Wa")},
			y1:   []string{"Wa", "Wt"}, takes: []bool{true, true}},
		{name: "not from two years ago, nor from a Year 2 row",
			last: []model.Pupil{phonicsPupil("data/y1.csv", 2, "100002", 2023, 1, upn1, "35", "Wa"), phonicsPupil("data/y1.csv", 3, "100002", 2024, 2, upn2, "20", "Wt")},
			this: []model.Pupil{phonicsPupil("data/y2.csv", 2, "100001", 2025, 2, upn1), phonicsPupil("data/y2.csv", 3, "100001", 2025, 2, upn2)},
			y1:   []string{"", ""}, takes: []bool{false, false}},
		{name: "given and agreeing",
			last: []model.Pupil{phonicsPupil("data/y1.csv", 2, "100002", 2024, 1, upn1, "35", "Wa")},
			this: []model.Pupil{phonicsPupil("data/y2.csv", 2, "100001", 2025, 2, upn1, "", "", "Wa")},
			y1:   []string{"Wa"}, takes: []bool{true}},
		{name: "given and disagreeing",
			last: []model.Pupil{phonicsPupil("data/y1.csv", 2, "100002", 2024, 1, upn1, "35", "Wa")},
			this: []model.Pupil{phonicsPupil("data/y2.csv", 2, "100001", 2025, 2, upn1, "", "", "Wt")},
			y1:   []string{"Wt"}, takes: []bool{true},
			want: []string{`data/y2.csv, row 2, column D (Phonics_Y1_Outcome): error: "Wt": "Wt", but the pupil's Year 1 row of 2023/24 ` +
				`(URN 100002: data/y1.csv, row 2, column C (Phonics outcome)) has "Wa"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, l := mergeFiles([]load.PupilFile{
				{File: "data/y1.csv", Layout: phonicsLayout, Pupils: tc.last},
				{File: "data/y2.csv", Layout: phonicsLayout, Pupils: tc.this},
			})
			l = append(l, carry(s)...)
			if got := noHints(l); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			for i, want := range tc.y1 {
				p := &s.pupils[len(tc.last)+i]
				if got := valueOf(p, "phonics", 2).Code; got != want || p.Takes("phonics") != tc.takes[i] {
					t.Errorf("row %d: Y1 outcome %q (takes phonics %v), want %q (%v)", p.Src.Row, got, p.Takes("phonics"), want, tc.takes[i])
				}
			}
			if len(l) > 0 && !strings.Contains(l[0].Hint, "leave Phonics_Y1_Outcome blank") {
				t.Errorf("hint %q", l[0].Hint)
			}
		})
	}
}

// TestDeclaredChecks: each declared assessment's Check runs on the rows
// that take it, with national.toml's threshold, and cites the cell.
func TestDeclaredChecks(t *testing.T) {
	params30, pl := load.Params(memSource(map[string]string{"data/national.toml": "[phonics_y1.2025]\nthreshold = 30\n"}), "data/national.toml")
	if pl.HasErrors() {
		t.Fatal(pl)
	}
	for _, tc := range []struct {
		name   string
		params model.NationalParams
		pupils []model.Pupil
		want   []string
		hint   string
	}{
		{name: "Wt at the default threshold", pupils: []model.Pupil{phonicsPupil("data/phonics.csv", 2, "100001", 2025, 1, upn1, "33", "Wt"),
			phonicsPupil("data/phonics.csv", 3, "100001", 2025, 1, upn2, "31", "Wt")},
			want: []string{`data/phonics.csv, row 2, column C (Phonics outcome): error: "Wt": Wt with a mark of 33`},
			hint: "at or above the threshold 32 means Wa"},
		{name: "national.toml's threshold", params: params30.Params, pupils: []model.Pupil{phonicsPupil("data/phonics.csv", 2, "100001", 2025, 1, upn1, "33", "Wt"),
			phonicsPupil("data/phonics.csv", 3, "100001", 2025, 1, upn2, "31", "Wt"), phonicsPupil("data/phonics.csv", 4, "100001", 2025, 1, upn3, "29", "Wt")},
			want: []string{`data/phonics.csv, row 2, column C (Phonics outcome): error: "Wt": Wt with a mark of 33`,
				`data/phonics.csv, row 3, column C (Phonics outcome): error: "Wt": Wt with a mark of 31`},
			hint: "at or above the threshold 30 means Wa"},
		{name: "a mark but no outcome", pupils: []model.Pupil{phonicsPupil("data/phonics.csv", 2, "100001", 2025, 1, upn1, "12")},
			want: []string{`data/phonics.csv, row 2, column C (Phonics outcome): error: blank, though the pupil has a mark`}},
		{name: "rows that do not take it", pupils: []model.Pupil{phonicsPupil("data/phonics.csv", 2, "100001", 2025, 1, upn1)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := mergeFiles([]load.PupilFile{{File: "data/phonics.csv", Layout: phonicsLayout, Pupils: tc.pupils}})
			l := declaredChecks(s, tc.params)
			if got := noHints(l); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			for _, d := range l {
				if !strings.Contains(d.Hint, tc.hint) || d.Pupil.UPN == "" {
					t.Errorf("%s: hint %q lacks %q, or names no pupil (%+v)", d, d.Hint, tc.hint, d.Pupil)
				}
			}
		})
	}
}

// TestMergeDeclaredResults: each file adds an assessment's cells; the
// same cell given differently in two files is an error naming both.
func TestMergeDeclaredResults(t *testing.T) {
	a := phonicsPupil("data/census.csv", 2, "100001", 2025, 1, upn1)
	b := phonicsPupil("data/phonics.csv", 5, "100001", 2025, 1, upn1, "35", "Wa")
	c := phonicsPupil("data/late.csv", 7, "100001", 2025, 1, upn1, "36", "Wa")
	s, l := mergeFiles([]load.PupilFile{
		{File: "data/census.csv", Layout: load.Layout{load.ColUPN: {Letter: "A", Header: "UPN"}}, Pupils: []model.Pupil{a}},
		{File: "data/phonics.csv", Layout: phonicsLayout, Pupils: []model.Pupil{b}},
		{File: "data/late.csv", Layout: phonicsLayout, Pupils: []model.Pupil{c}},
	})
	if len(s.pupils) != 1 || !s.pupils[0].Takes("phonics") || valueOf(&s.pupils[0], "phonics", 0).Num != 35 || s.pupils[0].Src.File != "data/census.csv" ||
		len(s.rows[0]) != 3 || s.rows[0][1].p.Src.Row != 5 {
		t.Errorf("merged %+v, rows %+v", s.pupils, s.rows)
	}
	if len(b.Results[0].Values) != 3 || a.Results != nil {
		t.Errorf("merging changed the files' rows")
	}
	want := `data/late.csv, row 7, column B (Phonics_Mark): error: "36": Phonics_Mark "36" here, but "35" in data/phonics.csv, row 5, column B (Phonics_Mark): ` +
		`the rows of one pupil (the same URN, UPN and year) in two files must agree`
	if got := noHints(l); strings.Join(got, "\n") != want {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), want)
	}
	// The registry declares what the test assumes.
	if ph := assess.ByID("phonics"); ph == nil || ph.Columns[2].Name != "Phonics_Y1_Outcome" || len(ph.Carry) != 1 {
		t.Fatal("phonics is not declared as the test assumes")
	}
}
