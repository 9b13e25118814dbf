package measures

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/model"
)

// Property tests of term of birth and of the declared assessments, on the
// synthetic schools of synth_test.go (KS2, KS4) and on random rows of
// every declared assessment (synthDeclared).

// synthDeclared is one school's rows of a declared assessment: n a year,
// each with a year group of the assessment and random cells of its
// columns (the rules read any cells; whether a file would pass validation
// is not their concern). Most cells hold one of a column's first two codes
// (the second with a chance of the pupil's own) or a number; the other codes and blanks are rarer, rarer still for an
// assessment of many columns (EYFS), so that cohorts are not empty.
func synthDeclared(seed uint64, urn model.URN, a *assess.Assessment, n int, years []model.Year, sparse bool) []model.Pupil {
	s := synth{rnd: rand.New(rand.NewPCG(seed, 0x5eed)), brnd: rand.New(rand.NewPCG(seed, 0xb127)), sparse: sparse}
	rare := 0.12 / math.Pow(float64(len(a.Columns)), 0.75)
	if sparse {
		rare *= 2
	}
	var ps []model.Pupil
	for _, y := range years {
		for i := range n {
			p := model.Pupil{URN: urn, Year: y, NCYear: a.NCYears[s.rnd.IntN(len(a.NCYears))], Chars: s.chars()}
			p.Src.Row = i + 2
			// The pupil's chance of a column's second code over its first:
			// EYFS goals at 2 (expected) go together.
			second := s.rnd.Float64()
			vals := make([]model.Value, len(a.Columns))
			for ci, c := range a.Columns {
				if !a.TakesNCYear(ci, p.NCYear) {
					continue
				}
				var codes []string
				for _, cd := range c.Codes {
					if cd.Why == "" {
						codes = append(codes, cd.Code)
					}
				}
				x := s.rnd.Float64()
				switch {
				case x < rare/3:
					// blank
				case x < rare && len(codes) > 2:
					vals[ci] = model.Value{Code: codes[2+s.rnd.IntN(len(codes)-2)]}
				case c.Kind == assess.Number && x < rare && len(codes) > 0:
					vals[ci] = model.Value{Code: codes[s.rnd.IntN(len(codes))]}
				case c.Kind == assess.Number:
					// Skewed high, as marks are; the maximum is common.
					v := c.Max - math.Floor(math.Abs(s.rnd.NormFloat64())*(c.Max-c.Min)/3)
					vals[ci] = model.Value{Num: math.Max(c.Min, v), IsNum: true}
				case len(codes) > 0:
					i := 0
					if len(codes) > 1 && s.rnd.Float64() < second {
						i = 1
					}
					vals[ci] = model.Value{Code: codes[i]}
				}
			}
			p.Results = []model.Result{{Assessment: a.ID, Values: vals}}
			ps = append(ps, p)
		}
	}
	return ps
}

// declaredCases are random schools of each declared assessment in turn,
// as propCases are of KS2 and KS4.
func declaredCases(t *testing.T, iterations int) []propCase {
	seed := uint64(20250901)
	if n, err := strconv.Atoi(os.Getenv("REPORTPACK_PROPERTY_SCALE")); err == nil && n > 1 {
		iterations *= n
		seed += uint64(n)
	}
	rnd := rand.New(rand.NewPCG(seed, 11))
	ys := years(2)
	nat, params, est := synthNational(ys)
	decl := assess.Declared()
	if len(decl) == 0 {
		t.Fatal("no declared assessments")
	}
	var out []propCase
	for it := range iterations {
		a := decl[it%len(decl)]
		n := 4 + rnd.IntN(56)
		nyears := 1 + rnd.IntN(2)
		ps := synthDeclared(rnd.Uint64(), urnOf(it), a, n, ys[2-nyears:], it%3 != 0)
		k := []int{3, 6, 10}[rnd.IntN(3)]
		out = append(out, propCase{ps: ps, k: k, name: fmt.Sprintf("it%d_%s_n%d_y%d_k%d", it, a.ID, n, nyears, k),
			nat: nat, params: params, est: est})
	}
	return out
}

// yearEnv is the per-pupil rules' environment for a case's year.
func yearEnv(pc propCase, y model.Year) *env {
	e := newEnv(pc.params, y, pc.est)
	return e
}

