package chart

import (
	"encoding/json"
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
				MarkArea struct{ Data [][]map[string]any }
			}
			YAxis struct{ Data []string }
		}
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	if d.Kind != "bars" || d.Option.YAxis.Data[0] != "</script><script>alert(1)</script>" {
		t.Errorf("kind %q, labels %q", d.Kind, d.Option.YAxis.Data)
	}
	if got := d.Option.Series[0].Data; got[0] != 50.0 || got[1] != "-" || got[2] != "-" {
		t.Errorf("school data %v: a missing figure must be drawn as nothing", got)
	}
	if got := d.Option.Series[1].Data; got[0] != "-" || got[1] != 40.0 {
		t.Errorf("national data %v", got)
	}
	if a := d.Option.Series[0].MarkArea.Data; len(a) != 2 || a[0][0]["name"] != "A & B" || a[0][1]["yAxis"] != "two" {
		t.Errorf("areas %v", a)
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
	if _, err := HistogramJSON(HistogramSpec{ID: "chart_h", Min: 0, Max: 40, Counts: counts[:10]}); err == nil {
		t.Error("wrong number of counts accepted")
	}
	if _, err := HistogramJSON(HistogramSpec{ID: "chart-h", Min: 0, Max: 40, Counts: counts}); err == nil {
		t.Error("an id that is no JS identifier accepted")
	}
}
