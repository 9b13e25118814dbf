package chart

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/reportpack/reportpack/generator/model"
)

// Point is one pupil on a scatterplot.
type Point struct {
	X, Y float64 // prior attainment, and the pupil's score for the measure
	// Label is the pupil's name: set only in the named profile. An empty
	// Label puts no name key at all in the chart data.
	Label string
	// Adjusted is true when a progress score was raised to the floor.
	Adjusted bool
	// Groups lists the groups the pupil is in. Only those among the spec's
	// HighlightGroups are recorded; the rest are ignored.
	Groups []model.GroupID
}

// GroupOption is a group the user may highlight.
type GroupOption struct {
	ID    model.GroupID
	Label string // "Disadvantaged"
}

// ScatterSpec describes one scatterplot: one measure for one cohort.
type ScatterSpec struct {
	// ID is the id of the element the chart draws into and its key in
	// window.reportpackCharts: a JavaScript identifier, unique on the page.
	// Several specs (one per measure) share an ID when a measure select
	// switches between them.
	ID string
	// Measure names the measure plotted ("ks4_p8"); the page puts it in the
	// data block's data-measure attribute. It may be empty for a chart with
	// only one measure.
	Measure model.MeasureID
	// Title is drawn above the plot; empty for none (the page's heading
	// usually says it).
	Title string
	// XName and YName label the axes, e.g. "KS2 prior attainment (average
	// scaled score)" and "Progress 8 score". YName also names the measure
	// in a measure select that scatter.js fills itself.
	XName, YName string
	// XDecimals and YDecimals are the places kept and shown: values are
	// rounded (half away from zero, as measures rounds) before they are
	// emitted, so the tooltip and the table agree. 0 keeps whole numbers;
	// a negative value keeps values as given. Typically 1 for prior
	// attainment and Measure.Decimals (2 for Progress 8) for the score.
	XDecimals, YDecimals int
	Points               []Point
	// HighlightGroups are the groups offered in the highlight select, in
	// order; at most MaxHighlightGroups.
	HighlightGroups []GroupOption
	// Highlight is the group highlighted first. Empty means
	// "disadvantaged" when offered, else the first group offered.
	Highlight model.GroupID
	// Named is true only for the named profile. When false, a Point with a
	// Label is an error: a name cannot reach another profile's page by
	// mistake.
	Named bool
}

// MaxHighlightGroups is how many groups a spec may offer: each point's
// membership rides as a bitmask that scatter.js tests with 32-bit bit
// operations.
const MaxHighlightGroups = 31

// Series ids and the name of the series of pupils not highlighted; scatter.js
// relies on the ids.
const (
	seriesHighlighted = "highlighted"
	seriesOther       = "other"
	otherLabel        = "Other pupils"
	allLabel          = "All pupils"
)

// Colours: GOV.UK blue, filled, for the highlighted group; dark grey, hollow,
// for the others, so the two differ by shape as well as colour.
const (
	colourHighlighted = "#1d70b8"
	colourOther       = "#505a5f"
)

// payloadVersion changes when the JSON layout changes in a way scatter.js
// must know about.
const payloadVersion = 1

// payload is the JSON a <script type="application/json"> block carries:
// the ECharts option, initially split for the default highlight, and what
// scatter.js needs to split it again.
type payload struct {
	Version   int             `json:"version"`
	ID        string          `json:"id"`
	Measure   model.MeasureID `json:"measure,omitempty"`
	XName     string          `json:"xName"`
	YName     string          `json:"yName"`
	XDecimals int             `json:"xDecimals"`
	YDecimals int             `json:"yDecimals"`
	// Dims names the entries of each data item's value array.
	Dims []string `json:"dims"`
	// Groups: bit i of a point's "groups" value is Groups[i]. A chart that
	// offers no highlight leaves out Groups, Highlight and OtherLabel, and
	// its points have no "groups" value: no membership rides in the page.
	Groups     []groupJSON   `json:"groups,omitempty"`
	Highlight  model.GroupID `json:"highlight,omitempty"`
	OtherLabel string        `json:"otherLabel,omitempty"`
	AllLabel   string        `json:"allLabel"`
	Count      int           `json:"count"`
	Option     any           `json:"option"`
}

