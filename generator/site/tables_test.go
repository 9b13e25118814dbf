package site

import (
	"encoding/json"
	"slices"
	"strconv"
	"testing"

	"github.com/reportpack/reportpack/generator/export"
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
				v := tableViewOf(nil, yr, tb, nil, "")
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

// TestTableViewReasons checks that every hidden row and cell of a table
// page says why, in its school's words, that nothing shown does, and that
// the page's key explains exactly the reasons of the table's hidden
// figures, filtered ones included.
func TestTableViewReasons(t *testing.T) {
	d := sample.Generate(sample.Options{Schools: 1, Pupils: 40, Years: 1, Seed: 4})
	for _, minCohort := range []int{0, 6} {
		res := measures.Compute(d.Pupils, d.National, d.Params, d.Estimates, measures.Options{MinCohort: minCohort, MinGroup: 3, FilterYears: 1})
		hidden := 0
		for _, ks := range res.KeyStages {
			yr := &ks.Years[len(ks.Years)-1]
			for ti := range yr.Tables {
				tb := &yr.Tables[ti]
				v := tableViewOf(&res, yr, tb, nil, "")
				want := map[measures.Reason]bool{}
				check := func(what string, suppressed bool, why measures.Reason, got string) {
					t.Helper()
					if !suppressed {
						if got != "" {
							t.Errorf("%s %s: shown, but says %q", tb.Def.ID, what, got)
						}
						return
					}
					hidden++
					want[why] = true
					if w := export.ReasonText(&res, why); got != w || w == "" {
						t.Errorf("%s %s: why %q, want %q", tb.Def.ID, what, got, w)
					}
				}
				for i := range tb.Unfiltered {
					row, rv := &tb.Unfiltered[i], v.Rows[i]
					check(row.Group.Label, row.Suppressed, export.RowReason(row), rv.Why)
					for ci := range row.Cells {
						c := &row.Cells[ci]
						check(row.Group.Label+" "+string(tb.Measures[ci].ID), c.Suppressed, export.CellReason(c, row), rv.Cells[ci].Why)
					}
				}
				for _, ft := range tb.Filtered {
					for i := range ft.Rows {
						row := &ft.Rows[i]
						if row.Suppressed {
							want[export.RowReason(row)] = true
						}
						for ci := range row.Cells {
							if c := &row.Cells[ci]; c.Suppressed {
								want[export.CellReason(c, row)] = true
							}
						}
					}
				}
				var got []string
				for _, n := range v.Reasons {
					got = append(got, n.Code)
					if n.Text == "" || n.About == "" {
						t.Errorf("%s: key note %+v lacks words", tb.Def.ID, n)
					}
				}
				var codes []string
				for _, why := range export.Reasons {
					if want[why] {
						codes = append(codes, why.Code())
					}
				}
				if !slices.Equal(got, codes) {
					t.Errorf("min cohort %d, %s: key explains %q, want %q", minCohort, tb.Def.ID, got, codes)
				}
			}
		}
		if (hidden > 0) != (minCohort > 0) {
			t.Errorf("min cohort %d: %d hidden figures", minCohort, hidden)
		}
	}
}
