package measures

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/reportpack/reportpack/generator/model"
)

// Property tests of the ratio and count measures (attendance, behaviour,
// school characteristics) and of tables by year group, on random schools
// whose rows look like a school's: most pupils miss a few sessions, some
// are persistently absent, a few severely; a few are suspended.

// synthWhole is one school's rows in each year: n a year over a few year
// groups, each with attendance cells (a few with no possible sessions, a
// few with none at all) and, for some, behaviour cells.
func synthWhole(seed uint64, urn model.URN, n int, years []model.Year, sparse bool) []model.Pupil {
	s := synth{rnd: rand.New(rand.NewPCG(seed, 0xa77)), brnd: rand.New(rand.NewPCG(seed, 0xb128)), sparse: sparse}
	first := model.NCYear(s.rnd.IntN(10))
	span := 1 + s.rnd.IntN(4)
	var ps []model.Pupil
	for _, y := range years {
		for i := range n {
			p := model.Pupil{URN: urn, Year: y, NCYear: first + model.NCYear(s.rnd.IntN(span)), Chars: s.chars()}
			p.Src.Row = i + 2
			switch x := s.rnd.Float64(); {
			case x < 0.04:
				// no attendance cells
			case x < 0.08:
				p.Results = append(p.Results, model.Result{Assessment: "attendance", Values: []model.Value{vn(0), blank, blank}})
			default:
				possible := float64(300 + s.rnd.IntN(81))
				rate := math.Min(1, s.rnd.ExpFloat64()*0.05)
				if s.rnd.Float64() < 0.03 {
					rate = 0.5 + s.rnd.Float64()*0.5 // severely absent
				}
				missed := math.Round(possible * rate)
				auth := math.Round(missed * s.rnd.Float64())
				p.Results = append(p.Results, model.Result{Assessment: "attendance", Values: sessions(possible, auth, missed-auth)})
			}
			switch x := s.rnd.Float64(); {
			case x < 0.06:
				perm := "N"
				if s.rnd.Float64() < 0.1 {
					perm = "Y"
				}
				p.Results = append(p.Results, model.Result{Assessment: "behaviour", Values: []model.Value{vn(float64(1 + s.rnd.IntN(4))), vc(perm)}})
			case x < 0.3:
				p.Results = append(p.Results, model.Result{Assessment: "behaviour", Values: []model.Value{vn(0), vc("N")}})
			}
			ps = append(ps, p)
		}
	}
	return ps
}

func wholeCases(iterations int, maxN int) []propCase {
	rnd := rand.New(rand.NewPCG(20251208, 13))
	ys := years(2)
	nat, params, est := synthNational(ys)
	var out []propCase
	for it := range iterations {
		n := 4 + rnd.IntN(maxN-4)
		nyears := 1 + rnd.IntN(2)
		ps := synthWhole(rnd.Uint64(), urnOf(it), n, ys[2-nyears:], it%3 != 0)
		k := []int{3, 6, 10}[rnd.IntN(3)]
		out = append(out, propCase{ps: ps, k: k, name: fmt.Sprintf("it%d_whole_n%d_y%d_k%d", it, n, nyears, k),
			nat: nat, params: params, est: est})
	}
	return out
}

// ratioSums is a ratio measure's Σ numerator and Σ denominator over a
// set of pupils, by its own rule.
func ratioSums(m *Measure, e *env, ps []*model.Pupil, s pset) (num, den float64, n int) {
	for i, p := range ps {
		if s[i] != '1' {
			continue
		}
		if a, b, ok := m.ratio(e, p); ok {
			num, den, n = num+a, den+b, n+1
		}
	}
	return num, den, n
}

