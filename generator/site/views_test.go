package site

import (
	"slices"
	"testing"

	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/sample"
)

// A tile shows the count of pupils raised to the floor, "x" when that
// count is suppressed, and nothing for a suppressed cell or a measure
// without floors.
func TestHeadlineViewAdjusted(t *testing.T) {
	p8, a8 := measures.MeasureByID("ks4_p8"), measures.MeasureByID("ks4_a8")
	for _, tc := range []struct {
		name string
		m    *measures.Measure
		c    measures.Cell
		want string
	}{
		{"shown", p8, measures.Cell{Has: true, Cohort: 40, AdjustedPupils: 7}, "7"},
		{"none adjusted", p8, measures.Cell{Has: true, Cohort: 40}, "0"},
		{"count suppressed", p8, measures.Cell{Has: true, Cohort: 40, AdjustedSuppressed: true}, "x"},
		{"cell suppressed", p8, measures.Cell{Suppressed: true}, ""},
		{"not progress", a8, measures.Cell{Has: true, Cohort: 40}, ""},
	} {
		v := headlineViewOf(nil, nil, &measures.Headline{Measure: tc.m, Cell: tc.c})
		if v.Adjusted != tc.want {
			t.Errorf("%s: Adjusted %q, want %q", tc.name, v.Adjusted, tc.want)
		}
	}
}

// A hidden tile figure, its count and its trend points say why, in words
// naming the threshold when the results are known; shown ones say nothing.
func TestHeadlineViewWhy(t *testing.T) {
	p8 := measures.MeasureByID("ks4_p8")
	res := &measures.Results{MinCohort: 6, MinGroup: 3}
	hidden := measures.Cell{Suppressed: true}
	trend := []measures.TrendPoint{{Year: 2024, Cell: hidden}, {Year: 2025, Cell: measures.Cell{Has: true, Cohort: 40}}}
	for _, tc := range []struct {
		name          string
		res           *measures.Results
		c             measures.Cell
		why, adjusted string
		trendWhy      []string
	}{
		// No reason given and no tables to find the row in: protective.
		{"shown", res, measures.Cell{Has: true, Cohort: 40}, "", "", []string{measures.ReasonProtective.Text(6, 0), ""}},
		{"small", res, measures.Cell{Suppressed: true, Reason: measures.ReasonSmall}, "fewer than 6 pupils", "", nil},
		{"outcome", res, measures.Cell{Suppressed: true, Reason: measures.ReasonOutcome}, measures.ReasonOutcome.Text(3, 0), "", nil},
		{"thresholds unknown", nil, measures.Cell{Suppressed: true, Reason: measures.ReasonSmall}, "too few pupils", "", nil},
		{"no reason given, row unknown", res, hidden, measures.ReasonProtective.Text(6, 0), "", nil},
		{"count hidden", res, measures.Cell{Has: true, Cohort: 40, AdjustedSuppressed: true, AdjustedReason: measures.ReasonSmall}, "", "fewer than 6 pupils", nil},
	} {
		h := &measures.Headline{Measure: p8, Year: 2025, Cell: tc.c}
		if tc.trendWhy != nil {
			h.Trend = trend
		}
		v := headlineViewOf(tc.res, nil, h)
		if v.Why != tc.why || v.AdjustedWhy != tc.adjusted {
			t.Errorf("%s: Why %q, AdjustedWhy %q; want %q, %q", tc.name, v.Why, v.AdjustedWhy, tc.why, tc.adjusted)
		}
		var got []string
		for _, p := range v.Trend {
			got = append(got, p.Why)
		}
		if tc.trendWhy != nil && !slices.Equal(got, tc.trendWhy) {
			t.Errorf("%s: trend's Why %q, want %q", tc.name, got, tc.trendWhy)
		}
	}
}

// A key stage page's tiles say why in the school's words: a headline
// hidden with its all-pupils row (a school of 3: key stage rows only, each
// with its attendance and suspensions) is too small.
func TestKeyStageViewWhy(t *testing.T) {
	d := sample.Generate(sample.Options{Schools: 1, Pupils: 3, Years: 1, Seed: 4, KeyStagesOnly: true})
	res := measures.Compute(d.Pupils, d.National, d.Params, d.Estimates, measures.Options{MinCohort: 6, FilterYears: 1})
	n := 0
	for _, ks := range res.KeyStages {
		kv := keyStageView(&res, ks.KeyStage)
		for _, h := range kv.Headlines {
			n++
			if !h.Suppressed || h.Why != "fewer than 6 pupils" {
				t.Errorf("%s: suppressed %v, why %q; want the small school's reason", h.ID, h.Suppressed, h.Why)
			}
		}
	}
	if n == 0 {
		t.Fatal("no headlines")
	}
}

// A confidence bound that is not zero never reads as zero: it gets the
// decimals it needs (up to three more), so an interval wholly above
// national does not print as touching it.
func TestFormatCIShowsNonZeroBounds(t *testing.T) {
	m := measures.MeasureByID("ks4_p8")
	for _, tc := range []struct {
		lo, hi float64
		want   string
	}{
		{0.004, 0.52, "0.004 to 0.52"},
		{0.0004, 0.52, "0.0004 to 0.52"},
		{-0.003, 0.4, "-0.003 to 0.40"},
		{0, 0.4, "0.00 to 0.40"},
		{0.00001, 0.4, "0.00001 to 0.40"},
		{0.000001, 0.4, "0.00000 to 0.40"}, // three more decimals at most
		{0.12, 0.52, "0.12 to 0.52"},
	} {
		c := measures.Cell{Has: true, CI: measures.Interval{Lower: tc.lo, Upper: tc.hi, Valid: true}}
		if got := formatCI(m, c); got != tc.want {
			t.Errorf("CI %v to %v: %q, want %q", tc.lo, tc.hi, got, tc.want)
		}
	}
}
