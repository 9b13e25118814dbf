package load

import (
	"cmp"
	"errors"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/model"
)

// WritingNominalTable is the national.toml table of nominal scores for KS2
// writing teacher assessments: [ks2_writ_nominal.2025] GDS = 113.
const WritingNominalTable = "ks2_writ_nominal"

// ParamTable names one table of national.toml: a measure (or
// WritingNominalTable) and a year.
type ParamTable struct {
	Measure model.MeasureID
	Year    model.Year
}

// ParamFile is national.toml as read.
type ParamFile struct {
	File   string
	Params model.NationalParams
	// Lines gives the line of each table's header, for diagnostics.
	Lines map[ParamTable]int
}

// Params reads national.toml: a table [<measure>.<year>] of
// model.MeasureParams per measure and year, and [ks2_writ_nominal.<year>]
// tables of nominal writing scores. Years may be written 2025 or, quoted,
// "2024/25". Decoding is strict: an unknown key is an error naming its
// line. A missing file is not an error.
func Params(src Source, path string) (ParamFile, diag.List) {
	var l diag.List
	pf := ParamFile{File: path, Lines: map[ParamTable]int{},
		Params: model.NationalParams{Measures: map[model.MeasureID]map[model.Year]model.MeasureParams{},
			WritingNominal: map[model.Year]map[model.WritingTA]float64{}}}
	if !src.exists(path) {
		return pf, l
	}
	f, ok := src.open(path, &l)
	if !ok {
		return pf, l
	}
	b, err := readAll(f)
	f.Close()
	if err != nil {
		l.Errorf(diag.Diagnostic{File: path}, "cannot read the file: %v", unwrapPath(err))
		return pf, l
	}
	source := string(b)
	at := func(key ...string) diag.Diagnostic {
		return diag.Diagnostic{File: path, Line: keyLine(source, key)}
	}

	var top map[string]toml.Primitive
	md, err := toml.Decode(source, &top)
	if err != nil {
		l.Add(tomlError(path, err))
		return pf, l
	}
	skipped := map[string]bool{} // tables not decoded: their keys are not "unknown"
	for _, m := range slices.Sorted(maps.Keys(top)) {
		if !isTable(md, m) {
			d := at(m)
			d.Message = m + " must be a table of years, e.g. [" + m + ".2025]"
			l.Add(d)
			skipped[m] = true
			continue
		}
		var years map[string]toml.Primitive
		if err := md.PrimitiveDecode(top[m], &years); err != nil {
			l.Add(tomlError(path, err))
			skipped[m] = true
			continue
		}
		// In file order, so "the first" of two tables is the first one written.
		order := slices.SortedFunc(maps.Keys(years), func(a, b string) int {
			return cmp.Or(cmp.Compare(keyLine(source, []string{m, a}), keyLine(source, []string{m, b})), cmp.Compare(a, b))
		})
		for _, ys := range order {
			d := at(m, ys)
			y, ok := parseYear(ys)
			switch {
			case !ok:
				d.Value, d.Message = ys, "not an academic year"
				d.Hint = `write [` + m + `.2025] or [` + m + `."2024/25"]`
			case !isTable(md, m, ys):
				d.Message = m + "." + ys + " must be a table: [" + m + "." + ys + "]"
			}
			if d.Message == "" {
				key := ParamTable{model.MeasureID(m), y}
				if line, dup := pf.Lines[key]; dup {
					d.Value = ys
					d.Message = "a second table for " + m + " in " + y.String() + " (the first is on line " + strconv.Itoa(line) + ")"
				} else {
					pf.Lines[key] = d.Line
				}
			}
			if d.Message != "" {
				l.Add(d)
				skipped[m+"\x00"+ys] = true
				continue
			}
			if m == WritingNominalTable {
				decodeNominal(md, years[ys], ys, y, &pf, at, &l, func() { skipped[m+"\x00"+ys] = true })
				continue
			}
			var mp model.MeasureParams
			if err := md.PrimitiveDecode(years[ys], &mp); err != nil {
				l.Add(tomlError(path, err))
				skipped[m+"\x00"+ys] = true
				continue
			}
			if pf.Params.Measures[model.MeasureID(m)] == nil {
				pf.Params.Measures[model.MeasureID(m)] = map[model.Year]model.MeasureParams{}
			}
			pf.Params.Measures[model.MeasureID(m)][y] = mp
		}
	}

	for _, k := range md.Undecoded() {
		if skipped[k[0]] || (len(k) > 1 && skipped[k[0]+"\x00"+k[1]]) || len(k) < 3 {
			continue
		}
		d := at(k...)
		d.Value = k[len(k)-1]
		d.Message = "unknown key in [" + k[0] + "." + k[1] + "]"
		known := paramKeys
		if len(k) > 3 && k[2] == "floors" {
			d.Message = "unknown key in a floor of [" + k[0] + "." + k[1] + "]"
			known = floorKeys
		}
		if s := closest(d.Value, known); s != "" && NormalHeader(s) != NormalHeader(d.Value) {
			d.Hint = "did you mean " + s + "? "
		}
		d.Hint += "the keys are " + strings.Join(known, ", ")
		l.Add(d)
	}
	return pf, l
}

