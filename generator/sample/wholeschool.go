package sample

import (
	"math/rand/v2"

	"github.com/reportpack/reportpack/generator/model"
)

// Whole schools: every year group of a primary (reception to Year 6) and
// of a secondary (Years 7 to 11), followed through the years. A pupil in
// Year 1 in one year is the same pupil (UPN, name, date of birth, mostly
// the same characteristics) in Year 2 the next; each year a few leave the
// LA, a few move to another of its schools, and new pupils from outside
// the LA join to keep each year group near its size. Reception and Year 7
// are new intakes.

// Chances, per pupil and year, of leaving the LA and of moving to another
// of its schools of the same phase.
const (
	leaveRate = 0.03
	moveRate  = 0.015
)

// child is one pupil followed through the years the data covers.
type child struct {
	id    model.Identity
	chars model.Characteristics
	// z is the child's general attainment, a standard normal drawn once:
	// it runs through every assessment and their KS2 or KS4 prior
	// attainment, so a child who did well in phonics tends to do well at
	// key stage 1 and 2.
	z float64
	// young is how young the child is for their year group: 0 when born
	// on 1 September, near 1 when born on 31 August.
	young float64
	// The Year 1 phonics check, drawn when the child is first in Year 1
	// or Year 2: outcome code ("" before), mark (−1 for none) and the
	// latent the recheck grows from.
	ph1Code string
	ph1Mark int
	ph1Lat  float64
	// ph1InData: the child's Year 1 row is in the data, so their Year 2
	// row leaves the Year 1 outcome for the loader to find by UPN.
	ph1InData bool
	// attZ is the child's propensity to miss school, drawn from the
	// attendance stream when first needed (attSet).
	attZ   float64
	attSet bool
}

// wholeGen makes the whole-school pupils.
type wholeGen struct {
	pg      *pupilGen
	schools []schoolModel
	opt     Options
	seed    uint64
	byPhase [3][]int     // school indexes of each phase, in order
	roll    [][][]*child // [school][year group − phase's first]: this year's roll
	// rolls are every school year's rows to make: [school][year index].
	rolls [][][]onRoll
}

// onRoll is a child on a school's roll in a year: their year group and
// their characteristics that year.
type onRoll struct {
	c     *child
	chars model.Characteristics
	ncy   model.NCYear
}

// wholeSchools makes every school's rows, by school then year, and in
// each school year by year group. It works in two passes, so that the
// rows (the bulk of the memory) are made once, in place: the first
// follows the pupils through the years, school by school each year; the
// second makes each year's rows, with the year's results, in file order.
func wholeSchools(schools []schoolModel, years []model.Year, opt Options, seed uint64) []model.Pupil {
	w := &wholeGen{pg: newPupilGen(schools, true), schools: schools, opt: opt, seed: seed,
		roll: make([][][]*child, len(schools)), rolls: make([][][]onRoll, len(schools))}
	for i := range schools {
		ph := schools[i].Phase
		w.byPhase[ph] = append(w.byPhase[ph], i)
		w.roll[i] = make([][]*child, ph.lastYear()-ph.firstYear()+1)
		w.rolls[i] = make([][]onRoll, len(years))
	}
	for j, y := range years {
		w.year(j, y)
	}
	total := 0
	offset := make([][]int, len(schools))
	for i := range w.rolls {
		offset[i] = make([]int, len(years))
		for j := range years {
			offset[i][j] = total
			total += len(w.rolls[i][j])
		}
	}
	out := make([]model.Pupil, total)
	// Years in order, so each child's results (phonics in Year 1, then
	// the recheck in Year 2) are drawn in the order they happened.
	for j, y := range years {
		est := estimatesFor(y)
		for i := range schools {
			s := &w.schools[i]
			r := w.stream(i, y, streamResults)
			ra := w.stream(i, y, streamAttendance)
			for k, e := range w.rolls[i][j] {
				e.c.chars = e.chars // as they were that year
				p := w.row(r, s, y, e.ncy, e.c, est)
				p.Results = append(p.Results, attendanceResults(ra, s, e.ncy, e.c)...)
				out[offset[i][j]+k] = p
			}
			w.rolls[i][j] = nil
		}
	}
	return out
}

// stream is school i's random stream for one purpose in year y: one
// stream per school and year, so a school's intake does not change when
// another school's does (movers between schools aside).
func (w *wholeGen) stream(i int, y model.Year, purpose uint64) *rand.Rand {
	return rand.New(rand.NewPCG(w.seed^uint64(w.schools[i].urnNum)<<20, purpose<<16+uint64(y)))
}

// Stream purposes.
const (
	streamFate    = 0xfa7e // who stays, leaves or moves
	streamIntake  = 0xa11  // new pupils
	streamResults = 0x7e57 // their results
)

