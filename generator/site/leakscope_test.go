package site

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/reportpack/reportpack/generator/content"
	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/output"
	"github.com/reportpack/reportpack/generator/verify"
)

// leakDiags writes files through a leak check of the anonymised profile
// and returns its diagnostics.
func leakDiags(t *testing.T, p *Project, files map[string]string) diag.List {
	t.Helper()
	w, lc := newLeakCheck(output.NewMem(), p, []string{"anonymised"})
	for name, body := range files {
		if err := w.WriteFile(name, []byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	return lc.diagnostics()
}

// rowsProjectOf is projectOf as a one-shot build holds it: the pupils
// kept school by school in a row store, and a leak check of each school's
// pupils as it is built (leakschool.go).
func rowsProjectOf(t *testing.T, pupils []model.Pupil) *Project {
	t.Helper()
	p := projectOf(pupils)
	p.Data.Pupils, p.Schools = groupSchools(p.Config, pupils)
	if err := p.compact(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.closeRows)
	return p
}

func twoSchools() []model.Pupil {
	return []model.Pupil{
		{URN: "900001", ID: model.Identity{Forename: "Olivia", Surname: "White"}},
		{URN: "900002", ID: model.Identity{Forename: "William", Surname: "Morris"}},
	}
}

// A file's name is scanned (a page made from "Olivia White.md"), a
// school's files for its own pupils, the LA's for every pupil; a forename
// alone is a warning that does not stop the build; a finding's hint says
// it may be a coincidence and how to list the phrase.
func TestLeakCheckScopesNamesWarnings(t *testing.T) {
	cases := []struct {
		name   string
		files  map[string]string
		errs   []string // files with errors
		warns  int
		phrase []string // [leak_check] words
	}{
		{"file name", map[string]string{"anonymised/900001/Olivia White.html": "<p>A case study.</p>"},
			[]string{"anonymised/900001/Olivia White.html"}, 0, nil},
		{"link to it", map[string]string{"anonymised/900001/index.html": `<a href="Olivia%20White.html">Case study</a>`},
			[]string{"anonymised/900001/index.html"}, 0, nil},
		{"another school's pupil", map[string]string{"anonymised/900002/index.html": "<p>Olivia White</p>"}, nil, 0, nil},
		{"own pupil", map[string]string{"anonymised/900002/index.html": "<p>William Morris</p>"},
			[]string{"anonymised/900002/index.html"}, 0, nil},
		{"LA index", map[string]string{"anonymised/index.html": "<li>William Morris Academy</li>"},
			[]string{"anonymised/index.html"}, 0, nil},
		{"LA index, phrase listed", map[string]string{"anonymised/index.html": "<li>William Morris Academy</li>"},
			nil, 0, []string{"William Morris Academy"}},
		{"forename alone", map[string]string{"anonymised/900001/ks4.html": "<p>Olivia did well.</p>"}, nil, 1, nil},
		{"forename alone on the LA's pages", map[string]string{"anonymised/index.html": "<p>Olivia did well.</p>"}, nil, 0, nil},
		{"middle initial", map[string]string{"anonymised/900001/notes.html": "<p>Olivia J. White did well.</p>"},
			[]string{"anonymised/900001/notes.html"}, 0, nil},
		{"initials and surname", map[string]string{"anonymised/900001/notes.html": "<p>O. J. White did well.</p>"},
			[]string{"anonymised/900001/notes.html"}, 0, nil},
		{"another pupil's initials", map[string]string{"anonymised/900001/notes.html": "<p>A. J. White did well.</p>"}, nil, 0, nil},
	}
	for _, tc := range cases {
		for _, oneShot := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/one-shot %v", tc.name, oneShot), func(t *testing.T) {
				p := projectOf(twoSchools())
				if oneShot {
					p = rowsProjectOf(t, twoSchools())
				}
				p.Config.LeakCheck.Words = tc.phrase
				d := leakDiags(t, p, tc.files)
				var errs []string
				warns := 0
				for _, x := range d {
					if x.Severity == diag.Warning {
						warns++
						continue
					}
					errs = append(errs, x.File)
					if !strings.Contains(x.Hint, "coincidence") || !strings.Contains(x.Hint, "[leak_check] words") {
						t.Errorf("hint %q", x.Hint)
					}
				}
				if strings.Join(errs, ",") != strings.Join(tc.errs, ",") || warns != tc.warns {
					t.Errorf("errors in %q, %d warnings; want %q, %d:\n%v", errs, warns, tc.errs, tc.warns, d)
				}
				if d.HasErrors() != (len(tc.errs) > 0) {
					t.Errorf("HasErrors %v", d.HasErrors())
				}
			})
		}
	}
}

