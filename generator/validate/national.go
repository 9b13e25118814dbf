package validate

import (
	"cmp"
	"fmt"
	"maps"
	"slices"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/model"
)

// band is a range of prior attainment [from, to) with where it was written.
type band struct {
	from, to float64
	at       diag.Diagnostic
}

// overlaps reports, for each band that starts inside an earlier one, the
// band it overlaps. Bands run from inclusive to exclusive, so [0,95) and
// [95,121) touch but do not overlap.
func overlaps(bands []band) (later, earlier []band) {
	bands = slices.Clone(bands)
	slices.SortStableFunc(bands, func(a, b band) int { return cmp.Compare(a.from, b.from) })
	reach := -1 // index of the band reaching furthest so far
	for i, b := range bands {
		if reach >= 0 && b.from < bands[reach].to {
			later, earlier = append(later, b), append(earlier, bands[reach])
		}
		if reach < 0 || b.to > bands[reach].to {
			reach = i
		}
	}
	return later, earlier
}

// Estimates checks estimates.csv: each band's prior_from is below its
// prior_to, and no two bands for one measure and year overlap (a pupil
// would have two estimates).
func Estimates(ef load.EstimateFile) diag.List {
	var l diag.List
	at := func(i int, col string, v float64) diag.Diagnostic {
		d := diag.Diagnostic{File: ef.File, Sheet: ef.Sheet, Row: ef.Rows[i], Header: col, Value: num(v)}
		if pl, ok := ef.Layout[load.Column(col)]; ok {
			d.Column, d.Header = pl.Letter, pl.Header
		}
		return d
	}
	type key struct {
		m model.MeasureID
		y model.Year
	}
	groups := map[key][]band{}
	for i, e := range ef.Estimates {
		if e.PriorFrom >= e.PriorTo {
			d := at(i, "prior_to", e.PriorTo)
			d.Message = fmt.Sprintf("prior_to is not above prior_from (%s)", num(e.PriorFrom))
			d.Hint = "a band runs from prior_from (included) up to prior_to (not included)"
			l.Add(d)
			continue
		}
		k := key{e.Measure, e.Year}
		groups[k] = append(groups[k], band{e.PriorFrom, e.PriorTo, at(i, "prior_from", e.PriorFrom)})
	}
	for _, k := range slices.SortedFunc(maps.Keys(groups), func(a, b key) int {
		return cmp.Or(cmp.Compare(a.m, b.m), cmp.Compare(a.y, b.y))
	}) {
		later, earlier := overlaps(groups[k])
		for i, b := range later {
			d := b.at
			d.Message = fmt.Sprintf("this band overlaps the one on row %d (%s to %s) for %s in %s",
				earlier[i].at.Row, num(earlier[i].from), num(earlier[i].to), k.m, k.y)
			d.Hint = "bands run from prior_from (included) up to prior_to (not included): make each start where the last ends"
			l.Add(d)
		}
	}
	return l
}

// paramRule checks one measure's parameters for one year.
type paramRule func(at diag.Diagnostic, p model.MeasureParams, l *diag.List)

var paramRules = []paramRule{sdPositive, bandLimits, quintileOrder, percentileOrder, floorBands}

// Params checks national.toml: a positive sd, well_below under well_above,
// quintile and percentile cut points in order, and floors whose bands are
// well formed and do not overlap.
func Params(pf load.ParamFile) diag.List {
	var l diag.List
	for _, m := range slices.Sorted(maps.Keys(pf.Params.Measures)) {
		years := pf.Params.Measures[m]
		for _, y := range slices.Sorted(maps.Keys(years)) {
			at := diag.Diagnostic{File: pf.File, Line: pf.Lines[load.ParamTable{Measure: m, Year: y}],
				Header: fmt.Sprintf("[%s.%d]", m, y)}
			for _, rule := range paramRules {
				rule(at, years[y], &l)
			}
		}
	}
	return l
}

func sdPositive(at diag.Diagnostic, p model.MeasureParams, l *diag.List) {
	if p.SD != nil && !(*p.SD > 0) {
		at.Value = num(*p.SD)
		at.Message = "sd must be above 0"
		at.Hint = "the national standard deviation of pupil scores, e.g. 1.41 for Progress 8"
		l.Add(at)
	}
}

func bandLimits(at diag.Diagnostic, p model.MeasureParams, l *diag.List) {
	if p.WellAbove != nil && p.WellBelow != nil && *p.WellBelow >= *p.WellAbove {
		at.Value = fmt.Sprintf("well_below = %s, well_above = %s", num(*p.WellBelow), num(*p.WellAbove))
		at.Message = "well_below must be below well_above"
		at.Hint = "for Progress 8 they are -0.5 and 0.5"
		l.Add(at)
	}
}

// descending reports the first place a list of cut points rises.
func descending(v []float64) (int, bool) {
	for i := 1; i < len(v); i++ {
		if v[i] > v[i-1] {
			return i, false
		}
	}
	return 0, true
}

func quintileOrder(at diag.Diagnostic, p model.MeasureParams, l *diag.List) {
	if p.Quintiles == nil {
		return
	}
	if len(p.Quintiles) != 4 {
		at.Value = fmt.Sprint(p.Quintiles)
		at.Message = fmt.Sprintf("quintiles needs 4 cut points, not %d", len(p.Quintiles))
		at.Hint = "the lowest score of Q1, Q2, Q3 and Q4, highest first"
		l.Add(at)
	} else if _, ok := descending(p.Quintiles); !ok {
		at.Value = fmt.Sprint(p.Quintiles)
		at.Message = "quintile cut points must run from highest to lowest"
		at.Hint = "the lowest score of Q1, Q2, Q3 and Q4, in that order"
		l.Add(at)
	}
}

func percentileOrder(at diag.Diagnostic, p model.MeasureParams, l *diag.List) {
	if p.Percentiles == nil {
		return
	}
	if len(p.Percentiles) != 99 {
		at.Message = fmt.Sprintf("percentiles needs 99 cut points, not %d", len(p.Percentiles))
		at.Hint = "the lowest score of percentile 1 (the highest) to 99"
		l.Add(at)
	} else if i, ok := descending(p.Percentiles); !ok {
		at.Value = num(p.Percentiles[i])
		at.Message = fmt.Sprintf("percentile cut points must run from highest to lowest; cut point %d rises", i+1)
		at.Hint = "the lowest score of percentile 1 (the highest) to 99"
		l.Add(at)
	}
}

func floorBands(at diag.Diagnostic, p model.MeasureParams, l *diag.List) {
	var bands []band
	for _, f := range p.Floors {
		d := at
		d.Value = fmt.Sprintf("prior_from = %s, prior_to = %s", num(f.PriorFrom), num(f.PriorTo))
		if f.PriorFrom >= f.PriorTo {
			d.Message = "a floor's prior_to must be above its prior_from"
			d.Hint = "a floor applies from prior_from (included) up to prior_to (not included)"
			l.Add(d)
			continue
		}
		bands = append(bands, band{f.PriorFrom, f.PriorTo, d})
	}
	later, earlier := overlaps(bands)
	for i, b := range later {
		d := b.at
		d.Message = fmt.Sprintf("this floor overlaps the floor from %s to %s", num(earlier[i].from), num(earlier[i].to))
		d.Hint = "floors run from prior_from (included) up to prior_to (not included): make each start where the last ends"
		l.Add(d)
	}
}
