package site

import (
	"bytes"
	"context"
	"fmt"
	"github.com/reportpack/reportpack/generator/assess"
	"html/template"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/reportpack/reportpack/generator/config"
	"github.com/reportpack/reportpack/generator/content"
	"github.com/reportpack/reportpack/generator/export"
	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/output"
	"github.com/reportpack/reportpack/generator/render"
)

// keyStagePage describes a key stage's page: its file and its title.
// keyStageSlug is an assessment page's file name without .html: "ks2", "phonics".
func keyStageSlug(ks model.KeyStage) string { return string(ks) }

// keyStageTitle is an assessment's title: "Key stage 2", "Phonics screening check".
func keyStageTitle(ks model.KeyStage) string {
	if a := assess.ByID(ks); a != nil {
		return a.Title
	}
	return ks.String()
}

// renderProfile writes one profile's pages and assets under <profile>/ and
// returns the number of pages written.
func (p *Project) renderProfile(ctx context.Context, c *computed, name string, w output.Writer) (int, error) {
	prof := p.Config.Profiles[name]
	for _, a := range p.Theme.Assets() {
		if !p.wants(path.Join(name, "assets", a)) {
			continue
		}
		b, err := p.Theme.Asset(a)
		if err != nil {
			return 0, fmt.Errorf("theme asset %s: %w", a, err)
		}
		if err := w.WriteFile(path.Join(name, "assets", a), b); err != nil {
			return 0, err
		}
	}
	multi := len(p.Schools) > 1
	pages := 0
	if multi && p.wants(path.Join(name, "index.html")) {
		if err := p.renderLAIndex(c, name, prof, w); err != nil {
			return pages, err
		}
		pages++
	}
	for _, s := range p.Schools {
		if err := ctx.Err(); err != nil {
			return pages, err
		}
		dir := name
		if multi {
			dir = path.Join(name, string(s.URN))
		}
		n, err := p.renderSchool(s, c.school(s, prof), prof, multi, dir, w)
		pages += n
		if err != nil {
			return pages, fmt.Errorf("school %s: %w", s.URN, err)
		}
	}
	return pages, nil
}

// schoolPages is one school's set of pages, as the navigation lists them.
type schoolPages struct {
	home     *content.Page // may be nil
	keyStage map[model.KeyStage]*content.Page
	others   []*content.Page // plain commentary pages
	glossary *content.Page   // may be nil
}

func (p *Project) pagesFor(s School) schoolPages {
	sp := schoolPages{keyStage: map[model.KeyStage]*content.Page{}}
	var glossaryPath string
	if p.Content.Glossary != nil {
		glossaryPath = p.Content.Glossary.Page.Path
	}
	for _, pg := range p.Content.ForSchool(s.URN) {
		switch {
		case pg.Slug == "index":
			sp.home = pg
		case pg.Path == glossaryPath || pg.Slug == "glossary":
			sp.glossary = pg
		case assess.ByID(model.Assessment(pg.Slug)) != nil:
			// An assessment's commentary (ks2.md, phonics.md) heads its
			// page; for an assessment the school has no data for it is
			// not shown.
			ks := model.Assessment(pg.Slug)
			if slices.Contains(s.KeyStages, ks) {
				sp.keyStage[ks] = pg
			}
		default:
			sp.others = append(sp.others, pg)
		}
	}
	return sp
}

func (p *Project) siteView(prof *config.Profile) render.SiteView {
	return render.SiteView{
		Title:        p.Config.Title,
		Organisation: p.Config.Organisation,
		Illustrative: p.Synthetic,
		Invented:     p.inventedFile(),
		Profile:      render.ProfileView{Name: prof.Name, Label: prof.Label, Named: prof.Named(), MinCohort: prof.MinCohort},
	}
}

func (p *Project) renderSchool(s School, res *measures.Results, prof *config.Profile, multi bool, dir string, w output.Writer) (int, error) {
	return p.renderSchoolWith(s, res, nil, prof, multi, dir, w)
}

