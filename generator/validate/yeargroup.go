package validate

import (
	"fmt"

	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/model"
)

// yearGroups gives each merged pupil its year group and checks its results
// against it, for files read with load's YearGroupElsewhere: a phonics or
// EYFS export keyed by UPN takes the year group from the census. A pupil
// no file gives a year group is an error, and so is a result in a column
// of other year groups (a phonics mark for a Year 5 pupil).
func yearGroups(s *pupilSet) diag.List {
	var l diag.List
	as := assess.Declared()
	for j := range s.pupils {
		p := &s.pupils[j]
		if p.NCYear == model.NoNCYear {
			p.NCYear = yearGroup(p)
		}
		if p.NCYear == model.NoNCYear {
			d := s.cite(j, s.rows[j][0], "", colNCYear)
			d.Message = "no year group for this pupil in any pupil file"
			d.Hint = "give the year group (NCYear: R, 1 to 14) in one of the files, such as the census: rows of one pupil are matched on URN, UPN and year"
			l.Add(d)
			continue
		}
		unchecked := false
		for _, o := range s.rows[j] {
			unchecked = unchecked || o.p.NCYear == model.NoNCYear
		}
		if !unchecked {
			continue // load checked every row against its own year group
		}
		for _, a := range as {
			vs := p.Result(a.ID)
			for i, v := range vs {
				if v.Blank() || a.TakesNCYear(i, p.NCYear) {
					continue
				}
				d := s.declaredCell(j, a, i)
				ys := a.NCYears
				if len(a.Columns[i].NCYears) > 0 {
					ys = a.Columns[i].NCYears
				}
				d.Message = fmt.Sprintf("%s is for %s; this pupil is in %s (the year group another file gives)",
					a.Columns[i].Name, assess.YearGroups(ys), p.NCYear)
				d.Hint = "is the UPN, the year or the year group wrong? Rows of one pupil are matched on URN, UPN and year"
				l.Add(d)
			}
		}
	}
	return l
}
