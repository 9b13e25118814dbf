package load

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/model"
)

// Column is a data-file column, named as data-contract.md names it: the
// pupil file's are the Col constants; tidy files use their header names.
type Column string

// The pupil file's columns, in the order data-contract.md lists them.
const (
	ColURN      Column = "URN"
	ColUPN      Column = "UPN"
	ColForename Column = "Forename"
	ColSurname  Column = "Surname"
	ColDOB      Column = "DOB"
	ColYear     Column = "Year"
	ColKeyStage Column = "KeyStage"
	// ColNCYear is the row's year group (whole-school.md): R, 1 to 14.
	ColNCYear        Column = "NCYear"
	ColGender        Column = "Gender"
	ColFSM6          Column = "FSM6"
	ColFSM           Column = "FSM"
	ColCLA           Column = "CLA"
	ColPostLAC       Column = "PostLAC"
	ColDisadvantaged Column = "Disadvantaged"
	ColSEN           Column = "SEN"
	ColFirstLanguage Column = "FirstLanguage"
	ColNonMobile     Column = "NonMobile"
	ColEthnicity     Column = "Ethnicity"
	ColKS1APS        Column = "KS1_APS"
	ColReadSS        Column = "Read_SS"
	ColMatSS         Column = "Mat_SS"
	ColGPSSS         Column = "GPS_SS"
	ColWritTA        Column = "Writ_TA"
	ColReadProg      Column = "Read_Prog"
	ColWritProg      Column = "Writ_Prog"
	ColMatProg       Column = "Mat_Prog"
	ColKS2APS        Column = "KS2_APS"
	ColA8            Column = "A8"
	ColA8Eng         Column = "A8_Eng"
	ColA8Mat         Column = "A8_Mat"
	ColA8EBacc       Column = "A8_EBacc"
	ColA8Open        Column = "A8_Open"
	ColP8            Column = "P8"
	ColP8Eng         Column = "P8_Eng"
	ColP8Mat         Column = "P8_Mat"
	ColP8EBacc       Column = "P8_EBacc"
	ColP8Open        Column = "P8_Open"
	ColEBaccEntered  Column = "EBacc_Entered"
	ColEBaccAPS      Column = "EBacc_APS"
	ColEMGrade5      Column = "EM_Grade5"
	ColEMGrade4      Column = "EM_Grade4"

	// ColYearGroup is the year group column's older name: it is
	// NCYear (a YearGroup header, and year_group in site.toml, read as
	// NCYear).
	ColYearGroup = ColNCYear

	// Columns outside the contract's list that stand in for one of its
	// columns: a key stage 4 row's KS2 reading and maths scaled scores give
	// KS2_APS when the file has none.
	ColKS2ReadSS Column = "KS2_Read_SS"
	ColKS2MatSS  Column = "KS2_Mat_SS"

	// ColSynthetic marks a row made by reportpack sample (Y): see
	// synthetic.go. It is no column of a real pupil file.
	ColSynthetic Column = "Synthetic"
)

// PupilColumns lists every pupil-file column in contract order: the header
// row of a blank template.
var PupilColumns = func() []Column {
	cs := make([]Column, len(pupilFields))
	for i, f := range pupilFields {
		cs[i] = f.col
	}
	return cs
}()

// requiredColumns must be in every pupil file. (URN is required only when
// site.toml names no school; package validate checks that.)
var requiredColumns = []Column{ColUPN, ColYear, ColKeyStage}

