package chart

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/reportpack/reportpack/generator/model"
)

const (
	scriptName = "</script><script>alert(1)</script>"
	markerName = "__f__alert(2)__f__"
)

var testGroups = []GroupOption{
	{ID: "male", Label: "Male"},
	{ID: "female", Label: "Female"},
	{ID: "disadvantaged", Label: "Disadvantaged"},
	{ID: "other", Label: "Other (not disadvantaged)"},
	{ID: "eal", Label: "English additional language"},
}

// testPoints are a small cohort; named gives them names.
func testPoints(named bool) []Point {
	pts := []Point{
		{X: 104.5, Y: 0.77, Groups: []model.GroupID{"male", "disadvantaged"}},
		{X: 98.2, Y: -1.234, Groups: []model.GroupID{"female", "other", "eal"}},
		{X: 110.1, Y: 1.5, Groups: []model.GroupID{"female", "other"}},
		{X: 92.0, Y: -3.1, Adjusted: true, Groups: []model.GroupID{"male", "disadvantaged", "eal"}},
		{X: 104.5, Y: -0.2, Groups: []model.GroupID{"male", "other"}},
		{X: 101.3, Y: 0.004, Groups: []model.GroupID{"female", "disadvantaged"}},
	}
	if named {
		names := []string{"Ada Lovelace", scriptName, "Grace Hopper", markerName, "Alan Turing", "Mary Somerville"}
		for i := range pts {
			pts[i].Label = names[i]
		}
	}
	return pts
}

func testSpec(named bool) ScatterSpec {
	return ScatterSpec{
		ID:              "ks4_p8_scatter",
		Measure:         "ks4_p8",
		XName:           "KS2 prior attainment (average scaled score)",
		YName:           "Progress 8 score",
		XDecimals:       1,
		YDecimals:       2,
		Points:          testPoints(named),
		HighlightGroups: testGroups,
		Named:           named,
	}
}

// decoded is the part of the payload the tests look at.
type decoded struct {
	ID        string `json:"id"`
	Highlight string `json:"highlight"`
	Count     int    `json:"count"`
	Groups    []struct {
		ID    string `json:"id"`
		Label string `json:"label"`
	} `json:"groups"`
	Option struct {
		Series []struct {
			ID       string           `json:"id"`
			Name     string           `json:"name"`
			Data     []map[string]any `json:"data"`
			MarkLine struct {
				Data []map[string]any `json:"data"`
			} `json:"markLine"`
		} `json:"series"`
		XAxis []struct {
			Type string `json:"type"`
		} `json:"xAxis"`
		YAxis []struct {
			Type string `json:"type"`
		} `json:"yAxis"`
	} `json:"option"`
}

func mustJSON(t *testing.T, spec ScatterSpec) ([]byte, decoded) {
	t.Helper()
	b, err := ScatterJSON(spec)
	if err != nil {
		t.Fatalf("ScatterJSON: %v", err)
	}
	var d decoded
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, b)
	}
	return b, d
}

// items lists every data item of every series.
func (d decoded) items() []map[string]any {
	var out []map[string]any
	for _, s := range d.Option.Series {
		out = append(out, s.Data...)
	}
	return out
}

