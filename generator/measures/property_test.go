package measures

import (
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/model"
)

// The oracle below decides group membership from the pupil data with its
// own code, so the property tests check Compute's groups as well.

func oracleMember(g model.GroupID, p *model.Pupil) bool {
	c := &p.Chars
	dis := c.Disadvantaged
	if dis == model.FlagUnknown {
		switch {
		case c.FSM6 == model.FlagYes || c.CLA == model.FlagYes || c.PostLAC == model.FlagYes:
			dis = model.FlagYes
		case c.FSM6 != model.FlagUnknown && c.CLA != model.FlagUnknown && c.PostLAC != model.FlagUnknown:
			dis = model.FlagNo
		}
	}
	pa, low, high := p.KS4.KS2APS, 100.0, 110.0
	if p.KeyStage == model.KS2 {
		pa, low, high = p.KS2.KS1APS, 12, 18
	}
	switch g {
	case "all":
		return true
	case "male":
		return c.Gender == model.Male
	case "female":
		return c.Gender == model.Female
	case "disadvantaged":
		return dis == model.FlagYes
	case "other":
		return dis == model.FlagNo
	case "fsm":
		return c.FSM == model.FlagYes
	case "cla":
		return c.CLA == model.FlagYes
	case "no_sen":
		return c.SEN == model.SENNone
	case "sen_support":
		return c.SEN == model.SENSupport
	case "ehcp":
		return c.SEN == model.SENEHCP
	case "eng_first":
		return c.Language == model.LanguageEnglish
	case "eal":
		return c.Language == model.LanguageOther
	case "pa_low":
		return pa.Valid && pa.V < low
	case "pa_middle":
		return pa.Valid && pa.V >= low && pa.V < high
	case "pa_high":
		return pa.Valid && pa.V >= high
	case "non_mobile":
		return c.NonMobile == model.FlagYes
	case "mobile":
		return c.NonMobile == model.FlagNo
	case "birth_autumn":
		return c.BirthTerm == model.BirthAutumn
	case "birth_spring":
		return c.BirthTerm == model.BirthSpring
	case "birth_summer":
		return c.BirthTerm == model.BirthSummer
	}
	codes := map[model.GroupID]model.Ethnicity{"eth_white": model.EthnicityWhite, "eth_mixed": model.EthnicityMixed,
		"eth_asian": model.EthnicityAsian, "eth_black": model.EthnicityBlack, "eth_chinese": model.EthnicityChinese,
		"eth_other": model.EthnicityOther, "eth_unclassified": model.EthnicityUnclassified}
	e, ok := codes[g]
	if !ok {
		panic("oracle: unknown group " + g)
	}
	return c.Ethnicity == e
}

// oracle precomputes, for one assessment and year, each group's members
// (by oracleMember) and each measure's cohort (by the measure's rule).
type oracle struct {
	ps       []*model.Pupil
	member   map[model.GroupID][]bool
	inCohort map[model.MeasureID][]bool
	memo     map[oracleKey]pset
}

type oracleKey struct {
	f Filter
	g model.GroupID
	m model.MeasureID
}

func newOracle(a model.Assessment, ps []*model.Pupil, e *env) *oracle {
	o := &oracle{ps: ps, member: map[model.GroupID][]bool{}, inCohort: map[model.MeasureID][]bool{}, memo: map[oracleKey]pset{}}
	for _, g := range groups {
		b := make([]bool, len(ps))
		if g.Dimension != "prior" || a == model.KS2 || a == model.KS4 { // prior bands are the key stages' only
			for i, p := range ps {
				b[i] = oracleMember(g.ID, p)
			}
		}
		o.member[g.ID] = b
	}
	// The rows of tables by year group.
	for y := model.NCYear(-1); y <= 14; y++ {
		id := YearGroup(y).ID
		b := make([]bool, len(ps))
		for i, p := range ps {
			b[i] = YearGroup(p.NCYear).ID == id
		}
		o.member[id] = b
	}
	if len(ps) > 0 && e != nil {
		for _, m := range reg().byKS[a] {
			b := make([]bool, len(ps))
			for i, p := range ps {
				_, b[i] = m.pupil(e, p)
			}
			o.inCohort[m.ID] = b
		}
	}
	return o
}

