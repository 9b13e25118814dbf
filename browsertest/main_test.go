package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/reportpack/reportpack"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/sample"
	"github.com/reportpack/reportpack/generator/site"
)

// env is what every browser test shares: one build of the example site and
// one Chromium, with a tab per page.
type env struct {
	public  string          // the built site's public folder
	browser context.Context // a chromedp context holding the browser
	shots   string          // where screenshots and PDFs go (kept after the run)
	axe     string          // axe.min.js source, or "" when AXE_JS is not set
	axeMiss string          // why axe is missing
	names   map[string][]string
	// declared is true when the example's data holds declared
	// assessments (EYFS, phonics, KS1, MTC): their pages are then required.
	declared bool
}

var (
	setupOnce sync.Once
	shared    *env
	skipWhy   string // set when the tests cannot run here (no Chromium)
	setupErr  error
	cleanups  []func()
)

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
	os.Exit(code)
}

// inCI reports whether the tests run in CI, where a missing browser or
// axe-core is a failure and not a reason to skip.
func inCI() bool {
	v := strings.ToLower(os.Getenv("CI"))
	return v != "" && v != "0" && v != "false"
}

// getEnv builds the site and starts the browser on first use. Without
// Chromium it skips the test, or fails it in CI.
func getEnv(t *testing.T) *env {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests do not run with -short")
	}
	setupOnce.Do(setup)
	if skipWhy != "" {
		if inCI() {
			t.Fatalf("%s (CI=%s: the browser tests must run in CI)", skipWhy, os.Getenv("CI"))
		}
		t.Skip(skipWhy)
	}
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	return shared
}

// findChromium returns the browser to drive: $CHROMIUM, else Debian's
// /usr/bin/chromium, else a chromium on $PATH.
func findChromium() (string, error) {
	if p := os.Getenv("CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("CHROMIUM=%s: %v", p, err)
		}
		return p, nil
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no Chromium found: install it (apt-get install chromium) or set CHROMIUM to its path")
}

func setup() {
	exe, err := findChromium()
	if err != nil {
		skipWhy = err.Error()
		return
	}
	e := &env{}
	if e.public, e.declared, err = buildSite(); err != nil {
		setupErr = err
		return
	}
	if p := os.Getenv("AXE_JS"); p != "" {
		b, err := os.ReadFile(p)
		if err != nil {
			setupErr = fmt.Errorf("AXE_JS: %v", err)
			return
		}
		e.axe = string(b)
	} else {
		e.axeMiss = "AXE_JS is not set: install axe-core (npm install --no-save --prefix DIR axe-core@4) and set AXE_JS=DIR/node_modules/axe-core/axe.min.js"
	}
	if e.names, err = pupilNames(filepath.Join(e.public, "named")); err != nil {
		setupErr = err
		return
	}
	if dir := os.Getenv("SCREENSHOT_DIR"); dir != "" {
		e.shots = dir
		err = os.MkdirAll(dir, 0o755)
	} else {
		e.shots, err = os.MkdirTemp("", "reportpack-screenshots-")
	}
	if err != nil {
		setupErr = err
		return
	}
	if e.browser, err = startBrowser(exe); err != nil {
		setupErr = err
		return
	}
	shared = e
}

// buildSite builds the example site (site.toml and content/ as embedded,
// with the sample data its site.toml names) in every profile into a
// temporary folder, and returns its public folder.
func buildSite() (string, bool, error) {
	dir, err := os.MkdirTemp("", "reportpack-browsertest-")
	if err != nil {
		return "", false, err
	}
	cleanups = append(cleanups, func() { os.RemoveAll(dir) })
	if err := os.CopyFS(dir, reportpack.ExampleSite()); err != nil {
		return "", false, err
	}
	// As the example's site.toml says: sample --schools 3 --pupils 120 --years 3 --seed 1.
	d := sample.Generate(sample.Options{Schools: 3, Pupils: 120, Years: 3, Seed: 1})
	if err := d.WriteDir(filepath.Join(dir, "data")); err != nil {
		return "", false, err
	}
	declared := slices.ContainsFunc(d.Pupils, func(p model.Pupil) bool { return len(p.Results) > 0 })
	out := filepath.Join(dir, "public")
	_, diags := site.Build(context.Background(), dir,
		site.WithTheme(reportpack.DefaultTheme()), site.WithProfiles("all"), site.WithOut(out))
	if diags.HasErrors() {
		return "", false, fmt.Errorf("building the example site:\n%v", diags.Err())
	}
	return out, declared, nil
}