func TestHostileStringsAreInert(t *testing.T) {
	hostile := []string{
		scriptName,
		markerName,
		"___f__f__",           // a marker completed by a neutralised one
		"__f__f__f__f__",      // overlapping markers
		"<!--<script>",        // opens a script data escape state
		"a & b > c",           // the other escaped characters
		"line\u2028sep\u2029", // JS line terminators
		"</SCRIPT >",
	}
	for _, name := range hostile {
		t.Run(name, func(t *testing.T) {
			spec := testSpec(true)
			spec.Points[0].Label = name
			spec.Title, spec.XName, spec.YName = name, name, name
			spec.HighlightGroups = append(slices.Clone(testGroups), GroupOption{ID: "cla", Label: name})
			b, d := mustJSON(t, spec)
			for _, bad := range []string{"<", ">", "&", "__f__", "\u2028", "\u2029"} {
				if bytes.Contains(b, []byte(bad)) {
					t.Errorf("output contains raw %q:\n%s", bad, b)
				}
			}
			// The name survives, readably: only the marker is broken up.
			want := strings.ReplaceAll(neutralise(name), "\u200b", "")
			if want != name {
				t.Errorf("neutralised name reads %q, want %q", want, name)
			}
			found := false
			for _, it := range d.items() {
				if it["name"] == neutralise(name) {
					found = true
				}
			}
			if !found {
				t.Errorf("name %q not found in the data", name)
			}
		})
	}
	// The exact escape the brief asks for.
	spec := testSpec(true)
	b, _ := mustJSON(t, spec)
	if !bytes.Contains(b, []byte(`\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e`)) {
		t.Errorf("the script name is not escaped as \\u003c...: %s", b)
	}
}

// page is how a layout embeds the block: the JSON as json.RawMessage (or
// template.JS) in a JSON script, which html/template treats as a JS context.
var page = template.Must(template.New("p").Parse(
	`<div id="{{.ID}}" class="chart rp-scatter" style="height:480px"></div>` + "\n" +
		`<script type="application/json" class="rp-scatter-data" id="{{.ID}}-data" data-target="{{.ID}}" data-measure="{{.Measure}}">{{.Data}}</script>` + "\n" +
		`<p>after</p>`))

func TestEmbeddedInHTMLTemplateStaysInert(t *testing.T) {
	b, err := ScatterJSON(testSpec(true))
	if err != nil {
		t.Fatal(err)
	}
	blockRE := regexp.MustCompile(`(?s)<script type="application/json"[^>]*>(.*?)</script>`)
	for _, tc := range []struct {
		name string
		data any
	}{
		{"json.RawMessage", json.RawMessage(b)},
		{"template.JS", template.JS(b)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			err := page.Execute(&out, map[string]any{"ID": "ks4_p8_scatter", "Measure": "ks4_p8", "Data": tc.data})
			if err != nil {
				t.Fatal(err)
			}
			html := out.String()
			low := strings.ToLower(html)
			if strings.Contains(low, "</script><script") || strings.Contains(low, "alert(1)</script") {
				t.Errorf("the name broke out of the script block:\n%s", html)
			}
			if n := strings.Count(low, "</script"); n != 1 {
				t.Errorf("%d </script in the page, want 1 (the block's own):\n%s", n, html)
			}
			if strings.Contains(low, "<!--") || strings.Contains(html, "__f__") {
				t.Errorf("page contains a comment opener or marker:\n%s", html)
			}
			m := blockRE.FindStringSubmatch(html)
			if m == nil {
				t.Fatalf("no data block in:\n%s", html)
			}
			// What the browser's JSON.parse sees is the same data.
			var got, want any
			if err := json.Unmarshal([]byte(m[1]), &got); err != nil {
				t.Fatalf("block content is not JSON: %v\n%s", err, m[1])
			}
			_ = json.Unmarshal(b, &want)
			gb, _ := json.Marshal(got)
			wb, _ := json.Marshal(want)
			if !bytes.Equal(gb, wb) {
				t.Errorf("block content changed in the template:\n got %s\nwant %s", gb, wb)
			}
		})
	}
}

