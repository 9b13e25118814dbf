package spill

import (
	"fmt"
	"strconv"
	"sync"

	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/sample"
)

// ks4Subjects are the subject grade columns of a typical FFT Aspire KS4
// file, with the grades a pupil might have in them.
var ks4Subjects = []struct{ header, grades string }{
	{"English Language", "123456789"}, {"English Literature", "123456789"}, {"Mathematics", "123456789"},
	{"Combined Science", "98 87 76 65 54 44 43 33 32 22 21 11"}, {"History", "23456789"}, {"Geography", "23456789"},
	{"French", "3456789"}, {"Computer Science", "456789"}, {"Art & Design", "U3456789"},
	{"Religious Studies", "3456789"}, {"Physical Education", "3456789"}, {"Music", "456789"},
}

// realistic returns the rows of an LA with every year group on roll, made
// from package sample's pupils (KS2 and KS4 rows, with names, UPNs and
// DOBs) with what sample leaves out: a Src, KS4 subject grades, and other
// year groups' rows: of every five rows one is as sample made it, one an
// EYFS row (17 codes), one a phonics row, and two have no results (Years
// 3, 5, 7..10). schools*pupils*years rows in all, sample's order (by
// school, then year).
func realistic(schools, pupils, years int) []model.Pupil {
	key := fmt.Sprint(schools, pupils, years)
	realisticMu.Lock()
	defer realisticMu.Unlock()
	if rows, ok := realisticCache[key]; ok {
		return rows
	}
	d := sample.Generate(sample.Options{Schools: schools, Pupils: pupils, Years: years, Seed: 7})
	rows := d.Pupils
	elg := []string{"2", "2", "2", "1", "2", "2", "2", "A"}
	for i := range rows {
		p := &rows[i]
		p.Src = model.Source{File: "data/pupils-" + strconv.Itoa(int(p.Year)) + ".xlsx", Sheet: "Pupils", Row: 2 + i%20000}
		switch i % 5 {
		case 0: // as made: a KS2 or KS4 row
			if p.KeyStage == model.KS4 {
				p.NCYear = 11
				for j, s := range ks4Subjects {
					if (i+j)%4 == 0 {
						continue // not every pupil takes every subject
					}
					g := string(s.grades[(i*7+j)%len(s.grades)])
					if s.header == "Combined Science" {
						k := (i + j) % 12 * 3
						g = s.grades[k : k+2]
					}
					p.KS4.Grades = append(p.KS4.Grades, model.SubjectGrade{Header: s.header,
						Column: string(rune('P'+j%10)) + string(rune('A'+j)), Value: g, Subject: s.header, Result: g})
				}
			} else {
				p.NCYear = 6
			}
			continue
		case 1:
			p.NCYear = 0
			vals := make([]model.Value, 17)
			for j := range vals {
				vals[j] = model.Value{Code: elg[(i+j*3)%len(elg)]}
			}
			p.Results = []model.Result{{Assessment: "eyfs", Values: vals}}
		case 2:
			p.NCYear = 1
			mark := float64(20 + i%21)
			out := "Wa"
			if mark < 32 {
				out = "Wt"
			}
			p.Results = []model.Result{{Assessment: "phonics", Values: []model.Value{{Num: mark, IsNum: true}, {Code: out}, {}}}}
		default:
			p.NCYear = model.NCYear(3 + i%8)
		}
		p.KeyStage, p.KS2, p.KS4 = "", model.KS2Result{}, model.KS4Result{}
	}
	realisticCache[key] = rows
	return rows
}

var (
	realisticMu    sync.Mutex
	realisticCache = map[string][]model.Pupil{}
)
