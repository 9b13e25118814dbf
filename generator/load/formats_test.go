package load

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/reportpack/reportpack/generator/model"
)

// smallXLSX is a valid two-pupil workbook.
func smallXLSX(t testing.TB) []byte {
	return buildXLSX(t, "Sheet1", [][]any{
		{"URN", "UPN", "Forename", "DOB", "Year", "KeyStage"},
		{123456, upnZoe, "Zoë", dateCell{t: time.Date(2014, 3, 9, 0, 0, 0, 0, time.UTC), numFmt: 14}, 2025, 2},
		{123456, upnAoife, "Aoife", "2013-09-01", 2025, 2},
	})
}

// rezip rewrites a workbook, passing each part through edit.
func rezip(t testing.TB, xlsx []byte, edit func(name string, b []byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		w, _ := zw.Create(f.Name)
		w.Write(edit(f.Name, b))
	}
	zw.Close()
	return out.Bytes()
}

func encryptedXLSX(t testing.TB) []byte {
	f, err := excelize.OpenReader(bytes.NewReader(smallXLSX(t)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	path := filepath.Join(t.TempDir(), "locked.xlsx")
	if err := f.SaveAs(path, excelize.Options{Password: "secret"}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fakeXLS is the start of an old binary workbook: a compound file holding a
// "Workbook" stream.
func fakeXLS() []byte {
	b := append([]byte{}, magicOLE...)
	b = append(b, make([]byte, 504)...)
	return append(b, utf16le("Workbook")...)
}

func TestFilesThatAreNotReadable(t *testing.T) {
	good := smallXLSX(t)
	for _, tc := range []struct {
		name string
		data []byte
		msg  string // the diagnostic's message starts so
		hint string // and its hint holds this
	}{
		{"zero.xlsx", []byte{}, "the file is empty", "save the data again"},
		{"zero.csv", []byte{}, "the file is empty", "save the data again"},
		{"corrupt.xlsx", append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0x5a}, 300)...), "the file is damaged", "save it again"},
		{"truncated.xlsx", good[:len(good)/2], "the file is damaged", "fetch it again"},
		{"renamed.xlsx", []byte("URN,UPN,Year,KeyStage\n123456,X,2025,2\n"), "this file is named as a spreadsheet but holds text", "rename it to .csv"},
		{"locked.xlsx", encryptedXLSX(t), "the workbook is password-protected", "remove the password"},
		{"old.xls", fakeXLS(), "this is an old Excel 97-2003 workbook (.xls)", "save as .xlsx"},
		{"report.xlsx", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj\n"), "this is a PDF", "export the data"},
		{"report.csv", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj\n"), "this is a PDF", "export the data"},
		{"unicode.csv", []byte("\xFF\xFEU\x00P\x00N\x00"), "this is UTF-16 text", "CSV UTF-8"},
		{"binary.csv", []byte("UPN\x00\x01\x02"), "this is not a spreadsheet or text file", ""},
		{"export.xls", []byte("\r\n<html><body><table><tr><td>UPN</td></tr></table>"), "this is a web page or XML file", "save as .xlsx"},
		{"tabs.csv", []byte("UPN\tYear\tKeyStage\n" + upnZoe + "\t2025\t2\n"), "the header row is separated by tabs", "CSV UTF-8"},
		{"semicolons.csv", []byte("UPN;Year;KeyStage\n" + upnZoe + ";2025;2\n"), "the header row is separated by semicolons", "CSV UTF-8"},
		{"archive.xlsx", zipOf(t, map[string]string{"readme.txt": "hello"}), "this is a zip archive, not an Excel workbook", "save the data from Excel as .xlsx"},
		{"letter.xlsx", zipOf(t, map[string]string{"_rels/.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`}),
			"this is a Word or PowerPoint file", "save the data from Excel"},
		{"damaged-sheet.xlsx", rezip(t, good, func(name string, b []byte) []byte {
			if name == "xl/worksheets/sheet1.xml" {
				return b[:bytes.Index(b, []byte("<row r=\"3\""))+20]
			}
			return b
		}), "the sheet is damaged here", "save it again"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := memSource(map[string][]byte{tc.name: tc.data})
			pf, l := Pupils(src, tc.name, PupilOptions{URN: "123456"})
			if !l.HasErrors() {
				t.Fatalf("no error; pupils %+v", pf.Pupils)
			}
			d := l[len(l)-1]
			if !strings.HasPrefix(d.Message, tc.msg) || !strings.Contains(d.Hint, tc.hint) || d.File != tc.name {
				t.Errorf("got %v\nwant message %q, hint with %q", d, tc.msg, tc.hint)
			}
		})
	}
}

func zipOf(t testing.TB, files map[string]string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, s := range files {
		w, _ := zw.Create(name)
		io.WriteString(w, s)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A damaged sheet still gives the rows before the damage, and says where.
func TestDamagedSheetReportsTheRow(t *testing.T) {
	bad := rezip(t, smallXLSX(t), func(name string, b []byte) []byte {
		if name == "xl/worksheets/sheet1.xml" {
			return b[:bytes.Index(b, []byte("<row r=\"3\""))+20]
		}
		return b
	})
	pf, l := Pupils(memSource(map[string][]byte{"p.xlsx": bad}), "p.xlsx", PupilOptions{})
	d := only(t, l)
	if d.Row != 3 || d.Sheet != "Sheet1" {
		t.Errorf("got %v, want row 3 of Sheet1", d)
	}
	if len(pf.Pupils) != 1 {
		t.Errorf("got %d pupils, want the 1 before the damage", len(pf.Pupils))
	}
}

func TestXLSXFromDisk(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "data"), 0o755)
	if err := os.WriteFile(filepath.Join(dir, "data", "pupils.xlsx"), fullXLSX(t), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"data/pupils.xlsx", filepath.Join(dir, "data", "pupils.xlsx")} {
		pf, l := Pupils(DirSource(dir), path, PupilOptions{})
		if len(l) > 0 {
			t.Fatalf("%s:\n%s", path, messages(l))
		}
		if got := withoutSrc(pf.Pupils); len(got) != 3 || got[0].ID != wantPupils[0].ID {
			t.Errorf("%s: pupils %+v", path, got)
		}
	}
}

func TestSheetByName(t *testing.T) {
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "Notes")
	f.NewSheet("Year 6")
	for i, v := range []any{"UPN", "Year", "KeyStage"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		f.SetCellValue("Year 6", cell, v)
	}
	f.SetSheetRow("Year 6", "A2", &[]any{upnZoe, 2025, 2})
	var b bytes.Buffer
	f.Write(&b)
	f.Close()
	src := memSource(map[string][]byte{"p.xlsx": b.Bytes()})

	pf, l := Pupils(src, "p.xlsx", PupilOptions{Sheet: "year 6", URN: "123456"})
	if len(l) > 0 || len(pf.Pupils) != 1 || pf.Sheet != "Year 6" || pf.Pupils[0].Src.Sheet != "Year 6" {
		t.Errorf("sheet by name: %+v\n%s", pf, messages(l))
	}
	_, l = Pupils(src, "p.xlsx", PupilOptions{Sheet: "Year 5"})
	if d := only(t, l); d.Message != `the workbook has no sheet named "Year 5"` || !strings.Contains(d.Hint, "Sheet1, Year 6") {
		t.Errorf("missing sheet: %v", d)
	}
}

func TestXLSXDates(t *testing.T) {
	day := time.Date(2014, 3, 9, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		dob  any
		want time.Time
		msg  string
	}{
		{"built-in 14", dateCell{t: day, numFmt: 14}, day, ""},
		{"built-in 22 with a time", dateCell{t: day.Add(13 * time.Hour), numFmt: 22}, day, ""},
		{"custom d mmmm yyyy", dateCell{t: day, custom: `d mmmm yyyy`}, day, ""},
		{"custom with locale", dateCell{t: day, custom: `[$-en-GB]dd/mm/yyyy;@`}, day, ""},
		{"text ISO", "2014-03-09", day, ""},
		{"text UK", "9/3/2014", day, ""},
		{"a serial without a date format", 41707, time.Time{}, "a number, not a date"},
		{"a serial formatted as a number", dateCell{t: day, custom: "0.00"}, time.Time{}, "a number, not a date"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := buildXLSX(t, "Sheet1", [][]any{{"UPN", "Year", "KeyStage", "DOB"}, {upnZoe, 2025, 2, tc.dob}})
			pf, l := Pupils(memSource(map[string][]byte{"p.xlsx": x}), "p.xlsx", PupilOptions{URN: "123456"})
			if tc.msg != "" {
				if d := only(t, l); d.Message != tc.msg || d.Column != "D" {
					t.Errorf("got %v", d)
				}
				return
			}
			if len(l) > 0 {
				t.Fatal(messages(l))
			}
			if got := pf.Pupils[0].ID.DOB; !got.Equal(tc.want) || got.Location() != time.UTC {
				t.Errorf("DOB = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestDate1904(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	yes := true
	if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
		t.Fatal(err)
	}
	f.SetSheetRow("Sheet1", "A1", &[]any{"UPN", "Year", "KeyStage", "DOB"})
	f.SetSheetRow("Sheet1", "A2", &[]any{upnZoe, 2025, 2, 40245}) // 2014-03-09 counted from 1904
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	f.SetCellStyle("Sheet1", "D2", "D2", style)
	var b bytes.Buffer
	f.Write(&b)
	pf, l := Pupils(memSource(map[string][]byte{"p.xlsx": b.Bytes()}), "p.xlsx", PupilOptions{URN: "123456"})
	if len(l) > 0 {
		t.Fatal(messages(l))
	}
	if got, want := pf.Pupils[0].ID.DOB, time.Date(2014, 3, 9, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("DOB = %v, want %v", got, want)
	}
}

func TestIsDateFormatCode(t *testing.T) {
	for code, want := range map[string]bool{
		"dd/mm/yyyy": true, "d-mmm-yy": true, "mmm yyyy": true, "mmmm": true, `[$-809]dd mmmm yyyy;@`: true,
		"yyyy-mm-dd hh:mm": true, "General": false, "0.00": false, "#,##0": false, "0.00E+00": false,
		"h:mm": false, "[h]:mm:ss": false, "mm:ss": false, `0 "days"`: false, `0\d`: false, "0%": false,
		`[Red]0.0;[Blue]-0.0`: false, "@": false, `_-* #,##0.00_-`: false,
	} {
		if got := isDateFormatCode(code); got != want {
			t.Errorf("isDateFormatCode(%q) = %v, want %v", code, got, want)
		}
	}
}

func TestCSVRowNumbersAndQuoting(t *testing.T) {
	csv := "UPN,Year,KeyStage,Surname\r\n" +
		upnZoe + ",2025,2,\"O'Brien\nsecond line\"\r\n" + // one row over two lines
		"\r\n" + // a blank row
		upnAoife + ",2025,2,Bad\"Quote\r\n" +
		upnSion + ",2025,X,Smith\r\n"
	pf, l := Pupils(memSource(map[string][]byte{"p.csv": []byte(csv)}), "p.csv", PupilOptions{URN: "123456"})
	if len(l) != 2 {
		t.Fatalf("want 2 diagnostics, got:\n%s", messages(l))
	}
	if d := l[0]; d.Row != 4 || d.Line != 5 || !strings.Contains(d.Message, `a " appears`) || !strings.Contains(d.Hint, `""`) {
		t.Errorf("quote error: %v", d)
	}
	if d := l[1]; d.Row != 5 || d.Column != "C" || d.Value != "X" {
		t.Errorf("the row after a quoting error: %v", d)
	}
	if len(pf.Pupils) != 2 || pf.Pupils[0].ID.Surname != "O'Brien\nsecond line" || pf.Pupils[1].Src.Row != 5 {
		t.Errorf("pupils: %+v", pf.Pupils)
	}
}

func TestCSVNotUTF8(t *testing.T) {
	// Windows-1252, as Excel's plain "CSV" saves it: ë is one byte, 0xEB.
	csv := "UPN,Year,KeyStage,Forename\r\n" + upnZoe + ",2025,2,Zo\xEB\r\n" + upnAoife + ",2025,2,Zo\xEB\r\n"
	pf, l := Pupils(memSource(map[string][]byte{"p.csv": []byte(csv)}), "p.csv", PupilOptions{URN: "123456"})
	d := only(t, l)
	if d.Row != 2 || d.Column != "D" || !strings.Contains(d.Message, "not UTF-8") || !strings.Contains(d.Message, "2 cells") ||
		!strings.Contains(d.Hint, "CSV UTF-8") {
		t.Errorf("got %v", d)
	}
	if len(pf.Pupils) != 2 || pf.Pupils[0].ID.Forename != "Zo\uFFFD" {
		t.Errorf("pupils: %+v", pf.Pupils)
	}
}

func TestTemporaryUPNAndKeyStageSpellings(t *testing.T) {
	csv := toCSV([][]string{{"UPN", "Year", "KeyStage"}, {strings.ToLower(upnSion), "202425", "KS4"}, {upnZoe, "2025.0", "ks 2"}})
	pf, l := Pupils(memSource(map[string][]byte{"p.csv": csv}), "p.csv", PupilOptions{URN: "123456"})
	if len(l) > 0 {
		t.Fatal(messages(l))
	}
	if p := pf.Pupils[0]; p.ID.UPN != upnSion || p.Year != 2025 || p.KeyStage != model.KS4 {
		t.Errorf("got %+v", p)
	}
	if p := pf.Pupils[1]; p.Year != 2025 || p.KeyStage != model.KS2 {
		t.Errorf("got %+v", p)
	}
}

func TestCSVRowWiderThanHeader(t *testing.T) {
	csv := "UPN,Year,KeyStage,Surname\n" + upnZoe + ",2025,2,Smith,,\n" + upnAoife + ",2025,2,Smith, Jones\n"
	_, l := Pupils(memSource(map[string][]byte{"p.csv": []byte(csv)}), "p.csv", PupilOptions{URN: "123456"})
	if d := only(t, l); d.Row != 3 || d.Column != "E" || d.Value != " Jones" || !strings.Contains(d.Hint, "double quotes") {
		t.Errorf("got %v", d)
	}
}
