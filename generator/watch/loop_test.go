package watch

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/reportpack/reportpack/generator/diag"
)

func TestRelevant(t *testing.T) {
	for rel, want := range map[string]bool{
		"site.toml":                     true,
		"content":                       true,
		"content/ks2.md":                true,
		"content/schools/900001/a.md":   true,
		"data/pupils.xlsx":              true,
		"themes/default/layouts/x.html": true,
		"public/named/index.html":       false,
		"README.md":                     false,
		"site.toml~":                    false,
		"content/.ks2.md.swp":           false,
		"content/ks2.md.swp":            false,
		"content/ks2.md~":               false,
		"content/4913":                  false,
		"content/.#ks2.md":              false,
		"content/#ks2.md#":              false,
		"content/.ks2.md.tmp.1234":      false,
		"content/.git/HEAD":             false,
		"themes/.cache/x.html":          false,
		"contents/ks2.md":               false,
	} {
		if got := relevant(rel); got != want {
			t.Errorf("relevant(%q) = %v, want %v", rel, got, want)
		}
	}
}

// fakeBuilder records its calls; with gate set, each build waits for a
// value on it.
type fakeBuilder struct {
	gate chan struct{}

	mu         sync.Mutex
	calls      [][]string
	running    bool
	concurrent bool
}

func (f *fakeBuilder) Build(ctx context.Context, changed []string) (Snapshot, diag.List) {
	f.mu.Lock()
	f.concurrent = f.concurrent || f.running
	f.running = true
	f.calls = append(f.calls, changed)
	f.mu.Unlock()
	if f.gate != nil {
		select {
		case <-f.gate:
		case <-ctx.Done():
		}
	}
	f.mu.Lock()
	f.running = false
	f.mu.Unlock()
	return fstest.MapFS{}, nil
}

// startFake runs a loop over a site folder holding content/, returning
// its builds' results.
func startFake(t *testing.T, b Builder) (dir string, results chan Result, l *loop) {
	t.Helper()
	dir = t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	results = make(chan Result, 100)
	l, err := start(Config{Source: dir, Builder: b, Quiet: 50 * time.Millisecond, OnBuild: func(r Result) { results <- r }})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- l.run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
		l.w.Close()
	})
	return dir, results, l
}

func next(t *testing.T, results chan Result) Result {
	t.Helper()
	select {
	case r := <-results:
		return r
	case <-time.After(20 * time.Second):
		t.Fatal("no build within 20s")
		return Result{}
	}
}

func TestOverflowRebuildsEverything(t *testing.T) {
	dir, results, l := startFake(t, &fakeBuilder{})
	if r := next(t, results); r.Changed != nil {
		t.Fatalf("first build changed = %v, want everything", r.Changed)
	}
	// A folder made while events were being lost must be watched afterwards.
	os.MkdirAll(filepath.Join(dir, "content", "lost"), 0o755)
	l.w.Errors <- fsnotify.ErrEventOverflow
	if r := next(t, results); r.Changed != nil {
		t.Fatalf("after overflow changed = %v, want everything", r.Changed)
	}
	os.WriteFile(filepath.Join(dir, "content", "lost", "a.md"), []byte("x"), 0o644)
	for {
		r := next(t, results)
		if slices.Contains(r.Changed, "content/lost/a.md") {
			break
		}
	}
}

func TestChangeDuringBuildSchedulesOneMore(t *testing.T) {
	f := &fakeBuilder{gate: make(chan struct{})}
	dir, results, _ := startFake(t, f)
	f.gate <- struct{}{} // the first build
	next(t, results)

	write := func(name string) {
		if err := os.WriteFile(filepath.Join(dir, "content", name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.md")
	// Wait until the build for a.md is under way, then change more.
	deadline := time.Now().Add(20 * time.Second)
	for {
		f.mu.Lock()
		n, running := len(f.calls), f.running
		f.mu.Unlock()
		if n == 2 && running {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the build for a.md did not start")
		}
		time.Sleep(5 * time.Millisecond)
	}
	write("b.md")
	write("c.md")
	time.Sleep(200 * time.Millisecond) // several quiet periods pass while it builds
	f.gate <- struct{}{}
	if r := next(t, results); !slices.Equal(r.Changed, []string{"content/a.md"}) {
		t.Errorf("second build changed = %v", r.Changed)
	}
	f.gate <- struct{}{}
	if r := next(t, results); !slices.Equal(r.Changed, []string{"content/b.md", "content/c.md"}) {
		t.Errorf("third build changed = %v", r.Changed)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.concurrent {
		t.Error("builds overlapped")
	}
	if len(f.calls) != 3 {
		t.Errorf("%d builds, want 3: %v", len(f.calls), f.calls)
	}
}
