package watch

import (
	"context"
	"io/fs"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/output"
	"github.com/reportpack/reportpack/generator/site"
)

// Snapshot is one successful build's output: a read-only file system whose
// paths are those of the output root ("named/index.html",
// "named/assets/css/reportpack.css").
//
// It is an alias of fs.FS, not a type of its own, so that a builder in a
// package this one imports (generator/site) can satisfy Builder by
// returning a plain fs.FS without importing watch.
//
// A snapshot must not change once Build has returned it: the server keeps
// serving it while the next build runs, and keeps it after a failed one. An
// incremental builder therefore returns a new value each time, for example
// an overlay of the pages it re-rendered over the previous snapshot, and
// never writes into one it has handed out. Snapshots should live in memory:
// a server may refuse symlinks it can see (fs.ReadLinkFS), but a snapshot
// read from disk could change under it.
type Snapshot = fs.FS

// Builder builds a site for watch mode.
//
// changed lists what changed since the previous call, as slash paths
// relative to the site folder ("content/ks2.md", "data/pupils.xlsx",
// "site.toml"), sorted and without duplicates. A nil or empty list means
// "assume everything changed": the first build, and after the watcher lost
// track (an event queue overflow). A path may name a file or folder that no
// longer exists (deleted or renamed away), or a folder: treat a folder as
// everything under it. An incremental builder keeps what it parsed and
// computed between calls and redoes only what depends on changed; it may
// always fall back to a full build.
//
// On success Build returns the snapshot and any warnings. When the returned
// list holds an error the snapshot is ignored (it may be nil) and the
// previous snapshot stays in service. Build is never called concurrently,
// and ctx is cancelled when watching stops.
type Builder interface {
	Build(ctx context.Context, changed []string) (Snapshot, diag.List)
}

// FullBuilder rebuilds the whole site into memory on every change, ignoring
// the changed paths. It is correct for any change and is the fallback
// until an incremental builder is available.
type FullBuilder struct {
	Source  string // the site folder, where site.toml is
	Profile string // the profile to build; empty means the default ("named")
	Theme   fs.FS  // the built-in theme, normally reportpack.DefaultTheme()
}

// Build runs site.Build into an output.Mem and returns it as a Snapshot.
func (b FullBuilder) Build(ctx context.Context, _ []string) (Snapshot, diag.List) {
	mem := output.NewMem()
	opts := []site.Option{site.WithWriter(mem), site.WithTheme(b.Theme)}
	if b.Profile != "" {
		opts = append(opts, site.WithProfiles(b.Profile))
	}
	_, diags := site.Build(ctx, b.Source, opts...)
	if diags.HasErrors() {
		return nil, diags
	}
	return MemSnapshot(mem), diags
}

// MemBuildFunc adapts the Build method of a builder that returns its files
// as an output.Mem, one it may keep and write into again at its next build
// (site.Session does), to Builder:
//
//	watch.MemBuildFunc(site.NewSession(source, theme, profile).Build)
//
// Each successful build's Mem is taken as a snapshot (MemSnapshot) before
// the next build can change it.
type MemBuildFunc func(ctx context.Context, changed []string) (*output.Mem, diag.List)

// Build calls f and snapshots the Mem it returns.
func (f MemBuildFunc) Build(ctx context.Context, changed []string) (Snapshot, diag.List) {
	mem, diags := f(ctx, changed)
	if mem == nil || diags.HasErrors() {
		return nil, diags
	}
	return MemSnapshot(mem), diags
}
