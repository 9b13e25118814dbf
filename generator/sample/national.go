package sample

import (
	"math"
	"math/rand/v2"
	"slices"
	"sync"

	"github.com/reportpack/reportpack/generator/model"
)

// National figures and parameters are measured on a simulated country made
// by the same generator as the LA's pupils, so the two agree: national
// progress is near zero, group gaps are what the pupil model produces, and
// national.toml's SDs, floors and quintiles fit the pupils. The simulation
// depends only on the year, and is computed once per process.

// natSeed seeds the simulated country; it is independent of Options.Seed.
const natSeed = 0x6e6174696f6e // "nation"

// Sizes of the simulated country, per year and key stage: large enough
// that small groups (Chinese, looked after: about 1%) have a few hundred
// pupils, small enough to take a few tens of milliseconds.
const (
	natSecondaries = 300 // × 60..100 pupils
	natPrimaries   = 500 // × 30..70 pupils
)

// valueKind says how a national figure is rounded.
type valueKind uint8

const (
	kindPct   valueKind = iota // percentage 0..100, 1 dp
	kindMean1                  // attainment or scaled score mean, 1 dp
	kindMean2                  // progress or APS, 2 dp
)

// natMeasure is one measure of measures.md as the simulation computes it.
type natMeasure struct {
	id    model.MeasureID
	ks    model.KeyStage
	kind  valueKind
	value func(p *model.Pupil, fl *yearFloors) (float64, bool)
}

// yearFloors are one year's floors, for adjusted progress.
type yearFloors struct {
	p8  []model.Floor
	ks2 [3][]model.Floor
}

func num(n model.Num) (float64, bool) { return n.V, n.Valid }

func pct(b bool) (float64, bool) {
	if b {
		return 100, true
	}
	return 0, true
}

func flagPct(f model.Flag) (float64, bool) {
	if !f.Known() {
		return 0, false
	}
	return pct(f.Yes())
}

func floored(v model.Num, prior model.Num, fl []model.Floor) (float64, bool) {
	if !v.Valid {
		return 0, false
	}
	if m, ok := floorFor(fl, prior.V); ok && prior.Valid && v.V < m {
		return m, true
	}
	return v.V, true
}

func atLeast(t model.TestResult, s int) bool { return t.Scored() && t.Score >= s }

func ssMean(t model.TestResult) (float64, bool) { return float64(t.Score), t.Scored() }

