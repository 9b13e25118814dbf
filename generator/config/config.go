// Package config reads site.toml strictly: an unknown or mistyped key is an
// error naming the key and its line, because a typo in a privacy setting
// (say "min_cohrt") must never pass silently.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/model"
)

// FileName is the site configuration's file name, at the site's root.
const FileName = "site.toml"

// Site is the decoded site.toml.
type Site struct {
	Title        string `toml:"title"`
	Organisation string `toml:"organisation"` // the LA, trust or school publishing the pack
	BaseURL      string `toml:"base_url"`     // optional; links are relative either way
	Theme        string `toml:"theme"`        // folder under themes/; "default" is built in
	URN          string `toml:"urn"`          // the school, when the pupil file has no URN column
	AllowHTML    bool   `toml:"allow_html"`   // keep raw HTML in commentary (off: it is left out)
	// Illustrative is the old manual label for sample data. A build now
	// reads it from the data (the pupil file's Synthetic column, the
	// national file's source column), so the key is kept for old sites
	// only: nil when absent, and a build warns when it disagrees with the
	// data (IllustrativeLine names its line).
	Illustrative *bool `toml:"illustrative"`

	Data       Data                `toml:"data"`
	Measures   MeasureSettings     `toml:"measures"`
	Schools    map[string]School   `toml:"schools"`
	Profiles   map[string]*Profile `toml:"profiles"`
	LeakCheck  LeakCheck           `toml:"leak_check"`
	Disclosure Disclosure          `toml:"disclosure"`

	// Threshold is the suppression threshold every shareable profile
	// uses: the strictest min_cohort among them, so that packs read
	// together hide the same figures (0 when there is none). Set by Parse.
	Threshold int `toml:"-"`

	// IllustrativeLine and OrganisationLine are the lines of the
	// illustrative and organisation keys (0 when absent), for a build's
	// warnings about them. Set by Parse.
	IllustrativeLine int `toml:"-"`
	OrganisationLine int `toml:"-"`
}

// MinThreshold is the lowest min_cohort a shareable profile may have
// unless [disclosure] allow_weak says otherwise: under 3, a figure can be
// one or two pupils' results.
const MinThreshold = 3

// Disclosure holds the site-wide disclosure control settings of shareable
// profiles (those that show no pupil names).
type Disclosure struct {
	// MinGroup hides a percentage, in any group but a school's whole
	// cohort, when fewer than MinGroup of its pupils had the outcome or
	// fewer than MinGroup lacked it (nil: 10; 0 turns the rule off).
	MinGroup *int `toml:"min_group"`
	// AllowWeak allows a shareable profile a min_cohort under
	// MinThreshold, including 0 (nothing suppressed).
	AllowWeak bool `toml:"allow_weak"`
}

// DefaultMinGroup is [disclosure] min_group's default.
const DefaultMinGroup = 10

// MinGroupOrDefault is the outcome threshold in force.
func (d Disclosure) MinGroupOrDefault() int {
	if d.MinGroup == nil {
		return DefaultMinGroup
	}
	return *d.MinGroup
}

// LeakCheck tunes the check that a non-named build holds no pupil identity.
type LeakCheck struct {
	// Words are ordinary words of the commentary that are also some
	// pupil's whole name given in one part (a blank forename and the
	// surname "Young"): such a name is not looked for alone. A name in two
	// parts is always looked for.
	Words []string `toml:"words"`
}

