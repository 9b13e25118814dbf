package sample

import (
	"math"
	"sync"

	"github.com/reportpack/reportpack/generator/model"
)

// The generative model. Pupils' outcomes are "national estimate for their
// prior attainment + school effect + group effects + noise"; the estimates
// written to estimates.csv are the same estimates, so progress scores in the
// pupil file agree with them, and national figures are measured on a large
// simulated population made by the same code (national.go).

// KS4 prior attainment (KS2_APS) bands of estimates.csv: [80,81) .. [120,121).
const (
	ks4PriorMin = 80
	ks4PriorMax = 120
	ks4Bands    = ks4PriorMax - ks4PriorMin + 1
)

// KS2 prior attainment (KS1_APS) bands of estimates.csv: [0,1) .. [21,22).
const (
	ks1PriorMin = 3 // lowest KS1 APS generated (all W)
	ks1PriorMax = 21
	ks2Bands    = 22
)

// A8 elements, in pupil-file order.
const (
	elEng = iota
	elMat
	elEBacc
	elOpen
	nElements
)

var (
	elementMeasure = [nElements]model.MeasureID{"ks4_a8_eng", "ks4_a8_mat", "ks4_a8_ebacc", "ks4_a8_open"}
	elementShare   = [nElements]float64{0.215, 0.2, 0.29, 0.295} // of the A8 estimate; sums to 1
	elementSlots   = [nElements]float64{2, 2, 3, 3}
	elementMax     = [nElements]float64{18, 18, 27, 27}
)

// KS2 subjects, in the order of the latent scores.
const (
	subjRead = iota
	subjWrit
	subjMat
	subjGPS
	nSubjects
)

// ks2EstMeasure names the estimates.csv measure of each subject with progress.
var ks2EstMeasure = [3]model.MeasureID{"ks2_read", "ks2_writ", "ks2_mat"}

// yearShift is a small national drift so that years differ, deterministic
// in the year alone.
func yearShift(y model.Year) float64 { return 0.5 * math.Sin(float64(y)*2.1) }

// estA8 is the national estimated A8 for KS2 prior attainment p: about 14 at
// 80, 40 at 100, 58 at 110 and 80 at 120, as the DfE's estimates run.
func estA8(p float64, y model.Year) float64 {
	d := p - 100
	return clamp(40+1.65*d+0.0175*d*d+1.2*yearShift(y), 0, 90)
}

// ks2Latent is the national mean latent score for a subject given KS1 APS k.
// For reading, maths and GPS the latent is the scaled score before rounding
// and clipping; for writing it is turned into a teacher assessment by
// writingTA.
func ks2Latent(subj int, k float64, y model.Year) float64 {
	base := [nSubjects]float64{105.6, 105.2, 104.8, 105.6}
	slope := [nSubjects]float64{1.45, 1.5, 1.55, 1.5}
	d := k - 15.5
	return base[subj] + slope[subj]*d - 0.02*d*d + 0.8*yearShift(y)
}

// writingTA turns a latent writing score into a teacher assessment.
func writingTA(w float64) model.WritingTA {
	switch {
	case w >= 113.5:
		return "GDS"
	case w >= 100:
		return "EXS"
	case w >= 91:
		return "WTS"
	case w >= 87:
		return "PK6"
	case w >= 84:
		return "PK5"
	case w >= 81:
		return "PK4"
	case w >= 78:
		return "PK3"
	case w >= 75:
		return "PK2"
	case w >= 72:
		return "PK1"
	}
	return "HNM"
}

// writingNominal is the nominal score of each writing outcome, for writing
// progress, in the DfE's scheme (GDS 113, EXS 103, WTS 91, pre-key stage
// standards below). Outcomes without one (A, D, L, M) get no progress score.
func writingNominal() map[model.WritingTA]float64 {
	return map[model.WritingTA]float64{
		"GDS": 113, "EXS": 103, "WTS": 91,
		"PK6": 79, "PK5": 77, "PK4": 75, "PK3": 73, "PK2": 71, "PK1": 70, "HNM": 70,
	}
}

// nominalScores is writingNominal shared read-only by the generator.
var nominalScores = writingNominal()

// writLatentSD is the spread of a pupil's latent writing score around the
// national mean for their prior attainment (noise, school and group effects),
// used to turn latent means into expected nominal scores.
const writLatentSD = 5.8

// yearEst holds one year's estimates, in bands, both as written to
// estimates.csv (rounded to 2 dp, which pupil progress is computed from) and
// as the unrounded latent means pupils are generated around.
type yearEst struct {
	a8   [ks4Bands]float64
	elem [nElements][ks4Bands]float64
	ks2  [3][ks2Bands]float64 // read, writ (nominal), mat: estimates.csv
	lat  [nSubjects][ks2Bands]float64
}

