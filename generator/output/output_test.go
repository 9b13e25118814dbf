package output

import (
	"maps"
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
	write(t, Dir{Root: public}, map[string]string{"named/index.html": "old named", "named/gone.html": "stale", "governor/index.html": "old governor"})
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
	write(t, Dir{Root: public}, before)
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
	write(t, Dir{Root: filepath.Join(dir, oldPrefix+"public")}, map[string]string{"named/index.html": "old"})
	write(t, Dir{Root: filepath.Join(dir, stagingPrefix+"123")}, map[string]string{"named/index.html": "half"})
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
		if err := (Dir{Root: t.TempDir()}).WriteFile(name, nil); err == nil {
			t.Errorf("Dir accepted %q", name)
		}
		if err := NewMem().WriteFile(name, nil); err == nil {
			t.Errorf("Mem accepted %q", name)
		}
	}
}

func TestWriteSame(t *testing.T) {
	root := t.TempDir()
	d := NewDir(root)
	data := []byte("urn,year\n100001,2024/25\n")
	if err := d.WriteFile("anonymised/100001/measures.csv", data); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, existing string
		linked         bool // shares the file on disk
	}{
		{"governor/100001/measures.csv", "anonymised/100001/measures.csv", true},
		{"governor/100002/measures.csv", "anonymised/100002/measures.csv", false}, // never written: written now
		{"governor/100003/measures.csv", "../outside.csv", false},
	}
	for _, tt := range tests {
		if err := WriteSame(d, tt.name, tt.existing, data); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got, err := os.ReadFile(filepath.Join(root, tt.name))
		if err != nil || string(got) != string(data) {
			t.Errorf("%s holds %q, %v; want %q", tt.name, got, err, data)
		}
		a, _ := os.Stat(filepath.Join(root, tt.name))
		b, _ := os.Stat(filepath.Join(root, "anonymised/100001/measures.csv"))
		if os.SameFile(a, b) != tt.linked {
			t.Errorf("%s linked to the first file: %v, want %v", tt.name, !tt.linked, tt.linked)
		}
	}
	if err := WriteSame(d, "../x", "anonymised/100001/measures.csv", data); err == nil {
		t.Error("WriteSame wrote outside the root")
	}

	// A writer that cannot link is given the bytes.
	m := NewMem()
	if err := WriteSame(m, "governor/100001/measures.csv", "anonymised/100001/measures.csv", data); err != nil {
		t.Fatal(err)
	}
	if got, _ := m.File("governor/100001/measures.csv"); string(got) != string(data) {
		t.Errorf("Mem holds %q, want %q", got, data)
	}
}

// A file written again after it was linked gets bytes of its own: the file
// it was linked to keeps its bytes.
func TestWriteAfterLink(t *testing.T) {
	root := t.TempDir()
	d := NewDir(root)
	write(t, d, map[string]string{"anonymised/m.csv": "figures"})
	if err := WriteSame(d, "governor/m.csv", "anonymised/m.csv", []byte("figures")); err != nil {
		t.Fatal(err)
	}
	write(t, d, map[string]string{"governor/m.csv": "other figures"})
	want := map[string]string{"anonymised/m.csv": "figures", "governor/m.csv": "other figures"}
	if got := tree(t, root); !maps.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	// And linked again over a file of its own, it is the link.
	if err := WriteSame(d, "governor/m.csv", "anonymised/m.csv", []byte("figures")); err != nil {
		t.Fatal(err)
	}
	if got := tree(t, root); got["governor/m.csv"] != "figures" || got["anonymised/m.csv"] != "figures" {
		t.Errorf("after linking again: %v", got)
	}
}