// Data names the data files, relative to the site folder. Empty names
// mean the defaults: data/pupils.xlsx (else data/pupils.csv),
// data/national.csv, data/national.toml and data/estimates.csv.
type Data struct {
	// Pupils are the pupil files, in the order site.toml lists them (the
	// first that gives a pupil's characteristics wins): one path, or a
	// list. Empty means the default.
	Pupils    Paths             `toml:"pupils"`
	Sheet     string            `toml:"sheet"` // XLSX sheet; empty means the one with the headers (the first when several have)
	National  string            `toml:"national"`
	Params    string            `toml:"params"`
	Estimates string            `toml:"estimates"`
	Schools   string            `toml:"schools"`    // the schools file; empty means data/schools.csv when there is one
	Preset    string            `toml:"preset"`     // a MIS's header and value maps: sims, arbor or bromcom
	HeaderRow int               `toml:"header_row"` // the pupil file's header row; 0 finds it
	Columns   map[string]string `toml:"columns"`    // canonical column -> header in the file
	// Values maps, per column, a value as the file writes it to the value
	// reportpack reads ([data.values.first_language] Yes = "OTH").
	Values map[string]map[string]any `toml:"values"`
	// Defaults gives a column's value where the file has none: every row
	// when it lacks the column, else its blank cells ([data.defaults]
	// year = "2024/25").
	Defaults map[string]any `toml:"defaults"`
}

// Paths is a list of files that site.toml may give as one path ("a.csv")
// or a list (["a.csv", "b.xlsx"]).
type Paths []string

// UnmarshalTOML reads one path or a list of them.
func (p *Paths) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case string:
		*p = Paths{v}
		return nil
	case []any:
		out := make(Paths, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return fmt.Errorf("pupils should be a path in quotes or a list of them, not a list holding %s", tomlKind(goKind(e)))
			}
			out = append(out, s)
		}
		*p = out
		return nil
	}
	return fmt.Errorf("pupils should be a path in quotes or a list of them, not %s", tomlKind(goKind(v)))
}

// goKind names a decoded TOML value's type as tomlKind reads it.
func goKind(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case int64:
		return "integer"
	case float64:
		return "float"
	case bool:
		return "bool"
	case []any:
		return "array"
	case map[string]any:
		return "table"
	}
	return fmt.Sprintf("%T", v)
}

// First is the first path, or "" when there is none.
func (p Paths) First() string {
	if len(p) == 0 {
		return ""
	}
	return p[0]
}

// MeasureSettings are the method's settings that a site may change.
type MeasureSettings struct {
	KS2PriorBands []float64 `toml:"ks2_prior_bands"` // [low/middle limit, middle/high limit] in KS1 APS
	KS4PriorBands []float64 `toml:"ks4_prior_bands"` // the same in KS2 scaled score
}

// School describes a school the data holds: from a [schools.<URN>] table
// or a row of the schools file (a table's keys win over the file's).
type School struct {
	Name   string `toml:"name"`
	Phase  string `toml:"phase"`   // primary, secondary, all-through, special, ...
	LACode string `toml:"la_code"` // the 3-digit local authority code
}

// Profile is a build profile: what a pack may show and how small groups are
// suppressed.
type Profile struct {
	Name       string `toml:"-"`
	Like       string `toml:"like"`        // named, anonymised or governor: the default profile a profile of another name starts from
	Label      string `toml:"label"`       // shown in the banner on every page
	Names      bool   `toml:"names"`       // pupil names in tooltips and lists
	PupilPages bool   `toml:"pupil_pages"` // scatterplots (and, with Names, the pupil list)
	MinCohort  int    `toml:"min_cohort"`  // groups under this many pupils are suppressed; 0 = none
}

// Named reports whether the profile may show pupil identities.
func (p *Profile) Named() bool { return p.Names }

// DefaultProfiles are the three profiles of site.md.
func DefaultProfiles() map[string]*Profile {
	out := map[string]*Profile{
		"named":      {Name: "named", Names: true, PupilPages: true},
		"anonymised": {Name: "anonymised", PupilPages: true, MinCohort: 6},
		"governor":   {Name: "governor", MinCohort: 6},
	}
	for _, p := range out {
		p.Label = p.defaultLabel()
	}
	return out
}

// defaultLabel describes a profile by its name and what it shows, for a
// profile that site.toml gives no label (or an empty one): "Anonymised: no
// pupil names; small groups suppressed".
func (p *Profile) defaultLabel() string {
	what := "no pupil names"
	switch {
	case p.Names:
		what = "contains pupil names"
	case !p.PupilPages:
		what = "aggregates only"
	}
	if p.MinCohort > 0 {
		what += "; small groups suppressed"
	}
	r, size := utf8.DecodeRuneInString(p.Name)
	return string(unicode.ToUpper(r)) + p.Name[size:] + ": " + what
}

