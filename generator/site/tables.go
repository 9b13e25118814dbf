package site

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/reportpack/reportpack/generator/content"
	"github.com/reportpack/reportpack/generator/export"
	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/render"
)

// measureTerms and groupTerms point the "?" links of tables at glossary
// entries; a term the site's glossary lacks simply gets no link.
var measureTerms = map[model.MeasureID]string{
	"ks4_p8": "progress-8", "ks4_p8_unadj": "adjusted-scores",
	"ks4_p8_eng": "progress-8-elements", "ks4_p8_mat": "progress-8-elements", "ks4_p8_ebacc": "progress-8-elements", "ks4_p8_open": "progress-8-elements",
	"ks4_a8": "attainment-8", "ks4_a8_eng": "attainment-8", "ks4_a8_mat": "attainment-8", "ks4_a8_ebacc": "attainment-8", "ks4_a8_open": "attainment-8",
	"ks4_ebacc_entry": "ebacc-entry", "ks4_ebacc_aps": "ebacc-aps", "ks4_em5": "english-maths-grades", "ks4_em4": "english-maths-grades",
	"ks2_rwm_exp": "expected-standard", "ks2_read_exp": "expected-standard", "ks2_writ_exp": "expected-standard", "ks2_mat_exp": "expected-standard", "ks2_gps_exp": "expected-standard",
	"ks2_rwm_high": "higher-standard", "ks2_read_high": "higher-standard", "ks2_mat_high": "higher-standard", "ks2_gps_high": "higher-standard", "ks2_writ_high": "higher-standard",
	"ks2_read_ss": "scaled-scores", "ks2_mat_ss": "scaled-scores", "ks2_gps_ss": "scaled-scores",
	"ks2_read_prog": "ks2-progress", "ks2_writ_prog": "ks2-progress", "ks2_mat_prog": "ks2-progress",
	"eyfs_gld": "good-level-of-development", "eyfs_elg_avg": "early-learning-goals", "eyfs_all17": "early-learning-goals", "eyfs_cll": "early-learning-goals",
	"phonics_y1": "phonics-screening-check", "phonics_y2": "phonics-screening-check", "phonics_mark_avg": "phonics-screening-check",
	"ks1_rwm_exp": "ks1-teacher-assessment", "ks1_rwm_gds": "ks1-teacher-assessment", "ks1_read_exp": "ks1-teacher-assessment", "ks1_read_gds": "ks1-teacher-assessment",
	"ks1_writ_exp": "ks1-teacher-assessment", "ks1_writ_gds": "ks1-teacher-assessment", "ks1_mat_exp": "ks1-teacher-assessment", "ks1_mat_gds": "ks1-teacher-assessment",
	"ks1_sci_exp": "ks1-teacher-assessment", "mtc_avg": "multiplication-tables-check", "mtc_full": "multiplication-tables-check",
	"att_overall": "absence", "att_auth": "absence", "att_unauth": "absence", "att_pa": "persistent-absence", "att_sa": "persistent-absence",
	"att_band_98": "attendance-bands", "att_band_95": "attendance-bands", "att_band_90": "attendance-bands", "att_band_50": "attendance-bands", "att_band_0": "attendance-bands",
	"sus_rate": "suspension", "sus_one_plus": "suspension", "excl_perm_rate": "permanent-exclusion",
	"ctx_roll": "headcount", "ctx_fsm": "ever-6", "ctx_disadvantaged": "disadvantaged", "ctx_sen_support": "sen-support", "ctx_ehcp": "ehc-plan",
	"ctx_eal": "eal", "ctx_mobile": "non-mobile",
}

func init() {
	for i := 1; i <= 17; i++ {
		measureTerms[model.MeasureID(fmt.Sprintf("eyfs_elg%02d", i))] = "early-learning-goals"
	}
}

