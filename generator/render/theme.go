// Package render turns page views into HTML with a theme's html/template
// layouts. It knows nothing of how the views were computed: the site stage
// builds them, render only prints what it is given, escaped for its context.
package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"text/template/parse"

	"github.com/reportpack/reportpack/generator/diag"
)

// Layouts every theme provides (a site theme may override any of them).
const (
	LayoutHome     = "home"
	LayoutKeyStage = "keystage"
	LayoutPage     = "page"
	LayoutGlossary = "glossary"
	LayoutLAIndex  = "la-index"
	LayoutTable    = "table"
	LayoutPupils   = "pupils"
	LayoutScatter  = "scatter"
)

var layouts = []string{LayoutHome, LayoutKeyStage, LayoutPage, LayoutGlossary, LayoutLAIndex, LayoutTable, LayoutPupils, LayoutScatter}

// Theme is a parsed theme: one template set per layout, and the asset files.
type Theme struct {
	files  fs.FS // the layered theme folder
	pages  map[string]*template.Template
	assets []string // slash paths under assets/
	// sizes holds, per layout (and for drawn tables), the largest output so
	// far: the next buffer starts that big instead of doubling its way there.
	sizes map[string]*atomic.Int64
}

// LoadTheme parses a theme. files is the theme folder (layouts/, assets/);
// use Overlay to lay a site's theme folder over the built-in one. theme
// names the folder in diagnostics ("themes/default").
func LoadTheme(files fs.FS, name string) (*Theme, diag.List) {
	var l diag.List
	t := &Theme{files: files, pages: map[string]*template.Template{}, sizes: map[string]*atomic.Int64{}}
	common := template.New("base").Funcs(funcs)
	partials, _ := fs.Glob(files, "layouts/partials/*.html")
	for _, f := range append([]string{"layouts/baseof.html"}, partials...) {
		if err := parseInto(common, files, f); err != nil {
			l.Add(templateDiag(name, f, err))
		}
	}
	if l.HasErrors() {
		return nil, l
	}
	for _, lay := range layouts {
		f := "layouts/" + lay + ".html"
		set, err := common.Clone()
		if err == nil {
			err = parseInto(set, files, f)
		}
		if err != nil {
			l.Add(templateDiag(name, f, err))
			continue
		}
		t.pages[lay] = set
		t.sizes[lay] = new(atomic.Int64)
	}
	t.sizes[tableSize] = new(atomic.Int64)
	err := fs.WalkDir(files, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			t.assets = append(t.assets, strings.TrimPrefix(p, "assets/"))
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		l.Add(diag.Diagnostic{File: name + "/assets", Message: err.Error()})
	}
	slices.Sort(t.assets)
	if l.HasErrors() {
		return nil, l
	}
	return t, l
}

func parseInto(t *template.Template, files fs.FS, name string) error {
	src, err := fs.ReadFile(files, name)
	if err != nil {
		return err
	}
	_, err = t.New(path.Base(name)).Parse(string(src))
	return err
}

var templateLine = regexp.MustCompile(`template: [^:]+:(\d+):`)

// templateDiag names the template file and line of a parse error.
func templateDiag(theme, file string, err error) diag.Diagnostic {
	d := diag.Diagnostic{File: theme + "/" + file, Message: err.Error()}
	if m := templateLine.FindStringSubmatch(err.Error()); m != nil {
		d.Line, _ = strconv.Atoi(m[1])
	}
	if errors.Is(err, fs.ErrNotExist) {
		d.Message = "the theme has no such layout"
		d.Hint = "copy it from reportpack's default theme (themes/default) or remove the theme setting"
	}
	return d
}