// ProfileNames lists the profiles in a stable order: the defaults first, then others by name.
func (s *Site) ProfileNames() []string {
	var names []string
	for _, n := range []string{"named", "anonymised", "governor"} {
		if _, ok := s.Profiles[n]; ok {
			names = append(names, n)
		}
	}
	for _, n := range slices.Sorted(maps.Keys(s.Profiles)) {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return names
}

// SchoolName returns the school's name from site.toml, or a plain label.
func (s *Site) SchoolName(urn model.URN) string {
	if sc, ok := s.Schools[string(urn)]; ok && sc.Name != "" {
		return sc.Name
	}
	return "School " + string(urn)
}

// Defaults returns the settings used where site.toml says nothing.
func Defaults() *Site {
	return &Site{
		Title:    "School performance report pack",
		Theme:    "default",
		Measures: MeasureSettings{KS2PriorBands: []float64{12, 18}, KS4PriorBands: []float64{100, 110}},
		Profiles: DefaultProfiles(),
	}
}

var urnPattern = regexp.MustCompile(`^[0-9]{6}$`)
var lineInText = regexp.MustCompile(`line (\d+)`)
var profileNamePattern = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)

// defaultProfileNames are the profiles every site has, and that any other
// is built like.
var defaultProfileNames = []string{"named", "anonymised", "governor"}

// Load reads site.toml from fsys (rooted at the site folder). Every problem
// is returned as a diagnostic; the Site is nil when there is any error.
func Load(fsys fs.FS) (*Site, diag.List) {
	src, err := fs.ReadFile(fsys, FileName)
	if err != nil {
		var l diag.List
		hint := ""
		if errors.Is(err, fs.ErrNotExist) {
			hint = "run reportpack in the site's folder, pass --source DIR, or create a site with `reportpack new DIR`"
		}
		l.Add(diag.Diagnostic{File: FileName, Message: "cannot read the site configuration: " + err.Error(), Hint: hint})
		return nil, l
	}
	s, l := Parse(src)
	if s == nil {
		return nil, l
	}
	l = append(l, s.loadSchools(load.Source{FS: fsys})...)
	if l.HasErrors() {
		return nil, l
	}
	return s, l
}

// DefaultSchoolsFile is the schools file read when site.toml names none.
const DefaultSchoolsFile = "data/schools.csv"

// loadSchools reads the schools file (site.toml's, or data/schools.csv
// when there is one) into Schools, under the [schools.<URN>] tables.
func (s *Site) loadSchools(src load.Source) diag.List {
	path := s.Data.Schools
	if path == "" {
		if !src.Exists(DefaultSchoolsFile) {
			return nil
		}
		path = DefaultSchoolsFile
	}
	rows, l := load.Schools(src, path)
	if s.Schools == nil {
		s.Schools = map[string]School{}
	}
	for _, r := range rows {
		sc, ok := s.Schools[string(r.URN)]
		if ok && sc.Name != "" && r.Name != "" && sc.Name != r.Name {
			l.Add(diag.Diagnostic{File: path, Row: r.Row, Header: "name", Value: r.Name, Severity: diag.Warning,
				Message: fmt.Sprintf("site.toml [schools.%s] names this school %q: that name is used", r.URN, sc.Name),
				Hint:    "give each school's name in one place, the schools file or site.toml"})
		}
		if sc.Name == "" {
			sc.Name = r.Name
		}
		if sc.Phase == "" {
			sc.Phase = r.Phase
		}
		if sc.LACode == "" {
			sc.LACode = r.LACode
		}
		s.Schools[string(r.URN)] = sc
	}
	return l
}