var estCache sync.Map // model.Year -> *yearEst

// estimatesFor returns the year's estimates, computed once per process.
func estimatesFor(y model.Year) *yearEst {
	if e, ok := estCache.Load(y); ok {
		return e.(*yearEst)
	}
	e := &yearEst{}
	for b := range ks4Bands {
		// Prior scores are multiples of 0.5, so a band holds x and x+0.5:
		// estimate at the middle of the two.
		a8 := estA8(float64(ks4PriorMin+b)+0.25, y)
		e.a8[b] = round2(a8)
		for el := range nElements {
			e.elem[el][b] = round2(elementShare[el] * a8)
		}
	}
	for b := range ks2Bands {
		k := float64(b) + 0.25
		for s := range nSubjects {
			e.lat[s][b] = ks2Latent(s, k, y)
		}
		e.ks2[0][b] = round2(e.lat[subjRead][b])
		e.ks2[2][b] = round2(e.lat[subjMat][b])
		e.ks2[1][b] = round2(expectedNominal(e.lat[subjWrit][b], nominalScores))
	}
	v, _ := estCache.LoadOrStore(y, e)
	return v.(*yearEst)
}

// expectedNominal is the mean nominal writing score of pupils whose latent
// score is normal around mu: writing estimates are in nominal-score units.
func expectedNominal(mu float64, nominal map[model.WritingTA]float64) float64 {
	var sum, wsum float64
	for i := -160; i <= 160; i++ {
		x := float64(i) / 40 // -4..4 SD
		w := math.Exp(-x * x / 2)
		sum += w * nominal[writingTA(mu+writLatentSD*x)]
		wsum += w
	}
	return sum / wsum
}

// rows returns the year's estimates as estimates.csv rows, in file order.
func (e *yearEst) rows(y model.Year) model.Estimates {
	out := make(model.Estimates, 0, ks4Bands*(1+nElements)+ks2Bands*3)
	ks4 := func(m model.MeasureID, v *[ks4Bands]float64) {
		for b := range ks4Bands {
			from := float64(ks4PriorMin + b)
			out = append(out, model.Estimate{Year: y, Measure: m, PriorFrom: from, PriorTo: from + 1, Estimate: v[b]})
		}
	}
	ks4("ks4_a8", &e.a8)
	for el := range nElements {
		ks4(elementMeasure[el], &e.elem[el])
	}
	for s := range ks2EstMeasure {
		for b := range ks2Bands {
			from := float64(b)
			out = append(out, model.Estimate{Year: y, Measure: ks2EstMeasure[s], PriorFrom: from, PriorTo: from + 1, Estimate: e.ks2[s][b]})
		}
	}
	return out
}

// Floors: the lowest pupil score counted in adjusted progress, by prior
// attainment range. Pupils scoring below about 70% of the estimate's room
// below them are raised, which touches only the few with very low results.

var ks4FloorBands = [][2]float64{{0, 90}, {90, 95}, {95, 100}, {100, 105}, {105, 110}, {110, 115}, {115, 121}}
var ks2FloorBands = [][2]float64{{0, 9}, {9, 12}, {12, 15}, {15, 18}, {18, 22}}

// p8Floors are the floors of ks4_p8 for year y.
func p8Floors(y model.Year) []model.Floor {
	fl := make([]model.Floor, len(ks4FloorBands))
	for i, b := range ks4FloorBands {
		mid := (max(b[0], ks4PriorMin) + b[1]) / 2
		fl[i] = model.Floor{PriorFrom: b[0], PriorTo: b[1], Min: round2(-0.7 * estA8(mid, y) / 10)}
	}
	return fl
}

// ks2Floors are the floors of a KS2 progress measure (subject 0 read, 1
// writ, 2 mat) for year y.
func ks2Floors(subj int, y model.Year) []model.Floor {
	lat := [3]int{subjRead, subjWrit, subjMat}[subj]
	bottom := 80.0 // lowest scaled score; lowest nominal writing score is 70
	if subj == 1 {
		bottom = 70
	}
	fl := make([]model.Floor, len(ks2FloorBands))
	for i, b := range ks2FloorBands {
		mid := (max(b[0], ks1PriorMin) + b[1]) / 2
		fl[i] = model.Floor{PriorFrom: b[0], PriorTo: b[1], Min: round2(-0.7 * (ks2Latent(lat, mid, y) - bottom))}
	}
	return fl
}

// floorFor returns the floor for prior attainment p, if any.
func floorFor(fl []model.Floor, p float64) (float64, bool) {
	for _, f := range fl {
		if p >= f.PriorFrom && p < f.PriorTo {
			return f.Min, true
		}
	}
	return 0, false
}