// renderSchoolWith renders a school's pages under dir. ex, when not nil,
// holds its measures.csv and measures.xlsx already encoded: profiles that
// share a suppression threshold share the files byte for byte.
func (p *Project) renderSchoolWith(s School, res *measures.Results, ex *exports, prof *config.Profile, multi bool, dir string, w output.Writer) (int, error) {
	sp := p.pagesFor(s)
	assets := "assets/"
	if multi {
		assets = "../assets/"
	}
	nav := []render.NavItem{{Title: "Home", URL: "index.html"}}
	if multi {
		nav = append([]render.NavItem{{Title: "All schools", URL: "../index.html"}}, nav...)
	}
	for _, ks := range s.KeyStages {
		nav = append(nav, render.NavItem{Title: keyStageTitle(ks), URL: keyStageSlug(ks) + ".html"})
	}
	for _, pg := range sp.others {
		nav = append(nav, render.NavItem{Title: pg.Title, URL: pg.Slug + ".html"})
	}
	if sp.glossary != nil {
		nav = append(nav, render.NavItem{Title: sp.glossary.Title, URL: "glossary.html"})
	}
	base := func(title, file, description string) *render.Page {
		n := slices.Clone(nav)
		for i := range n {
			n[i].Current = n[i].URL == file
		}
		return &render.Page{
			Site: p.siteView(prof), Title: title, Description: description,
			Home: "index.html", Assets: assets, Nav: n,
			School: &render.SchoolView{URN: string(s.URN), Name: s.Name, Phase: s.Phase()},
		}
	}
	// setBody renders commentary into a page, drawing its embeds for this
	// school; a page with a scatterplot embed loads the chart scripts.
	setBody := func(pg *render.Page, c *content.Page) error {
		em := &embedder{p: p, s: s, res: res, prof: prof}
		body, err := p.bodyWith(c, em)
		pg.Body = body
		pg.Charts = pg.Charts || em.charts > 0
		return err
	}
	written := 0
	wants := func(file string) bool { return p.wants(path.Join(dir, file)) }
	emit := func(layout, file string, pg *render.Page) error {
		if !wants(file) {
			return nil
		}
		buf := pageBufs.get(0)
		if err := p.Theme.PageTo(buf, layout, pg); err != nil {
			return err
		}
		written++
		err := w.WriteFile(path.Join(dir, file), buf.Bytes())
		pageBufs.put(buf) // written, and a zip's recorder keeps its own deflated copy
		return err
	}

	// Every figure, for those who work in spreadsheets.
	if wants("measures.csv") {
		if ex == nil {
			var err error
			if ex, err = encodeExports(res, nil); err != nil {
				return written, err
			}
		}
		if err := ex.write(w, path.Join(dir, "measures.csv"), ex.csv, &ex.csvAt); err != nil {
			return written, err
		}
		if err := ex.write(w, path.Join(dir, "measures.xlsx"), ex.xlsx, &ex.xlsxAt); err != nil {
			return written, err
		}
	}
	downloads := []render.Download{
		{Title: "measures.xlsx", URL: "measures.xlsx", About: "a sheet per table, rounded as on these pages"},
		{Title: "measures.csv", URL: "measures.csv", About: "every figure to 4 decimal places, filters included, one per row, with why a hidden one is hidden"},
	}

	// Home page.
	home := base("Home", "index.html", "")
	if sp.home != nil {
		home.Title, home.Description = sp.home.Title, sp.home.Description
		if err := setBody(home, sp.home); err != nil {
			return written, err
		}
	}
	for _, ks := range s.KeyStages {
		home.KeyStages = append(home.KeyStages, render.KeyStageLink{
			Title: keyStageTitle(ks), URL: keyStageSlug(ks) + ".html",
			Summary: keyStageSummary(keyStageView(res, ks)),
			Figures: cardFigures(res, ks),
		})
	}
	for _, pg := range sp.others {
		home.Pages = append(home.Pages, render.PageLink{Title: pg.Title, URL: pg.Slug + ".html", Description: pg.Description})
	}
	if err := emit(render.LayoutHome, "index.html", home); err != nil {
		return written, err
	}

	// A page per key stage in the data.
	for _, ks := range s.KeyStages {
		file := keyStageSlug(ks) + ".html"
		pg := base(keyStageTitle(ks), file, "")
		if c := sp.keyStage[ks]; c != nil {
			pg.Title, pg.Description = c.Title, c.Description
			if err := setBody(pg, c); err != nil {
				return written, err
			}
		}
		pg.KeyStage = keyStageView(res, ks)
		p.labelInvented(res, ks, pg.KeyStage)
		if pg.KeyStage == nil {
			if err := emit(render.LayoutKeyStage, file, pg); err != nil {
				return written, err
			}
			continue
		}
		pg.KeyStage.Downloads = downloads
		if pg.KeyStage.Comparator != "" {
			pg.KeyStage.ComparatorGlossary = glossaryLink(p.Content.Glossary, "phase-comparator")
		}
		latest := res.KeyStage(ks).Latest()
		decl := assess.ByID(ks)
		declared := decl != nil && !decl.Typed
		if declared {
			charts, err := p.chartViews(s, res, decl, latest, prof)
			if err != nil {
				return written, err
			}
			pg.KeyStage.Charts = charts
			for _, c := range charts {
				pg.Figures = pg.Figures || c.JSON != ""
			}
		}
		for i := range pg.KeyStage.Headlines {
			h := &pg.KeyStage.Headlines[i]
			if def := tableFor(ks, model.MeasureID(h.ID)); def != nil {
				h.Explore = tableFile(def)
			}
		}
		// A table by pupil group per topic, as ASP's "explore data in detail".
		for _, t := range latest.Tables {
			tfile := tableFile(t.Def)
			pg.KeyStage.Tables = append(pg.KeyStage.Tables, render.PageLink{Title: tableTitle(t.Def), URL: tfile})
			if !wants(tfile) {
				continue
			}
			tp := base(tableTitle(t.Def), tfile, "")
			var err error
			tp.Table, tp.TableHTML, err = ex.table(p.Theme, tfile, func() *render.TableContext {
				return &render.TableContext{Title: tp.Title, Assets: assets, Table: tableViewOf(res, latest, &t, p.Content.Glossary, file)}
			})
			if err != nil {
				return written, err
			}
			if err := emit(render.LayoutTable, tfile, tp); err != nil {
				return written, err
			}
		}
		// Pupil-level pages: the renderer gets identities only in a named
		// profile. A scatterplot that would give away suppressed figures
		// is not written; the key stage page says why instead of linking it.
		if sfile := "scatter-" + keyStageSlug(ks) + ".html"; scatterMeasures[ks] != nil && prof.PupilPages && (wants(file) || wants(sfile)) {
			sv, why, err := p.scatterView(s, res, ks, prof, "")
			if err != nil {
				return written, err
			}
			if sv == nil {
				pg.KeyStage.ScatterWithheld = why
			} else {
				pg.KeyStage.Scatter = sfile
				sp := base("Pupil scatterplot: "+strings.ToLower(keyStageTitle(ks)), sfile, "")
				sp.Scatter, sp.Charts = sv, true
				if err := emit(render.LayoutScatter, sfile, sp); err != nil {
					return written, err
				}
			}
		}
		// A declared assessment lists the pupils its declaration names
		// (those who did not meet the phonics standard), or none.
		if prof.Named() && prof.PupilPages && (!declared || decl.PupilList != nil) {
			pfile := "pupils-" + keyStageSlug(ks) + ".html"
			pg.KeyStage.PupilList = pfile
			if declared {
				pg.KeyStage.PupilListTitle = decl.PupilList.Title
			}
		}
		if prof.Named() && prof.PupilPages && pg.KeyStage.PupilList != "" && wants(pg.KeyStage.PupilList) {
			pfile := pg.KeyStage.PupilList
			if declared {
				pp := base(decl.PupilList.Title, pfile, "")
				pp.Pupils = p.declaredPupilList(s, decl, latest.Year)
				if err := emit(render.LayoutPupils, pfile, pp); err != nil {
					return written, err
				}
			} else {
				pp := base("Pupils: "+strings.ToLower(keyStageTitle(ks)), pfile, "")
				pp.Pupils = p.pupilListView(s, ks, latest.Year)
				if err := emit(render.LayoutPupils, pfile, pp); err != nil {
					return written, err
				}
			}
		}
		if err := emit(render.LayoutKeyStage, file, pg); err != nil {
			return written, err
		}
	}

	// Plain commentary pages.
	for _, c := range sp.others {
		file := c.Slug + ".html"
		pg := base(c.Title, file, c.Description)
		if err := setBody(pg, c); err != nil {
			return written, err
		}
		if err := emit(render.LayoutPage, file, pg); err != nil {
			return written, err
		}
	}

	// Glossary.
	if sp.glossary != nil {
		pg := base(sp.glossary.Title, "glossary.html", sp.glossary.Description)
		if err := setBody(pg, sp.glossary); err != nil {
			return written, err
		}
		for _, t := range p.Content.Glossary.Terms {
			pg.Terms = append(pg.Terms, render.Term{ID: t.ID, Title: t.Title})
		}
		if err := emit(render.LayoutGlossary, "glossary.html", pg); err != nil {
			return written, err
		}
	}
	return written, nil
}