// TestPropertyBirthPartitionsAddUp: with no suppression, in every table
// and every view not filtered by term of birth, the birth rows' cohorts
// add up to the view's pupils with a known term of birth, and each
// measure's cell cohorts in the birth rows to the view's pupils in the
// measure's cohort with a known term; each birth row holds exactly the
// oracle's pupils; and a birth filter's "All pupils" row is its group's
// row. For KS2, KS4 and every declared assessment.
func TestPropertyBirthPartitionsAddUp(t *testing.T) {
	t.Parallel()
	cases := append(propCases(t, 30), declaredCases(t, 40)...)
	birthRows, views := 0, 0
	seen := map[model.Assessment]bool{}
	for _, pc := range cases {
		r := Compute(pc.ps, pc.nat, pc.params, pc.est, Options{})
		for _, kr := range r.KeyStages {
			seen[kr.KeyStage] = true
			for _, yr := range kr.Years {
				ps := pupilsOf(pc.ps, kr.KeyStage, yr.Year)
				o := newOracle(kr.KeyStage, ps, yearEnv(pc, yr.Year))
				for _, tb := range yr.Tables {
					if tb.Def.ByYearGroup {
						continue // rows by year group (TestPropertyRatioPartitionsAddUp)
					}
					for _, v := range append([]FilteredTable{{Rows: tb.Unfiltered}}, tb.Filtered...) {
						where := fmt.Sprintf("%s %s %q", pc.name, tb.Def.ID, v.Filter)
						if v.Filter.hasDimension("birth") {
							if v.Filter.Second == "" {
								if want := o.set(Filter{}, v.Filter.First).size(); v.Rows[0].Cohort != want {
									t.Fatalf("%s: all row %d, group %d", where, v.Rows[0].Cohort, want)
								}
							}
							continue
						}
						views++
						known := 0
						for _, g := range []model.GroupID{"birth_autumn", "birth_spring", "birth_summer"} {
							known += o.set(v.Filter, g).size()
						}
						wantCells := make([]int, len(tb.Measures))
						for ci, m := range tb.Measures {
							for _, g := range []model.GroupID{"birth_autumn", "birth_spring", "birth_summer"} {
								wantCells[ci] += o.set(v.Filter, g, m.ID).size()
							}
						}
						sum, sumCells := 0, make([]int, len(tb.Measures))
						for _, row := range v.Rows {
							if row.Group.Dimension != "birth" {
								continue
							}
							birthRows++
							if want := o.set(v.Filter, row.Group.ID).size(); row.Cohort != want {
								t.Fatalf("%s %s: cohort %d, oracle %d", where, row.Group.ID, row.Cohort, want)
							}
							sum += row.Cohort
							for ci, c := range row.Cells {
								sumCells[ci] += c.Cohort
							}
						}
						if sum != known {
							t.Fatalf("%s: birth rows add up to %d, pupils with a known term %d", where, sum, known)
						}
						if !reflect.DeepEqual(sumCells, wantCells) {
							t.Fatalf("%s: birth rows' cell cohorts %v, want %v", where, sumCells, wantCells)
						}
						unknown := 0
						for i, p := range o.ps {
							if p.Chars.BirthTerm == model.BirthUnknown && o.set(v.Filter, "all")[i] == '1' {
								unknown++
							}
						}
						if sum+unknown != v.Rows[0].Cohort {
							t.Fatalf("%s: birth rows %d + unknown %d != all %d", where, sum, unknown, v.Rows[0].Cohort)
						}
					}
				}
			}
		}
	}
	for _, a := range append([]model.Assessment{model.KS2, model.KS4}, declaredIDs()...) {
		if !seen[a] {
			t.Errorf("no case of %s", a)
		}
	}
	if birthRows == 0 {
		t.Fatal("no birth rows")
	}
	t.Logf("%d cases, %d views, %d birth rows", len(cases), views, birthRows)
}

func declaredIDs() []model.Assessment {
	var out []model.Assessment
	for _, a := range assess.Declared() {
		out = append(out, a.ID)
	}
	return out
}

// TestPropertyDeclaredPartitionsAddUp runs the KS2/KS4 partition check
// (every dimension, birth included) on the declared assessments.
func TestPropertyDeclaredPartitionsAddUp(t *testing.T) {
	t.Parallel()
	for _, pc := range declaredCases(t, 30) {
		r := Compute(pc.ps, pc.nat, pc.params, pc.est, Options{})
		checkPartitionsAddUp(t, pc, r)
	}
}

// TestPropertyDeclaredSuppression runs the suppression checks of
// TestPropertySuppression and TestPropertyNoDifferencing on the declared
// assessments, at the shareable profiles' MinCohort 6 and at the case's.
func TestPropertyDeclaredSuppression(t *testing.T) {
	t.Parallel()
	for _, pc := range declaredCases(t, 40) {
		for _, k := range []int{6, pc.k} {
			pc.k = k
			opt := Options{MinCohort: k}
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
			if k == pc.k {
				break
			}
		}
	}
}