// PupilOptions says how to read the pupil file, from [data] and urn.
func (s *Site) PupilOptions() load.PupilOptions {
	opt := load.PupilOptions{Sheet: s.Data.Sheet, Columns: s.Data.Columns, URN: model.URN(s.URN),
		Preset: s.Data.Preset, HeaderRow: s.Data.HeaderRow}
	if len(s.Data.Values) > 0 {
		opt.Values = map[string]map[string]string{}
		for col, vm := range s.Data.Values {
			opt.Values[col] = map[string]string{}
			for from, to := range vm {
				opt.Values[col][from] = scalar(to)
			}
		}
	}
	if len(s.Data.Defaults) > 0 {
		opt.Defaults = map[string]string{}
		for col, v := range s.Data.Defaults {
			opt.Defaults[col] = scalar(v)
		}
	}
	return opt
}

// scalar spells a TOML value as a cell would hold it: "2025", "4", "Y".
func scalar(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case bool:
		if v {
			return "Y"
		}
		return "N"
	case int64, float64:
		return fmt.Sprint(v)
	}
	return ""
}

// Parse decodes site.toml's source.
func Parse(src []byte) (*Site, diag.List) {
	var l diag.List
	s := Defaults()
	// Profiles named in the file replace the defaults' fields only where
	// given, so start each declared profile from its default.
	declared := map[string]*Profile{}
	s.Profiles = declared
	md, err := toml.Decode(string(src), s)
	if err != nil {
		d := decodeError(err)
		if backslashInQuotes(src, d.Line) {
			d.Hint = `in TOML a \ inside double quotes starts an escape: write a path with / ("data/pupils.xlsx"), or in single quotes ('data\pupils.xlsx')`
		}
		l.Add(d)
		return nil, l
	}
	for _, k := range md.Undecoded() {
		key := k.String()
		hint := "check the spelling; see the README for the keys site.toml takes"
		if sug := diag.Suggest(k[len(k)-1], knownKeys(k)); sug != "" {
			hint = fmt.Sprintf("did you mean %q?", sug)
		}
		l.Add(diag.Diagnostic{File: FileName, Line: lineOf(src, k), Value: key, Message: "unknown key", Hint: hint})
	}
	if len(l) > 0 {
		return nil, l
	}
	s.Profiles = mergeProfiles(src, md, declared)
	if md.IsDefined("illustrative") {
		s.IllustrativeLine = lineOf(src, toml.Key{"illustrative"})
	}
	if md.IsDefined("organisation") {
		s.OrganisationLine = lineOf(src, toml.Key{"organisation"})
	}
	if md.IsDefined("data", "pupils") && len(s.Data.Pupils) == 0 {
		l.Add(diag.Diagnostic{File: FileName, Line: lineOf(src, toml.Key{"data", "pupils"}), Value: "[]",
			Message: "pupils lists no file",
			Hint:    `name the pupil file (pupils = "data/pupils.xlsx"), or leave pupils out to use the default`})
	}
	s.validate(src, &l)
	if l.HasErrors() {
		return nil, l
	}
	return s, l
}

// mergeProfiles lays the file's profile tables over the defaults: a key the
// file leaves out keeps the default's value for a default profile.
func mergeProfiles(src []byte, md toml.MetaData, declared map[string]*Profile) map[string]*Profile {
	out := DefaultProfiles()
	defaults := DefaultProfiles()
	for name, p := range declared {
		base, ok := out[name]
		if !ok {
			base = &Profile{}
			if like, ok := defaults[strings.TrimSpace(p.Like)]; ok {
				c := *like
				base = &c
			}
		}
		base.Like = strings.TrimSpace(p.Like)
		if md.IsDefined("profiles", name, "names") {
			base.Names = p.Names
		}
		if md.IsDefined("profiles", name, "pupil_pages") {
			base.PupilPages = p.PupilPages
		}
		if md.IsDefined("profiles", name, "min_cohort") {
			base.MinCohort = p.MinCohort
		}
		base.Name = name
		// A label the file leaves out (or empty) describes the profile as
		// merged: an anonymised profile with min_cohort = 0 suppresses nothing.
		base.Label = strings.TrimRight(strings.TrimSpace(p.Label), ". ") // the banner ends the sentence
		if !md.IsDefined("profiles", name, "label") || base.Label == "" {
			base.Label = base.defaultLabel()
		}
		out[name] = base
	}
	return out
}