func TestNamesOnlyInNamedProfile(t *testing.T) {
	names := []string{"Ada Lovelace", "Grace Hopper", "Alan Turing", "Mary Somerville", "alert(1)", "alert(2)"}
	tests := []struct {
		name      string
		named     bool
		wantNames bool
	}{
		{"anonymised", false, false},
		{"named", true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, d := mustJSON(t, testSpec(tc.named))
			for _, n := range names {
				if got := bytes.Contains(b, []byte(n)); got != tc.wantNames {
					t.Errorf("name %q in output = %v, want %v", n, got, tc.wantNames)
				}
			}
			for _, it := range d.items() {
				_, has := it["name"]
				if has != tc.wantNames {
					t.Errorf("data item %v: name key = %v, want %v", it, has, tc.wantNames)
				}
				// A point is its value and, for adjusted scores, a
				// symbol: nothing that could index the pupil file.
				for k := range it {
					if k != "value" && k != "symbol" && k != "name" {
						t.Errorf("data item has unexpected key %q", k)
					}
				}
			}
		})
	}
}

func TestLabelWithoutNamedIsAnError(t *testing.T) {
	spec := testSpec(true)
	spec.Named = false
	_, err := ScatterJSON(spec)
	if err == nil {
		t.Fatal("a labelled point in a spec that is not Named was accepted")
	}
	if strings.Contains(err.Error(), "Ada") {
		t.Errorf("the error names the pupil: %v", err)
	}
	if _, err := AccessibleTable(spec); err == nil {
		t.Error("AccessibleTable accepted a labelled point in a spec that is not Named")
	}
}

func TestDeterministic(t *testing.T) {
	for _, named := range []bool{false, true} {
		spec := testSpec(named)
		first, d := mustJSON(t, spec)
		if d.ID != spec.ID {
			t.Errorf("payload id %q, want %q", d.ID, spec.ID)
		}
		pts, err := prepare(spec)
		if err != nil {
			t.Fatal(err)
		}
		if c := buildOption(spec, pts, 2, "Disadvantaged"); c.ChartID != spec.ID {
			t.Errorf("ChartID %q, want %q", c.ChartID, spec.ID)
		}
		r := rand.New(rand.NewPCG(1, 2))
		for i := 0; i < 20; i++ {
			// Any input order gives the same bytes: the order follows the
			// values, not the pupil file.
			shuffled := spec
			shuffled.Points = slices.Clone(spec.Points)
			r.Shuffle(len(shuffled.Points), func(a, b int) {
				shuffled.Points[a], shuffled.Points[b] = shuffled.Points[b], shuffled.Points[a]
			})
			again, _ := mustJSON(t, shuffled)
			if !bytes.Equal(first, again) {
				t.Fatalf("output differs between runs:\n%s\n%s", first, again)
			}
		}
	}
}