// natMeasures lists every measure national.csv carries, in file order.
var natMeasures = []natMeasure{
	{"ks4_p8", model.KS4, kindMean2, func(p *model.Pupil, fl *yearFloors) (float64, bool) {
		return floored(p.KS4.P8, p.KS4.KS2APS, fl.p8)
	}},
	{"ks4_p8_unadj", model.KS4, kindMean2, func(p *model.Pupil, _ *yearFloors) (float64, bool) { return num(p.KS4.P8) }},
	{"ks4_p8_eng", model.KS4, kindMean2, func(p *model.Pupil, _ *yearFloors) (float64, bool) { return num(p.KS4.P8Eng) }},
	{"ks4_p8_mat", model.KS4, kindMean2, func(p *model.Pupil, _ *yearFloors) (float64, bool) { return num(p.KS4.P8Mat) }},
	{"ks4_p8_ebacc", model.KS4, kindMean2, func(p *model.Pupil, _ *yearFloors) (float64, bool) { return num(p.KS4.P8EBacc) }},
	{"ks4_p8_open", model.KS4, kindMean2, func(p *model.Pupil, _ *yearFloors) (float64, bool) { return num(p.KS4.P8Open) }},
	{"ks4_a8", model.KS4, kindMean1, func(p *model.Pupil, _ *yearFloors) (float64, bool) { return num(p.KS4.A8) }},
	{"ks4_a8_eng", model.KS4, kindMean1, func(p *model.Pupil, _ *yearFloors) (float64, bool) { return num(p.KS4.A8Eng) }},
	{"ks4_a8_mat", model.KS4, kindMean1, func(p *model.Pupil, _ *yearFloors) (float64, bool) { return num(p.KS4.A8Mat) }},
	{"ks4_a8_ebacc", model.KS4, kindMean1, func(p *model.Pupil, _ *yearFloors) (float64, bool) { return num(p.KS4.A8EBacc) }},
	{"ks4_a8_open", model.KS4, kindMean1, func(p *model.Pupil, _ *yearFloors) (float64, bool) { return num(p.KS4.A8Open) }},
	{"ks4_ebacc_entry", model.KS4, kindPct, func(p *model.Pupil, _ *yearFloors) (float64, bool) { return flagPct(p.KS4.EBaccEntered) }},
	{"ks4_ebacc_aps", model.KS4, kindMean2, func(p *model.Pupil, _ *yearFloors) (float64, bool) { return num(p.KS4.EBaccAPS) }},
	{"ks4_em5", model.KS4, kindPct, func(p *model.Pupil, _ *yearFloors) (float64, bool) { return flagPct(p.KS4.EMGrade5) }},
	{"ks4_em4", model.KS4, kindPct, func(p *model.Pupil, _ *yearFloors) (float64, bool) { return flagPct(p.KS4.EMGrade4) }},

	{"ks2_rwm_exp", model.KS2, kindPct, func(p *model.Pupil, _ *yearFloors) (float64, bool) {
		k := &p.KS2
		return pct(atLeast(k.Read, 100) && atLeast(k.Mat, 100) && (k.Writ == "EXS" || k.Writ == "GDS"))
	}},
	{"ks2_rwm_high", model.KS2, kindPct, func(p *model.Pupil, _ *yearFloors) (float64, bool) {
		k := &p.KS2
		return pct(atLeast(k.Read, 110) && atLeast(k.Mat, 110) && k.Writ == "GDS")
	}},
	{"ks2_read_exp", model.KS2, kindPct, func(p *model.Pupil, _ *yearFloors) (float64, bool) { return pct(atLeast(p.KS2.Read, 100)) }},
	{"ks2_writ_exp", model.KS2, kindPct, func(p *model.Pupil, _ *yearFloors) (float64, bool) {
		return pct(p.KS2.Writ == "EXS" || p.KS2.Writ == "GDS")
	}},
	{"ks2_mat_exp", model.KS2, kindPct, func(p *model.Pupil, _ *yearFloors) (float64, bool) { return pct(atLeast(p.KS2.Mat, 100)) }},
	{"ks2_gps_exp", model.KS2, kindPct, func(p *model.Pupil, _ *yearFloors) (float64, bool) { return pct(atLeast(p.KS2.GPS, 100)) }},
	{"ks2_writ_high", model.KS2, kindPct, func(p *model.Pupil, _ *yearFloors) (float64, bool) { return pct(p.KS2.Writ == "GDS") }},
	{"ks2_read_high", model.KS2, kindPct, func(p *model.Pupil, _ *yearFloors) (float64, bool) { return pct(atLeast(p.KS2.Read, 110)) }},
	{"ks2_mat_high", model.KS2, kindPct, func(p *model.Pupil, _ *yearFloors) (float64, bool) { return pct(atLeast(p.KS2.Mat, 110)) }},
	{"ks2_gps_high", model.KS2, kindPct, func(p *model.Pupil, _ *yearFloors) (float64, bool) { return pct(atLeast(p.KS2.GPS, 110)) }},
	{"ks2_read_ss", model.KS2, kindMean1, func(p *model.Pupil, _ *yearFloors) (float64, bool) { return ssMean(p.KS2.Read) }},
	{"ks2_mat_ss", model.KS2, kindMean1, func(p *model.Pupil, _ *yearFloors) (float64, bool) { return ssMean(p.KS2.Mat) }},
	{"ks2_gps_ss", model.KS2, kindMean1, func(p *model.Pupil, _ *yearFloors) (float64, bool) { return ssMean(p.KS2.GPS) }},
	{"ks2_read_prog", model.KS2, kindMean2, func(p *model.Pupil, fl *yearFloors) (float64, bool) {
		return floored(p.KS2.ReadProg, p.KS2.KS1APS, fl.ks2[0])
	}},
	{"ks2_writ_prog", model.KS2, kindMean2, func(p *model.Pupil, fl *yearFloors) (float64, bool) {
		return floored(p.KS2.WritProg, p.KS2.KS1APS, fl.ks2[1])
	}},
	{"ks2_mat_prog", model.KS2, kindMean2, func(p *model.Pupil, fl *yearFloors) (float64, bool) {
		return floored(p.KS2.MatProg, p.KS2.KS1APS, fl.ks2[2])
	}},
}

// natGroup is a pupil group of measures.md.
type natGroup struct {
	id model.GroupID
	in func(p *model.Pupil) bool
}

// priorBand is 0 low, 1 middle, 2 high, -1 unknown, with measures.md's
// default limits.
func priorBand(p *model.Pupil) int {
	v, lo, hi := p.KS4.KS2APS, 100.0, 110.0
	if p.KeyStage == model.KS2 {
		v, lo, hi = p.KS2.KS1APS, 12, 18
	}
	switch {
	case !v.Valid:
		return -1
	case v.V < lo:
		return 0
	case v.V < hi:
		return 1
	}
	return 2
}

func ethGroup(e model.Ethnicity) natGroup {
	ids := map[model.Ethnicity]model.GroupID{
		model.EthnicityWhite: "eth_white", model.EthnicityMixed: "eth_mixed", model.EthnicityAsian: "eth_asian",
		model.EthnicityBlack: "eth_black", model.EthnicityChinese: "eth_chinese", model.EthnicityOther: "eth_other",
		model.EthnicityUnclassified: "eth_unclassified",
	}
	if e == model.EthnicityUnclassified {
		// Not recorded counts as unclassified.
		return natGroup{ids[e], func(p *model.Pupil) bool {
			return p.Chars.Ethnicity == model.EthnicityUnclassified || p.Chars.Ethnicity == model.EthnicityUnknown
		}}
	}
	return natGroup{ids[e], func(p *model.Pupil) bool { return p.Chars.Ethnicity == e }}
}

// natGroups lists every group national.csv carries, in file order.
var natGroups = []natGroup{
	{"all", func(*model.Pupil) bool { return true }},
	{"male", func(p *model.Pupil) bool { return p.Chars.Gender == model.Male }},
	{"female", func(p *model.Pupil) bool { return p.Chars.Gender == model.Female }},
	{"disadvantaged", func(p *model.Pupil) bool { return p.Chars.Disadvantaged == model.FlagYes }},
	{"other", func(p *model.Pupil) bool { return p.Chars.Disadvantaged == model.FlagNo }},
	{"fsm", func(p *model.Pupil) bool { return p.Chars.FSM == model.FlagYes }},
	{"cla", func(p *model.Pupil) bool { return p.Chars.CLA == model.FlagYes }},
	{"no_sen", func(p *model.Pupil) bool { return p.Chars.SEN == model.SENNone }},
	{"sen_support", func(p *model.Pupil) bool { return p.Chars.SEN == model.SENSupport }},
	{"ehcp", func(p *model.Pupil) bool { return p.Chars.SEN == model.SENEHCP }},
	{"eng_first", func(p *model.Pupil) bool { return p.Chars.Language == model.LanguageEnglish }},
	{"eal", func(p *model.Pupil) bool { return p.Chars.Language == model.LanguageOther }},
	{"pa_low", func(p *model.Pupil) bool { return priorBand(p) == 0 }},
	{"pa_middle", func(p *model.Pupil) bool { return priorBand(p) == 1 }},
	{"pa_high", func(p *model.Pupil) bool { return priorBand(p) == 2 }},
	{"non_mobile", func(p *model.Pupil) bool { return p.Chars.NonMobile == model.FlagYes }},
	{"mobile", func(p *model.Pupil) bool { return p.Chars.NonMobile == model.FlagNo }},
	ethGroup(model.EthnicityWhite),
	ethGroup(model.EthnicityMixed),
	ethGroup(model.EthnicityAsian),
	ethGroup(model.EthnicityBlack),
	ethGroup(model.EthnicityChinese),
	ethGroup(model.EthnicityOther),
	ethGroup(model.EthnicityUnclassified),
}

// natFigure is one row of national.csv.
type natFigure struct {
	measure model.MeasureID
	group   model.GroupID
	value   float64
}

// natParams is one measure's national.toml table for a year.
type natParams struct {
	measure model.MeasureID
	params  model.MeasureParams
}

// natYear is one year of national data.
type natYear struct {
	figures []natFigure
	params  []natParams // in national.toml order
}

var natCache sync.Map // model.Year -> *natYear

// nationalFor returns year y's national figures and parameters.
func nationalFor(y model.Year) *natYear {
	if n, ok := natCache.Load(y); ok {
		return n.(*natYear)
	}
	n := simulate(y)
	v, _ := natCache.LoadOrStore(y, n)
	return v.(*natYear)
}

// moments accumulates a mean and variance.
type moments struct{ n, sum, sumsq float64 }

func (m *moments) add(v float64) { m.n++; m.sum += v; m.sumsq += v * v }
func (m moments) mean() float64  { return m.sum / m.n }
func (m moments) sd() float64 {
	return math.Sqrt(max(0, (m.sumsq-m.sum*m.sum/m.n)/(m.n-1)))
}

// schoolLevel are the measures national.toml gives school-level quintiles
// and percentiles for (where a school stands among all schools).
var schoolLevel = []model.MeasureID{"ks4_p8", "ks4_a8", "ks2_rwm_exp", "ks2_read_prog", "ks2_writ_prog", "ks2_mat_prog"}

