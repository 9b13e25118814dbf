package site

import (
	"bytes"
	"strings"
	"testing"

	"github.com/reportpack/reportpack"
	"github.com/reportpack/reportpack/generator/catalog"
	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/render"
	"github.com/reportpack/reportpack/generator/sample"
)

// With only the built-in published figures (a site with no national.csv),
// tiles name the source and, for an earlier year's figure, its year; in a
// year the DfE publishes none they say so in words.
func TestHeadlinesNameTheirNationalFigures(t *testing.T) {
	d := sample.Generate(sample.Options{Schools: 2, Pupils: 60, Years: 3, Seed: 2}) // 2022/23 to 2024/25
	bySchool := map[model.URN][]model.Pupil{}
	for _, p := range d.Pupils {
		bySchool[p.URN] = append(bySchool[p.URN], p)
	}
	views := map[model.KeyStage]*render.KeyStageView{}
	for _, pupils := range bySchool {
		res := measures.Compute(pupils, catalog.Defaults(), d.Params, d.Estimates, measures.Options{FilterYears: 1})
		for _, ks := range res.KeyStages {
			views[ks.KeyStage] = keyStageView(&res, ks.KeyStage)
		}
	}
	tile := func(ks model.KeyStage, id string) render.Headline {
		t.Helper()
		if views[ks] == nil {
			t.Fatalf("no %s page", ks)
		}
		for _, h := range views[ks].Headlines {
			if h.ID == id {
				return h
			}
		}
		t.Fatalf("no %s tile", id)
		return render.Headline{}
	}
	for _, tc := range []struct {
		ks               model.KeyStage
		id               string
		national, source string
		none             string
		trend            []string // the trend's national cells: value (year) or "none"
	}{
		// KS4 2024/25: the latest published A8 is 2022/23's.
		{model.KS4, "ks4_a8", "46.2", "national 2022/23, the latest in reportpack's figures: DfE, Key stage 4 performance 2022/23", "",
			[]string{"46.2", "46.2 (2022/23)", "46.2 (2022/23)"}},
		{model.KS4, "ks4_em4", "65", "national 2022/23, the latest in reportpack's figures", "", nil},
		// No Progress 8 for 2024/25, in words, not an older figure.
		{model.KS4, "ks4_p8", "–", "", "The DfE publishes no national Progress 8 for 2024/25", []string{"-0.03", "-0.03 (2022/23)", "none"}},
		// KS2 2024/25: 2023/24's figures, the latest built in.
		{model.KS2, "ks2_rwm_exp", "61", "national 2023/24, the latest in reportpack's figures: DfE, Key stage 2 attainment 2023/24", "",
			[]string{"–", "61", "61 (2023/24)"}},
		{model.KS2, "ks2_read_prog", "–", "", "The DfE publishes no national key stage 2 progress for 2024/25", []string{"–", "none", "none"}},
		// No published figure at all: a bare dash, no source.
		{model.KS2, "ks2_read_ss", "–", "", "", nil},
	} {
		h := tile(tc.ks, tc.id)
		if h.National != tc.national || !strings.HasPrefix(h.NationalSource, tc.source) || (tc.source == "") != (h.NationalSource == "") ||
			!strings.HasPrefix(h.NationalNone, tc.none) || (tc.none == "") != (h.NationalNone == "") {
			t.Errorf("%s: national %q source %q none %q\nwant %q, %q, %q", tc.id, h.National, h.NationalSource, h.NationalNone, tc.national, tc.source, tc.none)
		}
		if tc.trend != nil {
			var got []string
			for _, p := range h.Trend {
				s := p.National
				if p.NationalYear != "" {
					s += " (" + p.NationalYear + ")"
				}
				if p.NationalNone != "" {
					s = "none"
				}
				got = append(got, s)
			}
			if strings.Join(got, "|") != strings.Join(tc.trend, "|") {
				t.Errorf("%s trend: %q, want %q", tc.id, got, tc.trend)
			}
		}
	}

	// The tile prints it, escaped.
	h := tile(model.KS4, "ks4_p8")
	h.NationalNone += " <b>"
	th, l := render.LoadTheme(reportpack.DefaultTheme(), "themes/default")
	if l.HasErrors() {
		t.Fatal(l)
	}
	var buf bytes.Buffer
	if err := th.RenderPartial(&buf, "tile", h); err != nil {
		t.Fatal(err)
	}
	if s := buf.String(); !strings.Contains(s, "publishes no national Progress 8 for 2024/25") || !strings.Contains(s, "&lt;b&gt;") {
		t.Errorf("tile:\n%s", s)
	}
}

// A site's own figure for the pack's year is its own, not the DfE's.
func TestHeadlineSiteFigure(t *testing.T) {
	d := sample.Generate(sample.Options{Schools: 1, Pupils: 60, Years: 1, Seed: 2})
	nat := catalog.Defaults()
	nat[model.NationalKey{Year: 2025, Measure: "ks4_p8", Group: "all"}] = 0.01
	res := measures.Compute(d.Pupils, nat, d.Params, d.Estimates, measures.Options{})
	kv := keyStageView(&res, model.KS4)
	for _, h := range kv.Headlines {
		if h.ID == "ks4_p8" && (h.National != "0.01" || h.NationalSource != "the site's own national figures" || h.NationalNone != "") {
			t.Errorf("ks4_p8: %+v", h)
		}
	}
}
