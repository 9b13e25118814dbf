package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reportpack/reportpack"
	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/sample"
	"github.com/reportpack/reportpack/generator/serve"
	"github.com/reportpack/reportpack/generator/watch"
)

// waitLimit bounds every wait in these tests. It is generous because the
// machine running them may be shared and slow; waits poll, so a fast
// machine does not pay for it.
const waitLimit = 90 * time.Second

// e2eQuiet is the quiet period of the end-to-end test: longer than
// watch.DefaultQuiet so that a burst of saves, written as fast as the test
// can, never straddles two quiet periods even when the machine stalls.
const e2eQuiet = 250 * time.Millisecond

var benchQuiet = flag.Duration("watch.quiet", time.Millisecond,
	"BenchmarkWatchSaveToServed: the watcher's quiet period (small, so the figure is build and serve; watch uses "+watch.DefaultQuiet.String()+")")

// newWatchSite scaffolds the example site, as `reportpack new` does, with
// sample data for the given number of schools (URNs from 900001).
func newWatchSite(tb testing.TB, schools int) string {
	tb.Helper()
	dir := tb.TempDir()
	if err := os.CopyFS(dir, reportpack.ExampleSite()); err != nil {
		tb.Fatal(err)
	}
	d := sample.Generate(sample.Options{Schools: schools, Pupils: 40, Years: 1, Seed: 1})
	if err := d.WriteDir(filepath.Join(dir, "data")); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// countingBuilder counts the builds started, so a test can tell when the
// watcher is idle.
type countingBuilder struct {
	watch.Builder
	started atomic.Int64
}

func (c *countingBuilder) Build(ctx context.Context, changed []string) (watch.Snapshot, diag.List) {
	c.started.Add(1)
	return c.Builder.Build(ctx, changed)
}

// watching is a site under watch, wired as runWatch wires it (builds
// published to a serve.Server), served by httptest.
type watching struct {
	tb      testing.TB
	dir     string
	url     string
	quiet   time.Duration
	builder *countingBuilder

	mu      sync.Mutex
	results []watch.Result
}

// startWatching watches dir with the builder watch mode uses and serves
// its builds until the test ends.
func startWatching(tb testing.TB, dir string, quiet time.Duration) *watching {
	tb.Helper()
	w := &watching{tb: tb, dir: dir, quiet: quiet, builder: &countingBuilder{Builder: newWatchBuilder(dir, "named")}}
	srv := serve.New("named")
	ts := httptest.NewServer(srv)
	w.url = ts.URL
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- watch.Run(ctx, watch.Config{
			Source:  dir,
			Builder: w.builder,
			Quiet:   quiet,
			OnBuild: func(r watch.Result) {
				srv.Publish(r.Snapshot, r.Diags)
				w.mu.Lock()
				w.results = append(w.results, r)
				w.mu.Unlock()
			},
			OnError: func(err error) { tb.Errorf("watch: %v", err) },
		})
	}()
	// Cleanups run last first: streams opened later end before the server closes.
	tb.Cleanup(ts.Close)
	tb.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				tb.Errorf("watch.Run: %v", err)
			}
		case <-time.After(waitLimit):
			tb.Errorf("watch.Run did not return within %v of being stopped", waitLimit)
		}
	})
	return w
}

// builds returns the results of the builds so far.
func (w *watching) builds() []watch.Result {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.results)
}

