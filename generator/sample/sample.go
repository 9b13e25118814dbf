// Package sample makes deterministic synthetic data for tests, the example
// site and benchmarks: a fictional local authority's schools, their pupils'
// key stage 2 and 4 results, and illustrative national figures, parameters
// and estimates that agree with how the pupils were made.
//
// The same Options always give the same Data and byte-identical files, on
// any machine and on any date: randomness comes from seeded PCG sources and
// the latest academic year is fixed (LatestYear). The national figures are
// ILLUSTRATIVE, not DfE data; they depend only on the year, not on the seed,
// the way real national figures do not depend on which LA is looked at.
package sample

import (
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/reportpack/reportpack/generator/model"
)

// LatestYear is the last academic year generated (2024/25). It is fixed so
// that output does not depend on today's date.
const LatestYear model.Year = 2025

// The fictional local authority every generated school belongs to. Code 999
// is not a real LA code, so sample UPNs cannot be mistaken for real ones.
const (
	LAName = "Northmoor"
	LACode = "999"
)

// Defaults used for zero Options fields, and the limits applied to the rest.
const (
	DefaultSchools  = 3
	DefaultPupils   = 60
	DefaultYears    = 3
	DefaultFirstURN = 900001 // real URNs are far below this, so sample URNs never look real

	MaxSchools = 2000 // establishment numbers run out beyond this
	MaxPupils  = 2000
	MaxYears   = 20
)

// Phase is a school's phase, which decides its year groups.
type Phase uint8

// Phases. The zero value is "not set".
const (
	Primary   Phase = iota + 1 // reception to Year 6; KS2 results in Year 6
	Secondary                  // Years 7 to 11; KS4 results in Year 11
)

// firstYear and lastYear are the phase's year groups' range.
func (p Phase) firstYear() model.NCYear {
	if p == Secondary {
		return 7
	}
	return 0
}

func (p Phase) lastYear() model.NCYear {
	if p == Secondary {
		return 11
	}
	return 6
}

// String names the phase as users read it.
func (p Phase) String() string {
	switch p {
	case Primary:
		return "Primary"
	case Secondary:
		return "Secondary"
	}
	return "Phase(" + strconv.Itoa(int(p)) + ")"
}

// KeyStage is the key stage a school of this phase reports on.
func (p Phase) KeyStage() model.KeyStage {
	if p == Primary {
		return model.KS2
	}
	return model.KS4
}

// School is one generated school.
type School struct {
	URN    model.URN
	Name   string
	Phase  Phase
	LA     string // local authority name (LAName)
	LACode string // 3-digit LA code (LACode)
	Estab  string // 4-digit establishment number; the DfE number is LACode/Estab
}

// Options say what to generate. Zero fields take the defaults above; values
// out of range are clamped to the limits.
type Options struct {
	// Schools is the number of schools. About one in four is secondary, and
	// with two or more schools both phases are always present.
	Schools int
	// Pupils is the typical cohort: pupils per school, year and year
	// group. Each cohort is within ±30% of it.
	Pupils int
	// Years is how many academic years, ending with LatestYear.
	Years int
	// Seed picks the LA: schools, names, pupils and results.
	Seed int64
	// FirstURN is the first school's URN; the others follow it. It must be
	// six digits with room for every school, else DefaultFirstURN is used.
	FirstURN int
	// OnlyPhase, when set, gives every school this phase (e.g. a one-school
	// primary site for "reportpack new").
	OnlyPhase Phase
	// KeyStagesOnly makes the data sample made before whole-school
	// coverage, byte for byte: only Year 6 (KS2) rows in primaries and
	// Year 11 (KS4) rows in secondaries, a new cohort each year, and a
	// pupil file with only the key stage columns (no NCYear, no EYFS,
	// phonics, KS1 or MTC). The default is the whole school.
	KeyStagesOnly bool
}

// Data is everything generated: what a site's data folder holds, in the
// typed form the loaders produce from it. Pupils are in file order (by
// school, then year); their Src is empty, as it names a file they were not
// read from, and Disadvantaged is derived as a loader derives it.
type Data struct {
	Schools   []School
	Years     []model.Year // ascending, ending with LatestYear
	Pupils    []model.Pupil
	National  model.NationalFigures
	Params    model.NationalParams
	Estimates model.Estimates

	keyStagesOnly bool // Options.KeyStagesOnly: write the old columns
}

// normalize fills defaults and clamps values to their limits.
func (o Options) normalize() Options {
	def := func(v, d, lo, hi int) int {
		if v == 0 {
			v = d
		}
		return max(lo, min(v, hi))
	}
	o.Schools = def(o.Schools, DefaultSchools, 1, MaxSchools)
	o.Pupils = def(o.Pupils, DefaultPupils, 1, MaxPupils)
	o.Years = def(o.Years, DefaultYears, 1, MaxYears)
	if o.FirstURN < 100000 || o.FirstURN+o.Schools-1 > 999999 {
		o.FirstURN = DefaultFirstURN
	}
	if o.OnlyPhase != Primary && o.OnlyPhase != Secondary {
		o.OnlyPhase = 0
	}
	return o
}

