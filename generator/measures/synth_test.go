package measures

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/reportpack/reportpack/generator/model"
)

// synthetic data for property tests and benchmarks. The sample package
// being written alongside does this for sites; these tests do not depend
// on it.

type synth struct {
	rnd *rand.Rand
	// brnd draws terms of birth, from a stream of its own so that the
	// rest of a school's data is what it was before term of birth.
	brnd *rand.Rand
	// sparse makes small groups, missing values and codes common, for
	// property tests; off, the data looks like an ordinary school.
	sparse bool
}

func (s synth) pick(weights ...float64) int {
	t := 0.0
	for _, w := range weights {
		t += w
	}
	x := s.rnd.Float64() * t
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

func (s synth) flag(pYes float64) model.Flag {
	if s.sparse && s.rnd.Float64() < 0.03 {
		return model.FlagUnknown
	}
	return model.FlagOf(s.rnd.Float64() < pYes)
}

func (s synth) chars() model.Characteristics {
	var c model.Characteristics
	c.Gender = []model.Gender{model.Male, model.Female, model.GenderUnknown}[s.pick(49, 49, 2)]
	c.FSM6 = s.flag(0.25)
	c.FSM = model.FlagOf(c.FSM6.Yes() && s.rnd.Float64() < 0.7)
	c.CLA = s.flag(0.01)
	c.PostLAC = s.flag(0.01)
	switch {
	case c.FSM6.Yes() || c.CLA.Yes() || c.PostLAC.Yes():
		c.Disadvantaged = model.FlagYes
	case c.FSM6.Known() && c.CLA.Known() && c.PostLAC.Known():
		c.Disadvantaged = model.FlagNo
	}
	if s.sparse && s.rnd.Float64() < 0.2 {
		c.Disadvantaged = model.FlagUnknown // derived by measures from the others
	}
	c.SEN = []model.SEN{model.SENNone, model.SENSupport, model.SENEHCP, model.SENUnknown}[s.pick(84, 12, 3.5, 0.5)]
	c.Language = []model.Language{model.LanguageEnglish, model.LanguageOther, model.LanguageUnclassified}[s.pick(79, 19, 2)]
	c.NonMobile = s.flag(0.9)
	c.Ethnicity = model.Ethnicity(1 + s.pick(65, 6, 12, 8, 1, 4, 4))
	if s.sparse && s.rnd.Float64() < 0.02 {
		c.Ethnicity = model.EthnicityUnknown
	}
	if s.brnd != nil {
		c.BirthTerm = s.birthTerm()
	}
	return c
}

// birthTerm is a term of birth: roughly a third each (autumn a little
// more), and not known for some pupils (no date of birth), more often
// in sparse data.
func (s synth) birthTerm() model.BirthTerm {
	unknown := 1.0
	if s.sparse {
		unknown = 6
	}
	return []model.BirthTerm{model.BirthAutumn, model.BirthSpring, model.BirthSummer, model.BirthUnknown}[pickFrom(s.brnd, 35, 32, 33, unknown)]
}

func pickFrom(rnd *rand.Rand, weights ...float64) int {
	return synth{rnd: rnd}.pick(weights...)
}

func (s synth) missing(p float64) bool { return s.rnd.Float64() < p }

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

func (s synth) ks4(urn model.URN, y model.Year, i int) model.Pupil {
	p := model.Pupil{URN: urn, Year: y, KeyStage: model.KS4, Chars: s.chars()}
	p.Src.Row = i + 2
	miss := 0.04
	if s.sparse {
		miss = 0.15
	}
	prior := clamp(105+s.rnd.NormFloat64()*7, 80, 120)
	if !s.missing(miss) {
		p.KS4.KS2APS = model.Some(math.Round(prior*10) / 10)
	}
	ability := (prior-105)/7 + s.rnd.NormFloat64()*0.8
	el := func(mean, sd, hi float64) model.Num {
		return model.Some(math.Round(clamp(mean+ability*sd, 0, hi)*2) / 2)
	}
	r := &p.KS4
	r.A8Eng, r.A8Mat, r.A8EBacc, r.A8Open = el(9.5, 2.5, 18), el(9, 2.8, 18), el(13, 4.5, 27), el(14, 4.5, 27)
	r.A8 = model.Some(r.A8Eng.V + r.A8Mat.V + r.A8EBacc.V + r.A8Open.V)
	if s.sparse && s.missing(0.05) {
		r.A8 = model.Num{}
	}
	// Half the pupils carry the DfE's P8 scores; the rest are computed
	// from the estimates.
	if s.rnd.IntN(2) == 0 && r.KS2APS.Valid && r.A8.Valid {
		r.P8 = model.Some(math.Round((r.A8.V-estimateA8(r.KS2APS.V))/10*100) / 100)
		r.P8Eng = model.Some((r.A8Eng.V - estimateA8(r.KS2APS.V)/4) / 2)
	}
	r.EBaccEntered = model.FlagOf(ability+s.rnd.NormFloat64() > 0.3)
	r.EBaccAPS = model.Some(math.Round(clamp(4+ability*1.5, 0, 9)*100) / 100)
	r.EMGrade4 = model.FlagOf(ability+s.rnd.NormFloat64()*0.5 > -0.8)
	r.EMGrade5 = model.FlagOf(r.EMGrade4.Yes() && ability+s.rnd.NormFloat64()*0.5 > -0.1)
	return p
}

func estimateA8(prior float64) float64 { return clamp(46+(prior-105)*2.6, 5, 85) }

func (s synth) test(mean float64) model.TestResult {
	if x := s.rnd.Float64(); x < 0.04 || (s.sparse && x < 0.12) {
		return model.TestResult{Code: []model.TestCode{model.TestAbsent, model.TestBelow, model.TestUnable,
			model.TestMissing, model.TestLeft, model.TestNotEntered, model.TestBlank}[s.rnd.IntN(7)]}
	}
	return model.TestResult{Code: model.TestScored, Score: int(clamp(math.Round(mean+s.rnd.NormFloat64()*4), 80, 120))}
}

func (s synth) ks2(urn model.URN, y model.Year, i int) model.Pupil {
	p := model.Pupil{URN: urn, Year: y, KeyStage: model.KS2, Chars: s.chars()}
	p.Src.Row = i + 2
	prior := clamp(15.5+s.rnd.NormFloat64()*3.5, 3, 21)
	miss := 0.06
	if s.sparse {
		miss = 0.15
	}
	if !s.missing(miss) {
		p.KS2.KS1APS = model.Some(math.Round(prior*2) / 2)
	}
	base := 104 + (prior-15.5)*1.8
	r := &p.KS2
	r.Read, r.Mat, r.GPS = s.test(base), s.test(base), s.test(base+1)
	w := base + s.rnd.NormFloat64()*5
	switch {
	case s.sparse && s.rnd.Float64() < 0.05:
		r.Writ = []model.WritingTA{"", "PK4", "HNM", "A", "D", "L", "M"}[s.rnd.IntN(7)]
	case w >= 111:
		r.Writ = "GDS"
	case w >= 99:
		r.Writ = "EXS"
	default:
		r.Writ = "WTS"
	}
	if s.rnd.IntN(2) == 0 && r.KS1APS.Valid && r.Read.Scored() {
		r.ReadProg = model.Some(float64(r.Read.Score) - (104 + (r.KS1APS.V-15.5)*1.8))
	}
	return p
}

// synthSchool is one school's pupils: n per year for each year in years.
func synthSchool(seed uint64, urn model.URN, ks model.KeyStage, n int, years []model.Year, sparse bool) []model.Pupil {
	s := synth{rnd: rand.New(rand.NewPCG(seed, 0x5eed)), brnd: rand.New(rand.NewPCG(seed, 0xb127)), sparse: sparse}
	var ps []model.Pupil
	for _, y := range years {
		for i := range n {
			if ks == model.KS2 {
				ps = append(ps, s.ks2(urn, y, i))
			} else {
				ps = append(ps, s.ks4(urn, y, i))
			}
		}
	}
	return ps
}

// synthNational is national figures, parameters and estimates for the years.
func synthNational(years []model.Year) (model.NationalFigures, model.NationalParams, model.Estimates) {
	nat := model.NationalFigures{}
	params := model.NationalParams{Measures: map[model.MeasureID]map[model.Year]model.MeasureParams{},
		WritingNominal: map[model.Year]map[model.WritingTA]float64{}}
	var est model.Estimates
	for _, y := range years {
		for _, m := range keyStageMeasures() {
			base := 0.0
			switch m.Kind {
			case KindMean:
				base = 40
			case KindPercent:
				base = 60
			}
			for gi, g := range groups {
				if gi%5 == 4 { // some groups missing nationally
					continue
				}
				nat[model.NationalKey{Year: y, Measure: m.ID, Group: g.ID}] = base + float64(gi)/10
			}
			if m.Kind == KindProgress {
				sd := 1.4
				if m.KeyStage == model.KS2 {
					sd = 6
				}
				mp := model.MeasureParams{SD: &sd, Floors: []model.Floor{{PriorFrom: 0, PriorTo: 200, Min: -2.5}}}
				if m.ID == "ks4_p8" {
					mp.WellAbove, mp.WellBelow = ptr(0.5), ptr(-0.5)
					mp.Quintiles = []float64{0.45, 0.15, -0.12, -0.42}
				}
				if m.KeyStage == model.KS2 {
					mp.Floors = []model.Floor{{PriorFrom: 0, PriorTo: 30, Min: -12}}
				}
				params.Measures[m.ID] = map[model.Year]model.MeasureParams{y: mp}
			}
		}
		params.WritingNominal[y] = map[model.WritingTA]float64{"WTS": 91, "EXS": 103, "GDS": 113}
		for prior := 80.0; prior < 121; prior++ {
			e := estimateA8(prior)
			est = append(est,
				model.Estimate{Year: y, Measure: "ks4_a8", PriorFrom: prior, PriorTo: prior + 1, Estimate: e},
				model.Estimate{Year: y, Measure: "ks4_a8_eng", PriorFrom: prior, PriorTo: prior + 1, Estimate: e / 4},
				model.Estimate{Year: y, Measure: "ks4_a8_mat", PriorFrom: prior, PriorTo: prior + 1, Estimate: e / 4},
				model.Estimate{Year: y, Measure: "ks4_a8_ebacc", PriorFrom: prior, PriorTo: prior + 1, Estimate: e / 3 * 3 / 4},
				model.Estimate{Year: y, Measure: "ks4_a8_open", PriorFrom: prior, PriorTo: prior + 1, Estimate: e / 3 * 3 / 4})
		}
		for prior := 0.0; prior < 22; prior += 0.5 {
			e := 104 + (prior-15.5)*1.8
			for _, m := range []model.MeasureID{"ks2_read", "ks2_writ", "ks2_mat"} {
				est = append(est, model.Estimate{Year: y, Measure: m, PriorFrom: prior, PriorTo: prior + 0.5, Estimate: e})
			}
		}
	}
	return nat, params, est
}

func years(n int) []model.Year {
	var ys []model.Year
	for i := range n {
		ys = append(ys, model.Year(2025-n+1+i))
	}
	return ys
}

func urnOf(i int) model.URN { return model.URN(fmt.Sprintf("%06d", 100000+i)) }