func (s *Site) validate(src []byte, l *diag.List) {
	at := func(key ...string) diag.Diagnostic {
		return diag.Diagnostic{File: FileName, Line: lineOf(src, toml.Key(key))}
	}
	if s.URN != "" && !urnPattern.MatchString(s.URN) {
		d := at("urn")
		d.Value = s.URN
		l.Errorf(d, "a URN is 6 digits")
	}
	for urn := range s.Schools {
		if !urnPattern.MatchString(urn) {
			d := at("schools", urn)
			d.Value = urn
			l.Errorf(d, "schools are keyed by their 6-digit URN")
		}
	}
	for _, b := range []struct {
		key    string
		limits []float64
	}{{"ks2_prior_bands", s.Measures.KS2PriorBands}, {"ks4_prior_bands", s.Measures.KS4PriorBands}} {
		if len(b.limits) != 2 || b.limits[0] >= b.limits[1] {
			d := at("measures", b.key)
			d.Value = fmt.Sprint(b.limits)
			d.Hint = "give two limits, low/middle then middle/high, e.g. [12, 18]"
			l.Errorf(d, "prior attainment bands need two increasing limits")
		}
	}
	for _, name := range slices.Sorted(maps.Keys(s.Profiles)) {
		p := s.Profiles[name]
		_, isDefault := DefaultProfiles()[name]
		switch {
		case isDefault && p.Like != "" && p.Like != name:
			d := at("profiles", name, "like")
			d.Value = p.Like
			d.Hint = "like is for a profile of another name; remove it"
			l.Errorf(d, "the %s profile is built like itself", name)
		case !isDefault && p.Like == "":
			d := at("profiles", name)
			d.Value = name
			d.Hint = `say which profile it is built like: like = "named", "anonymised" or "governor"`
			if sug := diag.Suggest(name, defaultProfileNames); sug != "" {
				d.Hint = fmt.Sprintf("did you mean [profiles.%s]? If not, %s", sug, d.Hint)
			}
			l.Errorf(d, "%s is not one of reportpack's profiles (named, anonymised, governor)", name)
			continue
		case !isDefault && !slices.Contains(defaultProfileNames, p.Like):
			d := at("profiles", name, "like")
			d.Value = p.Like
			d.Hint = "like is named, anonymised or governor"
			if sug := diag.Suggest(p.Like, defaultProfileNames); sug != "" {
				d.Hint = fmt.Sprintf("did you mean %q?", sug)
			}
			l.Errorf(d, "no profile %q to build a profile like", p.Like)
			continue
		}
		if !profileNamePattern.MatchString(name) || name == "all" || name == "zips" || name == "assets" {
			d := at("profiles", name)
			d.Value = name
			d.Hint = "use lower-case letters, digits, - and _; not all, zips or assets"
			l.Errorf(d, "a profile name becomes a folder under public/")
		}
		if p.MinCohort < 0 {
			d := at("profiles", name, "min_cohort")
			d.Value = fmt.Sprint(p.MinCohort)
			l.Errorf(d, "min_cohort cannot be negative")
		}
		// The default profiles' names are promises a reader relies on (a
		// folder or zip called anonymised must hold no names), so they
		// cannot be switched to show what site.md says they never do.
		if p.Names && (name == "anonymised" || name == "governor") {
			d := at("profiles", name, "names")
			d.Value = "true"
			d.Hint = "declare a profile of another name for a pack with names, e.g. [profiles.staff]"
			l.Errorf(d, "the %s profile never shows pupil names", name)
		}
		if p.PupilPages && name == "governor" {
			d := at("profiles", name, "pupil_pages")
			d.Value = "true"
			d.Hint = "the governor profile shows aggregates only; use the anonymised profile for scatterplots"
			l.Errorf(d, "the governor profile has no pupil-level pages")
		}
		if !p.Names && p.MinCohort < MinThreshold {
			d := at("profiles", name, "min_cohort")
			if d.Line == 0 {
				d = at("profiles", name)
			}
			d.Value = fmt.Sprint(p.MinCohort)
			d.Hint = fmt.Sprintf("6 is the usual threshold; to publish groups this small on purpose, set allow_weak = true under [disclosure]")
			if s.Disclosure.AllowWeak {
				l.Warnf(d, "profile %s shows no names but hides only groups under %d pupils", name, p.MinCohort)
			} else {
				l.Errorf(d, "profile %s shows no names, so min_cohort must be at least %d", name, MinThreshold)
			}
		}
	}
	if g := s.Disclosure.MinGroupOrDefault(); g < 0 {
		d := at("disclosure", "min_group")
		d.Value = fmt.Sprint(g)
		l.Errorf(d, "min_group cannot be negative")
	}
	// One suppression pattern for every shareable profile: packs travel
	// together, and a cell one shows that another hides would give the
	// hidden figures away. The strictest threshold wins.
	for _, p := range s.Profiles {
		if !p.Names {
			s.Threshold = max(s.Threshold, p.MinCohort)
		}
	}
	for _, p := range s.Profiles {
		if !p.Names && p.MinCohort != s.Threshold {
			if p.MinCohort > 0 || !s.Disclosure.AllowWeak {
				p.MinCohort = s.Threshold
			}
		}
	}
	s.validateData(src, l)
	if strings.ContainsAny(s.Theme, `/\`) || s.Theme == "" || s.Theme == "." || s.Theme == ".." {
		d := at("theme")
		d.Value = s.Theme
		l.Errorf(d, "theme is the name of a folder under themes/")
	}
}

// decodeError turns a TOML decoding error into a diagnostic with its line.
func decodeError(err error) diag.Diagnostic {
	d := diag.Diagnostic{File: FileName, Message: err.Error()}
	var pe toml.ParseError
	if errors.As(err, &pe) {
		d.Line = pe.Position.Line
		d.Message = pe.Message
		d.Hint = "text goes in quotes, numbers bare, switches as true or false"
		if pe.LastKey == "data.pupils" {
			d.Hint = `give one path, pupils = "data/pupils.xlsx", or a list, pupils = ["data/census.xlsx", "data/eyfs.csv"]`
		}
		return d
	}
	// Type mismatches arrive as plain errors whose text names the line.
	if m := lineInText.FindStringSubmatch(err.Error()); m != nil {
		fmt.Sscan(m[1], &d.Line)
	}
	// ... and the key and both types, in the decoder's words: say it in ours.
	key, want, got := "", "", ""
	if m := typeMismatch.FindStringSubmatch(err.Error()); m != nil {
		key, want, got = m[1], m[3], m[2]
		d.Hint = "text goes in quotes, numbers bare, switches as true or false, e.g. min_cohort = 6"
	} else if m := tableMismatch.FindStringSubmatch(err.Error()); m != nil {
		key, want, got = m[1], m[2], m[3]
		d.Hint = fmt.Sprintf("a table is a header [%s] with its keys on the lines below it", key)
	}
	if key != "" {
		d.Value = key[strings.LastIndex(key, ".")+1:]
		d.Message = fmt.Sprintf("%s should be %s, not %s", d.Value, tomlKind(want), tomlKind(got))
	}
	return d
}

// typeMismatch is a value of the wrong type; tableMismatch a value where a
// table should be.
var (
	typeMismatch  = regexp.MustCompile(`last key "([^"]+)"\): incompatible types: TOML value has type (\w+); destination has type (\w+)`)
	tableMismatch = regexp.MustCompile(`last key "([^"]+)"\): type mismatch for [\w.]+: expected (\w+) but found (.+)$`)
)

