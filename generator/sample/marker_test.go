package sample

import (
	"bytes"
	"testing"
	"testing/fstest"

	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/model"
)

// What sample writes says it is sample data, in columns a copy keeps: the
// pupils' Synthetic column, in the workbook and in CSV, and national.csv's
// source; the loaders read both as such.
func TestFilesSayTheyAreSynthetic(t *testing.T) {
	if NationalSource != load.SampleSource {
		t.Fatalf("sample writes source %q, load looks for %q", NationalSource, load.SampleSource)
	}
	ks := small
	ks.KeyStagesOnly = true
	t.Run("key stages", func(t *testing.T) { filesSayTheyAreSynthetic(t, gen(t, ks)) })
	t.Run("whole school", func(t *testing.T) {
		filesSayTheyAreSynthetic(t, gen(t, small))
	})
}

func filesSayTheyAreSynthetic(t *testing.T, d *Data) {
	dir := writeDir(t, d)
	var csv bytes.Buffer
	if err := d.WritePupilsCSV(&csv); err != nil {
		t.Fatal(err)
	}
	src := load.Source{FS: fstest.MapFS{
		PupilsFile:   {Data: readFile(t, dir, PupilsFile)},
		"pupils.csv": {Data: csv.Bytes()},
		NationalFile: {Data: readFile(t, dir, NationalFile)},
	}}
	for _, name := range []string{PupilsFile, "pupils.csv"} {
		pf, l := load.Pupils(src, name, load.PupilOptions{})
		if l.HasErrors() {
			t.Fatal(l)
		}
		if !load.AllSynthetic(pf.Pupils) || len(pf.Pupils) != len(d.Pupils) {
			t.Errorf("%s: not every pupil reads as synthetic", name)
		}
	}
	nf, l := load.NationalFigures(src, NationalFile)
	if l.HasErrors() {
		t.Fatal(l)
	}
	inv := nf.InventedFigures()
	if len(inv) != len(d.National) {
		t.Errorf("%d of national.csv's %d figures read as invented", len(inv), len(d.National))
	}
	for k := range d.National {
		if !inv[model.NationalKey{Year: k.Year, Measure: k.Measure, Group: k.Group}] {
			t.Errorf("%v is not marked invented", k)
			break
		}
	}
}
