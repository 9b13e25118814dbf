package site_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reportpack/reportpack"
	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/output"
	"github.com/reportpack/reportpack/generator/sample"
	"github.com/reportpack/reportpack/generator/site"
	"github.com/reportpack/reportpack/generator/verify"
)

// hostileNames are names that break naive escaping, matching or layout.
var hostileNames = []string{
	"</script><b>x", `"Quoted"`, "O'Brien", "Zoë", "Zoe\u0308", "Łukasz", "José-María", "李", "Ng", "A",
	"&amp;", `\u0041`, "Jo\u2028hn", "😀", "<img src=x onerror=alert(1)>", "${x}", "{{.}}",
	strings.Repeat("Wolfeschlegelsteinhausenbergerdorff", 6),
}

// hostileSite writes a site whose pupils all have hostile or random names,
// and returns the folder and the data.
func hostileSite(t *testing.T, seed uint64) (string, *sample.Data) {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, reportpack.ExampleSite()); err != nil {
		t.Fatal(err)
	}
	// A hostile forename with no letters leaves a sample surname as the
	// pupil's whole name, looked for alone; the glossary's "a child or
	// young person" is then what a site lists as an ordinary word.
	f, err := os.OpenFile(filepath.Join(dir, "site.toml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("\n[leak_check]\nwords = [\"Young\"]\n"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	r := rand.New(rand.NewPCG(seed, 7))
	// Pupils is a year group's: a whole school is seven of them.
	d := sample.Generate(sample.Options{Schools: 1 + r.IntN(2), Pupils: 3 + r.IntN(6), Years: 1 + r.IntN(2), Seed: int64(seed)})
	for i := range d.Pupils {
		id := &d.Pupils[i].ID
		if r.IntN(3) > 0 {
			id.Forename = hostileNames[r.IntN(len(hostileNames))]
		}
		if r.IntN(3) > 0 {
			id.Surname = hostileNames[r.IntN(len(hostileNames))] + fmt.Sprint(i) // distinct from page text
		}
	}
	if err := d.WriteDir(filepath.Join(dir, "data")); err != nil {
		t.Fatal(err)
	}
	return dir, d
}

// spellings are the forms an identity could take in a page, a script or an
// export, searched for literally on top of verify's own normalised scan.
func spellings(fore, sur, upn string) []string {
	var out []string
	for _, n := range []string{fore + " " + sur, sur + ", " + fore} {
		if len(n) < 6 { // "A Ng" may occur in ordinary text by chance
			continue
		}
		js, _ := json.Marshal(n)
		out = append(out, n, html.EscapeString(n), strings.Trim(string(js), `"`))
	}
	if upn != "" {
		out = append(out, upn)
	}
	return out
}

// The property: over many random datasets with hostile names, no
// identifier reaches any byte of a non-named profile (pages, scripts,
// exports, inside workbooks), and the named profile shows the names,
// escaped.
func TestNoIdentityInUnnamedProfiles(t *testing.T) {
	n := 12
	if testing.Short() {
		n = 3
	}
	for seed := range uint64(n) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			t.Parallel()
			dir, d := hostileSite(t, seed)
			mem := output.NewMem()
			if _, diags := site.Build(context.Background(), dir, site.WithTheme(reportpack.DefaultTheme()),
				site.WithProfiles("all"), site.WithWriter(mem)); diags.HasErrors() {
				t.Fatalf("build failed:\n%v", diags.Err())
			}
			// The check `reportpack verify` runs: reportpack's own assets
			// are passed over ("Brown" is a word of ECharts, and some
			// pupils' whole name when the forename is "&amp;").
			check, _, diags := site.Checker(dir, reportpack.DefaultTheme())
			if diags.HasErrors() {
				t.Fatal(diags.Err())
			}
			var named strings.Builder
			for _, name := range mem.Names() {
				b, _ := mem.File(name)
				profile, _, _ := strings.Cut(name, "/")
				if profile == "named" {
					named.Write(b)
					continue
				}
				if f := check.File(name, b); len(f) > 0 {
					t.Errorf("verify finds %v", f[0])
				}
				for _, p := range d.Pupils {
					for _, s := range spellings(p.ID.Forename, p.ID.Surname, p.ID.UPN) {
						if strings.Contains(string(b), s) {
							t.Errorf("%s holds %q", name, s)
						}
					}
				}
			}
			// Names are shown in the named profile, escaped: the pupil
			// list prints "Surname, Forename".
			shown := 0
			for _, p := range d.Pupils {
				if p.Year != d.Years[len(d.Years)-1] {
					continue
				}
				if strings.Contains(named.String(), html.EscapeString(p.ID.Surname+", "+p.ID.Forename)) {
					shown++
				}
			}
			if shown == 0 {
				t.Error("the named profile shows no pupil name")
			}
			if strings.Contains(named.String(), "<b>x") || strings.Contains(named.String(), "<img src=x") {
				t.Error("the named profile prints a name unescaped")
			}
		})
	}
}

