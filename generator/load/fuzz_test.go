package load

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"archive/zip"

	"github.com/reportpack/reportpack/generator/diag"
)

// checkInvariants holds for any input: no panic (the fuzzer sees that),
// every diagnostic names the file, and every pupil has a data row.
func checkInvariants(t *testing.T, name string, pf PupilFile, l diag.List) {
	for _, d := range l {
		if d.File != name || d.Message == "" {
			t.Fatalf("diagnostic without file or message: %+v", d)
		}
	}
	for _, p := range pf.Pupils {
		if p.Src.Row < 2 || p.Src.File != name {
			t.Fatalf("pupil with a bad source: %+v", p.Src)
		}
	}
}

func FuzzLoadCSV(f *testing.F) {
	f.Add(fullCSV())
	f.Add([]byte("\uFEFFUPN,Year,KeyStage\r\n" + upnZoe + ",2025,2\r\n"))
	f.Add([]byte("UPN,Year,KeyStage,Surname\n" + upnZoe + ",2025,2,\"O'Brien\nx\"\n\n" + upnAoife + ",2025,4,a\"b\n"))
	f.Add([]byte("UPN,Year,KeyStage,DOB\n" + upnZoe + ",2024-25,KS2,31/02/2014\n,,,\n\"unterminated"))
	f.Add([]byte("Zo\xEB,\xFF\xFE\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		src := memSource(map[string][]byte{"p.csv": data})
		pf, l := Pupils(src, "p.csv", PupilOptions{URN: "123456", Columns: map[string]string{"forename": "Name"}})
		checkInvariants(t, "p.csv", pf, l)
		National(src, "p.csv")
		Estimates(src, "p.csv")
	})
}

func FuzzLoadXLSX(f *testing.F) {
	f.Add(smallXLSX(f))
	f.Add(fullXLSX(f))
	f.Add([]byte("PK\x03\x04"))
	f.Add(fakeXLS())
	f.Fuzz(func(t *testing.T, data []byte) {
		pf, l := Pupils(memSource(map[string][]byte{"p.xlsx": data}), "p.xlsx", PupilOptions{URN: "123456"})
		checkInvariants(t, "p.xlsx", pf, l)
	})
}

// FuzzLoadXLSXParts fuzzes the XML inside a well-formed zip, which random
// bytes in FuzzLoadXLSX seldom reach past the zip checksums: the sheet, the
// shared strings and the styles.
func FuzzLoadXLSXParts(f *testing.F) {
	good := smallXLSX(f)
	parts := map[string][]byte{}
	zr, _ := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	for _, zf := range zr.File {
		rc, _ := zf.Open()
		parts[zf.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	f.Add(parts["xl/worksheets/sheet1.xml"], parts["xl/sharedStrings.xml"], parts["xl/styles.xml"])
	f.Add([]byte(`<worksheet><sheetData><row r="2"><c r="A2" s="1"><v>1</v></c></row><row><c s="99"/></row></sheetData></worksheet>`),
		parts["xl/sharedStrings.xml"], []byte(`<styleSheet><cellXfs><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>`))
	f.Fuzz(func(t *testing.T, sheet, shared, styles []byte) {
		data := rezip(t, good, func(name string, b []byte) []byte {
			switch {
			case name == "xl/worksheets/sheet1.xml":
				return sheet
			case name == "xl/sharedStrings.xml":
				return shared
			case strings.HasSuffix(name, "styles.xml"):
				return styles
			}
			return b
		})
		pf, l := Pupils(memSource(map[string][]byte{"p.xlsx": data}), "p.xlsx", PupilOptions{URN: "123456"})
		checkInvariants(t, "p.xlsx", pf, l)
	})
}
