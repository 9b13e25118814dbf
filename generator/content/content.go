// Package content reads a site's commentary: the Markdown files under
// content/, each with strict front matter, parsed once into a goldmark AST
// and rendered later, for each school and profile, by (*Page).Render.
//
// Layout of content/:
//
//	_index.md                 the pack's home page commentary (slug "index")
//	ks4.md, ks2.md, …         one page each (slug "ks4", "ks2")
//	glossary.md               the glossary: one "##" heading a term
//	schools/<URN>/*.md        one school's own pages; a page here with the
//	                          same slug as a shared page replaces it for
//	                          that school
//
// Commentary is written in GitHub-flavoured Markdown with no typographer, so
// figures and quotes stay as typed. Raw HTML is left out of the output
// (goldmark writes "<!-- raw HTML omitted -->" in its place, and Load warns)
// unless site.toml sets allow_html, which trusts authors with full HTML
// (scripts included). Links are made safe either way: a javascript:, vbscript:,
// file: or non-image data: destination is emptied, and a link to another
// page's .md file points at its .html file. Fenced code blocks whose info
// string is "reportpack" hold embeds (see EmbedInfo).
package content

import (
	"bytes"
	"cmp"
	"errors"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/model"
)

// Dir is the content folder's name in a site, prefixed to paths in diagnostics.
const Dir = "content"

// SchoolsDir is the folder, within content/, that holds one folder of pages
// per school, named by URN.
const SchoolsDir = "schools"

// GlossaryPath is the glossary page's path within content/.
const GlossaryPath = "glossary.md"

// Options are Load's settings.
type Options struct {
	// AllowHTML keeps raw HTML in commentary (site.toml's allow_html). Off,
	// raw HTML is left out of pages and Load warns where it was.
	AllowHTML bool
	// Drafts includes pages whose front matter says draft = true.
	Drafts bool
	// EmbedKinds are the embed kinds the caller can draw; nil means
	// DefaultEmbedKinds. Any other kind is an error.
	EmbedKinds []string
}

// Site is a site's loaded commentary.
type Site struct {
	// Pages holds every page, shared and per-school, sorted by weight, then
	// title, then path.
	Pages []*Page
	// Glossary is content/glossary.md's terms; nil when there is no glossary.
	Glossary *Glossary
}

// Page is one Markdown file, parsed.
type Page struct {
	Path        string    // slash path within content/: "ks4.md", "schools/123456/ks4.md"
	Slug        string    // output name without ".html": "index" for _index.md or index.md, else the base name (with any folders below the level)
	Title       string    // front matter title; else the first "# heading"; else from the file name
	Weight      int       // order in menus, lightest first
	Description string    // one line for the page's description meta tag; may be empty
	Draft       bool      // left out of Load's result unless Options.Drafts
	URN         model.URN // the school, for pages under content/schools/<URN>/; empty for shared pages
	Headings    []Heading // every heading, in document order
	Embeds      []Embed   // every embed, in document order

	links []pageLink // links to other pages' .md files, for Load to check

	source    []byte   // the body after the front matter
	bodyLine  int      // the file line source starts on
	doc       ast.Node // its AST
	allowHTML bool     // render raw HTML
	active    []ActiveHTML
}

// Heading is one heading of a page.
type Heading struct {
	Level int    // 1 to 6
	Text  string // the heading's text, markup removed
	ID    string // its anchor: from {#id}, else from Text (see Slugify), unique on the page
	Line  int    // its line in the page's file
}

// File returns the page's path as diagnostics name it: "content/ks4.md".
func (p *Page) File() string { return Dir + "/" + p.Path }

// Document returns the page body's goldmark AST, for callers that walk it.
// It must not be changed.
func (p *Page) Document() ast.Node { return p.doc }

// Source returns the page body (after its front matter) that Document's
// segments point into.
func (p *Page) Source() []byte { return p.source }

