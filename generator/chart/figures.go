package chart

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"
)

// Bar and histogram charts of an assessment page: the school's figures
// against national, and how many pupils had each mark. Like ScatterJSON,
// these build the ECharts option with go-echarts as a typed option builder
// only (charts.NewBar, opts.*; Validate, then JSON(), never its renderer),
// and marshal it with encoding/json (so <, > and & come out escaped and
// the bytes are inert in a <script type="application/json"
// class="rp-chart-data"> block); every string is neutralised; the theme's
// assets/js/charts.js draws them.

// Colours, as the scatterplots': the school dark blue, national grey.
const (
	colourSchool   = "#1d70b8"
	colourNational = "#6f777b"
	colourMarker   = "#d4351c"
)

// Bar is one category of a bar chart: the school's figure and national's.
type Bar struct {
	Label string
	// Group is the label of the run of bars the bar belongs to (an area
	// of learning); "" for none.
	Group string
	// Value is drawn when HasValue; a hidden or missing figure is not
	// drawn at all (never as 0).
	Value       float64
	HasValue    bool
	National    float64
	HasNational bool
}

// BarsSpec is a horizontal bar chart of figures against national.
type BarsSpec struct {
	ID           string // a JS identifier, unique on the page
	Title        string
	Unit         string // "%" for percentages
	Max          float64
	SchoolName   string // the school series' name: "This school"
	NationalName string // "National"
	Bars         []Bar
	// Choices, when not empty, are the pupil groups a reader may draw the
	// chart for instead of Bars' (all pupils): each with a figure per bar
	// (a hidden one not drawn). They ride in the data block for charts.js.
	Choices []BarChoice
}

// BarChoice is the bars of one pupil group a reader may choose.
type BarChoice struct {
	ID    string // the group's id
	Label string // "Disadvantaged"
	// Bars are the group's figures, in BarsSpec.Bars' order (their Label
	// and Group are not used).
	Bars []Bar
	// Hidden says which bars are not drawn and why ("98%+ (fewer than 6
	// pupils)"); empty when every bar is drawn.
	Hidden []string
}

// choicePayload is a BarChoice as the data block carries it: a figure per
// bar, or "-" for none (ECharts draws nothing).
type choicePayload struct {
	ID       string   `json:"id"`
	Label    string   `json:"label"`
	School   []any    `json:"school"`
	National []any    `json:"national"`
	Hidden   []string `json:"hidden"`
}

// HistogramSpec is a column chart of how many pupils had each whole value
// from Min to Max, with an optional marker line at a value.
type HistogramSpec struct {
	ID       string
	Title    string
	XName    string // "Mark"
	Min, Max int
	Counts   []int // Counts[i] is the number of pupils with value Min+i
	// Marker, when HasMarker, draws a line at that value, labelled
	// MarkerLabel ("Threshold 32").
	Marker      int
	HasMarker   bool
	MarkerLabel string
}

// figurePayload is a chart's data block.
type figurePayload struct {
	Version int    `json:"version"`
	ID      string `json:"id"`
	Kind    string `json:"kind"` // "bars" or "histogram"
	Option  any    `json:"option"`
	// Choices are a bar chart's pupil groups (BarsSpec.Choices).
	Choices []choicePayload `json:"choices,omitempty"`
}

// Area bands alternate between these fills, and their labels are drawn in
// this colour.
const (
	fillArea     = "#f3f2f1"
	fillAreaAlt  = "#ffffff"
	colourLabel  = "#0b0c0c"
	barsRightGap = 260 // the grid's right margin, where the areas' labels go
	// areaLabelWidth is the widest an area's label may be before it wraps
	// onto a second line: the margin less the label's distance from the
	// band (5px) and a little room.
	areaLabelWidth = barsRightGap - 16
)