// keyStageSummary is the line under a key stage's card on the home page.
func keyStageSummary(kv *render.KeyStageView) string {
	if kv == nil {
		return ""
	}
	if kv.Cohort == "x" {
		return "Results for " + kv.Year + "."
	}
	return fmt.Sprintf("%s pupils in %s.", kv.Cohort, kv.Year)
}

// exports are what the profiles that show a school's same figures (the
// same suppression) share: its measures.csv and measures.xlsx, encoded, and
// its tables by pupil group, drawn. A build's worker owns a school's
// exports; they are not for concurrent use.
type exports struct {
	csv, xlsx []byte
	// csvAt and xlsxAt are where the first profile wrote them: the next
	// profile's are links to those files, not copies.
	csvAt, xlsxAt string
	zipCSV        *output.ZipEntry // csv deflated once for every profile's zip that holds it
	tables        map[string]sharedTable
	bufs          []*bytes.Buffer // csv and xlsx's, when pooled (see release)
	keep          []int           // the largest capacity of each of bufs to pool again
}

// sharedTable is a table page's table, viewed and drawn once.
type sharedTable struct {
	view *render.TableView
	html template.HTML
}

// table returns the table for a table page, made by view and drawn by the
// theme the first time it is asked for. Without exports (a watch session
// renders one profile) nothing is shared and nothing drawn ahead.
func (ex *exports) table(th *render.Theme, file string, view func() *render.TableContext) (*render.TableView, template.HTML, error) {
	if ex == nil {
		return view().Table, "", nil
	}
	if t, ok := ex.tables[file]; ok {
		return t.view, t.html, nil
	}
	c := view()
	html, err := th.Table(c)
	if err != nil {
		return nil, "", err
	}
	if ex.tables == nil {
		ex.tables = map[string]sharedTable{}
	}
	ex.tables[file] = sharedTable{c.Table, html}
	return c.Table, html, nil
}

