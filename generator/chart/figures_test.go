package chart

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestBarsJSONIsInert(t *testing.T) {
	b, err := BarsJSON(BarsSpec{ID: "chart_x", Title: "</script><b>t", Unit: "%", Max: 100, SchoolName: "__f__alert(1)__f__", NationalName: "National",
		Bars: []Bar{{Label: "</script><script>alert(1)</script>", Group: "A & B", Value: 50, HasValue: true},
			{Label: "two", Group: "A & B", National: 40, HasNational: true}, {Label: "three", Group: "C"}}})
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, bad := range []string{"<", ">", "&", "__f__"} {
		if strings.Contains(s, bad) {
			t.Errorf("output holds %q: %s", bad, s)
		}
	}
	var d struct {
		Kind   string
		Option struct {
			Series []struct {
				Data     []any
				MarkArea struct {
					Data   [][]map[string]any
					Label  map[string]any
					Silent bool
				}
			}
			YAxis []struct{ Data []string }
		}
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	if d.Kind != "bars" || len(d.Option.YAxis) != 1 || d.Option.YAxis[0].Data[0] != "</script><script>alert(1)</script>" {
		t.Errorf("kind %q, y axes %v", d.Kind, d.Option.YAxis)
	}
	if got := d.Option.Series[0].Data; got[0] != 50.0 || got[1] != "-" || got[2] != "-" {
		t.Errorf("school data %v: a missing figure must be drawn as nothing", got)
	}
	if got := d.Option.Series[1].Data; got[0] != "-" || got[1] != 40.0 {
		t.Errorf("national data %v", got)
	}
	// A band runs from its group's first bar to its last, across the plot
	// (no x).
	ma := d.Option.Series[0].MarkArea
	coord := func(area, end int) []any { c, _ := ma.Data[area][end]["coord"].([]any); return c }
	if a := ma.Data; len(a) != 2 || a[0][0]["name"] != "A & B" || a[1][0]["name"] != "C" ||
		!slices.Equal(coord(0, 0), []any{nil, "</script><script>alert(1)</script>"}) ||
		!slices.Equal(coord(0, 1), []any{nil, "two"}) ||
		!slices.Equal(coord(1, 0), []any{nil, "three"}) || !slices.Equal(coord(1, 1), []any{nil, "three"}) {
		t.Errorf("areas %v", a)
	}
	// The areas' labels sit in the grid's right margin, clear of the
	// bars, and the areas take no pointer events.
	if ma.Label["position"] != "right" || !ma.Silent {
		t.Errorf("area label %v, silent %v", ma.Label, ma.Silent)
	}
}

// TestFiguresDeterministic: the same spec gives the same bytes (go-echarts
// makes a random chart id unless ChartID is set).
func TestFiguresDeterministic(t *testing.T) {
	spec := BarsSpec{ID: "chart_d", Title: "T", Unit: "%", SchoolName: "S", NationalName: "N",
		Bars: []Bar{{Label: "a", Group: "G", Value: 1, HasValue: true}}}
	a, err := BarsJSON(spec)
	if err != nil {
		t.Fatal(err)
	}
	b, err := BarsJSON(spec)
	if err != nil {
		t.Fatal(err)
	}
	if string(a) != string(b) {
		t.Errorf("two builds differ:\n%s\n%s", a, b)
	}
	if strings.Contains(string(a), `"color":["#5470c6"`) {
		t.Errorf("go-echarts' default palette left in: %s", a)
	}
}

func TestHistogramJSON(t *testing.T) {
	counts := make([]int, 41)
	counts[32] = 3
	b, err := HistogramJSON(HistogramSpec{ID: "chart_h", Title: "Marks", XName: "Mark", Min: 0, Max: 40, Counts: counts, Marker: 32, HasMarker: true, MarkerLabel: "Threshold 32"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"markLine"`) || !strings.Contains(string(b), `{"xAxis":"32"}`) {
		t.Errorf("no marker at 32: %s", b)
	}
	// Counts are plain numbers (charts.js and the browser test read them so),
	// one column per mark, and one series needs no legend.
	var d struct {
		Option struct {
			Legend struct{ Show *bool }
			Series []struct {
				Data     []any
				MarkLine struct{ Silent bool }
			}
			XAxis []struct{ Data []string }
		}
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Option.Series) != 1 || len(d.Option.Series[0].Data) != 41 || d.Option.Series[0].Data[32] != 3.0 ||
		!d.Option.Series[0].MarkLine.Silent || len(d.Option.XAxis) != 1 || d.Option.XAxis[0].Data[40] != "40" {
		t.Errorf("histogram option: %s", b)
	}
	if d.Option.Legend.Show == nil || *d.Option.Legend.Show {
		t.Errorf("a histogram's legend is shown: %s", b)
	}
	// Hostile strings come out inert.
	h, err := HistogramJSON(HistogramSpec{ID: "chart_h", Title: "</script><b>", XName: "__f__alert(1)__f__", Min: 0, Max: 40, Counts: counts,
		Marker: 32, HasMarker: true, MarkerLabel: "</script><script>__f__alert(2)__f__"})
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<", ">", "&", "__f__"} {
		if strings.Contains(string(h), bad) {
			t.Errorf("output holds %q: %s", bad, h)
		}
	}
	if _, err := HistogramJSON(HistogramSpec{ID: "chart_h", Min: 0, Max: 40, Counts: counts[:10]}); err == nil {
		t.Error("wrong number of counts accepted")
	}
	if _, err := HistogramJSON(HistogramSpec{ID: "chart-h", Min: 0, Max: 40, Counts: counts}); err == nil {
		t.Error("an id that is no JS identifier accepted")
	}
}
