package content

import (
	"fmt"
	"html"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/reportpack/reportpack/generator/diag"
)

// EmbedInfo is the info string that marks a fenced code block as embeds:
//
//	```reportpack
//	tile ks4_p8
//	table ks4_p8 comparator=other
//	```
//
// Each non-blank line that is not a "#" comment is one embed: a kind, a
// measure id, then any key=value arguments (a value with spaces in "double
// quotes").
const EmbedInfo = "reportpack"

// DefaultEmbedKinds are the embed kinds accepted when Options.EmbedKinds is
// nil: a headline tile, a table by pupil group and a pupil scatterplot.
var DefaultEmbedKinds = []string{"tile", "table", "scatter"}

// Embed is one figure, table or chart that commentary asks for. Content only
// parses it; the caller checks the measure id and arguments against its
// registry and draws it through an EmbedRenderer.
type Embed struct {
	Kind    string            // one of Options.EmbedKinds, e.g. "tile"
	Measure string            // measure id as written, e.g. "ks4_p8"
	Args    map[string]string // key=value arguments; nil when there are none
	File    string            // "content/ks4.md", for diagnostics
	Line    int               // line of the embed in File
}

// Place returns a diagnostic located at the embed, for the caller's checks.
func (e Embed) Place() diag.Diagnostic { return diag.Diagnostic{File: e.File, Line: e.Line} }

// EmbedRenderer draws embeds into a page. Render calls it for each embed in
// document order; an error stops the page's rendering.
type EmbedRenderer interface {
	RenderEmbed(w io.Writer, e Embed) error
}

// EmbedRendererFunc adapts a function to EmbedRenderer.
type EmbedRendererFunc func(w io.Writer, e Embed) error

// RenderEmbed calls f(w, e).
func (f EmbedRendererFunc) RenderEmbed(w io.Writer, e Embed) error { return f(w, e) }

// KindEmbed is the goldmark node kind of an EmbedNode.
var KindEmbed = ast.NewNodeKind("ReportpackEmbed")

// EmbedNode is the block that replaces a reportpack fenced code block in a
// page's AST, one per embed line.
type EmbedNode struct {
	ast.BaseBlock
	Embed Embed
}

// Kind implements ast.Node.
func (n *EmbedNode) Kind() ast.NodeKind { return KindEmbed }

// Dump implements ast.Node.
func (n *EmbedNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Kind": n.Embed.Kind, "Measure": n.Embed.Measure}, nil)
}

// reportpackExtension adds our AST transformers and the embed renderer.
type reportpackExtension struct{}

func (reportpackExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(
		util.Prioritized(embedTransformer{}, 100),
		util.Prioritized(linkTransformer{}, 200),
	))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(embedNodeRenderer{}, 100)))
}

// embedTransformer swaps each reportpack fenced code block for EmbedNodes.
type embedTransformer struct{}

func (embedTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	var blocks []*ast.FencedCodeBlock
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if fb, ok := n.(*ast.FencedCodeBlock); ok && entering && string(fb.Language(st.source)) == EmbedInfo {
			blocks = append(blocks, fb)
		}
		return ast.WalkContinue, nil
	})
	for _, fb := range blocks {
		parent, prev := fb.Parent(), ast.Node(fb)
		lines, empty := fb.Lines(), true
		for i := range lines.Len() {
			seg := lines.At(i)
			line := strings.TrimSpace(string(seg.Value(st.source)))
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			empty = false
			if e, ok := st.parseEmbed(line, st.lineAt(seg.Start)); ok {
				n := &EmbedNode{Embed: e}
				parent.InsertAfter(parent, prev, n)
				prev = n
				st.embeds = append(st.embeds, e)
			}
		}
		if empty {
			st.diags.Add(diag.Diagnostic{File: st.file, Line: st.lineAt(fb.Info.Segment.Start),
				Message: "reportpack block has no embeds", Hint: "write a line such as: tile ks4_p8"})
		}
		parent.RemoveChild(parent, fb)
	}
}

// parseEmbed reads one line of a reportpack block, trimmed, neither blank
// nor a comment. ok is false when the line has errors (added to st.diags).
func (st *parseState) parseEmbed(line string, lineNo int) (e Embed, ok bool) {
	at := diag.Diagnostic{File: st.file, Line: lineNo}
	fields, err := splitFields(line)
	if err != nil {
		at.Value = line
		st.diags.Errorf(at, "embed: %v", err)
		return e, false
	}
	e = Embed{Kind: fields[0], File: st.file, Line: lineNo}
	if !slices.Contains(st.kinds, e.Kind) {
		at.Value = e.Kind
		at.Hint = "embed kinds are " + strings.Join(st.kinds, ", ")
		st.diags.Errorf(at, "unknown embed kind")
		return e, false
	}
	if len(fields) < 2 || strings.Contains(fields[1], "=") {
		at.Value = line
		at.Hint = "write the kind, then the measure id: " + e.Kind + " ks4_p8"
		st.diags.Errorf(at, "embed names no measure")
		return e, false
	}
	e.Measure = fields[1]
	for _, f := range fields[2:] {
		k, v, found := strings.Cut(f, "=")
		switch {
		case !found || k == "":
			at.Value = f
			at.Hint = "arguments are key=value"
			st.diags.Errorf(at, "embed argument is not key=value")
			return e, false
		case hasKey(e.Args, k):
			at.Value = k
			st.diags.Errorf(at, "embed argument given twice")
			return e, false
		}
		if e.Args == nil {
			e.Args = map[string]string{}
		}
		e.Args[k] = v
	}
	return e, true
}

func hasKey(m map[string]string, k string) bool { _, ok := m[k]; return ok }

// splitFields splits an embed line at spaces; a field may hold a "quoted"
// part with spaces (title="Progress 8 by group"), unquoted in the result.
func splitFields(s string) ([]string, error) {
	var fields []string
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		var b strings.Builder
		for s != "" && s[0] != ' ' && s[0] != '\t' {
			if s[0] != '"' {
				b.WriteByte(s[0])
				s = s[1:]
				continue
			}
			end := closingQuote(s)
			if end < 0 {
				return nil, fmt.Errorf("unclosed quote")
			}
			v, err := strconv.Unquote(s[:end+1])
			if err != nil {
				return nil, fmt.Errorf("bad escape in quoted text")
			}
			b.WriteString(v)
			s = s[end+1:]
		}
		fields = append(fields, b.String())
	}
	return fields, nil
}

// embedNodeRenderer renders EmbedNodes through the caller's EmbedRenderer.
type embedNodeRenderer struct{}

func (embedNodeRenderer) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(KindEmbed, renderEmbed)
}

func renderEmbed(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	e := n.(*EmbedNode).Embed
	if ew, ok := w.(*embedWriter); ok && ew.embeds != nil {
		if err := ew.embeds.RenderEmbed(w, e); err != nil {
			return ast.WalkStop, fmt.Errorf("%s, line %d: %s %s: %w", e.File, e.Line, e.Kind, e.Measure, err)
		}
		return ast.WalkContinue, nil
	}
	_, err := fmt.Fprintf(w, "<div class=\"rp-embed rp-embed-placeholder\" data-kind=\"%s\" data-measure=\"%s\">%s %s</div>\n",
		html.EscapeString(e.Kind), html.EscapeString(e.Measure), html.EscapeString(e.Kind), html.EscapeString(e.Measure))
	return ast.WalkContinue, err
}
