package measures

import (
	"fmt"
	"testing"

	"github.com/reportpack/reportpack/generator/model"
)

// figure names what a shown figure is over: a row's pupils (m empty), a
// measure's cohort within them, or the pupils of a progress measure's
// cohort raised to its floor (their count and, beside the unadjusted mean,
// their raises).
type figure struct {
	m       model.MeasureID
	floored bool
}

// TestPropertyNoDifferencing attacks suppressed packs as a reader with
// every table of a school would: it collects each figure shown anywhere
// (rows, cells, floored counts), keyed by the exact pupils it is over, and
// then, for every shown figure of a row that the tables split by a
// dimension (a row of the unfiltered table or of a single filter's, and a
// pair filter's "All pupils"), subtracts the shown figures of its pupils in
// each of the dimension's groups, found in whichever table shows them. The
// figure of the pupils left must not come out: not one hidden group alone
// (rule 2, across tables too: fsm less fsm-under-male is fsm-under-female),
// and not 1..k-1 pupils in no group at all (unclassified ones).
func TestPropertyNoDifferencing(t *testing.T) {
	t.Parallel()
	for _, pc := range propCases(t, 60) {
		r := Compute(pc.ps, pc.nat, pc.params, pc.est, Options{MinCohort: pc.k})
		for _, kr := range r.KeyStages {
			for _, yr := range kr.Years {
				ps := pupilsOf(pc.ps, kr.KeyStage, yr.Year)
				e := newEnv(pc.params, yr.Year, pc.est)
				o := newOracle(kr.KeyStage, ps, e)
				checkNoDifferencing(t, pc, o, flooredPupils(ps, e, pc.params, kr.KeyStage, yr.Year), yr)
			}
		}
	}
}

// flooredPupils finds, by the measure's own rule and the floors, which
// pupils of each progress measure's cohort were raised to the floor.
func flooredPupils(ps []*model.Pupil, e *env, params model.NationalParams, ks model.KeyStage, y model.Year) map[model.MeasureID][]bool {
	out := map[model.MeasureID][]bool{}
	for _, m := range reg().byKS[ks] {
		if m.Kind != KindProgress {
			continue
		}
		b := make([]bool, len(ps))
		for i, p := range ps {
			v, ok := m.pupil(e, p)
			if !ok {
				continue
			}
			if f, ok := floorFor(params.Params(m.ID, y).Floors, prior(p)); ok && v < f {
				b[i] = true
			}
		}
		out[m.ID] = b
	}
	return out
}

func checkNoDifferencing(t *testing.T, pc propCase, o *oracle, floored map[model.MeasureID][]bool, yr YearResults) {
	t.Helper()
	k := pc.k
	within := func(s pset, in []bool) pset {
		if in == nil {
			return s
		}
		b := []byte(s)
		for i := range b {
			if !in[i] {
				b[i] = '0'
			}
		}
		return pset(b)
	}
	cohortOf := func(f figure) []bool {
		switch {
		case f.m == "":
			return nil
		case f.floored:
			return floored[f.m]
		}
		return o.inCohort[f.m]
	}
	known := map[figure]map[pset]bool{}
	// listed holds every row's pupils, shown or hidden: a set no table
	// lists is not a hidden figure, and only matters when small.
	listed := map[pset]bool{}
	mark := func(f figure, s pset) {
		if s.size() == 0 {
			return
		}
		if known[f] == nil {
			known[f] = map[pset]bool{}
		}
		known[f][s] = true
	}
	type parent struct {
		f    Filter
		g    model.GroupID
		figs []figure
	}
	var parents []parent
	for ti := range yr.Tables {
		tb := &yr.Tables[ti]
		figs := []figure{{}}
		for _, m := range tb.Measures {
			figs = append(figs, figure{m: m.ID})
			if floored[m.ID] != nil {
				figs = append(figs, figure{m: m.ID, floored: true})
			}
		}
		for _, v := range append([]FilteredTable{{Rows: tb.Unfiltered}}, tb.Filtered...) {
			if v.Suppressed {
				continue
			}
			for _, row := range v.Rows {
				// A row's cohort can be hidden while its cells show.
				s := o.set(v.Filter, row.Group.ID)
				listed[s] = true
				if !row.Suppressed {
					mark(figure{}, s)
				}
				for ci, c := range row.Cells {
					m := tb.Measures[ci]
					if c.Suppressed {
						continue
					}
					mark(figure{m: m.ID}, within(s, o.inCohort[m.ID]))
					if floored[m.ID] != nil && !c.AdjustedSuppressed {
						mark(figure{m: m.ID, floored: true}, within(s, floored[m.ID]))
					}
				}
				if len(v.Filter.Groups()) <= 1 || row.Group.ID == "all" {
					parents = append(parents, parent{f: v.Filter, g: row.Group.ID, figs: figs})
				}
			}
		}
	}
	for _, p := range parents {
		for _, fig := range p.figs {
			all := within(o.set(p.f, p.g), cohortOf(fig))
			if all.size() == 0 || !known[fig][all] {
				continue // nothing shown to subtract from
			}
			dims := Dimensions()
			if p.f.IsZero() && p.g == "all" {
				// Tables by year group partition the unfiltered all pupils.
				yg := Dimension{ID: "ncy"}
				for y := model.NCYear(-1); y <= 14; y++ {
					yg.Groups = append(yg.Groups, YearGroup(y).ID)
				}
				dims = append(dims, yg)
			}
			for _, d := range dims {
				if p.f.hasDimension(d.ID) || (groupsByID[p.g] != nil && groupsByID[p.g].Dimension == d.ID) {
					continue
				}
				unknown, rest := 0, all.size()
				var lone model.GroupID
				for _, g := range d.Groups {
					part := within(all, o.member[g])
					if part.size() == 0 {
						continue
					}
					rest -= part.size()
					if !known[fig][part] {
						unknown, lone = unknown+1, g
						if !listed[within(o.set(p.f, p.g), o.member[g])] && part.size() >= k {
							// In no table: the reader has no figure to subtract.
							unknown = 99
						}
					}
				}
				where := fmt.Sprintf("%s %v %q %s %+v by %s", pc.name, yr.Year, p.f, p.g, fig, d.ID)
				if unknown == 0 && rest > 0 && rest < k {
					t.Fatalf("%s: every group shown, so the %d unclassified pupils' figure comes out", where, rest)
				}
				if unknown == 1 && rest == 0 {
					t.Fatalf("%s: %s is the only hidden group, so its figure comes out", where, lone)
				}
			}
		}
	}
}
