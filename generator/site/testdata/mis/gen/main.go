// Command gen writes the MIS-shaped fixtures under generator/site/testdata/mis:
// synthetic exports in the shapes SIMS, Arbor and Bromcom give them (see each
// folder's README.md for where the headers come from). Every pupil is
// invented: names from short lists, UPNs made up with valid check letters,
// results drawn from a fixed seed. Run from the repository root:
//
//	go run ./generator/site/testdata/mis/gen
package main

import (
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/reportpack/reportpack/generator/model"
)

const dir = "generator/site/testdata/mis"

var (
	forenames = []string{"Amara", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Hamza", "Isla", "Jack",
		"Kai", "Lena", "Mo", "Nia", "Oscar", "Priya", "Quinn", "Rosa", "Sami", "Tia", "Umar", "Vera", "Wren", "Yusuf"}
	surnames = []string{"Ashdown", "Brackley", "Cindergate", "Dunmere", "Ellerby", "Fallowfield", "Greyholt",
		"Hartwell", "Ivybridge", "Jessop", "Kettering", "Larkspur", "Marlow", "Nettlefold", "Oakhurst", "Pennyworth"}
	ethnic    = []string{"WBRI", "WBRI", "WBRI", "WIRI", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "AIND", "APKN", "ABAN", "BCRB", "BAFR", "CHNE", "OOTH", "REFU"}
	ethnicArb = map[string]string{"WBRI": "White - British", "WIRI": "White - Irish", "WOTH": "Any other White background",
		"WROM": "Gypsy / Roma", "MWBC": "White and Black Caribbean", "MWBA": "White and Black African", "MWAS": "White and Asian",
		"AIND": "Indian", "APKN": "Pakistani", "ABAN": "Bangladeshi", "BCRB": "Black Caribbean", "BAFR": "Black - African",
		"CHNE": "Chinese", "OOTH": "Any other ethnic group", "REFU": "Refused"}
)

func upn(la, estab string, n int) string {
	body := fmt.Sprintf("%s%s%02d%03d", la, estab, 14, n)
	l, _ := model.UPNCheckLetter("A" + body)
	return string(l) + body
}

type pupil struct {
	upn, fore, sur, gender, eth string
	dob                         time.Time
	eal, fsm, fsm6, cla, pp     bool
	sen                         string
	read, mat                   int // KS2 scaled scores (0: none)
	grades                      []string
	gps                         int
	writ                        string
}