// With allow_html, a profile that must hold no pupil identity refuses
// scripts, styles and event handlers in commentary, naming the file and
// line; other raw HTML is kept, and without allow_html nothing is refused
// (raw HTML is left out).
func TestLeakCheckRefusesActiveHTML(t *testing.T) {
	fsys := fstest.MapFS{
		"ks4.md":                  {Data: []byte("+++\ntitle = \"KS4\"\n+++\n\nText.\n\n<script>document.write('x')</script>\n")},
		"schools/900001/notes.md": {Data: []byte("# Notes\n\n<span class=\"n\"></span>\n\n<style>.n::after{content:'x'}</style>\n\nA <img src=x onerror=alert(1)> here.\n")},
		"schools/900001/plain.md": {Data: []byte("# Plain\n\n<div class=\"box\">fine</div> <b>bold</b>\n")},
	}
	for _, allow := range []bool{true, false} {
		site, dl := content.Load(fsys, content.Options{AllowHTML: allow})
		if dl.HasErrors() {
			t.Fatal(dl)
		}
		p := projectOf(twoSchools())
		p.Config.AllowHTML, p.Content = allow, site
		d := leakDiags(t, p, nil)
		var got []string
		for _, x := range d {
			got = append(got, x.Place()+" "+x.Value)
		}
		want := "content/ks4.md, line 7 <script>,content/schools/900001/notes.md, line 5 <style>,content/schools/900001/notes.md, line 7 an onerror= attribute"
		if !allow {
			want = ""
		}
		if strings.Join(got, ",") != want {
			t.Errorf("allow_html %v: %q, want %q", allow, got, want)
		}
		if allow && !d.HasErrors() {
			t.Errorf("not errors: %v", d)
		}
	}
}

// With allow_html, a style attribute in commentary is refused for a
// profile that must hold no pupil identity, as scripts and styles are: CSS
// can show a block element inline, joining across it a name that the
// reading of the page's text splits (f01). The hint says why; a class
// attribute, and a style attribute without allow_html (raw HTML is left
// out), are not refused.
func TestLeakCheckRefusesStyleAttributes(t *testing.T) {
	cases := []struct {
		name, body string
		allow      bool
		want       string // the refusal's place and value, "" for none
	}{
		{"block element shown inline", "# N\n\nOli<div style=\"display:inline\">via</div> White did well.\n", true,
			"content/schools/900001/n.md, line 3 a style= attribute"},
		{"on a later line", "# N\n\nText.\n\n<p\n  style=\"color:red\">x</p>\n", true,
			"content/schools/900001/n.md, line 6 a style= attribute"},
		{"class attribute", "# N\n\n<div class=\"box\">fine</div>\n", true, ""},
		{"without allow_html", "# N\n\nOli<div style=\"display:inline\">via</div> White\n", false, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			site, dl := content.Load(fstest.MapFS{"schools/900001/n.md": {Data: []byte(tc.body)}}, content.Options{AllowHTML: tc.allow})
			if dl.HasErrors() {
				t.Fatal(dl)
			}
			p := projectOf(twoSchools())
			p.Config.AllowHTML, p.Content = tc.allow, site
			d := leakDiags(t, p, nil)
			var got []string
			for _, x := range d {
				got = append(got, x.Place()+" "+x.Value)
				if !strings.Contains(x.Hint, "display:inline") || !strings.Contains(x.Hint, "take it out") {
					t.Errorf("hint %q", x.Hint)
				}
			}
			if strings.Join(got, ",") != tc.want {
				t.Errorf("%q, want %q", got, tc.want)
			}
			if d.HasErrors() != (tc.want != "") {
				t.Errorf("HasErrors %v", d.HasErrors())
			}
		})
	}
}

// A workbook's document properties carry the XLSX library's fixed date,
// 2006-09-16: some pupil's date of birth, never theirs.
func TestLeakCheckPassesWorkbookProperties(t *testing.T) {
	p := projectOf([]model.Pupil{{URN: "900001", ID: model.Identity{Surname: "Quill", DOB: time.Date(2006, 9, 16, 0, 0, 0, 0, time.UTC)}}})
	c := verify.New(p.Data.Pupils, p.checkerOptions()...)
	parts := workbookTemplate()
	if len(parts) == 0 {
		t.Fatal("no template parts")
	}
	for _, b := range parts {
		if f := c.File("900001/measures.xlsx!docProps/core.xml", b); len(f) > 0 {
			t.Errorf("found %v", f)
		}
	}
	if f := c.File("900001/notes.html", []byte("Born 2006-09-16T00:00:00Z")); len(f) != 1 {
		t.Errorf("a date-time elsewhere: found %v", f)
	}
}

