package site

import (
	"fmt"
	"math"
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
		f := catalog.Resolve(res.National, yr.Year, h.Measure.ID, "all", res.Phase)
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

// viewWords are the words views.go puts on pages around figures, for the
// leak check's vocabulary (see Project.vocabulary).
var viewWords = func() []string {
	w := []string{
		"National figures on this page are for all schools: this school's phase has no figures of its own.",
		"National figures on this page are for , this school's phase.",
		"National figures on this page are for all schools: none are published for alone.",
		"National figures on this page are for , this school's phase, where published (), and otherwise for all schools ().",
		"primary schools", "secondary schools", "special schools", "all schools", "for", " per 100 pupils",
		"The data covers every year group from to .",
		"The data covers only: the figures on this page are of the pupils in the year groups the data holds, not of the whole school.",
		"pupils on roll in the data", "About phase comparators",
	}
	for _, c := range cohortWords {
		w = append(w, c)
	}
	for y := model.NCYear(0); y <= 15; y++ {
		w = append(w, measures.YearGroup(y).Label)
	}
	return w
}()

// cohortWords follow the cohort in the first line of a declared
// assessment's page whose cohort is not "pupils with results".
var cohortWords = map[model.Assessment]string{
	"attendance": "pupils with sessions recorded",
}

// coverage says which year groups the latest year's data covers, from the
// rows of its first table by year group: "The data covers Year 6 and Year
// 11 only: ..." where they are not a whole phase's (Reception to Year 6,
// Year 7 to 11, or both), else "The data covers Reception to Year 6.".
// Empty when there is no such table.
func coverage(yr *measures.YearResults) string {
	var t *measures.Table
	for i := range yr.Tables {
		if yr.Tables[i].Def.ByYearGroup {
			t = &yr.Tables[i]
			break
		}
	}
	if t == nil || len(t.Unfiltered) == 0 {
		return ""
	}
	var ys []model.NCYear
	for _, r := range t.Unfiltered {
		for y := model.NCYear(0); y <= 14; y++ {
			if measures.YearGroup(y).ID == r.Group.ID {
				ys = append(ys, y)
			}
		}
	}
	if len(ys) == 0 {
		return ""
	}
	first, last := ys[0], ys[len(ys)-1]
	contiguous := int(last-first)+1 == len(ys) // ys ascend, each once
	if contiguous && (first == 0 && last >= 6 || first == 7 && last >= 11) {
		return "The data covers every year group from " + first.String() + " to " + last.String() + "."
	}
	var words []string
	for _, y := range ys {
		words = append(words, y.String())
	}
	return "The data covers " + listWords(words) + " only: the figures on this page are of the pupils in the year groups the data holds, not of the whole school."
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
	return formatBound(m, c.CI.Lower) + " to " + formatBound(m, c.CI.Upper)
}

// formatBound writes a confidence bound as the measure rounds, or with up
// to three more decimals where that rounds a bound that is not zero to
// zero: "0.00 to 0.52" beside "above average" reads as touching zero, and
// the interval lies wholly above it ("0.004 to 0.52").
func formatBound(m *measures.Measure, v float64) string {
	s := m.Format(v)
	for d := m.Decimals + 1; v != 0 && d <= m.Decimals+3; d++ {
		if f, err := strconv.ParseFloat(s, 64); err != nil || f != 0 {
			break
		}
		p := math.Pow10(d)
		s = strconv.FormatFloat(math.Round(v*p)/p, 'f', d, 64)
	}
	return s
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
		Percent:      unitOf(m) == "%",
		Unit:         unitOf(m),
		NoNational:   m.Kind == measures.KindCount,
		CI:           formatCI(m, c),
		Cohort:       formatCohort(c),
		ShowAdjusted: m.Kind == measures.KindProgress,
		National:     formatNum(m, c.National),
	}
	v.NationalSource, v.NationalNone, _ = nationalNote(r, m, h.Year, c.National)
	v.NationalFor = nationalFor(r, m, h.Year, c.National)
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
		v.Quintile = fmt.Sprintf("Q%d nationally (Q1 = top 20%%)", h.Quintile)
		if h.Percentile > 0 {
			v.Quintile += fmt.Sprintf(" (percentile %d)", h.Percentile)
		}
	}
	if h.BuildQuintile > 0 {
		v.BuildQuintile = fmt.Sprintf("Q%d among this pack's schools (Q1 = top 20%%)", h.BuildQuintile)
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
	f := catalog.Resolve(r.National, y, m.ID, "all", r.Phase)
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
		kv.Comparator = comparatorNote(res, latest)
		kv.CohortWords = cohortWords[ks]
		if kv.CohortWords == "" && a.EveryRow {
			kv.CohortWords = "pupils on roll in the data"
		}
		if a.EveryRow && len(a.Columns) == 0 {
			kv.Coverage = coverage(latest)
		}
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
	if s == "" || len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z' { // "SEN support", "EHC plan" keep theirs
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// unitOf is what follows a measure's figure on a page: "%" for a
// percentage (of pupils, or of sessions: absence), " per 100 pupils" for a
// rate per head (suspensions, exclusions), and nothing for a count of
// pupils, a mean or a progress score.
func unitOf(m *measures.Measure) string {
	if cm := catalog.MeasureByID(m.ID); cm != nil {
		switch cm.Unit {
		case catalog.Rate:
			return " per 100 pupils"
		case catalog.Count:
			return ""
		}
	}
	switch m.Kind {
	case measures.KindPercent:
		return "%"
	case measures.KindRatio:
		if m.Scale == 100 {
			return "%"
		}
	}
	return ""
}

// byPhase reports whether a measure's national figures may differ by the
// school's phase (attendance, suspensions, the school's characteristics:
// national.csv's phase column), so that its page says which schools its
// national figures are for.
func byPhase(m *measures.Measure) bool {
	cm := catalog.MeasureByID(m.ID)
	return cm != nil && cm.Phase == catalog.All && cm.Unit != catalog.Count
}

// phaseWords names the schools a national figure is for: "primary
// schools", or "all schools" for a figure of no phase.
func phaseWords(ph model.Phase) string {
	if ph == "" {
		return "all schools"
	}
	return string(ph) + " schools"
}

// nationalFor names the schools the national figure n of a measure whose
// figures differ by phase is for ("secondary schools", or "all schools"
// when there is none for the school's phase); empty for other measures,
// for no figure, or a figure Resolve did not choose.
func nationalFor(r *measures.Results, m *measures.Measure, y model.Year, n model.Num) string {
	if r == nil || !n.Valid || !byPhase(m) {
		return ""
	}
	f := catalog.Resolve(r.National, y, m.ID, "all", r.Phase)
	if (f.Status != catalog.Exact && f.Status != catalog.Earlier) || f.Value != n.V {
		return ""
	}
	return phaseWords(f.Key.Phase)
}

// comparatorNote says at the top of a page of measures whose national
// figures differ by phase which schools they are compared with: "National
// figures are for secondary schools, the school's phase." or, where the
// phase has none, all schools. Empty for other pages.
func comparatorNote(res *measures.Results, yr *measures.YearResults) string {
	var phased, all []string
	for i := range yr.Headlines {
		h := &yr.Headlines[i]
		switch nationalFor(res, h.Measure, yr.Year, h.Cell.National) {
		case "":
		case "all schools":
			all = append(all, h.Measure.Label)
		default:
			phased = append(phased, h.Measure.Label)
		}
	}
	switch {
	case len(phased) == 0 && len(all) == 0:
		return ""
	case res.Phase == "":
		return "National figures on this page are for all schools: this school's phase has no figures of its own."
	case len(all) == 0:
		return "National figures on this page are for " + phaseWords(res.Phase) + ", this school's phase."
	case len(phased) == 0:
		return "National figures on this page are for all schools: none are published for " + phaseWords(res.Phase) + " alone."
	}
	return "National figures on this page are for " + phaseWords(res.Phase) + ", this school's phase, where published (" +
		listWords(phased) + "), and otherwise for all schools (" + listWords(all) + ")."
}

// listWords joins words as a sentence lists them: "a, b and c".
func listWords(ws []string) string {
	switch len(ws) {
	case 0:
		return ""
	case 1:
		return ws[0]
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " and " + ws[len(ws)-1]
}
