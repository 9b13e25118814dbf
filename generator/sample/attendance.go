package sample

import (
	"math"
	"math/rand/v2"

	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/model"
)

// Attendance and behaviour for every row (whole-school.md), drawn from a
// random stream of their own (streamAttendance) so that adding them left
// every other figure of the sample as it was. Absence is skewed, as it is
// nationally: most pupils miss a few sessions and a few miss many; the
// rates are set so that an LA comes out near the DfE's published figures
// (overall absence about 5.5% in primary and 8.9% in secondary schools,
// persistent absence about 15% and 25%, a percent or two severely absent),
// and are higher for disadvantaged pupils and pupils with SEN. A child's
// propensity to miss school carries from one year to the next.
// Suspensions are rare in primary schools and more common in secondary,
// for boys, disadvantaged pupils and pupils with SEN; permanent exclusions
// are rarer still.

// streamAttendance is the purpose of the attendance and behaviour stream.
const streamAttendance = 0xab5e

// attendanceResults are the row's attendance and behaviour cells, in
// registry order; none while those assessments are not registered.
func attendanceResults(r *rand.Rand, s *schoolModel, ncy model.NCYear, c *child) []model.Result {
	att, beh := assess.ByID("attendance"), assess.ByID("behaviour")
	if att == nil || beh == nil {
		return nil
	}
	if !c.attSet {
		c.attZ, c.attSet = r.NormFloat64(), true
	}
	secondary := s.Phase == Secondary
	ch := &c.chars

	// Absence: a log-normal rate around the phase's mean.
	base, authShare := 0.050, 0.72
	if secondary {
		base, authShare = 0.080, 0.60
	}
	mult := 1.0
	if ch.Disadvantaged.Yes() || ch.FSM6.Yes() {
		mult *= 1.6
	}
	switch ch.SEN {
	case model.SENSupport:
		mult *= 1.35
	case model.SENEHCP:
		mult *= 1.6
	}
	if ncy >= 10 {
		mult *= 1.15
	}
	const sigma = 1.0
	z := 0.8*c.attZ + 0.6*r.NormFloat64()
	rate := min(1, base*mult*math.Exp(sigma*z-sigma*sigma/2))
	possible := 380
	if ncy == 0 {
		possible = 370
	}
	if ch.NonMobile == model.FlagNo && r.Float64() < 0.5 {
		possible = 100 + r.IntN(270) // joined during the year
	}
	missed := int(math.Round(rate * float64(possible)))
	auth := int(math.Round(float64(missed) * min(1, max(0, authShare+0.15*r.NormFloat64()))))
	attCells := make([]model.Value, len(att.Columns))
	attCells[att.ColumnIndex("Sessions_Possible")] = number(possible)
	attCells[att.ColumnIndex("Sessions_Authorised")] = number(auth)
	attCells[att.ColumnIndex("Sessions_Unauthorised")] = number(missed - auth)

	// Suspensions.
	p1, more := 0.005, 0.6
	if secondary {
		p1, more = 0.055, 0.45
	}
	if ch.Gender == model.Male {
		p1 *= 1.6
	} else {
		p1 *= 0.5
	}
	if ch.Disadvantaged.Yes() || ch.FSM6.Yes() {
		p1 *= 2.2
	}
	switch ch.SEN {
	case model.SENSupport:
		p1 *= 2
	case model.SENEHCP:
		p1 *= 2.5
	}
	p1 *= math.Exp(0.4 * c.attZ)
	suspensions, excluded := 0, "N"
	if r.Float64() < min(0.9, p1) {
		suspensions = 1
		for suspensions < 20 && r.Float64() > more {
			suspensions++
		}
		perm := 0.01
		if secondary {
			perm = 0.03
		}
		if r.Float64() < perm*float64(suspensions) {
			excluded = "Y"
		}
	}
	behCells := make([]model.Value, len(beh.Columns))
	behCells[beh.ColumnIndex("Suspensions")] = number(suspensions)
	behCells[beh.ColumnIndex("Permanent_Exclusion")] = code(excluded)
	return []model.Result{{Assessment: att.ID, Values: attCells}, {Assessment: beh.ID, Values: behCells}}
}
