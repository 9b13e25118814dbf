package load

import (
	"fmt"
	"slices"
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

// syntheticMarks are the rows of a file marked Synthetic and those not,
// as read: what checkSynthetic needs of its rows, kept as they stream by.
type syntheticMarks struct{ marked, unmarked []int }

func (m *syntheticMarks) add(p *model.Pupil) {
	if p.Synthetic {
		m.marked = append(m.marked, p.Src.Row)
	} else {
		m.unmarked = append(m.unmarked, p.Src.Row)
	}
}

// checkSynthetic reports a file that mixes rows marked Synthetic with rows
// that are not, naming the rows of the smaller side (the marked ones when
// both are as many): those are the rows that do not belong.
func checkSynthetic(t *table, pf PupilFile, m *syntheticMarks, l *diag.List) {
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
	good := func(rows []int) []int {
		return slices.DeleteFunc(rows, func(r int) bool { return bad[r] })
	}
	marked, unmarked := good(m.marked), good(m.unmarked)
	if len(marked) == 0 || len(unmarked) == 0 {
		return
	}
	rows := marked
	if len(marked) <= len(unmarked) {
		at.Message = fmt.Sprintf("a synthetic pupil (Synthetic = Y: made by reportpack sample) among %d real ones", len(unmarked))
		at.Hint = "a pack is all synthetic or all real: delete the rows copied from sample data, or clear their Synthetic cells if they are real pupils"
	} else {
		rows = unmarked
		at.Message = fmt.Sprintf("a real pupil (Synthetic blank or N) among %d synthetic ones made by reportpack sample", len(marked))
		at.Hint = "a pack is all synthetic or all real: build real pupils from a file with no sample rows, or mark these Y if they are synthetic too"
	}
	for _, r := range rows {
		d := at
		d.Row = r
		l.Add(d)
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