// tomlKind names a type as the TOML decoder's messages do, for a reader.
func tomlKind(t string) string {
	switch t {
	case "string":
		return "text in quotes"
	case "integer", "int", "int64":
		return "a whole number"
	case "float", "float64":
		return "a number"
	case "bool", "boolean":
		return "true or false"
	case "slice", "array", "[]any", "[]interface {}":
		return "a list in [ ]"
	case "map", "struct", "table":
		return "a table"
	}
	return t
}

// lineOf finds the line of a (possibly dotted) key: the line of its last
// part after the table header that holds its parents. TOML's decoder gives
// undecoded keys no position, so search the source as a reader would.
func lineOf(src []byte, key toml.Key) int {
	if len(key) == 0 {
		return 0
	}
	lines := strings.Split(string(src), "\n")
	last := key[len(key)-1]
	parents := key[:len(key)-1]
	inTable := len(parents) == 0
	keyRe := regexp.MustCompile(`^\s*("?)` + regexp.QuoteMeta(last) + `("?)\s*[=.]`)
	tableRe := regexp.MustCompile(`^\s*\[\[?\s*([^\]]+?)\s*\]\]?`)
	for i, ln := range lines {
		if m := tableRe.FindStringSubmatch(ln); m != nil {
			name := strings.ReplaceAll(strings.ReplaceAll(m[1], `"`, ""), " ", "")
			inTable = name == strings.Join(parents, ".")
			if name == strings.Join(key, ".") {
				return i + 1
			}
			continue
		}
		if inTable && keyRe.MatchString(ln) {
			return i + 1
		}
	}
	// The key may be written dotted at top level ("data.sheet = ...").
	dotted := strings.Join(key, ".")
	for i, ln := range lines {
		if strings.HasPrefix(strings.TrimSpace(ln), dotted) {
			return i + 1
		}
	}
	return 0
}

