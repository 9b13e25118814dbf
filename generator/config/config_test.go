package config

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		line     int
		contains string
	}{
		{"unknown top-level key", "title = \"x\"\ntitel = \"y\"\n", 2, `did you mean "title"`},
		{"unknown nested key", "[data]\npupils = \"a.csv\"\nsheeet = \"P\"\n", 3, `did you mean "sheet"`},
		{"unknown profile key", "[profiles.anonymised]\nmin_cohrt = 5\n", 2, `did you mean "min_cohort"`},
		{"mistyped value", "title = \"x\"\n\n[profiles.governor]\nmin_cohort = \"six\"\n", 4, "min_cohort should be a whole number, not text in quotes"},
		{"mistyped switch", "allow_html = \"yes\"\n", 1, "allow_html should be true or false, not text in quotes"},
		{"syntax error", "title = \"x\n", 1, ""},
		{"bad urn", "urn = \"12345\"\n", 1, "6 digits"},
		{"bad school key", "[schools.1234]\nname = \"A\"\n", 1, "6-digit URN"},
		{"bad bands", "[measures]\nks2_prior_bands = [18, 12]\n", 2, "two increasing limits"},
		{"bad profile name", "[profiles.all]\nlike = \"governor\"\nnames = false\nmin_cohort = 6\n", 1, "folder"},
		{"unknown column key", "[data.columns]\nupn = \"Pupil UPN\"\nsurnme = \"Last name\"\n", 3, "no such column"},
		{"theme with slash", "theme = \"../x\"\n", 1, "theme"},
		{"anonymised with names", "[profiles.anonymised]\nmin_cohort = 6\nnames = true\n", 3, "never shows pupil names"},
		{"governor with names", "[profiles.governor]\nnames = true\n", 2, "never shows pupil names"},
		{"leak_check word not text", "[leak_check]\nwords = [1]\n", 2, "words should be text in quotes, not a whole number"},
		{"leak_check words not a list", "[leak_check]\nwords = \"Young\"\n", 2, "words should be a list in [ ], not text in quotes"},
		{"leak_check not a table", "leak_check = [\"Young\"]\n", 1, "leak_check should be a table, not a list in [ ]"},
		{"unknown leak_check key", "[leak_check]\nword = [\"Young\"]\n", 2, `did you mean "words"`},
		{"governor with pupil pages", "title = \"x\"\n[profiles.governor]\npupil_pages = true\n", 3, "no pupil-level pages"},
		{"windows path", "[data]\npupils = \"data\\pupils.xlsx\"\n", 2, "write a path with /"},
		{"windows path from Explorer", "[data]\npupils = \"C:\\Users\\me\\pupils.xlsx\"\n", 2, "single quotes"},
		{"misspelt profile", "[profiles.governer]\nmin_cohort = 6\n", 1, "did you mean [profiles.governor]?"},
		{"American spelling", "[profiles.anonymized]\nmin_cohort = 6\n", 1, "did you mean [profiles.anonymised]?"},
		{"profile of another name", "[profiles.trust]\nmin_cohort = 6\n", 1, `like = "named", "anonymised" or "governor"`},
		{"like a misspelt profile", "[profiles.trust]\nlike = \"goverrnor\"\n", 2, `did you mean "governor"?`},
		{"default profile like another", "[profiles.governor]\nlike = \"named\"\n", 2, "built like itself"},
		{"unknown preset", "[data]\npreset = \"simms\"\n", 2, `did you mean "sims"?`},
		{"value map onto a bad code", "[data.values.first_language]\nYes = \"EAL\"\n", 2, "not a first-language code"},
		{"value map for no column", "[data.values.first_langauge]\nYes = \"OTH\"\n", 1, "no such column"},
		{"default not a year", "[data.defaults]\nyear = \"Year 11\"\n", 2, "not an academic year"},
		{"default key stage 3", "[data.defaults]\nkey_stage = 3\n", 2, "not a key stage"},
		{"default year group 15", "[data.defaults]\nyear_group = \"Year 15\"\n", 2, "not a year group"},
		{"default for no column", "[data.defaults]\nyr = \"2025\"\n", 2, "no such column"},
		{"default urn", "[data.defaults]\nurn = \"12345\"\n", 2, "6 digits"},
		{"negative header row", "[data]\nheader_row = -1\n", 2, "negative"},
		{"unknown school key", "[schools.123456]\nnme = \"A\"\n", 2, `did you mean "name"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, l := Parse([]byte(tt.src))
			if s != nil || !l.HasErrors() {
				t.Fatalf("want an error, got site %+v, diags %v", s, l)
			}
			d := l.Errors()[0]
			if d.Line != tt.line {
				t.Errorf("line = %d, want %d (%s)", d.Line, tt.line, d)
			}
			if d.File != FileName {
				t.Errorf("file = %q", d.File)
			}
			if !strings.Contains(d.String(), tt.contains) {
				t.Errorf("%q does not mention %q", d.String(), tt.contains)
			}
		})
	}
}

func TestProfilesMergeOverDefaults(t *testing.T) {
	s, l := Parse([]byte("[profiles.anonymised]\nmin_cohort = 10\n[profiles.trust]\nlike = \"anonymised\"\nmin_cohort = 3\n"))
	if l.HasErrors() {
		t.Fatal(l)
	}
	a := s.Profiles["anonymised"]
	if a.MinCohort != 10 || a.Names || !a.PupilPages || a.Name != "anonymised" {
		t.Errorf("anonymised = %+v", a)
	}
	// Every shareable profile takes the strictest threshold.
	if g := s.Profiles["governor"]; g == nil || g.MinCohort != 10 || g.PupilPages {
		t.Errorf("governor default lost: %+v", g)
	}
	if tr := s.Profiles["trust"]; tr == nil || tr.Names || tr.MinCohort != 10 {
		t.Errorf("trust = %+v", tr)
	}
	if s.Threshold != 10 {
		t.Errorf("Threshold = %d, want 10", s.Threshold)
	}
	if got := strings.Join(s.ProfileNames(), ","); got != "named,anonymised,governor,trust" {
		t.Errorf("ProfileNames = %s", got)
	}
}

// A profile's banner label is the file's, or else describes the profile
// as merged.
func TestProfileLabels(t *testing.T) {
	tests := []struct {
		toml, profile, want string
	}{
		{"", "named", "Named: contains pupil names"},
		{"", "anonymised", "Anonymised: no pupil names; small groups suppressed"},
		{"", "governor", "Governor: aggregates only; small groups suppressed"},
		{"[profiles.la]\nlike = \"anonymised\"\nmin_cohort = 3\npupil_pages = true\n", "la", "La: no pupil names; small groups suppressed"},
		{"[disclosure]\nallow_weak = true\n[profiles.la]\nlike = \"governor\"\nmin_cohort = 0\n", "la", "La: aggregates only"},
		{"[disclosure]\nallow_weak = true\n[profiles.anonymised]\nmin_cohort = 0\n", "anonymised", "Anonymised: no pupil names"},
		{"[profiles.anonymised]\nlabel = \"  \"\n", "anonymised", "Anonymised: no pupil names; small groups suppressed"},
		{"[profiles.named]\nlabel = \"Staff only\"\n", "named", "Staff only"},
		{"[profiles.named]\nlabel = \"Staff only.\"\n", "named", "Staff only"},
		{"[profiles.staff_2]\nlike = \"named\"\n", "staff_2", "Staff_2: contains pupil names"},
	}
	for _, tt := range tests {
		s, l := Parse([]byte(tt.toml))
		if l.HasErrors() {
			t.Fatalf("%q: %v", tt.toml, l)
		}
		if got := s.Profiles[tt.profile].Label; got != tt.want {
			t.Errorf("%q: %s label %q, want %q", tt.toml, tt.profile, got, tt.want)
		}
	}
}

func TestDefaultsAndLoad(t *testing.T) {
	fsys := fstest.MapFS{"site.toml": {Data: []byte("title = \"Pack\"\nurn = \"123456\"\n[data.columns]\nupn = \"Pupil UPN\"\n[schools.123456]\nname = \"Northfield\"\n")}}
	s, l := Load(fsys)
	if l.HasErrors() {
		t.Fatal(l)
	}
	if s.Data.Columns["upn"] != "Pupil UPN" || s.Theme != "default" {
		t.Errorf("site = %+v", s)
	}
	if s.SchoolName("123456") != "Northfield" || s.SchoolName("654321") != "School 654321" {
		t.Error("SchoolName")
	}
	if len(s.Measures.KS2PriorBands) != 2 || s.Profiles["named"] == nil {
		t.Error("defaults missing")
	}
	if _, l := Load(fstest.MapFS{}); !l.HasErrors() || !strings.Contains(l[0].Hint, "reportpack new") {
		t.Errorf("missing site.toml: %v", l)
	}
}

// A shareable profile under the floor is refused unless the site says so,
// and then warned about; the banner's label says it suppresses nothing.
func TestUnsafeProfile(t *testing.T) {
	for _, tt := range []struct {
		toml     string
		errors   int
		warnings int
	}{
		{"[profiles.leaky]\nlike = \"anonymised\"\nmin_cohort = 0\n", 1, 0},
		{"[profiles.anonymised]\nmin_cohort = 1\n", 1, 0},
		{"[profiles.governor]\nmin_cohort = 2\n", 1, 0},
		{"[profiles.governor]\nmin_cohort = 3\n", 0, 0},
		{"[disclosure]\nallow_weak = true\n[profiles.leaky]\nlike = \"anonymised\"\nmin_cohort = 0\n", 0, 1},
		{"[disclosure]\nallow_weak = true\n[profiles.anonymised]\nmin_cohort = 1\n", 0, 1},
		{"[disclosure]\nmin_group = -1\n", 1, 0},
	} {
		_, l := Parse([]byte(tt.toml))
		if len(l.Errors()) != tt.errors || len(l.Warnings()) != tt.warnings {
			t.Errorf("%q: want %d errors and %d warnings, got %v", tt.toml, tt.errors, tt.warnings, l)
		}
	}
}

// docs/site-toml.md lists exactly the keys of the configuration type.
func TestSiteTOMLDocListsEveryKey(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "site-toml.md"))
	if err != nil {
		t.Fatal(err)
	}
	keys, _, _ := strings.Cut(string(b), "\n## ") // the table of keys, before the sections on them
	row := regexp.MustCompile("(?m)^\\| `([a-z0-9_.<>A-Z]+)` \\|")
	placeholder := regexp.MustCompile(`<[A-Za-z]+>`)
	documented := map[string]bool{}
	for _, m := range row.FindAllStringSubmatch(keys, -1) {
		documented[placeholder.ReplaceAllString(m[1], "*")] = true
	}
	want := map[string]bool{}
	var walk func(prefix string, ty reflect.Type)
	walk = func(prefix string, ty reflect.Type) {
		for ty.Kind() == reflect.Pointer {
			ty = ty.Elem()
		}
		switch ty.Kind() {
		case reflect.Struct:
			for _, k := range Keys(ty) {
				f, _ := fieldByTag(ty, k)
				walk(strings.TrimPrefix(prefix+"."+k, "."), f.Type)
			}
		case reflect.Map:
			walk(prefix+".*", ty.Elem())
		default:
			want[prefix] = true
		}
	}
	walk("", reflect.TypeOf(Site{}))
	for k := range want {
		if !documented[k] {
			t.Errorf("docs/site-toml.md does not list %s", k)
		}
	}
	for k := range documented {
		if !want[k] {
			t.Errorf("docs/site-toml.md lists %s, which site.toml does not take", k)
		}
	}
}

// A profile built like another starts from its settings.
func TestProfileLike(t *testing.T) {
	s, l := Parse([]byte("[profiles.trust]\nlike = \"governor\"\nlabel = \"Trust board\"\n"))
	if l.HasErrors() {
		t.Fatal(l)
	}
	tr := s.Profiles["trust"]
	if tr.Names || tr.PupilPages || tr.MinCohort != 6 || tr.Label != "Trust board" {
		t.Errorf("trust = %+v", tr)
	}
}

// [data] keys reach the pupil file's options; the schools file names schools.
func TestDataOptionsAndSchoolsFile(t *testing.T) {
	fsys := fstest.MapFS{
		"site.toml": {Data: []byte("[data]\npreset = \"sims\"\nheader_row = 4\n[data.values.first_language]\nYes = \"OTH\"\n" +
			"[data.defaults]\nyear = 2025\nurn = \"100001\"\n[schools.100002]\nname = \"Own name\"\n")},
		"data/schools.csv": {Data: []byte("URN,Name,Phase,LA_Code\n100001,Northfield Academy,Secondary,201\n100002,Greenbridge,Primary,201\n")},
	}
	s, l := Load(fsys)
	if s == nil {
		t.Fatal(l)
	}
	if len(l.Warnings()) != 1 || !strings.Contains(l.Warnings()[0].Message, "Own name") {
		t.Errorf("want a warning of the two names: %v", l)
	}
	opt := s.PupilOptions()
	if opt.Preset != "sims" || opt.HeaderRow != 4 || opt.Values["first_language"]["Yes"] != "OTH" ||
		opt.Defaults["year"] != "2025" || opt.URN != "100001" {
		t.Errorf("options %+v", opt)
	}
	if s.SchoolName("100001") != "Northfield Academy" || s.SchoolName("100002") != "Own name" || s.Schools["100001"].LACode != "201" {
		t.Errorf("schools %+v", s.Schools)
	}
	bad := fstest.MapFS{"site.toml": {Data: []byte("[data]\nschools = \"data/la.csv\"\n")},
		"data/la.csv": {Data: []byte("URN,Name\n10001,A\n")}}
	if s, l := Load(bad); s != nil || !strings.Contains(l.Errors()[0].String(), "not a URN") {
		t.Errorf("bad schools file: %v", l)
	}
}

// [data] pupils is one path or a list of them.
func TestPupilsStringOrList(t *testing.T) {
	for _, tt := range []struct {
		toml string
		want []string
		err  string // in the error's message or hint; "" for none
	}{
		{"", nil, ""},
		{"[data]\npupils = \"data/pupils.csv\"\n", []string{"data/pupils.csv"}, ""},
		{"[data]\npupils = [\"data/census.xlsx\", \"data/eyfs.csv\"]\n", []string{"data/census.xlsx", "data/eyfs.csv"}, ""},
		{"[data]\npupils = [\"data/census.xlsx\"]\n", []string{"data/census.xlsx"}, ""},
		{"[data]\npupils = []\n", nil, "pupils lists no file"},
		{"[data]\npupils = [\"a.csv\", \"./a.csv\"]\n", nil, "listed twice"},
		{"[data]\npupils = [\"a.csv\", \"\"]\n", nil, "path is empty"},
		{"[data]\npupils = 3\n", nil, "a path in quotes or a list of them, not a whole number"},
		{"[data]\npupils = [\"a.csv\", 3]\n", nil, "not a list holding a whole number"},
	} {
		s, l := Parse([]byte(tt.toml))
		if tt.err != "" {
			if s != nil || len(l.Errors()) != 1 || !strings.Contains(l.Errors()[0].String(), tt.err) {
				t.Errorf("%q: want one error %q, got %v", tt.toml, tt.err, l)
			}
			continue
		}
		if s == nil {
			t.Errorf("%q: %v", tt.toml, l)
			continue
		}
		if !slices.Equal([]string(s.Data.Pupils), tt.want) {
			t.Errorf("%q: pupils %q, want %q", tt.toml, s.Data.Pupils, tt.want)
		}
		if got, want := s.Data.Pupils.First(), append(tt.want, "")[0]; got != want {
			t.Errorf("%q: First() = %q, want %q", tt.toml, got, want)
		}
	}
}
