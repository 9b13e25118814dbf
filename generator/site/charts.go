package site

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"

	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/chart"
	"github.com/reportpack/reportpack/generator/config"
	"github.com/reportpack/reportpack/generator/export"
	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/render"
)

// withheldHistogram is why a shareable pack draws no histogram: a count of
// pupils by mark is a figure the disclosure audit does not cover, and a
// mark held by one or two pupils would single them out.
func withheldHistogram(ch *assess.Chart) string {
	by := "mark"
	if ch.XLabel != "" {
		by = strings.ToLower(ch.XLabel)
	}
	return "withheld in this pack: counts of pupils by " + by + " could identify individuals"
}

// chartWords are the words charts.go prints around the figures, for the
// leak check's vocabulary (see Project.vocabulary).
var chartWords = []string{
	"This school", "National", "Goal", "Pupils", "Value", "Threshold", "(threshold)",
	"Bars across show the school's figure for against the national figure, grouped by area; the table below gives the same figures.",
	"Columns show how many of the pupils with a mark score value in had each mark score value from to; the dashed line marks the threshold mark",
	"The table below gives the same counts.", "no pupil has a mark score value in",
	"Not drawn, as the figures are withheld in this pack", "the figures as a table",
}

// chartViews draws a declared assessment's charts for the latest year:
// bars from the audited headlines (a hidden figure is not drawn), and
// histograms from the pupils, in profiles that hide nothing only.
func (p *Project) chartViews(s School, res *measures.Results, a *assess.Assessment, yr *measures.YearResults, prof *config.Profile) ([]render.ChartView, error) {
	var out []render.ChartView
	for i := range a.Charts {
		ch := &a.Charts[i]
		var (
			v   render.ChartView
			err error
		)
		switch ch.Kind {
		case assess.Bars:
			v, err = barsView(res, ch, yr)
		case assess.Histogram:
			if prof.MinCohort > 0 || res.MinCohort > 0 {
				v = render.ChartView{ID: chartID(ch), Title: ch.Title, Kind: "histogram", Withheld: withheldHistogram(ch)}
			} else {
				v, err = p.histogramView(s, a, ch, yr)
			}
		default:
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// chartID is a chart's element id: a JS identifier.
func chartID(ch *assess.Chart) string { return "chart_" + ch.ID }

func barsView(res *measures.Results, ch *assess.Chart, yr *measures.YearResults) (render.ChartView, error) {
	v := render.ChartView{ID: chartID(ch), Title: ch.Title, Kind: "bars"}
	spec := chart.BarsSpec{ID: v.ID, Title: ch.Title, SchoolName: "This school", NationalName: "National"}
	unit := ""
	t := &render.ChartTable{Caption: ch.Title + ", " + yr.Year.String()}
	var group *render.ChartRowGroup
	percent := true
	for i, id := range ch.Measures {
		h := yr.Headline(id)
		if h == nil {
			continue
		}
		m, c := h.Measure, h.Cell
		if m.Kind != measures.KindPercent {
			percent = false
		}
		// A bar is labelled as its column in the tables ("03
		// Self-regulation"): the chart's title says what is measured.
		label := m.Label
		if col := strings.TrimSpace(strings.TrimSuffix(m.Column, "%")); col != "" {
			label = col
		}
		areaLabel := ""
		for _, g := range ch.Groups {
			if g.From <= i {
				areaLabel = g.Label
			}
		}
		if group == nil || group.Label != areaLabel {
			t.Groups = append(t.Groups, render.ChartRowGroup{Label: areaLabel})
			group = &t.Groups[len(t.Groups)-1]
		}
		b := chart.Bar{Label: label, Group: areaLabel}
		if c.Has && !c.Suppressed {
			b.Value, b.HasValue = m.Round(c.Value), true
		}
		if c.National.Valid {
			b.National, b.HasNational = m.Round(c.National.V), true
		}
		if c.Suppressed {
			v.Hidden = append(v.Hidden, label+" ("+export.ReasonText(res, export.HeadlineReason(yr, id, &c))+")")
		}
		spec.Bars = append(spec.Bars, b)
		cell := func(s string) string {
			if m.Kind == measures.KindPercent && s != "x" && s != dash {
				return s + "%"
			}
			return s
		}
		school := render.ChartCell{Value: cell(formatCell(m, c))}
		if c.Suppressed {
			school.Why = export.ReasonText(res, export.HeadlineReason(yr, id, &c))
		}
		group.Rows = append(group.Rows, render.ChartRow{Header: label,
			Cells: []render.ChartCell{school, {Value: cell(formatNum(m, c.National))}}})
	}
	if percent {
		unit, spec.Max = "%", 100
	}
	spec.Unit = unit
	t.Headers = []string{"Goal", "This school" + pctSuffix(percent), "National" + pctSuffix(percent)}
	js, err := chart.BarsJSON(spec)
	if err != nil {
		return v, err
	}
	v.JSON, v.Table = template.JS(js), t
	v.Caption = fmt.Sprintf("Bars across show the school's figure for %s against the national figure, grouped by area; the table below gives the same figures.", yr.Year)
	return v, nil
}

func pctSuffix(percent bool) string {
	if percent {
		return " %"
	}
	return ""
}

// histogramView counts the year group's pupils by each whole value of the
// chart's column. Only profiles that hide nothing call it.
func (p *Project) histogramView(s School, a *assess.Assessment, ch *assess.Chart, yr *measures.YearResults) (render.ChartView, error) {
	v := render.ChartView{ID: chartID(ch), Title: ch.Title, Kind: "histogram"}
	counts := make([]int, ch.Max-ch.Min+1)
	total := 0
	for i := range s.Pupils {
		pu := &s.Pupils[i]
		if pu.Year != yr.Year || pu.NCYear != ch.NCYear {
			continue
		}
		row := assess.NewRow(a, pu, p.Data.Params)
		if row.V == nil {
			continue
		}
		c := row.Get(ch.Column)
		if !c.IsNum || c.Num != math.Trunc(c.Num) || c.Num < float64(ch.Min) || c.Num > float64(ch.Max) {
			continue
		}
		counts[int(c.Num)-ch.Min]++
		total++
	}
	xl := ch.XLabel
	if xl == "" {
		xl = "Value"
	}
	spec := chart.HistogramSpec{ID: v.ID, Title: ch.Title + ", " + yr.Year.String(), XName: xl, Min: ch.Min, Max: ch.Max, Counts: counts}
	caption := fmt.Sprintf("Columns show how many of the %d %s pupils with a %s in %s had each %s from %d to %d",
		total, ch.NCYear.String(), strings.ToLower(xl), yr.Year, strings.ToLower(xl), ch.Min, ch.Max)
	if ch.Marker != "" {
		th := ch.MarkerDef
		if t := p.Data.Params.Params(ch.Marker, yr.Year).Threshold; t != nil {
			th = *t
		}
		if th == math.Trunc(th) {
			spec.Marker, spec.HasMarker = int(th), true
			spec.MarkerLabel = "Threshold " + strconv.Itoa(spec.Marker)
			caption += fmt.Sprintf("; the dashed line marks the threshold mark, %d", spec.Marker)
		}
	}
	v.Caption = caption + ". The table below gives the same counts."
	if total == 0 {
		v.Withheld = fmt.Sprintf("no %s pupil has a %s in %s", ch.NCYear.String(), strings.ToLower(xl), yr.Year)
		return v, nil
	}
	js, err := chart.HistogramJSON(spec)
	if err != nil {
		return v, err
	}
	t := &render.ChartTable{Caption: fmt.Sprintf("%s, %s (%d pupils)", ch.Title, yr.Year, total), Headers: []string{xl, "Pupils"}}
	g := render.ChartRowGroup{}
	for i, n := range counts {
		h := strconv.Itoa(ch.Min + i)
		if spec.HasMarker && ch.Min+i == spec.Marker {
			h += " (threshold)"
		}
		g.Rows = append(g.Rows, render.ChartRow{Header: h, Cells: []render.ChartCell{{Value: strconv.Itoa(n)}}})
	}
	t.Groups = []render.ChartRowGroup{g}
	v.JSON, v.Table = template.JS(js), t
	return v, nil
}
