package export

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/reportpack/reportpack/generator/measures"
)

func TestAppendFigure(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{
		{0, "0"},
		{math.Copysign(0, -1), "0"},
		{-0.00004, "0"}, // rounds to -0
		{-0.00005, "-0.0001"},
		{1, "1"},
		{100, "100"},
		{-3, "-3"},
		{1.0 / 3, "0.3333"},
		{2.0 / 3, "0.6667"},
		{100.0 / 3, "33.3333"},
		{0.1, "0.1"},
		{0.12345, "0.1235"}, // half away from zero, as pages round
		{-0.12345, "-0.1235"},
		{0.03125, "0.0313"}, // an exact tie
		{45.30000000000001, "45.3"},
		{0.99999, "1"},
		{123456.789012, "123456.789"},
		{1e21, "1000000000000000000000"},
		{-1e300, "-1" + zeros(300)},
		{5e-324, "0"},
		{math.Inf(1), "+Inf"},
		{math.NaN(), "NaN"},
	} {
		if got := string(appendFigure(nil, tc.v)); got != tc.want {
			t.Errorf("appendFigure(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

func zeros(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '0'
	}
	return string(b)
}

// TestFigCache checks that the cache formats every value as appendFigure
// does, hit or miss, whatever was in the slot before.
func TestFigCache(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 6))
	special := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 100, 1e21, -1e300, 5e-324,
		math.MaxFloat64, math.Inf(1), math.Inf(-1), math.NaN(), 1.0 / 3}
	vals := special
	for range 20000 {
		switch rnd.IntN(3) {
		case 0: // a figure, often seen before
			vals = append(vals, float64(rnd.IntN(500))/float64(1+rnd.IntN(60)))
		case 1:
			vals = append(vals, rnd.NormFloat64()*math.Pow10(rnd.IntN(40)-20))
		default:
			vals = append(vals, vals[rnd.IntN(len(vals))])
		}
	}
	fc := getFigCache()
	defer figCaches.Put(fc)
	var got, want []byte
	for _, v := range vals {
		got = fc.append(got[:0], v)
		want = appendFigure(want[:0], v)
		if string(got) != string(want) {
			t.Fatalf("%v (bits %x): got %q, want %q", v, math.Float64bits(v), got, want)
		}
	}
}

// Every hidden cell and count says why: its own reason, its row's, or
// the fallbacks.
func TestCellReasons(t *testing.T) {
	const (
		none, small, outcome = measures.ReasonNone, measures.ReasonSmall, measures.ReasonOutcome
		protective, table    = measures.ReasonProtective, measures.ReasonTable
	)
	shownRow := &measures.Row{}
	hiddenRow := &measures.Row{Suppressed: true}
	tableRow := &measures.Row{Suppressed: true, Reason: table}
	for _, tc := range []struct {
		name           string
		c              measures.Cell
		row            *measures.Row
		cell, adjusted measures.Reason
	}{
		{"shown", measures.Cell{Has: true}, shownRow, none, none},
		{"own reason", measures.Cell{Suppressed: true, Reason: outcome}, hiddenRow, outcome, outcome},
		{"none, row hidden", measures.Cell{Suppressed: true}, hiddenRow, small, small},
		{"none, row hidden for its table", measures.Cell{Suppressed: true}, tableRow, table, table},
		{"none, row shown", measures.Cell{Suppressed: true}, shownRow, protective, protective},
		{"none, no row", measures.Cell{Suppressed: true}, nil, protective, protective},
		{"count hidden alone", measures.Cell{Has: true, AdjustedSuppressed: true}, shownRow, none, small},
		{"count hidden, its reason", measures.Cell{Has: true, AdjustedSuppressed: true, AdjustedReason: protective}, shownRow, none, protective},
	} {
		if got := CellReason(&tc.c, tc.row); got != tc.cell {
			t.Errorf("%s: CellReason %v, want %v", tc.name, got, tc.cell)
		}
		if got := AdjustedReason(&tc.c, tc.row); got != tc.adjusted {
			t.Errorf("%s: AdjustedReason %v, want %v", tc.name, got, tc.adjusted)
		}
	}
	for _, tc := range []struct {
		row  measures.Row
		want measures.Reason
	}{
		{measures.Row{}, none},
		{measures.Row{Suppressed: true}, small},
		{measures.Row{Suppressed: true, Reason: protective}, protective},
	} {
		if got := RowReason(&tc.row); got != tc.want {
			t.Errorf("RowReason(%+v) = %v, want %v", tc.row, got, tc.want)
		}
	}
}

func TestReasonText(t *testing.T) {
	r := &measures.Results{MinCohort: 6, MinGroup: 3}
	for _, tc := range []struct {
		r    *measures.Results
		why  measures.Reason
		want string
	}{
		{r, measures.ReasonSmall, "fewer than 6 pupils"},
		{r, measures.ReasonOutcome, "fewer than 3 pupils in the group had this result, or fewer than 3 did not"},
		// Never the protected group's size: that is a hidden count.
		{r, measures.ReasonProtective, "hidden so that hidden figures cannot be worked out from the others"},
		{r, measures.ReasonTable, "the whole table is hidden: too few pupils, or its all-pupils row is hidden"},
		{r, measures.ReasonNone, ""},
		{nil, measures.ReasonSmall, "too few pupils"},
		{&measures.Results{MinCohort: 6}, measures.ReasonOutcome, "too few pupils in the group had this result, or too few did not"},
	} {
		if got := ReasonText(tc.r, tc.why); got != tc.want {
			t.Errorf("ReasonText(%v) = %q, want %q", tc.why, got, tc.want)
		}
	}
	for _, why := range Reasons {
		if ReasonAbout(r, why) == "" || ReasonText(r, why) == "" || why.Code() == "" {
			t.Errorf("reason %d has no code, words or notes", why)
		}
	}
}
