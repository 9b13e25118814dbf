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

func (b PriorBands) limits(ks model.KeyStage) [2]float64 {
	if ks == model.KS2 {
		if b.KS2 == [2]float64{} {
			return [2]float64{12, 18}
		}
		return b.KS2
	}
	if b.KS4 == [2]float64{} {
		return [2]float64{100, 110}
	}
	return b.KS4
}

// Prior is the pupil's prior attainment, the scatterplot's x: KS1 APS for a
// KS2 pupil, KS2 APS for a KS4 pupil.
func Prior(p *model.Pupil) model.Num {
	if p.KeyStage == model.KS2 {
		return p.KS2.KS1APS
	}
	return p.KS4.KS2APS
}

// Member reports whether the pupil is in the group, by the rules measures
// uses for its table rows (measures exports no membership test; a test here
// checks the two agree on every group). A pupil whose characteristic is not
// recorded is in no group of that dimension; an unknown id matches nobody.
func Member(p *model.Pupil, g model.GroupID, b PriorBands) bool {
	c := &p.Chars
	switch g {
	case "all":
		return true
	case "male":
		return c.Gender == model.Male
	case "female":
		return c.Gender == model.Female
	case "disadvantaged":
		return disadvantaged(c) == model.FlagYes
	case "other":
		return disadvantaged(c) == model.FlagNo
	case "fsm":
		return c.FSM.Yes() // eligible now; Ever 6 feeds disadvantaged
	case "cla":
		return c.CLA.Yes()
	case "no_sen":
		return c.SEN == model.SENNone
	case "sen_support":
		return c.SEN == model.SENSupport
	case "ehcp":
		return c.SEN == model.SENEHCP
	case "eng_first":
		return c.Language == model.LanguageEnglish
	case "eal":
		return c.Language == model.LanguageOther
	case "pa_low", "pa_middle", "pa_high":
		pa := Prior(p)
		if !pa.Valid {
			return false
		}
		lim := b.limits(p.KeyStage)
		switch {
		case pa.V < lim[0]:
			return g == "pa_low"
		case pa.V < lim[1]:
			return g == "pa_middle"
		}
		return g == "pa_high"
	case "non_mobile":
		return c.NonMobile == model.FlagYes
	case "mobile":
		return c.NonMobile == model.FlagNo
	case "eth_white":
		return c.Ethnicity == model.EthnicityWhite
	case "eth_mixed":
		return c.Ethnicity == model.EthnicityMixed
	case "eth_asian":
		return c.Ethnicity == model.EthnicityAsian
	case "eth_black":
		return c.Ethnicity == model.EthnicityBlack
	case "eth_chinese":
		return c.Ethnicity == model.EthnicityChinese
	case "eth_other":
		return c.Ethnicity == model.EthnicityOther
	case "eth_unclassified":
		return c.Ethnicity == model.EthnicityUnclassified
	}
	return false
}

// disadvantaged reads the Disadvantaged flag, or derives it from FSM6, CLA
// and PostLAC when the loader left it unrecorded, as measures does.
func disadvantaged(c *model.Characteristics) model.Flag {
	if c.Disadvantaged.Known() {
		return c.Disadvantaged
	}
	if c.FSM6.Yes() || c.CLA.Yes() || c.PostLAC.Yes() {
		return model.FlagYes
	}
	if c.FSM6.Known() && c.CLA.Known() && c.PostLAC.Known() {
		return model.FlagNo
	}
	return model.FlagUnknown
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
