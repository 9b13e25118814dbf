package sample

import (
	"math"
	"math/rand/v2"

	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/model"
)

// Results of the declared assessments (package assess): the EYFS profile
// in reception, the phonics check in Year 1 (and its recheck in Year 2),
// key stage 1 teacher assessment in Year 2 and the multiplication tables
// check in Year 4. Each is drawn from the child's early attainment
// (early), and the cut points are set so that the LA comes out near the
// DfE's published national figures (catalog's national-published.csv:
// GLD about 68%, phonics 80% in Year 1 and 89% by the end of Year 2, KS1
// reading, writing and maths 56%, MTC average 20.6 with 34% full marks).
// The build compares them with those published figures: sample writes no
// national figures for these measures.

// The declared assessments and the columns the generator fills, found by
// name in the registry, so a renamed column fails here at start-up rather
// than writing cells the loader does not read.
var (
	decEYFS    = mustAssessment("eyfs", 17)
	decPhonics = mustAssessment("phonics", 3)
	decKS1     = mustAssessment("ks1", 4)
	decMTC     = mustAssessment("mtc", 1)

	colPhMark    = mustColumn(decPhonics, "Phonics_Mark")
	colPhOutcome = mustColumn(decPhonics, "Phonics_Outcome")
	colPhY1      = mustColumn(decPhonics, "Phonics_Y1_Outcome")
	colK1        = [4]int{mustColumn(decKS1, "KS1_Read"), mustColumn(decKS1, "KS1_Writ"), mustColumn(decKS1, "KS1_Mat"), mustColumn(decKS1, "KS1_Sci")}
	colMTC       = mustColumn(decMTC, "MTC_Score")
)

func mustAssessment(id model.Assessment, columns int) *assess.Assessment {
	a := assess.ByID(id)
	if a == nil || len(a.Columns) != columns {
		panic("sample: assessment " + string(id) + " is not declared with " + itoa(columns) + " columns")
	}
	return a
}

func mustColumn(a *assess.Assessment, name string) int {
	i := a.ColumnIndex(name)
	if i < 0 {
		panic("sample: assessment " + string(a.ID) + " has no column " + name)
	}
	return i
}

func itoa(n int) string { return formatFloat(float64(n)) }

func code(s string) model.Value { return model.Value{Code: s} }
func number(n int) model.Value  { return model.Value{Num: float64(n), IsNum: true} }

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// earlyCentre centres early attainment: the characteristics' effects
// (ks2PriorShift) average about −0.3 SD.
const earlyCentre = 0.3

// early is the child's attainment for an assessment on a standard-normal
// scale: general attainment, their characteristics' effects (those of KS1
// prior attainment), the school's intake and effectiveness, and the effect
// of being young for the year group, strongest in reception and fading
// (ageWeight: the gap in SD between the oldest and youngest), and of
// gender (girls ahead by 2×girls SD).
func early(s *schoolModel, c *child, ageWeight, girls float64) float64 {
	e := c.z + ks2PriorShift(&c.chars)/3.2 + earlyCentre + s.prior/3.2 +
		(s.ks2[subjRead]+s.ks2[subjWrit]+s.ks2[subjMat])/39
	e -= ageWeight * (c.young - 0.5)
	switch c.chars.Gender {
	case model.Female:
		e += girls
	case model.Male:
		e -= girls
	}
	return e
}

// EYFS: the share of children at the expected level in each goal, about
// as the DfE publishes them (writing lowest, gross motor skills highest).
var eyfsExpected = [17]float64{0.86, 0.86, 0.86, 0.885, 0.89, 0.92, 0.865, 0.835, 0.79, 0.72, 0.8, 0.79,
	0.86, 0.865, 0.87, 0.875, 0.885}

// eyfsCut is each goal's cut point on the scale of eyfsLatent.
var eyfsCut = func() (c [17]float64) {
	for k, p := range eyfsExpected {
		c[k] = eyfsMean + eyfsSD*normInv(1-p)
	}
	return c
}()