// write writes an export as name, or links it to the copy at *at when one
// profile has written it already.
func (ex *exports) write(w output.Writer, name string, data []byte, at *string) error {
	if *at != "" {
		return output.WriteSame(w, name, *at, data)
	}
	*at = name
	return w.WriteFile(name, data)
}

// exportSizes remembers how big measures.csv and measures.xlsx come out,
// so that the next school's buffers start about that big instead of
// doubling their way there (a named measures.csv is megabytes). Schools
// with the same suppression are alike in size, so a build keeps one per
// variant; nil means no guess. It guesses from the mean, not the largest
// so far: buffers the size of an LA's largest school for every school a
// worker builds were most of a 500-school build's memory.
type exportSizes struct{ csv, xlsx sizeGuess }

// sizeGuess is the sizes seen of one export.
type sizeGuess struct{ sum, n atomic.Int64 }

// hint is a quarter more than the mean size seen, 0 before any.
func (g *sizeGuess) hint() int {
	n := g.n.Load()
	if n == 0 {
		return 0
	}
	return int(g.sum.Load() / n * 5 / 4)
}

func (g *sizeGuess) saw(b *bytes.Buffer) {
	g.sum.Add(int64(b.Len()))
	g.n.Add(1)
}

func (s *exportSizes) buffer(g *sizeGuess) *bytes.Buffer {
	if s == nil {
		return new(bytes.Buffer)
	}
	return bigBufs.get(g.hint())
}

