package validate

import (
	"fmt"

	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/model"
)

// carryKey is a pupil in a year, at any school.
type carryKey struct {
	y   model.Year
	upn string
}

// carry applies the declared assessments' Carry rules across every school
// in the data: column To of a row in year Y and year group AtNCYear takes
// column From of the same UPN's row in year Y−1 and year group FromNCYear
// where it is blank (a Year 2 pupil's Year 1 phonics outcome). A row that
// gives both, differing, is an error naming both rows. A row that had no
// cell of the assessment takes it, then, with the carried one.
func carry(s *pupilSet) diag.List {
	cs := carrySources{}
	cs.scan(s, nil)
	return cs.apply(s)
}

// carryRule is a declared assessment's Carry rule i.
type carryRule struct {
	a *assess.Assessment
	i int
}

// carrySource is the cell a Carry rule carries for a year and UPN: that
// of the first such row in the files' order, wherever it is.
type carrySource struct {
	at    rowOrder
	v     model.Value
	urn   model.URN
	year  model.Year
	place string // the cell's place, for an error
}

// carrySources are the cells each Carry rule carries, by year and UPN:
// all that carry needs of the other schools. Every source is found before
// any cell is carried, as no rule carries into another's source.
type carrySources map[carryRule]map[carryKey]carrySource

// scan adds the set's rows that a Carry rule carries from. intern, when
// set, gives the strings to keep (a decoded school's are not to be kept).
func (cs carrySources) scan(s *pupilSet, intern func(string) string) {
	for _, a := range assess.Declared() {
		for i, cr := range a.Carry {
			r := carryRule{a, i}
			for j := range s.pupils {
				p := &s.pupils[j]
				if p.ID.UPN == "" || yearGroup(p) != cr.FromNCYear || valueOf(p, a.ID, cr.From).Blank() {
					continue
				}
				k := carryKey{p.Year, p.ID.UPN}
				at := s.order(j)
				if old, ok := cs[r][k]; ok && !at.less(old.at) {
					continue
				}
				if cs[r] == nil {
					cs[r] = map[carryKey]carrySource{}
				}
				src := carrySource{at: at, v: valueOf(p, a.ID, cr.From), urn: p.URN, year: p.Year,
					place: s.declaredCell(j, a, cr.From).Place()}
				if intern != nil {
					k.upn, src.urn, src.v.Code = intern(k.upn), model.URN(intern(string(src.urn))), intern(src.v.Code)
				}
				cs[r][k] = src
			}
		}
	}
}

// apply carries the cells into the set's rows that take them.
func (cs carrySources) apply(s *pupilSet) diag.List {
	var l diag.List
	for _, a := range assess.Declared() {
		for i, cr := range a.Carry {
			from := cs[carryRule{a, i}]
			if len(from) == 0 {
				continue
			}
			for j := range s.pupils {
				p := &s.pupils[j]
				if p.ID.UPN == "" || yearGroup(p) != cr.AtNCYear {
					continue
				}
				src, ok := from[carryKey{p.Year - 1, p.ID.UPN}]
				if !ok {
					continue
				}
				switch cur := valueOf(p, a.ID, cr.To); {
				case cur.Blank():
					setValue(p, a, cr.To, src.v)
				case cur != src.v:
					d := s.declaredCell(j, a, cr.To)
					d.Message = fmt.Sprintf("%q, but the pupil's %s row of %s (URN %s: %s) has %q",
						showValue(cur), cr.FromNCYear, src.year, src.urn, src.place, showValue(src.v))
					d.Hint = fmt.Sprintf("correct one of the two, or leave %s blank to take the %s row's",
						a.Columns[cr.To].Name, cr.FromNCYear)
					l.Add(d)
				}
			}
		}
	}
	return l
}

// setValue sets the row's cell col of the assessment, giving it the
// assessment's cells when it had none.
func setValue(p *model.Pupil, a *assess.Assessment, col int, v model.Value) {
	for i := range p.Results {
		if r := &p.Results[i]; r.Assessment == a.ID {
			for len(r.Values) <= col {
				r.Values = append(r.Values, model.Value{})
			}
			r.Values[col] = v
			return
		}
	}
	vs := make([]model.Value, len(a.Columns))
	vs[col] = v
	p.Results = append(p.Results, model.Result{Assessment: a.ID, Values: vs})
}

// declaredCell locates pupil j's cell of an assessment's column: in the
// row of the file that gives it, else in the first of its rows whose file
// has the column, else its first row (naming the column).
func (s *pupilSet) declaredCell(j int, a *assess.Assessment, col int) diag.Diagnostic {
	c := declaredColumn(a, col)
	o := s.giver(j, func(o origin) bool { return !valueOf(o.p, a.ID, col).Blank() })
	if valueOf(o.p, a.ID, col).Blank() {
		o = s.giver(j, func(o origin) bool { return s.layout(o).Has(c) })
	}
	return s.cite(j, o, showValue(valueOf(&s.pupils[j], a.ID, col)), c)
}

// declaredChecks runs each declared assessment's Check on every row that
// takes it: each problem is an error at the cell it names.
func declaredChecks(s *pupilSet, params model.NationalParams) diag.List {
	var l diag.List
	as := assess.Declared()
	for j := range s.pupils {
		p := &s.pupils[j]
		for _, a := range as {
			if a.Check == nil || !p.Takes(a.ID) {
				continue
			}
			for _, pr := range a.Check(assess.NewRow(a, p, params)) {
				var d diag.Diagnostic
				if pr.Column >= 0 && pr.Column < len(a.Columns) {
					d = s.declaredCell(j, a, pr.Column)
				} else {
					d = s.cite(j, s.rows[j][0], "", load.Column(a.Short))
				}
				d.Message, d.Hint = pr.Message, pr.Hint
				l.Add(d)
			}
		}
	}
	return l
}