// Load reads every .md file in fsys (the site's content folder) and parses
// it. Diagnostics name files as "content/…". A missing folder is an empty
// site. Hidden files and folders (".git", ".ks4.md.swp") and editors' backup
// files ("ks4.md~", "#ks4.md#") are skipped; any other file that is not
// Markdown draws a warning.
func Load(fsys fs.FS, opt Options) (*Site, diag.List) {
	if opt.EmbedKinds == nil {
		opt.EmbedKinds = DefaultEmbedKinds
	}
	var l diag.List
	site := &Site{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			l.Errorf(diag.Diagnostic{File: Dir + "/" + p}, "cannot read: %v", err)
			return nil
		}
		if p == "." {
			return nil
		}
		if name := d.Name(); strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") || strings.HasSuffix(name, "~") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if path.Ext(p) != ".md" {
			l.Warnf(diag.Diagnostic{File: Dir + "/" + p}, "not a Markdown (.md) file; ignored")
			return nil
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			l.Errorf(diag.Diagnostic{File: Dir + "/" + p}, "cannot read: %v", err)
			return nil
		}
		page, pl := parsePage(p, src, opt)
		l = append(l, pl...)
		if page != nil && (!page.Draft || opt.Drafts) {
			site.Pages = append(site.Pages, page)
		}
		return nil
	})
	if err != nil {
		l.Errorf(diag.Diagnostic{File: Dir}, "cannot read: %v", err)
	}
	slices.SortFunc(site.Pages, comparePages)
	l = append(l, site.check()...)
	if i := slices.IndexFunc(site.Pages, func(p *Page) bool { return p.Path == GlossaryPath }); i >= 0 {
		var gl diag.List
		site.Glossary, gl = newGlossary(site.Pages[i])
		l = append(l, gl...)
	}
	l.Sort()
	return site, l
}

func comparePages(a, b *Page) int {
	return cmp.Or(cmp.Compare(a.Weight, b.Weight), strings.Compare(a.Title, b.Title), strings.Compare(a.Path, b.Path))
}

// parsePage parses the file at content path p. It returns nil when the file
// cannot be a page at all (wrong place, not UTF-8, front matter never closed).
func parsePage(p string, src []byte, opt Options) (*Page, diag.List) {
	var l diag.List
	file := Dir + "/" + p
	at := diag.Diagnostic{File: file}
	urn, rel, msg := level(p)
	if msg != "" {
		l.Errorf(at, "%s", msg)
		return nil, l
	}
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	if !utf8.Valid(src) {
		at.Hint = "save the file as UTF-8"
		l.Errorf(at, "not UTF-8 text")
		return nil, l
	}
	delim, block, body, bodyLine, ok := splitFrontMatter(src)
	if !ok {
		at.Line = 1
		at.Hint = "end the front matter with a line holding only " + delim
		l.Errorf(at, "front matter is never closed")
		return nil, l
	}
	var fm frontMatter
	if delim != "" {
		var fl diag.List
		fm, fl = parseFrontMatter(file, delim, block)
		l = append(l, fl...)
	}
	page := &Page{
		Path:        p,
		Slug:        slug(rel),
		Title:       fm.Title,
		Weight:      fm.Weight,
		Description: fm.Description,
		Draft:       fm.Draft,
		URN:         urn,
		source:      body,
		bodyLine:    bodyLine,
		allowHTML:   opt.AllowHTML,
	}
	st := &parseState{file: file, bodyLine: bodyLine, source: body, kinds: opt.EmbedKinds}
	page.doc = parseBody(st)
	page.Embeds = st.embeds
	page.links = st.links
	l = append(l, st.diags...)
	page.Headings = page.headings()
	if page.Title == "" {
		page.Title = fallbackTitle(page.Headings, rel)
	}
	if !opt.AllowHTML {
		l = append(l, rawHTMLWarning(st, page.doc)...)
	} else {
		page.active = activeHTML(st, page.doc)
	}
	return page, l
}

// ActiveHTML is raw HTML in commentary that runs or restyles the page: a
// script or style element, an event handler attribute ("onload="), or a
// style attribute ("style=").
type ActiveHTML struct {
	Line int    // its line in the page's file
	What string // "<script>", "<style>", "an onload= attribute", "a style= attribute"
}

// ActiveHTML lists the page's scripts, styles, event handlers and style
// attributes, when it was loaded with Options.AllowHTML (raw HTML is left
// out otherwise). A profile that must hold no pupil identity refuses them:
// they can write text that no scan of the page's bytes or text reads, or
// lay text out otherwise than a scan reads it (a style attribute can show a
// block element inline: "Oli<div style="display:inline">via</div>" reads
// "Olivia" on the page, but a scan of its text takes the div for a gap).
func (p *Page) ActiveHTML() []ActiveHTML { return p.active }

var (
	activeElement = regexp.MustCompile(`(?i)<\s*(script|style)\b`)
	// An attribute named on… or style, inside a tag: after the tag's name
	// and a space, and any attributes before it.
	activeAttribute = regexp.MustCompile(`(?i)<[a-z][^\s/>]*(?:\s+[^\s>]+)*?[\s/"']+(on[a-z]+|style)\s*=`)
)

