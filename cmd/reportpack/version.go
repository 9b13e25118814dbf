package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
)

// Set at build time by scripts/release.sh, for example:
//
//	go build -ldflags "-X main.buildVersion=v0.1.0 -X main.buildCommit=$(git rev-parse HEAD)" ./cmd/reportpack
var (
	buildVersion string // the release's version, its tag ("v0.1.0")
	buildCommit  string // the commit it was built from
)

func runVersion(_ context.Context, args []string, stdout, _ io.Writer) error {
	fs := newFlags("version", stdout)
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	bi, _ := debug.ReadBuildInfo()
	fmt.Fprintln(stdout, versionLine(buildVersion, buildCommit, bi))
	return nil
}

// versionLine says which reportpack this is, in one line:
//
//	reportpack v0.1.0 (commit 0123456789ab, go1.26.8, windows/amd64)
//
// The version and commit set at build time come first. Otherwise the
// module's version (go install ...@v0.1.0) and the revision Go stamps into
// a build from a git checkout are used; a build with neither is "dev",
// never Go's "(devel)".
func versionLine(version, commit string, bi *debug.BuildInfo) string {
	modified := false // said only of a commit Go stamped: a given one is what it says
	goVersion := runtime.Version()
	if bi != nil {
		if version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			version = bi.Main.Version
		}
		if commit == "" {
			commit = setting(bi, "vcs.revision")
			modified = setting(bi, "vcs.modified") == "true"
		}
		if bi.GoVersion != "" {
			goVersion = bi.GoVersion
		}
	}
	if version == "" {
		version = "dev"
	}
	if commit == "" {
		commit = "unknown"
	}
	if len(commit) >= 40 && strings.Trim(commit[:40], "0123456789abcdef") == "" {
		commit = commit[:12] + commit[40:] // a full hash, shortened as git does; "-dirty" kept
	}
	if modified {
		commit += " with uncommitted changes"
	}
	return fmt.Sprintf("reportpack %s (commit %s, %s, %s/%s)", version, commit, goVersion, runtime.GOOS, runtime.GOARCH)
}

// setting is the value of a build setting, "" when not stamped.
func setting(bi *debug.BuildInfo, key string) string {
	for _, s := range bi.Settings {
		if s.Key == key {
			return s.Value
		}
	}
	return ""
}