// TestPropertyAuditBirth: the brute-force reader of TestPropertyAudit
// (exact elimination over pupils, every dimension's remainders, birth
// included) finds nothing hidden recoverable at MinCohort 6, the
// shareable profiles' threshold, in KS2, KS4 and declared assessments'
// schools whose pupils have terms of birth; and a hidden small birth row
// published in a copy is caught.
func TestPropertyAuditBirth(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("exact elimination over random schools: seconds")
	}
	start := time.Now()
	var cases []propCase
	for _, pc := range append(auditCases(t, 6), declaredCases(t, 16)...) {
		pc.k = 6
		cases = append(cases, pc)
	}
	years, birthHidden, caught := 0, 0, 0
	seen := map[model.Assessment]bool{}
	for _, pc := range cases {
		r := Compute(pc.ps, pc.nat, pc.params, pc.est, Options{MinCohort: pc.k})
		auditYears(pc, r, func(yr *YearResults, o *oracle, floored map[model.MeasureID][]bool) {
			if len(o.ps) > 64 {
				return // the checker's pupil sets are 64 bits
			}
			years++
			ym := buildModel(yr, o, floored, pc.k)
			for _, l := range ym.leaks(3) {
				t.Errorf("%s %v: leak: %s", pc.name, yr.Year, l)
			}
			for ti := range yr.Tables {
				for _, row := range yr.Tables[ti].Unfiltered {
					if row.Group.Dimension == "birth" && row.Suppressed {
						birthHidden++
					}
				}
			}
			// Publish one hidden small birth row's cohort in a copy.
			mut := audCloneYear(yr)
			for ti := range mut.Tables {
				tb := &mut.Tables[ti]
				for ri := range tb.Unfiltered {
					row := &tb.Unfiltered[ri]
					if row.Group.Dimension == "birth" && row.Suppressed && row.Reason == ReasonSmall {
						row.Suppressed, row.Reason, row.Cohort = false, ReasonNone, o.set(Filter{}, row.Group.ID).size()
						if len(buildModel(mut, o, floored, pc.k).leaks(1)) == 0 {
							t.Errorf("%s %v: showing hidden small row %s is not flagged", pc.name, yr.Year, row.Group.ID)
						}
						caught++
						return
					}
				}
			}
		})
		for _, kr := range r.KeyStages {
			seen[kr.KeyStage] = true
		}
		if time.Since(start) > 25*time.Second {
			t.Logf("stopping early: %v", time.Since(start))
			break
		}
	}
	if birthHidden == 0 || caught == 0 {
		t.Errorf("%d hidden birth rows, %d deliberate leaks caught: the birth rows were not exercised", birthHidden, caught)
	}
	t.Logf("%d school years (%d assessments) checked at MinCohort 6, %d hidden birth rows, %d deliberate leaks caught, in %v",
		years, len(seen), birthHidden, caught, time.Since(start))
}

// TestBirthLeavesExistingRowsAlone: giving KS2 and KS4 pupils a term of
// birth adds birth rows and filters, and changes no figure of any other
// row of any table or filter computed before (no suppression).
func TestBirthLeavesExistingRowsAlone(t *testing.T) {
	t.Parallel()
	for _, pc := range propCases(t, 20) {
		without := make([]model.Pupil, len(pc.ps))
		copy(without, pc.ps)
		for i := range without {
			without[i].Chars.BirthTerm = model.BirthUnknown
		}
		before := Compute(without, pc.nat, pc.params, pc.est, Options{})
		after := Compute(pc.ps, pc.nat, pc.params, pc.est, Options{})
		if n := compareExisting(before, after); n != "" {
			t.Fatalf("%s: %s", pc.name, n)
		}
	}
}

// compareExisting reports the first row of before that after lacks or
// shows differently, leaving out after's birth rows and birth filters.
func compareExisting(before, after Results) string {
	for ki, kb := range before.KeyStages {
		ka := after.KeyStages[ki]
		for yi, yb := range kb.Years {
			ya := ka.Years[yi]
			if !reflect.DeepEqual(yb.Headlines, ya.Headlines) {
				return fmt.Sprintf("%s %v: headlines differ", kb.KeyStage, yb.Year)
			}
			for ti := range yb.Tables {
				tb, ta := &yb.Tables[ti], &ya.Tables[ti]
				views := append([]FilteredTable{{Rows: tb.Unfiltered}}, tb.Filtered...)
				for _, v := range views {
					rows, ok := ta.Rows(v.Filter)
					if !ok {
						return fmt.Sprintf("%s %q: filter gone", tb.Def.ID, v.Filter)
					}
					var kept []Row
					for _, row := range rows {
						if row.Group.Dimension != "birth" {
							kept = append(kept, row)
						}
					}
					if !reflect.DeepEqual(kept, v.Rows) {
						return fmt.Sprintf("%s %q: rows differ", tb.Def.ID, v.Filter)
					}
				}
			}
		}
	}
	return ""
}
