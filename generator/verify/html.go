package verify

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// HTMLText scans the text of an HTML page as a reader sees it, for the
// names that markup splits where a scan of its bytes cannot see them:
// "<strong>John</strong> Smith", "John<br>Smith", a name across a line
// break. Inline tags (inlineTags) are removed without a gap, block tags
// (blockTags) and line breaks stand for a space, and comments go. A tag in
// neither list (a custom element) may be laid out either way, so a page
// that has one is read both ways, and what either finds is reported. The text of scripts and styles is
// passed over: Bytes scans whole files, and File calls both. Findings name
// the file as name.
func (c *Checker) HTMLText(name string, b []byte) []Finding {
	if len(c.needles) == 0 {
		return nil
	}
	text := scratch.Get().(*[]byte)
	defer putScratch(text)
	buf := scratch.Get().(*[]byte)
	defer putScratch(buf)
	var unknown bool
	*text, unknown = appendHTMLText((*text)[:0], b, true)
	*buf = appendNormal((*buf)[:0], *text)
	var seen []uint64
	f := c.finish(name, "", *buf, c.hits(*buf, false, nil), &seen, nil)
	if unknown {
		*text, _ = appendHTMLText((*text)[:0], b, false)
		*buf = appendNormal((*buf)[:0], *text)
		f = c.finish(name, "", *buf, c.hits(*buf, false, nil), &seen, f)
	}
	return f
}

// inlineTags are the elements whose tags split no word: "Jo<b>hn</b>" reads
// "John". wbr is a line-break opportunity, not a gap.
var inlineTags = tagSet("a abbr b bdi bdo big cite code data del dfn em font i ins kbd mark q s samp small " +
	"span strike strong sub sup time tt u var wbr")

// blockTags are the elements whose tags stand for a gap in the text: blocks,
// line breaks, table cells, form controls and replaced elements (an image
// between two words stands between them), and the document's own parts.
var blockTags = tagSet("address area article aside audio blockquote body br button canvas caption center col " +
	"colgroup dd details dialog dir div dl dt embed fieldset figcaption figure footer form frame frameset " +
	"h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe img input label legend li link main map math menu " +
	"meta meter nav noscript object ol optgroup option output p param picture pre progress rp rt ruby " +
	"search section select slot source summary svg table tbody td template textarea tfoot th thead title " +
	"tr track ul video")

func tagSet(names string) map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Fields(names) {
		m[n] = true
	}
	return m
}

// htmlSpace maps the bytes that HTML lays out as a space (tab, line feed,
// form feed, carriage return) to one, and every other byte to itself.
var htmlSpace = func() (t [256]byte) {
	for c := range t {
		t[c] = byte(c)
	}
	for _, c := range "\t\n\f\r" {
		t[c] = ' '
	}
	return t
}()

// markup is what a piece of markup stands for in the text.
type markup uint8

const (
	noGap      markup = iota // an inline tag, a comment
	gap                      // a block tag, a doctype
	unknownTag               // a tag in neither list
)

// appendHTMLText appends the text of the HTML document b to dst, as
// HTMLText describes it, with a tag in neither list read as a gap when
// unknownGap; it reports whether there was such a tag. Character
// references are left for appendNormal. A '<' that starts no tag, or a tag
// that never ends, is text: the check would rather scan too much than too
// little.
func appendHTMLText(dst, b []byte, unknownGap bool) ([]byte, bool) {
	unknown := false
	for i := 0; i < len(b); {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			j = len(b)
		} else {
			j += i
		}
		for _, c := range b[i:j] {
			dst = append(dst, htmlSpace[c])
		}
		if j == len(b) {
			break
		}
		end, m := skipMarkup(b, j)
		switch {
		case end == j:
			dst, end = append(dst, '<'), j+1
		case m == gap, m == unknownTag && unknownGap:
			dst = append(dst, ' ')
		}
		unknown = unknown || m == unknownTag
		i = end
	}
	return dst, unknown
}

// skipMarkup returns where the markup that starts at b[i], a '<', ends, and
// what it stands for in the text; end == i when the '<' is text.
func skipMarkup(b []byte, i int) (end int, m markup) {
	p := i + 1
	if p == len(b) {
		return i, noGap
	}
	switch b[p] {
	case '!':
		if bytes.HasPrefix(b[p:], []byte("!--")) {
			// A comment, "<!-->" and "<!--->" included, ends at the
			// first "-->" or "--!>", as browsers end it: gone, no gap.
			body := p + 3
			switch {
			case bytes.HasPrefix(b[body:], []byte(">")):
				return body + 1, noGap
			case bytes.HasPrefix(b[body:], []byte("->")):
				return body + 2, noGap
			}
			for k := body; ; k++ {
				d := bytes.Index(b[k:], []byte("--"))
				if d < 0 {
					return i, noGap
				}
				k += d
				switch {
				case bytes.HasPrefix(b[k+2:], []byte(">")):
					return k + 3, noGap
				case bytes.HasPrefix(b[k+2:], []byte("!>")):
					return k + 4, noGap
				}
			}
		}
		return toGT(b, i) // a doctype, CDATA: to the next '>'
	case '?':
		return toGT(b, i)
	case '/':
		p++
	}
	if p == len(b) || !isASCIILetter(b[p]) {
		if p > i+1 { // "</" and no name: a bogus comment, to the next '>'
			return toGT(b, i)
		}
		return i, noGap
	}
	q := p
	for q < len(b) && (isASCIILetter(b[q]) || '0' <= b[q] && b[q] <= '9' || b[q] == '-' || b[q] == ':') {
		q++
	}
	end = tagEnd(b, q)
	if end < 0 {
		return i, noGap
	}
	var lower [16]byte
	if q-p > len(lower) {
		return end, unknownTag
	}
	for k, c := range b[p:q] {
		lower[k] = c | 0x20
	}
	tag := lower[:q-p]
	switch {
	case p == i+1 && (string(tag) == "script" || string(tag) == "style"):
		return rawTextEnd(b, end, tag), gap
	case inlineTags[string(tag)]:
		return end, noGap
	case blockTags[string(tag)]:
		return end, gap
	}
	return end, unknownTag
}

