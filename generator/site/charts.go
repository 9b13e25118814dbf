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
	"github.com/reportpack/reportpack/generator/model"
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
	"Measure", "Year group", "Draw the chart for", "Every pupil group's figures:",
	"Bars across show the school's figure for against the national figure; the table below gives the same figures.",
	"Bars across show the school's figures for , for all pupils or for the pupil group chosen above the chart, against the national figure where there is one. A figure hidden in this pack is not drawn. The table below gives all pupils' figures; the table by pupil group gives every group's.",
	"Bars across show the school's in each year group in against the national figure for all pupils; the table below gives the same figures.",
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
		case assess.YearGroupBars:
			v, err = yearGroupBarsView(res, ch, yr)
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
		if v.JSON == "" && v.Withheld == "" { // nothing to draw: no such table this year
			continue
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
		label := barLabel(m)
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
	first := "Goal"
	v.Caption = fmt.Sprintf("Bars across show the school's figure for %s against the national figure, grouped by area; the table below gives the same figures.", yr.Year)
	if len(ch.Groups) == 0 {
		first = "Measure"
		v.Caption = fmt.Sprintf("Bars across show the school's figure for %s against the national figure; the table below gives the same figures.", yr.Year)
	}
	t.Headers = []string{first, "This school" + pctSuffix(percent), "National" + pctSuffix(percent)}
	if ch.ChooseGroup {
		if gt := groupTableOf(yr, ch.Measures); gt != nil {
			spec.Choices, v.Choices = barChoices(res, gt, ch.Measures)
			v.TableLink = &render.PageLink{Title: tableTitle(gt.Def), URL: tableFile(gt.Def)}
			v.Caption = fmt.Sprintf("Bars across show the school's figures for %s, for all pupils or for the pupil group chosen above the chart, "+
				"against the national figure where there is one. A figure hidden in this pack is not drawn. "+
				"The table below gives all pupils' figures; the table by pupil group gives every group's.", yr.Year)
		}
	}
	js, err := chart.BarsJSON(spec)
	if err != nil {
		return v, err
	}
	v.JSON, v.Table = template.JS(js), t
	v.Height = barsHeight(len(spec.Bars), len(ch.Groups) > 0)
	return v, nil
}

// barsHeight is a bar chart's height: the 17 early learning goals' 680
// pixels, or room for a few bars' pairs.
func barsHeight(bars int, grouped bool) int {
	if grouped {
		return 0 // the page's default for bars, 680
	}
	return max(320, 120+44*bars)
}

// groupTableOf is the year's table by pupil group (not by year group)
// whose columns include every one of ids: the rows a chart for a chosen
// group draws, audited as the table shows them. Nil when there is none.
func groupTableOf(yr *measures.YearResults, ids []model.MeasureID) *measures.Table {
	for i := range yr.Tables {
		t := &yr.Tables[i]
		if t.Def.ByYearGroup {
			continue
		}
		all := true
		for _, id := range ids {
			all = all && t.Column(id) >= 0
		}
		if all {
			return t
		}
	}
	return nil
}

// barChoices are the pupil groups of table t a chart of ids may be drawn
// for, with what each group's bars show: only figures the table shows
// (a hidden figure is no bar, and its reason is given instead), and the
// group's national figure by its default comparator.
func barChoices(res *measures.Results, t *measures.Table, ids []model.MeasureID) ([]chart.BarChoice, []render.ChartChoice) {
	var (
		out   []chart.BarChoice
		views []render.ChartChoice
	)
	for ri := range t.Unfiltered {
		row := &t.Unfiltered[ri]
		c := chart.BarChoice{ID: string(row.Group.ID), Label: row.Group.Label}
		for _, id := range ids {
			m := t.Measures[t.Column(id)]
			cell := &row.Cells[t.Column(id)]
			b := chart.Bar{}
			switch {
			case row.Suppressed || cell.Suppressed:
				c.Hidden = append(c.Hidden, barLabel(m)+" ("+export.ReasonText(res, export.CellReason(cell, row))+")")
			case cell.Has:
				b.Value, b.HasValue = m.Round(cell.Value), true
			}
			if cell.National.Valid {
				b.National, b.HasNational = m.Round(cell.National.V), true
			}
			c.Bars = append(c.Bars, b)
		}
		out = append(out, c)
		views = append(views, render.ChartChoice{ID: c.ID, Label: c.Label})
	}
	return out, views
}

// barLabel is a bar's label: the measure's column in the tables ("03
// Self-regulation", "98%+"), the chart's title saying what is measured.
func barLabel(m *measures.Measure) string {
	if col := strings.TrimSpace(strings.TrimSuffix(m.Column, "%")); col != "" {
		return col
	}
	return m.Label
}

// yearGroupBarsView draws a measure for each year group of a table by
// year group, against its national figure (all pupils of the school's
// phase): only the figures the table shows, a hidden one not drawn and
// said so.
func yearGroupBarsView(res *measures.Results, ch *assess.Chart, yr *measures.YearResults) (render.ChartView, error) {
	v := render.ChartView{ID: chartID(ch), Title: ch.Title, Kind: "bars"}
	t := yr.Table(ch.Table)
	if t == nil || len(ch.Measures) == 0 || t.Column(ch.Measures[0]) < 0 || len(t.Unfiltered) == 0 {
		return v, nil
	}
	col := t.Column(ch.Measures[0])
	m := t.Measures[col]
	percent := unitOf(m) == "%"
	spec := chart.BarsSpec{ID: v.ID, Title: ch.Title + ", " + yr.Year.String(), SchoolName: "This school", NationalName: "National"}
	if percent {
		spec.Unit = "%"
	}
	g := render.ChartRowGroup{}
	for ri := range t.Unfiltered {
		row := &t.Unfiltered[ri]
		cell := &row.Cells[col]
		b := chart.Bar{Label: row.Group.Label}
		school := render.ChartCell{Value: formatCell(m, *cell)}
		switch {
		case row.Suppressed || cell.Suppressed:
			why := export.ReasonText(res, export.CellReason(cell, row))
			school = render.ChartCell{Value: "x", Why: why}
			v.Hidden = append(v.Hidden, row.Group.Label+" ("+why+")")
		case cell.Has:
			b.Value, b.HasValue = m.Round(cell.Value), true
		}
		if cell.National.Valid {
			b.National, b.HasNational = m.Round(cell.National.V), true
		}
		spec.Bars = append(spec.Bars, b)
		if percent && school.Value != "x" && school.Value != dash {
			school.Value += "%"
		}
		nat := formatNum(m, cell.National)
		if percent && nat != dash {
			nat += "%"
		}
		g.Rows = append(g.Rows, render.ChartRow{Header: row.Group.Label, Cells: []render.ChartCell{school, {Value: nat}}})
	}
	js, err := chart.BarsJSON(spec)
	if err != nil {
		return v, err
	}
	v.JSON = template.JS(js)
	v.Table = &render.ChartTable{Caption: ch.Title + ", " + yr.Year.String(),
		Headers: []string{"Year group", "This school" + pctSuffix(percent), "National" + pctSuffix(percent)},
		Groups:  []render.ChartRowGroup{g}}
	v.Caption = fmt.Sprintf("Bars across show the school's %s in each year group in %s against the national figure for all pupils; "+
		"the table below gives the same figures.", strings.ToLower(m.Label), yr.Year)
	v.Height = barsHeight(len(spec.Bars), false)
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
