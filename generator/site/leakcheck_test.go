package site

import (
	"archive/zip"
	"bytes"
	"slices"
	"testing"

	"github.com/reportpack/reportpack/generator/config"
	"github.com/reportpack/reportpack/generator/export"
	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/output"
)

// projectOf is a project of the pupils alone, to check for leaks.
func projectOf(pupils []model.Pupil) *Project {
	return &Project{Config: &config.Site{}, Data: model.Dataset{Pupils: pupils}}
}

// A zip is checked member by member, except members whose bytes were
// written (and scanned clean) on their own; bytes seen in one profile
// are not scanned again in another, and a leak is never passed.
func TestLeakCheckZipsAndRepeats(t *testing.T) {
	pupils := []model.Pupil{{ID: model.Identity{Forename: "Zara", Surname: "Quillfeather", UPN: "A123456789012"}}}
	mem := output.NewMem()
	w, lc := newLeakCheck(mem, projectOf(pupils), []string{"anonymised", "governor"})
	clean := []byte("<p>Progress 8: 0.27</p>")
	leak := []byte("<p>Quillfeather, Zara</p>")
	for _, name := range []string{"anonymised/index.html", "governor/index.html", "named/list.html"} {
		if err := w.WriteFile(name, clean); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.WriteFile("named/pupils.html", leak); err != nil {
		t.Fatal(err)
	}
	if d := lc.diagnostics(); len(d) != 0 {
		t.Fatalf("findings in clean or named files: %v", d)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, b := range map[string][]byte{"900001/index.html": clean, "index.html": leak} {
		f, _ := zw.Create(name)
		f.Write(b)
	}
	zw.Close()
	if err := w.WriteFile("zips/governor/900001.zip", buf.Bytes()); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteFile("governor/other.html", leak); err != nil {
		t.Fatal(err)
	}
	d := lc.diagnostics()
	if len(d) != 2 || d[0].File != "zips/governor/900001.zip!index.html" || d[1].File != "governor/other.html" {
		t.Fatalf("want the zip's index and other.html, got %v", d)
	}
	if len(mem.Names()) != 6 {
		t.Errorf("wrote %d files, want 6", len(mem.Names()))
	}
}

// A workbook scanned part by part as it is made (leakCheck.workbook) is
// reported as a scan of the written workbook would report it, once, and
// its bytes are not scanned again where they are written or zipped; a
// copy in another profile is reported under its own name.
func TestLeakCheckWorkbook(t *testing.T) {
	const upn = "A123456789012"
	pupils := []model.Pupil{{ID: model.Identity{Forename: "Zara", Surname: "Quillfeather", UPN: upn}}}
	tests := []struct {
		name string
		urn  model.URN // printed in the workbook's contents sheet
		want []string  // files reported
	}{
		{"clean", "900001", nil},
		// A UPN where the URN should be, to plant an identifier.
		{"leak", upn, []string{"anonymised/900001/measures.xlsx!xl/worksheets/sheet1.xml", "governor/900001/measures.xlsx!xl/worksheets/sheet1.xml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, lc := newLeakCheck(output.NewMem(), projectOf(pupils), []string{"anonymised", "governor"})
			opts, scanned := lc.workbook("anonymised/900001/measures.xlsx")
			var buf bytes.Buffer
			if err := export.WriteXLSX(&buf, measures.Results{URN: tt.urn}, opts...); err != nil {
				t.Fatal(err)
			}
			scanned(buf.Bytes())
			for _, name := range []string{"anonymised/900001/measures.xlsx", "governor/900001/measures.xlsx"} {
				if err := w.WriteFile(name, buf.Bytes()); err != nil {
					t.Fatal(err)
				}
			}
			var got []string
			for _, d := range lc.diagnostics() {
				got = append(got, d.File)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("reported %v, want %v", got, tt.want)
			}
			if n := len(lc.state("").scanned); tt.want == nil && n != 1 {
				t.Errorf("%d workbooks known clean, want 1", n)
			}
		})
	}
}
