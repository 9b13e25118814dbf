package site

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/catalog"
	"github.com/reportpack/reportpack/generator/export"
	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/render"
)

// headlineMeasures are the tiles of each key stage's headline page, in
// ASP's order.
var headlineMeasures = map[model.KeyStage][]model.MeasureID{
	model.KS4: {"ks4_p8", "ks4_a8", "ks4_em5", "ks4_em4", "ks4_ebacc_entry", "ks4_ebacc_aps"},
	model.KS2: {"ks2_rwm_exp", "ks2_rwm_high", "ks2_read_prog", "ks2_writ_prog", "ks2_mat_prog", "ks2_read_ss", "ks2_mat_ss", "ks2_gps_ss"},
}

// tileMeasures are an assessment's headline tiles: the key stages' own
// list, or a declared assessment's measures but those its bar charts draw
// (the 17 early learning goals are a chart, not 17 tiles).
func tileMeasures(ks model.KeyStage) []model.MeasureID {
	if ids, ok := headlineMeasures[ks]; ok {
		return ids
	}
	a := assess.ByID(ks)
	if a == nil {
		return nil
	}
	charted := map[model.MeasureID]bool{}
	for _, c := range a.Charts {
		if c.Kind == assess.Bars {
			for _, id := range c.Measures {
				charted[id] = true
			}
		}
	}
	var ids []model.MeasureID
	for _, m := range a.Measures {
		if !charted[m.ID] {
			ids = append(ids, m.ID)
		}
	}
	return ids
}

// cardMeasures are the figures of an assessment's card on the home page:
// its declared Home measures, else its first two headline tiles.
func cardMeasures(ks model.KeyStage) []model.MeasureID {
	if a := assess.ByID(ks); a != nil && len(a.Home) > 0 {
		return a.Home
	}
	ids := tileMeasures(ks)
	return ids[:min(2, len(ids))]
}

// nationalNote says once, at the top of a declared assessment's page,
// where its national figures are not the year's own: the earlier years
// they are from (each tile names its own), and why there are none in a
// year the DfE publishes none (KS1 since 2023/24: "... The last national
// figures are for 2022/23."). Empty when every figure is the year's own.
func nationalNotes(res *measures.Results, yr *measures.YearResults) string {
	var years []model.Year
	var notes []string
	valid, earlier := 0, 0
	for i := range yr.Headlines {
		h := &yr.Headlines[i]
		f := catalog.Resolve(res.National, yr.Year, h.Measure.ID, "all", "")
		switch {
		case !h.Cell.National.Valid:
			if f.Status == catalog.NotPublished && f.Note != "" && !slices.Contains(notes, f.Note) {
				notes = append(notes, f.Note)
			}
			continue
		case f.Status == catalog.Earlier && f.Value == h.Cell.National.V:
			earlier++
			if f.Note != "" && !slices.Contains(notes, f.Note) {
				notes = append(notes, f.Note)
			}
			if !slices.Contains(years, f.Key.Year) {
				years = append(years, f.Key.Year)
			}
		}
		valid++
	}
	slices.Sort(years)
	var out []string
	if len(years) > 0 {
		list := ""
		for i, y := range years {
			switch {
			case i == 0:
			case i == len(years)-1:
				list += " and "
			default:
				list += ", "
			}
			list += y.String()
		}
		if earlier == valid {
			out = append(out, "National figures on this page are from "+list+", the latest year published for them, not "+yr.Year.String()+".")
		} else {
			out = append(out, "Some national figures on this page are from "+list+", the latest year published for them, not "+yr.Year.String()+": each says which year it is from.")
		}
	}
	out = append(out, notes...)
	return strings.Join(out, " ")
}

// dash stands for a figure the data does not have.
const dash = "–"

// formatCell prints a cell's value as its measure is shown, "x" when
// suppressed and a dash when there is no figure.
func formatCell(m *measures.Measure, c measures.Cell) string {
	switch {
	case c.Suppressed:
		return "x"
	case !c.Has:
		return dash
	}
	return m.Format(c.Value)
}

func formatNum(m *measures.Measure, n model.Num) string {
	if !n.Valid {
		return dash
	}
	return m.Format(n.V)
}

func formatCohort(c measures.Cell) string {
	if c.Suppressed {
		return "x"
	}
	return strconv.Itoa(c.Cohort)
}

func formatCI(m *measures.Measure, c measures.Cell) string {
	if c.Suppressed || !c.Has || !c.CI.Valid {
		return ""
	}
	return m.Format(c.CI.Lower) + " to " + m.Format(c.CI.Upper)
}