func (s *exportSizes) saw(g *sizeGuess, b *bytes.Buffer) {
	if s != nil {
		g.saw(b)
	}
}

// encodeExports encodes a school's measures.csv and measures.xlsx.
// opts are passed on to export.WriteXLSX.
func encodeExports(res *measures.Results, sizes *exportSizes, opts ...export.XLSXOption) (*exports, error) {
	var cn, xn *sizeGuess
	if sizes != nil {
		cn, xn = &sizes.csv, &sizes.xlsx
	}
	c, x := sizes.buffer(cn), sizes.buffer(xn)
	defer sizes.saw(cn, c)
	defer sizes.saw(xn, x)
	if err := export.WriteCSV(c, *res); err != nil {
		return nil, fmt.Errorf("measures.csv: %w", err)
	}
	if err := export.WriteXLSX(x, *res, opts...); err != nil {
		return nil, fmt.Errorf("measures.xlsx: %w", err)
	}
	ex := &exports{csv: c.Bytes(), xlsx: x.Bytes()}
	if sizes != nil {
		ex.bufs = []*bytes.Buffer{c, x}
		ex.keep = []int{2 * cn.hint(), 2 * xn.hint()}
	}
	return ex, nil
}

// release gives the exports' buffers back for another school's, once every
// profile has written them and its zip: those no more than twice the
// usual size, so that a large school's do not stay for every school after.
func (ex *exports) release() {
	for i, b := range ex.bufs {
		if b.Cap() <= ex.keep[i] {
			bigBufs.put(b)
		}
	}
	*ex = exports{}
}

// bufPool recycles the buffers a build makes for each school, so that the
// next school reuses them rather than have new ones zeroed and later
// collected: its pages (tens to hundreds of kilobytes each), its exports
// and zips (megabytes). A Writer keeps nothing it is given once WriteFile
// returns (output.Writer), so a buffer is free once written, or once the
// school's zip that holds its bytes is.
type bufPool struct{ sync.Pool }

var (
	pageBufs bufPool // pages
	bigBufs  bufPool // exports and zips
)

func (p *bufPool) get(n int) *bytes.Buffer {
	b, _ := p.Get().(*bytes.Buffer)
	if b == nil {
		b = new(bytes.Buffer)
	}
	b.Reset()
	b.Grow(n)
	return b
}

func (p *bufPool) put(b *bytes.Buffer) { p.Put(b) }

// indexMeasures are the LA index's columns for each key stage.
var indexMeasures = map[model.KeyStage][]model.MeasureID{
	model.KS4: {"ks4_p8", "ks4_a8", "ks4_em5", "ks4_em4", "ks4_ebacc_entry"},
	model.KS2: {"ks2_rwm_exp", "ks2_rwm_high", "ks2_read_prog", "ks2_writ_prog", "ks2_mat_prog"},
	// Who the pupils are, beside the index's count of them.
	"context": {"ctx_fsm", "ctx_disadvantaged", "ctx_sen_support", "ctx_ehcp", "ctx_eal"},
}

// indexColumns are the LA index's columns for an assessment: the key
// stages' own, or a declared assessment's home-page measures.
func indexColumns(ks model.KeyStage) []model.MeasureID {
	if ids, ok := indexMeasures[ks]; ok {
		return ids
	}
	return cardMeasures(ks)
}