// NormalHeader is the form headers are matched in: lower case, without
// spaces, "_" or "-", so "Key Stage", "key_stage" and "KEYSTAGE" agree.
func NormalHeader(s string) string {
	return strings.Map(func(r rune) rune {
		if headerSep(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// headerSep is what headers may hold between words, and matching ignores.
func headerSep(r rune) bool { return unicode.IsSpace(r) || r == '_' || r == '-' }

// ColumnByName finds the column a name means, matched as headers are
// ("ks1_aps", "KS1 APS"): a contract column, year_group (NCYear), or a
// declared assessment's column by its name or an alias ("E01" is ELG01).
// Config uses it to check [data.columns] keys.
func ColumnByName(name string) (Column, bool) {
	c, ok := columnIndex().byNormal[NormalHeader(name)]
	return c, ok
}

// Place is where a column sits in the file.
type Place struct {
	Index  int    // zero-based
	Letter string // "E"
	Header string // the header as written in the file
}

// Layout says where each column the file has sits; columns it lacks are absent.
type Layout map[Column]Place

// Has reports whether the file has the column.
func (l Layout) Has(c Column) bool { _, ok := l[c]; return ok }

// headerMatch says which header each column is read from: site.toml
// [data.columns] first, then a preset's headers, then the column's own
// name.
type headerMatch struct {
	mapped  map[Column]string   // [data.columns]: the one header for the column
	preset  map[Column][]string // the preset's headers, in order of preference
	canon   map[string]Column   // normal header -> column, for columns not mapped
	badKeys []string            // [data.columns] keys that name no column
	known   map[string]bool     // every normal header some column may be read from
}

func newHeaderMatch(opt PupilOptions) *headerMatch {
	byNormal := columnIndex().byNormal
	m := &headerMatch{mapped: map[Column]string{}, preset: map[Column][]string{},
		canon: make(map[string]Column, len(byNormal)), known: map[string]bool{}}
	for n, c := range byNormal {
		m.canon[n] = c
	}
	for _, key := range slices.Sorted(maps.Keys(opt.Columns)) {
		c, ok := ColumnByName(key)
		if !ok {
			m.badKeys = append(m.badKeys, key)
			continue
		}
		// The mapped header is the column's one header: not its name,
		// nor any alias.
		maps.DeleteFunc(m.canon, func(_ string, mc Column) bool { return mc == c })
		m.mapped[c] = opt.Columns[key]
		m.known[NormalHeader(opt.Columns[key])] = true
	}
	if p, ok := Presets[strings.ToLower(strings.TrimSpace(opt.Preset))]; ok {
		for c, hs := range p.Headers {
			if _, ok := m.mapped[c]; ok {
				continue
			}
			m.preset[c] = hs
			for _, h := range hs {
				m.known[NormalHeader(h)] = true
			}
		}
	}
	for n := range m.canon {
		m.known[n] = true
	}
	return m
}

// score counts the headers of a row that some column is read from: the
// header row is the row of the first few with the most.
func (m *headerMatch) score(headers []string) int {
	n := 0
	seen := map[string]bool{}
	for _, h := range headers {
		k := NormalHeader(h)
		if k != "" && m.known[k] && !seen[k] {
			seen[k] = true
			n++
		}
	}
	return n
}

// matchHeaders finds each column's place from the header row. It returns
// the layout and the headers it did not use, and reports unknown mapping
// keys, mapped headers not found, columns found twice, and missing
// required columns (unless site.toml gives their value, or, for the key
// stage, the file has a year group).
func matchHeaders(t *table, m *headerMatch, defaults map[Column]string, l *diag.List) (Layout, []string) {
	headers := t.headers()
	at := diag.Diagnostic{File: t.File, Sheet: t.Sheet, Row: t.Header.Row}
	for _, key := range m.badKeys {
		d := at
		d.Value = key
		d.Message = "site.toml [data.columns] names a column reportpack does not know"
		d.Hint = "the keys are the column names in the data contract, e.g. upn, key_stage, ks1_aps"
		if s := closest(key, columnNames()); s != "" {
			d.Hint = "did you mean " + s + "?"
		}
		l.Add(d)
	}

	index := map[string][]int{} // normal header -> its columns, in file order
	for i, h := range headers {
		if n := NormalHeader(h); n != "" {
			index[n] = append(index[n], i)
		}
	}
	layout := Layout{}
	claimed := map[int]bool{}
	place := func(c Column, i int) {
		layout[c] = Place{Index: i, Letter: diag.ColumnLetter(i), Header: headers[i]}
		claimed[i] = true
	}
	for _, c := range slices.Sorted(maps.Keys(m.mapped)) {
		for _, i := range index[NormalHeader(m.mapped[c])] {
			if !claimed[i] {
				place(c, i)
				break
			}
		}
	}
	for _, c := range slices.Sorted(maps.Keys(m.preset)) {
	alias:
		for _, h := range m.preset[c] {
			for _, i := range index[NormalHeader(h)] {
				if !claimed[i] {
					place(c, i)
					break alias
				}
			}
		}
	}
	var ignored []string
	for i, h := range headers {
		if h == "" || claimed[i] {
			continue
		}
		c, ok := m.canon[NormalHeader(h)]
		if !ok {
			for mc, mh := range m.mapped {
				if NormalHeader(mh) == NormalHeader(h) && layout.Has(mc) {
					c, ok = mc, true
				}
			}
		}
		if !ok {
			ignored = append(ignored, h)
			continue
		}
		if prev, dup := layout[c]; dup {
			if _, byPreset := m.preset[c]; byPreset {
				// The preset chose another header for the column (a
				// "Legal Surname" over a "Surname"): this one is not read.
				ignored = append(ignored, h)
				continue
			}
			d := t.place(t.Header, i)
			d.Message = "a second " + string(c) + " column (the first is column " + prev.Letter + ")"
			d.Hint = "delete or rename one of them"
			l.Add(d)
			continue
		}
		place(c, i)
	}

	for _, c := range slices.Sorted(maps.Keys(m.mapped)) {
		if h := m.mapped[c]; !layout.Has(c) {
			d := at
			d.Header, d.Value = h, h
			d.Message = "site.toml [data.columns] maps " + string(c) + " to this header, but the file has no such column"
			d.Hint = didYouMean(h, ignored)
			l.Add(d)
		}
	}
	for _, c := range requiredColumns {
		if layout.Has(c) {
			continue
		}
		if _, ok := m.mapped[c]; ok {
			continue // reported above
		}
		if _, ok := defaults[c]; ok {
			continue
		}
		if c == ColKeyStage {
			// The year group stands in for the key stage (and a mapped
			// NCYear the file lacks is reported above).
			_, mapped := m.mapped[ColNCYear]
			if _, ok := defaults[ColNCYear]; ok || mapped || layout.Has(ColNCYear) {
				continue
			}
		}
		d := at
		d.Header = string(c)
		d.Message = "the file has no " + string(c) + " column"
		d.Hint = didYouMean(string(c), ignored)
		if d.Hint == "" {
			d.Hint = "add a " + string(c) + " column"
			switch c {
			case ColYear:
				d.Hint += `, or give the academic year in site.toml: [data.defaults] year = "2024/25"`
			case ColKeyStage:
				d.Hint += ` (2 or 4) or an NCYear column (the year group: R, 1 to 14), or give one in site.toml: [data.defaults] nc_year = 6`
			}
		}
		d.Hint += "; headers match ignoring case, spaces, _ and -, or map yours in site.toml [data.columns]"
		if t.Header.Row > 1 || len(t.sheets) > 1 {
			d.Hint += fmt.Sprintf(" (the headers were read from row %d", t.Header.Row)
			if t.Sheet != "" {
				d.Hint += " of sheet " + strconv.Quote(t.Sheet)
			}
			d.Hint += "; set header_row or sheet in site.toml [data] if they are elsewhere)"
		}
		l.Add(d)
	}
	return layout, ignored
}

func columnNames() []string {
	s := make([]string, 0, len(allFields)+32)
	for _, f := range allFields {
		s = append(s, strings.ToLower(string(f.col)))
	}
	for _, c := range DeclaredColumns() {
		s = append(s, strings.ToLower(string(c)))
	}
	return s
}

// didYouMean suggests the closest of the candidates, or "".
func didYouMean(name string, candidates []string) string {
	if s := closest(name, candidates); s != "" {
		return `did you mean "` + s + `"?`
	}
	return ""
}

// closest returns the candidate nearest to name, compared as headers are,
// when it is near enough to be a plausible slip: within a third of the
// name's length in edits, or one holding the other's words whole ("Pupil
// UPN" for UPN; never "Legal Surname" for URN, whose letters "surname"
// holds but whose word it does not).
func closest(name string, candidates []string) string {
	n := NormalHeader(name)
	best, bestDist := "", -1
	for _, c := range candidates {
		cn := NormalHeader(c)
		if cn == "" {
			continue
		}
		d := diag.EditDistance(n, cn)
		if min(len(cn), len(n)) >= 3 && (wordRun(words(name), words(c)) || wordRun(words(c), words(name))) {
			d = min(d, 1)
		}
		if d <= max(1, len([]rune(n))/3) && (bestDist < 0 || d < bestDist) {
			best, bestDist = c, d
		}
	}
	return best
}

// Stage is the key stage whose rows a column belongs to, or "" for a
// column of every row.
func (c Column) Stage() model.KeyStage {
	for _, f := range allFields {
		if f.col == c {
			return f.stage
		}
	}
	return ""
}

// ClosestHeader returns the header that most likely means the column,
// else "": the hint for a column a file lacks, among the headers it did
// not use. A header is a slip of the name (within closest's edits), or
// spells its words out: each word of the column's name begins a word of
// the header, in order, or is the initials of a run of them ("Reading SS"
// and "Reading scaled score" for Read_SS, "P8 score" for P8).
func ClosestHeader(c Column, headers []string) string {
	if h := closest(string(c), headers); h != "" {
		return h
	}
	for _, h := range headers {
		if spelledOut(words(string(c)), words(h)) {
			return h
		}
	}
	// A header a MIS gives the column ("EAL", "Pupil Premium Indicator").
	for _, name := range PresetNames() {
		for _, alias := range Presets[name].Headers[c] {
			for _, h := range headers {
				if NormalHeader(h) == NormalHeader(alias) {
					return h
				}
			}
		}
	}
	return ""
}

// wordRun reports whether the words of part appear in whole, in order and
// together, among the words of in.
func wordRun(part, in []string) bool {
	if len(part) == 0 {
		return false
	}
	for i := 0; i+len(part) <= len(in); i++ {
		if slices.Equal(part, in[i:i+len(part)]) {
			return true
		}
	}
	// A name written as one word holds the other's words joined
	// ("KS2APS" and "KS2 APS").
	return strings.Join(part, "") == strings.Join(in, "")
}

// words splits a name at spaces, "_" and "-", lower case.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), headerSep)
}

// spelledOut reports whether the header's words spell out the name's.
func spelledOut(name, header []string) bool {
	if len(name) == 0 {
		return false
	}
	i := 0
	for _, w := range name {
		if i == len(header) {
			return false
		}
		if strings.HasPrefix(header[i], w) {
			i++
			continue
		}
		// Initials: "ss" for "scaled score".
		n := len([]rune(w))
		if i+n > len(header) || n < 2 {
			return false
		}
		for j, r := range []rune(w) {
			if []rune(header[i+j])[0] != r {
				return false
			}
		}
		i += n
	}
	return true
}