// pset is a set of pupils as a comparable key: one byte per pupil.
type pset string

func (s pset) size() int { return strings.Count(string(s), "1") }

// set is the pupils passing the filter in group g, and in measure m's cohort
// when m is given.
func (o *oracle) set(f Filter, g model.GroupID, m ...model.MeasureID) pset {
	key := oracleKey{f: f, g: g}
	var extra [][]bool
	if len(m) > 0 {
		key.m = m[0]
		extra = append(extra, o.inCohort[m[0]])
	}
	if s, ok := o.memo[key]; ok {
		return s
	}
	lists := [][]bool{o.member[g]}
	for _, x := range f.Groups() {
		lists = append(lists, o.member[x])
	}
	lists = append(lists, extra...)
	b := make([]byte, len(o.ps))
	for i := range b {
		b[i] = '1'
		for _, l := range lists {
			if !l[i] {
				b[i] = '0'
				break
			}
		}
	}
	o.memo[key] = pset(b)
	return pset(b)
}

// unclassified counts the filter's pupils in none of the dimension's groups.
func (o *oracle) unclassified(f Filter, d Dimension) int {
	n := 0
	for i := range o.ps {
		ok := true
		for _, x := range f.Groups() {
			ok = ok && o.member[x][i]
		}
		for _, g := range d.Groups {
			ok = ok && !o.member[g][i]
		}
		if ok {
			n++
		}
	}
	return n
}

type propCase struct {
	ps     []model.Pupil
	k      int
	name   string
	nat    model.NationalFigures
	params model.NationalParams
	est    model.Estimates
}

func propCases(t *testing.T, iterations int) []propCase {
	seed := uint64(20250701)
	// REPORTPACK_PROPERTY_SCALE=n runs n times the iterations, with another
	// seed, for a longer search than the default few seconds.
	if n, err := strconv.Atoi(os.Getenv("REPORTPACK_PROPERTY_SCALE")); err == nil && n > 1 {
		iterations *= n
		seed += uint64(n)
	}
	rnd := rand.New(rand.NewPCG(seed, 7))
	ys := years(2)
	nat, params, est := synthNational(ys)
	var out []propCase
	for it := range iterations {
		ks := []model.KeyStage{model.KS2, model.KS4}[it%2]
		n := 4 + rnd.IntN(80)
		nyears := 1 + rnd.IntN(2)
		sparse := it%3 != 0
		ps := synthSchool(rnd.Uint64(), urnOf(it), ks, n, ys[2-nyears:], sparse)
		k := []int{3, 6, 10}[rnd.IntN(3)]
		out = append(out, propCase{ps: ps, k: k, name: fmt.Sprintf("it%d_%v_n%d_y%d_k%d", it, ks, n, nyears, k), nat: nat, params: params, est: est})
	}
	return out
}

// TestPropertyPartitionsAddUp: with no suppression, in every table
// (filtered or not) each partition's row cohorts add up to "All pupils"
// less the pupils in none of its groups (unclassified), each row holds
// exactly the pupils the oracle selects, and measure cohorts never exceed
// the row's.
func TestPropertyPartitionsAddUp(t *testing.T) {
	t.Parallel()
	for _, pc := range propCases(t, 40) {
		checkPartitionsAddUp(t, pc, Compute(pc.ps, pc.nat, pc.params, pc.est, Options{}))
	}
}

