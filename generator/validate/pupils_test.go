package validate

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/model"
)

// mkUPN makes a valid UPN from its 12 characters after the check letter.
func mkUPN(body string) string {
	l, _ := model.UPNCheckLetter("A" + body)
	return string(l) + body
}

var (
	upn1 = mkUPN("820200125001")
	upn2 = mkUPN("820200125002")
)

// layout places columns A, B, C... in the order given, under the headers given.
func layout(headers ...string) load.Layout {
	l := load.Layout{}
	for i, h := range headers {
		c, ok := load.ColumnByName(h)
		if !ok {
			panic(h)
		}
		l[c] = load.Place{Index: i, Letter: diag.ColumnLetter(i), Header: h}
	}
	return l
}

// without is l less the given columns.
func without(l load.Layout, cs ...load.Column) load.Layout {
	out := maps.Clone(l)
	for _, c := range cs {
		delete(out, c)
	}
	return out
}

var testLayout = layout("URN", "UPN", "DOB", "Year", "Key Stage", "KS1_APS", "KS2_APS", "P8", "P8_Mat",
	"Read_SS", "Writ_TA", "Mat_SS", "GPS_SS")

// pupil is a valid KS2 pupil of 2024/25 on the given row.
func pupil(row int, edit func(p *model.Pupil)) model.Pupil {
	p := model.Pupil{
		Src: model.Source{File: "data/pupils.xlsx", Sheet: "Pupils", Row: row},
		URN: "123456", Year: 2025, KeyStage: model.KS2,
		ID: model.Identity{UPN: upn1, Forename: "Zoë", Surname: "O'Brien", DOB: time.Date(2014, 3, 9, 0, 0, 0, 0, time.UTC)},
	}
	if edit != nil {
		edit(&p)
	}
	return p
}

func ks4(p *model.Pupil) {
	p.KeyStage = model.KS4
	p.ID.DOB = time.Date(2009, 3, 9, 0, 0, 0, 0, time.UTC)
}

// at is the diagnostic expected at a cell of the test layout.
func at(sev diag.Severity, row int, col, value, msg string) diag.Diagnostic {
	d := diag.Diagnostic{Severity: sev, File: "data/pupils.xlsx", Sheet: "Pupils", Row: row, Value: value, Message: msg}
	if c, ok := load.ColumnByName(col); ok {
		if p, ok := testLayout[c]; ok {
			d.Column, d.Header = p.Letter, p.Header
		}
	}
	return d
}

