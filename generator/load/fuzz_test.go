package load

import (
	"bytes"
	"encoding/csv"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"

	"archive/zip"

	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/model"
)

// checkInvariants holds for any input: no panic (the fuzzer sees that),
// every diagnostic names the file, and every pupil has a data row, a year
// group its key stage agrees with, and results only of assessments of its
// year group, each a valid value of its column.
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
		if p.NCYear < model.NoNCYear || p.NCYear > 14 {
			t.Fatalf("row %d: NCYear %d", p.Src.Row, p.NCYear)
		}
		if y, ok := stageYear[p.KeyStage]; (ok && p.NCYear != y) || (!ok && p.KeyStage != "") {
			t.Fatalf("row %d: KeyStage %q on a %v row", p.Src.Row, p.KeyStage, p.NCYear)
		}
		if p.Chars.BirthTerm != model.BirthTermOf(p.ID.DOB) {
			t.Fatalf("row %d: BirthTerm %v for DOB %v", p.Src.Row, p.Chars.BirthTerm, p.ID.DOB)
		}
		seen := map[model.Assessment]bool{}
		for _, r := range p.Results {
			a := assess.ByID(r.Assessment)
			if a == nil || a.Typed || seen[a.ID] || len(r.Values) != len(a.Columns) || !a.TakesNCYear(-1, p.NCYear) {
				t.Fatalf("row %d: result %+v on a %v row", p.Src.Row, r, p.NCYear)
			}
			seen[a.ID] = true
			for i, v := range r.Values {
				if v.Blank() {
					continue
				}
				c := &a.Columns[i]
				valid := v.IsNum && v.Code == "" && c.Kind == assess.Number && v.Num >= c.Min && v.Num <= c.Max &&
					(!c.Whole || v.Num == math.Trunc(v.Num))
				for _, code := range c.Codes {
					valid = valid || (!v.IsNum && v.Code == code.Code && code.Why == "")
				}
				if !valid || !a.TakesNCYear(i, p.NCYear) {
					t.Fatalf("row %d: %s %+v on a %v row", p.Src.Row, c.Name, v, p.NCYear)
				}
			}
		}
	}
}

// wholeSchoolCSV is a file of several year groups with declared
// assessments' columns (some under aliases) and the key stages'.
func wholeSchoolCSV() []byte {
	return toCSV([][]string{
		{"UPN", "Year", "NCYear", "KeyStage", "DOB", "E01", "ELG02", "Phonics_Mark", "Phonics_Outcome", "Phonics_Y1_Outcome",
			"KS1_Read", "KS1_Sci", "MTC_Score", "Read_SS", "A8", "KS2_Read_SS", "Mathematics"},
		{upnZoe, "2025", "R", "", "2019-09-01", "2", "Expected", "", "", "", "", "", "", "", "", "", ""},
		{upnAoife, "2025", "Y1", "", "2018-05-01", "", "", "40.0", "wa", "", "", "", "", "", "", "", ""},
		{upnSion, "2025", "Year 2", "", "", "", "", "", "Wt", "Wt", "EXS", "HNM", "", "", "", "", ""},
		{upnZoe, "2025", "4", "", "", "", "", "", "", "", "", "", "B", "", "", "", ""},
		{upnZoe, "2025", "6", "2", "", "3", "", "33.5", "", "", "", "", "26", "104", "", "", ""},
		{upnZoe, "2025", "11", "", "", "", "", "", "", "", "", "", "", "99", "50", "104", "7"},
		{upnZoe, "2025", "", "4", "", "", "", "", "", "", "", "", "", "", "", "", "54"},
		{upnZoe, "2025", "Reception", "2", "", "A", "", "", "", "", "", "", "", "", "", "", ""},
		{upnZoe, "2025", "", "", "", "1", "", "", "", "", "", "", "", "", "", "", ""},
	})
}

func FuzzLoadCSV(f *testing.F) {
	f.Add(fullCSV())
	f.Add([]byte("\uFEFFUPN,Year,KeyStage\r\n" + upnZoe + ",2025,2\r\n"))
	f.Add([]byte("UPN,Year,KeyStage,Surname\n" + upnZoe + ",2025,2,\"O'Brien\nx\"\n\n" + upnAoife + ",2025,4,a\"b\n"))
	f.Add([]byte("UPN,Year,KeyStage,DOB\n" + upnZoe + ",2024-25,KS2,31/02/2014\n,,,\n\"unterminated"))
	f.Add([]byte("Zo\xEB,\xFF\xFE\n"))
	f.Add(wholeSchoolCSV())
	f.Add([]byte("UPN,Year,Year Group,PSC,MTC Score,E17\n" + upnZoe + ",2025,1,32,,\n" + upnAoife + ",2025,4,,25.0,\n" +
		upnSion + ",2025,R,,,a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		src := memSource(map[string][]byte{"p.csv": data})
		pf, l := Pupils(src, "p.csv", PupilOptions{URN: "123456", Columns: map[string]string{"forename": "Name", "phonics_mark": "PSC"},
			Values: map[string]map[string]string{"elg01": {"Exp": "2"}}})
		checkInvariants(t, "p.csv", pf, l)
		pf, l = Pupils(src, "p.csv", PupilOptions{URN: "123456", Subjects: func(h string) bool { return h == "Mathematics" },
			Defaults: map[string]string{"nc_year": "6", "mtc_score": "A"}})
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
	f.Add(wholeSchoolXLSX(f))
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

// wholeSchoolXLSX is wholeSchoolCSV as a workbook, numbers as numbers.
func wholeSchoolXLSX(t testing.TB) []byte {
	recs, err := csv.NewReader(bytes.NewReader(wholeSchoolCSV())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows := make([][]any, len(recs))
	for i, rec := range recs {
		for _, v := range rec {
			if f, err := strconv.ParseFloat(v, 64); err == nil && i > 0 {
				rows[i] = append(rows[i], f)
			} else if v == "" {
				rows[i] = append(rows[i], nil)
			} else {
				rows[i] = append(rows[i], v)
			}
		}
	}
	return buildXLSX(t, "Pupils", rows)
}
