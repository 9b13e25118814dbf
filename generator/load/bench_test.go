package load

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/reportpack/reportpack/generator/sample"
)

// benchRows makes n KS4 pupil rows with every KS4 column.
func benchRows(n int) [][]any {
	rows := [][]any{{"URN", "UPN", "Forename", "Surname", "DOB", "Year", "KeyStage", "Gender", "FSM6", "SEN",
		"FirstLanguage", "Ethnicity", "KS2_APS", "A8", "A8_Eng", "A8_Mat", "A8_EBacc", "A8_Open", "P8", "EBacc_Entered", "EM_Grade4"}}
	for i := range n {
		rows = append(rows, []any{100000 + i%100, mkUPN(fmt.Sprintf("8202001%05d", i%100000)), "Zoë", "O'Brien-Smith",
			time.Date(2009, 1+time.Month(i%12), 1+i%28, 0, 0, 0, 0, time.UTC), 2025, 4, "F", "Y", "N", "ENG", "WHIT",
			104.5, 52.5, 11, 10, 15.5, 16, 0.34, "Y", "N"})
	}
	return rows
}

func benchXLSX(b *testing.B, rows [][]any) []byte {
	f := excelize.NewFile()
	defer f.Close()
	sw, _ := f.NewStreamWriter("Sheet1")
	date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	for i, r := range rows {
		cells := make([]any, len(r))
		for j, v := range r {
			if t, ok := v.(time.Time); ok {
				v = excelize.Cell{StyleID: date, Value: t}
			}
			cells[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, cells); err != nil {
			b.Fatal(err)
		}
	}
	sw.Flush()
	var buf bytes.Buffer
	f.Write(&buf)
	return buf.Bytes()
}

func benchCSV(rows [][]any) []byte {
	s := make([][]string, len(rows))
	for i, r := range rows {
		for _, v := range r {
			if t, ok := v.(time.Time); ok {
				v = t.Format("02/01/2006")
			}
			s[i] = append(s[i], fmt.Sprint(v))
		}
	}
	return toCSV(s)
}

func BenchmarkPupils(b *testing.B) {
	rows := benchRows(10000)
	for _, tc := range []struct {
		name string
		data []byte
	}{{"p.xlsx", benchXLSX(b, rows)}, {"p.csv", benchCSV(rows)}} {
		b.Run(tc.name, func(b *testing.B) {
			src := memSource(map[string][]byte{tc.name: tc.data})
			b.SetBytes(int64(len(tc.data)))
			for b.Loop() {
				pf, l := Pupils(src, tc.name, PupilOptions{})
				if len(l) > 0 || len(pf.Pupils) != 10000 {
					b.Fatalf("%d pupils\n%s", len(pf.Pupils), messages(l))
				}
			}
		})
	}
}

// BenchmarkPupilsLA reads an LA's pupil file, as `reportpack sample
// --schools 500 --pupils 67 --years 3 --seed 1` writes it: about 100,000
// rows of both key stages from the sheet excelize's streaming writer made.
func BenchmarkPupilsLA(b *testing.B) {
	dir := b.TempDir()
	d := sample.Generate(sample.Options{Schools: 500, Pupils: 67, Years: 3, Seed: 1})
	if err := d.WriteDir(dir); err != nil {
		b.Fatal(err)
	}
	src := DirSource(dir)
	for b.Loop() {
		pf, l := Pupils(src, sample.PupilsFile, PupilOptions{})
		if len(l) > 0 || len(pf.Pupils) != len(d.Pupils) {
			b.Fatalf("%d pupils, want %d\n%s", len(pf.Pupils), len(d.Pupils), messages(l))
		}
	}
}
