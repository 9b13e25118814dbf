package site

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/reportpack/reportpack/generator/config"
	"github.com/reportpack/reportpack/generator/content"
	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/render"
)

// checkEmbeds reports every embed whose measure does not exist or cannot be
// drawn as asked, when the site loads, with the file and line.
func checkEmbeds(site *content.Site) diag.List {
	var l diag.List
	for _, pg := range site.Pages {
		for _, e := range pg.Embeds {
			m := measures.MeasureByID(modelMeasure(e.Measure))
			switch {
			case m == nil:
				d := e.Place()
				d.Value = e.Measure
				d.Hint = "use a measure id from the data contract, e.g. ks4_p8 or ks2_rwm_exp"
				l.Errorf(d, "no such measure")
			case e.Kind == "scatter" && !isScatterMeasure(m):
				d := e.Place()
				d.Value = e.Measure
				d.Hint = "scatterplots show progress: ks4_p8 and its elements, ks2_read_prog, ks2_writ_prog, ks2_mat_prog"
				l.Errorf(d, "no scatterplot for this measure")
			}
		}
	}
	return l
}

func isScatterMeasure(m *measures.Measure) bool {
	for _, id := range scatterMeasures[m.KeyStage] {
		if id == m.ID {
			return true
		}
	}
	return false
}

// embedder draws a page's embeds for one school and profile, through the
// theme's embed partials, so commentary shows the same figures as the pages.
type embedder struct {
	p      *Project
	s      School
	res    *measures.Results
	prof   *config.Profile
	charts int // scatterplots drawn so far: the page then loads the chart scripts
}

func (e *embedder) RenderEmbed(w io.Writer, em content.Embed) error {
	m := measures.MeasureByID(modelMeasure(em.Measure))
	kr := e.res.KeyStage(m.KeyStage)
	if kr == nil || len(kr.Years) == 0 {
		_, err := fmt.Fprintf(w, `<p class="rp-embed-none">%s: no %s data for this school.</p>`, template.HTMLEscapeString(m.Label), strings.ToLower(keyStageTitle(m.KeyStage)))
		return err
	}
	latest := kr.Latest()
	switch em.Kind {
	case "tile":
		h := headlineViewOf(e.res, kr, latest.Headline(m.ID))
		if def := tableFor(m.KeyStage, m.ID); def != nil {
			h.Explore = tableFile(def)
		}
		return e.p.Theme.RenderPartial(w, "embed-tile", h)
	case "table":
		def := tableFor(m.KeyStage, m.ID)
		t := latest.Table(def.ID)
		v := tableViewOf(e.res, latest, t, e.p.Content.Glossary, keyStageSlug(m.KeyStage)+".html")
		return e.p.Theme.RenderPartial(w, "embed-table", render.EmbedTable{Title: tableTitle(def), URL: tableFile(def), Table: v})
	case "scatter":
		if !e.prof.PupilPages {
			_, err := fmt.Fprintf(w, `<p class="rp-embed-none">The %s profile has no pupil scatterplots.</p>`, template.HTMLEscapeString(e.prof.Name))
			return err
		}
		// One chart per embed, showing the measure asked for, unless it
		// would give away suppressed figures: then say so in its place.
		sv, why, err := e.p.scatterView(e.s, e.res, m.KeyStage, e.prof, m.ID)
		if err != nil {
			return err
		}
		if sv == nil {
			_, err := fmt.Fprintf(w, `<p class="rp-embed-none">Pupil scatterplot of %s not shown: %s.</p>`,
				template.HTMLEscapeString(m.Label), template.HTMLEscapeString(why))
			return err
		}
		e.charts++
		sv.ID = fmt.Sprintf("%s_e%d", sv.ID, e.charts)
		return e.p.Theme.RenderPartial(w, "embed-scatter", sv)
	}
	return fmt.Errorf("unknown embed kind %q", em.Kind)
}

// bodyWith renders commentary, drawing its embeds for the school.
func (p *Project) bodyWith(c *content.Page, e *embedder) (template.HTML, error) {
	var buf bytes.Buffer
	if err := c.Render(&buf, e); err != nil {
		return "", fmt.Errorf("%s: %w", c.File(), err)
	}
	return template.HTML(buf.String()), nil
}

func modelMeasure(s string) model.MeasureID { return model.MeasureID(s) }
