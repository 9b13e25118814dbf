package output

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// errHeld stands for Windows' sharing violation: another program (Excel)
// holds a file open.
var errHeld = errors.New("the process cannot access the file because it is being used by another process")

// fakeFS is the real file system with Windows' refusals played on top: the
// first failRename calls of rename(from, ...) and the first failRemove
// calls of removeAll fail with err, and there is no atomic exchange.
type fakeFS struct {
	renameFrom string // which rename fails ("" none), by its source's base name prefix
	failRename int    // how many times; -1 always
	renameErr  error
	failRemove int // how many times removeAll of an old copy fails; -1 always
	held       []string
	slept      []time.Duration
	renames    int
}

func (f *fakeFS) fileSystem() *fileSystem {
	fail := func(n *int) bool {
		if *n == 0 {
			return false
		}
		if *n > 0 {
			*n--
		}
		return true
	}
	return &fileSystem{
		rename: func(from, to string) error {
			f.renames++
			if f.renameFrom != "" && strings.HasPrefix(filepath.Base(from), f.renameFrom) && fail(&f.failRename) {
				return &os.LinkError{Op: "rename", Old: from, New: to, Err: f.renameErr}
			}
			return os.Rename(from, to)
		},
		removeAll: func(p string) error {
			if strings.HasPrefix(filepath.Base(p), oldPrefix) && fail(&f.failRemove) {
				return &os.PathError{Op: "unlinkat", Path: filepath.Join(p, "named", "measures.xlsx"), Err: errHeld}
			}
			return os.RemoveAll(p)
		},
		exchange: func(a, b string) error { return errors.New("no atomic exchange") },
		busy:     func(err error) bool { return errors.Is(err, errHeld) },
		holders: func(root string, max int) []string {
			var out []string
			for _, h := range f.held {
				out = append(out, filepath.Join(root, filepath.FromSlash(h)))
			}
			return out[:min(len(out), max)]
		},
		sleep: func(d time.Duration) { f.slept = append(f.slept, d) },
		now:   func() time.Time { return time.Date(2026, 3, 4, 5, 6, 7, 8, time.UTC) },
	}
}

func total(ds []time.Duration) (t time.Duration) {
	for _, d := range ds {
		t += d
	}
	return t
}

func TestCommitOnWindows(t *testing.T) {
	for _, tc := range []struct {
		name string
		fs   fakeFS
		// want
		err       []string // fragments of the error; nil: success
		busyErr   bool     // the error is a *BusyError
		published bool     // public holds the new build
		sleeps    int      // retries waited for
		warn      []string // fragments of the warning; nil: none
		leftover  bool     // an old copy is left beside public
	}{
		{
			name:      "no refusal",
			published: true,
		},
		{
			name:      "a virus scanner lets go after three tries",
			fs:        fakeFS{renameFrom: "public", failRename: 3, renameErr: errHeld},
			published: true, sleeps: 3,
		},
		{
			name:    "Excel holds a workbook open",
			fs:      fakeFS{renameFrom: "public", failRename: -1, renameErr: errHeld, held: []string{"named/measures.xlsx"}},
			err:     []string{filepath.Join("public", "named", "measures.xlsx") + " is open in another program", "close it, then build again", "is as it was"},
			busyErr: true, sleeps: len(retryDelays),
		},
		{
			name: "two workbooks open",
			fs: fakeFS{renameFrom: "public", failRename: -1, renameErr: errHeld,
				held: []string{"named/measures.xlsx", "governor/measures.xlsx", "anonymised/measures.xlsx", "named/900001/measures.xlsx"}},
			err:     []string{filepath.Join("named", "measures.xlsx") + ", ", filepath.Join("anonymised", "measures.xlsx") + " are open", "close them"},
			busyErr: true, sleeps: len(retryDelays),
		},
		{
			name:    "held, but by what cannot be found",
			fs:      fakeFS{renameFrom: "public", failRename: -1, renameErr: errHeld},
			err:     []string{"cannot replace", "probably open in another program", "close it, then build again"},
			busyErr: true, sleeps: len(retryDelays),
		},
		{
			name: "a refusal that waiting will not mend is not retried",
			fs:   fakeFS{renameFrom: "public", failRename: -1, renameErr: os.ErrPermission},
			err:  []string{"permission denied"},
		},
		{
			name: "the new build cannot move in: the old is put back",
			fs:   fakeFS{renameFrom: stagingPrefix, failRename: -1, renameErr: os.ErrPermission},
			err:  []string{"cannot move the new build into place", "is as it was"},
		},
		{
			name:      "the old copy goes on a second try",
			fs:        fakeFS{failRemove: 1},
			published: true, sleeps: 1,
		},
		{
			name:      "the old copy cannot be deleted: published, with a warning",
			fs:        fakeFS{failRemove: -1, held: []string{"named/measures.xlsx"}},
			published: true, sleeps: len(retryDelays), leftover: true,
			warn: []string{"the build was published to", "previous copy could not be deleted",
				filepath.Join(oldPrefix+"public-20260304T050607.000000008Z", "named", "measures.xlsx") + " is open in another program",
				"the next build deletes"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			public := filepath.Join(dir, "public")
			write(t, Dir{Root: public}, map[string]string{"named/index.html": "old", "governor/index.html": "governor"})
			s, err := Begin(public)
			if err != nil {
				t.Fatal(err)
			}
			s.fs = tc.fs.fileSystem()
			var warnings []string
			s.Warn = func(msg string) { warnings = append(warnings, msg) }
			write(t, s, map[string]string{"named/index.html": "new"})
			err = s.Commit([]string{"named"})

			if tc.err == nil && err != nil {
				t.Fatalf("Commit: %v", err)
			}
			if tc.err != nil {
				if err == nil {
					t.Fatal("Commit succeeded; want an error")
				}
				for _, frag := range tc.err {
					if !strings.Contains(err.Error(), frag) {
						t.Errorf("error %q lacks %q", err, frag)
					}
				}
				var be *BusyError
				if errors.As(err, &be) != tc.busyErr {
					t.Errorf("error %T %q: BusyError %v, want %v", err, err, !tc.busyErr, tc.busyErr)
				}
			}
			want := "old"
			if tc.published {
				want = "new"
			}
			if got := tree(t, public); got["named/index.html"] != want || got["governor/index.html"] != "governor" {
				t.Errorf("public = %v, want named/index.html %q and governor kept", got, want)
			}
			if len(tc.fs.slept) != tc.sleeps {
				t.Errorf("waited %d times (%v), want %d", len(tc.fs.slept), tc.fs.slept, tc.sleeps)
			}
			if len(tc.fs.slept) == len(retryDelays) {
				if d := total(tc.fs.slept); d < 2*time.Second || d > 3*time.Second {
					t.Errorf("waited %v in all, want about 2s", d)
				}
			}
			if len(warnings) != min(len(tc.warn), 1) {
				t.Errorf("warnings %q, want one with %q", warnings, tc.warn)
			}
			for _, w := range warnings {
				for _, frag := range tc.warn {
					if !strings.Contains(w, frag) {
						t.Errorf("warning %q lacks %q", w, frag)
					}
				}
			}
			entries, _ := os.ReadDir(dir)
			var left []string
			for _, e := range entries {
				if e.Name() != "public" {
					left = append(left, e.Name())
				}
			}
			if tc.leftover != (len(left) == 1 && strings.HasPrefix(left[0], oldPrefix)) || len(left) > 1 {
				t.Errorf("beside public: %v; want an old copy: %v", left, tc.leftover)
			}
			// The next build tidies up whatever was left.
			s2, err := Begin(public)
			if err != nil {
				t.Fatal(err)
			}
			s2.Abort()
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("after the next Begin: %v", entries)
			}
			if got := tree(t, public); got["named/index.html"] != want {
				t.Errorf("after the next Begin public = %v", got)
			}
		})
	}
}

