// Package watch rebuilds a site whenever its sources change, for
// `reportpack watch`.
//
// Run watches content/, data/, themes/ and site.toml with fsnotify, one
// watch per folder since fsnotify is not recursive, and adds folders as they
// appear. Editors' atomic saves (write a temporary file, rename it over the
// original) arrive as a Create of the real name, so watching folders rather
// than files catches them. Events are coalesced: a burst of saves within
// the quiet period becomes one build, handed the union of the changed
// paths. Builds never overlap; a change during a build schedules one more.
package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/reportpack/reportpack/generator/diag"
)

// DefaultQuiet is how long the site must be quiet after a change before it
// is rebuilt: long enough to gather an editor's save (several events within
// a millisecond or two) or a checkout into one build, short enough not to be
// felt.
const DefaultQuiet = 30 * time.Millisecond

// maxWait caps, in quiet periods, how long a steady stream of changes (a
// large copy) can put off a build.
const maxWait = 20

// Watched are the parts of a site folder that Run watches; everything else
// (public/, notes, version control) is ignored.
var Watched = []string{"site.toml", "content", "data", "themes"}

// Config says what to watch and what to do with each build.
type Config struct {
	// Source is the site folder, where site.toml is.
	Source string
	// Builder builds the site; Run calls it once at the start with no
	// changed paths, then after every batch of changes.
	Builder Builder
	// Quiet is the quiet period that ends a burst of changes; 0 means
	// DefaultQuiet. A steady stream of changes delays a build by at most
	// 20 quiet periods.
	Quiet time.Duration
	// OnBuild receives every build's result, in order, from a single
	// goroutine. It should return quickly: events queue while it runs.
	OnBuild func(Result)
	// OnError receives problems that do not stop watching, such as a folder
	// that could not be watched. Nil drops them.
	OnError func(error)
}

// Result is one build's outcome.
type Result struct {
	Snapshot Snapshot  // the build's files; nil when it failed
	Diags    diag.List // its errors and warnings
	Changed  []string  // the changed paths it was given; nil for a full build
	Took     time.Duration
}

// Failed reports whether the build had errors, in which case the previous
// snapshot is still the one to serve.
func (r Result) Failed() bool { return r.Diags.HasErrors() }

// Run builds the site, then watches it and rebuilds after every change
// until ctx is done. It returns nil then, once any build in progress has
// finished, and an error only when the site folder cannot be watched at all.
func Run(ctx context.Context, c Config) error {
	l, err := start(c)
	if err != nil {
		return err
	}
	defer l.w.Close()
	return l.run(ctx)
}

// start sets up watching, with the first build due.
func start(c Config) (*loop, error) {
	if c.Builder == nil {
		return nil, errors.New("watch: no Builder")
	}
	if c.Quiet <= 0 {
		c.Quiet = DefaultQuiet
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watching %s: %w", c.Source, watchHint(err))
	}
	l := &loop{
		cfg:     c,
		root:    filepath.Clean(c.Source),
		w:       w,
		pending: map[string]bool{},
		results: make(chan Result, 1),
		timer:   time.NewTimer(time.Hour),
		all:     true, // the first build
		due:     true,
	}
	l.timer.Stop()
	// The root is watched on its own, not recursively: it yields site.toml
	// and the watched folders appearing or going.
	if err := w.Add(l.root); err != nil {
		w.Close()
		return nil, fmt.Errorf("watching %s: %w", l.root, watchHint(err))
	}
	l.addAll(false)
	return l, nil
}

// loop is Run's state; only its goroutine touches it.
type loop struct {
	cfg  Config
	root string
	w    *fsnotify.Watcher

	pending  map[string]bool // changed paths not yet handed to a build
	all      bool            // rebuild everything (first build, overflow)
	first    time.Time       // when the oldest pending change arrived
	due      bool            // the quiet period has passed
	timer    *time.Timer
	building bool
	results  chan Result
}

func (l *loop) run(ctx context.Context) error {
	l.maybeBuild(ctx)
	for {
		select {
		case <-ctx.Done():
			if l.building {
				<-l.results // a build in progress sees ctx too and stops soon
			}
			return nil
		case ev, ok := <-l.w.Events:
			if !ok {
				return nil
			}
			l.event(ev)
		case err, ok := <-l.w.Errors:
			if !ok {
				return nil
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: folders may have appeared unseen, and
				// any file may have changed.
				l.addAll(false)
				l.all = true
				l.arm()
			} else {
				l.report(err)
			}
		case <-l.timer.C:
			l.due = true
			l.maybeBuild(ctx)
		case r := <-l.results:
			l.building = false
			if l.cfg.OnBuild != nil {
				l.cfg.OnBuild(r)
			}
			l.maybeBuild(ctx)
		}
	}
}