// Generate makes the data for opt. It is deterministic: the same options
// give the same Data. It never fails; out-of-range options are clamped.
// National figures are simulated the first time a year is asked for (about
// 0.1 s a year) and reused for the rest of the process; Generate is safe to
// call from several goroutines.
func Generate(opt Options) *Data {
	opt = opt.normalize()
	d := &Data{}
	for y := LatestYear - model.Year(opt.Years) + 1; y <= LatestYear; y++ {
		d.Years = append(d.Years, y)
	}

	// Schools come from their own stream, so changing Pupils or Years
	// leaves the schools (names, effects) as they were.
	seed := uint64(opt.Seed)
	schools := makeSchools(rand.New(rand.NewPCG(seed, 0x5c4001)), opt)
	d.Schools = make([]School, len(schools))
	for i := range schools {
		d.Schools[i] = schools[i].School
	}

	if opt.KeyStagesOnly {
		d.keyStagesOnly = true
		d.Pupils = keyStageCohorts(schools, d.Years, opt, seed)
	} else {
		d.Pupils = wholeSchools(schools, d.Years, opt, seed)
	}

	d.National = make(model.NationalFigures)
	d.Params = model.NationalParams{
		Measures:       make(map[model.MeasureID]map[model.Year]model.MeasureParams),
		WritingNominal: make(map[model.Year]map[model.WritingTA]float64),
	}
	for _, y := range d.Years {
		n := nationalFor(y)
		for _, f := range n.figures {
			d.National[model.NationalKey{Year: y, Measure: f.measure, Group: f.group}] = f.value
		}
		for _, mp := range n.params {
			if d.Params.Measures[mp.measure] == nil {
				d.Params.Measures[mp.measure] = make(map[model.Year]model.MeasureParams)
			}
			d.Params.Measures[mp.measure][y] = cloneParams(mp.params)
		}
		d.Params.WritingNominal[y] = writingNominal()
		d.Estimates = append(d.Estimates, estimatesFor(y).rows(y)...)
	}
	return d
}

// cohortSize is a school's cohort in one year: the school's size factor
// (±27%) times a small yearly wobble (±3%), kept within ±30% of pupils.
func cohortSize(r *rand.Rand, pupils int, size float64) int {
	f := size * (0.97 + 0.06*r.Float64())
	n := int(float64(pupils)*f + 0.5)
	lo, hi := minCohort(pupils), maxCohort(pupils)
	return max(lo, min(n, hi))
}

// minCohort and maxCohort are the bounds every cohort keeps to.
func minCohort(pupils int) int { return max(1, (pupils*7+9)/10) } // ceil(0.7 p)
func maxCohort(pupils int) int { return max(1, pupils*13/10) }    // floor(1.3 p)

// cloneParams copies p so callers may change Data without touching the
// per-process cache it came from.
func cloneParams(p model.MeasureParams) model.MeasureParams {
	ptr := func(v *float64) *float64 {
		if v == nil {
			return nil
		}
		c := *v
		return &c
	}
	p.SD, p.WellAbove, p.WellBelow = ptr(p.SD), ptr(p.WellAbove), ptr(p.WellBelow)
	p.Quintiles = slices.Clone(p.Quintiles)
	p.Percentiles = slices.Clone(p.Percentiles)
	p.Floors = slices.Clone(p.Floors)
	return p
}

// keyStageCohorts makes the pupils of Options.KeyStagesOnly: a new Year 6
// or Year 11 cohort per school and year, as sample made them before it
// made whole schools (the random streams are the same, so are the bytes).
func keyStageCohorts(schools []schoolModel, years []model.Year, opt Options, seed uint64) []model.Pupil {
	// Cohort sizes first, so the pupil slice is allocated once.
	total := 0
	for i := range schools {
		s := &schools[i]
		s.cohort = make([]int, len(years))
		r := rand.New(rand.NewPCG(seed, 0xc040+uint64(i)))
		for j := range years {
			s.cohort[j] = cohortSize(r, opt.Pupils, s.size)
			total += s.cohort[j]
		}
	}

	pupils := make([]model.Pupil, 0, total)
	g := newPupilGen(schools, true)
	for i := range schools {
		s := &schools[i]
		for j, y := range years {
			// One stream per school and year: a cohort does not change
			// when another school's does.
			r := rand.New(rand.NewPCG(seed^uint64(s.urnNum)<<20, 0xa11+uint64(y)))
			est := estimatesFor(y)
			first := len(pupils)
			upns := make([]byte, 0, 13*s.cohort[j])
			for range s.cohort[j] {
				p := g.pupil(r, s, y, est)
				p.Synthetic = true // the file's Synthetic column says so
				pupils = append(pupils, p)
				upns = append(upns, g.upn[:]...)
			}
			all := string(upns)
			for k := range s.cohort[j] {
				pupils[first+k].ID.UPN = all[13*k : 13*k+13]
			}
		}
	}

	return pupils
}