// The mean and spread of early()+noise over the LA's reception children,
// measured (TestEarlyScale keeps them honest).
const (
	eyfsMean = -0.12
	eyfsSD   = 1.25
)

func eyfsResult(r *rand.Rand, s *schoolModel, c *child) model.Result {
	v := make([]model.Value, 17)
	switch u := r.Float64(); {
	case u < 0.004: // a recent arrival or long absence: not assessed
		for k := range v {
			v[k] = code("A")
		}
		return model.Result{Assessment: decEYFS.ID, Values: v}
	case u < 0.006:
		v[r.IntN(17)] = code("A") // not assessed in one goal
	}
	lat := early(s, c, 1.1, 0.15) + 0.45*r.NormFloat64()
	for k := range v {
		if v[k].Code != "" {
			continue
		}
		if lat+0.3*r.NormFloat64() > eyfsCut[k] {
			v[k] = code("2")
		} else {
			v[k] = code("1")
		}
	}
	return model.Result{Assessment: decEYFS.ID, Values: v}
}

// Phonics: the mark is 40 × sigmoid(phA + phB × latent), so marks bunch
// towards 40 with a long tail below the threshold.
const (
	phA = 2.9
	phB = 1.25
	// phGrowth is a year's growth on the latent scale, for the recheck.
	phGrowth = 0.6
)

// phonicsY1 draws the child's Year 1 check.
func phonicsY1(r *rand.Rand, s *schoolModel, c *child) {
	c.ph1Lat = early(s, c, 0.8, 0.15) + 0.45*r.NormFloat64()
	c.ph1Mark = -1
	pD := 0.003
	switch c.chars.SEN {
	case model.SENEHCP:
		pD = 0.4
	case model.SENSupport:
		pD = 0.02
	}
	switch u := r.Float64(); {
	case u < pD:
		c.ph1Code = "D"
	case u < pD+0.014:
		c.ph1Code = "A"
	case u < pD+0.016:
		c.ph1Code = "L"
	case u < pD+0.0165:
		c.ph1Code = "Q"
	default:
		c.ph1Mark = phonicsMark(r, c.ph1Lat)
		c.ph1Code = phonicsOutcome(c.ph1Mark)
	}
}

func phonicsMark(r *rand.Rand, lat float64) int {
	m := int(math.Round(40*sigmoid(phA+phB*lat) + 0.8*r.NormFloat64()))
	return max(0, min(m, 40))
}

func phonicsOutcome(mark int) string {
	if mark >= assess.DefaultPhonicsThreshold {
		return "Wa"
	}
	return "Wt"
}

func phonicsCells(mark int, outcome string) []model.Value {
	v := make([]model.Value, len(decPhonics.Columns))
	if mark >= 0 {
		v[colPhMark] = number(mark)
	}
	v[colPhOutcome] = code(outcome)
	return v
}

func phonicsResultY1(c *child) model.Result {
	return model.Result{Assessment: decPhonics.ID, Values: phonicsCells(c.ph1Mark, c.ph1Code)}
}

// phonicsResultY2 is a Year 2 row's phonics cells: the recheck for a
// child who did not meet the standard in Year 1, and the Year 1 outcome
// when the data has no Year 1 row of the child to find it in. A child who
// met it in Year 1, in the data, has none.
func phonicsResultY2(r *rand.Rand, c *child) (model.Result, bool) {
	var v []model.Value
	if c.ph1Code != "Wa" {
		switch {
		case c.ph1Code == "D":
			v = phonicsCells(-1, "D")
		case r.Float64() < 0.02:
			v = phonicsCells(-1, "A")
		default:
			m := phonicsMark(r, c.ph1Lat+phGrowth+0.3*r.NormFloat64())
			v = phonicsCells(m, phonicsOutcome(m))
		}
	}
	if !c.ph1InData {
		if v == nil {
			v = make([]model.Value, len(decPhonics.Columns))
		}
		v[colPhY1] = code(c.ph1Code)
	}
	if v == nil {
		return model.Result{}, false
	}
	return model.Result{Assessment: decPhonics.ID, Values: v}, true
}