// startBrowser starts one headless Chromium for the whole run, with a fresh
// profile and nothing that would reach the network by itself.
func startBrowser(exe string) (context.Context, error) {
	profile, err := os.MkdirTemp("", "reportpack-chromium-")
	if err != nil {
		return nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	cleanups = append(cleanups, func() { os.RemoveAll(profile) }, cancelAlloc, cancelBrowser)
	if err := chromedp.Do(browser); err != nil { // starts the browser
		return nil, fmt.Errorf("starting %s: %w", exe, err)
	}
	return browser, nil
}

// page is one page to test: the first page of its type in a profile.
type page struct {
	profile string // named, anonymised, governor
	kind    string // la-index, school, ks4, table-ks4, scatter-ks2, glossary, …
	rel     string // path under the profile's folder
	path    string // absolute path
}

func (p page) url() string { return "file://" + filepath.ToSlash(p.path) }
func (p page) named() bool { return p.profile == "named" }

// school is the URN folder the page is in, or "" for the LA index.
func (p page) school() string {
	dir := filepath.Dir(p.rel)
	if dir == "." {
		return ""
	}
	return dir
}

var tablePage = regexp.MustCompile(`^(table-[a-z0-9]+)_`)

// pageKind names a page's type from its place and file name.
func pageKind(rel string) string {
	base := strings.TrimSuffix(filepath.Base(rel), ".html")
	switch {
	case rel == "index.html":
		return "la-index"
	case base == "index":
		return "school"
	}
	if m := tablePage.FindStringSubmatch(base); m != nil {
		if strings.HasSuffix(base, "_years") { // a table by year group: no filters
			return m[1] + "-years"
		}
		return m[1]
	}
	return base
}

// pageTypes lists the first page of each type in each profile.
func pageTypes(public string) ([]page, error) {
	var pages []page
	seen := map[string]bool{}
	profiles, err := os.ReadDir(public)
	if err != nil {
		return nil, err
	}
	for _, pd := range profiles {
		if !pd.IsDir() || pd.Name() == "zips" {
			continue
		}
		root := filepath.Join(public, pd.Name())
		var rels []string
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "assets" {
				return filepath.SkipDir
			}
			if !d.IsDir() && strings.HasSuffix(p, ".html") {
				rel, _ := filepath.Rel(root, p)
				rels = append(rels, rel)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(rels)
		for _, rel := range rels {
			kind := pageKind(rel)
			if seen[pd.Name()+"/"+kind] {
				continue
			}
			seen[pd.Name()+"/"+kind] = true
			pages = append(pages, page{profile: pd.Name(), kind: kind, rel: rel, path: filepath.Join(root, rel)})
		}
	}
	return pages, nil
}

var scatterBlock = regexp.MustCompile(`(?s)<script type="application/json" class="rp-scatter-data"[^>]*>(.*?)</script>`)

// pupilNames reads every pupil name in the named profile's scatter data, by
// school, so that the tests can look for them where they must not be.
func pupilNames(named string) (map[string][]string, error) {
	names := map[string][]string{}
	files, err := filepath.Glob(filepath.Join(named, "*", "scatter-*.html"))
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		urn := filepath.Base(filepath.Dir(f))
		seen := map[string]bool{}
		for _, m := range scatterBlock.FindAllSubmatch(b, -1) {
			var data struct {
				Option struct {
					Series []struct {
						Data []struct {
							Name string `json:"name"`
						} `json:"data"`
					} `json:"series"`
				} `json:"option"`
			}
			if err := json.Unmarshal(m[1], &data); err != nil {
				return nil, fmt.Errorf("%s: scatter data: %v", f, err)
			}
			for _, s := range data.Option.Series {
				for _, d := range s.Data {
					if d.Name != "" && !seen[d.Name] {
						seen[d.Name] = true
						names[urn] = append(names[urn], d.Name)
					}
				}
			}
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: no pupil names in any scatter page", named)
	}
	return names, nil
}