var (
	paramKeys = []string{"sd", "well_above", "well_below", "quintiles", "percentiles", "floors", "threshold"}
	floorKeys = []string{"prior_from", "prior_to", "min"}
)

// decodeNominal reads one [ks2_writ_nominal.<year>] table.
func decodeNominal(md toml.MetaData, p toml.Primitive, ys string, y model.Year, pf *ParamFile,
	at func(...string) diag.Diagnostic, l *diag.List, skip func()) {
	var raw map[string]toml.Primitive
	if err := md.PrimitiveDecode(p, &raw); err != nil {
		l.Add(tomlError(pf.File, err))
		skip()
		return
	}
	scores := map[model.WritingTA]float64{}
	for _, k := range slices.Sorted(maps.Keys(raw)) {
		code, ok := writingCodes[strings.ToUpper(k)]
		if !ok {
			d := at(WritingNominalTable, ys, k)
			d.Value, d.Message = k, "not a writing teacher assessment code"
			d.Hint = "use GDS, EXS, WTS, PK1 to PK6, HNM, A, D, L or M"
			l.Add(d)
			md.PrimitiveDecode(raw[k], new(any)) // reported: not also "unknown"
			continue
		}
		var v float64
		if err := md.PrimitiveDecode(raw[k], &v); err != nil {
			l.Add(tomlError(pf.File, err))
			continue
		}
		scores[code] = v
	}
	pf.Params.WritingNominal[y] = scores
}

// isTable reports whether the value at key is a table.
func isTable(md toml.MetaData, key ...string) bool {
	t := md.Type(key...)
	return t == "Hash" || t == "" // "" is a table made implicitly by [a.b]
}

var tomlLineRE = regexp.MustCompile(`^toml: line (\d+)(?: \(last key "([^"]*)"\))?: `)

// tomlError turns a TOML error into a diagnostic with its line.
func tomlError(file string, err error) diag.Diagnostic {
	d := diag.Diagnostic{File: file}
	var pe toml.ParseError
	if errors.As(err, &pe) {
		d.Line, d.Message, d.Hint = pe.Position.Line, pe.Message, pe.Usage
		return d
	}
	d.Message = err.Error()
	if m := tomlLineRE.FindStringSubmatch(d.Message); m != nil {
		d.Line, _ = strconv.Atoi(m[1])
		d.Message = d.Message[len(m[0]):]
		if m[2] != "" {
			d.Value = m[2]
		}
	}
	if strings.Contains(d.Message, "incompatible types") {
		d.Hint = "sd, well_above, well_below and min are numbers; quintiles, percentiles and floors are lists"
	}
	return d
}

// keyLine finds the line of a dotted key in TOML source, since
// BurntSushi/toml reports undecoded keys without a position: the line of a
// table header that is the key, or of "name =" within the table holding it.
// It returns 0 when it cannot tell.
func keyLine(source string, key []string) int {
	var table []string
	last := regexp.MustCompile(`(^|[\s{,.])["']?` + regexp.QuoteMeta(key[len(key)-1]) + `["']?\s*=`)
	for i, line := range strings.Split(source, "\n") {
		s := strings.TrimSpace(line)
		if strings.HasPrefix(s, "[") {
			table = headerPath(s)
			if samePath(table, key) {
				return i + 1
			}
			continue
		}
		if len(key) > len(table) && samePath(table, key[:len(table)]) && last.MatchString(stripComment(s)) {
			return i + 1
		}
	}
	return 0
}

// headerPath splits a table header ("[ks4_p8."2024/25"]") into its keys.
func headerPath(s string) []string {
	s = strings.TrimSpace(stripComment(s))
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]") // [[array]]
	var parts []string
	var cur strings.Builder
	quote := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
			cur.WriteByte(c)
		case c == '"' || c == '\'':
			quote = c
		case c == '.':
			parts = append(parts, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	return append(parts, strings.TrimSpace(cur.String()))
}

func samePath(a, b []string) bool { return slices.Equal(a, b) }

// stripComment drops a trailing # comment that is not inside quotes.
func stripComment(s string) string {
	quote := byte(0)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quote != 0 && c == quote:
			quote = 0
		case quote == 0 && (c == '"' || c == '\''):
			quote = c
		case quote == 0 && c == '#':
			return s[:i]
		}
	}
	return s
}
