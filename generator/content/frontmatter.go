package content

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/reportpack/reportpack/generator/diag"
)

// frontMatter is what a page may say about itself above its text. Both
// forms decode into it: TOML between "+++" lines (decoded by BurntSushi/toml)
// and a YAML-like "---" block of "key: value" lines (decoded by
// frontMatterKeys). A new key needs a field here and an entry there.
type frontMatter struct {
	Title       string `toml:"title"`
	Weight      int    `toml:"weight"`
	Description string `toml:"description"`
	Draft       bool   `toml:"draft"`
}

// frontMatterKeys sets each key from a YAML-style scalar, in the order the
// hint lists them.
var frontMatterKeys = []struct {
	name string
	set  func(fm *frontMatter, v string) error
}{
	{"title", func(fm *frontMatter, v string) error { fm.Title = v; return nil }},
	{"weight", func(fm *frontMatter, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil {
			return errors.New("weight must be a whole number, such as 20")
		}
		fm.Weight = n
		return nil
	}},
	{"description", func(fm *frontMatter, v string) error { fm.Description = v; return nil }},
	{"draft", func(fm *frontMatter, v string) error {
		switch v {
		case "true":
			fm.Draft = true
		case "false":
			fm.Draft = false
		default:
			return errors.New("draft must be true or false")
		}
		return nil
	}},
}

// keysHint lists the front matter keys, for diagnostics.
var keysHint = func() string {
	names := make([]string, len(frontMatterKeys))
	for i, k := range frontMatterKeys {
		names[i] = k.name
	}
	return "front matter keys are " + strings.Join(names, ", ")
}()

// splitFrontMatter cuts a front matter block off src. It returns the block's
// delimiter ("+++", "---" or "" when there is none), the block's text, the
// body, and the file line on which the body starts (1 when there is no
// front matter). The block's first line is file line 2.
func splitFrontMatter(src []byte) (delim string, block, body []byte, bodyLine int, ok bool) {
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	delim = string(bytes.TrimRight(first, " \t\r"))
	if delim != "+++" && delim != "---" {
		return "", nil, src, 1, true
	}
	off := 0
	for i, ln := range bytes.SplitAfter(rest, []byte("\n")) {
		if string(bytes.TrimRight(ln, " \t\r\n")) == delim {
			// Opening delimiter on line 1, block from line 2, closing on i+2.
			return delim, rest[:off], rest[off+len(ln):], i + 3, true
		}
		off += len(ln)
	}
	return delim, nil, nil, 0, false
}

// parseFrontMatter decodes a front matter block strictly: every unknown,
// mistyped or malformed key is a diagnostic at its line in the file.
func parseFrontMatter(file, delim string, block []byte) (frontMatter, diag.List) {
	if delim == "+++" {
		return parseTOML(file, block)
	}
	return parseYAML(file, block)
}

// lineInText finds the line BurntSushi/toml names in the text of a type error.
var lineInText = regexp.MustCompile(`^toml: line (\d+)(?: \(last key "[^"]*"\))?: (.*)$`)

func parseTOML(file string, block []byte) (frontMatter, diag.List) {
	var fm frontMatter
	var l diag.List
	// The block starts on file line 2, after the opening "+++".
	at := func(line int) diag.Diagnostic { return diag.Diagnostic{File: file, Line: line + 1} }
	md, err := toml.Decode(string(block), &fm)
	if err != nil {
		var pe toml.ParseError
		switch {
		case errors.As(err, &pe):
			d := at(pe.Position.Line)
			d.Message = "front matter: " + pe.Message
			d.Hint = "TOML front matter: text in quotes, numbers bare, true or false"
			l.Add(d)
		default:
			d := at(0)
			d.Message = "front matter: " + err.Error()
			if m := lineInText.FindStringSubmatch(err.Error()); m != nil {
				n, _ := strconv.Atoi(m[1])
				d = at(n)
				d.Message = "front matter: " + m[2]
			}
			d.Hint = "title and description are text in quotes, weight a whole number, draft true or false"
			l.Add(d)
		}
		return fm, l
	}
	for _, k := range md.Undecoded() {
		if len(k) > 1 {
			continue // reported with its table
		}
		d := at(tomlKeyLine(block, k[0]))
		d.Value = k[0]
		d.Message = "unknown front matter key"
		d.Hint = keysHint
		l.Add(d)
	}
	if fm.Title == "" && !l.HasErrors() {
		d := at(tomlKeyLine(block, "title"))
		d.Message = "front matter has no title"
		d.Hint = `add a line such as title = "Key stage 4"`
		l.Add(d)
	}
	return fm, l
}

