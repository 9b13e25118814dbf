package site

import (
	"cmp"
	"github.com/reportpack/reportpack/generator/assess"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/reportpack/reportpack/generator/config"
	"github.com/reportpack/reportpack/generator/content"
	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/render"
)

// Project is a site's inputs, loaded and checked: everything rendering needs
// apart from the measures.
type Project struct {
	Source  string
	Config  *config.Site
	Data    model.Dataset // Data.Pupils in URN order, each school's in file order
	Content *content.Site
	Theme   *render.Theme
	Schools []School // in URN order

	// Synthetic is true when every pupil is marked as made by reportpack
	// sample: pages then say the pack is synthetic (labels.go).
	Synthetic bool
	// invented are the national figures the site's national file
	// (nationalFile) marks as invented; tiles showing them say so.
	invented     map[model.NationalKey]bool
	nationalFile string

	// builtin is reportpack's own theme, under the site's theme folder.
	builtin fs.FS

	// only, when set, limits rendering to the output paths it accepts: a
	// Session re-renders just the pages a change touched.
	only func(name string) bool

	// rows, once a one-shot build has compacted the project, holds the
	// schools' pupils (School.Pupils is then nil): see pupilsOf.
	rows *rowStore
	// oneShot is set by Build, which builds p once: buildAll compacts it.
	oneShot bool
}

// wants reports whether the output file name is to be rendered.
func (p *Project) wants(name string) bool { return p.only == nil || p.only(name) }

// School is one school's pupils, all years and key stages.
type School struct {
	URN       model.URN
	Name      string
	Pupils    []model.Pupil
	KeyStages []model.KeyStage // the assessments in the data: KS4, KS2, then package assess's order
}

// Phase describes the school by the key stages its data holds.
func (s School) Phase() string {
	switch {
	case slices.Contains(s.KeyStages, model.KS4) && slices.Contains(s.KeyStages, model.KS2):
		return "All-through"
	case slices.Contains(s.KeyStages, model.KS4):
		return "Secondary"
	default:
		return "Primary"
	}
}

// Load reads and checks everything in the site folder source. builtin is
// the built-in theme that the site's themes/<name>/ folder overlays.
func Load(source string, builtin fs.FS) (*Project, diag.List) {
	return loadProject(source, builtin, false)
}

// loadProject is Load; with oneShot, for a build that renders the project
// once (Build), the pupils are kept encoded in a row store from the start
// (see loadRows), never all at once as model.Pupils.
func loadProject(source string, builtin fs.FS, oneShot bool) (*Project, diag.List) {
	p, diags := loadRows(source, oneShot)
	if p == nil {
		return nil, diags
	}
	// Against pupil data that did not load, every school's own pages would
	// look unused: say so only of data that loaded.
	site, cd := p.loadContent(!diags.HasErrors())
	diags = append(diags, cd...)
	theme, td := loadTheme(source, p.Config.Theme, builtin)
	diags = append(diags, td...)
	diags.Sort()
	if diags.HasErrors() {
		p.closeRows()
		return nil, diags
	}
	p.Content, p.Theme, p.builtin = site, theme, builtin
	return p, diags
}

// loadContent reads and checks the commentary, and when checkSchools,
// its schools' pages against the project's schools; the site is nil when
// it could not be read.
func (p *Project) loadContent(checkSchools bool) (*content.Site, diag.List) {
	site, diags := content.Load(os.DirFS(filepath.Join(p.Source, content.Dir)), content.Options{AllowHTML: p.Config.AllowHTML})
	if site == nil {
		return nil, diags
	}
	diags = append(diags, checkEmbeds(site)...)
	if checkSchools {
		diags = append(diags, p.exampleCommentary()...)
	}
	for _, urn := range site.Schools() {
		if checkSchools && !slices.ContainsFunc(p.Schools, func(s School) bool { return s.URN == urn }) {
			diags.Warnf(diag.Diagnostic{File: "content/schools/" + string(urn)}, "no school with URN %s in the pupil data; these pages are not used", urn)
		}
	}
	return site, diags
}

// loadData reads site.toml and the data files. The project is nil when
// either could not be read; its data must not be used when diags has errors.
func loadData(source string) (*Project, diag.List) { return loadRows(source, false) }