func checkPartitionsAddUp(t *testing.T, pc propCase, r Results) {
	t.Helper()
	for _, kr := range r.KeyStages {
		for _, yr := range kr.Years {
			o := newOracle(kr.KeyStage, pupilsOf(pc.ps, kr.KeyStage, yr.Year), nil)
			tb := yr.Tables[0]
			views := append([]FilteredTable{{Rows: tb.Unfiltered}}, tb.Filtered...)
			for _, v := range views {
				sel := o.set(v.Filter, "all")
				if sel.size() == 0 {
					t.Fatalf("%s: filter %q selects nobody but is listed", pc.name, v.Filter)
				}
				byGroup := map[model.GroupID]*Row{}
				for i := range v.Rows {
					row := &v.Rows[i]
					byGroup[row.Group.ID] = row
					if want := o.set(v.Filter, row.Group.ID).size(); row.Cohort != want {
						t.Fatalf("%s %q %s: cohort %d, oracle %d", pc.name, v.Filter, row.Group.ID, row.Cohort, want)
					}
					for ci, c := range row.Cells {
						if c.Cohort > row.Cohort || c.Has != (c.Cohort > 0) {
							t.Fatalf("%s %q %s %s: cell cohort %d of row %d", pc.name, v.Filter, row.Group.ID, tb.Measures[ci].ID, c.Cohort, row.Cohort)
						}
					}
				}
				all := byGroup["all"]
				for _, d := range Dimensions() {
					if v.Filter.hasDimension(d.ID) {
						continue
					}
					sum := 0
					for _, g := range d.Groups {
						if row := byGroup[g]; row != nil {
							sum += row.Cohort
						} else if n := o.set(v.Filter, g).size(); n != 0 {
							t.Fatalf("%s %q: group %s has %d pupils but no row", pc.name, v.Filter, g, n)
						}
					}
					unclassified := o.unclassified(v.Filter, d)
					if sum+unclassified != all.Cohort {
						t.Fatalf("%s %q %s: members %d + unclassified %d != all %d", pc.name, v.Filter, d.ID, sum, unclassified, all.Cohort)
					}
				}
			}
		}
	}
}

// pupilsOf is the pupils of the year taking the assessment (a key stage's
// typed results, or a declared assessment's cells).
func pupilsOf(all []model.Pupil, ks model.Assessment, y model.Year) []*model.Pupil {
	var out []*model.Pupil
	// An EveryRow assessment's rows are every row of the year, when one
	// takes it (or it has no columns).
	every := false
	if a := assess.ByID(ks); a != nil && a.EveryRow {
		for i := range all {
			if all[i].Year == y && (len(a.Columns) == 0 || all[i].Takes(ks)) {
				every = true
			}
		}
	}
	for i := range all {
		if (every || all[i].Takes(ks)) && all[i].Year == y {
			out = append(out, &all[i])
		}
	}
	return out
}

// TestPropertySuppression: with suppression, over random schools,
//   - no shown row or cell has a cohort of 1..k-1;
//   - a suppressed cell carries no figure, and a suppressed row no cohort;
//   - every shown figure equals the unsuppressed one;
//   - in every shown table, every partition and every column (the row
//     cohorts, and each measure), a lone hidden member with pupils in the
//     column's cohort never sits beside a shown non-empty member; when
//     "All pupils" is shown and exactly one "x" shows, unclassified pupils
//     exist or the hidden cohort is empty (or the x only fills a hidden
//     row, see Options.MinCohort), so no hidden figure is "All pupils"
//     less the shown rows; when "All pupils" is hidden for a column, some
//     member is hidden too;
//   - a filter selecting fewer than k pupils is hidden whole;
//   - the same pupils are hidden everywhere or nowhere: rows, and each
//     measure's cohort within shown rows;
//   - the headline (unfiltered "All pupils") is hidden only under k;
//   - Compute is deterministic.
func TestPropertySuppression(t *testing.T) {
	t.Parallel()
	cases := propCases(t, 60)
	for _, pc := range cases {
		opt := Options{MinCohort: pc.k}
		r := Compute(pc.ps, pc.nat, pc.params, pc.est, opt)
		if r2 := Compute(pc.ps, pc.nat, pc.params, pc.est, opt); !reflect.DeepEqual(r, r2) {
			t.Fatalf("%s: Compute is not deterministic", pc.name)
		}
		full := Compute(pc.ps, pc.nat, pc.params, pc.est, Options{})
		for ki, kr := range r.KeyStages {
			for yi, yr := range kr.Years {
				ps := pupilsOf(pc.ps, kr.KeyStage, yr.Year)
				fy := &full.KeyStages[ki].Years[yi]
				e := newEnv(pc.params, yr.Year, pc.est)
				checkSuppressedYear(t, pc, newOracle(kr.KeyStage, ps, e), yr, fy)
			}
		}
	}
}