func TestPupilRules(t *testing.T) {
	rule := func(name string) []pupilRule {
		for _, r := range pupilRules {
			if r.name == name {
				return []pupilRule{r}
			}
		}
		t.Fatalf("no rule %q", name)
		return nil
	}
	bad := func(u string, i int, c byte) string { b := []byte(u); b[i] = c; return string(b) }
	wrongLetter := bad(upn1, 0, map[bool]byte{true: 'B', false: 'A'}[upn1[0] == 'A'])

	for _, tc := range []struct {
		name   string
		rule   string
		file   func(pf *load.PupilFile) // changes to the file; nil for none
		pupils []model.Pupil
		want   []diag.Diagnostic
		hint   string // the (first) diagnostic's hint holds this
	}{
		{name: "valid pupils pass every rule", rule: "", pupils: []model.Pupil{pupil(2, nil), pupil(3, func(p *model.Pupil) { ks4(p); p.ID.UPN = upn2 })}},

		{name: "UPN check letter", rule: "upn", pupils: []model.Pupil{pupil(2, func(p *model.Pupil) { p.ID.UPN = wrongLetter })},
			want: []diag.Diagnostic{at(diag.Error, 2, "UPN", wrongLetter, "the check letter does not match the rest of the UPN")},
			hint: "for these digits the check letter would be " + upn1[:1]},
		{name: "UPN length", rule: "upn", pupils: []model.Pupil{pupil(2, func(p *model.Pupil) { p.ID.UPN = upn1[:12] })},
			want: []diag.Diagnostic{at(diag.Error, 2, "UPN", upn1[:12], "a UPN has 13 characters; this has 12")},
			hint: "missing or extra"},
		{name: "UPN shape", rule: "upn", pupils: []model.Pupil{pupil(2, func(p *model.Pupil) { p.ID.UPN = bad(upn1, 5, 'X') })},
			want: []diag.Diagnostic{at(diag.Error, 2, "UPN", bad(upn1, 5, 'X'), "not the shape of a UPN")},
			hint: "a check letter, 11 digits"},
		{name: "temporary UPN", rule: "upn", pupils: []model.Pupil{pupil(2, func(p *model.Pupil) { p.ID.UPN = mkUPN("82020012400A") })}},

		{name: "duplicate UPN", rule: "duplicate", pupils: []model.Pupil{pupil(2, nil), pupil(3, func(p *model.Pupil) { p.ID.UPN = upn2 }), pupil(7, nil), pupil(9, nil)},
			want: []diag.Diagnostic{
				at(diag.Error, 7, "UPN", upn1, "the same UPN as row 2, for the same school and year"),
				at(diag.Error, 9, "UPN", upn1, "the same UPN as row 2, for the same school and year"),
			}, hint: "one row per school and year"},
		// UPN is unique per URN and year (whole-school.md), not per key
		// stage: a row per pupil on roll, whatever their results.
		{name: "duplicate UPN in another key stage or none", rule: "duplicate", pupils: []model.Pupil{
			pupil(2, nil), pupil(4, ks4), pupil(5, func(p *model.Pupil) { p.KeyStage, p.NCYear = "", 3 })},
			want: []diag.Diagnostic{
				at(diag.Error, 4, "UPN", upn1, "the same UPN as row 2, for the same school and year"),
				at(diag.Error, 5, "UPN", upn1, "the same UPN as row 2, for the same school and year"),
			}},
		{name: "same UPN in another year or school", rule: "duplicate", pupils: []model.Pupil{
			pupil(2, nil), pupil(3, func(p *model.Pupil) { p.Year = 2024 }), pupil(5, func(p *model.Pupil) { p.URN = "654321" })}},

		{name: "URN not 6 digits", rule: "urn", pupils: []model.Pupil{pupil(2, func(p *model.Pupil) { p.URN = "1234567" })},
			want: []diag.Diagnostic{at(diag.Error, 2, "URN", "1234567", "a URN is 6 digits")}, hint: "DfE number"},
		{name: "URN blank with no default", rule: "urn", pupils: []model.Pupil{pupil(2, func(p *model.Pupil) { p.URN = "" })},
			want: []diag.Diagnostic{at(diag.Error, 2, "URN", "", "blank")}, hint: "set the school's urn in site.toml"},
		{name: "no URN column and no default", rule: "urn",
			file:   func(pf *load.PupilFile) { pf.Layout = layout("UPN", "Year", "KeyStage") },
			pupils: []model.Pupil{pupil(2, func(p *model.Pupil) { p.URN = "" }), pupil(3, func(p *model.Pupil) { p.URN = "" })},
			want: []diag.Diagnostic{{File: "data/pupils.xlsx", Sheet: "Pupils", Row: 1, Header: "URN",
				Message: "the file has no URN column and site.toml names no school"}},
			hint: "add a URN column"},
		{name: "bad default URN reported once", rule: "urn",
			file:   func(pf *load.PupilFile) { pf.Layout = layout("UPN", "Year", "KeyStage"); pf.DefaultURN = "12345" },
			pupils: []model.Pupil{pupil(2, func(p *model.Pupil) { p.URN = "12345" }), pupil(3, func(p *model.Pupil) { p.URN = "12345" })},
			want: []diag.Diagnostic{{File: "data/pupils.xlsx", Sheet: "Pupils", Row: 1, Header: "URN", Value: "12345",
				Message: "the school URN from site.toml is not 6 digits"}}},
		{name: "default URN used", rule: "urn",
			file:   func(pf *load.PupilFile) { pf.Layout = layout("UPN", "Year", "KeyStage"); pf.DefaultURN = "123456" },
			pupils: []model.Pupil{pupil(2, nil)}},

		{name: "KS1 APS above 21", rule: "prior", pupils: []model.Pupil{pupil(4, func(p *model.Pupil) { p.KS2.KS1APS = model.Some(21.5) })},
			want: []diag.Diagnostic{at(diag.Error, 4, "KS1_APS", "21.5", "prior attainment out of range")}, hint: "0 to 21"},
		{name: "KS2 APS between fine levels and scaled scores", rule: "prior",
			pupils: []model.Pupil{pupil(4, func(p *model.Pupil) { ks4(p); p.KS4.KS2APS = model.Some(45) })},
			want:   []diag.Diagnostic{at(diag.Error, 4, "KS2_APS", "45", "prior attainment out of range")}, hint: "80 to 120"},
		{name: "KS2 APS fine level and scaled score", rule: "prior", pupils: []model.Pupil{
			pupil(4, func(p *model.Pupil) { ks4(p); p.KS4.KS2APS = model.Some(4.7) }),
			pupil(5, func(p *model.Pupil) { ks4(p); p.KS4.KS2APS = model.Some(104.5) })}},
		{name: "KS2 columns on a KS4 row are not checked", rule: "prior",
			pupils: []model.Pupil{pupil(4, func(p *model.Pupil) { ks4(p); p.KS2.KS1APS = model.Some(99) })}},

		{name: "DOB too late for KS2", rule: "dob", pupils: []model.Pupil{pupil(5, func(p *model.Pupil) { p.ID.DOB = time.Date(2016, 9, 1, 0, 0, 0, 0, time.UTC) })},
			want: []diag.Diagnostic{at(diag.Warning, 5, "DOB", "2016-09-01",
				"an unlikely date of birth for KS2 in 2024/25: most were born 1 Sep 2013 to 31 Aug 2014")},
			hint: "check the date of birth"},
		{name: "DOB too early for KS4", rule: "dob", pupils: []model.Pupil{pupil(5, func(p *model.Pupil) { ks4(p); p.ID.DOB = time.Date(2006, 8, 31, 0, 0, 0, 0, time.UTC) })},
			want: []diag.Diagnostic{at(diag.Warning, 5, "DOB", "2006-08-31",
				"an unlikely date of birth for KS4 in 2024/25: most were born 1 Sep 2008 to 31 Aug 2009")}},
		{name: "DOB within two years", rule: "dob", pupils: []model.Pupil{
			pupil(5, func(p *model.Pupil) { p.ID.DOB = time.Date(2016, 8, 31, 0, 0, 0, 0, time.UTC) }),
			pupil(6, func(p *model.Pupil) { ks4(p); p.ID.DOB = time.Date(2006, 9, 1, 0, 0, 0, 0, time.UTC) }),
			pupil(7, func(p *model.Pupil) { p.ID.DOB = time.Time{} })}},

		{name: "P8 beyond 10", rule: "p8", pupils: []model.Pupil{pupil(6, func(p *model.Pupil) {
			ks4(p)
			p.KS4.P8 = model.Some(52.5)
			p.KS4.P8Mat = model.Some(-10.25)
		})},
			want: []diag.Diagnostic{
				at(diag.Warning, 6, "P8", "52.5", "a Progress 8 score beyond -10 to 10 is very unusual"),
				at(diag.Warning, 6, "P8_Mat", "-10.25", "a Progress 8 score beyond -10 to 10 is very unusual"),
			}, hint: "not Attainment 8"},
		// A KS2 column whose blanks count as "not met", missing: every
		// pupil would count as not meeting it, a 0% that is not a result.
		{name: "KS2 results column renamed", rule: "columns",
			file: func(pf *load.PupilFile) {
				pf.Layout = without(pf.Layout, load.ColReadSS)
				pf.Ignored = []string{"Reading SS", "Form"}
			},
			pupils: []model.Pupil{pupil(2, nil)},
			want: []diag.Diagnostic{{File: "data/pupils.xlsx", Sheet: "Pupils", Row: 1, Header: "Read_SS", Value: "Reading SS",
				Message: "the file has key stage 2 rows but no Read_SS column"}},
			hint: `is "Reading SS" it?`},
		{name: "KS2 results column absent", rule: "columns",
			file:   func(pf *load.PupilFile) { pf.Layout = without(pf.Layout, load.ColGPSSS) },
			pupils: []model.Pupil{pupil(2, nil)},
			want: []diag.Diagnostic{{File: "data/pupils.xlsx", Sheet: "Pupils", Row: 1, Header: "GPS_SS",
				Message: "the file has key stage 2 rows but no GPS_SS column"}},
			hint: "not meeting the standard"},
		{name: "KS2 results columns not needed without KS2 rows", rule: "columns",
			file:   func(pf *load.PupilFile) { pf.Layout = without(pf.Layout, load.ColReadSS, load.ColMatSS) },
			pupils: []model.Pupil{pupil(2, ks4)}},
		// An optional column with a near miss is read as absent, quietly
		// changing figures (P8 worked out from estimates): say so.
		{name: "optional column near miss", rule: "columns",
			file: func(pf *load.PupilFile) {
				pf.Layout = without(pf.Layout, load.ColP8)
				pf.Ignored = []string{"P8 score", "Tutor group"}
			},
			pupils: []model.Pupil{pupil(2, ks4)},
			want: []diag.Diagnostic{{Severity: diag.Warning, File: "data/pupils.xlsx", Sheet: "Pupils", Row: 1, Header: "P8", Value: "P8 score",
				Message: `the column "P8 score" is not read: it is not a column reportpack knows, and the file has no P8 column`}},
			hint: "map it in site.toml"},
		{name: "other key stage's near miss not named", rule: "columns",
			file: func(pf *load.PupilFile) {
				pf.Layout = without(pf.Layout, load.ColMatSS)
				pf.Ignored = []string{"Maths"} // a KS4 subject grade column
			},
			pupils: []model.Pupil{pupil(2, ks4)}},
		{name: "P8 at the limits", rule: "p8", pupils: []model.Pupil{pupil(6, func(p *model.Pupil) {
			ks4(p)
			p.KS4.P8, p.KS4.P8Eng = model.Some(10), model.Some(-10)
		})}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pf := load.PupilFile{File: "data/pupils.xlsx", Sheet: "Pupils", Layout: testLayout, Pupils: tc.pupils}
			if tc.file != nil {
				tc.file(&pf)
			}
			var got diag.List
			if tc.rule == "" {
				got = Pupils(pf)
			} else {
				got = checkPupils(pf, rule(tc.rule))
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d diagnostics, want %d:\n%v", len(got), len(tc.want), got)
			}
			for i := range got {
				g := got[i]
				g.Hint = ""
				// A problem in a pupil's row names the pupil, for the error list.
				if j := slices.IndexFunc(tc.pupils, func(p model.Pupil) bool { return p.Src.Row == g.Row }); j >= 0 {
					p := tc.pupils[j]
					if want := (diag.Pupil{URN: string(p.URN), UPN: p.ID.UPN, Name: "Zoë O'Brien"}); g.Pupil != want {
						t.Errorf("diagnostic %d names %+v, want %+v", i, g.Pupil, want)
					}
				}
				g.Pupil = diag.Pupil{}
				if g != tc.want[i] {
					t.Errorf("diagnostic %d:\ngot  %+v\nwant %+v", i, g, tc.want[i])
				}
			}
			if len(got) > 0 && !strings.Contains(got[0].Hint, tc.hint) {
				t.Errorf("hint %q lacks %q", got[0].Hint, tc.hint)
			}
		})
	}
}
