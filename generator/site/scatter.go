package site

import (
	"fmt"
	"html/template"

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
var (
	namedHighlights = []model.GroupID{"disadvantaged", "male", "female", "fsm", "cla", "no_sen", "sen_support", "ehcp",
		"eng_first", "eal", "pa_low", "pa_middle", "pa_high", "non_mobile", "mobile",
		"eth_white", "eth_mixed", "eth_asian", "eth_black", "eth_chinese", "eth_other", "eth_unclassified"}
	anonymisedHighlights = []model.GroupID{"disadvantaged", "male", "female", "sen_support", "ehcp", "eal", "pa_low", "pa_middle", "pa_high"}
)

// scatterView builds a key stage's scatterplot page for the year. Names
// reach the chart only when the profile is named.
func (p *Project) scatterView(s School, ks model.KeyStage, year model.Year, prof *config.Profile) (*render.ScatterView, error) {
	var pupils []model.Pupil
	for _, pu := range s.Pupils {
		if pu.KeyStage == ks && pu.Year == year {
			pupils = append(pupils, pu)
		}
	}
	groupIDs := anonymisedHighlights
	if prof.Named() {
		groupIDs = namedHighlights
	}
	options, err := chart.GroupOptions(groupIDs...)
	if err != nil {
		return nil, err
	}
	bands := chart.PriorBands{}
	copy(bands.KS2[:], p.Config.Measures.KS2PriorBands)
	copy(bands.KS4[:], p.Config.Measures.KS4PriorBands)
	xName := "KS2 prior attainment (average scaled score)"
	if ks == model.KS2 {
		xName = "KS1 prior attainment (average point score)"
	}
	id := fmt.Sprintf("scatter_ks%d", ks)
	v := &render.ScatterView{ID: id, Year: year.String(), XName: xName}
	for _, mid := range scatterMeasures[ks] {
		m := measures.MeasureByID(mid)
		scores := measures.ScorePupils(m, pupils, p.Data.Params, p.Data.Estimates)
		points, err := chart.FromScores(pupils, scores, chart.PointOptions{Named: prof.Named(), Groups: groupIDs, Bands: bands})
		if err != nil {
			return nil, err
		}
		spec := chart.ScatterSpec{
			ID: id, Measure: mid, Title: m.Label, XName: xName, YName: m.Label + " (pupil score)",
			XDecimals: 1, YDecimals: m.Decimals, Points: points, HighlightGroups: options, Named: prof.Named(),
		}
		js, err := chart.ScatterJSON(spec)
		if err != nil {
			return nil, fmt.Errorf("%s scatterplot: %w", mid, err)
		}
		rows, err := chart.AccessibleTable(spec)
		if err != nil {
			return nil, err
		}
		sm := render.ScatterMeasure{ID: string(mid), Label: m.Label, JSON: template.JS(js), Named: prof.Named()}
		for _, r := range rows {
			sm.Rows = append(sm.Rows, render.ScatterRow{Name: r.Name, X: r.XText, Y: r.YText, Adjusted: r.Adjusted, Groups: groupLabels(r.Groups)})
		}
		v.Measures = append(v.Measures, sm)
	}
	return v, nil
}

func groupLabels(ids []string) string {
	s := ""
	for i, id := range ids {
		if g := measures.GroupByID(model.GroupID(id)); g != nil {
			if i > 0 {
				s += ", "
			}
			s += g.Label
		}
	}
	return s
}
