package site

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/reportpack/reportpack/generator/chart"
	"github.com/reportpack/reportpack/generator/config"
	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/render"
)

// scatterMeasures are the measures a key stage's scatterplot can show, the
// first being the default (as ASP: Progress 8, or reading progress).
var scatterMeasures = map[model.KeyStage][]model.MeasureID{
	model.KS4: {"ks4_p8", "ks4_p8_eng", "ks4_p8_mat", "ks4_p8_ebacc", "ks4_p8_open"},
	model.KS2: {"ks2_read_prog", "ks2_writ_prog", "ks2_mat_prog"},
}

// Highlight groups. An anonymised scatterplot shows exact scores without
// names, so it offers only broad groups: a pupil alone in a rare group (a
// child looked after, a small ethnic group) could otherwise be picked out.
// A profile that suppresses small groups offers none at all (see
// scatterGroups).
var (
	namedHighlights = []model.GroupID{"disadvantaged", "male", "female", "fsm", "cla", "no_sen", "sen_support", "ehcp",
		"eng_first", "eal", "pa_low", "pa_middle", "pa_high", "non_mobile", "mobile",
		"eth_white", "eth_mixed", "eth_asian", "eth_black", "eth_chinese", "eth_other", "eth_unclassified"}
	anonymisedHighlights = []model.GroupID{"disadvantaged", "male", "female", "sen_support", "ehcp", "eal", "pa_low", "pa_middle", "pa_high"}
)

// Why a scatterplot is withheld, in words for the page: "Pupil scatterplot
// not shown: <reason>."
const (
	withheldFew = "too few pupils to show without identifying them"
	// withheldShareable: a point is one pupil's result, and the disclosure
	// audit covers published figures, not points.
	withheldShareable = "each point is the result of one pupil, and packs that can be shared show no result of a single pupil"
	withheldBand      = "too few pupils in a prior attainment band to show without identifying them"
	withheldNoPrior   = "a few pupils have no prior attainment score, and the chart would give away their results"
)

// suppressionThreshold is the smallest group a profile's pages may show
// (0: no suppression): the profile's own, or the one the results were
// computed with, whichever is stricter.
func suppressionThreshold(res *measures.Results, prof *config.Profile) int {
	return max(prof.MinCohort, res.MinCohort)
}

// scatterGroups are the groups a scatterplot may highlight. Where small
// groups are suppressed there are none: with exact scores, the points of a
// highlighted group give its count and mean, and any cross of groups,
// which the tables show as x.
func scatterGroups(prof *config.Profile, k int) []model.GroupID {
	switch {
	case k > 0:
		return nil
	case prof.Named():
		return namedHighlights
	}
	return anonymisedHighlights
}

// scatterWithheld says why a measure's scatterplot must not be drawn where
// groups under k pupils are suppressed, or "" when it may be: in a pack
// that can be shared (k > 0) it never is, since each point is one pupil's
// result and the disclosure audit covers published figures, not points
// (with the published band means, a point marked as floored gave away that
// pupil's raw score).
func scatterWithheld(_ *measures.YearResults, _ model.MeasureID, k int) string {
	if k > 0 {
		return withheldShareable
	}
	return ""
}

// unplottedWithheld says why a scatterplot of plotted points must not be
// drawn when the measure's cohort is cohort, or "" when it may be: the
// headline's total less the points' total is the unplotted pupils' total,
// a figure for a group of cohort-plotted pupils.
func unplottedWithheld(cohort, plotted, k int) string {
	if k <= 0 {
		return ""
	}
	if n := cohort - plotted; n < 0 || n > 0 && n < k {
		return withheldNoPrior
	}
	return ""
}

// scatterView builds a key stage's scatterplot for its latest year: every
// scatter measure, or only the one given. Names reach the chart only when
// the profile is named. Where the profile suppresses small groups and any
// of the key stage's measures would give away a suppressed figure, it
// draws none of them (P8 and its elements are near enough a weighted sum
// of each other, pupil by pupil, that one can stand in for another) and
// returns nil and why, for the page to say.
func (p *Project) scatterView(s School, res *measures.Results, ks model.KeyStage, prof *config.Profile, only model.MeasureID) (*render.ScatterView, string, error) {
	kr := res.KeyStage(ks)
	if kr == nil || kr.Latest() == nil {
		return nil, withheldFew, nil
	}
	latest := kr.Latest()
	k := suppressionThreshold(res, prof)
	for _, mid := range scatterMeasures[ks] {
		if why := scatterWithheld(latest, mid, k); why != "" {
			return nil, why, nil
		}
	}
	groupIDs := scatterGroups(prof, k)
	options, err := chart.GroupOptions(groupIDs...)
	if err != nil {
		return nil, "", err
	}
	xName := "KS2 prior attainment (average scaled score)"
	if ks == model.KS2 {
		xName = "KS1 prior attainment (average point score)"
	}
	id := "scatter_" + string(ks)
	v := &render.ScatterView{ID: id, Year: latest.Year.String(), XName: xName, Highlight: len(groupIDs) > 0}
	var pupils []model.Pupil
	for _, pu := range s.Pupils {
		if pu.KeyStage == ks && pu.Year == latest.Year {
			pupils = append(pupils, pu)
		}
	}
	bands := chart.PriorBands{}
	copy(bands.KS2[:], p.Config.Measures.KS2PriorBands)
	copy(bands.KS4[:], p.Config.Measures.KS4PriorBands)
	for _, mid := range scatterMeasures[ks] {
		// Measures not drawn are still scored where small groups are
		// suppressed: their unplotted pupils decide for the whole chart.
		if only != "" && mid != only && k <= 0 {
			continue
		}
		m := measures.MeasureByID(mid)
		scores := measures.ScorePupils(m, pupils, p.Data.Params, p.Data.Estimates)
		points, err := chart.FromScores(pupils, scores, chart.PointOptions{Named: prof.Named(), Groups: groupIDs, Bands: bands})
		if err != nil {
			return nil, "", err
		}
		if k > 0 {
			if why := unplottedWithheld(latest.Headline(mid).Cell.Cohort, len(points), k); why != "" {
				return nil, why, nil
			}
		}
		if only != "" && mid != only {
			continue
		}
		spec := chart.ScatterSpec{
			ID: id, Measure: mid, Title: m.Label, XName: xName, YName: m.Label + " (pupil score)",
			XDecimals: 1, YDecimals: m.Decimals, Points: points, HighlightGroups: options, Named: prof.Named(),
		}
		js, err := chart.ScatterJSON(spec)
		if err != nil {
			return nil, "", fmt.Errorf("%s scatterplot: %w", mid, err)
		}
		rows, err := chart.AccessibleTable(spec)
		if err != nil {
			return nil, "", err
		}
		sm := render.ScatterMeasure{ID: string(mid), Label: m.Label, JSON: template.JS(js), Named: prof.Named()}
		for _, r := range rows {
			sm.Rows = append(sm.Rows, render.ScatterRow{Name: r.Name, X: r.XText, Y: r.YText, Adjusted: r.Adjusted, Groups: strings.Join(r.Groups, ", ")})
		}
		v.Measures = append(v.Measures, sm)
	}
	return v, "", nil
}
