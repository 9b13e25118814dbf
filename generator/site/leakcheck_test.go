package site

import (
	"archive/zip"
	"bytes"
	"testing"

	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/output"
)

// A zip is checked member by member, except members whose bytes were
// written (and scanned clean) on their own; bytes seen in one profile
// are not scanned again in another, and a leak is never passed.
func TestLeakCheckZipsAndRepeats(t *testing.T) {
	pupils := []model.Pupil{{ID: model.Identity{Forename: "Zara", Surname: "Quillfeather", UPN: "A123456789012"}}}
	mem := output.NewMem()
	w, lc := newLeakCheck(mem, pupils, []string{"anonymised", "governor"})
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