// toGT returns the end of markup that runs from b[i] to the next '>', and
// that it is a gap; end == i when there is no '>'.
func toGT(b []byte, i int) (int, markup) {
	k := bytes.IndexByte(b[i:], '>')
	if k < 0 {
		return i, noGap
	}
	return i + k + 1, gap
}

// tagEnd returns the index after the '>' that ends a tag whose attributes
// start at b[q], passing over quoted attribute values, or -1 if none does.
func tagEnd(b []byte, q int) int {
	for q < len(b) {
		switch b[q] {
		case '>':
			return q + 1
		case '=':
			q++
			for q < len(b) && htmlSpace[b[q]] == ' ' {
				q++
			}
			if q < len(b) && (b[q] == '"' || b[q] == '\'') {
				k := bytes.IndexByte(b[q+1:], b[q])
				if k < 0 {
					return -1
				}
				q += k + 2
			}
		default:
			q++
		}
	}
	return -1
}

// rawTextEnd returns the end of the end tag of the script or style element
// (lower-case tag) whose text starts at b[from], or len(b) if it has none.
func rawTextEnd(b []byte, from int, tag []byte) int {
	for from < len(b) {
		k := bytes.Index(b[from:], []byte("</"))
		if k < 0 {
			break
		}
		p := from + k + 2
		q := p + len(tag)
		if q <= len(b) && bytes.EqualFold(b[p:q], tag) && (q == len(b) || b[q] == '>' || b[q] == '/' || htmlSpace[b[q]] == ' ') {
			if end := tagEnd(b, q); end >= 0 {
				return end
			}
			break
		}
		from = p
	}
	return len(b)
}

func isASCIILetter(c byte) bool { return c < utf8.RuneSelf && 'a' <= c|0x20 && c|0x20 <= 'z' }

// markupWords are the words of HTML's own markup: the names of elements
// (HTML's, SVG's and MathML's common ones, obsolete ones too) and the parts
// of the names of attributes ("aria-label": "aria", "label"), those of
// reportpack's own layouts among them ("data-rp-scatter-table"). In a
// tag's name or an attribute's name they are not text, and the scan of an
// HTML page's bytes does not read them as words (see blankMarkup): every
// list's "</li><li>" would otherwise read "li li", the name of a pupil "Li
// Li", or of "Li Na Li" by one of her forenames.
var markupWords = tagSet(
	// Elements.
	"a abbr acronym address applet area article aside audio b base basefont bdi bdo big blink blockquote " +
		"body br button canvas caption center cite code col colgroup data datalist dd del details dfn dialog " +
		"dir div dl dt em embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 " +
		"head header hgroup hr html i iframe img input ins kbd label legend li link main map mark marquee " +
		"menu meta meter nav nobr noembed noframes noscript object ol optgroup option output p param picture " +
		"plaintext pre progress q rb rp rt rtc ruby s samp script search section select slot small source " +
		"span strike strong style sub summary sup table tbody td template textarea tfoot th thead time title " +
		"tr track tt u ul var video wbr xmp " +
		// SVG and MathML.
		"svg g path rect circle ellipse line polyline polygon tspan textpath defs use symbol lineargradient " +
		"radialgradient stop clippath mask pattern marker image foreignobject desc metadata filter " +
		"math mi mo mn ms mrow msup msub msubsup mfrac msqrt mroot mtext mtable mtr mtd mspace semantics " +
		// Attributes, and the parts of their names.
		"abbr accept accesskey action align allow alink alt async autocapitalize autocomplete autofocus " +
		"autoplay axis background bgcolor border cellpadding cellspacing char charoff charset checked class " +
		"clear color cols colspan compact content contenteditable controls coords crossorigin data datetime " +
		"declare decoding default defer dirname disabled download draggable enctype enterkeyhint equiv face " +
		"fetchpriority for formaction formenctype formmethod formnovalidate formtarget frameborder headers " +
		"height hidden high href hreflang hspace http id inert inputmode integrity is ismap itemid itemprop " +
		"itemref itemscope itemtype kind lang language list loading longdesc loop low max maxlength media " +
		"method min minlength multiple muted name nohref nonce noshade novalidate nowrap open optimum ping " +
		"placeholder playsinline popover popovertarget popovertargetaction poster preload readonly " +
		"referrerpolicy rel required rev reversed role rows rowspan rules sandbox scope scrolling selected " +
		"shape size sizes span spellcheck src srcdoc srclang srcset start step summary tabindex target text " +
		"translate type usemap valign value valuetype version vlink vspace width wrap xmlns xlink xml " +
		"onabort onblur onchange onclick oncontextmenu ondblclick onerror onfocus oninput onkeydown onkeypress " +
		"onkeyup onload onmousedown onmouseenter onmouseleave onmousemove onmouseout onmouseover onmouseup " +
		"onreset onresize onscroll onselect onsubmit ontoggle onunload " +
		"aria activedescendant atomic autocomplete busy colcount colindex colspan current describedby " +
		"description details disabled errormessage expanded flowto haspopup invalid keyshortcuts label " +
		"labelledby level live modal multiline multiselectable orientation owns posinset pressed readonly " +
		"relevant required roledescription rowcount rowindex rowspan selected setsize sort valuemax valuemin " +
		"valuenow valuetext controls " +
		"viewbox fill stroke opacity transform d x y x1 x2 y1 y2 cx cy r rx ry dx dy points offset " +
		"preserveaspectratio focusable family anchor baseline dominant linecap linejoin dasharray miterlimit " +
		"rule clip gradientunits gradienttransform units " +
		// reportpack's layouts.
		"rp scatter highlight measure group same sortable numeric switch status filter filters panel chart " +
		"no national")