// headlineViewOf turns a measure's headline into its tile, with the words
// that say why a hidden figure is hidden naming r's thresholds (r nil:
// none) and, where suppression gave no reason, the year's all-pupils row
// from kr's tables deciding it (kr nil: none; see export.CellReason).
func headlineViewOf(r *measures.Results, kr *measures.KeyStageResults, h *measures.Headline) render.Headline {
	m, c := h.Measure, h.Cell
	yearOf := func(y model.Year) *measures.YearResults {
		if kr == nil {
			return &measures.YearResults{Year: y}
		}
		if yr := kr.Year(y); yr != nil {
			return yr
		}
		return &measures.YearResults{Year: y}
	}
	v := render.Headline{
		ID:           string(m.ID),
		Label:        m.Label,
		Has:          c.Has,
		Suppressed:   c.Suppressed,
		Value:        formatCell(m, c),
		Percent:      m.Kind == measures.KindPercent,
		CI:           formatCI(m, c),
		Cohort:       formatCohort(c),
		ShowAdjusted: m.Kind == measures.KindProgress,
		National:     formatNum(m, c.National),
	}
	v.NationalSource, v.NationalNone, _ = nationalNote(r, m, h.Year, c.National)
	if c.Suppressed {
		v.Why = export.ReasonText(r, export.HeadlineReason(yearOf(h.Year), m.ID, &c))
	}
	switch {
	case m.Kind != measures.KindProgress || c.Suppressed:
	case c.AdjustedSuppressed:
		v.Adjusted = "x"
		v.AdjustedWhy = export.ReasonText(r, export.HeadlineAdjustedReason(yearOf(h.Year), m.ID, &c))
	default:
		v.Adjusted = strconv.Itoa(c.AdjustedPupils)
	}
	if c.Has && c.Band != measures.BandNone {
		v.Band = &render.Band{ID: c.Band.ID(), Text: c.Band.Label()}
	}
	if h.Quintile > 0 {
		v.Quintile = fmt.Sprintf("Q%d nationally", h.Quintile)
		if h.Percentile > 0 {
			v.Quintile += fmt.Sprintf(" (percentile %d)", h.Percentile)
		}
	}
	if h.BuildQuintile > 0 {
		v.BuildQuintile = fmt.Sprintf("Q%d among this pack's schools", h.BuildQuintile)
	}
	if len(h.Trend) > 1 {
		for _, t := range h.Trend {
			tp := render.TrendPoint{Year: t.Year.String(), Value: formatCell(m, t.Cell), National: formatNum(m, t.Cell.National)}
			_, tp.NationalNone, tp.NationalYear = nationalNote(r, m, t.Year, t.Cell.National)
			if t.Cell.Suppressed {
				tp.Why = export.ReasonText(r, export.HeadlineReason(yearOf(t.Year), m.ID, &t.Cell))
			}
			v.Trend = append(v.Trend, tp)
		}
	}
	return v
}

// nationalNote says where a headline's national figure n for year y came
// from (source, with the year when it is an earlier year's), or, when
// there is none because the DfE publishes none that year, why (none);
// earlier is the figure's year when it is not y. It asks catalog.Resolve,
// which chose the figure, over r's national figures (r nil: no words).
func nationalNote(r *measures.Results, m *measures.Measure, y model.Year, n model.Num) (source, none, earlier string) {
	if r == nil {
		return "", "", ""
	}
	f := catalog.Resolve(r.National, y, m.ID, "all", "")
	switch {
	case !n.Valid && f.Status == catalog.NotPublished:
		return "", f.Note, ""
	case !n.Valid || f.Value != n.V:
		return "", "", ""
	case f.Status == catalog.Earlier:
		return f.Phrase(), "", f.Key.Year.String()
	}
	return f.Phrase(), "", ""
}

// keyStageView builds a key stage's headline page from its results.
func keyStageView(res *measures.Results, ks model.KeyStage) *render.KeyStageView {
	kr := res.KeyStage(ks)
	if kr == nil || len(kr.Years) == 0 {
		return nil
	}
	latest := kr.Latest()
	kv := &render.KeyStageView{Name: lowerFirst(keyStageTitle(ks)), Year: latest.Year.String()}
	if len(kr.Years) > 1 {
		kv.Years = yearList(kr)
	}
	for _, id := range tileMeasures(ks) {
		if h := latest.Headline(id); h != nil {
			kv.Headlines = append(kv.Headlines, headlineViewOf(res, kr, h))
		}
	}
	if a := assess.ByID(ks); a != nil && !a.Typed {
		kv.Intro, kv.Notes = a.Intro, a.Notes
		kv.NationalNote = nationalNotes(res, latest)
		kv.Declared = true
	}
	// The cohort is the first table's all-pupils row, as suppression left it.
	if len(latest.Tables) > 0 && len(latest.Tables[0].Unfiltered) > 0 {
		row := latest.Tables[0].Unfiltered[0]
		kv.Cohort = strconv.Itoa(row.Cohort)
		if row.Suppressed {
			kv.Cohort = "x"
		}
	}
	return kv
}

func yearList(kr *measures.KeyStageResults) string {
	s := ""
	for i, y := range kr.Years {
		switch {
		case i == 0:
		case i == len(kr.Years)-1:
			s += " and "
		default:
			s += ", "
		}
		s += y.Year.String()
	}
	return s
}

// lowerFirst lower-cases a title's first letter for use mid-sentence.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