func TestCommitLeftoverWarningDefaultsToStderr(t *testing.T) {
	public := filepath.Join(t.TempDir(), "public")
	write(t, Dir{Root: public}, map[string]string{"named/index.html": "old"})
	s, err := Begin(public)
	if err != nil {
		t.Fatal(err)
	}
	f := fakeFS{failRemove: -1}
	s.fs = f.fileSystem()
	r, w, _ := os.Pipe()
	stderr := os.Stderr
	os.Stderr = w
	err = s.Commit([]string{"named"})
	os.Stderr = stderr
	w.Close()
	out := make([]byte, 4096)
	n, _ := r.Read(out)
	if err != nil {
		t.Fatalf("Commit: %v", err)
	}
	if !strings.HasPrefix(string(out[:n]), "warning: the build was published") {
		t.Errorf("stderr = %q", out[:n])
	}
}

func TestBeginRestoresNewestOldCopy(t *testing.T) {
	dir := t.TempDir()
	public := filepath.Join(dir, "public")
	old := func(stamp string) string { return filepath.Join(dir, oldPrefix+"public"+stamp) }
	write(t, Dir{Root: old("")}, map[string]string{"named/index.html": "oldest"})
	write(t, Dir{Root: old("-20260101T000000.000000000Z")}, map[string]string{"named/index.html": "older"})
	write(t, Dir{Root: old("-20260304T050607.000000008Z")}, map[string]string{"named/index.html": "newest"})
	// Another build's folders beside this one, which may be running.
	write(t, Dir{Root: filepath.Join(dir, oldPrefix+"public2")}, map[string]string{"a": "b"})
	write(t, Dir{Root: filepath.Join(dir, oldPrefix+"public-2-20260304T050607.000000008Z")}, map[string]string{"a": "b"})
	write(t, Dir{Root: filepath.Join(dir, stagingPrefix+"public-2-123")}, map[string]string{"a": "b"})
	write(t, Dir{Root: filepath.Join(dir, stagingPrefix+"shard-456")}, map[string]string{"a": "b"})
	write(t, Dir{Root: filepath.Join(dir, stagingPrefix+"public-789")}, map[string]string{"a": "half"})
	s, err := Begin(public)
	if err != nil {
		t.Fatal(err)
	}
	if got := tree(t, public); got["named/index.html"] != "newest" {
		t.Errorf("public = %v, want the newest old copy", got)
	}
	s.Abort()
	var names []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{
		oldPrefix + "public-2-20260304T050607.000000008Z", oldPrefix + "public2",
		stagingPrefix + "public-2-123", stagingPrefix + "shard-456", "public",
	}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("beside public:\n%q\nwant\n%q", names, want)
	}
}