// year moves last year's pupils up a year, fills each year group, and
// records the year's rolls. j is the year's index: in the first year
// every year group is made afresh.
func (w *wholeGen) year(j int, y model.Year) {
	n := len(w.schools)
	stay := make([][][]*child, n)
	arrive := make([][][]*child, n)
	for i := range w.schools {
		stay[i] = make([][]*child, len(w.roll[i]))
		arrive[i] = make([][]*child, len(w.roll[i]))
	}
	if j > 0 {
		for i := range w.schools {
			s := &w.schools[i]
			r := w.stream(i, y, streamFate)
			others := w.byPhase[s.Phase]
			// The last year group leaves the phase: the roll's last
			// entry is not carried.
			for k, cohort := range w.roll[i][:len(w.roll[i])-1] {
				for _, c := range cohort {
					u := r.Float64()
					switch {
					case u < leaveRate:
						// Left the LA.
					case u < leaveRate+moveRate && len(others) > 1:
						d := others[r.IntN(len(others)-1)]
						if d == i {
							d = others[len(others)-1]
						}
						c.chars.NonMobile = model.FlagNo
						arrive[d][k+1] = append(arrive[d][k+1], c)
					default:
						drift(r, &c.chars)
						stay[i][k+1] = append(stay[i][k+1], c)
					}
				}
			}
		}
	}
	for i := range w.schools {
		s := &w.schools[i]
		r := w.stream(i, y, streamIntake)
		first := s.Phase.firstYear()
		var fresh []*child // new this year, whose UPNs are pending
		var upns []byte
		hi := maxCohort(w.opt.Pupils)
		for k := range w.roll[i] {
			target := cohortSize(r, w.opt.Pupils, s.size)
			cur := stay[i][k]
			for _, c := range arrive[i][k] {
				if len(cur) < hi {
					cur = append(cur, c)
				}
			}
			joiner := j > 0 && k > 0 // from outside the LA, after the intake year
			for len(cur) < target {
				c := w.newChild(r, s, y, first+model.NCYear(k), joiner)
				cur = append(cur, c)
				fresh = append(fresh, c)
				upns = append(upns, w.pg.upn[:]...)
			}
			w.roll[i][k] = cur
		}
		// One string for the year's new UPNs (see upnPending).
		all := string(upns)
		for k, c := range fresh {
			c.id.UPN = all[13*k : 13*k+13]
		}
		n := 0
		for _, cohort := range w.roll[i] {
			n += len(cohort)
		}
		rows := make([]onRoll, 0, n)
		for k, cohort := range w.roll[i] {
			for _, c := range cohort {
				rows = append(rows, onRoll{c: c, chars: c.chars, ncy: first + model.NCYear(k)})
			}
		}
		w.rolls[i][j] = rows
	}
}

// newChild draws a pupil new to the data in year group ncy of year y.
// A joiner comes from outside the LA during the phase, so is mobile.
func (w *wholeGen) newChild(r *rand.Rand, s *schoolModel, y model.Year, ncy model.NCYear, joiner bool) *child {
	c := &child{ph1Mark: -1}
	c.chars = characteristics(r, s)
	if joiner {
		c.chars.NonMobile = model.FlagNo
	}
	c.z = r.NormFloat64()
	c.id = w.pg.identityOf(r, s, y, ncy, &c.chars, joiner)
	start := birthYearStart(y, ncy)
	c.young = c.id.DOB.Sub(start).Hours() / 24 / float64(daysInBirthYear(y, ncy))
	return c
}

// drift changes a staying pupil's characteristics a little from one year
// to the next: a few become eligible for free school meals or stop being
// so, and a few are identified with or no longer have SEN support.
func drift(r *rand.Rand, c *model.Characteristics) {
	switch u := r.Float64(); {
	case !c.FSM6.Yes() && u < 0.008:
		c.FSM6, c.FSM, c.Disadvantaged = model.FlagYes, model.FlagYes, model.FlagYes
	case c.FSM.Yes() && u < 0.04:
		c.FSM = model.FlagNo // Ever 6 stays
	}
	switch u := r.Float64(); {
	case c.SEN == model.SENNone && u < 0.006:
		c.SEN = model.SENSupport
	case c.SEN == model.SENSupport && u < 0.03:
		c.SEN = model.SENNone
	case c.SEN == model.SENSupport && u < 0.034:
		c.SEN = model.SENEHCP
	}
}

// row is child c's row at school s in year y, year group ncy, with the
// results of the year group's assessments.
func (w *wholeGen) row(r *rand.Rand, s *schoolModel, y model.Year, ncy model.NCYear, c *child, est *yearEst) model.Pupil {
	p := model.Pupil{URN: s.URN, Year: y, NCYear: ncy, ID: c.id, Chars: c.chars, Synthetic: true}
	switch ncy {
	case 0:
		p.Results = []model.Result{eyfsResult(r, s, c)}
	case 1:
		phonicsY1(r, s, c)
		c.ph1InData = true
		p.Results = []model.Result{phonicsResultY1(c)}
	case 2:
		if c.ph1Code == "" {
			phonicsY1(r, s, c) // taken before the data begins, or outside the LA
		}
		p.Results = []model.Result{ks1Result(r, s, c)}
		if ph, ok := phonicsResultY2(r, c); ok {
			p.Results = append(p.Results, ph)
		}
	case 4:
		p.Results = []model.Result{mtcResult(r, s, c)}
	case 6:
		p.KeyStage = model.KS2
		p.KS2 = ks2Result(r, s, &p.Chars, est, c.z)
	case 11:
		p.KeyStage = model.KS4
		p.KS4 = ks4Result(r, s, &p.Chars, est, c.z)
	}
	return p
}
