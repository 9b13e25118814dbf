package sample

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/model"
)

// big is an LA large enough for rates: about 70,000 rows.
var big = Options{Schools: 40, Pupils: 60, Years: 4, Seed: 5}

// KeyStagesOnly makes what sample made before whole-school data, byte for
// byte (hashes of the pupils CSV taken from the last commit before it).
func TestKeyStagesOnlyUnchanged(t *testing.T) {
	for _, tc := range []struct {
		opt  Options
		hash string
	}{
		{Options{Schools: 4, Pupils: 30, Years: 2, Seed: 7}, "cb0b79df2abee766d94e55c4312164b46fd423acb5110cbff92661b1d6bfc132"},
		{Options{Schools: 3, Pupils: 120, Years: 3, Seed: 1}, "a99e98be20570731e4722aa38db78a726ac37bd1887f02cd56b0cd00d8b80484"},
	} {
		tc.opt.KeyStagesOnly = true
		var b bytes.Buffer
		if err := Generate(tc.opt).WritePupilsCSV(&b); err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprintf("%x", sha256.Sum256(b.Bytes())); got != tc.hash {
			t.Errorf("%+v: pupils CSV changed (sha256 %s)", tc.opt, got)
		}
	}
}

// Primaries have every year group R to 6 and secondaries 7 to 11, every
// school year; KeyStage is on Year 6 and 11 rows only.
func TestYearGroups(t *testing.T) {
	d := gen(t, small)
	phase := map[model.URN]Phase{}
	for _, s := range d.Schools {
		phase[s.URN] = s.Phase
	}
	type key struct {
		urn model.URN
		y   model.Year
	}
	seen := map[key]map[model.NCYear]bool{}
	for i := range d.Pupils {
		p := &d.Pupils[i]
		ph := phase[p.URN]
		if p.NCYear < ph.firstYear() || p.NCYear > ph.lastYear() {
			t.Fatalf("%v school %s has a %v row", ph, p.URN, p.NCYear)
		}
		want := map[model.NCYear]model.KeyStage{6: model.KS2, 11: model.KS4}[p.NCYear]
		if p.KeyStage != want {
			t.Fatalf("%v row has KeyStage %q", p.NCYear, p.KeyStage)
		}
		k := key{p.URN, p.Year}
		if seen[k] == nil {
			seen[k] = map[model.NCYear]bool{}
		}
		seen[k][p.NCYear] = true
	}
	if len(seen) != len(d.Schools)*len(d.Years) {
		t.Fatalf("%d school-years have rows, want %d", len(seen), len(d.Schools)*len(d.Years))
	}
	for k, ys := range seen {
		ph := phase[k.urn]
		if len(ys) != int(ph.lastYear()-ph.firstYear()+1) {
			t.Errorf("%v: year groups %v", k, ys)
		}
	}
}

// A pupil is the same pupil a year on, one year group up: mostly at the
// same school, a few at another of the LA's; a few leave and join.
func TestContinuity(t *testing.T) {
	d := gen(t, big)
	byYear := map[model.Year]map[string]*model.Pupil{}
	for i := range d.Pupils {
		p := &d.Pupils[i]
		if byYear[p.Year] == nil {
			byYear[p.Year] = map[string]*model.Pupil{}
		}
		if byYear[p.Year][p.ID.UPN] != nil {
			t.Fatalf("%s has two rows in %v", p.ID.UPN, p.Year)
		}
		byYear[p.Year][p.ID.UPN] = p
	}
	var same, moved, left, joined, total int
	for _, y := range d.Years[1:] {
		for upn, p := range byYear[y] {
			q := byYear[y-1][upn]
			if q == nil {
				if p.NCYear != 0 && p.NCYear != 7 {
					joined++
				}
				continue
			}
			if p.NCYear != q.NCYear+1 {
				t.Fatalf("%s: %v in %v, %v in %v", upn, q.NCYear, q.Year, p.NCYear, p.Year)
			}
			if p.ID != q.ID {
				t.Fatalf("%s: identity changed: %+v, %+v", upn, q.ID, p.ID)
			}
			if p.Chars.Gender != q.Chars.Gender || p.Chars.Ethnicity != q.Chars.Ethnicity || p.Chars.Language != q.Chars.Language {
				t.Fatalf("%s: characteristics changed", upn)
			}
			if p.URN == q.URN {
				same++
			} else {
				moved++
			}
		}
		for upn, q := range byYear[y-1] {
			total++
			if byYear[y][upn] == nil && q.NCYear != 6 && q.NCYear != 11 {
				left++
			}
		}
	}
	pct := func(n int) float64 { return 100 * float64(n) / float64(total) }
	if pct(moved) < 0.8 || pct(moved) > 2.5 || pct(left) < 2 || pct(left) > 6 || pct(joined) < 2 || pct(joined) > 8 || pct(same) < 75 {
		t.Errorf("a year on: same school %.1f%%, moved %.1f%%, left %.1f%%, joined %.1f%%", pct(same), pct(moved), pct(left), pct(joined))
	}
}