// tomlKeyLine finds the line (within block, from 1) that defines a top-level
// key or a table of that name; TOML's decoder gives undecoded keys no
// position. It returns 0 when the key is not found.
func tomlKeyLine(block []byte, key string) int {
	q := regexp.QuoteMeta(key)
	re := regexp.MustCompile(`^\s*(?:\[\[?\s*)?["']?` + q + `["']?\s*[=.\]]`)
	for i, ln := range strings.Split(string(block), "\n") {
		if re.MatchString(ln) {
			return i + 1
		}
	}
	return 0
}

// yamlKey matches a "key: value" line of YAML-style front matter.
var yamlKey = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_-]*)\s*:(?:\s+(.*)|)$`)

// parseYAML reads Hugo-style "---" front matter limited to one "key: value"
// scalar a line: enough for our keys, with no YAML dependency, and strict.
func parseYAML(file string, block []byte) (frontMatter, diag.List) {
	var fm frontMatter
	var l diag.List
	seen := map[string]int{}
	for i, raw := range strings.Split(string(block), "\n") {
		d := diag.Diagnostic{File: file, Line: i + 2}
		ln := strings.TrimRight(raw, " \t\r")
		if strings.TrimSpace(ln) == "" || strings.HasPrefix(strings.TrimSpace(ln), "#") {
			continue
		}
		m := yamlKey.FindStringSubmatch(ln)
		if m == nil {
			d.Value = strings.TrimSpace(ln)
			d.Message = "front matter: expected a line of the form key: value"
			d.Hint = "only single-line values are allowed (no lists or nested keys); " + keysHint
			l.Add(d)
			continue
		}
		key := m[1]
		val, err := yamlScalar(m[2])
		if err != nil {
			d.Value = m[2]
			d.Message = "front matter: " + err.Error()
			l.Add(d)
			continue
		}
		k := -1
		for j, fk := range frontMatterKeys {
			if fk.name == key {
				k = j
			}
		}
		if k < 0 {
			d.Value = key
			d.Message = "unknown front matter key"
			d.Hint = keysHint
			l.Add(d)
			continue
		}
		if prev, dup := seen[key]; dup {
			d.Value = key
			d.Message = fmt.Sprintf("front matter key already set on line %d", prev)
			l.Add(d)
			continue
		}
		seen[key] = d.Line
		if err := frontMatterKeys[k].set(&fm, val); err != nil {
			d.Value = val
			d.Message = "front matter: " + err.Error()
			l.Add(d)
		}
	}
	if fm.Title == "" && !l.HasErrors() {
		line, ok := seen["title"]
		if !ok {
			line = 1
		}
		l.Add(diag.Diagnostic{File: file, Line: line, Message: "front matter has no title", Hint: "add a line such as title: Key stage 4"})
	}
	return fm, l
}

// yamlScalar reads a YAML-style scalar: "double quoted" (with Go-style
// escapes), 'single quoted' (a quote doubled for one), or plain text up to
// a " #" comment.
func yamlScalar(s string) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", nil
	case s[0] == '"':
		end := closingQuote(s)
		if end < 0 {
			return "", errors.New("unclosed double quote")
		}
		v, err := strconv.Unquote(s[:end+1])
		if err != nil {
			return "", errors.New("bad escape in quoted text")
		}
		if rest := strings.TrimSpace(s[end+1:]); rest != "" && !strings.HasPrefix(rest, "#") {
			return "", errors.New("text after the closing quote")
		}
		return v, nil
	case s[0] == '\'':
		var b strings.Builder
		for i := 1; i < len(s); i++ {
			if s[i] != '\'' {
				b.WriteByte(s[i])
				continue
			}
			if i+1 < len(s) && s[i+1] == '\'' {
				b.WriteByte('\'')
				i++
				continue
			}
			if rest := strings.TrimSpace(s[i+1:]); rest != "" && !strings.HasPrefix(rest, "#") {
				return "", errors.New("text after the closing quote")
			}
			return b.String(), nil
		}
		return "", errors.New("unclosed single quote")
	case s[0] == '[' || s[0] == '{' || s[0] == '|' || s[0] == '>' || s[0] == '&' || s[0] == '*':
		return "", errors.New("only single-line text, numbers and true/false are allowed")
	}
	if i := strings.Index(s, " #"); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	return s, nil
}

// closingQuote returns the index of the double quote that closes s[0], or -1.
func closingQuote(s string) int {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}
