package watch_test

import (
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/reportpack/reportpack/generator/output"
	"github.com/reportpack/reportpack/generator/watch"
)

func TestMemSnapshot(t *testing.T) {
	mem := output.NewMem()
	files := map[string]string{
		"named/index.html":                "<p>home</p>",
		"named/900001/ks2.html":           "<p>ks2</p>",
		"named/assets/css/reportpack.css": "body{}",
		"anonymised/index.html":           "<p>anon</p>",
	}
	for name, data := range files {
		mem.WriteFile(name, []byte(data))
	}
	snap := watch.MemSnapshot(mem)
	if err := fstest.TestFS(snap, "named/index.html", "named/900001/ks2.html", "named/assets/css/reportpack.css", "anonymised/index.html"); err != nil {
		t.Fatal(err)
	}

	// Later writes to the Mem do not reach the snapshot, and callers may
	// change what ReadFile returns.
	mem.WriteFile("named/index.html", []byte("changed"))
	mem.WriteFile("named/new.html", []byte("new"))
	b, _ := fs.ReadFile(snap, "named/index.html")
	if string(b) != files["named/index.html"] {
		t.Errorf("snapshot changed with the Mem: %q", b)
	}
	b[0] = 'X'
	if b, _ := fs.ReadFile(snap, "named/index.html"); string(b) != files["named/index.html"] {
		t.Errorf("ReadFile shares its bytes: %q", b)
	}
	if _, err := fs.Stat(snap, "named/new.html"); err == nil {
		t.Error("a file written after the snapshot shows in it")
	}
}