// Key stage 1: cut points on the scale of each subject's latent, set for
// about 19/68%, 8/60% and 16/70% at greater depth / expected in reading,
// writing and maths and 79% expected in science (2022/23).
var (
	ks1GDS = [3]float64{ks1Mean + ks1SD*0.878, ks1Mean + ks1SD*1.405, ks1Mean + ks1SD*0.994}
	ks1EXS = [3]float64{ks1Mean - ks1SD*0.468, ks1Mean - ks1SD*0.253, ks1Mean - ks1SD*0.524}
	ks1Sci = ks1Mean - ks1SD*0.806
	// ks1PK: below it a child is working at a pre-key stage standard.
	ks1PK = ks1Mean - ks1SD*1.75
)

const (
	ks1Mean = -0.1
	ks1SD   = 1.25
)

// ks1Girls is the effect of being a girl (SD) on reading, writing, maths
// and science.
var ks1Girls = [4]float64{0.12, 0.18, -0.02, 0.04}

func ks1Result(r *rand.Rand, s *schoolModel, c *child) model.Result {
	v := make([]model.Value, 4)
	switch u := r.Float64(); {
	case u < 0.005:
		for k := range v {
			v[k] = code("A")
		}
		return model.Result{Assessment: decKS1.ID, Values: v}
	case u < 0.008:
		for k := range v {
			v[k] = code("D")
		}
		return model.Result{Assessment: decKS1.ID, Values: v}
	}
	base := early(s, c, 0.55, 0)
	for k := range 4 {
		lat := base + 0.4*r.NormFloat64()
		switch c.chars.Gender {
		case model.Female:
			lat += ks1Girls[k]
		case model.Male:
			lat -= ks1Girls[k]
		}
		if k == 3 {
			if lat > ks1Sci {
				v[colK1[k]] = code("EXS")
			} else {
				v[colK1[k]] = code("HNM")
			}
			continue
		}
		switch {
		case lat > ks1GDS[k]:
			v[colK1[k]] = code("GDS")
		case lat > ks1EXS[k]:
			v[colK1[k]] = code("EXS")
		case lat > ks1PK:
			v[colK1[k]] = code("WTS")
		default:
			// Pre-key stage standards, one step a third of an SD.
			step := int((ks1PK - lat) / (ks1SD / 3))
			v[colK1[k]] = code([...]string{"PK4", "PK3", "PK2", "PK1", "EM"}[min(step, 4)])
		}
	}
	return model.Result{Assessment: decKS1.ID, Values: v}
}

// Multiplication tables check: each of 25 questions right with chance
// sigmoid(mtcA + mtcB × latent).
const (
	mtcA = 2.9
	mtcB = 1.6
)

func mtcResult(r *rand.Rand, s *schoolModel, c *child) model.Result {
	v := make([]model.Value, len(decMTC.Columns))
	pB := 0.0
	switch c.chars.SEN {
	case model.SENEHCP:
		pB = 0.25
	case model.SENSupport:
		pB = 0.01
	}
	pJ := 0.001
	if c.chars.NonMobile == model.FlagNo && c.chars.Language == model.LanguageOther {
		pJ = 0.05
	}
	switch u := r.Float64(); {
	case u < pB:
		v[colMTC] = code("B")
	case u < pB+0.018:
		v[colMTC] = code("A")
	case u < pB+0.018+pJ:
		v[colMTC] = code("J")
	case u < pB+0.021+pJ:
		v[colMTC] = code("L")
	case u < pB+0.0225+pJ:
		v[colMTC] = code("U")
	case u < pB+0.0235+pJ:
		v[colMTC] = code("X")
	default:
		q := sigmoid(mtcA + mtcB*(early(s, c, 0.3, -0.04)+0.5*r.NormFloat64()))
		score := 0
		for range 25 {
			if r.Float64() < q {
				score++
			}
		}
		v[colMTC] = number(score)
	}
	return model.Result{Assessment: decMTC.ID, Values: v}
}