// simulate makes year y's country and measures it.
func simulate(y model.Year) *natYear {
	fl := &yearFloors{p8: p8Floors(y)}
	for s := range fl.ks2 {
		fl.ks2[s] = ks2Floors(s, y)
	}
	est := estimatesFor(y)
	r := rand.New(rand.NewPCG(natSeed, uint64(y)))
	g := newPupilGen(nil, false)

	acc := make([][]moments, len(natMeasures)) // [measure][group]
	for m := range acc {
		acc[m] = make([]moments, len(natGroups))
	}
	schoolVals := make(map[model.MeasureID][]float64)
	var school []moments // this school's "all" moments, per measure
	in := make([]bool, len(natGroups))

	run := func(ph Phase, schools, minSize, spread int) {
		for range schools {
			s := newSchoolModel(r, ph, r.Float64())
			s.URN = "000000"
			school = make([]moments, len(natMeasures))
			for range minSize + r.IntN(spread) {
				p := g.pupil(r, &s, y, est)
				for gi := range natGroups {
					in[gi] = natGroups[gi].in(&p)
				}
				for mi := range natMeasures {
					m := &natMeasures[mi]
					if m.ks != p.KeyStage {
						continue
					}
					v, ok := m.value(&p, fl)
					if !ok {
						continue
					}
					school[mi].add(v)
					for gi := range natGroups {
						if in[gi] {
							acc[mi][gi].add(v)
						}
					}
				}
			}
			for mi := range natMeasures {
				id := natMeasures[mi].id
				if slices.Contains(schoolLevel, id) && school[mi].n >= 10 {
					schoolVals[id] = append(schoolVals[id], school[mi].mean())
				}
			}
		}
	}
	run(Secondary, natSecondaries, 60, 41)
	run(Primary, natPrimaries, 30, 41)

	n := &natYear{}
	round := func(m *natMeasure, v float64) float64 {
		if m.kind == kindMean2 {
			return round2(v)
		}
		return round1(v)
	}
	for mi := range natMeasures {
		m := &natMeasures[mi]
		for gi, gr := range natGroups {
			if a := acc[mi][gi]; a.n > 0 {
				n.figures = append(n.figures, natFigure{m.id, gr.id, round(m, a.mean())})
			}
		}
	}

	sdOf := func(id model.MeasureID) *float64 {
		i := slices.IndexFunc(natMeasures, func(m natMeasure) bool { return m.id == id })
		v := round2(acc[i][0].sd())
		return &v
	}
	cuts := func(id model.MeasureID, p *model.MeasureParams) {
		vals := schoolVals[id]
		slices.Sort(vals)
		rnd := round1
		if id == "ks4_p8" || slices.Contains([]model.MeasureID{"ks2_read_prog", "ks2_writ_prog", "ks2_mat_prog"}, id) {
			rnd = round2
		}
		// Quintile k's lowest score is the (100 − 20k)th percentile of schools.
		for k := 1; k <= 4; k++ {
			p.Quintiles = append(p.Quintiles, rnd(quantile(vals, 1-0.2*float64(k))))
		}
		for k := 1; k <= 99; k++ {
			p.Percentiles = append(p.Percentiles, rnd(quantile(vals, 1-float64(k)/100)))
		}
	}
	f := func(v float64) *float64 { return &v }

	p8 := model.MeasureParams{SD: sdOf("ks4_p8"), WellAbove: f(0.5), WellBelow: f(-0.5), Floors: fl.p8}
	cuts("ks4_p8", &p8)
	n.params = append(n.params, natParams{"ks4_p8", p8})
	for _, id := range []model.MeasureID{"ks4_p8_unadj", "ks4_p8_eng", "ks4_p8_mat", "ks4_p8_ebacc", "ks4_p8_open"} {
		n.params = append(n.params, natParams{id, model.MeasureParams{SD: sdOf(id)}})
	}
	a8 := model.MeasureParams{}
	cuts("ks4_a8", &a8)
	n.params = append(n.params, natParams{"ks4_a8", a8})
	rwm := model.MeasureParams{}
	cuts("ks2_rwm_exp", &rwm)
	n.params = append(n.params, natParams{"ks2_rwm_exp", rwm})
	for s, id := range []model.MeasureID{"ks2_read_prog", "ks2_writ_prog", "ks2_mat_prog"} {
		vals := slices.Sorted(slices.Values(schoolVals[id]))
		// Well above / below: about the top and bottom tenth of schools.
		p := model.MeasureParams{
			SD:        sdOf(id),
			WellAbove: f(round1(quantile(vals, 0.9))),
			WellBelow: f(round1(quantile(vals, 0.1))),
			Floors:    fl.ks2[s],
		}
		cuts(id, &p)
		n.params = append(n.params, natParams{id, p})
	}
	return n
}

// quantile interpolates the q-quantile of sorted values.
func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	x := q * float64(len(sorted)-1)
	i := int(x)
	if i >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (x-float64(i))*(sorted[i+1]-sorted[i])
}