// Only Year 1 pupils who did not meet the standard take the recheck in
// Year 2, the same pupils a year on; a Year 2 row gives the Year 1
// outcome only when the data has no Year 1 row of the pupil.
func TestPhonicsRecheck(t *testing.T) {
	d := gen(t, big)
	y1 := map[model.Year]map[string]string{}
	for i := range d.Pupils {
		p := &d.Pupils[i]
		if p.NCYear == 1 {
			if y1[p.Year] == nil {
				y1[p.Year] = map[string]string{}
			}
			y1[p.Year][p.ID.UPN] = p.Result("phonics")[colPhOutcome].Code
		}
	}
	var rechecks, given int
	for i := range d.Pupils {
		p := &d.Pupils[i]
		v := p.Result("phonics")
		if p.NCYear != 2 {
			if v != nil && p.NCYear != 1 {
				t.Fatalf("%v row with phonics", p.NCYear)
			}
			if v != nil && !v[colPhY1].Blank() {
				t.Fatalf("Year 1 row with a Year 1 outcome")
			}
			continue
		}
		prev, inData := y1[p.Year-1][p.ID.UPN]
		var given1 string
		if v != nil {
			given1 = v[colPhY1].Code
		}
		if inData == (given1 != "") {
			t.Fatalf("%s: Year 1 row in the data %v, Year 2 row gives Year 1 outcome %q", p.ID.UPN, inData, given1)
		}
		if given1 != "" {
			prev = given1
			given++
		}
		recheck := v != nil && !v[colPhOutcome].Blank()
		if recheck != (prev != "Wa") {
			t.Fatalf("%s: Year 1 outcome %q, recheck %v", p.ID.UPN, prev, recheck)
		}
		if recheck {
			rechecks++
		}
	}
	if rechecks == 0 || given == 0 {
		t.Errorf("%d rechecks, %d Year 2 rows giving the Year 1 outcome", rechecks, given)
	}
}

// Every declared cell is valid as its column declares: a code of its list
// (not a retired one), or a number in range; each row has one cell per
// column, only in the assessment's year groups, and passes its Check.
func TestDeclaredValuesValid(t *testing.T) {
	d := gen(t, small)
	var params model.NationalParams
	counts := map[string]int{}
	for i := range d.Pupils {
		p := &d.Pupils[i]
		for _, res := range p.Results {
			a := assess.ByID(res.Assessment)
			if a == nil || a.Typed {
				t.Fatalf("result of %q", res.Assessment)
			}
			if len(res.Values) != len(a.Columns) {
				t.Fatalf("%s: %d values for %d columns", a.ID, len(res.Values), len(a.Columns))
			}
			filled := false
			for j, v := range res.Values {
				c := a.Columns[j]
				if v.Blank() {
					continue
				}
				filled = true
				if !a.TakesNCYear(j, p.NCYear) {
					t.Fatalf("%s on a %v row", c.Name, p.NCYear)
				}
				if v.IsNum {
					if c.Kind != assess.Number || v.Num < c.Min || v.Num > c.Max || (c.Whole && v.Num != math.Trunc(v.Num)) {
						t.Fatalf("%s = %v", c.Name, v.Num)
					}
					continue
				}
				if !slices.ContainsFunc(c.Codes, func(k assess.Code) bool { return k.Code == v.Code && k.Why == "" }) {
					t.Fatalf("%s = %q, not one of its codes", c.Name, v.Code)
				}
				counts[c.Name+"="+v.Code]++
			}
			if !filled {
				t.Fatalf("%s result with no cell", a.ID)
			}
			if a.Check != nil {
				if probs := a.Check(assess.NewRow(a, p, params)); len(probs) > 0 {
					t.Fatalf("%s row: %+v", a.ID, probs)
				}
			}
		}
	}
	for _, want := range []string{"ELG01=A", "ELG10=1", "Phonics_Outcome=Wt", "Phonics_Outcome=A", "Phonics_Outcome=D",
		"KS1_Read=GDS", "KS1_Read=WTS", "KS1_Mat=A", "KS1_Sci=HNM", "MTC_Score=A", "MTC_Score=B"} {
		if counts[want] == 0 {
			t.Errorf("no %s", want)
		}
	}
}

