package validate

import (
	"cmp"
	"maps"
	"slices"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/model"
)

// ks4Flags are the key stage 4 yes/no figures a percentage counts a blank
// in as "not achieved".
var ks4Flags = []struct {
	col load.Column
	get func(*model.KS4Result) model.Flag
}{
	{load.ColEBaccEntered, func(r *model.KS4Result) model.Flag { return r.EBaccEntered }},
	{load.ColEMGrade5, func(r *model.KS4Result) model.Flag { return r.EMGrade5 }},
	{load.ColEMGrade4, func(r *model.KS4Result) model.Flag { return r.EMGrade4 }},
}

// KS4Flags checks, once subject grades have filled in what they can
// (package grades; call it after grades.Apply), that each file's key stage
// 4 pupils have the yes/no figures its percentages count. A blank counts
// as not achieved, so a file in which no pupil has one (the column missing
// or empty, and no grades to work it out from) would show 0%: a missing
// column, not a result.
func KS4Flags(pupils []model.Pupil) diag.List {
	var c FlagsCheck
	c.Add(pupils)
	return c.Diagnostics()
}

// FlagsCheck is KS4Flags a school at a time: Add each school's pupils,
// then Diagnostics. The zero value is ready to use.
type FlagsCheck struct {
	known map[flagSheet][]bool
}

// flagSheet is a pupil file's sheet.
type flagSheet struct{ file, name string }

// Add notes the pupils' key stage 4 figures.
func (c *FlagsCheck) Add(pupils []model.Pupil) {
	if c.known == nil {
		c.known = map[flagSheet][]bool{}
	}
	for i := range pupils {
		p := &pupils[i]
		if p.KeyStage != model.KS4 {
			continue
		}
		s := flagSheet{p.Src.File, p.Src.Sheet}
		k, ok := c.known[s]
		if !ok {
			k = make([]bool, len(ks4Flags))
			c.known[s] = k
		}
		for j, f := range ks4Flags {
			k[j] = k[j] || f.get(&p.KS4).Known()
		}
	}
}

// Diagnostics reports the files whose key stage 4 pupils lack a figure.
func (c *FlagsCheck) Diagnostics() diag.List {
	var l diag.List
	for _, s := range slices.SortedFunc(maps.Keys(c.known), func(a, b flagSheet) int {
		return cmp.Or(cmp.Compare(a.file, b.file), cmp.Compare(a.name, b.name))
	}) {
		for j, f := range ks4Flags {
			if c.known[s][j] {
				continue
			}
			l.Add(diag.Diagnostic{File: s.file, Sheet: s.name, Row: 1, Header: string(f.col),
				Message: "no key stage 4 pupil has a " + string(f.col) + " figure",
				Hint: "add the " + string(f.col) + " column (Y or N for each pupil), or subject grade columns to work it out from; " +
					"without it every pupil would count as not achieving it"})
		}
	}
	return l
}