type groupJSON struct {
	ID    model.GroupID `json:"id"`
	Label string        `json:"label"`
}

// valueDims is the layout of a data item's value: x, y, 1 if the score was
// adjusted else 0, and the group bitmask; plainDims, without the bitmask,
// that of a chart offering no highlight.
var (
	valueDims = []string{"x", "y", "adjusted", "groups"}
	plainDims = valueDims[:3]
)

// ScatterJSON returns the chart's data block: a JSON object with the
// ECharts option under "option" (value axes, a line at y = 0, one series for
// the highlighted group and one for the other pupils) and, beside it, the
// group list that decodes each point's membership bitmask, so scatter.js can
// re-split the points when the user picks another group. Each data item is
// {"value": [x, y, adjusted, groups]}, with "name" only when the point has a
// Label. Without HighlightGroups there is no group list, no highlight and
// no bitmask: items are {"value": [x, y, adjusted]}. Points are sorted by
// (x, y), so their order says nothing about the pupil file. The output is
// deterministic and safe to place, unmodified, inside
// <script type="application/json">.
func ScatterJSON(spec ScatterSpec) ([]byte, error) {
	pts, err := prepare(spec)
	if err != nil {
		return nil, err
	}
	hl := defaultHighlight(spec)
	hlBit := -1
	hlLabel := ""
	for i, g := range spec.HighlightGroups {
		if g.ID == hl {
			hlBit, hlLabel = i, neutralise(g.Label)
		}
	}

	option := buildOption(spec, pts, hlBit, hlLabel).JSON()
	// go-echarts' default palette is unused (every series has a colour)
	// and would only add noise.
	delete(option, "color")

	pl := payload{
		Version:   payloadVersion,
		ID:        spec.ID,
		Measure:   spec.Measure,
		XName:     neutralise(spec.XName),
		YName:     neutralise(spec.YName),
		XDecimals: spec.XDecimals,
		YDecimals: spec.YDecimals,
		Dims:      plainDims,
		AllLabel:  allLabel,
		Count:     len(pts),
		Option:    option,
	}
	if len(spec.HighlightGroups) > 0 {
		pl.Dims, pl.Highlight, pl.OtherLabel = valueDims, hl, otherLabel
		pl.Groups = make([]groupJSON, len(spec.HighlightGroups))
		for i, g := range spec.HighlightGroups {
			pl.Groups[i] = groupJSON{ID: g.ID, Label: neutralise(g.Label)}
		}
	}
	out, err := json.Marshal(pl)
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", spec.ID, err)
	}
	// Belt and braces: every string was neutralised, but the promise is
	// about the bytes, so check the bytes.
	if strings.Contains(string(out), fnMarker) {
		return nil, fmt.Errorf("chart %s: output contains %q", spec.ID, fnMarker)
	}
	return out, nil
}