// A name planted in a theme override (here a layout's footer) is caught by
// the build's own leak check: the build fails, names the file, and
// public/ is left as it was.
func TestPlantedNameFailsTheBuild(t *testing.T) {
	opts := sample.Options{Schools: 1, Pupils: 20, Years: 1, Seed: 3}
	dir := newSite(t, opts)
	build(t, dir, site.WithProfiles("all"))
	before := snapshot(t, filepath.Join(dir, "public"))

	pupils := sample.Generate(opts).Pupils // the site's, made again
	victim := pupils[len(pupils)/2].ID
	layouts := filepath.Join(dir, "themes", "default", "layouts")
	if err := os.MkdirAll(layouts, 0o755); err != nil {
		t.Fatal(err)
	}
	builtin, err := reportpack.DefaultTheme().Open("layouts/glossary.html")
	if err != nil {
		t.Fatal(err)
	}
	builtin.Close()
	planted := fmt.Sprintf(`{{define "main"}}<p>Thanks to %s %s.</p>{{end}}`, victim.Forename, victim.Surname)
	if err := os.WriteFile(filepath.Join(layouts, "glossary.html"), []byte(planted), 0o644); err != nil {
		t.Fatal(err)
	}
	_, diags := site.Build(context.Background(), dir, site.WithTheme(reportpack.DefaultTheme()), site.WithProfiles("anonymised"))
	if !diags.HasErrors() {
		t.Fatal("a name planted in the theme did not fail the build")
	}
	found := false
	for _, d := range diags.Errors() {
		if strings.HasPrefix(d.File, "anonymised/") && strings.HasSuffix(d.File, "glossary.html") &&
			strings.Contains(d.Message, "leak check") && strings.Contains(d.Message, victim.Surname) {
			found = true
		}
	}
	if !found {
		t.Errorf("no leak finding naming the glossary page:\n%v", diags.Err())
	}
	if after := snapshot(t, filepath.Join(dir, "public")); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Error("the failed build changed public/")
	}
	// The named profile may show names: the same theme builds there.
	build(t, dir, site.WithProfiles("named"))
}