// activeHTML finds the page's scripts, styles, event handlers and style
// attributes.
func activeHTML(st *parseState, doc ast.Node) []ActiveHTML {
	var out []ActiveHTML
	find := func(raw []byte, offset int) {
		for _, m := range activeElement.FindAllSubmatchIndex(raw, -1) {
			out = append(out, ActiveHTML{st.lineAt(offset + m[0]), "<" + strings.ToLower(string(raw[m[2]:m[3]])) + ">"})
		}
		for _, m := range activeAttribute.FindAllSubmatchIndex(raw, -1) {
			name, article := strings.ToLower(string(raw[m[2]:m[3]])), "an "
			if name == "style" {
				article = "a "
			}
			out = append(out, ActiveHTML{st.lineAt(offset + m[2]), article + name + "= attribute"})
		}
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var segs *text.Segments
		switch n := n.(type) {
		case *ast.HTMLBlock:
			segs = n.Lines()
			if n.HasClosure() {
				segs = text.NewSegments()
				segs.AppendAll(n.Lines().Sliced(0, n.Lines().Len()))
				segs.Append(n.ClosureLine)
			}
		case *ast.RawHTML:
			segs = n.Segments
		default:
			return ast.WalkContinue, nil
		}
		if segs.Len() == 0 {
			return ast.WalkContinue, nil
		}
		// The node's source, from its first segment to its last: a tag may
		// run over lines.
		from, to := segs.At(0).Start, segs.At(segs.Len()-1).Stop
		find(st.source[from:to], from)
		return ast.WalkContinue, nil
	})
	return out
}

// level splits a content path into its school (empty for shared pages) and
// its path within that level. msg explains a path that cannot be a page.
func level(p string) (urn model.URN, rel, msg string) {
	rest, ok := strings.CutPrefix(p, SchoolsDir+"/")
	if !ok {
		return "", p, ""
	}
	dir, rel, ok := strings.Cut(rest, "/")
	if !ok {
		return "", "", "a school's pages go in a folder named by its URN: content/schools/<URN>/"
	}
	if len(dir) != 6 || strings.Trim(dir, "0123456789") != "" {
		return "", "", "folder " + SchoolsDir + "/" + dir + " is not a school's six-digit URN"
	}
	return model.URN(dir), rel, ""
}

// slug is a page's output name within its level, without ".html".
func slug(rel string) string {
	dir, base := path.Split(strings.TrimSuffix(rel, ".md"))
	if base == "_index" {
		base = "index"
	}
	return dir + base
}

// fallbackTitle is a page's title when its front matter gives none: its
// first level-1 heading, else its file (or, for an index, folder) name.
func fallbackTitle(hs []Heading, rel string) string {
	for _, h := range hs {
		if h.Level == 1 && h.Text != "" {
			return h.Text
		}
	}
	name := path.Base(strings.TrimSuffix(rel, ".md"))
	if name == "_index" || name == "index" {
		name = path.Base(path.Dir(rel))
		if name == "." {
			return "Home"
		}
	}
	name = strings.TrimSpace(strings.NewReplacer("-", " ", "_", " ").Replace(name))
	r, n := utf8.DecodeRuneInString(name)
	return string(unicode.ToUpper(r)) + name[n:]
}

// headings lists a page's headings.
func (p *Page) headings() []Heading {
	var hs []Heading
	_ = ast.Walk(p.doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			hs = append(hs, p.heading(h))
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return hs
}

// heading describes one heading node.
func (p *Page) heading(h *ast.Heading) Heading {
	var id string
	if v, ok := h.AttributeString("id"); ok {
		if b, ok := v.([]byte); ok {
			id = string(b)
		}
	}
	return Heading{Level: h.Level, Text: plainText(h, p.source), ID: id, Line: lineAt(p.source, p.bodyLine, offsetOf(h))}
}

// rawHTMLWarning warns, once a page, where raw HTML (other than comments)
// will be left out.
func rawHTMLWarning(st *parseState, doc ast.Node) diag.List {
	var l diag.List
	count, first := 0, -1
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock:
			if n.HTMLBlockType == ast.HTMLBlockType2 {
				return ast.WalkContinue, nil
			}
		case *ast.RawHTML:
			if seg := n.Segments; seg.Len() > 0 && bytes.HasPrefix(st.source[seg.At(0).Start:], []byte("<!--")) {
				return ast.WalkContinue, nil
			}
		default:
			return ast.WalkContinue, nil
		}
		count++
		if first < 0 {
			first = offsetOf(n)
		}
		return ast.WalkContinue, nil
	})
	if count > 0 {
		d := diag.Diagnostic{File: st.file, Line: st.lineAt(first), Hint: "write it in Markdown, or set allow_html = true in site.toml to keep raw HTML"}
		if count == 1 {
			l.Warnf(d, "raw HTML is left out of the page")
		} else {
			l.Warnf(d, "raw HTML is left out of the page (here and in %d more places)", count-1)
		}
	}
	return l
}