func pupils(r *rand.Rand, n int, la, estab string, ks4 bool) []pupil {
	var out []pupil
	for i := range n {
		p := pupil{upn: upn(la, estab, i+1), fore: forenames[r.IntN(len(forenames))], sur: surnames[r.IntN(len(surnames))],
			gender: []string{"M", "F"}[r.IntN(2)], eth: ethnic[r.IntN(len(ethnic))],
			eal: r.IntN(5) == 0, fsm: r.IntN(5) == 0, cla: r.IntN(25) == 0, sen: []string{"N", "N", "N", "N", "K", "E"}[r.IntN(6)]}
		p.fsm6 = p.fsm || r.IntN(6) == 0
		p.pp = p.fsm6 || p.cla
		year := 2009
		if !ks4 {
			year = 2014
		}
		p.dob = time.Date(year, time.Month(9+r.IntN(12))%12+1, 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
		p.read, p.mat = 85+r.IntN(35), 85+r.IntN(35)
		if r.IntN(12) == 0 {
			p.read = 0 // no reading score: KS2_APS is the maths score alone
		}
		ability := (p.read + p.mat) / 2
		grade := func() string {
			g := (ability-80)/5 + r.IntN(3) - 1
			return fmt.Sprint(min(9, max(1, g)))
		}
		if ks4 {
			a := grade()
			b := a
			if a > "1" && r.IntN(2) == 0 {
				b = string(a[0] - 1) // combined science: two grades, at most one apart, highest first
			}
			p.grades = []string{grade(), grade(), grade(), a + b, grade(), grade(), grade(), grade()}
		} else {
			p.gps = 85 + r.IntN(35)
			p.writ = []string{"WTS", "EXS", "EXS", "GDS"}[r.IntN(4)]
		}
		out = append(out, p)
	}
	return out
}

func yn(b bool, y, n string) string {
	if b {
		return y
	}
	return n
}

func score(n int) any {
	if n == 0 {
		return ""
	}
	return n
}

var subjects = []string{"English Language", "English Literature", "Mathematics", "Combined Science",
	"History", "Geography", "French", "Art and Design"}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

func setRow(f *excelize.File, sheet string, row int, vals []any, date *int) {
	for c, v := range vals {
		name, _ := excelize.CoordinatesToCellName(c+1, row)
		must(f.SetCellValue(sheet, name, v))
		if t, ok := v.(time.Time); ok && date != nil {
			must(f.SetCellValue(sheet, name, t))
			must(f.SetCellStyle(sheet, name, name, *date))
		}
	}
}

// sims: one workbook, title rows above the header (as a SIMS report
// exported to Excel is often laid out), booleans as T/F, "Year" the year
// group, ethnicity as census codes, EAL Yes/No, KS2 scaled scores and a
// grade per subject.
func sims() {
	r := rand.New(rand.NewPCG(1, 1))
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Student List"
	must(f.SetSheetName("Sheet1", sheet))
	date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	setRow(f, sheet, 1, []any{"Year 11 Results Analysis"}, nil)
	setRow(f, sheet, 2, []any{"Northmoor High School (synthetic) - 2024/25"}, nil)
	header := []any{"Adno", "UPN", "Legal Surname", "Legal Forename", "DOB", "Gender", "Year", "Reg", "Ethnicity", "EAL",
		"FSM Eligible", "Ever 6 FSM", "In Care", "SEN Status", "Pupil Premium Indicator",
		"KS2 Reading Scaled Score", "KS2 Maths Scaled Score"}
	for _, s := range subjects {
		header = append(header, s)
	}
	setRow(f, sheet, 4, header, nil)
	for i, p := range pupils(r, 40, "820", "4001", true) {
		row := []any{fmt.Sprintf("%06d", 2000+i), p.upn, p.sur, p.fore, p.dob, p.gender, "Year 11", "11" + string(rune('A'+i%3)),
			p.eth, yn(p.eal, "Yes", "No"), yn(p.fsm, "T", "F"), yn(p.fsm6, "T", "F"), yn(p.cla, "T", "F"), p.sen, yn(p.pp, "T", "F"),
			score(p.read), score(p.mat)}
		for _, g := range p.grades {
			row = append(row, g)
		}
		setRow(f, sheet, 5+i, row, &date)
	}
	must(f.SaveAs(filepath.Join(dir, "sims", "data", "pupils.xlsx")))
}

// arbor: a CSV of two schools of a trust, header in row 1, names as
// "Legal first name", flags Yes/No, ethnicity and SEN status in words,
// the DfE's KS4 figures under their own headers.
func arbor() {
	r := rand.New(rand.NewPCG(2, 2))
	f, err := os.Create(filepath.Join(dir, "arbor", "data", "students.csv"))
	must(err)
	defer f.Close()
	w := csv.NewWriter(f)
	w.UseCRLF = true
	must(w.Write([]string{"School URN", "Academic year", "UPN", "Legal first name", "Legal last name", "Date of birth", "Gender",
		"Year group", "Ethnicity", "EAL", "FSM", "Ever 6 FSM", "Looked after", "SEN status", "Pupil Premium Eligible",
		"KS2 Reading Scaled Score", "KS2 Maths Scaled Score", "Attainment 8", "EBacc entered", "EBacc APS",
		"English and maths 5+", "English and maths 4+"}))
	sen := map[string]string{"N": "No SEN", "K": "SEN Support", "E": "EHC Plan"}
	for s, urn := range []string{"139001", "139002"} {
		for _, p := range pupils(r, 36, "821", fmt.Sprintf("%04d", 4100+s), true) {
			a8 := 0
			for _, g := range p.grades[:6] {
				var n int
				fmt.Sscan(g[:1], &n)
				a8 += n
			}
			a8 = a8 * 9 / 6
			em5, em4 := p.grades[0] >= "5" && p.grades[2] >= "5", p.grades[0] >= "4" && p.grades[2] >= "4"
			gender := map[string]string{"M": "Male", "F": "Female"}[p.gender]
			must(w.Write([]string{urn, "2024/25", p.upn, p.fore, p.sur, p.dob.Format("02/01/2006"), gender, "Year 11",
				ethnicArb[p.eth], yn(p.eal, "Yes", "No"), yn(p.fsm, "Yes", "No"), yn(p.fsm6, "Yes", "No"), yn(p.cla, "Yes", "No"),
				sen[p.sen], yn(p.pp, "Yes", "No"), fmt.Sprint(score(p.read)), fmt.Sprint(score(p.mat)), fmt.Sprint(a8),
				yn(r.IntN(3) == 0, "Yes", "No"), fmt.Sprintf("%.2f", float64(a8)/10), yn(em5, "Yes", "No"), yn(em4, "Yes", "No")}))
		}
	}
	w.Flush()
	must(w.Error())
}

// bromcom: a workbook whose first sheet describes the report and whose
// second holds the students; "Legal Last Name", "Year Group" as "Year 6",
// Male/Female, Y/N flags, KS2 results.
func bromcom() {
	r := rand.New(rand.NewPCG(3, 3))
	f := excelize.NewFile()
	defer f.Close()
	must(f.SetSheetName("Sheet1", "Report Details"))
	setRow(f, "Report Details", 1, []any{"Report", "Year 6 KS2 outcomes (synthetic)"}, nil)
	setRow(f, "Report Details", 2, []any{"Run by", "Data manager"}, nil)
	_, err := f.NewSheet("Students")
	must(err)
	date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	setRow(f, "Students", 1, []any{"Legal Last Name", "Legal First Name", "UPN", "Date of Birth", "Gender", "Year Group",
		"Tutor Group", "Ethnicity", "EAL", "FSM", "FSM Ever 6", "CLA", "SEN Status", "Pupil Premium",
		"Reading Scaled Score", "Maths Scaled Score", "GPS Scaled Score", "Writing TA"}, nil)
	for i, p := range pupils(r, 30, "822", "2001", false) {
		if p.read == 0 {
			p.read = 95
		}
		gender := map[string]string{"M": "Male", "F": "Female"}[p.gender]
		setRow(f, "Students", 2+i, []any{p.sur, p.fore, p.upn, p.dob, gender, "Year 6", "6" + string(rune('A'+i%2)), p.eth,
			yn(p.eal, "Y", "N"), yn(p.fsm, "Y", "N"), yn(p.fsm6, "Y", "N"), yn(p.cla, "Y", "N"), p.sen, yn(p.pp, "Y", "N"),
			p.read, p.mat, p.gps, p.writ}, &date)
	}
	must(f.SaveAs(filepath.Join(dir, "bromcom", "data", "pupils.xlsx")))
}

func main() {
	for _, d := range []string{"sims", "arbor", "bromcom"} {
		must(os.MkdirAll(filepath.Join(dir, d, "data"), 0o755))
	}
	sims()
	arbor()
	bromcom()
}