// BarsJSON returns the data block of a bar chart: bars top to bottom in
// the spec's order, school then national for each, each run of a group
// shaded and labelled with its group's name to the right of the plot, in
// the grid's right margin, clear of the bars.
func BarsJSON(spec BarsSpec) ([]byte, error) {
	if err := checkID(spec.ID); err != nil {
		return nil, err
	}
	cats := make([]string, len(spec.Bars))
	for i, b := range spec.Bars {
		cats[i] = neutralise(b.Label)
	}
	school, national := barValues(spec.Bars)
	var choices []choicePayload
	for _, c := range spec.Choices {
		if len(c.Bars) != len(spec.Bars) {
			return nil, fmt.Errorf("chart %s: group %q has %d bars, not %d", spec.ID, c.ID, len(c.Bars), len(spec.Bars))
		}
		cp := choicePayload{ID: neutralise(c.ID), Label: neutralise(c.Label), Hidden: []string{}}
		cp.School, cp.National = barValues(c.Bars)
		for _, h := range c.Hidden {
			cp.Hidden = append(cp.Hidden, neutralise(h))
		}
		choices = append(choices, cp)
	}
	// A shaded, labelled band for each run of bars of one group, from its
	// first bar to its last, across the whole plot. go-echarts' typed
	// items for a band on a category y axis do not fit:
	// opts.MarkAreaNameYAxisItem has no itemStyle (each band has its own
	// fill) and charts.WithMarkAreaNameYAxisItemOpts appends single items,
	// not the [from, to] pairs ECharts wants; opts.MarkAreaData tags its
	// YAxis field `json:"YAxis"`, which ECharts does not read (all
	// checked in v2.6.7, opts/series.go and charts/series.go). So the
	// bands are coordinate pairs, [x, y] with no x: ECharts stretches a
	// missing x to the plot's edges, as it does for a band given by yAxis.
	// go-echarts writes "itemStyle": null on each pair's end item; ECharts
	// styles a band from its first item (checked in the built site: the
	// bands alternate grey and white).
	var areas []opts.MarkAreaNameCoordItem
	for i := 0; i < len(spec.Bars); {
		j := i
		for j < len(spec.Bars) && spec.Bars[j].Group == spec.Bars[i].Group {
			j++
		}
		if g := spec.Bars[i].Group; g != "" {
			fill := fillArea
			if len(areas)%2 == 1 {
				fill = fillAreaAlt
			}
			areas = append(areas, opts.MarkAreaNameCoordItem{
				Name:        neutralise(g),
				Coordinate0: []any{nil, cats[i]},
				Coordinate1: []any{nil, cats[j-1]},
				ItemStyle:   &opts.ItemStyle{Color: fill},
			})
		}
		i = j
	}

	xAxis := opts.XAxis{Type: "value", Min: 0,
		AxisLabel: &opts.AxisLabel{FontSize: 13, Formatter: types.FuncStr("{value}" + neutralise(spec.Unit))}}
	if spec.Max > 0 {
		xAxis.Max = spec.Max
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		// ChartID is set so nothing random is generated; the page's
		// element id does its job in the browser.
		charts.WithInitializationOpts(opts.Initialization{ChartID: spec.ID}),
		charts.WithTitleOpts(opts.Title{Title: neutralise(spec.Title), Left: "center", TitleStyle: &opts.TextStyle{FontSize: 16}}),
		charts.WithLegendOpts(opts.Legend{Bottom: "0", Data: []string{neutralise(spec.SchoolName), neutralise(spec.NationalName)}}),
		// The formatter is added by charts.js: no functions in Go.
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis", AxisPointer: &opts.AxisPointer{Type: "shadow"}}),
		charts.WithGridOpts(opts.Grid{Left: "16", Right: strconv.Itoa(barsRightGap), Top: "48", Bottom: "48", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(xAxis),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true), AxisLabel: &opts.AxisLabel{FontSize: 12}}),
		charts.WithAnimation(false),
	)
	// The categories go on the y axis: bars across.
	bar.SetXAxis(cats).XYReversal()
	schoolOpts := []charts.SeriesOpts{
		plainData(school),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colourSchool}),
		charts.WithBarChartOpts(opts.BarChart{BarGap: "10%"}),
	}
	if len(areas) > 0 {
		schoolOpts = append(schoolOpts,
			charts.WithMarkAreaNameCoordItemOpts(areas...),
			// "right" puts each label just outside its band's right
			// edge, in the grid's right margin, so it never sits on a
			// bar (insideRight drew it over the longest bars).
			charts.WithMarkAreaStyleOpts(opts.MarkAreaStyle{
				Label: &opts.Label{Show: opts.Bool(true), Position: "right", Color: colourLabel, FontSize: 12}}),
		)
	}
	bar.AddSeries(neutralise(spec.SchoolName), nil, schoolOpts...)
	bar.AddSeries(neutralise(spec.NationalName), nil,
		plainData(national),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colourNational}),
	)
	bar.Validate()
	option, err := finishOption(spec.ID, bar.JSON(), func(s map[string]any) {
		// A label longer than the margin wraps rather than runs off the
		// chart; opts.Label has no width or overflow (v2.6.7).
		if ma, ok := s["markArea"].(map[string]any); ok {
			if l, ok := ma["label"].(map[string]any); ok {
				l["width"], l["overflow"] = areaLabelWidth, "break"
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return marshalPayload(figurePayload{Version: 1, ID: spec.ID, Kind: "bars", Option: option, Choices: choices})
}

// barValues are the school's and national figures of bars as series
// data: a number, or "-" (ECharts' "no figure": nothing drawn, never 0).
func barValues(bars []Bar) (school, national []any) {
	school, national = make([]any, len(bars)), make([]any, len(bars))
	for i, b := range bars {
		school[i], national[i] = "-", "-"
		if b.HasValue {
			school[i] = b.Value
		}
		if b.HasNational {
			national[i] = b.National
		}
	}
	return school, national
}

// HistogramJSON returns the data block of a histogram: a column per value
// from Min to Max, and the marker line when the spec has one.
func HistogramJSON(spec HistogramSpec) ([]byte, error) {
	if err := checkID(spec.ID); err != nil {
		return nil, err
	}
	if spec.Max < spec.Min || len(spec.Counts) != spec.Max-spec.Min+1 {
		return nil, fmt.Errorf("chart %s: %d counts for values %d to %d", spec.ID, len(spec.Counts), spec.Min, spec.Max)
	}
	cats := make([]string, len(spec.Counts))
	for i := range cats {
		cats[i] = strconv.Itoa(spec.Min + i)
	}
	h := charts.NewBar()
	h.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{ChartID: spec.ID}),
		charts.WithTitleOpts(opts.Title{Title: neutralise(spec.Title), Left: "center", TitleStyle: &opts.TextStyle{FontSize: 16}}),
		// go-echarts always emits a legend: one series needs none.
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis", AxisPointer: &opts.AxisPointer{Type: "shadow"}}),
		charts.WithGridOpts(opts.Grid{Left: "56", Right: "24", Top: "56", Bottom: "56"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Name: neutralise(spec.XName), NameLocation: "middle", NameGap: 32,
			AxisLabel: &opts.AxisLabel{FontSize: 12}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", MinInterval: 1, Name: "Pupils", NameLocation: "middle", NameGap: 36,
			AxisLabel: &opts.AxisLabel{FontSize: 13}}),
		charts.WithAnimation(false),
	)
	h.SetXAxis(cats)
	counts := make([]any, len(spec.Counts))
	for i, n := range spec.Counts {
		counts[i] = n
	}
	seriesOpts := []charts.SeriesOpts{
		plainData(counts),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colourSchool}),
		charts.WithBarChartOpts(opts.BarChart{BarCategoryGap: "15%"}),
	}
	if spec.HasMarker && spec.Marker >= spec.Min && spec.Marker <= spec.Max {
		seriesOpts = append(seriesOpts,
			charts.WithMarkLineNameXAxisItemOpts(opts.MarkLineNameXAxisItem{XAxis: strconv.Itoa(spec.Marker)}),
			charts.WithMarkLineStyleOpts(opts.MarkLineStyle{
				Symbol:    []string{"none", "none"},
				LineStyle: &opts.LineStyle{Color: colourMarker, Width: 2, Type: "dashed"},
				Label:     &opts.Label{Formatter: neutralise(spec.MarkerLabel), Position: "end", Color: colourLabel},
			}),
		)
	}
	h.AddSeries("Pupils", nil, seriesOpts...)
	h.Validate()
	option, err := finishOption(spec.ID, h.JSON(), nil)
	if err != nil {
		return nil, err
	}
	return marshalFigure(spec.ID, "histogram", option)
}