// rates measures the declared assessments' measures on d as the rules
// of package assess do, with Phonics_Y1_Outcome carried from the previous
// year's Year 1 row as the loader carries it, by group.
func rates(d *Data, in func(p *model.Pupil) bool) map[model.MeasureID]float64 {
	y1 := map[model.Year]map[string]model.Value{}
	for i := range d.Pupils {
		p := &d.Pupils[i]
		if p.NCYear == 1 {
			if y1[p.Year] == nil {
				y1[p.Year] = map[string]model.Value{}
			}
			y1[p.Year][p.ID.UPN] = p.Result("phonics")[colPhOutcome]
		}
	}
	sum, n := map[model.MeasureID]float64{}, map[model.MeasureID]float64{}
	scale := map[model.MeasureID]float64{}
	for i := range d.Pupils {
		p := &d.Pupils[i]
		if !in(p) {
			continue
		}
		for _, a := range assess.Declared() {
			row := assess.NewRow(a, p, model.NationalParams{})
			if a.ID == "phonics" && p.NCYear == 2 {
				v := slices.Clone(row.V)
				if v == nil {
					v = make([]model.Value, len(a.Columns))
				}
				if prev, ok := y1[p.Year-1][p.ID.UPN]; ok {
					v[colPhY1] = prev
				}
				row.V = v
			}
			if row.V == nil {
				continue
			}
			for _, m := range a.Measures {
				if m.Kind != assess.Percent && m.Kind != assess.Mean {
					continue // ratios and counts: attendance_test.go checks attendance
				}
				scale[m.ID] = map[assess.Kind]float64{assess.Percent: 100, assess.Mean: 1}[m.Kind]
				if x, ok := m.Rule(row); ok {
					sum[m.ID] += x
					n[m.ID]++
				}
			}
		}
	}
	out := map[model.MeasureID]float64{}
	for id := range sum {
		out[id] = scale[id] * sum[id] / n[id]
	}
	return out
}

// The LA's figures are near the DfE's published national figures.
func TestAssessmentRates(t *testing.T) {
	d := gen(t, big)
	all := rates(d, func(*model.Pupil) bool { return true })
	for _, tc := range []struct {
		m      model.MeasureID
		lo, hi float64
	}{
		{"eyfs_gld", 64, 72}, {"eyfs_elg_avg", 13.6, 14.6}, {"eyfs_all17", 61, 70}, {"eyfs_cll", 66, 74},
		{"eyfs_elg06", 88, 95}, {"eyfs_elg10", 68, 76},
		{"phonics_y1", 77, 83}, {"phonics_y2", 86, 92}, {"phonics_mark_avg", 32, 37},
		{"ks1_rwm_exp", 51, 61}, {"ks1_read_exp", 64, 72}, {"ks1_writ_exp", 56, 64}, {"ks1_mat_exp", 66, 74},
		{"ks1_read_gds", 15, 23}, {"ks1_writ_gds", 5, 11}, {"ks1_mat_gds", 12, 20}, {"ks1_sci_exp", 75, 83},
		{"mtc_avg", 19.6, 21.6}, {"mtc_full", 29, 39},
	} {
		if v := all[tc.m]; v < tc.lo || v > tc.hi {
			t.Errorf("%s = %.1f, want %v..%v", tc.m, v, tc.lo, tc.hi)
		}
	}
	// Gaps: disadvantaged pupils and the summer-born do less well.
	term := func(bt model.BirthTerm) map[model.MeasureID]float64 {
		return rates(d, func(p *model.Pupil) bool { return model.BirthTermOf(p.ID.DOB) == bt })
	}
	autumn, summer := term(model.BirthAutumn), term(model.BirthSummer)
	dis := rates(d, func(p *model.Pupil) bool { return p.Chars.Disadvantaged.Yes() })
	other := rates(d, func(p *model.Pupil) bool { return p.Chars.Disadvantaged == model.FlagNo })
	for _, tc := range []struct {
		m          model.MeasureID
		minAutumn  float64 // autumn − summer
		minOther   float64 // other − disadvantaged
		maxAutumns float64
	}{
		{"eyfs_gld", 10, 12, 30}, {"phonics_y1", 5, 8, 20}, {"ks1_rwm_exp", 5, 12, 25}, {"mtc_avg", 0.1, 1, 3},
	} {
		if g := autumn[tc.m] - summer[tc.m]; g < tc.minAutumn || g > tc.maxAutumns {
			t.Errorf("%s: autumn-born %.1f, summer-born %.1f", tc.m, autumn[tc.m], summer[tc.m])
		}
		if g := other[tc.m] - dis[tc.m]; g < tc.minOther {
			t.Errorf("%s: disadvantaged %.1f, other %.1f", tc.m, dis[tc.m], other[tc.m])
		}
	}
	if testing.Verbose() {
		for _, m := range []model.MeasureID{"eyfs_gld", "eyfs_elg_avg", "eyfs_all17", "eyfs_cll", "eyfs_elg06", "eyfs_elg10",
			"phonics_y1", "phonics_y2", "phonics_mark_avg", "ks1_rwm_exp", "ks1_read_exp", "ks1_writ_exp", "ks1_mat_exp",
			"ks1_read_gds", "ks1_writ_gds", "ks1_mat_gds", "ks1_sci_exp", "mtc_avg", "mtc_full"} {
			t.Logf("%-16s all %5.1f  autumn %5.1f summer %5.1f  disadv %5.1f other %5.1f", m, all[m], autumn[m], summer[m], dis[m], other[m])
		}
	}
}
