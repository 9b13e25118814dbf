package site

import (
	"context"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/reportpack/reportpack/generator/content"
	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/output"
)

// Session builds one profile of a site again and again, as watch mode
// does, keeping what it loaded and computed between builds so that each
// rebuild redoes only what a change touched:
//
//   - site.toml or data/: everything is loaded, checked and computed again;
//   - themes/: the layouts are parsed again and every page re-rendered,
//     with the measures kept;
//   - content/: the commentary is read again (it is small) and only the
//     pages made from the changed files are re-rendered, unless the change
//     alters what every page shows (the navigation: a page added, removed,
//     retitled or reordered; the glossary's terms), when all are.
//
// A Session never writes public/: its output is in memory.
type Session struct {
	source  string
	builtin fs.FS
	profile string

	p    *Project  // the last good load; nil before the first success
	c    *computed // its measures
	out  *output.Mem
	sigs map[model.URN]string // each school's navigation, as last rendered

	rendered int // files the last Build rendered, for tests and the terminal
}

// Rendered is the number of files the last successful Build rendered.
func (s *Session) Rendered() int { return s.rendered }

// NewSession prepares a session for the site in source, building the one
// profile named (empty means "named"); builtin is the built-in theme.
func NewSession(source string, builtin fs.FS, profile string) *Session {
	if profile == "" {
		profile = "named"
	}
	return &Session{source: source, builtin: builtin, profile: profile}
}

// Build rebuilds after the changes listed, as slash paths relative to the
// site folder ("content/ks4.md", "data/pupils.xlsx"); none means "assume
// everything changed". On success it returns every file of the profile's
// build, paths starting with the profile's folder. The Mem is the session's
// own and changes at the next Build: take what you need from it before
// then (watch.MemSnapshot does). On failure it returns nil and the
// diagnostics, and the next Build starts from the last good state.
func (s *Session) Build(ctx context.Context, changed []string) (*output.Mem, diag.List) {
	full := s.p == nil || len(changed) == 0
	themes, contents := false, []string(nil)
	for _, c := range changed {
		switch {
		case strings.HasPrefix(c, "content/"):
			contents = append(contents, strings.TrimPrefix(c, "content/"))
		case c == "content":
			full = true // the whole folder: renamed or removed
		case strings.HasPrefix(c, "themes/") || c == "themes":
			themes = true
		default: // site.toml, data/ or anything unforeseen
			full = true
		}
	}
	if full {
		return s.full(ctx)
	}

	p := *s.p // a copy: a failed build leaves s.p as it was
	var diags diag.List
	if themes {
		theme, td := loadTheme(s.source, p.Config.Theme, s.builtin)
		diags = append(diags, td...)
		if td.HasErrors() {
			return nil, diags
		}
		p.Theme = theme
	}
	all := themes
	if len(contents) > 0 {
		site, cd := p.loadContent(true)
		diags = append(diags, cd...)
		if site == nil || cd.HasErrors() {
			return nil, diags
		}
		p.Content = site
	}
	sigs := p.navigation()
	if !all && !maps.Equal(sigs, s.sigs) {
		all = true
	}
	if !all {
		files := map[string]bool{}
		for _, sc := range p.Schools {
			for src, file := range p.outputs(sc, s.profile) {
				if slices.Contains(contents, src) {
					files[file] = true
				}
			}
		}
		p.only = func(name string) bool { return files[name] }
	}
	if err := s.render(ctx, &p, s.c, &diags); err != nil {
		return nil, diags
	}
	p.only = nil
	s.p, s.sigs = &p, sigs
	return s.out, diags
}

// full loads, checks, computes and renders everything.
func (s *Session) full(ctx context.Context) (*output.Mem, diag.List) {
	p, diags := Load(s.source, s.builtin)
	if diags.HasErrors() {
		return nil, diags
	}
	if _, ok := p.Config.Profiles[s.profile]; !ok {
		diags.Add(diag.Diagnostic{File: "site.toml", Message: fmt.Sprintf("no profile %q", s.profile),
			Hint: "profiles are " + strings.Join(p.Config.ProfileNames(), ", ")})
		return nil, diags
	}
	c := newComputed(p)
	prev := s.out
	s.out = output.NewMem() // a full build replaces every file: none is carried over
	if err := s.render(ctx, p, c, &diags); err != nil {
		s.out = prev
		return nil, diags
	}
	s.p, s.c, s.sigs = p, c, p.navigation()
	return s.out, diags
}

// render renders the profile (the pages p.only accepts) into a scratch Mem,
// checking a non-named profile for leaks, and only then lays the files over
// the session's output.
func (s *Session) render(ctx context.Context, p *Project, c *computed, diags *diag.List) error {
	scratch := output.NewMem()
	src := p
	var w output.Writer = scratch
	var leaks *leakCheck
	if !p.Config.Profiles[s.profile].Named() {
		src = p.anonymous()
		src.only = p.only
		w, leaks = newLeakCheck(scratch, p, []string{s.profile})
	}
	if _, err := src.renderProfile(ctx, c, s.profile, w); err != nil {
		diags.Add(diag.Diagnostic{File: s.profile, Message: err.Error()})
		return err
	}
	ld := leaks.diagnostics()
	*diags = append(*diags, ld...)
	if ld.HasErrors() {
		return fmt.Errorf("leak check failed")
	}
	if s.out == nil {
		s.out = output.NewMem()
	}
	s.rendered = len(scratch.Names())
	for _, name := range scratch.Names() {
		b, _ := scratch.File(name)
		if err := s.out.WriteFile(name, b); err != nil {
			return err
		}
	}
	return nil
}

// outputs maps each commentary file a school's pages are made from
// (content-relative, as content.Page.Path) to the page it makes.
func (p *Project) outputs(sc School, profile string) map[string]string {
	dir := profile
	if len(p.Schools) > 1 {
		dir = path.Join(profile, string(sc.URN))
	}
	sp := p.pagesFor(sc)
	m := map[string]string{}
	if sp.home != nil {
		m[sp.home.Path] = path.Join(dir, "index.html")
	}
	for ks, pg := range sp.keyStage {
		m[pg.Path] = path.Join(dir, keyStageSlug(ks)+".html")
	}
	for _, pg := range sp.others {
		m[pg.Path] = path.Join(dir, pg.Slug+".html")
	}
	if sp.glossary != nil {
		m[sp.glossary.Path] = path.Join(dir, "glossary.html")
	}
	return m
}

// navigation sums up, per school, what every one of its pages shows of the
// commentary beyond a page's own body: the pages in the menu (file, title,
// order, description) and the glossary's terms, which the tables link to.
func (p *Project) navigation() map[model.URN]string {
	m := map[model.URN]string{}
	var terms strings.Builder
	if g := p.Content.Glossary; g != nil {
		for _, t := range g.Terms {
			fmt.Fprintf(&terms, "%s=%s;", t.ID, t.Title)
		}
	}
	for _, sc := range p.Schools {
		var b strings.Builder
		sp := p.pagesFor(sc)
		pages := slices.Concat([]*content.Page{sp.home, sp.glossary}, sp.others)
		for _, ks := range sc.KeyStages {
			pages = append(pages, sp.keyStage[ks])
		}
		for _, pg := range pages {
			if pg == nil {
				b.WriteString("-|")
				continue
			}
			fmt.Fprintf(&b, "%s\x00%s\x00%s\x00%d\x00%s|", pg.Path, pg.Slug, pg.Title, pg.Weight, pg.Description)
		}
		b.WriteString(terms.String())
		m[sc.URN] = b.String()
	}
	return m
}
