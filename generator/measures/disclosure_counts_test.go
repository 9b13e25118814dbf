package measures

import "testing"

// The counts cover every figure of every table, and the audit's own check
// at the end finds no figure hidden to protect others that could show.
func TestDisclosureCounts(t *testing.T) {
	t.Parallel()
	for _, pc := range propCases(t, 20) {
		r := Compute(pc.ps, pc.nat, pc.params, pc.est, Options{MinCohort: pc.k, MinGroup: 5})
		var want DisclosureCounts
		figures := 0
		for _, kr := range r.KeyStages {
			for _, yr := range kr.Years {
				for _, tb := range yr.Tables {
					for _, rows := range append([][]Row{tb.Unfiltered}, func() (out [][]Row) {
						for _, f := range tb.Filtered {
							out = append(out, f.Rows)
						}
						return
					}()...) {
						want.countRows(rows)
						for _, row := range rows {
							figures++
							for _, c := range row.Cells {
								if c.Has || c.Suppressed {
									figures++
								}
							}
						}
					}
				}
			}
		}
		got := r.Disclosure
		if got.Shown+got.Small+got.Outcome+got.Protective != figures {
			t.Errorf("%s: counts %+v add up to %d, not the %d figures", pc.name, got, got.Shown+got.Small+got.Outcome+got.Protective, figures)
		}
		if got.OverSuppressed != 0 {
			t.Errorf("%s: %d figures over-suppressed", pc.name, got.OverSuppressed)
		}
		if pc.k > 0 && got.Small == 0 && got.Protective == 0 && got.Outcome == 0 {
			t.Logf("%s: nothing hidden", pc.name)
		}
		got.OverSuppressed = 0
		if got != want {
			t.Errorf("%s: counts %+v, recount %+v", pc.name, got, want)
		}
	}
	// Without suppression everything shows.
	pc := propCases(t, 1)[0]
	if d := Compute(pc.ps, pc.nat, pc.params, pc.est, Options{}).Disclosure; d.Small+d.Outcome+d.Protective != 0 || d.Shown == 0 {
		t.Errorf("unsuppressed counts %+v", d)
	}
}