func TestStructure(t *testing.T) {
	tests := []struct {
		name      string
		spec      func() ScatterSpec
		highlight string
		hlCount   int // points in the highlighted series
		legend    int
	}{
		{"default disadvantaged", func() ScatterSpec { return testSpec(false) }, "disadvantaged", 3, 2},
		{"chosen group", func() ScatterSpec { s := testSpec(false); s.Highlight = "eal"; return s }, "eal", 2, 2},
		{"first when no disadvantaged", func() ScatterSpec {
			s := testSpec(false)
			s.HighlightGroups = testGroups[:2]
			return s
		}, "male", 3, 2},
		{"no groups", func() ScatterSpec { s := testSpec(false); s.HighlightGroups = nil; return s }, "", 0, 1},
		{"no points", func() ScatterSpec { s := testSpec(false); s.Points = nil; return s }, "disadvantaged", 0, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spec := tc.spec()
			_, d := mustJSON(t, spec)
			if d.Highlight != tc.highlight {
				t.Errorf("highlight %q, want %q", d.Highlight, tc.highlight)
			}
			if len(d.Option.XAxis) != 1 || d.Option.XAxis[0].Type != "value" ||
				len(d.Option.YAxis) != 1 || d.Option.YAxis[0].Type != "value" {
				t.Errorf("axes are not value axes: %+v %+v", d.Option.XAxis, d.Option.YAxis)
			}
			if len(d.Option.Series) != 2 || d.Option.Series[0].ID != "other" || d.Option.Series[1].ID != "highlighted" {
				t.Fatalf("series: %+v", d.Option.Series)
			}
			zero := false
			for _, s := range d.Option.Series {
				for _, m := range s.MarkLine.Data {
					if y, ok := m["yAxis"]; ok && y == 0.0 {
						zero = true
					}
				}
				if s.Data == nil {
					t.Errorf("series %s has null data", s.ID)
				}
			}
			if !zero {
				t.Error("no markLine at y = 0")
			}
			items := d.items()
			if len(items) != len(spec.Points) || d.Count != len(spec.Points) {
				t.Errorf("%d data points (count %d), want %d", len(items), d.Count, len(spec.Points))
			}
			if n := len(d.Option.Series[1].Data); n != tc.hlCount {
				t.Errorf("%d highlighted points, want %d", n, tc.hlCount)
			}
			bit := -1
			for i, g := range d.Groups {
				if g.ID == tc.highlight {
					bit = i
				}
			}
			// Without groups a point carries no bitmask at all.
			dims := 4
			if len(spec.HighlightGroups) == 0 {
				dims = 3
			}
			for si, s := range d.Option.Series {
				for i, it := range s.Data {
					v := it["value"].([]any)
					if len(v) != dims {
						t.Fatalf("value %v: want %d entries", v, dims)
					}
					in := bit >= 0 && int(v[3].(float64))&(1<<bit) != 0
					if in != (si == 1) {
						t.Errorf("point %v in series %s", v, s.ID)
					}
					if adj := v[2].(float64) == 1; adj != (it["symbol"] != nil) {
						t.Errorf("point %v: symbol %v", v, it["symbol"])
					}
					if i > 0 {
						p := s.Data[i-1]["value"].([]any)
						if p[0].(float64) > v[0].(float64) || p[0] == v[0] && p[1].(float64) > v[1].(float64) {
							t.Errorf("series %s not sorted at %d: %v then %v", s.ID, i, p, v)
						}
					}
				}
			}
		})
	}
}

// A chart that offers no highlight carries no group membership: no group
// list, no highlight, no bitmask dimension, whatever groups the points
// were given.
func TestNoGroupsNoMembership(t *testing.T) {
	spec := testSpec(false)
	spec.HighlightGroups = nil
	b, _ := mustJSON(t, spec)
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"groups", "highlight", "otherLabel"} {
		if _, ok := raw[k]; ok {
			t.Errorf("payload has %q", k)
		}
	}
	if dims := fmt.Sprint(raw["dims"]); dims != "[x y adjusted]" {
		t.Errorf("dims %s, want [x y adjusted]", dims)
	}
	for _, g := range testGroups {
		// "other" is also the rest-of-pupils series' id, which names no group.
		if g.ID != "other" && strings.Contains(string(b), `"`+string(g.ID)+`"`) || strings.Contains(string(b), g.Label) {
			t.Errorf("output names group %s", g.ID)
		}
	}
	rows, err := AccessibleTable(spec)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if len(r.Groups) > 0 {
			t.Errorf("table row lists groups %v", r.Groups)
		}
	}
}

func TestRoundingAndMask(t *testing.T) {
	_, d := mustJSON(t, testSpec(false))
	var got [][]any
	for _, it := range d.items() {
		got = append(got, it["value"].([]any))
	}
	// -1.234 to 2 places; 0.004 to 0 (never -0); bits in HighlightGroups order.
	want := map[float64][]any{
		98.2:  {98.2, -1.23, 0.0, float64(2 | 8 | 16)},
		101.3: {101.3, 0.0, 0.0, float64(2 | 4)},
		92:    {92.0, -3.1, 1.0, float64(1 | 4 | 16)},
	}
	for _, v := range got {
		if w, ok := want[v[0].(float64)]; ok && !slices.Equal(v, w) {
			t.Errorf("value %v, want %v", v, w)
		}
	}
}

