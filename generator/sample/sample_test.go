package sample

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/xuri/excelize/v2"

	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/model"
)

// small is quick to generate and still has every phase, code and group.
var small = Options{Schools: 8, Pupils: 80, Years: 3, Seed: 42}

var dataCache = map[Options]*Data{}

// gen memoizes Generate: Data is read-only in these tests.
func gen(t testing.TB, opt Options) *Data {
	t.Helper()
	if d, ok := dataCache[opt]; ok {
		return d
	}
	d := Generate(opt)
	dataCache[opt] = d
	return d
}

func writeDir(t *testing.T, d *Data) string {
	t.Helper()
	dir := t.TempDir()
	if err := d.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

func pupilsCSV(t *testing.T, d *Data) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := d.WritePupilsCSV(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var dataFiles = []string{PupilsFile, NationalFile, ParamsFile, EstimatesFile}

func TestDeterministic(t *testing.T) {
	opt := Options{Schools: 4, Pupils: 30, Years: 2, Seed: 7}
	a, b := writeDir(t, Generate(opt)), writeDir(t, Generate(opt))
	opt.Seed = 8
	c := writeDir(t, Generate(opt))
	for _, f := range dataFiles {
		fa, fb, fc := readFile(t, a, f), readFile(t, b, f), readFile(t, c, f)
		if !bytes.Equal(fa, fb) {
			t.Errorf("%s differs between two runs with the same options", f)
		}
		// National figures, parameters and estimates describe the country,
		// not the LA: they do not depend on the seed. The pupils do.
		if differ := !bytes.Equal(fa, fc); differ != (f == PupilsFile) {
			t.Errorf("%s: differs across seeds = %v", f, differ)
		}
	}
	if !bytes.Equal(pupilsCSV(t, Generate(opt)), pupilsCSV(t, Generate(opt))) {
		t.Error("pupils CSV differs between two runs with the same options")
	}
}

func readFile(t *testing.T, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Schools, names and school effects do not change with cohort size or years.
func TestSchoolsStable(t *testing.T) {
	a := gen(t, small).Schools
	o := small
	o.Pupils, o.Years = 20, 1
	if b := gen(t, o).Schools; !slices.Equal(a, b) {
		t.Errorf("schools changed with pupils/years:\n%v\n%v", a, b)
	}
}

func TestPhases(t *testing.T) {
	for _, tc := range []struct {
		opt                Options
		primary, secondary int
	}{
		{Options{Schools: 1}, 0, 1},
		{Options{Schools: 2}, 1, 1},
		{Options{Schools: 3}, 2, 1},
		{Options{Schools: 5}, 3, 2},
		{Options{Schools: 8}, 6, 2},
		{Options{Schools: 1, OnlyPhase: Primary}, 1, 0},
		{Options{Schools: 3, OnlyPhase: Secondary}, 0, 3},
	} {
		t.Run(fmt.Sprint(tc.opt.Schools, tc.opt.OnlyPhase), func(t *testing.T) {
			tc.opt.Pupils, tc.opt.Years = 5, 1
			d := Generate(tc.opt)
			var n [3]int
			ks := map[model.URN]model.KeyStage{}
			for _, s := range d.Schools {
				n[s.Phase]++
				ks[s.URN] = s.Phase.KeyStage()
				if len(s.URN) != 6 || len(s.Estab) != 4 || s.LA != LAName || s.LACode != LACode {
					t.Errorf("school %+v", s)
				}
			}
			if n[Primary] != tc.primary || n[Secondary] != tc.secondary {
				t.Errorf("got %d primary, %d secondary; want %d, %d", n[Primary], n[Secondary], tc.primary, tc.secondary)
			}
			for _, p := range d.Pupils {
				if p.KeyStage != "" && p.KeyStage != ks[p.URN] {
					t.Fatalf("pupil of %s is %v, school is %v", p.URN, p.KeyStage, ks[p.URN])
				}
			}
		})
	}
}

func TestOptionsDefaultsAndLimits(t *testing.T) {
	d := gen(t, Options{})
	if len(d.Schools) != DefaultSchools || len(d.Years) != DefaultYears || d.Years[len(d.Years)-1] != LatestYear {
		t.Errorf("defaults: %d schools, years %v", len(d.Schools), d.Years)
	}
	if d.Schools[0].URN != model.URN(strconv.Itoa(DefaultFirstURN)) {
		t.Errorf("first URN %s", d.Schools[0].URN)
	}
	o := Options{Schools: 2, Pupils: 3, Years: 1, FirstURN: 123456}
	if got := Generate(o).Schools[1].URN; got != "123457" {
		t.Errorf("FirstURN 123456: second school %s", got)
	}
	o.FirstURN = 999999 // no room for two schools
	if got := Generate(o).Schools[0].URN; got != model.URN(strconv.Itoa(DefaultFirstURN)) {
		t.Errorf("FirstURN without room: %s", got)
	}
}

func TestCohortSizes(t *testing.T) {
	for _, pupils := range []int{1, 7, 60, 200} {
		t.Run(strconv.Itoa(pupils), func(t *testing.T) {
			d := gen(t, Options{Schools: 12, Pupils: pupils, Years: 2, Seed: 3})
			type key struct {
				urn model.URN
				y   model.Year
				ncy model.NCYear
			}
			n := map[key]int{}
			for _, p := range d.Pupils {
				n[key{p.URN, p.Year, p.NCYear}]++
			}
			if want := (9*7 + 3*5) * 2; len(n) != want {
				t.Fatalf("%d year groups in school-years have pupils, want %d", len(n), want)
			}
			for k, c := range n {
				lo, hi := max(1, int(math.Ceil(0.7*float64(pupils)))), max(1, int(math.Floor(1.3*float64(pupils))))
				if c < lo || c > hi {
					t.Errorf("%v: %d pupils, want %d..%d", k, c, lo, hi)
				}
			}
		})
	}
}

func TestUPNs(t *testing.T) {
	for _, o := range []Options{{Schools: 40, Pupils: 150, Years: 3, Seed: 9, KeyStagesOnly: true}, {Schools: 40, Pupils: 40, Years: 3, Seed: 9}} {
		d := gen(t, o)
		type key struct {
			upn string
			y   model.Year
		}
		seen := make(map[key]bool, len(d.Pupils))
		for _, p := range d.Pupils {
			if !model.ValidUPN(p.ID.UPN) {
				t.Fatalf("invalid UPN %q", p.ID.UPN)
			}
			// Unique across the whole year (in key stage data, the whole
			// file), which implies unique per URN and year.
			k := key{p.ID.UPN, p.Year}
			if o.KeyStagesOnly {
				k.y = 0
			}
			if seen[k] {
				t.Fatalf("duplicate UPN %q", p.ID.UPN)
			}
			seen[k] = true
		}
	}
}

func TestDatesOfBirth(t *testing.T) {
	var terms [4]int
	for _, p := range gen(t, small).Pupils {
		age := int(p.NCYear) + 5 // at the start of the year: 11 in Year 6, 16 in Year 11
		from := time.Date(int(p.Year)-age-1, time.September, 1, 0, 0, 0, 0, time.UTC)
		to := time.Date(int(p.Year)-age, time.August, 31, 0, 0, 0, 0, time.UTC)
		if p.ID.DOB.Before(from) || p.ID.DOB.After(to) {
			t.Fatalf("%v %v pupil born %s, want %s..%s", p.NCYear, p.Year, p.ID.DOB.Format(time.DateOnly), from.Format(time.DateOnly), to.Format(time.DateOnly))
		}
		terms[model.BirthTermOf(p.ID.DOB)]++
	}
	// Four months in each term; summer is four months of 123 days.
	for bt := model.BirthAutumn; bt <= model.BirthSummer; bt++ {
		if share := float64(terms[bt]) / float64(len(gen(t, small).Pupils)); share < 0.3 || share > 0.37 {
			t.Errorf("term %d: %.2f of pupils", bt, share)
		}
	}
}

func TestNames(t *testing.T) {
	var accent, apostrophe, hyphen int
	for _, p := range gen(t, small).Pupils {
		name := p.ID.Forename + " " + p.ID.Surname
		if p.ID.Forename == "" || p.ID.Surname == "" {
			t.Fatalf("blank name %q", name)
		}
		for _, r := range name {
			if r > 127 {
				accent++
				break
			}
		}
		if strings.Contains(name, "'") {
			apostrophe++
		}
		if strings.Contains(name, "-") {
			hyphen++
		}
	}
	if accent == 0 || apostrophe == 0 || hyphen == 0 {
		t.Errorf("names with accents %d, apostrophes %d, hyphens %d: want some of each", accent, apostrophe, hyphen)
	}

	d := gen(t, Options{Schools: 500, Pupils: 1, Years: 1})
	seen := map[string]bool{}
	for _, s := range d.Schools {
		if seen[s.Name] {
			t.Errorf("duplicate school name %q", s.Name)
		}
		seen[s.Name] = true
		if strings.Contains(s.Name, "{") {
			t.Errorf("unfilled school name %q", s.Name)
		}
	}
}

// The pupil model's rates, measured on a good-sized LA.
func TestRates(t *testing.T) {
	d := gen(t, Options{Schools: 60, Pupils: 100, Years: 2, Seed: 5})
	n := float64(len(d.Pupils))
	count := func(f func(p *model.Pupil) bool) float64 {
		c := 0
		for i := range d.Pupils {
			if f(&d.Pupils[i]) {
				c++
			}
		}
		return 100 * float64(c) / n
	}
	share := func(ks model.KeyStage, f func(p *model.Pupil) bool) float64 {
		c, n := 0, 0
		for i := range d.Pupils {
			if p := &d.Pupils[i]; p.KeyStage == ks {
				n++
				if f(p) {
					c++
				}
			}
		}
		return 100 * float64(c) / float64(n)
	}
	ks2codes, ks2n := 0, 0
	for _, p := range d.Pupils {
		if p.KeyStage == model.KS2 {
			for _, r := range []model.TestResult{p.KS2.Read, p.KS2.Mat, p.KS2.GPS} {
				ks2n++
				if !r.Scored() {
					ks2codes++
				}
			}
		}
	}
	for _, tc := range []struct {
		name   string
		got    float64
		lo, hi float64
	}{
		{"FSM6", count(func(p *model.Pupil) bool { return p.Chars.FSM6.Yes() }), 18, 33},
		{"FSM", count(func(p *model.Pupil) bool { return p.Chars.FSM.Yes() }), 15, 29},
		{"CLA", count(func(p *model.Pupil) bool { return p.Chars.CLA.Yes() }), 0.5, 2},
		{"PostLAC", count(func(p *model.Pupil) bool { return p.Chars.PostLAC.Yes() }), 0.8, 2.5},
		{"SEN support", count(func(p *model.Pupil) bool { return p.Chars.SEN == model.SENSupport }), 10, 17},
		{"EHCP", count(func(p *model.Pupil) bool { return p.Chars.SEN == model.SENEHCP }), 2, 4.5},
		{"EAL", count(func(p *model.Pupil) bool { return p.Chars.Language == model.LanguageOther }), 12, 30},
		{"language unclassified", count(func(p *model.Pupil) bool { return p.Chars.Language == model.LanguageUnclassified }), 1, 3.5},
		{"language blank", count(func(p *model.Pupil) bool { return p.Chars.Language == model.LanguageUnknown }), 0.4, 2},
		{"non-mobile", count(func(p *model.Pupil) bool { return p.Chars.NonMobile.Yes() }), 85, 94},
		{"white", count(func(p *model.Pupil) bool { return p.Chars.Ethnicity == model.EthnicityWhite }), 60, 78},
		{"Asian", count(func(p *model.Pupil) bool { return p.Chars.Ethnicity == model.EthnicityAsian }), 7, 16},
		{"Chinese", count(func(p *model.Pupil) bool { return p.Chars.Ethnicity == model.EthnicityChinese }), 0.3, 2},
		{"ethnicity blank", count(func(p *model.Pupil) bool { return p.Chars.Ethnicity == model.EthnicityUnknown }), 0.4, 2},
		{"KS2 test codes", 100 * float64(ks2codes) / float64(ks2n), 1.5, 5},
		{"KS1 APS blank (of KS2)", share(model.KS2, func(p *model.Pupil) bool { return !p.KS2.KS1APS.Valid }), 4, 9},
		{"KS2 APS blank (of KS4)", share(model.KS4, func(p *model.Pupil) bool { return !p.KS4.KS2APS.Valid }), 3, 8},
		{"EBacc entered (of KS4)", share(model.KS4, func(p *model.Pupil) bool { return p.KS4.EBaccEntered.Yes() }), 30, 55},
	} {
		if tc.got < tc.lo || tc.got > tc.hi {
			t.Errorf("%s: %.1f%%, want %.1f..%.1f", tc.name, tc.got, tc.lo, tc.hi)
		}
	}
}

// Every progress score in the pupil file is what estimates.csv gives.
func TestProgressMatchesEstimates(t *testing.T) {
	d := gen(t, small)
	near := func(got model.Num, want, tol float64) bool { return got.Valid && math.Abs(got.V-want) <= tol+1e-9 }
	for i, p := range d.Pupils {
		switch p.KeyStage {
		case model.KS4:
			k := p.KS4
			if !reflect.DeepEqual(k, model.KS4Result{}) && p.KS2 != (model.KS2Result{}) {
				t.Fatalf("pupil %d has both KS2 and KS4 results", i)
			}
			els := []model.Num{k.A8Eng, k.A8Mat, k.A8EBacc, k.A8Open}
			sum := 0.0
			for e, v := range els {
				if !v.Valid || v.V < 0 || v.V > elementMax[e] {
					t.Fatalf("pupil %d element %d = %v", i, e, v)
				}
				sum += v.V
			}
			if !k.A8.Valid || k.A8.V != sum {
				t.Fatalf("pupil %d: A8 %v, elements sum to %v", i, k.A8, sum)
			}
			if k.P8.Valid != k.KS2APS.Valid {
				t.Fatalf("pupil %d: P8 present %v, KS2_APS present %v", i, k.P8.Valid, k.KS2APS.Valid)
			}
			if !k.KS2APS.Valid {
				continue
			}
			est, ok := d.Estimates.Lookup("ks4_a8", p.Year, k.KS2APS.V)
			// Pupil P8 is given to 2 dp, as the DfE gives it.
			if !ok || !near(k.P8, (k.A8.V-est)/10, 0.005) {
				t.Fatalf("pupil %d: P8 %v, (A8 %v − estimate %v)/10 = %v", i, k.P8.V, k.A8.V, est, (k.A8.V-est)/10)
			}
			for e, p8 := range []model.Num{k.P8Eng, k.P8Mat, k.P8EBacc, k.P8Open} {
				est, ok := d.Estimates.Lookup(elementMeasure[e], p.Year, k.KS2APS.V)
				if want := (els[e].V - est) / elementSlots[e]; !ok || !near(p8, want, 0.005) {
					t.Fatalf("pupil %d element %d: P8 %v, want %v", i, e, p8, want)
				}
			}
			if k.EMGrade5.Yes() != (k.A8Eng.V >= 10 && k.A8Mat.V >= 10) || k.EMGrade4.Yes() != (k.A8Eng.V >= 8 && k.A8Mat.V >= 8) {
				t.Fatalf("pupil %d: EM flags disagree with elements", i)
			}
			if !k.EBaccAPS.Valid || k.EBaccAPS.V < 0 || k.EBaccAPS.V > 9 {
				t.Fatalf("pupil %d: EBacc APS %v", i, k.EBaccAPS)
			}
		case model.KS2:
			k := p.KS2
			if !reflect.DeepEqual(p.KS4, model.KS4Result{}) {
				t.Fatalf("pupil %d: KS2 row with KS4 results", i)
			}
			if k.KS1APS.Valid && (k.KS1APS.V < 0 || k.KS1APS.V > 21) {
				t.Fatalf("pupil %d: KS1 APS %v", i, k.KS1APS.V)
			}
			for _, tc := range []struct {
				res  model.TestResult
				prog model.Num
				m    model.MeasureID
			}{{k.Read, k.ReadProg, "ks2_read"}, {k.Mat, k.MatProg, "ks2_mat"}} {
				if tc.res.Scored() && (tc.res.Score < 80 || tc.res.Score > 120) {
					t.Fatalf("pupil %d: scaled score %d", i, tc.res.Score)
				}
				if tc.prog.Valid != (tc.res.Scored() && k.KS1APS.Valid) {
					t.Fatalf("pupil %d %s: progress present %v", i, tc.m, tc.prog.Valid)
				}
				if tc.prog.Valid {
					est, ok := d.Estimates.Lookup(tc.m, p.Year, k.KS1APS.V)
					if !ok || !near(tc.prog, float64(tc.res.Score)-est, 0) {
						t.Fatalf("pupil %d %s: progress %v, score %d, estimate %v", i, tc.m, tc.prog.V, tc.res.Score, est)
					}
				}
			}
			if !slices.Contains(model.WritingTACodes, k.Writ) {
				t.Fatalf("pupil %d: writing %q", i, k.Writ)
			}
			nom, hasNom := d.Params.WritingNominal[p.Year][k.Writ]
			if k.WritProg.Valid != (hasNom && k.KS1APS.Valid) {
				t.Fatalf("pupil %d: writing progress present %v", i, k.WritProg.Valid)
			}
			if k.WritProg.Valid {
				est, _ := d.Estimates.Lookup("ks2_writ", p.Year, k.KS1APS.V)
				if !near(k.WritProg, nom-est, 0) {
					t.Fatalf("pupil %d: writing progress %v, nominal %v, estimate %v", i, k.WritProg.V, nom, est)
				}
			}
		}
		if want := p.Chars.FSM6.Yes() || p.Chars.CLA.Yes() || p.Chars.PostLAC.Yes(); p.Chars.Disadvantaged != model.FlagOf(want) {
			t.Fatalf("pupil %d: Disadvantaged %v", i, p.Chars.Disadvantaged)
		}
	}
}

// Schools differ: the LA has schools well above and well below average.
func TestSchoolsDiffer(t *testing.T) {
	d := gen(t, Options{Schools: 40, Pupils: 150, Years: 1, Seed: 11})
	sum, n := map[model.URN]float64{}, map[model.URN]float64{}
	for _, p := range d.Pupils {
		if p.KeyStage == model.KS4 && p.KS4.P8.Valid {
			sum[p.URN] += p.KS4.P8.V
			n[p.URN]++
		}
	}
	var above, below bool
	for u := range sum {
		m := sum[u] / n[u]
		above = above || m > 0.4
		below = below || m < -0.4
	}
	if !above || !below {
		t.Errorf("secondary P8 should range from well below to well above average (above %v, below %v)", above, below)
	}
}

// measureIDs and groupIDs are measures.md's, copied here so the test checks
// the generator against the spec rather than against itself.
var (
	measureIDs = strings.Fields(`ks4_p8 ks4_p8_unadj ks4_p8_eng ks4_p8_mat ks4_p8_ebacc ks4_p8_open
		ks4_a8 ks4_a8_eng ks4_a8_mat ks4_a8_ebacc ks4_a8_open ks4_ebacc_entry ks4_ebacc_aps ks4_em5 ks4_em4
		ks2_rwm_exp ks2_rwm_high ks2_read_exp ks2_writ_exp ks2_mat_exp ks2_gps_exp ks2_read_high ks2_mat_high
		ks2_gps_high ks2_read_ss ks2_mat_ss ks2_gps_ss ks2_read_prog ks2_writ_prog ks2_mat_prog`)
	groupIDs = strings.Fields(`all male female disadvantaged other fsm cla no_sen sen_support ehcp eng_first eal
		pa_low pa_middle pa_high non_mobile mobile eth_white eth_mixed eth_asian eth_black eth_chinese eth_other
		eth_unclassified`)
)

func TestNationalCSV(t *testing.T) {
	d := gen(t, small)
	dir := writeDir(t, d)
	recs, err := csv.NewReader(bytes.NewReader(readFile(t, dir, NationalFile))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(recs[0], []string{"year", "measure", "group", "value", "source"}) {
		t.Fatalf("header %v", recs[0])
	}
	got := map[[3]string]float64{}
	for _, r := range recs[1:] {
		if r[4] != NationalSource {
			t.Fatalf("%v: source is not %q", r, NationalSource)
		}
		v, err := strconv.ParseFloat(r[3], 64)
		if err != nil {
			t.Fatal(err)
		}
		got[[3]string{r[0], r[1], r[2]}] = v
		y, err := model.ParseYear(r[0])
		if err != nil {
			t.Fatal(err)
		}
		if d.National[model.NationalKey{Year: y, Measure: model.MeasureID(r[1]), Group: model.GroupID(r[2])}] != v {
			t.Errorf("%v: file and Data disagree", r)
		}
	}
	if len(got) != len(d.National) {
		t.Errorf("%d rows in file, %d in Data", len(got), len(d.National))
	}
	for _, y := range d.Years {
		for _, m := range measureIDs {
			for _, g := range groupIDs {
				if _, ok := got[[3]string{y.String(), m, g}]; !ok {
					t.Errorf("national.csv has no %s %s %s", y, m, g)
				}
			}
		}
	}

	// Plausible headline figures (illustrative, so only roughly).
	for _, tc := range []struct {
		m, g   string
		lo, hi float64
	}{
		{"ks4_p8", "all", -0.15, 0.1},
		{"ks4_p8", "disadvantaged", -0.75, -0.4},
		{"ks4_p8", "other", 0.05, 0.3},
		{"ks4_a8", "all", 42, 50},
		{"ks4_em5", "all", 40, 55},
		{"ks2_rwm_exp", "all", 52, 66},
		{"ks2_read_exp", "all", 68, 80},
		{"ks2_read_ss", "all", 103, 107},
		{"ks2_read_prog", "all", -0.5, 0.5},
		{"ks2_mat_prog", "all", -0.5, 0.5},
		{"ks2_writ_prog", "all", -0.5, 0.5},
	} {
		for _, y := range d.Years {
			if v := got[[3]string{y.String(), tc.m, tc.g}]; v < tc.lo || v > tc.hi {
				t.Errorf("%s %s %s = %v, want %v..%v", y, tc.m, tc.g, v, tc.lo, tc.hi)
			}
		}
	}
}

func TestParams(t *testing.T) {
	d := gen(t, small)
	for _, y := range d.Years {
		p8 := d.Params.Params("ks4_p8", y)
		if p8.SD == nil || *p8.SD < 1.1 || *p8.SD > 1.45 {
			t.Errorf("%v ks4_p8 sd %v", y, p8.SD)
		}
		if p8.WellAbove == nil || *p8.WellAbove != 0.5 || p8.WellBelow == nil || *p8.WellBelow != -0.5 {
			t.Errorf("%v ks4_p8 band limits", y)
		}
		for _, m := range []model.MeasureID{"ks4_p8", "ks2_read_prog", "ks2_writ_prog", "ks2_mat_prog"} {
			p := d.Params.Params(m, y)
			if len(p.Quintiles) != 4 || !slices.IsSortedFunc(p.Quintiles, func(a, b float64) int { return int(math.Copysign(1, b-a)) }) {
				t.Errorf("%v %s quintiles %v: want 4, highest first", y, m, p.Quintiles)
			}
			if len(p.Percentiles) != 99 {
				t.Errorf("%v %s: %d percentiles", y, m, len(p.Percentiles))
			}
			if len(p.Floors) == 0 {
				t.Errorf("%v %s: no floors", y, m)
			}
			for i, f := range p.Floors {
				if f.Min >= 0 || f.PriorFrom >= f.PriorTo || (i > 0 && f.PriorFrom != p.Floors[i-1].PriorTo) {
					t.Errorf("%v %s floor %+v", y, m, f)
				}
			}
			if m != "ks4_p8" && (p.SD == nil || *p.SD < 5 || *p.SD > 7.5) {
				t.Errorf("%v %s sd %v", y, m, p.SD)
			}
		}
		for _, m := range []model.MeasureID{"ks4_p8_eng", "ks4_p8_mat", "ks4_p8_ebacc", "ks4_p8_open"} {
			if d.Params.Params(m, y).SD == nil {
				t.Errorf("%v %s: no sd", y, m)
			}
		}
		nom := d.Params.WritingNominal[y]
		if nom["GDS"] != 113 || nom["EXS"] != 103 || nom["WTS"] != 91 || nom["PK6"] != 79 {
			t.Errorf("%v nominal writing scores %v", y, nom)
		}
	}
}

// national.toml decodes (with the key shapes of data-contract.md) back to
// Data.Params, and says it is illustrative.
func TestParamsTOML(t *testing.T) {
	d := gen(t, small)
	src := readFile(t, writeDir(t, d), ParamsFile)
	if !bytes.HasPrefix(src, []byte("# ILLUSTRATIVE figures made by reportpack sample: not DfE data")) {
		t.Errorf("national.toml does not start with the illustrative comment")
	}
	var raw map[string]map[string]toml.Primitive
	md, err := toml.Decode(string(src), &raw)
	if err != nil {
		t.Fatal(err)
	}
	got := model.NationalParams{Measures: map[model.MeasureID]map[model.Year]model.MeasureParams{}, WritingNominal: map[model.Year]map[model.WritingTA]float64{}}
	for m, years := range raw {
		for ys, prim := range years {
			yi, err := strconv.Atoi(ys)
			if err != nil {
				t.Fatalf("[%s.%s]: year is not a bare integer", m, ys)
			}
			y := model.Year(yi)
			if m == "ks2_writ_nominal" {
				var nom map[model.WritingTA]float64
				if err := md.PrimitiveDecode(prim, &nom); err != nil {
					t.Fatal(err)
				}
				got.WritingNominal[y] = nom
				continue
			}
			var p model.MeasureParams
			if err := md.PrimitiveDecode(prim, &p); err != nil {
				t.Fatalf("[%s.%s]: %v", m, ys, err)
			}
			if got.Measures[model.MeasureID(m)] == nil {
				got.Measures[model.MeasureID(m)] = map[model.Year]model.MeasureParams{}
			}
			got.Measures[model.MeasureID(m)][y] = p
		}
	}
	if und := md.Undecoded(); len(und) > 0 {
		t.Errorf("keys the model does not know: %v", und)
	}
	if fmt.Sprint(got.WritingNominal) != fmt.Sprint(d.Params.WritingNominal) {
		t.Errorf("nominal scores:\n%v\n%v", got.WritingNominal, d.Params.WritingNominal)
	}
	if len(got.Measures) != len(d.Params.Measures) {
		t.Errorf("%d measures in file, %d in Data", len(got.Measures), len(d.Params.Measures))
	}
	for m, years := range d.Params.Measures {
		for y, want := range years {
			if g := got.Measures[m][y]; paramsString(g) != paramsString(want) {
				t.Errorf("[%s.%d]:\nfile %s\ndata %s", m, y, paramsString(g), paramsString(want))
			}
		}
	}
}

func paramsString(p model.MeasureParams) string {
	f := func(v *float64) string {
		if v == nil {
			return "nil"
		}
		return strconv.FormatFloat(*v, 'g', -1, 64)
	}
	return fmt.Sprintf("sd=%s above=%s below=%s q=%v pc=%v floors=%v", f(p.SD), f(p.WellAbove), f(p.WellBelow), p.Quintiles, p.Percentiles, p.Floors)
}

func TestEstimatesCSV(t *testing.T) {
	d := gen(t, small)
	recs, err := csv.NewReader(bytes.NewReader(readFile(t, writeDir(t, d), EstimatesFile))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(recs[0], []string{"year", "measure", "prior_from", "prior_to", "estimate"}) {
		t.Fatalf("header %v", recs[0])
	}
	if len(recs)-1 != len(d.Estimates) {
		t.Fatalf("%d rows, Data has %d", len(recs)-1, len(d.Estimates))
	}
	measures := map[string]int{}
	for i, r := range recs[1:] {
		y, err := model.ParseYear(r[0])
		if err != nil {
			t.Fatal(err)
		}
		var v [3]float64
		for j := range v {
			if v[j], err = strconv.ParseFloat(r[2+j], 64); err != nil {
				t.Fatal(err)
			}
		}
		if got := (model.Estimate{Year: y, Measure: model.MeasureID(r[1]), PriorFrom: v[0], PriorTo: v[1], Estimate: v[2]}); got != d.Estimates[i] {
			t.Fatalf("row %d: file %+v, Data %+v", i+2, got, d.Estimates[i])
		}
		measures[r[1]]++
	}
	for _, m := range strings.Fields("ks4_a8 ks4_a8_eng ks4_a8_mat ks4_a8_ebacc ks4_a8_open ks2_read ks2_writ ks2_mat") {
		if measures[m] == 0 {
			t.Errorf("estimates.csv has no %s", m)
		}
	}
	// Every prior attainment a pupil can have finds an estimate.
	for _, y := range d.Years {
		for p := 80.0; p <= 120; p += 0.5 {
			if _, ok := d.Estimates.Lookup("ks4_a8", y, p); !ok {
				t.Errorf("%v: no ks4_a8 estimate for KS2 APS %v", y, p)
			}
		}
		for p := 0.0; p <= 21; p += 0.5 {
			if _, ok := d.Estimates.Lookup("ks2_read", y, p); !ok {
				t.Errorf("%v: no ks2_read estimate for KS1 APS %v", y, p)
			}
		}
	}
}

// pupils.xlsx and WritePupilsCSV hold the same cells under the same
// headers, and the XLSX is shaped as data-contract.md says.
func TestPupilsXLSXMatchesCSV(t *testing.T) {
	// Every column and code, in few rows: reading a workbook is slow.
	d := gen(t, Options{Schools: 3, Pupils: 12, Years: 2, Seed: 3})
	path := filepath.Join(writeDir(t, d), PupilsFile)
	recs, err := csv.NewReader(bytes.NewReader(pupilsCSV(t, d))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(d.Pupils)+1 {
		t.Fatalf("CSV has %d rows for %d pupils", len(recs), len(d.Pupils))
	}

	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if sheets := f.GetSheetList(); !slices.Equal(sheets, []string{PupilsSheet}) {
		t.Fatalf("sheets %v", sheets)
	}
	rows, err := f.Rows(PupilsSheet)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	dobCol := slices.Index(Headers(), "DOB")
	for i := 0; rows.Next(); i++ {
		cols, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		for len(cols) < len(recs[i]) {
			cols = append(cols, "") // trailing blanks are not stored
		}
		for j := range cols {
			got := cols[j]
			if i > 0 && j == dobCol {
				serial, err := strconv.ParseFloat(got, 64)
				if err != nil {
					t.Fatalf("row %d: DOB %q is not a date serial", i+1, got)
				}
				tm, err := excelize.ExcelDateToTime(serial, false)
				if err != nil {
					t.Fatal(err)
				}
				got = tm.Format(time.DateOnly)
				if i <= 50 { // looking a cell's style up is slow
					cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
					style, _ := f.GetCellStyle(PupilsSheet, cell)
					if st, _ := f.GetStyle(style); st == nil || st.NumFmt != 14 {
						t.Fatalf("row %d: DOB cell has no date format", i+1)
					}
				}
			}
			if got != recs[i][j] {
				t.Fatalf("row %d column %s: XLSX %q, CSV %q", i+1, recs[0][j], got, recs[i][j])
			}
		}
	}
	if err := rows.Error(); err != nil {
		t.Fatal(err)
	}
}

func TestHeaders(t *testing.T) {
	ks := strings.Fields(`URN UPN Forename Surname DOB Year KeyStage Gender FSM6 FSM CLA PostLAC SEN
		FirstLanguage NonMobile Ethnicity KS1_APS Read_SS Writ_TA Mat_SS GPS_SS Read_Prog Writ_Prog Mat_Prog
		KS2_APS A8 A8_Eng A8_Mat A8_EBacc A8_Open P8 P8_Eng P8_Mat P8_EBacc P8_Open EBacc_Entered EBacc_APS
		EM_Grade5 EM_Grade4 Synthetic`)
	if !slices.Equal(keyStageHeaders[:], ks) {
		t.Errorf("key stage headers\n%v\nwant\n%v", keyStageHeaders, ks)
	}
	// The whole school's: NCYear after Year, and every declared column,
	// named as declared, before Synthetic.
	want := slices.Concat(ks[:6], []string{"NCYear"}, ks[6:len(ks)-1])
	for _, a := range assess.Declared() {
		for _, c := range a.Columns {
			want = append(want, c.Name)
		}
	}
	want = append(want, "Synthetic")
	if !slices.Equal(Headers(), want) {
		t.Errorf("headers\n%v\nwant\n%v", Headers(), want)
	}
	for _, n := range strings.Fields("ELG01 ELG17 Phonics_Mark Phonics_Outcome Phonics_Y1_Outcome KS1_Read KS1_Sci MTC_Score") {
		if !slices.Contains(Headers(), n) {
			t.Errorf("no %s column", n)
		}
	}
	h := Headers()
	h[0] = "changed"
	if Headers()[0] != "URN" {
		t.Error("Headers shares its slice")
	}
}

// Generate may run concurrently (the national caches are shared); run
// with -race to check.
func TestConcurrentGenerate(t *testing.T) {
	opt := Options{Schools: 3, Pupils: 10, Years: 4, Seed: 2}
	want := pupilsCSVOf(t, Generate(opt))
	done := make(chan []byte)
	for range 4 {
		go func() { done <- pupilsCSVOf(t, Generate(opt)) }()
	}
	for range 4 {
		if got := <-done; !bytes.Equal(got, want) {
			t.Error("concurrent Generate differs")
		}
	}
}

func pupilsCSVOf(t *testing.T, d *Data) []byte {
	var b bytes.Buffer
	if err := d.WritePupilsCSV(&b); err != nil {
		t.Error(err)
	}
	return b.Bytes()
}

// Changing returned Data must not change what a later Generate returns.
func TestDataIsOwned(t *testing.T) {
	o := Options{Schools: 2, Pupils: 5, Years: 1}
	d := Generate(o)
	p := d.Params.Measures["ks4_p8"][LatestYear]
	*p.SD = 99
	p.Floors[0].Min = 99
	d.Params.WritingNominal[LatestYear]["GDS"] = 0
	e := Generate(o)
	if *e.Params.Measures["ks4_p8"][LatestYear].SD == 99 || e.Params.Measures["ks4_p8"][LatestYear].Floors[0].Min == 99 || e.Params.WritingNominal[LatestYear]["GDS"] != 113 {
		t.Error("Generate shares parameters between calls")
	}
}

func BenchmarkGenerate(b *testing.B) {
	// National figures are simulated once per process per year (about
	// 0.1 s a year) and cached: measure the steady state.
	Generate(Options{Schools: 1, Pupils: 1, Years: 3})
	for _, opt := range []Options{
		{Schools: 500, Pupils: 67, Years: 3, Seed: 1},  // ~100,000 pupils
		{Schools: 500, Pupils: 200, Years: 3, Seed: 1}, // ~300,000 pupils
	} {
		b.Run(fmt.Sprintf("%dx%dx%d", opt.Schools, opt.Pupils, opt.Years), func(b *testing.B) {
			b.ReportAllocs()
			var n int
			for b.Loop() {
				n = len(Generate(opt).Pupils)
			}
			b.ReportMetric(float64(n), "pupils")
		})
	}
}

func BenchmarkWriteDir(b *testing.B) {
	d := Generate(Options{Schools: 500, Pupils: 67, Years: 3, Seed: 1})
	dir := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		if err := d.WriteDir(dir); err != nil {
			b.Fatal(err)
		}
	}
	st, err := os.Stat(filepath.Join(dir, PupilsFile))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(len(d.Pupils)), "pupils")
	b.ReportMetric(float64(st.Size())/1e6, "xlsx-MB")
}