func checkSuppressedYear(t *testing.T, pc propCase, o *oracle, yr YearResults, full *YearResults) {
	t.Helper()
	k := pc.k
	rowState := map[pset]bool{}
	cellState := map[model.MeasureID]map[pset]bool{}
	for ti := range yr.Tables {
		tb := &yr.Tables[ti]
		ftb := &full.Tables[ti]
		views := append([]FilteredTable{{Rows: tb.Unfiltered}}, tb.Filtered...)
		for _, v := range views {
			where := fmt.Sprintf("%s %s %q", pc.name, tb.Def.ID, v.Filter)
			sel := o.set(v.Filter, "all")
			if sel.size() < k && !v.Suppressed && !v.Filter.IsZero() {
				t.Fatalf("%s: filter selects %d < %d pupils but is shown", where, sel.size(), k)
			}
			if v.Suppressed && (len(v.Rows) != 1 || !v.Rows[0].Suppressed || v.Rows[0].Group.ID != "all") {
				t.Fatalf("%s: a hidden table must show only its hidden all-pupils row", where)
			}
			trueRows, _ := ftb.Rows(v.Filter)
			truth := map[model.GroupID]*Row{}
			for i := range trueRows {
				truth[trueRows[i].Group.ID] = &trueRows[i]
			}
			byGroup := map[model.GroupID]*Row{}
			for i := range v.Rows {
				row := &v.Rows[i]
				byGroup[row.Group.ID] = row
				set := o.set(v.Filter, row.Group.ID)
				if prev, ok := rowState[set]; ok && prev != row.Suppressed {
					t.Fatalf("%s %s: the same %d pupils are hidden in one table and shown in another", where, row.Group.ID, set.size())
				}
				rowState[set] = row.Suppressed
				if row.Suppressed {
					if row.Cohort != 0 {
						t.Fatalf("%s %s: suppressed row shows cohort %d", where, row.Group.ID, row.Cohort)
					}
				} else if row.Cohort < k {
					t.Fatalf("%s %s: shown row of %d < %d pupils", where, row.Group.ID, row.Cohort, k)
				}
				tr := truth[row.Group.ID]
				for ci, c := range row.Cells {
					m := tb.Measures[ci]
					if c.Suppressed {
						if c.Cohort != 0 || c.Has || c.Value != 0 || c.CI.Valid || c.Band != BandNone || c.AdjustedPupils != 0 || c.Unadjusted != 0 {
							t.Fatalf("%s %s %s: suppressed cell carries figures %+v", where, row.Group.ID, m.ID, c)
						}
					} else {
						if c.Cohort > 0 && c.Cohort < k {
							t.Fatalf("%s %s %s: shown cell of %d < %d pupils", where, row.Group.ID, m.ID, c.Cohort, k)
						}
						tc := tr.Cells[ci]
						if c.AdjustedSuppressed {
							if c.AdjustedPupils != 0 || c.Unadjusted != 0 || tc.AdjustedPupils == 0 {
								t.Fatalf("%s %s %s: hidden floored count carries figures %+v (truth %d)", where, row.Group.ID, m.ID, c, tc.AdjustedPupils)
							}
							tc.AdjustedPupils, tc.Unadjusted, tc.AdjustedSuppressed, tc.AdjustedReason = 0, 0, true, c.AdjustedReason
						} else if tc.AdjustedPupils > 0 && tc.AdjustedPupils < k {
							t.Fatalf("%s %s %s: %d < %d floored pupils shown", where, row.Group.ID, m.ID, tc.AdjustedPupils, k)
						}
						if u := m.unadjustedOf; u != "" {
							pc := tb.Column(u)
							if a := tr.Cells[pc].AdjustedPupils; a > 0 && a < k || row.Cells[pc].Suppressed || row.Cells[pc].AdjustedSuppressed {
								t.Fatalf("%s %s %s: unadjusted mean shown beside %d floored pupils (%+v)", where, row.Group.ID, m.ID, a, row.Cells[pc])
							}
						}
						if c != tc {
							t.Fatalf("%s %s %s: shown cell %+v differs from unsuppressed %+v", where, row.Group.ID, m.ID, c, tc)
						}
					}
					if v.Suppressed {
						continue
					}
					coh := o.set(v.Filter, row.Group.ID, m.ID)
					if coh.size() == 0 {
						continue
					}
					if cellState[m.ID] == nil {
						cellState[m.ID] = map[pset]bool{}
					}
					if prev, ok := cellState[m.ID][coh]; ok && prev != c.Suppressed {
						t.Fatalf("%s %s %s: the same %d-pupil cohort is hidden in one place and shown in another", where, row.Group.ID, m.ID, coh.size())
					}
					cellState[m.ID][coh] = c.Suppressed
				}
			}
			if v.Filter.IsZero() && !tb.Def.ByYearGroup { // a table by year group has no headline row
				small := func(n int) bool { return n > 0 && n < k }
				for ci, c := range v.Rows[0].Cells {
					want := small(truth["all"].Cells[ci].Cohort)
					if u := tb.Measures[ci].unadjustedOf; u != "" {
						want = want || small(truth["all"].Cells[tb.Column(u)].AdjustedPupils)
					}
					if !c.Suppressed && c.AdjustedSuppressed != small(truth["all"].Cells[ci].AdjustedPupils) {
						t.Fatalf("%s %s: headline's floored count suppressed %v with %d pupils", where, tb.Measures[ci].ID, c.AdjustedSuppressed, truth["all"].Cells[ci].AdjustedPupils)
					}
					if c.Suppressed != want &&
						!(v.Rows[0].Suppressed && truth["all"].Cohort < k) {
						t.Fatalf("%s %s: headline suppressed %v with cohort %d", where, tb.Measures[ci].ID, c.Suppressed, truth["all"].Cells[ci].Cohort)
					}
				}
			}
			if v.Suppressed {
				continue
			}
			// What can be worked out from the shown figures is the
			// audit's to decide; TestPropertyAudit checks it by brute force.
		}
	}
}