// Names as the leak check meets them: a name that markup splits ("**Amira**
// Okafor") or a name in one part in the commentary fails the build. A name
// in one part that the pack prints as a label ("White", an ethnic group),
// or that is a word only of reportpack's own scripts ("Sienna", in
// ECharts), does not; a word of the commentary ("Young", in the stock
// glossary) does, until site.toml lists it under [leak_check] words.
func TestLeakCheckReadsPagesAndOnePartNames(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, reportpack.ExampleSite()); err != nil {
		t.Fatal(err)
	}
	d := sample.Generate(sample.Options{Schools: 1, Pupils: 30, Years: 1, Seed: 11, OnlyPhase: sample.Primary})
	d.Pupils[0].ID.Forename, d.Pupils[0].ID.Surname = "", "White"
	d.Pupils[1].ID.Forename, d.Pupils[1].ID.Surname = "Featherstonehaugh", ""
	d.Pupils[3].ID.Forename, d.Pupils[3].ID.Surname = "Sienna", "-"
	d.Pupils[5].ID.Forename, d.Pupils[5].ID.Surname = "N/A", "Lang" // a word of the layouts' markup only
	victim := d.Pupils[2].ID
	if err := d.WriteDir(filepath.Join(dir, "data")); err != nil {
		t.Fatal(err)
	}
	anonymised := func() diag.List {
		_, diags := site.Build(context.Background(), dir, site.WithTheme(reportpack.DefaultTheme()), site.WithProfiles("anonymised"))
		return diags
	}
	// failsOn reports whether the build failed on the name in a page.
	failsOn := func(diags diag.List, name string) bool {
		for _, d := range diags.Errors() {
			if strings.HasSuffix(d.File, ".html") && strings.Contains(d.Message, fmt.Sprintf("%q", name)) {
				return true
			}
		}
		return false
	}
	if diags := anonymised(); diags.HasErrors() {
		t.Fatalf("build failed:\n%v", diags.Err())
	}

	// White and Sienna are in the pack: only the vocabulary and the
	// shipped files keep them from failing it.
	out := os.DirFS(filepath.Join(dir, "public", "anonymised"))
	bare, err := verify.New(d.Pupils).FS(out, ".")
	if err != nil || !strings.Contains(fmt.Sprint(bare), `"White"`) || !strings.Contains(fmt.Sprint(bare), `"Sienna"`) {
		t.Fatalf("without options, want White and Sienna found in the pack; found %v (%v)", bare, err)
	}
	checker, _, diags := site.Checker(dir, reportpack.DefaultTheme())
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	if f, err := checker.FS(out, "."); err != nil || len(f) > 0 {
		t.Fatalf("reportpack verify's check found %v (%v)", f, err)
	}

	ks2 := filepath.Join(dir, "content", "ks2.md")
	orig, err := os.ReadFile(ks2)
	if err != nil {
		t.Fatal(err)
	}
	full := victim.Forename + " " + victim.Surname
	for _, tc := range []struct{ typed, found string }{
		{fmt.Sprintf("Well done to **%s** %s.", victim.Forename, victim.Surname), full},
		{fmt.Sprintf("Well done to %s\\\n%s.", victim.Forename, victim.Surname), full}, // a hard line break
		{"Featherstonehaugh\u2019s reading improved.", "Featherstonehaugh"},
		{"Sienna's writing improved.", "Sienna"},
		{"Lang's maths improved.", "Lang"},
	} {
		if err := os.WriteFile(ks2, append(orig, "\n"+tc.typed+"\n"...), 0o644); err != nil {
			t.Fatal(err)
		}
		if diags := anonymised(); !failsOn(diags, tc.found) {
			t.Errorf("commentary %q: want the build to fail on %q in a page, got %v", tc.typed, tc.found, diags.Err())
		}
	}
	if err := os.WriteFile(ks2, orig, 0o644); err != nil {
		t.Fatal(err)
	}

	// A pupil called Young, and a glossary that speaks of young people.
	d.Pupils[4].ID.Forename, d.Pupils[4].ID.Surname = "", "Young"
	if err := d.WriteDir(filepath.Join(dir, "data")); err != nil {
		t.Fatal(err)
	}
	diags = anonymised()
	if !failsOn(diags, "Young") || !strings.Contains(fmt.Sprint(diags), "[leak_check]") {
		t.Fatalf("want the build to fail on Young, with a hint to list it; got %v", diags)
	}
	toml := filepath.Join(dir, "site.toml")
	conf, err := os.ReadFile(toml)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(toml, append(conf, "\n[leak_check]\nwords = [\"Young\"]\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if diags := anonymised(); diags.HasErrors() {
		t.Fatalf("with Young listed, the build failed:\n%v", diags.Err())
	}
}