// buildOption builds the chart with go-echarts, split for the highlight
// group at bit hlBit (-1 for none). Only its JSON is used.
func buildOption(spec ScatterSpec, pts []point, hlBit int, hlLabel string) *charts.Scatter {
	var hlData, otherData []opts.ScatterData
	masks := len(spec.HighlightGroups) > 0
	for _, p := range pts {
		in := hlBit >= 0 && p.mask&(1<<hlBit) != 0
		d := opts.ScatterData{Name: p.label} // no name key when empty
		if masks {
			d.Value = []any{p.x, p.y, b2i(p.adjusted), p.mask}
		} else {
			d.Value = []any{p.x, p.y, b2i(p.adjusted)}
		}
		if p.adjusted {
			d.Symbol = adjustedSymbol(in)
		}
		if in {
			hlData = append(hlData, d)
		} else {
			otherData = append(otherData, d)
		}
	}
	// A nil slice would marshal as null; ECharts wants [].
	if hlData == nil {
		hlData = []opts.ScatterData{}
	}
	if otherData == nil {
		otherData = []opts.ScatterData{}
	}
	restName, legend := otherLabel, []string{hlLabel, otherLabel}
	if hlBit < 0 {
		restName, legend = allLabel, []string{allLabel}
	}

	sc := charts.NewScatter()
	sc.SetGlobalOptions(
		// ChartID is set so nothing random is generated; it does not
		// appear in the option, the page's element id does its job.
		charts.WithInitializationOpts(opts.Initialization{ChartID: spec.ID}),
		charts.WithTitleOpts(opts.Title{Title: neutralise(spec.Title), Left: "center"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0", Data: legend}),
		// The formatter is added by scatter.js: no functions in Go.
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithGridOpts(opts.Grid{Left: "64", Right: "24", Top: gridTop(spec.Title), Bottom: "84"}),
		// Prior attainment never starts at 0 (scaled scores are 80..120):
		// scale lets the axis fit the data.
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: neutralise(spec.XName), NameLocation: "middle", NameGap: 32, Scale: opts.Bool(true), AxisLabel: axisLabel()}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: neutralise(spec.YName), NameLocation: "middle", NameGap: 44, AxisLabel: axisLabel()}),
		// No animation: charts print as drawn and nothing moves for
		// users who prefer reduced motion.
		charts.WithAnimation(false),
	)
	// Other pupils first so the highlighted group is drawn on top.
	sc.AddSeries(restName, otherData,
		charts.WithSeriesId(seriesOther),
		charts.WithScatterChartOpts(opts.ScatterChart{Symbol: "emptyCircle", SymbolSize: 8}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colourOther}),
		// The zero line: national average progress.
		charts.WithMarkLineNameYAxisItemOpts(opts.MarkLineNameYAxisItem{YAxis: 0}),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{
			Symbol:    []string{"none", "none"},
			LineStyle: &opts.LineStyle{Color: "#0b0c0c", Width: 1, Type: "solid"},
		}),
	)
	sc.AddSeries(hlLabel, hlData,
		charts.WithSeriesId(seriesHighlighted),
		charts.WithScatterChartOpts(opts.ScatterChart{Symbol: "circle", SymbolSize: 9}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colourHighlighted}),
	)
	sc.Validate()
	return sc
}

// axisLabel sets tick labels larger than ECharts' 12px default, for
// legibility on screen and on paper.
func axisLabel() *opts.AxisLabel {
	return &opts.AxisLabel{Show: opts.Bool(true), FontSize: 14}
}

func gridTop(title string) string {
	if title == "" {
		return "24"
	}
	return "56"
}