// settle waits until no build is running or due: none has started for a
// while well beyond the quiet period, and every one started has finished.
func (w *watching) settle() {
	w.tb.Helper()
	calm := max(4*w.quiet, time.Second)
	deadline := time.Now().Add(waitLimit)
	last, since := int64(-1), time.Now()
	for time.Now().Before(deadline) {
		started := w.builder.started.Load()
		if started != last {
			last, since = started, time.Now()
		}
		if int64(len(w.builds())) == started && time.Since(since) >= calm {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	w.tb.Fatalf("the watcher did not settle within %v", waitLimit)
}

func (w *watching) get(path string) (int, string) {
	w.tb.Helper()
	res, err := http.Get(w.url + path)
	if err != nil {
		w.tb.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		w.tb.Fatal(err)
	}
	return res.StatusCode, string(b)
}

// waitPage polls the page until it is served and holds want, and returns it.
func (w *watching) waitPage(path, want string) string {
	w.tb.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		code, b := w.get(path)
		if code == http.StatusOK && strings.Contains(b, want) {
			return b
		}
		if time.Now().After(deadline) {
			w.tb.Fatalf("GET %s: after %v still status %d without %q; builds: %s\n%.400s", path, waitLimit, code, want, w.describe(), b)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// describe summarises the builds so far, for failure messages.
func (w *watching) describe() string {
	var sb strings.Builder
	for i, r := range w.builds() {
		fmt.Fprintf(&sb, "\n  build %d: changed %v, took %v, diags %v", i+1, r.Changed, r.Took, r.Diags)
	}
	return sb.String()
}

// write saves a file in place, as an editor without atomic saves does.
func write(tb testing.TB, name, data string) {
	tb.Helper()
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// atomicSave saves a file as vim, emacs, helix and VS Code can: the new
// text goes to a temporary file in the same folder, which is then renamed
// over the original.
func atomicSave(tb testing.TB, name, data string) {
	tb.Helper()
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		tb.Fatal(err)
	}
	// No fsync, though editors do one: the watcher cannot tell, and on a
	// busy disk it could stretch a burst of saves past the quiet period.
	if _, err := f.WriteString(data); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := os.Rename(f.Name(), name); err != nil {
		tb.Fatal(err)
	}
}

// sse is one Server-Sent Event from the live-reload stream.
type sse struct {
	name    string
	payload ssePayload
}

type ssePayload struct {
	Build       string `json:"build"`
	Diagnostics []struct {
		Severity, File, Value, Message, Place string
		Line                                  int
	} `json:"diagnostics"`
}

// events opens the live-reload stream, as a page does, until the test ends.
func (w *watching) events() <-chan sse {
	w.tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, w.url+serve.EventsPath, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		w.tb.Fatal(err)
	}
	w.tb.Cleanup(func() { cancel(); res.Body.Close() })
	ch := make(chan sse, 64)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(res.Body)
		var name string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: ") && name != "":
				var p ssePayload
				if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &p); err != nil {
					w.tb.Errorf("event %s: %v in %q", name, err, line)
				}
				ch <- sse{name: name, payload: p}
				name = ""
			}
		}
	}()
	return ch
}

// nextEvent returns the stream's next event.
func nextEvent(tb testing.TB, ch <-chan sse) sse {
	tb.Helper()
	select {
	case ev, ok := <-ch:
		if !ok {
			tb.Fatal("the event stream ended")
		}
		return ev
	case <-time.After(waitLimit):
		tb.Fatalf("no event within %v", waitLimit)
		return sse{}
	}
}

var buildAttr = regexp.MustCompile(`data-build="([^"]+)"`)

// pageBuild returns the build id a served page carries for its script.
func pageBuild(tb testing.TB, page string) string {
	tb.Helper()
	m := buildAttr.FindStringSubmatch(page)
	if m == nil {
		tb.Fatalf("page carries no live-reload script: %.400s", page)
	}
	return m[1]
}

// ks4 is a version of content/ks4.md whose body holds marker.
func ks4(marker string) string {
	return "+++\ntitle = \"Key stage 4\"\nweight = 20\n+++\n\nKey stage 4 commentary: " + marker + ".\n"
}

