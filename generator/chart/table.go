package chart

import "strconv"

// TableRow is one point of a scatterplot as a row of a plain data table,
// the chart's equivalent for screen readers and for print without canvas.
type TableRow struct {
	// X and Y are the values as plotted (rounded to the spec's decimals);
	// XText and YText are them formatted with those decimals ("104.5",
	// "-0.37"), as the tooltip shows them.
	X, Y         float64
	XText, YText string
	// Adjusted is true when the score was raised to the floor.
	Adjusted bool
	// Groups are the labels of the spec's highlight groups the pupil is
	// in, in the spec's order.
	Groups []string
	// Name is the pupil's name: set only in the named profile.
	Name string
}

// AccessibleTable returns the spec's points as table rows, validated as by
// ScatterJSON and in the same order (by x, then y): the table and the chart
// show the same pupils with the same figures.
func AccessibleTable(spec ScatterSpec) ([]TableRow, error) {
	pts, err := prepare(spec)
	if err != nil {
		return nil, err
	}
	rows := make([]TableRow, len(pts))
	for i, p := range pts {
		r := TableRow{
			X: p.x, Y: p.y,
			XText:    format(p.x, spec.XDecimals),
			YText:    format(p.y, spec.YDecimals),
			Adjusted: p.adjusted,
			Name:     p.label,
		}
		for b, g := range spec.HighlightGroups {
			if p.mask&(1<<b) != 0 {
				r.Groups = append(r.Groups, neutralise(g.Label))
			}
		}
		rows[i] = r
	}
	return rows, nil
}

// format prints v with d places (as given when d < 0), like scatter.js's
// toFixed, never as "-0.00".
func format(v float64, d int) string {
	s := strconv.FormatFloat(v, 'f', d, 64)
	if v < 0 && strconv.FormatFloat(-v, 'f', d, 64) == strconv.FormatFloat(0, 'f', d, 64) {
		return s[1:]
	}
	return s
}
