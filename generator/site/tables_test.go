package site

import (
	"encoding/json"
	"slices"
	"strconv"
	"testing"

	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/sample"
)

// TestTableViewFilteredRows reads a table page's filtered data back as the
// page's script does and checks every row against the row it came from:
// its group's label (rows name it by index), cohort and figures, or just
// the group and "x" when the row is hidden throughout. The rows share two
// arrays, so a row written over another's would show here.
func TestTableViewFilteredRows(t *testing.T) {
	d := sample.Generate(sample.Options{Schools: 1, Pupils: 40, Years: 1, Seed: 4})
	for _, minCohort := range []int{0, 6} {
		res := measures.Compute(d.Pupils, d.National, d.Params, d.Estimates, measures.Options{MinCohort: minCohort, FilterYears: 1})
		rows, hidden := 0, 0
		for _, ks := range res.KeyStages {
			yr := &ks.Years[len(ks.Years)-1]
			for ti := range yr.Tables {
				tb := &yr.Tables[ti]
				v := tableView(yr, tb, nil, "")
				var data struct {
					Columns int
					Groups  []string
					Tables  map[string]struct {
						Suppressed bool
						Rows       [][]string
					}
				}
				if err := json.Unmarshal([]byte(v.Filtered), &data); err != nil {
					t.Fatalf("%s: %v", tb.Def.ID, err)
				}
				if data.Columns != len(tb.Measures) || len(data.Tables) != len(tb.Filtered) {
					t.Fatalf("%s: %d columns, %d filtered tables; want %d, %d", tb.Def.ID, data.Columns, len(data.Tables), len(tb.Measures), len(tb.Filtered))
				}
				for i, g := range data.Groups {
					if slices.Index(data.Groups, g) != i {
						t.Errorf("%s: group %q listed twice", tb.Def.ID, g)
					}
				}
				for _, ft := range tb.Filtered {
					name := tb.Def.ID + " " + ft.Filter.String()
					got, ok := data.Tables[ft.Filter.String()]
					if !ok || got.Suppressed != ft.Suppressed || len(got.Rows) != len(ft.Rows) {
						t.Fatalf("%s: present %v, suppressed %v, %d rows; want %v, %d rows", name, ok, got.Suppressed, len(got.Rows), ft.Suppressed, len(ft.Rows))
					}
					for i, r := range ft.Rows {
						row := got.Rows[i]
						rows++
						g, err := strconv.Atoi(row[0])
						if err != nil || g < 0 || g >= len(data.Groups) || data.Groups[g] != r.Group.Label {
							t.Errorf("%s row %d: group %q, want the index of %q in %q", name, i, row[0], r.Group.Label, data.Groups)
							continue
						}
						want := []string{row[0], cohortText(r.Cohort, r.Suppressed)}
						all := r.Suppressed
						for ci, c := range r.Cells {
							want = append(want, formatCell(tb.Measures[ci], c))
							all = all && c.Suppressed
						}
						if all {
							want = want[:2]
							hidden++
						}
						if !slices.Equal(row, want) {
							t.Errorf("%s row %d (%s): %q, want %q", name, i, r.Group.Label, row, want)
						}
					}
				}
			}
		}
		if rows == 0 || (minCohort > 0 && hidden == 0) {
			t.Errorf("min cohort %d: %d rows, %d hidden throughout: the test reaches too little", minCohort, rows, hidden)
		}
	}
}
