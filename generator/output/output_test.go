package output

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tree reads every file under root into a map of slash path -> contents.
func tree(t *testing.T, root string) map[string]string {
	t.Helper()
	m := map[string]string{}
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(root, p)
			m[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	return m
}

func write(t *testing.T, w Writer, files map[string]string) {
	t.Helper()
	for n, s := range files {
		if err := w.WriteFile(n, []byte(s)); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCommitReplacesOnlyRebuiltPaths(t *testing.T) {
	public := filepath.Join(t.TempDir(), "public")
	write(t, Dir{public}, map[string]string{"named/index.html": "old named", "named/gone.html": "stale", "governor/index.html": "old governor"})
	s, err := Begin(public)
	if err != nil {
		t.Fatal(err)
	}
	write(t, s, map[string]string{"named/index.html": "new named"})
	if err := s.Commit([]string{"named"}); err != nil {
		t.Fatal(err)
	}
	got := tree(t, public)
	want := map[string]string{"named/index.html": "new named", "governor/index.html": "old governor"}
	if len(got) != len(want) || got["named/index.html"] != want["named/index.html"] || got["governor/index.html"] != want["governor/index.html"] {
		t.Errorf("public = %v, want %v", got, want)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(public), ".reportpack-*"))
	if len(leftovers) != 0 {
		t.Errorf("left behind: %v", leftovers)
	}
}

func TestAbortLeavesPublicUnchanged(t *testing.T) {
	public := filepath.Join(t.TempDir(), "public")
	before := map[string]string{"named/index.html": "old", "named/assets/a.css": "css"}
	write(t, Dir{public}, before)
	s, err := Begin(public)
	if err != nil {
		t.Fatal(err)
	}
	write(t, s, map[string]string{"named/index.html": "half a build"})
	s.Abort()
	if got := tree(t, public); len(got) != 2 || got["named/index.html"] != "old" {
		t.Errorf("public changed: %v", got)
	}
}

func TestBeginRecoversFromKilledBuild(t *testing.T) {
	dir := t.TempDir()
	public := filepath.Join(dir, "public")
	// A build killed between its two renames leaves no public and an old copy.
	write(t, Dir{filepath.Join(dir, oldPrefix+"public")}, map[string]string{"named/index.html": "old"})
	write(t, Dir{filepath.Join(dir, stagingPrefix+"123")}, map[string]string{"named/index.html": "half"})
	s, err := Begin(public)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	if got := tree(t, public); got["named/index.html"] != "old" {
		t.Errorf("public not restored: %v", got)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), oldPrefix) || e.Name() == stagingPrefix+"123" {
			t.Errorf("leftover %s", e.Name())
		}
	}
}

func TestWriterRefusesEscapes(t *testing.T) {
	for _, name := range []string{"../x", "/etc/x", "a/../../x", `a\b`, ""} {
		if err := (Dir{t.TempDir()}).WriteFile(name, nil); err == nil {
			t.Errorf("Dir accepted %q", name)
		}
		if err := NewMem().WriteFile(name, nil); err == nil {
			t.Errorf("Mem accepted %q", name)
		}
	}
}