// TestWatchEndToEnd drives the real watcher (fsnotify on a copy of the
// example site), the builder watch mode uses and the server, as an author
// would: saves of every kind, a new folder, a burst, a broken edit and its
// fix. Each step waits for the page a browser would be shown.
func TestWatchEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the site a dozen times")
	}
	dir := newWatchSite(t, 1)
	// The school's own folder is made again below, as a new folder.
	if err := os.RemoveAll(filepath.Join(dir, "content", "schools")); err != nil {
		t.Fatal(err)
	}
	ks4md := filepath.Join(dir, "content", "ks4.md")
	w := startWatching(t, dir, e2eQuiet)

	page := w.waitPage("/ks4.html", "Key stage 4")
	if r := w.builds()[0]; r.Failed() || r.Changed != nil {
		t.Fatalf("first build: failed %v, changed %v (want everything): %v", r.Failed(), r.Changed, r.Diags)
	}
	good := pageBuild(t, page)
	events := w.events()
	if ev := nextEvent(t, events); ev.name != "reload" || ev.payload.Build != good {
		t.Fatalf("on connect: %s %+v, want reload of the page's build %s", ev.name, ev.payload, good)
	}
	// catchUp reads the stream up to the build being served, which later
	// builds of the last step may have announced after reloaded returned.
	catchUp := func() {
		t.Helper()
		_, page := w.get("/ks4.html")
		for cur := pageBuild(t, page); good != cur; {
			if ev := nextEvent(t, events); ev.name == "reload" {
				good = ev.payload.Build
			}
		}
	}
	// reloaded waits for the stream to announce a new good build, as the
	// page's script does before reloading, and returns its id.
	reloaded := func(step string) string {
		t.Helper()
		for {
			ev := nextEvent(t, events)
			if ev.name == "failed" {
				t.Fatalf("%s: the build failed: %+v", step, ev.payload.Diagnostics)
			}
			if ev.payload.Build != good {
				good = ev.payload.Build
				return good
			}
		}
	}

	t.Run("atomic save", func(t *testing.T) {
		catchUp()
		atomicSave(t, ks4md, ks4("saved-atomically"))
		id := reloaded("atomic save")
		if got := pageBuild(t, w.waitPage("/ks4.html", "saved-atomically")); got != id {
			t.Errorf("page carries build %s, the stream announced %s", got, id)
		}
		w.settle()
		// The temporary file is an editor's business, not a change to the site.
		if r := w.builds(); !slices.Equal(r[len(r)-1].Changed, []string{"content/ks4.md"}) {
			t.Errorf("changed = %v, want [content/ks4.md]", r[len(r)-1].Changed)
		}
	})

	t.Run("plain write", func(t *testing.T) {
		catchUp()
		write(t, ks4md, ks4("written-in-place"))
		reloaded("plain write")
		w.waitPage("/ks4.html", "written-in-place")
		w.settle()
	})

	t.Run("new folder", func(t *testing.T) {
		catchUp()
		// Two folders at once: the page may land before the watch on its
		// folder does, and must be found either way.
		school := filepath.Join(dir, "content", "schools", "900001")
		if err := os.MkdirAll(school, 0o755); err != nil {
			t.Fatal(err)
		}
		notes := filepath.Join(school, "notes.md")
		write(t, notes, "+++\ntitle = \"Our notes\"\n+++\n\nnew-folder-page\n")
		w.waitPage("/notes.html", "new-folder-page")
		w.settle()
		// The new folder is watched: a later edit in it is seen too.
		atomicSave(t, notes, "+++\ntitle = \"Our notes\"\n+++\n\nnew-folder-edited\n")
		w.waitPage("/notes.html", "new-folder-edited")
		// And so is a new folder under a watched one made later.
		guides := filepath.Join(dir, "content", "guides")
		if err := os.Mkdir(guides, 0o755); err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(guides, "reading.md"), "+++\ntitle = \"Reading the pack\"\n+++\n\nguide-page\n")
		w.waitPage("/guides/reading.html", "guide-page")
		w.settle()
	})

	t.Run("burst of 50 saves", func(t *testing.T) {
		catchUp()
		before := len(w.builds())
		var gap time.Duration // the longest between two saves
		last := time.Now()
		for i := range 50 {
			save := write
			if i%2 == 1 {
				save = atomicSave
			}
			save(t, ks4md, ks4(fmt.Sprintf("burst-save-%02d", i)))
			gap, last = max(gap, time.Since(last)), time.Now()
		}
		w.waitPage("/ks4.html", "burst-save-49")
		w.settle()
		r := w.builds()[before:]
		if len(r) != 1 {
			if gap >= e2eQuiet/2 {
				// Not a burst after all: the machine stalled the test between saves.
				t.Skipf("%d builds, but the test paused %v between two saves (quiet period %v)", len(r), gap, e2eQuiet)
			}
			t.Fatalf("%d builds for a burst of 50 saves, want 1:%s", len(r), w.describe())
		}
		if r[0].Failed() || !slices.Equal(r[0].Changed, []string{"content/ks4.md"}) {
			t.Errorf("the burst's build: failed %v, changed %v", r[0].Failed(), r[0].Changed)
		}
	})

	// broken saves a mistake, checks the stream reports it (file, line,
	// message) while the last good page is still served, then saves fix
	// and checks the page reloads with it.
	broken := func(t *testing.T, name, bad, fix, file string, line int, message, value, lastText, fixedPage, fixedText string) {
		t.Helper()
		catchUp()
		lastGood := good
		atomicSave(t, name, bad)
		var ev sse
		for ev.name != "failed" {
			ev = nextEvent(t, events)
			if ev.payload.Build != lastGood {
				t.Fatalf("a broken build was announced as build %s (last good %s): the page would reload", ev.payload.Build, lastGood)
			}
		}
		found := false
		for _, d := range ev.payload.Diagnostics {
			if d.Severity == "error" && d.File == file && d.Line == line && strings.Contains(d.Message, message) && d.Value == value {
				found = true
				if want := fmt.Sprintf("%s, line %d", file, line); d.Place != want {
					t.Errorf("place %q, want %q", d.Place, want)
				}
			}
		}
		if !found {
			t.Errorf("the overlay's payload lacks an error at %s line %d saying %q of %q: %+v", file, line, message, value, ev.payload.Diagnostics)
		}
		if r := w.builds(); !r[len(r)-1].Failed() {
			t.Errorf("the last build did not fail: %v", r[len(r)-1].Diags)
		}
		// The last good build is still served, under its own id, and a page
		// opened now is told of the failure as it connects.
		if got := pageBuild(t, w.waitPage("/ks4.html", lastText)); got != lastGood {
			t.Errorf("after a failed build the page carries build %s, want the last good %s", got, lastGood)
		}
		if ev := nextEvent(t, w.events()); ev.name != "failed" || ev.payload.Build != lastGood {
			t.Errorf("a page opened after the failure got %s %+v", ev.name, ev.payload)
		}

		atomicSave(t, name, fix)
		id := reloaded("fix")
		if got := pageBuild(t, w.waitPage(fixedPage, fixedText)); got != id {
			t.Errorf("fixed page carries build %s, the stream announced %s", got, id)
		}
		w.settle()
	}

	t.Run("broken front matter", func(t *testing.T) {
		bad := strings.Replace(ks4("never-served"), "weight", "wieght", 1) // line 3
		broken(t, ks4md, bad, ks4("fixed-front-matter"), "content/ks4.md", 3, "unknown front matter key", "wieght",
			"burst-save-49", "/ks4.html", "fixed-front-matter")
	})

	t.Run("broken site.toml", func(t *testing.T) {
		toml := filepath.Join(dir, "site.toml")
		orig, err := os.ReadFile(toml)
		if err != nil {
			t.Fatal(err)
		}
		// A mistyped key on the first line.
		bad := "titel = \"Northmoor\"\n" + string(orig)
		fixed := strings.Replace(string(orig), "Northmoor school performance packs", "Northmoor packs, fixed", 1)
		broken(t, toml, bad, fixed, "site.toml", 1, "unknown key", "titel",
			"fixed-front-matter", "/ks4.html", "Northmoor packs, fixed")
	})

	// Watch mode builds in memory: public/ is written only by build.
	if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
		t.Errorf("watch wrote public/: %v", err)
	}
}

