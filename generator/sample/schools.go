package sample

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/reportpack/reportpack/generator/model"
)

// schoolModel is a school with the hidden facts its pupils are drawn from.
type schoolModel struct {
	School
	urnNum   int
	estabNum int

	size   float64 // cohort size factor, 0.73..1.27
	disadv float64 // chance a pupil is Ever 6 FSM
	eal    float64 // chance a pupil has English as an additional language
	mobile float64 // chance a pupil joined late (not non-mobile)
	prior  float64 // shift of prior attainment (KS2 APS points, or KS1 APS points)
	p8     float64 // school effect on P8
	ks2    [nSubjects]float64

	cohort []int // pupils per year, filled by Generate
}

// makeSchools draws the LA's schools. Every fourth school (from the first)
// is secondary, so any two or more schools have both phases. School effects
// are stratified within each phase, so even three schools spread from
// below to above average rather than landing anywhere by chance.
func makeSchools(r *rand.Rand, opt Options) []schoolModel {
	n := opt.Schools
	phases := make([]Phase, n)
	var count [3]int
	for i := range phases {
		switch {
		case opt.OnlyPhase != 0:
			phases[i] = opt.OnlyPhase
		case i%4 == 0:
			phases[i] = Secondary
		default:
			phases[i] = Primary
		}
		count[phases[i]]++
	}

	// A random rank per school within its phase, for stratified effects.
	rank := make([]int, n)
	for _, ph := range []Phase{Primary, Secondary} {
		perm := r.Perm(count[ph])
		k := 0
		for i := range phases {
			if phases[i] == ph {
				rank[i] = perm[k]
				k++
			}
		}
	}

	used := make(map[string]bool, n)
	var seen [3]int
	out := make([]schoolModel, n)
	for i := range out {
		ph := phases[i]
		u := (float64(rank[i]) + r.Float64()) / float64(count[ph])
		s := newSchoolModel(r, ph, u)
		s.urnNum = opt.FirstURN + i
		s.URN = model.URN(strconv.Itoa(s.urnNum))
		// Establishment numbers: primaries 2000..3999, secondaries
		// 4000..5999, spread out with gaps as real numbering is.
		stride := max(1, 2000/count[ph])
		base := 2000
		if ph == Secondary {
			base = 4000
		}
		s.estabNum = base + seen[ph]*stride + r.IntN(stride)
		seen[ph]++
		s.Estab = strconv.Itoa(s.estabNum)
		s.LA, s.LACode = LAName, LACode
		s.Name = schoolName(r, ph, used)
		out[i] = s
	}
	return out
}

// newSchoolModel draws a school's hidden facts; u in (0,1) places its
// effectiveness (the national simulation passes a plain uniform draw).
func newSchoolModel(r *rand.Rand, ph Phase, u float64) schoolModel {
	s := schoolModel{School: School{Phase: ph}}
	s.size = 0.73 + 0.54*r.Float64()
	s.disadv = clamp(0.21*math.Exp(0.55*r.NormFloat64()), 0.03, 0.75)
	s.eal = clamp(0.12*math.Exp(r.NormFloat64()), 0.01, 0.9)
	s.mobile = clamp(0.09*math.Exp(0.4*r.NormFloat64()), 0.02, 0.4)
	z := normInv(clamp(u, 1e-6, 1-1e-6))
	if ph == Secondary {
		s.prior = -6*(s.disadv-0.25) + 1.5*r.NormFloat64()
		s.p8 = 0.45 * z
	} else {
		s.prior = -3.5*(s.disadv-0.25) + 0.8*r.NormFloat64()
		for i := range s.ks2 {
			s.ks2[i] = 1.8*z + 1.0*r.NormFloat64()
		}
	}
	return s
}

// schoolName draws a plausible English school name not already used.
func schoolName(r *rand.Rand, ph Phase, used map[string]bool) string {
	patterns := primaryPatterns
	if ph == Secondary {
		patterns = secondaryPatterns
	}
	total := 0
	for _, p := range patterns {
		total += p.weight
	}
	var name string
	for try := 0; ; try++ {
		w := r.IntN(total)
		var pat string
		for _, p := range patterns {
			if w < p.weight {
				pat = p.text
				break
			}
			w -= p.weight
		}
		place := pick(r, placeHeads) + pick(r, placeTails)
		name = strings.ReplaceAll(pat, "{P}", place)
		name = strings.ReplaceAll(name, "{S}", pick(r, saints))
		name = strings.ReplaceAll(name, "{C}", pick(r, catholicSaints))
		name = strings.ReplaceAll(name, "{R}", pick(r, rivers))
		if !used[name] {
			break
		}
		if try > 50 { // the word lists are exhausted: number the duplicate
			base := name
			for k := 2; used[name]; k++ {
				name = base + " (" + strconv.Itoa(k) + ")"
			}
			break
		}
	}
	used[name] = true
	return name
}

func pick(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }
