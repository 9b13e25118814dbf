package load

import (
	"archive/zip"
	"bytes"
	"fmt"
	"slices"
	"testing"
)

// sheetCursors opens the same sheet XML twice: one cursor that scans bytes
// where it can, one that reads only with encoding/xml.
func sheetCursors(t *testing.T, sheet []byte) (scan, plain *styleCursor) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("s.xml")
	w.Write(sheet)
	zw.Close()
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	p := newPartReader(zr)
	dateStyle := []bool{false, true, false, true}
	if scan, err = newStyleCursor(p, "s.xml", dateStyle, sheet); err != nil {
		t.Fatal(err)
	}
	if plain, err = newStyleCursor(p, "s.xml", dateStyle, nil); err != nil {
		t.Fatal(err)
	}
	return scan, plain
}

// FuzzStyleScan checks the byte scanner against encoding/xml: the same date
// flags for every row asked for, and the same damage found at the same row.
// skip says which rows go unasked, as when excelize could not read them.
func FuzzStyleScan(f *testing.F) {
	head := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:x14ac="x"><dimension ref="A1:C3"/><sheetData>`
	for _, body := range []string{
		`<row r="1" spans="1:3" x14ac:dyDescent="0.25"><c r="A1" t="inlineStr"><is><t>O&#39;Brien &amp; Zoë</t></is></c><c r="B1" s="1"><v>40000</v></c></row><row r="3"><c s="3"><v>1</v></c><c r="C3" s="1"/></row></sheetData></worksheet>`,
		`<row><c s="1"><v>1</v></c></row><row><c r="B2" s="3"><f>A1+1</f><v>2</v></c></row></sheetData>`,
		`<row r="2"><c r="A2" s="1"><v>1</v></c></row><row r="1"><c s="1"/></row><row r="x"/></sheetData>`,
		`<row r="1"><c r="A1" s="1"><v>1</v></c></row><row r="2"><c r="A2" s="1"><v>1</x></c><!-- note --></row></sheetData>`,
		`<row r="1"><c r="A1" s='1' ><v>]]&gt;&#x1F600;</v></c></row><row r="2"><c r="$A$2" s="1"/><c r="AAAA2" s="1"/><c r="ZZ2" s="01"/></row>`,
		`<row r="1"><x:c r="A1" s="1"/></row></sheetData>`,
		`<row r="1"><c r="A1" s="1"><v>&bogus;</v></c></row></sheetData>`,
	} {
		f.Add([]byte(head+body), uint64(0))
		f.Add([]byte(head+body), uint64(0b10))
	}
	f.Fuzz(func(t *testing.T, sheet []byte, skip uint64) {
		scan, plain := sheetCursors(t, sheet)
		defer scan.close()
		defer plain.close()
		for n := 1; n <= 12; n++ {
			if skip&(1<<n) != 0 {
				continue
			}
			a, b := scan.dates(n), plain.dates(n)
			if !slices.Equal(a, b) {
				t.Fatalf("row %d: scanned %v, encoding/xml %v", n, a, b)
			}
		}
		if fmt.Sprint(scan.err) != fmt.Sprint(plain.err) || scan.errRow != plain.errRow {
			t.Fatalf("damage: scanned %v at %d, encoding/xml %v at %d", scan.err, scan.errRow, plain.err, plain.errRow)
		}
	})
}

// TestStyleScanStays checks the scanner keeps going through a sheet as
// Excel and excelize write it, rather than handing every sheet over.
func TestStyleScanStays(t *testing.T) {
	sheet := `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="m" xmlns:x14ac="x"><sheetData>` +
		`<row r="1" x14ac:dyDescent="0.25"><c r="A1" t="inlineStr"><is><t>O&#39;Brien-Smith, Zoë</t></is></c><c r="B1" s="1"><v>40000</v></c></row>` +
		`<row r="3"><c r="C3" s="3"><v>1</v></c></row></sheetData></worksheet>`
	scan, plain := sheetCursors(t, []byte(sheet))
	defer scan.close()
	defer plain.close()
	for n, want := range [][]bool{{false, true}, nil, {false, false, true}, nil} {
		if got := scan.dates(n + 1); !slices.Equal(got, want) {
			t.Errorf("row %d: %v, want %v", n+1, got, want)
		}
	}
	if scan.scan == nil || scan.err != nil {
		t.Errorf("the scanner gave up (err %v)", scan.err)
	}
}
