package site

import (
	"testing"

	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/model"
)

// The rules read the suppression the measures left, cell by cell: a cell
// they hide withholds the chart, whatever its cohort.
func TestScatterWithheldRules(t *testing.T) {
	p8, eng := measures.MeasureByID("ks4_p8"), measures.MeasureByID("ks4_p8_eng")
	cell := func(n int) measures.Cell { return measures.Cell{Cohort: n, Has: n > 0, Value: 0.1} }
	hidden := measures.Cell{Suppressed: true}
	row := func(g model.GroupID, cells ...measures.Cell) measures.Row {
		r := measures.Row{Group: measures.GroupByID(g), Cells: cells}
		for _, c := range cells {
			r.Cohort = max(r.Cohort, c.Cohort)
		}
		return r
	}
	// year is a year whose P8 table has an all-pupils row, the rows given,
	// and the headline all.
	year := func(all measures.Cell, rows ...measures.Row) *measures.YearResults {
		return &measures.YearResults{
			Headlines: []measures.Headline{{Measure: p8, Cell: all}},
			Tables: []measures.Table{{
				Measures:   []*measures.Measure{p8, eng},
				Unfiltered: append([]measures.Row{row("all", all, all)}, rows...),
			}},
		}
	}
	bands := func(low, high measures.Cell) []measures.Row {
		return []measures.Row{row("male", cell(3), cell(3)), row("pa_low", low, low), row("pa_middle", cell(20), cell(20)), row("pa_high", high, high)}
	}
	tests := []struct {
		name string
		y    *measures.YearResults
		k    int
		want string
	}{
		{"no suppression draws anything", year(hidden, bands(hidden, hidden)...), 0, ""},
		{"every band shown", year(cell(40), bands(cell(10), cell(10))...), 6, ""},
		{"a hidden group outside the bands", year(cell(40), append(bands(cell(10), cell(10)), row("ehcp", hidden, hidden))...), 6, ""},
		{"headline suppressed", year(hidden, bands(cell(10), cell(10))...), 6, withheldFew},
		{"headline cohort under the threshold", year(cell(5), bands(cell(2), cell(3))...), 6, withheldFew},
		{"a band row suppressed", year(cell(40), bands(cell(10), hidden)...), 6, withheldBand},
		{"a band's cell suppressed, its row not", year(cell(40),
			row("pa_low", cell(10), cell(10)), measures.Row{Group: measures.GroupByID("pa_high"), Cohort: 10, Cells: []measures.Cell{hidden, cell(10)}}), 6, withheldBand},
		{"a band row missing (no pupils)", year(cell(40), row("pa_middle", cell(40), cell(40))), 6, ""},
		{"no headline", &measures.YearResults{}, 6, withheldFew},
		{"no table with the measure", &measures.YearResults{Headlines: []measures.Headline{{Measure: p8, Cell: cell(40)}}}, 6, withheldFew},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := scatterWithheld(tt.y, "ks4_p8", tt.k); got != tt.want {
				t.Errorf("scatterWithheld = %q, want %q", got, tt.want)
			}
		})
	}
}

// The points' total less the headline's is the unplotted pupils' total: a
// group of 1 to k-1 of them must not be given away.
func TestUnplottedWithheld(t *testing.T) {
	tests := []struct {
		cohort, plotted, k int
		want               string
	}{
		{40, 40, 6, ""},
		{40, 39, 6, withheldNoPrior},
		{40, 35, 6, withheldNoPrior},
		{40, 34, 6, ""},
		{40, 41, 6, withheldNoPrior}, // more points than the cohort: something is off, show nothing
		{40, 39, 0, ""},
	}
	for _, tt := range tests {
		if got := unplottedWithheld(tt.cohort, tt.plotted, tt.k); got != tt.want {
			t.Errorf("unplottedWithheld(%d, %d, %d) = %q, want %q", tt.cohort, tt.plotted, tt.k, got, tt.want)
		}
	}
}