// TestPropertyRatioPartitionsAddUp: with no suppression, for attendance,
// behaviour and context, in every table by pupil group (and every filter)
// and every table by year group:
//   - each row holds exactly the oracle's pupils, and each ratio cell is
//     Σ numerator ÷ Σ denominator × Scale of its cohort, a count cell its
//     cohort;
//   - each partition's rows (a dimension's, term of birth's, and the year
//     groups') add up to their parent in cohorts, in counts, and in a
//     ratio's numerator and denominator (the cell's value times its
//     denominator), less the pupils in none of its groups.
func TestPropertyRatioPartitionsAddUp(t *testing.T) {
	t.Parallel()
	checked, yearRows := 0, 0
	for _, pc := range wholeCases(40, 120) {
		r := Compute(pc.ps, pc.nat, pc.params, pc.est, Options{})
		for _, a := range []model.Assessment{"attendance", "behaviour", "context"} {
			kr := r.KeyStage(a)
			if kr == nil {
				t.Fatalf("%s: no %s results", pc.name, a)
			}
			for _, yr := range kr.Years {
				ps := pupilsOf(pc.ps, a, yr.Year)
				e := yearEnv(pc, yr.Year)
				o := newOracle(a, ps, e)
				// The figures of a set of pupils, as the oracle works them out.
				type sums struct {
					n          int
					num, den   float64
					hasFigures bool
				}
				truth := func(m *Measure, s pset) sums {
					switch m.Kind {
					case KindRatio:
						num, den, n := ratioSums(m, e, ps, s)
						return sums{n, num, den, den > 0}
					default:
						n := 0
						for i, p := range ps {
							if _, ok := m.pupil(e, p); ok && s[i] == '1' {
								n++
							}
						}
						return sums{n, float64(n), 0, n > 0}
					}
				}
				// got reads a row's figures back from its cells: a ratio's
				// numerator is its value times its denominator.
				got := func(m *Measure, c Cell, den float64) sums {
					switch m.Kind {
					case KindRatio:
						return sums{c.Cohort, c.Value / m.Scale * den, den, c.Has}
					case KindCount:
						return sums{c.Cohort, c.Value, 0, c.Has}
					}
					return sums{c.Cohort, float64(c.Cohort), 0, c.Has}
				}
				for _, tb := range yr.Tables {
					views := append([]FilteredTable{{Rows: tb.Unfiltered}}, tb.Filtered...)
					for _, v := range views {
						where := fmt.Sprintf("%s %s %v %q", pc.name, tb.Def.ID, yr.Year, v.Filter)
						rowSet := map[model.GroupID]pset{}
						for _, row := range v.Rows {
							s := o.set(v.Filter, row.Group.ID)
							rowSet[row.Group.ID] = s
							if row.Cohort != s.size() {
								t.Fatalf("%s %s: cohort %d, oracle %d", where, row.Group.ID, row.Cohort, s.size())
							}
							for ci, m := range tb.Measures {
								c := row.Cells[ci]
								want := truth(m, s)
								g := got(m, c, want.den)
								if g.n != want.n || g.hasFigures != want.hasFigures || (want.hasFigures && math.Abs(g.num-want.num) > 1e-6) {
									t.Fatalf("%s %s %s: %+v from the cell %+v, oracle %+v", where, row.Group.ID, m.ID, g, c, want)
								}
							}
							if tb.Def.ByYearGroup {
								yearRows++
							}
						}
						// The partitions of the view's all-pupils set.
						all := o.set(v.Filter, "all")
						var parts []Dimension
						if tb.Def.ByYearGroup {
							yg := Dimension{ID: "ncy"}
							for y := model.NCYear(-1); y <= 14; y++ {
								yg.Groups = append(yg.Groups, YearGroup(y).ID)
							}
							parts = []Dimension{yg}
						} else {
							for _, d := range Dimensions() {
								if !v.Filter.hasDimension(d.ID) {
									parts = append(parts, d)
								}
							}
						}
						for _, d := range parts {
							for ci, m := range tb.Measures {
								sum := sums{}
								rest := []byte(all)
								for _, g := range d.Groups {
									s, ok := rowSet[g]
									if !ok {
										if n := o.set(v.Filter, g).size(); n > 0 {
											t.Fatalf("%s: group %s has %d pupils but no row", where, g, n)
										}
										continue
									}
									var c Cell
									for _, row := range v.Rows {
										if row.Group.ID == g {
											c = row.Cells[ci]
										}
									}
									x := got(m, c, truth(m, s).den)
									sum.n, sum.num, sum.den = sum.n+x.n, sum.num+x.num, sum.den+x.den
									for i := range rest {
										if s[i] == '1' {
											rest[i] = '0'
										}
									}
								}
								whole, left := truth(m, all), truth(m, pset(rest))
								if sum.n+left.n != whole.n || math.Abs(sum.num+left.num-whole.num) > 1e-6 || math.Abs(sum.den+left.den-whole.den) > 1e-6 {
									t.Fatalf("%s %s by %s: rows add up to %+v, with %+v in no group; all pupils %+v", where, m.ID, d.ID, sum, left, whole)
								}
								checked++
							}
						}
					}
				}
			}
		}
	}
	if yearRows == 0 || checked == 0 {
		t.Fatalf("%d year-group rows, %d partitions checked", yearRows, checked)
	}
	t.Logf("%d partitions and columns checked, %d year-group rows", checked, yearRows)
}