// blankMarkup blanks, in the bytes of an HTML page, the markup words (see
// markupWords) of the names of its tags and of their attributes, each
// byte to a space, and reports whether it blanked any. Nothing else is
// blanked: text, attribute values, comments (but the tags in them), a
// tag's name or an attribute's name that is no markup word ("<olivia-white>"
// holds two words still), escaped markup ("&lt;li&gt;" is text a reader
// sees), and a '<' that starts no tag (see skipMarkup: a letter after '<'
// or "</", then a name and attributes up to a '>' that tagEnd finds). So
// a scan of the page's bytes can miss only a name whose every word is a
// markup word standing in markup, which no reader sees as text.
func blankMarkup(b []byte) bool {
	blanked := false
	last := bytes.LastIndexByte(b, '>')
	for i := 0; i < last; {
		k := bytes.IndexByte(b[i:last], '<')
		if k < 0 {
			break
		}
		p := i + k + 1
		i = p
		if p < len(b) && b[p] == '/' {
			p++
		}
		if p == len(b) || !isASCIILetter(b[p]) {
			continue
		}
		q := p
		for q < len(b) && isTagNameByte(b[q]) {
			q++
		}
		end := tagEnd(b, q)
		if end < 0 {
			continue
		}
		blanked = blankNameParts(b[p:q]) || blanked
		// The attributes, up to the '>' at end-1: names, and values after
		// '=' (quoted, or to the next space), which are kept.
		for a, stop := q, end-1; a < stop; {
			switch c := b[a]; {
			case htmlSpace[c] == ' ' || c == '/':
				a++
			case c == '=':
				a++
				for a < stop && htmlSpace[b[a]] == ' ' {
					a++
				}
				if a < stop && (b[a] == '"' || b[a] == '\'') {
					if k := bytes.IndexByte(b[a+1:stop], b[a]); k >= 0 {
						a += k + 2
					} else {
						a = stop
					}
					continue
				}
				for a < stop && htmlSpace[b[a]] != ' ' {
					a++
				}
			default:
				s := a
				for a < stop && htmlSpace[b[a]] != ' ' && b[a] != '/' && b[a] != '=' {
					a++
				}
				blanked = blankNameParts(b[s:a]) || blanked
			}
		}
		i = end
	}
	return blanked
}

func isTagNameByte(c byte) bool {
	return isASCIILetter(c) || '0' <= c && c <= '9' || c == '-' || c == ':'
}

// blankNameParts blanks the parts of a tag's or attribute's name that are
// markup words; a part is a run of ASCII letters and digits (and of other
// bytes above ASCII, which no markup word has), whatever the case.
func blankNameParts(name []byte) bool {
	blanked := false
	for i := 0; i < len(name); {
		if !isPartByte(name[i]) {
			i++
			continue
		}
		j := i
		var lower [24]byte
		for j < len(name) && isPartByte(name[j]) {
			if j-i < len(lower) {
				lower[j-i] = lowerByte(name[j])
			}
			j++
		}
		if j-i <= len(lower) && markupWords[string(lower[:j-i])] {
			for k := i; k < j; k++ {
				name[k] = ' '
			}
			blanked = true
		}
		i = j
	}
	return blanked
}

func isPartByte(c byte) bool {
	return c >= utf8.RuneSelf || isASCIILetter(c) || '0' <= c && c <= '9'
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c | 0x20
	}
	return c
}