// adjustedSymbol marks a floor-adjusted score by shape (a triangle), filled
// or hollow like its series; scatter.js makes the same choice.
func adjustedSymbol(highlighted bool) string {
	if highlighted {
		return "triangle"
	}
	return "emptyTriangle"
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// defaultHighlight is the group highlighted first (validated by prepare).
func defaultHighlight(spec ScatterSpec) model.GroupID {
	if spec.Highlight != "" {
		return spec.Highlight
	}
	for _, g := range spec.HighlightGroups {
		if g.ID == "disadvantaged" {
			return g.ID
		}
	}
	if len(spec.HighlightGroups) > 0 {
		return spec.HighlightGroups[0].ID
	}
	return ""
}

// point is a validated, rounded, neutralised Point.
type point struct {
	x, y     float64
	label    string
	adjusted bool
	mask     uint32
}

var (
	identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	// Group and measure ids are lower-case words joined by underscores
	// ("eth_white", "ks4_p8"); they go into attributes and option values.
	idRE = regexp.MustCompile(`^[A-Za-z0-9_]+$`)
)

// jsReserved are the words that are not valid JavaScript identifiers.
var jsReserved = map[string]bool{
	"break": true, "case": true, "catch": true, "class": true, "const": true, "continue": true,
	"debugger": true, "default": true, "delete": true, "do": true, "else": true, "enum": true,
	"export": true, "extends": true, "false": true, "finally": true, "for": true, "function": true,
	"if": true, "implements": true, "import": true, "in": true, "instanceof": true, "interface": true,
	"let": true, "new": true, "null": true, "package": true, "private": true, "protected": true,
	"public": true, "return": true, "static": true, "super": true, "switch": true, "this": true,
	"throw": true, "true": true, "try": true, "typeof": true, "var": true, "void": true,
	"while": true, "with": true, "yield": true, "await": true,
}

// prepare validates the spec and returns its points rounded, neutralised,
// with their group bitmask, and sorted.
func prepare(spec ScatterSpec) ([]point, error) {
	if !identRE.MatchString(spec.ID) || jsReserved[spec.ID] {
		return nil, fmt.Errorf("chart id %q is not a JavaScript identifier", spec.ID)
	}
	// Ids are emitted as they are, not neutralised: refuse the marker.
	if strings.Contains(spec.ID, fnMarker) {
		return nil, fmt.Errorf("chart id %q contains %q", spec.ID, fnMarker)
	}
	if spec.Measure != "" && (!idRE.MatchString(string(spec.Measure)) || strings.Contains(string(spec.Measure), fnMarker)) {
		return nil, fmt.Errorf("chart %s: bad measure id %q", spec.ID, spec.Measure)
	}
	if spec.XDecimals > 10 || spec.YDecimals > 10 {
		return nil, fmt.Errorf("chart %s: at most 10 decimals", spec.ID)
	}
	if len(spec.HighlightGroups) > MaxHighlightGroups {
		return nil, fmt.Errorf("chart %s: %d highlight groups, at most %d", spec.ID, len(spec.HighlightGroups), MaxHighlightGroups)
	}
	bit := make(map[model.GroupID]int, len(spec.HighlightGroups))
	for i, g := range spec.HighlightGroups {
		if !idRE.MatchString(string(g.ID)) || strings.Contains(string(g.ID), fnMarker) {
			return nil, fmt.Errorf("chart %s: bad group id %q", spec.ID, g.ID)
		}
		if _, dup := bit[g.ID]; dup {
			return nil, fmt.Errorf("chart %s: group %q offered twice", spec.ID, g.ID)
		}
		bit[g.ID] = i
	}
	if spec.Highlight != "" {
		if _, ok := bit[spec.Highlight]; !ok {
			return nil, fmt.Errorf("chart %s: highlight %q is not among the highlight groups", spec.ID, spec.Highlight)
		}
	}
	pts := make([]point, len(spec.Points))
	for i, p := range spec.Points {
		if !finite(p.X) || !finite(p.Y) {
			return nil, fmt.Errorf("chart %s: point %d is not a finite number", spec.ID, i)
		}
		// Fail closed: only the named profile may carry names. The error
		// names the point's position, never the name.
		if p.Label != "" && !spec.Named {
			return nil, fmt.Errorf("chart %s: point %d has a name but the spec is not Named", spec.ID, i)
		}
		q := point{x: round(p.X, spec.XDecimals), y: round(p.Y, spec.YDecimals), label: neutralise(p.Label), adjusted: p.Adjusted}
		for _, g := range p.Groups {
			if b, ok := bit[g]; ok {
				q.mask |= 1 << b
			}
		}
		pts[i] = q
	}
	// Order by value, then by everything else, so the order is total: the
	// same points in any input order give the same bytes.
	slices.SortFunc(pts, func(a, b point) int {
		return cmp.Or(
			cmp.Compare(a.x, b.x),
			cmp.Compare(a.y, b.y),
			cmp.Compare(b2i(a.adjusted), b2i(b.adjusted)),
			cmp.Compare(a.mask, b.mask),
			strings.Compare(a.label, b.label),
		)
	})
	return pts, nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// round rounds half away from zero to d places, as measures.Measure.Round
// does; d < 0 keeps v. It never returns a negative zero.
func round(v float64, d int) float64 {
	if d >= 0 {
		p := math.Pow(10, float64(d))
		v = math.Round(v*p) / p
	}
	if v == 0 {
		return 0 // drop the sign of -0
	}
	return v
}

// fnMarker is go-echarts' function marker: its renderer strips it from the
// whole page with a regex, turning the text between two markers into raw
// JavaScript.
const fnMarker = "__f__"

// neutralise makes the marker harmless by putting a zero-width space between
// its underscores on both sides ("_\u200b_f_\u200b_"); the text reads the
// same. It repeats because a replacement can complete a marker with the
// characters around it ("__f__f__"). Each pass turns at least one f into one
// that can never match again, so it stops.
func neutralise(s string) string {
	for strings.Contains(s, fnMarker) {
		s = strings.ReplaceAll(s, fnMarker, "_\u200b_f_\u200b_")
	}
	return s
}