var groupTerms = map[model.GroupID]string{
	"all": "cohort", "male": "pupil-groups", "female": "pupil-groups",
	"disadvantaged": "disadvantaged", "other": "disadvantaged", "fsm": "ever-6", "cla": "disadvantaged",
	"no_sen": "pupil-groups", "sen_support": "sen-support", "ehcp": "ehc-plan",
	"eng_first": "eal", "eal": "eal", "pa_low": "prior-attainment-bands", "pa_middle": "prior-attainment-bands", "pa_high": "prior-attainment-bands",
	"non_mobile": "non-mobile", "mobile": "non-mobile",
	"birth_autumn": "term-of-birth", "birth_spring": "term-of-birth", "birth_summer": "term-of-birth",
}

// glossaryLink returns "glossary.html#id" when the glossary has the term.
func glossaryLink(g *content.Glossary, id string) string {
	if id == "" {
		return ""
	}
	if t, ok := g.Lookup(id); ok {
		return "glossary.html#" + t.ID
	}
	return ""
}

// comparatorText says, in words, what a row's national figure is.
func comparatorText(g *measures.Group) string {
	switch g.Comparator {
	case measures.CompareOther:
		return "pupils nationally who are not disadvantaged"
	case measures.CompareSame:
		return "the same group nationally"
	default:
		return "all pupils nationally"
	}
}

// tableFile is the file name of a table's page.
func tableFile(def *measures.TableDef) string { return "table-" + def.ID + ".html" }

// tableFor finds the table that shows a measure.
func tableFor(ks model.KeyStage, id model.MeasureID) *measures.TableDef {
	for _, d := range measures.TableDefs(ks) {
		for _, m := range d.Measures {
			if m == id {
				return d
			}
		}
	}
	return nil
}

func cohortText(n int, suppressed bool) string {
	if suppressed {
		return "x"
	}
	return strconv.Itoa(n)
}

// rowCohort is a row's cohort as its table shows it: the row's pupils, or
// for a table of one year group's measures (TableDef.Cohort) that
// measure's cell's, hidden where the cell is.
func rowCohort(t *measures.Table, r *measures.Row) string {
	if t.Def.Cohort != "" {
		if i := t.Column(t.Def.Cohort); i >= 0 && i < len(r.Cells) {
			c := &r.Cells[i]
			return cohortText(c.Cohort, r.Suppressed || c.Suppressed)
		}
	}
	return cohortText(r.Cohort, r.Suppressed)
}

