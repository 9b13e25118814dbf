package content

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/url"
	"path"
	"regexp"
	"strings"
	"sync"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"golang.org/x/text/unicode/norm"

	"github.com/reportpack/reportpack/generator/diag"
)

// newMarkdown builds the one goldmark configuration commentary is written
// in: GFM (tables, strikethrough, autolinks, task lists), heading ids (ours,
// see headingIDs) with {#id} attributes, reportpack embeds, link checks, and
// no typographer, so numbers and quotes stay exactly as written. unsafe keeps
// raw HTML (site.toml's allow_html); it changes rendering only.
func newMarkdown(unsafe bool) goldmark.Markdown {
	var ropts []renderer.Option
	if unsafe {
		ropts = append(ropts, html.WithUnsafe())
	}
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM, reportpackExtension{}),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithAttribute(),
		),
		goldmark.WithRendererOptions(ropts...),
	)
}

// markdowns holds the two configurations, built once: [0] leaves raw HTML
// out, [1] keeps it. Their parsers are identical.
var markdowns = sync.OnceValue(func() [2]goldmark.Markdown {
	return [2]goldmark.Markdown{newMarkdown(false), newMarkdown(true)}
})

// parseState is what one page's parse collects, carried through goldmark's
// parser.Context to our AST transformers.
type parseState struct {
	file     string   // "content/ks4.md", for diagnostics
	bodyLine int      // file line of the body's first byte (after front matter)
	source   []byte   // the body
	kinds    []string // embed kinds accepted
	diags    diag.List
	embeds   []Embed
	links    []pageLink
}

// pageLink is a link in commentary to a page's Markdown file, or to a
// heading on the same page.
type pageLink struct {
	target   string // slash path relative to the linking page's folder; empty for the same page
	fragment string // heading id after "#"; may be empty
	line     int
}

var stateKey = parser.NewContextKey()

func stateOf(pc parser.Context) *parseState { return pc.Get(stateKey).(*parseState) }

// lineAt returns the file line of a byte offset in the body.
func (s *parseState) lineAt(offset int) int { return lineAt(s.source, s.bodyLine, offset) }

// lineAt returns the file line of a byte offset in body, which starts on
// file line bodyLine; 0 for an unknown (negative) offset.
func lineAt(body []byte, bodyLine, offset int) int {
	if offset < 0 || offset > len(body) {
		return 0
	}
	return bodyLine + bytes.Count(body[:offset], []byte("\n"))
}

// parseBody parses a page body into an AST with our heading ids.
func parseBody(st *parseState) ast.Node {
	pc := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	pc.Set(stateKey, st)
	return markdowns()[0].Parser().Parse(text.NewReader(st.source), parser.WithContext(pc))
}

// headingIDs is our parser.IDs: readable ids from any script. Accents are
// dropped (Résumé -> resume), letters and digits of every script kept and
// lower-cased, anything else becomes a single hyphen; repeats on a page get
// -1, -2 … suffixes. goldmark's own generator keeps ASCII only.
type headingIDs struct{ used map[string]bool }

func newHeadingIDs() *headingIDs { return &headingIDs{used: map[string]bool{}} }

// Generate implements parser.IDs. value is the heading's source line.
func (h *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	base := Slugify(markupToText(string(value)))
	if base == "" {
		base = "id"
		if kind == ast.KindHeading {
			base = "heading"
		}
	}
	id := base
	for i := 1; h.used[id]; i++ {
		id = fmt.Sprintf("%s-%d", base, i)
	}
	h.used[id] = true
	return []byte(id)
}

// Put implements parser.IDs, reserving an explicit {#id}.
func (h *headingIDs) Put(value []byte) { h.used[string(value)] = true }

// inlineMarkup matches what a heading's source may hold that its text does
// not: a link's destination and title, an autolink's or tag's brackets.
var inlineMarkup = regexp.MustCompile(`\]\([^)]*\)|<[A-Za-z/!][^>]*>|[\\*_~` + "`" + `\[\]]`)

// markupToText approximates a heading source line's text, enough for an id.
func markupToText(s string) string {
	return string(unescape([]byte(inlineMarkup.ReplaceAllString(s, " "))))
}

// Slugify turns text into an id: accents dropped by Unicode decomposition
// (NFKD), letters and digits of any script kept and lower-cased, apostrophes
// dropped, every other run of characters one hyphen, none at either end.
// "Résumé" -> "resume"; "Grade 5+ in English & maths" ->
// "grade-5-in-english-maths".
func Slugify(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r), r == '\'', r == '’':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(unicode.ToLower(r))
		default:
			hyphen = true
		}
	}
	return b.String()
}

