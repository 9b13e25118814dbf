package colwidth

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestSet(t *testing.T) {
	for _, tc := range []struct {
		name   string
		widths []float64
		want   [][2]int // the <col> elements' min and max, in order
	}{
		{"one", []float64{20}, [][2]int{{1, 1}}},
		{"all equal", []float64{14, 14, 14}, [][2]int{{1, 3}}},
		{"all different", []float64{30, 10, 26}, [][2]int{{1, 1}, {2, 2}, {3, 3}}},
		// excelize splits every run into single columns once a second
		// width is set; what matters is the order.
		{"runs", []float64{34, 30, 30, 10, 14, 14, 14}, [][2]int{{1, 1}, {2, 2}, {3, 3}, {4, 4}, {5, 5}, {6, 6}, {7, 7}}},
		{"none", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := excelize.NewFile()
			defer f.Close()
			sw, err := f.NewStreamWriter("Sheet1")
			if err != nil {
				t.Fatal(err)
			}
			if err := Set(sw, tc.widths); err != nil {
				t.Fatal(err)
			}
			if err := sw.SetRow("A1", []any{"x"}); err != nil {
				t.Fatal(err)
			}
			if err := sw.Flush(); err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := f.Write(&b); err != nil {
				t.Fatal(err)
			}
			if got := cols(t, b.Bytes()); !slices.Equal(got, tc.want) {
				t.Errorf("<col> elements %v, want %v", got, tc.want)
			}
			back, err := excelize.OpenReader(&b)
			if err != nil {
				t.Fatal(err)
			}
			defer back.Close()
			for i, w := range tc.widths {
				name, _ := excelize.ColumnNumberToName(i + 1)
				if got, err := back.GetColWidth("Sheet1", name); err != nil || got != w {
					t.Errorf("column %s: width %v (%v), want %v", name, got, err, w)
				}
			}
		})
	}
}

// cols reads the min and max of each <col> element of the workbook's one
// sheet, in order.
func cols(t *testing.T, book []byte) [][2]int {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	r, err := z.Open("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var out [][2]int
	d := xml.NewDecoder(r)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		var c struct {
			Min int `xml:"min,attr"`
			Max int `xml:"max,attr"`
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "col" {
			if err := d.DecodeElement(&c, &se); err != nil {
				t.Fatal(err)
			}
			out = append(out, [2]int{c.Min, c.Max})
		}
	}
}
