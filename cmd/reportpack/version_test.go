package main

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionLine(t *testing.T) {
	const hash = "0123456789abcdef0123456789abcdef01234567"
	vcs := func(rev, modified string) *debug.BuildInfo {
		bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/reportpack/reportpack", Version: "(devel)"}}
		if rev != "" {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: "vcs.revision", Value: rev})
		}
		if modified != "" {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: "vcs.modified", Value: modified})
		}
		return bi
	}
	installed := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.2.0"}}
	platform := runtime.GOOS + "/" + runtime.GOARCH
	for _, tc := range []struct {
		name            string
		version, commit string // as set by -ldflags -X
		bi              *debug.BuildInfo
		want            string
	}{
		{"release build", "v0.1.0", hash, vcs("", ""), "reportpack v0.1.0 (commit 0123456789ab, go1.26.8, " + platform + ")"},
		{"release build from a dirty tree", "v0.1.0", hash + "-dirty", vcs("", ""), "reportpack v0.1.0 (commit 0123456789ab-dirty, go1.26.8, "},
		{"release build says its commit, not Go's stamp", "v0.1.0", hash, vcs("fedcba9876543210fedcba9876543210fedcba98", "true"), "(commit 0123456789ab, "},
		{"version set, commit from git", "v0.1.0", "", vcs("fedcba9876543210fedcba9876543210fedcba98", "false"), "reportpack v0.1.0 (commit fedcba987654, "},
		{"source build from git", "", "", vcs(hash, "false"), "reportpack dev (commit 0123456789ab, go1.26.8, "},
		{"source build with changes", "", "", vcs(hash, "true"), "reportpack dev (commit 0123456789ab with uncommitted changes, "},
		{"source build without git", "", "", vcs("", ""), "reportpack dev (commit unknown, go1.26.8, "},
		{"go install ...@v0.2.0", "", "", installed, "reportpack v0.2.0 (commit unknown, go1.26.8, "},
		{"no build information", "", "", nil, "reportpack dev (commit unknown, " + runtime.Version() + ", "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := versionLine(tc.version, tc.commit, tc.bi)
			if !strings.Contains(got, tc.want) {
				t.Errorf("versionLine = %q, want %q", got, tc.want)
			}
			if strings.Contains(got, "(devel)") {
				t.Errorf("versionLine = %q says (devel)", got)
			}
		})
	}
}

// TestVersionSetAtBuildTime builds reportpack as scripts/release.sh does and
// runs `reportpack version`.
func TestVersionSetAtBuildTime(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	exe := filepath.Join(t.TempDir(), "reportpack")
	if runtime.GOOS == "windows" {
		exe += ".exe"
	}
	const commit = "0123456789abcdef0123456789abcdef01234567"
	build := exec.Command(gobin, "build", "-trimpath", "-buildvcs=false",
		"-ldflags", "-X main.buildVersion=v9.8.7-test -X main.buildCommit="+commit, "-o", exe, ".")
	build.Env = append(build.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(exe, "version").CombinedOutput()
	if err != nil {
		t.Fatalf("reportpack version: %v\n%s", err, out)
	}
	want := "reportpack v9.8.7-test (commit 0123456789ab, go"
	if got := string(out); !strings.HasPrefix(got, want) || strings.Contains(got, "(devel)") ||
		!strings.HasSuffix(got, runtime.GOOS+"/"+runtime.GOARCH+")\n") {
		t.Errorf("reportpack version printed %q, want %q...", got, want)
	}
}
