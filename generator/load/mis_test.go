package load

import (
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/model"
)

// The census's 4-letter codes and descriptions read as their major group.
func TestCensusEthnicity(t *testing.T) {
	for code, want := range map[string]model.Ethnicity{
		"WBRI": model.EthnicityWhite, "WIRI": model.EthnicityWhite, "WOTH": model.EthnicityWhite,
		"WIRT": model.EthnicityWhite, "WROM": model.EthnicityWhite, "MWBC": model.EthnicityMixed,
		"MWBA": model.EthnicityMixed, "MWAS": model.EthnicityMixed, "MOTH": model.EthnicityMixed,
		"AIND": model.EthnicityAsian, "APKN": model.EthnicityAsian, "ABAN": model.EthnicityAsian,
		"AOTH": model.EthnicityAsian, "BCRB": model.EthnicityBlack, "BAFR": model.EthnicityBlack,
		"BOTH": model.EthnicityBlack, "CHNE": model.EthnicityChinese, "OOTH": model.EthnicityOther,
		"REFU": model.EthnicityUnclassified, "NOBT": model.EthnicityUnclassified,
		"WHIT": model.EthnicityWhite, "wbri": model.EthnicityWhite, "White - British": model.EthnicityWhite,
		"Black, African": model.EthnicityBlack, "Any other ethnic group": model.EthnicityOther,
	} {
		var p model.Pupil
		if problem, _ := ethnicity(&p, cell{Text: code}); problem != "" || p.Chars.Ethnicity != want {
			t.Errorf("%s: %v %q, want %v", code, p.Chars.Ethnicity, problem, want)
		}
	}
}

// load runs Pupils on one CSV or XLSX file.
func loadOne(t *testing.T, name string, data []byte, opt PupilOptions) (PupilFile, diag.List) {
	t.Helper()
	return Pupils(memSource(map[string][]byte{name: data}), name, opt)
}

