package load

import (
	"strings"
	"time"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/model"
)

// extraColumns returns the indexes of the header cells that name no
// pupil-file column: those matchHeaders listed in ignored. Subject grade
// columns are among them; package grades tells which.
func extraColumns(t *table, layout Layout, ignored []string) []int {
	used := make(map[int]bool, len(layout))
	for _, p := range layout {
		used[p.Index] = true
	}
	// ignored is the subsequence of the headers that matched nothing, in
	// file order, and a header's text alone decides whether it matches, so
	// walking both in step finds each one's index.
	var extras []int
	j := 0
	for i, h := range t.headers() {
		if j < len(ignored) && h != "" && !used[i] && h == ignored[j] {
			extras = append(extras, i)
			j++
		}
	}
	return extras
}

// withGrades keeps a key stage 4 row's non-blank cells in the extra columns
// as the pupil's subject grade cells, for package grades to check and score.
// Other rows are returned as they are: grades belong to key stage 4 only,
// as the KS4 columns do.
func withGrades(t *table, r record, extras []int, p model.Pupil) model.Pupil {
	if p.KeyStage != model.KS4 {
		return p
	}
	for _, i := range extras {
		c := r.at(i)
		v := strings.TrimSpace(c.Text)
		if v == "" && !c.isDate() {
			continue
		}
		if c.isDate() {
			v = c.Date.Format(time.DateOnly)
		}
		p.KS4.Grades = append(p.KS4.Grades, model.SubjectGrade{
			Header: strings.TrimSpace(t.Header.Cells[i].Text),
			Column: diag.ColumnLetter(i),
			Value:  v,
			IsDate: c.isDate(),
		})
	}
	return p
}
