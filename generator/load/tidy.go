package load

import (
	"strings"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/model"
)

// tidyColumns finds each named column in a tidy file's header (matched as
// pupil headers are) and reports those missing. Other columns are ignored.
func tidyColumns(t *table, names []string, l *diag.List) ([]int, Layout, bool) {
	headers := t.headers()
	idx := make([]int, len(names))
	layout := Layout{}
	ok := true
	for i, name := range names {
		idx[i] = -1
		for j, h := range headers {
			if NormalHeader(h) == NormalHeader(name) {
				idx[i] = j
				break
			}
		}
		if idx[i] < 0 {
			ok = false
			d := diag.Diagnostic{File: t.File, Sheet: t.Sheet, Row: t.Header.Row, Header: name,
				Message: "the file has no " + name + " column"}
			d.Hint = didYouMean(name, headers)
			if d.Hint == "" {
				d.Hint = "the header row must be: " + strings.Join(names, ",")
			}
			l.Add(d)
			continue
		}
		layout[Column(name)] = Place{Index: idx[i], Letter: diag.ColumnLetter(idx[i]), Header: headers[idx[i]]}
	}
	return idx, layout, ok
}

// EstimateMeasures are the measures estimates.csv may give estimates for.
var EstimateMeasures = []model.MeasureID{
	"ks4_a8", "ks4_a8_eng", "ks4_a8_mat", "ks4_a8_ebacc", "ks4_a8_open",
	"ks2_read", "ks2_writ", "ks2_mat",
}

// EstimateFile is estimates.csv as read.
type EstimateFile struct {
	File      string
	Sheet     string // empty for CSV
	Estimates model.Estimates
	Rows      []int // Rows[i] is the row Estimates[i] came from
	// Layout places the columns, under their header names ("prior_from").
	Layout Layout
}

// Estimates reads estimates.csv: year,measure,prior_from,prior_to,estimate.
// A missing file is not an error: progress is then computed only where the
// pupil file gives it. Overlapping bands are package validate's rule.
func Estimates(src Source, path string) (EstimateFile, diag.List) {
	var l diag.List
	ef := EstimateFile{File: path}
	if !src.exists(path) {
		return ef, l
	}
	t, ok := openTable(src, path, "", &l)
	if !ok {
		return ef, l
	}
	defer t.close()
	col, layout, ok := tidyColumns(t, []string{"year", "measure", "prior_from", "prior_to", "estimate"}, &l)
	ef.Sheet, ef.Layout = t.Sheet, layout
	if !ok {
		return ef, l
	}
	measures := map[string]bool{}
	for _, m := range EstimateMeasures {
		measures[string(m)] = true
	}
	for {
		r, ok := t.next(&l)
		if !ok {
			break
		}
		good := true
		bad := func(i int, problem, hint string) {
			good = false
			d := t.place(r, col[i])
			d.Message, d.Hint = problem, hint
			l.Add(d)
		}
		e := model.Estimate{Measure: model.MeasureID(strings.ToLower(strings.TrimSpace(r.at(col[1]).Text)))}
		y, yok := parseYear(r.at(col[0]).Text)
		if !yok {
			bad(0, "not an academic year", "write 2025, 2024/25 or 2024-25")
		}
		e.Year = y
		if !measures[string(e.Measure)] {
			bad(1, "not a measure with estimates", "use one of "+joinIDs(EstimateMeasures))
		}
		for i, dst := range []*float64{&e.PriorFrom, &e.PriorTo, &e.Estimate} {
			v, problem, hint := parseNumber(r.at(col[2+i]).Text)
			if strings.TrimSpace(r.at(col[2+i]).Text) == "" {
				problem, hint = "blank", "every row needs prior_from, prior_to and estimate"
			}
			if problem != "" {
				bad(2+i, problem, hint)
			}
			*dst = v
		}
		if good {
			ef.Estimates = append(ef.Estimates, e)
			ef.Rows = append(ef.Rows, r.Row)
		}
	}
	return ef, l
}

func joinIDs(ids []model.MeasureID) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = string(id)
	}
	return strings.Join(s, ", ")
}
