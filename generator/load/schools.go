package load

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/model"
)

// SchoolRow is one row of a schools file.
type SchoolRow struct {
	URN    model.URN
	Name   string
	Phase  string
	LACode string
	Row    int
}

// schoolColumns are a schools file's columns: URN and name are required,
// phase and LA code optional. Headers match as the pupil file's do, and
// the names Get Information about Schools gives them work too.
var schoolColumns = []struct {
	name     string
	aliases  []string
	required bool
}{
	{"URN", nil, true},
	{"Name", []string{"School", "School Name", "EstablishmentName", "Establishment Name"}, true},
	{"Phase", []string{"PhaseOfEducation (name)", "Phase of Education"}, false},
	{"LA_Code", []string{"LA", "LA (code)", "LA Code", "LA Number"}, false},
}

var (
	sixDigits   = regexp.MustCompile(`^[0-9]{6}$`)
	threeDigits = regexp.MustCompile(`^[0-9]{3}$`)
)

// Schools reads a schools file (CSV or XLSX): a row per school, with its
// URN, name, and optionally its phase and 3-digit LA code. It reports a
// missing column, a bad URN or LA code, a blank name and a URN given twice.
func Schools(src Source, path string) ([]SchoolRow, diag.List) {
	var l diag.List
	score := func(headers []string) int {
		n := 0
		for _, h := range headers {
			if _, ok := schoolColumn(h); ok {
				n++
			}
		}
		return n
	}
	t, ok := openTableWith(src, path, tableOptions{score: score}, &l)
	if !ok {
		return nil, l
	}
	defer t.close()
	idx := map[string]int{}
	for i, h := range t.headers() {
		if name, ok := schoolColumn(h); ok {
			if _, dup := idx[name]; !dup {
				idx[name] = i
			}
		}
	}
	for _, c := range schoolColumns {
		if _, ok := idx[c.name]; !ok && c.required {
			l.Add(diag.Diagnostic{File: path, Sheet: t.Sheet, Row: t.Header.Row, Header: c.name,
				Message: "the schools file has no " + c.name + " column",
				Hint:    "its header row is URN,Name,Phase,LA_Code (phase and LA code may be left out)"})
		}
	}
	if l.HasErrors() {
		return nil, l
	}
	get := func(r record, name string) string {
		if i, ok := idx[name]; ok {
			return strings.TrimSpace(r.at(i).Text)
		}
		return ""
	}
	var out []SchoolRow
	seen := map[model.URN]int{}
	for {
		r, ok := t.next(&l)
		if !ok {
			break
		}
		s := SchoolRow{URN: model.URN(strings.TrimSuffix(get(r, "URN"), ".0")), Name: get(r, "Name"),
			Phase: get(r, "Phase"), LACode: get(r, "LA_Code"), Row: r.Row}
		bad := false
		if !sixDigits.MatchString(string(s.URN)) {
			d := t.place(r, idx["URN"])
			d.Message, d.Hint = "not a URN", "a URN is 6 digits"
			l.Add(d)
			bad = true
		} else if first, dup := seen[s.URN]; dup {
			d := t.place(r, idx["URN"])
			d.Message = "this URN is on row " + strconv.Itoa(first) + " too"
			d.Hint = "list each school once"
			l.Add(d)
			bad = true
		}
		if s.Name == "" {
			d := t.place(r, idx["Name"])
			d.Message, d.Hint = "blank", "every school needs its name"
			l.Add(d)
		}
		if i, ok := idx["LA_Code"]; ok && s.LACode != "" && !threeDigits.MatchString(s.LACode) {
			d := t.place(r, i)
			d.Message, d.Hint = "not an LA code", "an LA code is 3 digits, e.g. 201"
			l.Add(d)
		}
		if !bad {
			seen[s.URN] = r.Row
			out = append(out, s)
		}
	}
	return out, l
}

// schoolColumn names the schools-file column a header is, if any.
func schoolColumn(h string) (string, bool) {
	n := NormalHeader(h)
	if n == "" {
		return "", false
	}
	for _, c := range schoolColumns {
		if n == NormalHeader(c.name) {
			return c.name, true
		}
		for _, a := range c.aliases {
			if n == NormalHeader(a) {
				return c.name, true
			}
		}
	}
	return "", false
}