// TestPropertyFiltersMatchSubsets: a filtered table's all-pupils row is the
// unfiltered row of its group (single filters), and shown values agree.
func TestPropertyFiltersMatchSubsets(t *testing.T) {
	t.Parallel()
	for _, pc := range propCases(t, 20) {
		r := Compute(pc.ps, pc.nat, pc.params, pc.est, Options{})
		for _, kr := range r.KeyStages {
			for _, yr := range kr.Years {
				for _, tb := range yr.Tables {
					for _, ft := range tb.Filtered {
						if ft.Filter.Second != "" {
							continue
						}
						var unf *Row
						for i := range tb.Unfiltered {
							if tb.Unfiltered[i].Group.ID == ft.Filter.First {
								unf = &tb.Unfiltered[i]
							}
						}
						a := ft.Rows[0]
						if unf == nil || a.Cohort != unf.Cohort {
							t.Fatalf("%s %s %q: all row %d vs group row", pc.name, tb.Def.ID, ft.Filter, a.Cohort)
						}
						for ci := range a.Cells {
							x, y := a.Cells[ci], unf.Cells[ci]
							x.National, x.NationalSame, x.NationalSameIsAll, x.Comparator = y.National, y.NationalSame, y.NationalSameIsAll, y.Comparator
							if x != y {
								t.Fatalf("%s %s %q %s: %+v vs %+v", pc.name, tb.Def.ID, ft.Filter, tb.Measures[ci].ID, x, y)
							}
						}
					}
				}
			}
		}
	}
}

