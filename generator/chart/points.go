package chart

import (
	"fmt"

	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/model"
)

// PriorBands are the prior attainment band limits of site.toml, as
// measures.Options holds them: below [0] low, [0] to below [1] middle, from
// [1] high. A zero value means measures.md's limits ({12, 18} for KS2 on
// KS1 APS, {100, 110} for KS4 on KS2 APS).
type PriorBands struct {
	KS2, KS4 [2]float64
}

// Prior is a pupil's prior attainment, the scatterplot's x.
func Prior(p *model.Pupil) model.Num { return measures.Prior(p) }

// Member reports whether the pupil is in the group, by measures' own rule
// for its table row; an unknown id matches nobody.
func Member(p *model.Pupil, g model.GroupID, b PriorBands) bool {
	grp := measures.GroupByID(g)
	if grp == nil {
		return false
	}
	return grp.Contains(p, measures.Options{KS2PriorBands: b.KS2, KS4PriorBands: b.KS4})
}

// PointOptions say how FromScores builds points.
type PointOptions struct {
	// Named copies each pupil's name into Point.Label: the named profile
	// only. Set ScatterSpec.Named to match.
	Named bool
	// Groups are the groups to record each pupil's membership of: the
	// spec's HighlightGroups. Each must be a group of measures.Groups.
	Groups []model.GroupID
	// Bands are the prior attainment band limits, for the pa_* groups.
	Bands PriorBands
}

// GroupOptions returns the highlight choices for ids, labelled as measures
// labels its table rows, in the order given.
func GroupOptions(ids ...model.GroupID) ([]GroupOption, error) {
	out := make([]GroupOption, len(ids))
	for i, id := range ids {
		g := measures.GroupByID(id)
		if g == nil {
			return nil, fmt.Errorf("chart: no group %q", id)
		}
		out[i] = GroupOption{ID: g.ID, Label: g.Label}
	}
	return out, nil
}

// FromScores turns a measure's pupil scores (from measures.ScorePupils over
// the same pupils, index for index) into scatterplot points: x is the
// pupil's prior attainment, y the score as Compute counts it (floor-adjusted
// for progress measures, with Adjusted set). Pupils outside the measure's
// cohort or without prior attainment are left out, since they cannot be
// placed. Without o.Named the points carry no name, and nothing else of the
// pupil's identity is ever copied.
func FromScores(pupils []model.Pupil, scores []measures.PupilScore, o PointOptions) ([]Point, error) {
	if len(pupils) != len(scores) {
		return nil, fmt.Errorf("chart: %d pupils but %d scores", len(pupils), len(scores))
	}
	for _, g := range o.Groups {
		if measures.GroupByID(g) == nil {
			return nil, fmt.Errorf("chart: no group %q", g)
		}
	}
	var pts []Point
	for i := range pupils {
		p, s := &pupils[i], scores[i]
		pa := Prior(p)
		if !s.InCohort || !pa.Valid {
			continue
		}
		pt := Point{X: pa.V, Y: s.Value, Adjusted: s.Adjusted}
		if o.Named {
			pt.Label = p.ID.Name()
		}
		for _, g := range o.Groups {
			if Member(p, g, o.Bands) {
				pt.Groups = append(pt.Groups, g)
			}
		}
		pts = append(pts, pt)
	}
	return pts, nil
}
