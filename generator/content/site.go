package content

import (
	"cmp"
	"path"
	"slices"
	"strings"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/model"
)

// ForSchool returns the pages of one school's pack: the shared pages, with
// the school's own pages (under content/schools/<URN>/) added and each
// replacing any shared page of the same Slug. The order is Pages' order.
func (s *Site) ForSchool(urn model.URN) []*Page {
	own := map[string]bool{}
	for _, p := range s.Pages {
		if p.URN == urn && urn != "" {
			own[p.Slug] = true
		}
	}
	var out []*Page
	for _, p := range s.Pages {
		if (p.URN == "" && !own[p.Slug]) || (p.URN == urn && urn != "") {
			out = append(out, p)
		}
	}
	return out
}

// Schools returns the URNs that have pages of their own, in order, so the
// caller can check them against the schools in the data.
func (s *Site) Schools() []model.URN {
	var urns []model.URN
	for _, p := range s.Pages {
		if p.URN != "" && !slices.Contains(urns, p.URN) {
			urns = append(urns, p.URN)
		}
	}
	slices.Sort(urns)
	return urns
}

// check reports what only the whole site shows: two files with one output
// name (_index.md beside index.md), links to pages that do not exist (an
// error) and links to headings that do not exist (a warning: the anchor may
// be one a template makes).
func (s *Site) check() diag.List {
	var l diag.List
	seen := map[model.URN]map[string]*Page{}
	for _, p := range s.Pages {
		if seen[p.URN] == nil {
			seen[p.URN] = map[string]*Page{}
		}
		if q := seen[p.URN][p.Slug]; q != nil {
			first, second := q, p
			if p.Path < q.Path {
				first, second = p, q
			}
			d := diag.Diagnostic{File: second.File(), Hint: "keep one of " + first.Path + " and " + second.Path}
			l.Errorf(d, "makes the same page (%s.html) as %s", p.Slug, first.File())
			continue
		}
		seen[p.URN][p.Slug] = p
	}
	for _, p := range s.Pages {
		dir := path.Dir(p.Slug)
		for _, ln := range p.links {
			d := diag.Diagnostic{File: p.File(), Line: ln.line, Value: ln.target}
			target := p
			if ln.target != "" {
				rel := path.Join(dir, ln.target)
				if rel == ".." || strings.HasPrefix(rel, "../") {
					d.Hint = "link to pages by their path within content/, as ks4.md"
					l.Errorf(d, "link leads out of the pack")
					continue
				}
				if target = cmp.Or(seen[p.URN][slug(rel)], seen[""][slug(rel)]); target == nil {
					d.Hint = "link to a page in content/ by its file name, as ks4.md"
					l.Errorf(d, "link to a page that does not exist")
					continue
				}
			}
			if ln.fragment != "" && !slices.ContainsFunc(target.Headings, func(h Heading) bool { return h.ID == ln.fragment }) {
				d.Value += "#" + ln.fragment
				d.Hint = target.Path + " has no headings"
				if id := firstID(target); id != "" {
					d.Hint = "headings on " + target.Path + " have ids such as #" + id
				}
				l.Warnf(d, "link to a heading that is not on the page")
			}
		}
	}
	return l
}

// firstID is an example heading id on p, for hints; empty when p has none.
func firstID(p *Page) string {
	for _, h := range p.Headings {
		return h.ID
	}
	return ""
}