// knownKeys lists the keys valid beside an undecoded key, for suggestions:
// the toml tags of the type that holds it.
func knownKeys(k toml.Key) []string {
	t := reflect.TypeOf(Site{})
	for _, part := range k[:len(k)-1] {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch t.Kind() {
		case reflect.Map: // its keys are the user's: a URN, a profile's name
			t = t.Elem()
		case reflect.Struct:
			f, ok := fieldByTag(t, part)
			if !ok {
				return nil
			}
			t = f.Type
		default:
			return nil
		}
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	return Keys(t)
}

// Keys lists the toml keys of a struct type, in field order.
func Keys(t reflect.Type) []string {
	var keys []string
	for i := range t.NumField() {
		if tag := tomlTag(t.Field(i)); tag != "" {
			keys = append(keys, tag)
		}
	}
	return keys
}

func fieldByTag(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		if tomlTag(t.Field(i)) == key {
			return t.Field(i), true
		}
	}
	return reflect.StructField{}, false
}

// tomlTag is a field's toml key, "" for a field site.toml does not set.
func tomlTag(f reflect.StructField) string {
	tag, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
	if tag == "-" {
		return ""
	}
	return tag
}

// validateData checks [data]'s preset, header row, column names, value
// maps and defaults, each against the column it is for.
func (s *Site) validateData(src []byte, l *diag.List) {
	at := func(key ...string) diag.Diagnostic {
		return diag.Diagnostic{File: FileName, Line: lineOf(src, toml.Key(key))}
	}
	seen := map[string]bool{}
	for _, f := range s.Data.Pupils {
		d := at("data", "pupils")
		d.Value = f
		switch clean := path.Clean(strings.ReplaceAll(strings.TrimSpace(f), `\`, "/")); {
		case strings.TrimSpace(f) == "":
			d.Hint = "remove the empty entry, or name a file"
			l.Errorf(d, "a pupil file's path is empty")
		case seen[clean]:
			d.Hint = "list each pupil file once"
			l.Errorf(d, "%s is listed twice in pupils", f)
		default:
			seen[clean] = true
		}
	}
	if p := s.Data.Preset; p != "" {
		if _, ok := load.Presets[strings.ToLower(strings.TrimSpace(p))]; !ok {
			d := at("data", "preset")
			d.Value = p
			d.Hint = "the presets are " + strings.Join(load.PresetNames(), ", ")
			if sug := diag.Suggest(strings.ToLower(p), load.PresetNames()); sug != "" {
				d.Hint = fmt.Sprintf("did you mean %q? The presets are %s", sug, strings.Join(load.PresetNames(), ", "))
			}
			l.Errorf(d, "no such preset")
		}
	}
	if s.Data.HeaderRow < 0 {
		d := at("data", "header_row")
		d.Value = fmt.Sprint(s.Data.HeaderRow)
		d.Hint = "give the row number as the spreadsheet shows it, or leave header_row out to find it"
		l.Errorf(d, "header_row cannot be negative")
	}
	column := func(table, key string) (load.Column, bool) {
		c, ok := load.ColumnByName(key)
		if !ok {
			d := at("data", table, key)
			d.Value = key
			d.Hint = "the keys are reportpack's column names from the data contract, e.g. upn, forename, key_stage, ks2_aps"
			if sug := diag.Suggest(load.NormalHeader(key), columnKeys()); sug != "" {
				d.Hint = fmt.Sprintf("did you mean %s?", sug)
			}
			l.Errorf(d, "no such column")
		}
		return c, ok
	}
	for _, key := range slices.Sorted(maps.Keys(s.Data.Columns)) {
		column("columns", key)
	}
	for _, key := range slices.Sorted(maps.Keys(s.Data.Values)) {
		c, ok := column("values", key)
		if !ok {
			continue
		}
		vm := s.Data.Values[key]
		for _, from := range slices.Sorted(maps.Keys(vm)) {
			to := scalar(vm[from])
			d := at("data", "values", key, from)
			d.Value = fmt.Sprint(vm[from])
			if to == "" && vm[from] != "" {
				l.Errorf(d, "a value map gives text, a number or true/false")
				continue
			}
			if to == "" {
				continue // the value reads as blank
			}
			if problem, hint := load.CheckValue(c, to); problem != "" {
				d.Hint = hint
				l.Errorf(d, "%s maps %q to a value %s cannot read: %s", key, from, c, problem)
			}
		}
	}
	for _, key := range slices.Sorted(maps.Keys(s.Data.Defaults)) {
		c, ok := column("defaults", key)
		if !ok {
			continue
		}
		v := scalar(s.Data.Defaults[key])
		d := at("data", "defaults", key)
		d.Value = fmt.Sprint(s.Data.Defaults[key])
		if strings.TrimSpace(v) == "" {
			l.Errorf(d, "a default gives text, a number or true/false")
			continue
		}
		if c == load.ColURN {
			if s.URN != "" && s.URN != v {
				l.Errorf(d, "urn and [data.defaults] urn disagree")
			}
			continue // checked as urn is
		}
		if problem, hint := load.CheckValue(c, v); problem != "" {
			d.Hint = hint
			l.Errorf(d, "the default for %s is %s", c, problem)
		}
	}
	if v := scalar(s.Data.Defaults["urn"]); v != "" && s.URN == "" {
		if !urnPattern.MatchString(v) {
			d := at("data", "defaults", "urn")
			d.Value = v
			l.Errorf(d, "a URN is 6 digits")
		} else {
			s.URN = v
		}
	}
}

// columnKeys are the pupil file's columns as site.toml's keys name them.
func columnKeys() []string {
	var keys []string
	for _, c := range append(slices.Clone(load.PupilColumns), load.ColYearGroup, load.ColKS2ReadSS, load.ColKS2MatSS) {
		keys = append(keys, load.NormalHeader(string(c)))
	}
	return keys
}

// backslashInQuotes reports whether the line (1-based) has a \ inside a
// double-quoted string: a Windows path, as Explorer copies it, which TOML
// reads as escapes ("data\pupils.xlsx" has \p).
func backslashInQuotes(src []byte, line int) bool {
	lines := strings.Split(string(src), "\n")
	if line < 1 || line > len(lines) {
		return false
	}
	ln := lines[line-1]
	open := strings.Index(ln, `"`)
	return open >= 0 && strings.Contains(ln[open+1:], `\`)
}