// TestPropertyWholeSchoolSuppression runs the suppression checks of
// TestPropertySuppression and TestPropertyNoDifferencing (year groups as
// a partition of all pupils included) on attendance, behaviour and context
// at MinCohort 6 and the case's, with the outcome rule on and off.
func TestPropertyWholeSchoolSuppression(t *testing.T) {
	t.Parallel()
	for _, pc := range wholeCases(30, 90) {
		for _, opt := range []Options{{MinCohort: 6, MinGroup: 10}, {MinCohort: pc.k}} {
			pc.k = opt.MinCohort
			r := Compute(pc.ps, pc.nat, pc.params, pc.est, opt)
			if r2 := Compute(pc.ps, pc.nat, pc.params, pc.est, opt); !reflect.DeepEqual(r, r2) {
				t.Fatalf("%s: Compute is not deterministic", pc.name)
			}
			full := Compute(pc.ps, pc.nat, pc.params, pc.est, Options{})
			for ki, kr := range r.KeyStages {
				for yi, yr := range kr.Years {
					ps := pupilsOf(pc.ps, kr.KeyStage, yr.Year)
					e := yearEnv(pc, yr.Year)
					o := newOracle(kr.KeyStage, ps, e)
					checkSuppressedYear(t, pc, o, yr, &full.KeyStages[ki].Years[yi])
					checkNoDifferencing(t, pc, o, flooredPupils(ps, e, pc.params, kr.KeyStage, yr.Year), yr)
				}
			}
		}
	}
}

// TestPropertyAuditWholeSchool: the brute-force reader of TestPropertyAudit
// (exact elimination over pupils: every shown row, count and value of
// every table, the tables by year group among them, each ratio's totals
// as values) finds nothing hidden, and no small group, recoverable in
// attendance, behaviour and context at MinCohort 6 with and without the
// outcome rule; and a hidden small year-group figure published in a copy
// is caught.
func TestPropertyAuditWholeSchool(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("exact elimination over random schools: seconds")
	}
	start := time.Now()
	years, yearHidden, caught := 0, 0, 0
	for _, pc := range wholeCases(24, 60) {
		pc.k = 6
		for _, opt := range []Options{{MinCohort: 6, MinGroup: 10}, {MinCohort: 6}} {
			r := Compute(pc.ps, pc.nat, pc.params, pc.est, opt)
			auditYears(pc, r, func(yr *YearResults, o *oracle, floored map[model.MeasureID][]bool) {
				if len(o.ps) > 64 {
					return // the checker's pupil sets are 64 bits
				}
				years++
				ym := buildModel(yr, o, floored, pc.k)
				for _, l := range ym.leaks(3) {
					t.Errorf("%s %v %+v: leak: %s", pc.name, yr.Year, opt, l)
				}
				mut := audCloneYear(yr)
				for ti := range mut.Tables {
					tb := &mut.Tables[ti]
					if !tb.Def.ByYearGroup {
						continue
					}
					for ri := range tb.Unfiltered {
						row := &tb.Unfiltered[ri]
						for ci := range row.Cells {
							c := &row.Cells[ci]
							if !c.Suppressed {
								continue
							}
							yearHidden++
							if c.Reason != ReasonSmall || row.Group.Dimension != "" || row.Group.ID == "all" {
								continue
							}
							c.Suppressed, c.Reason = false, ReasonNone
							if len(buildModel(mut, o, floored, pc.k).leaks(1)) == 0 {
								t.Errorf("%s %v: showing hidden small year-group cell %s %s is not flagged", pc.name, yr.Year, row.Group.ID, tb.Measures[ci].ID)
							}
							caught++
							return
						}
					}
				}
			})
		}
		if time.Since(start) > 25*time.Second {
			t.Logf("stopping early: %v", time.Since(start))
			break
		}
	}
	if yearHidden == 0 || caught == 0 {
		t.Errorf("%d hidden year-group cells, %d deliberate leaks caught: the year groups were not exercised", yearHidden, caught)
	}
	t.Logf("%d school years checked at MinCohort 6, %d hidden year-group cells, %d deliberate leaks caught, in %v",
		years, yearHidden, caught, time.Since(start))
}
