package validate

import (
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
	type sheet struct{ file, name string }
	var order []sheet
	known := map[sheet][]bool{}
	for i := range pupils {
		p := &pupils[i]
		if p.KeyStage != model.KS4 {
			continue
		}
		s := sheet{p.Src.File, p.Src.Sheet}
		k, ok := known[s]
		if !ok {
			k = make([]bool, len(ks4Flags))
			known[s] = k
			order = append(order, s)
		}
		for j, f := range ks4Flags {
			k[j] = k[j] || f.get(&p.KS4).Known()
		}
	}
	var l diag.List
	for _, s := range order {
		for j, f := range ks4Flags {
			if known[s][j] {
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