// Each case once gave a silent wrong result or an unhelpful one; now it
// reads, or says what is wrong, naming the file, row, column and value.
func TestMISExports(t *testing.T) {
	zoe, aoife := upnZoe, upnAoife
	tests := []struct {
		name  string
		rows  [][]string
		opt   PupilOptions
		check func(t *testing.T, pf PupilFile)
		diag  string // a diagnostic's text, "" for none
		row   int
		col   string
	}{
		{name: "WBRI counts as White",
			rows: [][]string{{"UPN", "Year", "KeyStage", "Ethnicity"}, {zoe, "2025", "2", "WBRI"}},
			check: func(t *testing.T, pf PupilFile) {
				if pf.Pupils[0].Chars.Ethnicity != model.EthnicityWhite {
					t.Errorf("ethnicity %v", pf.Pupils[0].Chars.Ethnicity)
				}
			}},
		{name: "EAL Yes/No mapped onto FirstLanguage",
			rows: [][]string{{"UPN", "Year", "KeyStage", "EAL"}, {zoe, "2025", "2", "Yes"}, {aoife, "2025", "2", "no"}},
			opt: PupilOptions{Columns: map[string]string{"first_language": "EAL"},
				Values: map[string]map[string]string{"first_language": {"Yes": "OTH", "No": "ENG"}}},
			check: func(t *testing.T, pf PupilFile) {
				if pf.Pupils[0].Chars.Language != model.LanguageOther || pf.Pupils[1].Chars.Language != model.LanguageEnglish {
					t.Errorf("languages %v %v", pf.Pupils[0].Chars.Language, pf.Pupils[1].Chars.Language)
				}
			}},
		{name: "EAL mapped without a value map says how to map values",
			rows: [][]string{{"UPN", "Year", "KeyStage", "EAL"}, {zoe, "2025", "2", "Yes"}},
			opt:  PupilOptions{Columns: map[string]string{"first_language": "EAL"}},
			diag: "[data.values.first_language]", row: 2, col: "D"},
		{name: "Pupil Premium Indicator onto Disadvantaged",
			rows: [][]string{{"UPN", "Year", "KeyStage", "Pupil Premium Indicator"}, {zoe, "2025", "2", "T"}},
			opt: PupilOptions{Columns: map[string]string{"disadvantaged": "Pupil Premium Indicator"},
				Values: map[string]map[string]string{"disadvantaged": {"T": "Y", "F": "N"}}},
			check: func(t *testing.T, pf PupilFile) {
				if !pf.Pupils[0].Chars.Disadvantaged.Yes() {
					t.Error("not disadvantaged")
				}
			}},
		{name: "defaults for year, URN and key stage",
			rows: [][]string{{"UPN", "Gender"}, {zoe, "F"}},
			opt:  PupilOptions{Defaults: map[string]string{"year": "2024/25", "key_stage": "4", "urn": "123456"}},
			check: func(t *testing.T, pf PupilFile) {
				p := pf.Pupils[0]
				if p.Year != 2025 || p.KeyStage != model.KS4 || p.URN != "123456" {
					t.Errorf("pupil %+v", p)
				}
			}},
		// A year group's rows take its key stage when they carry its
		// results (whole-school.md): a Year 11 row with none is on roll,
		// in no key stage.
		{name: "Year Group fills NCYear",
			rows: [][]string{{"UPN", "Year", "Year Group", "A8", "Read_SS"},
				{zoe, "2025", "Year 11", "50", ""}, {aoife, "2025", "6", "", "100"}, {upnSion, "2025", "Y11", "", ""}},
			check: func(t *testing.T, pf PupilFile) {
				var got []string
				for _, p := range pf.Pupils {
					got = append(got, p.NCYear.String()+" "+string(p.KeyStage))
				}
				if want := "Year 11 ks4,Year 6 ks2,Year 11 "; strings.Join(got, ",") != want {
					t.Errorf("got %q, want %q", strings.Join(got, ","), want)
				}
			}},
		{name: "Year 9 is a year group now",
			rows: [][]string{{"UPN", "Year", "Year Group"}, {zoe, "2025", "Year 9"}},
			check: func(t *testing.T, pf PupilFile) {
				if p := pf.Pupils[0]; p.NCYear != 9 || p.KeyStage != "" {
					t.Errorf("pupil %v %q", p.NCYear, p.KeyStage)
				}
			}},
		{name: "not a year group",
			rows: [][]string{{"UPN", "Year", "Year Group"}, {zoe, "2025", "Year 15"}},
			diag: "not a year group", row: 2, col: "C"},
		{name: "year group and key stage disagree",
			rows: [][]string{{"UPN", "Year", "KeyStage", "Year Group"}, {zoe, "2025", "2", "Year 11"}},
			diag: "disagree", row: 2, col: "D"},
		{name: "a year group in the Year column",
			rows: [][]string{{"UPN", "Year", "KeyStage"}, {zoe, "Year 11", "4"}},
			diag: "looks like a year group", row: 2, col: "B"},
		{name: "no year column and no default",
			rows: [][]string{{"UPN", "KeyStage"}, {zoe, "4"}},
			diag: "[data.defaults] year", row: 1},
		{name: "KS2_APS from reading and maths",
			rows: [][]string{{"UPN", "Year", "KeyStage", "KS2_Read_SS", "KS2_Mat_SS"},
				{zoe, "2025", "4", "104", "107"}, {aoife, "2025", "4", "", "99"}},
			check: func(t *testing.T, pf PupilFile) {
				if a := pf.Pupils[0].KS4.KS2APS; !a.Valid || a.V != 105.5 {
					t.Errorf("APS %+v", a)
				}
				if a := pf.Pupils[1].KS4.KS2APS; !a.Valid || a.V != 99 {
					t.Errorf("APS from maths alone %+v", a)
				}
			}},
		{name: "KS2_APS wins over reading and maths",
			rows: [][]string{{"UPN", "Year", "KeyStage", "KS2_APS", "KS2_Read_SS", "KS2_Mat_SS"}, {zoe, "2025", "4", "100", "104", "107"}},
			check: func(t *testing.T, pf PupilFile) {
				if a := pf.Pupils[0].KS4.KS2APS; a.V != 100 {
					t.Errorf("APS %+v", a)
				}
			}},
		{name: "a KS2 prior score out of range",
			rows: [][]string{{"UPN", "Year", "KeyStage", "KS2_Read_SS"}, {zoe, "2025", "4", "130"}},
			diag: "out of range", row: 2, col: "D"},
		{name: "KS2 scores under a header not read",
			rows: [][]string{{"UPN", "Year", "KeyStage", "KS2 Reading Scaled Score"}, {zoe, "2025", "4", "104"}},
			diag: "Progress 8 cannot be worked out", row: 1, col: "D"},
		{name: "title rows above the header",
			rows: [][]string{{"Year 11 results 2024/25"}, {}, {"UPN", "Year", "KeyStage"}, {zoe, "2025", "4"}},
			check: func(t *testing.T, pf PupilFile) {
				if len(pf.Pupils) != 1 || pf.Pupils[0].Src.Row != 4 {
					t.Errorf("pupils %+v", pf.Pupils)
				}
			}},
		{name: "header_row names a blank row",
			rows: [][]string{{"UPN", "Year", "KeyStage"}, {zoe, "2025", "4"}},
			opt:  PupilOptions{HeaderRow: 5},
			diag: "header_row", row: 5},
		{name: "a column with values but no header",
			rows: [][]string{{"UPN", "Year", "KeyStage", "", "Gender"}, {zoe, "2025", "4", "WBRI", "F"}},
			diag: "has values but no header", row: 2, col: "D"},
		{name: "Legal Surname is not offered as URN",
			rows: [][]string{{"UPN", "Year", "KeyStage", "Legal Surname"}, {zoe, "2025", "4", "Smith"}},
			check: func(t *testing.T, pf PupilFile) {
				if h := ClosestHeader(ColURN, pf.Ignored); h != "" {
					t.Errorf("URN offered %q", h)
				}
				if h := ClosestHeader(ColUPN, []string{"Pupil UPN"}); h != "Pupil UPN" {
					t.Errorf("Pupil UPN not offered for UPN: %q", h)
				}
			}},
		{name: "preset sims",
			rows: [][]string{{"UPN", "Legal Surname", "Legal Forename", "Year", "EAL", "FSM Eligible", "SEN Status", "KS2 Reading SS"},
				{zoe, "O'Brien", "Zoë", "Year 11", "Yes", "T", "K", "104"}},
			opt: PupilOptions{Preset: "sims", Defaults: map[string]string{"year": "2025"}},
			check: func(t *testing.T, pf PupilFile) {
				p := pf.Pupils[0]
				if p.ID.Surname != "O'Brien" || p.NCYear != 11 || p.KeyStage != model.KS4 || p.KS4.KS2APS.V != 104 ||
					p.Chars.Language != model.LanguageOther ||
					!p.Chars.FSM.Yes() || p.Chars.SEN != model.SENSupport {
					t.Errorf("pupil %+v", p)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pf, l := loadOne(t, "p.csv", toCSV(tt.rows), tt.opt)
			if tt.diag == "" {
				if len(l) > 0 {
					t.Fatalf("unexpected: %s", messages(l))
				}
				tt.check(t, pf)
				return
			}
			for _, d := range l {
				if strings.Contains(d.String(), tt.diag) {
					if d.File != "p.csv" || d.Row != tt.row || d.Column != tt.col {
						t.Errorf("at %s row %d column %q, want row %d column %q: %s", d.File, d.Row, d.Column, tt.row, tt.col, d)
					}
					return
				}
			}
			t.Fatalf("no diagnostic says %q:\n%s", tt.diag, messages(l))
		})
	}
}

// A workbook: the data on the second sheet, title rows above the header,
// and a header cell merged over two columns.
func TestWorkbookShapes(t *testing.T) {
	mk := func(t *testing.T, merge bool) []byte {
		f := excelize.NewFile()
		defer f.Close()
		f.SetCellValue("Sheet1", "A1", "Notes: exported from the MIS")
		f.NewSheet("Pupils")
		rows := [][]any{{"Year 11 2024/25"}, {}, {"UPN", "Year", "KeyStage", "Ethnicity", "", "Gender"},
			{upnZoe, "2025", "4", "WBRI", "x", "F"}}
		for r, row := range rows {
			for c, v := range row {
				name, _ := excelize.CoordinatesToCellName(c+1, r+1)
				f.SetCellValue("Pupils", name, v)
			}
		}
		if merge {
			f.MergeCell("Pupils", "D3", "E3")
		}
		b, err := f.WriteToBuffer()
		if err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	tests := []struct {
		name   string
		merge  bool
		sheet  string
		want   string
		sev    diag.Severity
		row    int
		column string
	}{
		{"data on the second sheet", false, "", "read the pupils from sheet \"Pupils\"", diag.Warning, 0, ""},
		{"a merged header cell", true, "Pupils", "merged with D3 (D3:E3)", diag.Error, 4, "E"},
		{"a blank header cell", false, "Pupils", "has values but no header", diag.Warning, 4, "E"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pf, l := loadOne(t, "p.xlsx", mk(t, tt.merge), PupilOptions{Sheet: tt.sheet})
			if len(pf.Pupils) != 1 || pf.Sheet != "Pupils" || pf.Pupils[0].Chars.Ethnicity != model.EthnicityWhite {
				t.Fatalf("pupils %+v in %q: %s", pf.Pupils, pf.Sheet, messages(l))
			}
			for _, d := range l {
				if strings.Contains(d.Message, tt.want) {
					if d.Severity != tt.sev || d.Row != tt.row || d.Column != tt.column || d.Sheet != "Pupils" {
						t.Errorf("got %s (severity %v), want row %d column %q", d, d.Severity, tt.row, tt.column)
					}
					return
				}
			}
			t.Fatalf("no diagnostic says %q:\n%s", tt.want, messages(l))
		})
	}
}

func TestSchoolsFile(t *testing.T) {
	good := "URN,Name,Phase,LA_Code\n100001,Northfield Academy,Secondary,201\n100002,\"Greenbridge Primary, The\",Primary,\n"
	rows, l := Schools(memSource(map[string][]byte{"s.csv": []byte(good)}), "s.csv")
	if len(l) > 0 || len(rows) != 2 || rows[1].Name != "Greenbridge Primary, The" || rows[0].LACode != "201" {
		t.Fatalf("%+v %s", rows, messages(l))
	}
	for _, tt := range []struct{ name, src, want, col string }{
		{"bad URN", "URN,Name\n10001,A\n", "not a URN", "A"},
		{"URN twice", "URN,Name\n100001,A\n100001,B\n", "row 2 too", "A"},
		{"blank name", "URN,Name\n100001,\n", "blank", "B"},
		{"bad LA code", "URN,Name,LA Code\n100001,A,20\n", "not an LA code", "C"},
		{"no name column", "URN,Phase\n100001,Primary\n", "no Name column", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, l := Schools(memSource(map[string][]byte{"s.csv": []byte(tt.src)}), "s.csv")
			if !l.HasErrors() || !strings.Contains(l[0].String(), tt.want) || l[0].Column != tt.col || l[0].File != "s.csv" {
				t.Errorf("got %s", messages(l))
			}
		})
	}
}

func TestColumnKey(t *testing.T) {
	for c, want := range map[Column]string{ColFirstLanguage: "first_language", ColKS2ReadSS: "ks2_read_ss",
		ColPostLAC: "post_lac", ColNCYear: "nc_year", ColEBaccEntered: "ebacc_entered", ColKS1APS: "ks1_aps"} {
		if got := columnKey(c); got != want {
			t.Errorf("%s: %q, want %q", c, got, want)
		}
	}
}