// zipOfPages is a school's pack as a build zips it.
func zipOfPages(t *testing.T, files map[string]string) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// A page's markup is not its text (the false alarm of a 500-school LA):
// every list's "</li><li>" is no pupil "Li Na" "Li", and "</em> <em>" no
// pupil "Em" "Em", in a school's pages or its zipped pack. The names are
// found where a reader sees them.
func TestLeakCheckMarkupIsNotAName(t *testing.T) {
	pupils := []model.Pupil{
		{URN: "900001", ID: model.Identity{Forename: "Li Na", Surname: "Li"}},
		{URN: "900001", ID: model.Identity{Forename: "Em", Surname: "Em"}},
		{URN: "900002", ID: model.Identity{Forename: "Olivia", Surname: "White"}},
	}
	page := "<!DOCTYPE html>\n<html lang=\"en\"><body><main>\n<ul>\n<li><em>Progress 8</em>: <em>0.27</em></li><li>Attainment 8</li>\n</ul>\n<ol><li><ul><li>x</li></ul></li></ol></main></body></html>\n"
	clean := map[string]string{
		"anonymised/900001/glossary.html":       page,
		"anonymised/index.html":                 page,
		"zips/anonymised/900001-anonymised.zip": zipOfPages(t, map[string]string{"900001/glossary.html": page, "900001/index.html": page}),
		// A school's zip, as a build names it, for its own pupils only.
		"zips/anonymised/900002-anonymised.zip": zipOfPages(t, map[string]string{"900002/glossary.html": page + "<p>Li Li</p>"}),
		"anonymised/900002/notes.html":          "<p>Em Em and Li Na Li</p>", // another school's pupils
	}
	if d := leakDiags(t, projectOf(pupils), clean); len(d) > 0 {
		t.Errorf("lists and emphasis: %v", d)
	}
	for name, body := range map[string]string{
		"anonymised/900001/notes.html":          "<ul><li>Li Li</li></ul>",
		"anonymised/900001/more.html":           "<p><em>Em</em> Em</p>",
		"zips/anonymised/900001-anonymised.zip": zipOfPages(t, map[string]string{"900001/notes.html": "<li>Li Na Li</li>"}),
		"zips/anonymised/900002-anonymised.zip": zipOfPages(t, map[string]string{"900002/notes.html": "<p>Olivia White</p>"}),
	} {
		d := leakDiags(t, projectOf(pupils), map[string]string{name: body})
		if !d.HasErrors() {
			t.Errorf("%s: not found: %v", name, d)
		}
	}
}

// Figures are not dates of birth (the false alarm of a 100-school build):
// a filtered table's row 17 at 11% and 11%, in its JSON, cells or CSV, is
// not 17/11/11, though a pupil of the school was born on 17 November 2011.
// The date written as a date is found.
func TestLeakCheckFiguresAreNotDates(t *testing.T) {
	pupils := []model.Pupil{{URN: "900070", ID: model.Identity{Forename: "Olivia", Surname: "White", DOB: time.Date(2011, 11, 17, 0, 0, 0, 0, time.UTC)}}}
	table := `<table><tr><td>17</td><td>11</td><td>11</td></tr></table>` +
		`<script type="application/json" id="rp-filtered">{"rows":[["17","11","11","x"],[17,11,2011]]}</script>`
	clean := map[string]string{
		"anonymised/900070/table-ks2_writ.html": table,
		"anonymised/900070/measures.csv":        "scope,urn,cohort,value,national\nschool,900070,17,11,11\nschool,900070,17,11,2011\n",
		"zips/anonymised/900070-anonymised.zip": zipOfPages(t, map[string]string{"900070/table-ks2_writ.html": table}),
	}
	if d := leakDiags(t, projectOf(pupils), clean); len(d) > 0 {
		t.Errorf("figures: %v", d)
	}
	for _, date := range []string{"17/11/11", "17.11.2011", "17-11-2011", "2011-11-17", "17 November 2011"} {
		d := leakDiags(t, projectOf(pupils), map[string]string{"anonymised/900070/notes.html": "<p>Born " + date + ".</p>"})
		if !d.HasErrors() || !strings.Contains(d[0].Message, `date of birth "2011-11-17"`) {
			t.Errorf("%s: not found: %v", date, d)
		}
	}
}
