package validate

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/model"
)

// atSchool is a valid KS2 pupil of 2024/25 at urn on row, with the given UPN.
func atSchool(row int, urn model.URN, upn string) model.Pupil {
	return pupil(row, func(p *model.Pupil) { p.URN, p.ID.UPN = urn, upn })
}

func names(urns ...model.URN) []Named {
	out := make([]Named, len(urns))
	for i, u := range urns {
		out[i] = Named{URN: u}
	}
	return out
}

// TestSchoolsNamed: a school the site names that no row has, and rows of
// a school the site names nowhere, are errors naming the closest URN on
// the other side.
func TestSchoolsNamed(t *testing.T) {
	rows := func(urns ...model.URN) []model.Pupil {
		var ps []model.Pupil
		for i, u := range urns {
			ps = append(ps, atSchool(i+2, u, mkUPN(fmt.Sprintf("8202001250%02d", i))))
		}
		return ps
	}
	for _, tc := range []struct {
		name   string
		named  []Named
		file   func(pf *load.PupilFile)
		pupils []model.Pupil
		want   []string // each diagnostic: its line, then " | " and its hint
	}{
		{name: "the site names no school: nothing to check", pupils: rows("137132")},
		{name: "every named school has rows, every row is named", named: names("137123", "137132"), pupils: rows("137123", "137132", "137132")},
		{name: "no pupils: the empty file is load's error", named: names("137123")},
		{name: "one digit off: each side suggests the other", named: names("137123", "100001"), pupils: rows("100001", "137132", "137132", "137132"),
			want: []string{
				`site.toml: error: "137123": site.toml names school 137123 ([schools.137123]) but no pupil row has that URN, so it will have no pack | did you mean 137132? 3 pupil row(s) have that URN, which the site does not name: correct one of the two`,
				`data/pupils.xlsx, sheet Pupils, row 3, column A (URN): error: "137132": URN 137132 is not one of the schools the site names: 3 pupil row(s) have it (rows 3 to 5) | did you mean 137123? The site names it and no pupil row has it: correct one of the two`,
			}},
		// A schools file lists all the LA's schools; this data may hold
		// only some: a warning, unless rows named nowhere are a slip away.
		{name: "nothing close", named: names("100001", "200002"), pupils: rows("100001", "999999", "100001", "999999"),
			want: []string{
				`site.toml: warning: "200002": site.toml names school 200002 ([schools.200002]) but no pupil row has that URN, so it will have no pack | check the URN at get-information-schools.service.gov.uk, or leave the school out if this data has none of its pupils`,
				`data/pupils.xlsx, sheet Pupils, row 3, column A (URN): error: "999999": URN 999999 is not one of the schools the site names: 2 pupil row(s) have it (rows 3, 5) | name the school in site.toml ([schools.999999] with its name), or correct the URN in the data`,
			}},
		// URNs of a real LA are near each other: a suggestion is only
		// ever a school named without rows, or rows of a school not named.
		{name: "the suggestion is the other side's orphan, not a near school with rows", named: names("100001", "100002", "100004"),
			pupils: rows("100001", "100002", "100003"),
			want: []string{
				`site.toml: error: "100004": site.toml names school 100004 ([schools.100004]) but no pupil row has that URN, so it will have no pack | did you mean 100003? 1 pupil row(s) have that URN, which the site does not name: correct one of the two`,
				`data/pupils.xlsx, sheet Pupils, row 4, column A (URN): error: "100003": URN 100003 is not one of the schools the site names: 1 pupil row(s) have it (row 4) | did you mean 100004? The site names it and no pupil row has it: correct one of the two`,
			}},
		{name: "named in a schools file", named: []Named{{URN: "100001"}, {URN: "137123", At: diag.Diagnostic{File: "data/schools.csv", Row: 7, Column: "A", Header: "URN"}}},
			pupils: rows("100001"),
			want: []string{
				`data/schools.csv, row 7, column A (URN): warning: "137123": no pupil row has URN 137123, so this school will have no pack | check the URN at get-information-schools.service.gov.uk, or leave the school out if this data has none of its pupils`,
			}},
		{name: "no URN column: the rows take site.toml's urn, which [schools] does not name", named: names("137123"),
			file:   func(pf *load.PupilFile) { pf.Layout = without(pf.Layout, load.ColURN); pf.DefaultURN = "137132" },
			pupils: rows("137132", "137132"),
			want: []string{
				`site.toml: error: "137123": site.toml names school 137123 ([schools.137123]) but no pupil row has that URN, so it will have no pack | did you mean 137132? 2 pupil row(s) have that URN, which the site does not name: correct one of the two`,
				`site.toml: error: "137132": urn = "137132" is not one of the schools site.toml names | did you mean 137123? The site names it and no pupil row has it: correct one of the two`,
			}},
		{name: "many named schools without rows print as one line", named: names("100001", "300001", "300002", "300003", "300004"),
			pupils: rows("100001"),
			want: []string{
				`site.toml: warning: 4 schools the site names have no pupil rows, so they will have no pack: 300001, 300002, 300003, 300004 (if this data should hold their pupils, check their URNs)`,
			}},
		{name: "a named URN not 6 digits is config's error; blank URNs are urnShape's", named: names("13712", "100001"),
			pupils: rows("100001", ""), want: nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pf := load.PupilFile{File: "data/pupils.xlsx", Sheet: "Pupils", Layout: testLayout, Pupils: tc.pupils}
			if tc.file != nil {
				tc.file(&pf)
			}
			got := checkPupils(pf, []pupilRule{{name: "schools", end: schoolsNamed}}, tc.named...)
			var lines []string
			for _, g := range got.Groups() {
				h := g.Hint
				g.Hint = ""
				if g.Summary != "" {
					lines = append(lines, g.String())
				} else {
					lines = append(lines, g.String()+" | "+h)
				}
			}
			for _, d := range got {
				// The error list files it under the school.
				if d.Pupil != (diag.Pupil{URN: d.Value}) {
					t.Errorf("%s: pupil %+v", d.String(), d.Pupil)
				}
			}
			// (Printed sorted by file: the order here is the test's.)
			slices.Sort(lines)
			want := slices.Sorted(slices.Values(tc.want))
			if strings.Join(lines, "\n") != strings.Join(want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// TestSameUPNElsewhere: one UPN in a year's key stage cohort at two
// schools is a warning at the later row naming the first; many are
// summed up in one printed line per year and key stage.
func TestSameUPNElsewhere(t *testing.T) {
	u := func(i int) string { return mkUPN(fmt.Sprintf("8202001250%02d", i)) }
	for _, tc := range []struct {
		name   string
		pupils []model.Pupil
		want   []string // the printed lines, less their hints
		hint   string   // the first diagnostic's hint holds this
		rows   int      // diagnostics, when more than the lines
	}{
		{name: "one pupil at two schools", pupils: []model.Pupil{atSchool(12, "100001", u(1)), atSchool(13, "100001", u(2)), atSchool(4031, "100002", u(1))},
			want: []string{`data/pupils.xlsx, sheet Pupils, row 4031, column B (UPN): warning: "` + u(1) +
				`": this pupil is also at URN 100001 (row 12) in 2024/25, KS2: at two schools, the pupil counts in both`},
			hint: "a pupil who moved school may appear at both"},
		{name: "another year, another key stage, the same school", pupils: []model.Pupil{
			atSchool(2, "100001", u(1)),
			pupil(3, func(p *model.Pupil) { p.URN, p.Year = "100002", 2024 }),
			pupil(4, func(p *model.Pupil) { p.URN = "100002"; ks4(p) }),
			atSchool(5, "100001", u(1)), // duplicateUPN's error, not this warning
		}},
		{name: "the names differ", pupils: []model.Pupil{atSchool(2, "100001", u(1)),
			pupil(3, func(p *model.Pupil) { p.URN, p.ID.Forename, p.ID.Surname = "100002", "Amira", "Okafor" })},
			want: []string{`data/pupils.xlsx, sheet Pupils, row 3, column B (UPN): warning: "` + u(1) +
				`": this pupil is also at URN 100001 (row 2) in 2024/25, KS2: at two schools, the pupil counts in both`},
			hint: "the names differ"},
		{name: "another sheet", pupils: []model.Pupil{atSchool(2, "100001", u(1)),
			pupil(3, func(p *model.Pupil) { p.URN, p.Src.Sheet = "100002", "Y6 2025" })},
			want: []string{`data/pupils.xlsx, sheet Y6 2025, row 3, column B (UPN): warning: "` + u(1) +
				`": this pupil is also at URN 100001 (sheet Pupils, row 2) in 2024/25, KS2: at two schools, the pupil counts in both`}},
		{name: "three pupils print in full", pupils: moves(u, 3), rows: 3,
			want: []string{
				`data/pupils.xlsx, sheet Pupils, row 1000, column B (UPN): warning: "` + u(0) + `": this pupil is also at URN 100001 (row 10) in 2024/25, KS2: at two schools, the pupil counts in both`,
				`data/pupils.xlsx, sheet Pupils, row 1001, column B (UPN): warning: "` + u(1) + `": this pupil is also at URN 100001 (row 11) in 2024/25, KS2: at two schools, the pupil counts in both`,
				`data/pupils.xlsx, sheet Pupils, row 1002, column B (UPN): warning: "` + u(2) + `": this pupil is also at URN 100001 (row 12) in 2024/25, KS2: at two schools, the pupil counts in both`,
			}},
		{name: "forty-two pupils are one line", pupils: moves(u, 42), rows: 42,
			want: []string{`data/pupils.xlsx, sheet Pupils: warning: 42 pupils appear at two schools in 2024/25, KS2 (a pupil who moved school counts in both; two pupils with one UPN is a typo): first ` +
				u(0) + ` rows 10 and 1000; ` + u(1) + ` rows 11 and 1001; ` + u(2) + ` rows 12 and 1002; and 39 more: each is a row of the list ` + "`reportpack validate --errors errors.xlsx`" + ` writes`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pf := load.PupilFile{File: "data/pupils.xlsx", Sheet: "Pupils", Layout: testLayout, Pupils: tc.pupils}
			got := checkPupils(pf, []pupilRule{{name: "moved", pupil: sameUPNElsewhere, end: summariseMoved}})
			noHints := slices.Clone(got)
			for i := range noHints {
				noHints[i].Hint = ""
			}
			if lines := noHints.Lines(); strings.Join(lines, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(tc.want, "\n"))
			}
			if tc.rows > 0 && len(got) != tc.rows {
				t.Errorf("%d diagnostics, want %d: every pupil is a row of the error list", len(got), tc.rows)
			}
			for _, d := range got {
				if d.Severity != diag.Warning || d.Pupil.UPN != d.Value || d.Pupil.URN == "" || d.Pupil.Name == "" {
					t.Errorf("%s: severity %v, pupil %+v", d, d.Severity, d.Pupil)
				}
			}
			if len(got) > 0 && !strings.Contains(got[0].Hint, tc.hint) {
				t.Errorf("hint %q lacks %q", got[0].Hint, tc.hint)
			}
		})
	}
}

// moves is n pupils in rows from 10 at school 100001, then again in rows
// from 1000 at school 100002.
func moves(u func(int) string, n int) []model.Pupil {
	var ps []model.Pupil
	for i := range n {
		ps = append(ps, atSchool(10+i, "100001", u(i)))
	}
	for i := range n {
		ps = append(ps, atSchool(1000+i, "100002", u(i)))
	}
	return ps
}

// TestDatasetNamesPupils: load's problems in a pupil's row name the pupil
// too, and Dataset runs the identity checks on the schools it is given.
func TestDatasetNamesPupils(t *testing.T) {
	src := memSource(map[string]string{
		"data/pupils.csv": "URN,UPN,Forename,Surname,Year,KeyStage,Gender,KS1_APS,Read_SS,Writ_TA,Mat_SS,GPS_SS\n" +
			"137132," + upn1 + ",Zoë,O'Brien,2025,2,F,15,104,EXS,101,99\n" +
			"137132," + upn2 + ",Aoife,Ní Bhriain,2025,2,X,15,104,EXS,101,99\n",
	})
	_, l := Dataset(src, load.Files{}, load.PupilOptions{}, Named{URN: "137123"})
	var got []string
	for _, d := range l {
		got = append(got, fmt.Sprintf("%s | %s %s %s", d.Place(), d.Pupil.URN, d.Pupil.UPN, d.Pupil.Name))
	}
	want := []string{
		"data/pupils.csv, row 2, column A (URN) | 137132  ",
		"data/pupils.csv, row 3, column G (Gender) | 137132 " + upn2 + " Aoife Ní Bhriain",
		"site.toml | 137123  ",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// The schools of site.toml come from a map: the errors come in URN order
// whatever order they are given in.
func TestSchoolsNamedOrder(t *testing.T) {
	pf := load.PupilFile{File: "data/pupils.xlsx", Sheet: "Pupils", Layout: testLayout, Pupils: []model.Pupil{pupil(2, nil)}}
	for range 5 {
		named := NamedURNs(maps.Keys(map[string]bool{"123456": true, "300003": true, "100001": true, "200002": true}))
		l := checkPupils(pf, []pupilRule{{name: "schools", end: schoolsNamed}}, named...)
		var got []string
		for _, d := range l {
			got = append(got, d.Value)
		}
		if want := "100001 200002 300003"; strings.Join(got, " ") != want {
			t.Fatalf("order %q, want %q", got, want)
		}
	}
}
