package load

import (
	"fmt"
	"strings"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/model"
)

// The Synthetic column marks pupil data made by `reportpack sample`: Y on
// every row. It is a column, not workbook metadata, so it survives a copy
// into CSV or another workbook, and a build reads it to say "synthetic"
// exactly when the pupils are. A blank cell, N, or no such column means a
// real pupil. A file whose rows are some marked and some not is an error:
// a real file with a few sample rows pasted in, or sample data with real
// pupils added, must not pass as either.

// synthetic decodes a Synthetic cell: a Y/N flag.
func synthetic(p *model.Pupil, c cell) (string, string) {
	f, ok := yesNo[strings.ToLower(strings.TrimSpace(c.Text))]
	if !ok {
		return "not Y or N", "the Synthetic column marks rows made by reportpack sample: Y, or blank (or N) for a real pupil"
	}
	p.Synthetic = f == model.FlagYes
	return "", ""
}

// checkSynthetic reports a file that mixes rows marked Synthetic with rows
// that are not, naming the rows of the smaller side (the marked ones when
// both are as many): those are the rows that do not belong.
func checkSynthetic(t *table, pf PupilFile, l *diag.List) {
	at := diag.Diagnostic{File: t.File, Sheet: t.Sheet, Header: string(ColSynthetic)}
	if pl, ok := pf.Layout[ColSynthetic]; ok {
		at.Column, at.Header = pl.Letter, pl.Header
	}
	// A cell already reported as not Y or N is neither side.
	bad := map[int]bool{}
	for _, d := range *l {
		if at.Column != "" && d.Column == at.Column && d.File == at.File && d.Sheet == at.Sheet {
			bad[d.Row] = true
		}
	}
	marked, unmarked := 0, 0
	for i := range pf.Pupils {
		switch p := &pf.Pupils[i]; {
		case bad[p.Src.Row]:
		case p.Synthetic:
			marked++
		default:
			unmarked++
		}
	}
	if marked == 0 || unmarked == 0 {
		return
	}
	flagged := marked <= unmarked
	if flagged {
		at.Message = fmt.Sprintf("a synthetic pupil (Synthetic = Y: made by reportpack sample) among %d real ones", unmarked)
		at.Hint = "a pack is all synthetic or all real: delete the rows copied from sample data, or clear their Synthetic cells if they are real pupils"
	} else {
		at.Message = fmt.Sprintf("a real pupil (Synthetic blank or N) among %d synthetic ones made by reportpack sample", marked)
		at.Hint = "a pack is all synthetic or all real: build real pupils from a file with no sample rows, or mark these Y if they are synthetic too"
	}
	for i := range pf.Pupils {
		p := &pf.Pupils[i]
		if p.Synthetic == flagged && !bad[p.Src.Row] {
			d := at
			d.Row = p.Src.Row
			l.Add(d)
		}
	}
}

// AllSynthetic reports whether there are pupils and every one is marked
// Synthetic: the pack is then an illustration made from sample data.
func AllSynthetic(pupils []model.Pupil) bool {
	for i := range pupils {
		if !pupils[i].Synthetic {
			return false
		}
	}
	return len(pupils) > 0
}
