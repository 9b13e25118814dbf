package load

import (
	"slices"
	"strings"
	"testing"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/model"
)

// The Synthetic column: Y on every row makes the pupils synthetic, none
// (or no column) real; a mix is an error naming the rows that do not
// belong; anything but a Y/N flag is a bad cell.
func TestSyntheticColumn(t *testing.T) {
	upn := []string{mkUPN("999123425001"), mkUPN("999123425002"), mkUPN("999123425003"), mkUPN("999123425004")}
	file := func(header string, marks ...string) []byte {
		rows := [][]string{{"URN", "UPN", "Year", "KeyStage"}}
		if header != "" {
			rows[0] = append(rows[0], header)
		}
		for i, m := range marks {
			r := []string{"900001", upn[i], "2025", "2"}
			if header != "" {
				r = append(r, m)
			}
			rows = append(rows, r)
		}
		return toCSV(rows)
	}
	for _, tc := range []struct {
		name      string
		csv       []byte
		synthetic bool  // AllSynthetic
		rows      []int // rows with an error in the Synthetic column
		message   string
	}{
		{name: "every row marked", csv: file("Synthetic", "Y", "Y", "Y", "Y"), synthetic: true},
		{name: "marked as a spreadsheet writes it", csv: file("synthetic", "yes", "TRUE", "1", "Y"), synthetic: true},
		{name: "no column", csv: file("", "", "", "", "")},
		{name: "blank column", csv: file("Synthetic", "", "", "", "")},
		{name: "every row N", csv: file("Synthetic", "N", "n", "", "0")},
		{name: "a sample row among real ones", csv: file("Synthetic", "", "Y", "", ""), rows: []int{3}, message: "a synthetic pupil"},
		{name: "two sample rows among real ones", csv: file("Synthetic", "Y", "", "", "Y"), rows: []int{2, 5}, message: "among 2 real ones"},
		{name: "a real row among sample ones", csv: file("Synthetic", "Y", "Y", "", "Y"), rows: []int{4}, message: "a real pupil"},
		{name: "not a flag", csv: file("Synthetic", "Y", "maybe", "Y", "Y"), rows: []int{3}, message: "not Y or N"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pf, l := Pupils(memSource(map[string][]byte{"pupils.csv": tc.csv}), "pupils.csv", PupilOptions{})
			var rows []int
			for _, d := range l {
				if d.Header == "" || !strings.EqualFold(d.Header, "synthetic") {
					t.Errorf("unexpected: %v", d)
					continue
				}
				if d.Severity != diag.Error || d.Column != "E" || !strings.Contains(d.Message, tc.message) {
					t.Errorf("got %v, want an error in column E saying %q", d, tc.message)
				}
				rows = append(rows, d.Row)
			}
			if !slices.Equal(rows, tc.rows) {
				t.Errorf("errors in rows %v, want %v:\n%v", rows, tc.rows, l)
			}
			if len(tc.rows) == 0 {
				if got := AllSynthetic(pf.Pupils); got != tc.synthetic {
					t.Errorf("AllSynthetic = %v, want %v", got, tc.synthetic)
				}
			}
		})
	}
	if AllSynthetic(nil) {
		t.Error("no pupils are not synthetic pupils")
	}
	if slices.Contains(PupilColumns, ColSynthetic) {
		t.Error("the blank template's header has the Synthetic column")
	}
}

// national.csv's source column: a source beginning "synthetic" marks an
// invented figure; any other, or none, is the site's own.
func TestNationalSourceColumn(t *testing.T) {
	for _, tc := range []struct {
		name, csv string
		invented  int
		source    string // of the first row's figure
	}{
		{"no source column", "year,measure,group,value\n2025,ks4_a8,all,45.9\n", 0, ""},
		{"reportpack sample's", "year,measure,group,value,source\n2025,ks4_a8,all,45.9," + SampleSource + "\n2025,ks4_a8,male,43.1," + SampleSource + "\n", 2, SampleSource},
		{"any synthetic source", "year,measure,group,value,Source\n2025,ks4_a8,all,45.9,Synthetic: our test figures\n", 1, "Synthetic: our test figures"},
		{"a real source", "year,measure,group,value,source\n2025,ks4_a8,all,45.9,\"DfE, Key stage 4 performance 2024/25\"\n", 0, "DfE, Key stage 4 performance 2024/25"},
		{"a mix", "year,measure,group,value,source\n2025,ks4_a8,all,45.9,DfE\n2025,ks4_a8,male,43.1," + SampleSource + "\n", 1, "DfE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			nf, l := NationalFigures(memSource(map[string][]byte{"national.csv": []byte(tc.csv)}), "national.csv")
			if len(l) > 0 {
				t.Fatal(l)
			}
			if got := len(nf.InventedFigures()); got != tc.invented {
				t.Errorf("%d invented figures, want %d", got, tc.invented)
			}
			k := model.NationalKey{Year: 2025, Measure: "ks4_a8", Group: "all"}
			if p := nf.Sources[k]; p.Kind != model.FromSite || p.Source != tc.source || p.File != "national.csv" {
				t.Errorf("provenance %+v, want the site's with source %q", p, tc.source)
			}
		})
	}
}
