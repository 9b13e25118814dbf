package watch_test

import (
	"context"
	"io/fs"
	"slices"
	"testing"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/output"
	"github.com/reportpack/reportpack/generator/watch"
)

// TestMemBuildFunc: a builder that reuses one Mem, as site.Session does,
// hands out snapshots that later builds do not change, and a failed build
// none.
func TestMemBuildFunc(t *testing.T) {
	mem := output.NewMem()
	var got [][]string
	fail := false
	b := watch.MemBuildFunc(func(_ context.Context, changed []string) (*output.Mem, diag.List) {
		got = append(got, changed)
		if fail {
			return mem, diag.List{{File: "content/ks2.md", Line: 2, Message: "bad"}}
		}
		mem.WriteFile("named/index.html", []byte("build "+string(rune('0'+len(got)))))
		return mem, diag.List{{Severity: diag.Warning, Message: "a warning"}}
	})
	var _ watch.Builder = b

	first, diags := b.Build(context.Background(), nil)
	if first == nil || diags.HasErrors() || len(diags) != 1 {
		t.Fatalf("first build: %v, %v", first, diags)
	}
	second, _ := b.Build(context.Background(), []string{"content/ks2.md"})
	for snap, want := range map[watch.Snapshot]string{first: "build 1", second: "build 2"} {
		if b, err := fs.ReadFile(snap, "named/index.html"); err != nil || string(b) != want {
			t.Errorf("snapshot holds %q, %v; want %q", b, err, want)
		}
	}
	fail = true
	if snap, diags := b.Build(context.Background(), []string{"content/ks2.md"}); snap != nil || !diags.HasErrors() {
		t.Errorf("failed build: snapshot %v, diags %v", snap, diags)
	}
	if !slices.Equal(got[1], []string{"content/ks2.md"}) || got[0] != nil {
		t.Errorf("changed passed as %v", got)
	}
}
