package content

import (
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/reportpack/reportpack/generator/diag"
)

// Glossary is content/glossary.md read as a list of terms: each "##"
// heading is one term, its anchor the heading's id. An id comes from the
// heading's text alone (or an explicit {#id}), so adding, removing or
// reordering other terms never moves it.
type Glossary struct {
	Page  *Page
	Terms []Term // in the page's order
}

// Term is one glossary entry.
type Term struct {
	ID      string // anchor on the glossary page: glossary.html#<ID>
	Title   string // the heading's text
	Summary string // the first paragraph under the heading, as plain text (for a tooltip); may be empty
}

// newGlossary reads the terms of a glossary page. A term whose anchor is
// not its own (a repeated title gets a "-1" suffix from its place on the
// page) is an error: links to it would move when other headings do.
func newGlossary(p *Page) (*Glossary, diag.List) {
	var l diag.List
	g := &Glossary{Page: p}
	seen := map[string]string{}
	for n := p.doc.FirstChild(); n != nil; n = n.NextSibling() {
		h, ok := n.(*ast.Heading)
		if !ok || h.Level != 2 {
			continue
		}
		hd := p.heading(h)
		t := Term{ID: hd.ID, Title: hd.Text}
		d := diag.Diagnostic{File: p.File(), Line: hd.Line, Value: t.Title,
			Hint: "give each term its own title, or an anchor of its own with {#id}"}
		switch {
		case seen[t.ID] != "":
			l.Errorf(d, "glossary term has the same anchor (#%s) as %q", t.ID, seen[t.ID])
			continue
		case t.ID != Slugify(t.Title) && !explicitID(p, h, t.ID):
			l.Errorf(d, "glossary term's anchor (#%s) depends on its place on the page: another heading has the same title", t.ID)
			continue
		}
		seen[t.ID] = t.Title
		if para, ok := h.NextSibling().(*ast.Paragraph); ok {
			t.Summary = plainText(para, p.source)
		}
		g.Terms = append(g.Terms, t)
	}
	return g, l
}

// explicitID reports whether a heading's line gives id with {#id}.
func explicitID(p *Page, h *ast.Heading, id string) bool {
	o := offsetOf(h)
	if o < 0 {
		return false
	}
	line, _, _ := strings.Cut(string(p.source[o:]), "\n")
	return regexp.MustCompile(`\{[^}]*#` + regexp.QuoteMeta(id) + `(\s[^}]*)?\}\s*$`).MatchString(line)
}

// Lookup finds a term by its id, by its title ignoring case, or by a key
// that slugifies to its id ("Progress 8", "progress 8", "progress-8").
// It is safe on a nil Glossary, which has no terms.
func (g *Glossary) Lookup(key string) (Term, bool) {
	if g == nil {
		return Term{}, false
	}
	id := Slugify(key)
	for _, match := range []func(Term) bool{
		func(t Term) bool { return t.ID == key },
		func(t Term) bool { return strings.EqualFold(t.Title, key) },
		func(t Term) bool { return id != "" && t.ID == id },
	} {
		for _, t := range g.Terms {
			if match(t) {
				return t, true
			}
		}
	}
	return Term{}, false
}