// event records one filesystem event.
func (l *loop) event(ev fsnotify.Event) {
	// Chmod alone changes nothing a build reads (and Linux sends one
	// before every Remove, which arrives on its own).
	if ev.Op&^fsnotify.Chmod == 0 {
		return
	}
	rel, ok := l.rel(ev.Name)
	if !ok || !relevant(rel) {
		return
	}
	if ev.Has(fsnotify.Create) {
		if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
			// Files may have landed before the watch did: walking
			// finds them, and later ones arrive as events.
			l.addTree(ev.Name, true)
			l.arm()
			return
		}
	}
	l.pending[rel] = true
	l.arm()
}

// arm (re)starts the quiet period after a change.
func (l *loop) arm() {
	if len(l.pending) == 0 && !l.all {
		return // e.g. an empty folder appeared
	}
	now := time.Now()
	if l.first.IsZero() {
		l.first = now
	}
	wait := min(l.cfg.Quiet, l.first.Add(maxWait*l.cfg.Quiet).Sub(now))
	l.due = false
	l.timer.Reset(max(wait, 0))
}

// maybeBuild starts a build when one is due and none is running.
func (l *loop) maybeBuild(ctx context.Context) {
	if l.building || !l.due || (!l.all && len(l.pending) == 0) || ctx.Err() != nil {
		return
	}
	var changed []string
	if !l.all {
		changed = slices.Sorted(maps.Keys(l.pending))
	}
	clear(l.pending)
	l.all, l.due, l.first = false, false, time.Time{}
	l.building = true
	go func() {
		start := time.Now()
		snap, diags := l.cfg.Builder.Build(ctx, changed)
		if diags.HasErrors() {
			snap = nil
		}
		l.results <- Result{Snapshot: snap, Diags: diags, Changed: changed, Took: time.Since(start)}
	}()
}

// addAll watches every folder under the watched parts of the site.
func (l *loop) addAll(markFiles bool) {
	for _, part := range Watched {
		p := filepath.Join(l.root, part)
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			l.addTree(p, markFiles)
		}
	}
}

// addTree watches dir and every folder under it, skipping ignored ones.
// With markFiles it also records every file found as changed.
func (l *loop) addTree(dir string, markFiles bool) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) { // gone again: its Remove will follow
				l.report(err)
			}
			return nil
		}
		rel, ok := l.rel(p)
		if !ok || !relevant(rel) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if err := l.w.Add(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				l.report(fmt.Errorf("watching %s: %w", p, watchHint(err)))
			}
			return nil
		}
		if markFiles {
			l.pending[rel] = true
		}
		return nil
	})
}

// rel turns an event's path into a slash path relative to the site.
func (l *loop) rel(name string) (string, bool) {
	rel, err := filepath.Rel(l.root, name)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

func (l *loop) report(err error) {
	if l.cfg.OnError != nil {
		l.cfg.OnError(err)
	}
}

// relevant reports whether a change at the slash path rel (relative to the
// site) can affect a build.
func relevant(rel string) bool {
	top, _, _ := strings.Cut(rel, "/")
	if top == "site.toml" && rel != top || !slices.Contains(Watched, top) {
		return false
	}
	for seg := range strings.SplitSeq(rel, "/") {
		if ignored(seg) {
			return false
		}
	}
	return true
}

// ignored reports whether a file or folder name is an editor's scratch file
// or hidden, which the site's loaders skip too: vim's swap files and its
// "4913" write test, backups ("~"), emacs' lock (".#name") and auto-save
// ("#name#") files, and hidden names such as the temporary files of
// atomic saves (".name.tmp").
func ignored(name string) bool {
	switch {
	case name == "" || name == "4913":
		return true
	case strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#"):
		return true
	case strings.HasSuffix(name, "~"):
		return true
	case strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") || strings.HasSuffix(name, ".swo"):
		return true
	}
	return false
}

// watchHint explains the errors fsnotify passes up from the system.
func watchHint(err error) error {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE) {
		return fmt.Errorf("%w (the system's limit on watched folders was reached: raise fs.inotify.max_user_watches and max_user_instances)", err)
	}
	return err
}
