package site

import (
	"testing"

	"github.com/reportpack/reportpack/generator/measures"
)

// A shareable pack never draws a scatterplot: each point is one pupil's
// result. The named profile (k = 0) always may.
func TestScatterWithheldRules(t *testing.T) {
	p8 := measures.MeasureByID("ks4_p8")
	y := &measures.YearResults{Headlines: []measures.Headline{{Measure: p8, Cell: measures.Cell{Cohort: 40, Has: true}}}}
	for _, tt := range []struct {
		k    int
		want string
	}{{0, ""}, {3, withheldShareable}, {6, withheldShareable}, {10, withheldShareable}} {
		if got := scatterWithheld(y, "ks4_p8", tt.k); got != tt.want {
			t.Errorf("k %d: scatterWithheld = %q, want %q", tt.k, got, tt.want)
		}
	}
}