// plainData sets a series' data to plain values (a number, or "-" for a
// figure not drawn). AddSeries takes []opts.BarData, which always
// marshals as {"value": v} objects (opts/series_bar.go, v2.6.7); ECharts
// reads both, but charts.js and the browser tests read plain values.
func plainData(values []any) charts.SeriesOpts {
	return func(s *charts.SingleSeries) { s.Data = values }
}

// finishOption makes the minimal changes go-echarts cannot express to the
// option it built: every markArea and markLine is silent (no hover, no
// tooltip: they annotate, they are not data), for which
// opts.MarkAreaStyle and opts.MarkLineStyle have no field (v2.6.7); then
// edit, if not nil, changes each series further. The series, typed
// go-echarts values, are round-tripped through encoding/json into plain
// maps to be edited. go-echarts' default palette is unused (every series
// has a colour) and is dropped.
func finishOption(id string, option map[string]any, edit func(series map[string]any)) (map[string]any, error) {
	delete(option, "color")
	raw, err := json.Marshal(option["series"])
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", id, err)
	}
	var series []map[string]any
	if err := json.Unmarshal(raw, &series); err != nil {
		return nil, fmt.Errorf("chart %s: %w", id, err)
	}
	for _, s := range series {
		for _, k := range []string{"markArea", "markLine"} {
			if m, ok := s[k].(map[string]any); ok {
				m["silent"] = true
			}
		}
		if edit != nil {
			edit(s)
		}
	}
	option["series"] = series
	return option, nil
}

func marshalFigure(id, kind string, option map[string]any) ([]byte, error) {
	return marshalPayload(figurePayload{Version: 1, ID: id, Kind: kind, Option: option})
}

func marshalPayload(f figurePayload) ([]byte, error) {
	id := f.ID
	out, err := json.Marshal(f)
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", id, err)
	}
	// Belt and braces: every string was neutralised, but the promise is
	// about the bytes, so check the bytes.
	if strings.Contains(string(out), fnMarker) {
		return nil, fmt.Errorf("chart %s: output contains %q", id, fnMarker)
	}
	return out, nil
}

// checkID accepts a JS identifier: letters, digits and _, not starting
// with a digit.
func checkID(id string) error {
	if id == "" {
		return fmt.Errorf("chart has no id")
	}
	for i, r := range id {
		ok := r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (i > 0 && r >= '0' && r <= '9')
		if !ok {
			return fmt.Errorf("chart id %q is not a JS identifier", id)
		}
	}
	return nil
}