// cardFigures are the figures of an assessment's card on a school's home
// page, from the latest year's headlines as suppression left them.
func cardFigures(res *measures.Results, ks model.KeyStage) []render.CardFigure {
	kr := res.KeyStage(ks)
	if kr == nil || len(kr.Years) == 0 {
		return nil
	}
	latest := kr.Latest()
	var out []render.CardFigure
	for _, id := range cardMeasures(ks) {
		h := latest.Headline(id)
		if h == nil {
			continue
		}
		hv := headlineViewOf(res, kr, h)
		if strings.HasSuffix(hv.Label, hv.Unit) { // "Suspensions per 100 pupils": not again after the figure
			hv.Unit = ""
		}
		out = append(out, render.CardFigure{Label: hv.Label, Value: hv.Value, Percent: hv.Percent, Unit: hv.Unit, National: hv.National, Why: hv.Why})
	}
	return out
}

func (p *Project) renderLAIndex(c *computed, name string, prof *config.Profile, w output.Writer) error {
	entries := make([]indexEntry, len(p.Schools))
	for i, s := range p.Schools {
		entries[i] = newIndexEntry(s, c.school(s, prof))
	}
	return p.renderIndex(entries, prof, w, path.Join(name, "index.html"))
}

// indexEntry is one school's part of the LA index: its row in the list of
// schools and a row per key stage in the tables of headline measures.
type indexEntry struct {
	row render.SchoolRow
	ks  []indexKeyStage
}

type indexKeyStage struct {
	ks   model.KeyStage
	year string
	row  render.IndexRow
}

// newIndexEntry takes what the LA index shows of a school from its
// results, so that the results can be released once its pages are written.
func newIndexEntry(s School, res *measures.Results) indexEntry {
	e := indexEntry{row: render.SchoolRow{URN: string(s.URN), Name: s.Name, Phase: s.Phase(), URL: string(s.URN) + "/index.html"}}
	for _, ks := range s.KeyStages {
		kv := keyStageView(res, ks)
		if kv == nil {
			continue
		}
		e.row.Year, e.row.Cohort = kv.Year, kv.Cohort
		latest := res.KeyStage(ks).Latest()
		ir := render.IndexRow{Name: s.Name, URL: string(s.URN) + "/" + keyStageSlug(ks) + ".html", Cohort: kv.Cohort}
		for _, id := range indexColumns(ks) {
			v := dash
			if h := latest.Headline(id); h != nil {
				v = formatCell(h.Measure, h.Cell)
			}
			ir.Values = append(ir.Values, v)
		}
		e.ks = append(e.ks, indexKeyStage{ks: ks, year: kv.Year, row: ir})
	}
	return e
}

// renderIndex writes an LA index listing the entries' schools, in order, to file.
func (p *Project) renderIndex(entries []indexEntry, prof *config.Profile, w output.Writer, file string) error {
	b, err := p.indexPage(entries, prof)
	if err != nil {
		return err
	}
	return w.WriteFile(file, b)
}

func (p *Project) indexPage(entries []indexEntry, prof *config.Profile) ([]byte, error) {
	pg := &render.Page{
		Site: p.siteView(prof), Title: "Schools", Home: "index.html", Assets: "assets/",
		Nav: []render.NavItem{{Title: "All schools", URL: "index.html", Current: true}},
	}
	tables := map[model.KeyStage]*render.IndexTable{}
	for _, e := range entries {
		for _, k := range e.ks {
			t := tables[k.ks]
			if t == nil {
				t = &render.IndexTable{Title: fmt.Sprintf("%s, %s", keyStageTitle(k.ks), k.year)}
				for _, id := range indexColumns(k.ks) {
					m := measures.MeasureByID(id)
					label := m.Label
					if unitOf(m) == "%" {
						label += " %"
					}
					t.Columns = append(t.Columns, label)
				}
				tables[k.ks] = t
			}
			t.Rows = append(t.Rows, k.row)
		}
		pg.Schools = append(pg.Schools, e.row)
	}
	// Key stage 4, key stage 2, then the declared assessments in the
	// registry's order, as a school's pages are.
	order := []model.KeyStage{model.KS4, model.KS2}
	for _, a := range assess.Declared() {
		order = append(order, a.ID)
	}
	for _, ks := range order {
		if t := tables[ks]; t != nil {
			pg.Indexes = append(pg.Indexes, *t)
		}
	}
	return p.Theme.Page(render.LayoutLAIndex, pg)
}