func TestInvalidSpecs(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*ScatterSpec)
	}{
		{"empty id", func(s *ScatterSpec) { s.ID = "" }},
		{"id starts with digit", func(s *ScatterSpec) { s.ID = "1chart" }},
		{"id with hyphen", func(s *ScatterSpec) { s.ID = "p8-chart" }},
		{"id with quote", func(s *ScatterSpec) { s.ID = `a"b` }},
		{"reserved word", func(s *ScatterSpec) { s.ID = "class" }},
		{"marker id", func(s *ScatterSpec) { s.ID = "__f__" }},
		{"bad measure", func(s *ScatterSpec) { s.Measure = "ks4 p8" }},
		{"bad group id", func(s *ScatterSpec) { s.HighlightGroups = []GroupOption{{ID: "a\"b", Label: "x"}} }},
		{"duplicate group", func(s *ScatterSpec) { s.HighlightGroups = append(s.HighlightGroups, testGroups[0]) }},
		{"unknown highlight", func(s *ScatterSpec) { s.Highlight = "cla" }},
		{"NaN", func(s *ScatterSpec) { s.Points[1].Y = math.NaN() }},
		{"Inf", func(s *ScatterSpec) { s.Points[1].X = math.Inf(1) }},
		{"too many decimals", func(s *ScatterSpec) { s.YDecimals = 11 }},
		{"too many groups", func(s *ScatterSpec) {
			s.HighlightGroups = nil
			for i := 0; i <= MaxHighlightGroups; i++ {
				s.HighlightGroups = append(s.HighlightGroups, GroupOption{ID: model.GroupID("g" + string(rune('a'+i%26)) + string(rune('a'+i/26))), Label: "g"})
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spec := testSpec(false)
			tc.modify(&spec)
			if _, err := ScatterJSON(spec); err == nil {
				t.Error("ScatterJSON accepted it")
			}
			if _, err := AccessibleTable(spec); err == nil {
				t.Error("AccessibleTable accepted it")
			}
		})
	}
}

func TestNeutralise(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"__f__", "_\u200b_f_\u200b_"},
		{markerName, "_\u200b_f_\u200b_alert(2)_\u200b_f_\u200b_"},
		{"_f_", "_f_"},
	}
	for _, tc := range tests {
		if got := neutralise(tc.in); got != tc.want {
			t.Errorf("neutralise(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// Every string of '_' and 'f' up to 12 long: no marker survives, and
	// without the zero-width spaces the text is unchanged.
	var walk func(s string)
	walk = func(s string) {
		got := neutralise(s)
		if strings.Contains(got, fnMarker) {
			t.Fatalf("neutralise(%q) = %q still has the marker", s, got)
		}
		if strings.ReplaceAll(got, "\u200b", "") != s {
			t.Fatalf("neutralise(%q) = %q changed the text", s, got)
		}
		if len(s) < 12 {
			walk(s + "_")
			walk(s + "f")
		}
	}
	walk("")
}

func TestRoundAndFormat(t *testing.T) {
	tests := []struct {
		v    float64
		d    int
		r    float64
		text string
	}{
		{0.125, 2, 0.13, "0.13"},
		{-0.125, 2, -0.13, "-0.13"},
		{-0.001, 2, 0, "0.00"},
		{104.25, 1, 104.3, "104.3"},
		{1.5, 0, 2, "2"},
		{-2.5, 0, -3, "-3"},
		{0.123456, -1, 0.123456, "0.123456"},
	}
	for _, tc := range tests {
		r := round(tc.v, tc.d)
		if r != tc.r || math.Signbit(r) && r == 0 {
			t.Errorf("round(%v, %d) = %v, want %v", tc.v, tc.d, r, tc.r)
		}
		if got := format(r, tc.d); got != tc.text {
			t.Errorf("format(%v, %d) = %q, want %q", r, tc.d, got, tc.text)
		}
	}
}