// tableViewOf builds a table page's view for the latest year of a
// school's results res, its hidden figures saying why in words that name
// res's thresholds (res nil: none).
func tableViewOf(res *measures.Results, yr *measures.YearResults, t *measures.Table, g *content.Glossary, headline string) *render.TableView {
	v := &render.TableView{ID: t.Def.ID, Year: yr.Year.String(), Headline: headline}
	// seen marks the reasons the table's figures are hidden for, for the
	// page's key; words are their words, made once for the table.
	var (
		seen  [measures.ReasonTable + 1]bool
		words [measures.ReasonTable + 1]string
	)
	note := func(reason measures.Reason) {
		if int(reason) < len(seen) {
			seen[reason] = true
		}
	}
	why := func(reason measures.Reason) string {
		note(reason)
		if int(reason) >= len(words) {
			return export.ReasonText(res, reason)
		}
		if words[reason] == "" {
			words[reason] = export.ReasonText(res, reason)
		}
		return words[reason]
	}
	// Slices are made at their final sizes: a school's tables hold
	// thousands of filtered rows, and growing them was a tenth of what a
	// build allocates.
	v.Columns = make([]render.ColumnView, 0, len(t.Measures))
	v.Rows = make([]render.RowView, 0, len(t.Unfiltered))
	var noNat []string
	for i, m := range t.Measures {
		cv := render.ColumnView{ID: string(m.ID), Label: m.Label, Glossary: glossaryLink(g, measureTerms[m.ID]),
			Percent: unitOf(m) == "%", NoNational: m.Kind == measures.KindCount}
		if cv.NoNational {
			noNat = append(noNat, strconv.Itoa(i))
		}
		v.Columns = append(v.Columns, cv)
	}
	v.NoNational = strings.Join(noNat, " ")
	for ri := range t.Unfiltered {
		row := &t.Unfiltered[ri]
		rv := render.RowView{
			GroupID: string(row.Group.ID), Label: row.Group.Label, Glossary: glossaryLink(g, groupTerms[row.Group.ID]),
			Comparator: comparatorText(row.Group), Cohort: rowCohort(t, row), Suppressed: row.Suppressed,
			Cells: make([]render.CellView, 0, len(row.Cells)),
		}
		if row.Suppressed {
			rv.Why = why(export.RowReason(row))
		}
		for i := range row.Cells {
			c, m := &row.Cells[i], t.Measures[i]
			cv := render.CellView{
				Value: formatCell(m, *c), Suppressed: c.Suppressed,
				National: formatNum(m, c.National), NationalSame: formatNum(m, c.NationalSame),
			}
			if c.Suppressed {
				cv.Why = why(export.CellReason(c, row))
			}
			rv.Cells = append(rv.Cells, cv)
		}
		v.Rows = append(v.Rows, rv)
	}
	v.NoSwitch = true
	for _, r := range v.Rows {
		for _, c := range r.Cells {
			if c.National != c.NationalSame {
				v.NoSwitch = false
			}
		}
	}
	// A table by year group has no filters: year group is its rows, not
	// another dimension to cut them by.
	for _, d := range measures.Dimensions() {
		if t.Def.ByYearGroup {
			break
		}
		fd := render.FilterDim{ID: string(d.ID), Label: d.Label}
		for _, id := range d.Groups {
			fd.Options = append(fd.Options, render.FilterOption{ID: string(id), Label: measures.GroupByID(id).Label})
		}
		v.Dims = append(v.Dims, fd)
	}
	filtered := render.FilteredData{Columns: len(t.Measures), Max: 1, Tables: make(map[string]render.FilteredTable, len(t.Filtered))}
	for _, ft := range t.Filtered {
		if ft.Filter.Second != "" {
			filtered.Max, v.PairsOfFilters = 2, true
			break
		}
	}
	groups := map[model.GroupID]string{} // group -> its index in filtered.Groups
	groupOf := func(g *measures.Group) string {
		i, ok := groups[g.ID]
		if !ok {
			i = strconv.Itoa(len(filtered.Groups))
			groups[g.ID] = i
			filtered.Groups = append(filtered.Groups, g.Label)
		}
		return i
	}
	// Every row's cells, and every table's rows, in one array each: a
	// school's tables hold thousands of filtered rows.
	nRows, nCells := 0, 0
	for _, ft := range t.Filtered {
		nRows += len(ft.Rows)
		nCells += len(ft.Rows) * (2 + len(t.Measures))
	}
	rows := make([]render.FilteredRow, 0, nRows)
	cells := make([]string, 0, nCells)
	for _, ft := range t.Filtered {
		first := len(rows)
		for ri := range ft.Rows {
			r := &ft.Rows[ri]
			group := groupOf(r.Group)
			start := len(cells)
			cells = append(cells, group, rowCohort(t, r))
			hidden := r.Suppressed
			if r.Suppressed {
				// The page's script says only "suppressed" for a filtered
				// figure: the key explains its reason.
				note(export.RowReason(r))
			}
			for i := range r.Cells {
				c := &r.Cells[i]
				cells = append(cells, formatCell(t.Measures[i], *c))
				hidden = hidden && c.Suppressed
				if c.Suppressed {
					note(export.CellReason(c, r))
				}
			}
			if hidden { // the short form, SuppressedRow's
				cells = append(cells[:start], render.SuppressedRow(group)...)
			}
			rows = append(rows, render.FilteredRow(cells[start:len(cells):len(cells)]))
		}
		filtered.Tables[ft.Filter.String()] = render.FilteredTable{Suppressed: ft.Suppressed, Rows: rows[first:len(rows):len(rows)]}
	}
	v.Filtered = filtered.JS()
	for reason, ok := range seen {
		if ok && reason != int(measures.ReasonNone) {
			rs := measures.Reason(reason)
			v.Reasons = append(v.Reasons, render.ReasonNote{Code: rs.Code(), Text: why(rs), About: export.ReasonAbout(res, rs)})
		}
	}
	return v
}

// tableTitle is a table's page title, "Progress 8 by pupil group".
func tableTitle(def *measures.TableDef) string { return strings.TrimSpace(def.Title) }