// Pupil-level effects of characteristics. KS4 effects are in P8 points
// (A8 = estimate + 10 × effect); KS2 effects are in scaled-score points per
// subject (read, writ, mat, gps). They are direct effects: a group's
// national figure also carries the effects of what goes with it (SEN and
// disadvantage, EAL and ethnicity). The offsets centre national progress
// near zero, as the DfE's method does.

const p8Offset = 0.29

var ks2Offset = [nSubjects]float64{0.62, 0.75, 0.16, 0.1}

func p8Effect(c *model.Characteristics) float64 {
	e := 0.0
	if c.Disadvantaged.Yes() {
		e -= 0.68
	}
	switch c.Gender {
	case model.Female:
		e += 0.2
	case model.Male:
		e -= 0.2
	}
	switch c.SEN {
	case model.SENSupport:
		e -= 0.35
	case model.SENEHCP:
		e -= 1.25
	}
	if c.Language == model.LanguageOther {
		e += 0.42
	}
	e += [...]float64{0, -0.08, -0.02, 0.22, 0.05, 0.6, 0.2, 0}[c.Ethnicity]
	if c.NonMobile == model.FlagNo {
		e -= 0.3
	}
	if c.CLA.Yes() {
		e -= 0.5
	}
	return e
}

// ks4PriorShift moves a pupil's KS2 prior attainment (scaled-score points).
func ks4PriorShift(c *model.Characteristics) float64 {
	e := 0.0
	if c.Disadvantaged.Yes() {
		e -= 2.6
	}
	switch c.SEN {
	case model.SENSupport:
		e -= 4.5
	case model.SENEHCP:
		e -= 9
	}
	if c.Language == model.LanguageOther {
		e -= 0.6
	}
	if c.Ethnicity == model.EthnicityChinese {
		e += 3
	}
	if c.NonMobile == model.FlagNo {
		e -= 1.5
	}
	return e
}

// ks2PriorShift moves a pupil's KS1 APS.
func ks2PriorShift(c *model.Characteristics) float64 {
	e := 0.0
	if c.Disadvantaged.Yes() {
		e -= 1.3
	}
	switch c.Gender {
	case model.Female:
		e += 0.3
	case model.Male:
		e -= 0.3
	}
	switch c.SEN {
	case model.SENSupport:
		e -= 2.8
	case model.SENEHCP:
		e -= 6
	}
	if c.Language == model.LanguageOther {
		e -= 0.8
	}
	if c.NonMobile == model.FlagNo {
		e -= 0.5
	}
	return e
}

// ks2Effect is the effect on each subject's latent score (read, writ, mat, gps).
func ks2Effect(c *model.Characteristics) (e [nSubjects]float64) {
	add := func(v [nSubjects]float64) {
		for i := range e {
			e[i] += v[i]
		}
	}
	if c.Disadvantaged.Yes() {
		add([nSubjects]float64{-1.0, -0.9, -1.0, -0.9})
	}
	switch c.Gender {
	case model.Female:
		add([nSubjects]float64{0.3, 1.0, -0.6, 0.8})
	case model.Male:
		add([nSubjects]float64{-0.3, -1.0, 0.6, -0.8})
	}
	switch c.SEN {
	case model.SENSupport:
		add([nSubjects]float64{-1.2, -2.2, -1.3, -1.5})
	case model.SENEHCP:
		add([nSubjects]float64{-3.5, -3.5, -4, -4})
	}
	if c.Language == model.LanguageOther {
		add([nSubjects]float64{-0.3, 0.9, 1.9, 1.5})
	}
	switch c.Ethnicity {
	case model.EthnicityAsian:
		add([nSubjects]float64{0.3, 0.5, 0.8, 1})
	case model.EthnicityBlack:
		add([nSubjects]float64{0, 0.3, 0, 0.3})
	case model.EthnicityChinese:
		add([nSubjects]float64{0.5, 1, 4, 2})
	}
	if c.NonMobile == model.FlagNo {
		add([nSubjects]float64{-0.8, -0.8, -0.8, -0.8})
	}
	if c.CLA.Yes() {
		add([nSubjects]float64{-1.5, -1.5, -1.5, -1.5})
	}
	return e
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(v, hi)) }

// round2 rounds to 2 decimal places: the nearest float to the decimal, so
// the value survives a trip through a file unchanged.
func round2(v float64) float64 { return noNegZero(math.Round(v*100) / 100) }

func round1(v float64) float64 { return noNegZero(math.Round(v*10) / 10) }

// noNegZero turns -0 into 0, which would print as "-0".
func noNegZero(v float64) float64 {
	if v == 0 {
		return 0
	}
	return v
}

func roundHalf(v float64) float64 { return math.Round(v*2) / 2 }

// normInv is the standard normal quantile function.
func normInv(u float64) float64 { return math.Sqrt2 * math.Erfinv(2*u-1) }