// Page executes a layout for a page view and returns the page. Rendering
// into a buffer means a template error never leaves half a page.
func (t *Theme) Page(layout string, p *Page) ([]byte, error) {
	var buf bytes.Buffer
	if err := t.PageTo(&buf, layout, p); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// PageTo executes a layout for a page view into buf, which the caller may
// reuse from page to page. On an error buf holds part of a page.
func (t *Theme) PageTo(buf *bytes.Buffer, layout string, p *Page) error {
	set, ok := t.pages[layout]
	if !ok {
		return fmt.Errorf("render: no layout %q", layout)
	}
	if err := t.execute(buf, set, layout, "base", p); err != nil {
		return fmt.Errorf("layouts/%s.html: %w", layout, err)
	}
	return nil
}

// tableSize keys the size of drawn tables in Theme.sizes.
const tableSize = "table/table"

// execute runs set's template name into buf, growing buf first to the
// largest output of its kind so far (sizes[kind]).
func (t *Theme) execute(buf *bytes.Buffer, set *template.Template, kind, name string, data any) error {
	size := t.sizes[kind]
	buf.Grow(int(size.Load()))
	start := buf.Len()
	if err := set.ExecuteTemplate(buf, name, data); err != nil {
		return err
	}
	if n := int64(buf.Len() - start); n > size.Load() {
		size.Store(n) // a race between workers only costs a regrowth
	}
	return nil
}

// Table draws a table by pupil group with the table layout's "table"
// template, for pages to print as Page.TableHTML: the site draws a table
// once for every profile that shows the same figures, as Hugo's
// partialCached does. It returns "" when the theme's table layout has no
// "table" template (an older override that draws the table in "main").
func (t *Theme) Table(c *TableContext) (template.HTML, error) {
	set, ok := t.pages[LayoutTable]
	if !ok || set.Lookup("table") == nil {
		return "", nil
	}
	var buf bytes.Buffer
	if err := t.execute(&buf, set, tableSize, "table", c); err != nil {
		return "", fmt.Errorf("layouts/%s.html: %w", LayoutTable, err)
	}
	return template.HTML(buf.String()), nil
}

// RenderPartial executes a named template shared by every layout (a
// partial such as "embed-tile") into w, for content drawn inside
// commentary.
func (t *Theme) RenderPartial(w io.Writer, name string, data any) error {
	set, ok := t.pages[LayoutPage]
	if !ok {
		return fmt.Errorf("render: no layouts")
	}
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, name, data); err != nil {
		return fmt.Errorf("partial %s: %w", name, err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// Assets lists the theme's asset files, as slash paths under assets/.
func (t *Theme) Assets() []string { return t.assets }

// Asset reads one asset file.
func (t *Theme) Asset(name string) ([]byte, error) { return fs.ReadFile(t.files, "assets/"+name) }

var funcs = template.FuncMap{}

// Overlay lays top over base: a file in top hides the same path in base, and
// directory listings merge. top may be nil.
func Overlay(top, base fs.FS) fs.FS {
	if top == nil {
		return base
	}
	return overlay{top, base}
}

type overlay struct{ top, base fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	if f, err := o.top.Open(name); err == nil {
		st, err := f.Stat()
		if err == nil && !st.IsDir() {
			return f, nil
		}
		f.Close()
	}
	return o.base.Open(name)
}

func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	top, errTop := fs.ReadDir(o.top, name)
	base, errBase := fs.ReadDir(o.base, name)
	if errTop != nil && errBase != nil {
		return nil, errBase
	}
	seen := map[string]bool{}
	var out []fs.DirEntry
	for _, e := range append(top, base...) {
		if !seen[e.Name()] {
			seen[e.Name()] = true
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}

// LayoutText returns the text of a layout outside its actions, in every
// template it defines: what each page made with it prints whatever the
// data, markup included. It does not check the layout's functions.
func LayoutText(name string, src []byte) ([]byte, error) {
	t := parse.New(name)
	t.Mode = parse.SkipFuncCheck
	trees := map[string]*parse.Tree{}
	if _, err := t.Parse(string(src), "", "", trees); err != nil {
		return nil, err
	}
	var out []byte
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					walk(c)
				}
			}
		case *parse.TextNode:
			out = append(out, n.Text...)
		case *parse.IfNode:
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.List)
			walk(n.ElseList)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(trees)) {
		walk(trees[k].Root)
	}
	return out, nil
}
