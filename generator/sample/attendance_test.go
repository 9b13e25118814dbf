package sample

import (
	"testing"

	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/model"
)

// The sample's attendance and suspensions come out near the DfE's
// published figures by phase (whole-school.md; issue #27): overall absence
// about 5.5% in primary and 8.9% in secondary schools, persistent absence
// about 15% and 25%, a few severely absent pupils, higher absence among
// disadvantaged pupils and pupils with SEN, suspensions far more common in
// secondary schools; every row has its cells.
func TestAttendanceLikeNational(t *testing.T) {
	att, beh := assess.ByID("attendance"), assess.ByID("behaviour")
	if att == nil || beh == nil {
		t.Skip("attendance and behaviour are not registered")
	}
	d := Generate(Options{Schools: 8, Pupils: 60, Years: 2, Seed: 11})
	phase := map[model.URN]Phase{}
	for _, s := range d.Schools {
		phase[s.URN] = s.Phase
	}
	type tally struct{ possible, missed, rows, pa, sa, sus, suspended, excl, dis, disPA, other, otherPA float64 }
	var by [3]tally
	pos, auth, unauth := att.ColumnIndex("Sessions_Possible"), att.ColumnIndex("Sessions_Authorised"), att.ColumnIndex("Sessions_Unauthorised")
	susCol, exclCol := beh.ColumnIndex("Suspensions"), beh.ColumnIndex("Permanent_Exclusion")
	for i := range d.Pupils {
		p := &d.Pupils[i]
		a, b := p.Result(att.ID), p.Result(beh.ID)
		if a == nil || b == nil {
			t.Fatalf("row %d (%s, %s) has no attendance or behaviour cells", i, p.URN, p.NCYear)
		}
		tl := &by[phase[p.URN]]
		possible, missed := a[pos].Num, a[auth].Num+a[unauth].Num
		if missed > possible || possible <= 0 || possible > 400 {
			t.Fatalf("row %d: %v missed of %v possible", i, missed, possible)
		}
		rate := missed / possible
		tl.possible += possible
		tl.missed += missed
		tl.rows++
		isPA := 0.0
		if rate >= 0.1 {
			tl.pa++
			isPA = 1
		}
		if rate >= 0.5 {
			tl.sa++
		}
		if p.Chars.Disadvantaged.Yes() || p.Chars.FSM6.Yes() {
			tl.dis++
			tl.disPA += isPA
		} else {
			tl.other++
			tl.otherPA += isPA
		}
		tl.sus += b[susCol].Num
		if b[susCol].Num > 0 {
			tl.suspended++
		}
		if b[exclCol].Code == "Y" {
			tl.excl++
		}
	}
	for _, tc := range []struct {
		ph                       Phase
		absLo, absHi             float64
		paLo, paHi               float64
		susPer100Lo, susPer100Hi float64
	}{
		{Primary, 4, 7.5, 9, 22, 0, 4},
		{Secondary, 7, 11.5, 18, 34, 4, 40},
	} {
		tl := by[tc.ph]
		abs, pa, sus := 100*tl.missed/tl.possible, 100*tl.pa/tl.rows, 100*tl.sus/tl.rows
		t.Logf("phase %d: %0.f rows, overall absence %.1f%%, persistent %.1f%%, severe %.2f%%, suspensions per 100 %.2f, suspended %.2f%%, excluded %.0f, PA disadvantaged %.1f%% other %.1f%%",
			tc.ph, tl.rows, abs, pa, 100*tl.sa/tl.rows, sus, 100*tl.suspended/tl.rows, tl.excl, 100*tl.disPA/tl.dis, 100*tl.otherPA/tl.other)
		if abs < tc.absLo || abs > tc.absHi || pa < tc.paLo || pa > tc.paHi || sus < tc.susPer100Lo || sus > tc.susPer100Hi {
			t.Errorf("phase %d: absence %.1f%%, persistent %.1f%%, suspensions per 100 %.2f out of range", tc.ph, abs, pa, sus)
		}
		if tl.sa == 0 || tl.disPA/tl.dis <= tl.otherPA/tl.other {
			t.Errorf("phase %d: no severe absence, or disadvantaged pupils no more often persistently absent", tc.ph)
		}
	}
}