// loadRows is loadData. The pupil data is loaded and checked a school at
// a time (streamData); with oneShot the project keeps it so, in a row
// store (p.rows, Schools with no Pupils, Data.Pupils nil), so that a
// one-shot build's memory follows its largest school, not its number of
// schools. Without it (watch mode, validate) the pupils are decoded into
// Data.Pupils and the schools' slices of it.
func loadRows(source string, oneShot bool) (*Project, diag.List) {
	cfg, diags := config.Load(os.DirFS(source))
	if cfg == nil {
		return nil, diags
	}
	src := load.DirSource(source)
	files := load.Files{Pupils: cfg.Data.Pupils.First(), National: cfg.Data.National, Params: cfg.Data.Params, Estimates: cfg.Data.Estimates}
	st, dd := streamData(cfg, src, files, cfg.PupilOptions())
	diags = append(diags, dd...)
	if st == nil {
		return nil, diags
	}
	p := &Project{Source: source, Config: cfg, Data: st.ds, Synthetic: st.synthetic}
	if oneShot {
		p.rows, p.Schools = &rowStore{st: st.rows}, st.schools
	} else {
		pupils, err := st.pupils()
		if err != nil {
			diags.Add(diag.Diagnostic{File: "data", Message: err.Error()})
			return nil, diags
		}
		p.Data.Pupils, p.Schools = groupSchools(cfg, pupils)
	}
	if !diags.HasErrors() && len(p.Schools) == 0 {
		diags.Add(diag.Diagnostic{File: "data", Message: "the pupil data holds no pupils", Hint: "add pupils to the pupil file, or make example data with `reportpack sample --out data`"})
	}
	if !diags.HasErrors() {
		diags = append(diags, p.dataLabels(src, files)...)
	}
	return p, diags
}

// groupSchools groups the pupils by school, in URN order, each school's
// pupils in file order. It returns the pupils so ordered, in one array that
// the schools' slices share, to be kept instead of pupils: a copy per
// school beside the file's order held an LA's pupils twice for the whole
// build. Pupils already in that order are that array.
func groupSchools(cfg *config.Site, pupils []model.Pupil) ([]model.Pupil, []School) {
	count := map[model.URN]int{}
	byURN := map[model.URN]*School{}
	var urns []model.URN
	for i := range pupils {
		pu := &pupils[i]
		s, ok := byURN[pu.URN]
		if !ok {
			s = &School{URN: pu.URN, Name: cfg.SchoolName(pu.URN)}
			byURN[pu.URN] = s
			urns = append(urns, pu.URN)
		}
		count[pu.URN]++
		addKeyStages(s, pu)
	}
	slices.Sort(urns)
	grouped := pupils // already in URN order (a file sorted by school, or anonymous's copy)
	if !slices.IsSortedFunc(pupils, func(a, b model.Pupil) int { return cmp.Compare(a.URN, b.URN) }) {
		next := make(map[model.URN]int, len(urns)) // where the school's next pupil goes
		off := 0
		for _, u := range urns {
			next[u] = off
			off += count[u]
		}
		grouped = make([]model.Pupil, len(pupils))
		for i := range pupils {
			u := pupils[i].URN
			grouped[next[u]] = pupils[i]
			next[u]++
		}
	}
	out := make([]School, len(urns))
	off := 0
	for i, u := range urns {
		s := byURN[u]
		sortKeyStages(s)
		n := count[u]
		s.Pupils = grouped[off : off+n : off+n]
		off += n
		out[i] = *s
	}
	return grouped, out
}

// loadTheme lays the site's themes/<name>/ over the built-in theme. A site
// may name a theme of its own or just override a few files of "default".
func loadTheme(source, name string, builtin fs.FS) (*render.Theme, diag.List) {
	dir := filepath.Join(source, "themes", name)
	var top fs.FS
	if st, err := os.Stat(dir); err == nil && st.IsDir() {
		top = os.DirFS(dir)
	} else if name != "default" {
		var l diag.List
		l.Add(diag.Diagnostic{File: "site.toml", Value: name, Message: "no folder themes/" + name, Hint: "create it with the files you want to override, or set theme = \"default\""})
		return nil, l
	}
	if builtin == nil {
		if top == nil {
			var l diag.List
			l.Add(diag.Diagnostic{File: "themes/" + name, Message: "no theme to build with"})
			return nil, l
		}
		return render.LoadTheme(top, "themes/"+name)
	}
	return render.LoadTheme(render.Overlay(top, builtin), "themes/"+name)
}

// anonymous returns a copy of the project whose pupils carry no identity
// (no name, UPN or date of birth), for rendering the profiles that must
// show none: a layout or chart cannot print what it was never given.
func (p *Project) anonymous() *Project {
	q := *p
	stripped := make([]model.Pupil, len(p.Data.Pupils))
	for i, pu := range p.Data.Pupils {
		pu.ID = model.Identity{}
		stripped[i] = pu
	}
	// Data.Pupils is in URN order, so grouping the copy slices it as the
	// original is sliced, without copying it again.
	q.Data.Pupils, q.Schools = groupSchools(p.Config, stripped)
	return &q
}

// assessmentRank orders a school's assessments: key stage 4, key stage 2
// (the headline pages), then the rest in package assess's order.
func assessmentRank(a model.Assessment) int {
	switch a {
	case model.KS4:
		return -2
	case model.KS2:
		return -1
	}
	if d := assess.ByID(a); d != nil {
		return d.Index()
	}
	return 1 << 20
}
