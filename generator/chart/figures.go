package chart

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Bar and histogram charts of an assessment page: the school's figures
// against national, and how many pupils had each mark. Like ScatterJSON,
// these build the ECharts option as data only and marshal it with
// encoding/json (so <, > and & come out escaped and the bytes are inert in
// a <script type="application/json" class="rp-chart-data"> block); every
// string is neutralised; the theme's assets/js/charts.js draws them.

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
}

type obj = map[string]any

// BarsJSON returns the data block of a bar chart: bars top to bottom in
// the spec's order, school then national for each, each run of a group
// shaded and labelled with its group's name.
func BarsJSON(spec BarsSpec) ([]byte, error) {
	if err := checkID(spec.ID); err != nil {
		return nil, err
	}
	cats := make([]string, len(spec.Bars))
	school := make([]any, len(spec.Bars))
	national := make([]any, len(spec.Bars))
	for i, b := range spec.Bars {
		cats[i] = neutralise(b.Label)
		school[i], national[i] = "-", "-" // ECharts' "no figure": nothing drawn
		if b.HasValue {
			school[i] = b.Value
		}
		if b.HasNational {
			national[i] = b.National
		}
	}
	// A shaded, labelled band for each run of bars of one group.
	var areas []any
	for i := 0; i < len(spec.Bars); {
		j := i
		for j < len(spec.Bars) && spec.Bars[j].Group == spec.Bars[i].Group {
			j++
		}
		if g := spec.Bars[i].Group; g != "" {
			fill := "#f3f2f1"
			if len(areas)%2 == 1 {
				fill = "#ffffff"
			}
			areas = append(areas, []any{
				obj{"name": neutralise(g), "yAxis": cats[i], "itemStyle": obj{"color": fill}},
				obj{"yAxis": cats[j-1]},
			})
		}
		i = j
	}
	unit := neutralise(spec.Unit)
	xAxis := obj{"type": "value", "min": 0, "axisLabel": obj{"fontSize": 13, "formatter": "{value}" + unit}}
	if spec.Max > 0 {
		xAxis["max"] = spec.Max
	}
	schoolSeries := obj{"name": neutralise(spec.SchoolName), "type": "bar", "data": school,
		"itemStyle": obj{"color": colourSchool}, "barGap": "10%"}
	if len(areas) > 0 {
		schoolSeries["markArea"] = obj{"silent": true,
			"label": obj{"show": true, "position": "insideRight", "color": "#0b0c0c", "fontSize": 12},
			"data":  areas}
	}
	option := obj{
		"animation": false,
		"title":     obj{"text": neutralise(spec.Title), "left": "center", "textStyle": obj{"fontSize": 16}},
		"legend":    obj{"bottom": 0, "data": []string{neutralise(spec.SchoolName), neutralise(spec.NationalName)}},
		"tooltip":   obj{"trigger": "axis", "axisPointer": obj{"type": "shadow"}},
		"grid":      obj{"left": 16, "right": 260, "top": 48, "bottom": 48, "containLabel": true},
		"xAxis":     xAxis,
		"yAxis":     obj{"type": "category", "inverse": true, "data": cats, "axisLabel": obj{"fontSize": 12}},
		"series": []any{schoolSeries,
			obj{"name": neutralise(spec.NationalName), "type": "bar", "data": national, "itemStyle": obj{"color": colourNational}}},
	}
	return marshalFigure(spec.ID, "bars", option)
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
	series := obj{"name": "Pupils", "type": "bar", "data": spec.Counts, "barCategoryGap": "15%",
		"itemStyle": obj{"color": colourSchool}}
	if spec.HasMarker && spec.Marker >= spec.Min && spec.Marker <= spec.Max {
		series["markLine"] = obj{"silent": true, "symbol": []string{"none", "none"},
			"lineStyle": obj{"color": colourMarker, "width": 2, "type": "dashed"},
			"label":     obj{"formatter": neutralise(spec.MarkerLabel), "position": "end", "color": "#0b0c0c"},
			"data":      []any{obj{"xAxis": strconv.Itoa(spec.Marker)}}}
	}
	option := obj{
		"animation": false,
		"title":     obj{"text": neutralise(spec.Title), "left": "center", "textStyle": obj{"fontSize": 16}},
		"tooltip":   obj{"trigger": "axis", "axisPointer": obj{"type": "shadow"}},
		"grid":      obj{"left": 56, "right": 24, "top": 56, "bottom": 56},
		"xAxis": obj{"type": "category", "data": cats, "name": neutralise(spec.XName), "nameLocation": "middle", "nameGap": 32,
			"axisLabel": obj{"fontSize": 12}},
		"yAxis":  obj{"type": "value", "minInterval": 1, "name": "Pupils", "nameLocation": "middle", "nameGap": 36, "axisLabel": obj{"fontSize": 13}},
		"series": []any{series},
	}
	return marshalFigure(spec.ID, "histogram", option)
}

func marshalFigure(id, kind string, option obj) ([]byte, error) {
	out, err := json.Marshal(figurePayload{Version: 1, ID: id, Kind: kind, Option: option})
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", id, err)
	}
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
