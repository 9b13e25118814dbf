package site

import (
	"testing"

	"github.com/reportpack/reportpack/generator/measures"
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
		v := headlineView(&measures.Headline{Measure: tc.m, Cell: tc.c})
		if v.Adjusted != tc.want {
			t.Errorf("%s: Adjusted %q, want %q", tc.name, v.Adjusted, tc.want)
		}
	}
}