// unescape resolves entities and backslash escapes as goldmark's renderer does.
func unescape(v []byte) []byte {
	return util.UnescapePunctuations(util.ResolveNumericReferences(util.ResolveEntityNames(v)))
}

// plainText is the text of an inline subtree, markup removed.
func plainText(n ast.Node, source []byte) string {
	var b bytes.Buffer
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(source))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.Label(source))
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(string(unescape(b.Bytes())))
}

// offsetOf returns a byte offset in the body where n's content starts, or -1.
func offsetOf(n ast.Node) int {
	if n.Type() == ast.TypeBlock {
		if l := n.Lines(); l != nil && l.Len() > 0 {
			return l.At(0).Start
		}
	}
	switch n := n.(type) {
	case *ast.Text:
		return n.Segment.Start
	case *ast.RawHTML:
		if n.Segments.Len() > 0 {
			return n.Segments.At(0).Start
		}
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if o := offsetOf(c); o >= 0 {
			return o
		}
	}
	return -1
}

// linkTransformer neutralises dangerous link destinations (javascript:,
// vbscript:, file:, data: other than images) whatever the HTML setting, and
// points links to other pages' Markdown files at their HTML files
// ("ks2.md#bands" -> "ks2.html#bands", "_index.md" -> "index.html"),
// recording them, and links to headings on the same page ("#bands"), so
// Load can check that the page and heading exist.
type linkTransformer struct{}

func (linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	var autolinks []*ast.AutoLink
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			n.Destination = st.destination(n, n.Destination)
		case *ast.Image:
			n.Destination = st.destination(n, n.Destination)
		case *ast.AutoLink:
			if dangerousURL(n.URL(st.source)) {
				autolinks = append(autolinks, n)
			}
		}
		return ast.WalkContinue, nil
	})
	// A dangerous autolink (<javascript:…>) is left as its text.
	for _, n := range autolinks {
		n.Parent().ReplaceChild(n.Parent(), n, ast.NewString(n.Label(st.source)))
	}
}

// destination returns the destination a link or image should have.
func (st *parseState) destination(n ast.Node, dest []byte) []byte {
	if dangerousURL(dest) {
		return nil
	}
	u, err := url.Parse(string(dest))
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" || path.IsAbs(u.Path) {
		return dest
	}
	if u.Path == "" && u.RawQuery == "" && u.Fragment != "" {
		st.links = append(st.links, pageLink{fragment: u.Fragment, line: st.lineAt(offsetOf(n))})
		return dest
	}
	if !strings.HasSuffix(u.Path, ".md") {
		return dest
	}
	st.links = append(st.links, pageLink{target: u.Path, fragment: u.Fragment, line: st.lineAt(offsetOf(n))})
	dir, file := path.Split(u.Path)
	file = strings.TrimSuffix(file, ".md")
	if file == "_index" {
		file = "index"
	}
	u.Path = dir + file + ".html"
	return []byte(u.String())
}

// dangerousURL reports a URL a browser would run or read locally, after
// dropping the whitespace and control characters browsers ignore.
func dangerousURL(u []byte) bool {
	clean := bytes.Map(func(r rune) rune {
		if r <= ' ' {
			return -1
		}
		return r
	}, u)
	return html.IsDangerousURL(clean)
}

// Render writes the page body's HTML to w. Embeds are drawn by embeds; when
// embeds is nil each is a plain placeholder box. Raw HTML is left out
// (goldmark writes "<!-- raw HTML omitted -->") unless the page was loaded
// with Options.AllowHTML. Render may be called from several goroutines.
func (p *Page) Render(w io.Writer, embeds EmbedRenderer) error {
	md := markdowns()[0]
	if p.allowHTML {
		md = markdowns()[1]
	}
	bw := &embedWriter{Writer: bufio.NewWriter(w), embeds: embeds, page: p}
	return md.Renderer().Render(bw, p.source, p.doc)
}

// embedWriter is the util.BufWriter Render hands goldmark. It carries the
// caller's EmbedRenderer to our embed node renderer, so one goldmark renderer
// serves every page and school concurrently.
type embedWriter struct {
	*bufio.Writer
	embeds EmbedRenderer
	page   *Page
}