// lockedBuffer is a bytes.Buffer safe to write from runWatch's goroutines
// while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var servingAt = regexp.MustCompile(`at (http://[^/\s]+)/`)

// TestWatchCommand runs `reportpack watch` itself: it serves on loopback
// by default, serves the built pages, stops cleanly when interrupted and
// leaves public/ alone.
func TestWatchCommand(t *testing.T) {
	dir := newWatchSite(t, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr lockedBuffer
	code := make(chan int, 1)
	go func() { code <- run(ctx, []string{"watch", "--source", dir, "--port", "0"}, &stdout, &stderr) }()

	var url string
	for deadline := time.Now().Add(waitLimit); url == ""; {
		if m := servingAt.FindStringSubmatch(stdout.String()); m != nil {
			url = m[1]
			continue
		}
		select {
		case c := <-code:
			t.Fatalf("watch stopped by itself, exit %d:\n%s%s", c, stdout.String(), stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("no address announced within %v:\n%s%s", waitLimit, stdout.String(), stderr.String())
		}
	}
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("serving at %s, want loopback by default", url)
	}
	w := &watching{tb: t, url: url}
	if page := w.waitPage("/ks4.html", "Key stage 4"); !strings.Contains(page, serve.ScriptPath) {
		t.Errorf("the served page lacks the live-reload script")
	}
	cancel()
	select {
	case c := <-code:
		if c != exitOK {
			t.Errorf("exit %d after an interrupt, want 0:\n%s", c, stderr.String())
		}
	case <-time.After(waitLimit):
		t.Fatal("watch did not stop within a minute and a half of an interrupt")
	}
	if !strings.Contains(stderr.String(), "built in ") {
		t.Errorf("the terminal was not told of the build:\n%s", stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
		t.Errorf("watch wrote public/: %v", err)
	}

	for _, args := range [][]string{
		{"watch", "--source", dir, "--profile", "all"},
		{"watch", "--source", dir, "--port", "70000"},
	} {
		if c, _, e := runCLI(args...); c != exitUsage {
			t.Errorf("%v: exit %d, want %d: %s", args, c, exitUsage, e)
		}
	}
	if c, _, e := runCLI("watch", "--source", t.TempDir(), "--port", "0"); c != exitInput || !strings.Contains(e, "site.toml") {
		t.Errorf("watch without site.toml: exit %d: %s", c, e)
	}
}

// BenchmarkWatchSaveToServed measures what an author waits for: from an
// editor's save of one page's Markdown to the server serving that page's
// new bytes, the page's request sent, as its script sends it, when the
// stream announces the rebuild. It uses the builder watch mode uses
// (newWatchBuilder). Each iteration is one save; the median and 90th
// percentile are reported, with the builds' own median and the quiet period.
//
// The quiet period defaults to 1ms so the figure is build and serve; set
// -watch.quiet=30ms for what watch itself adds. The 50-school site takes
// seconds a build with the full builder, so give a count:
//
//	go test ./cmd/reportpack/ -run '^$' -bench WatchSaveToServed -benchtime 20x
func BenchmarkWatchSaveToServed(b *testing.B) {
	for _, schools := range []int{1, 50} {
		b.Run(fmt.Sprintf("schools=%d", schools), func(b *testing.B) { benchSaveToServed(b, schools) })
	}
}

func benchSaveToServed(b *testing.B, schools int) {
	dir := newWatchSite(b, schools)
	// The governors' notes are school 900001's own page: one page depends
	// on them, the case an incremental builder makes fast.
	src := filepath.Join(dir, "content", "schools", "900001", "governors.md")
	page := "/governors.html"
	if schools > 1 {
		page = "/900001/governors.html"
	}
	orig, err := os.ReadFile(src)
	if err != nil {
		b.Fatal(err)
	}
	w := startWatching(b, dir, *benchQuiet)
	w.waitPage(page, "Notes for governors")
	events := w.events()
	last := nextEvent(b, events).payload.Build
	first := len(w.builds())

	var took []time.Duration
	for i := 0; b.Loop(); i++ {
		marker := fmt.Sprintf("bench-save-%d", i)
		start := time.Now()
		atomicSave(b, src, string(orig)+"\n"+marker+"\n")
		for served := false; !served; {
			ev := nextEvent(b, events)
			if ev.name == "failed" {
				b.Fatalf("build failed: %+v", ev.payload.Diagnostics)
			}
			if ev.payload.Build == last {
				continue
			}
			last = ev.payload.Build
			code, body := w.get(page)
			served = code == http.StatusOK && strings.Contains(body, marker)
		}
		took = append(took, time.Since(start))
	}
	b.StopTimer()

	var built []time.Duration
	for _, r := range w.builds()[first:] {
		built = append(built, r.Took)
	}
	b.ReportMetric(ms(percentile(took, 50)), "median-ms")
	b.ReportMetric(ms(percentile(took, 90)), "p90-ms")
	b.ReportMetric(ms(percentile(built, 50)), "build-median-ms")
	b.ReportMetric(ms(*benchQuiet), "quiet-ms")
}

// percentile returns the p-th percentile of d (nearest rank); d is sorted.
func percentile(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	i := (p*len(d) + 99) / 100
	return d[max(i-1, 0)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