// TestPropertyHeadlinesOnly: the cheap headline pass gives exactly the
// full computation's headlines, suppression included.
func TestPropertyHeadlinesOnly(t *testing.T) {
	t.Parallel()
	for _, pc := range propCases(t, 30) {
		opt := Options{MinCohort: pc.k}
		full := Compute(pc.ps, pc.nat, pc.params, pc.est, opt)
		opt.HeadlinesOnly = true
		cheap := Compute(pc.ps, pc.nat, pc.params, pc.est, opt)
		for ki := range full.KeyStages {
			for yi := range full.KeyStages[ki].Years {
				f, c := full.KeyStages[ki].Years[yi], cheap.KeyStages[ki].Years[yi]
				if c.Tables != nil || c.Filters != nil {
					t.Fatalf("%s: HeadlinesOnly returned tables", pc.name)
				}
				if !reflect.DeepEqual(f.Headlines, c.Headlines) {
					t.Fatalf("%s %v: headlines differ", pc.name, f.Year)
				}
			}
		}
	}
}

// TestConcurrentCompute: Compute shares only its scratch pool between
// calls; results from many goroutines equal the serial ones.
func TestConcurrentCompute(t *testing.T) {
	t.Parallel()
	cases := propCases(t, 8)
	want := make([]Results, len(cases))
	for i, pc := range cases {
		want[i] = Compute(pc.ps, pc.nat, pc.params, pc.est, Options{MinCohort: pc.k})
	}
	errs := make(chan string, len(cases)*4)
	done := make(chan bool)
	for range 4 {
		go func() {
			for i, pc := range cases {
				if got := Compute(pc.ps, pc.nat, pc.params, pc.est, Options{MinCohort: pc.k}); !reflect.DeepEqual(got, want[i]) {
					errs <- pc.name
				}
			}
			done <- true
		}()
	}
	for range 4 {
		<-done
	}
	close(errs)
	for name := range errs {
		t.Errorf("%s: concurrent result differs", name)
	}
}

// FilterYears keeps filters for the latest years only, and leaves the
// latest year's results exactly as a full Compute gives them.
func TestFilterYears(t *testing.T) {
	years := []model.Year{2023, 2024, 2025}
	nat, params, est := synthNational(years)
	pupils := synthSchool(3, "100001", model.KS4, 150, years, false)
	for _, minCohort := range []int{0, 6} {
		full := Compute(pupils, nat, params, est, Options{MinCohort: minCohort})
		latest := Compute(pupils, nat, params, est, Options{MinCohort: minCohort, FilterYears: 1})
		fy, ly := full.KeyStages[0].Years, latest.KeyStages[0].Years
		if len(fy) != 3 || len(ly) != 3 {
			t.Fatalf("years: %d and %d", len(fy), len(ly))
		}
		for i := range 2 {
			if len(ly[i].Filters) != 0 || len(fy[i].Filters) == 0 {
				t.Errorf("min %d, %s: %d filters with FilterYears 1, %d without", minCohort, ly[i].Year, len(ly[i].Filters), len(fy[i].Filters))
			}
			if !reflect.DeepEqual(fy[i].Headlines, ly[i].Headlines) {
				t.Errorf("min %d, %s: headlines differ", minCohort, ly[i].Year)
			}
		}
		if !reflect.DeepEqual(fy[2], ly[2]) {
			t.Errorf("min %d: the latest year differs with FilterYears 1", minCohort)
		}
	}
}
