// Package scripts holds no Go code: this test runs release.sh.
package scripts

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

const testVersion = "v0.0.0-test"

var targets = []struct{ goos, goarch string }{
	{"windows", "amd64"}, {"windows", "arm64"},
	{"darwin", "amd64"}, {"darwin", "arm64"},
	{"linux", "amd64"}, {"linux", "arm64"},
}

// release runs release.sh into a new folder and returns it.
func release(t *testing.T, env ...string) string {
	t.Helper()
	dist := t.TempDir()
	cmd := exec.Command("bash", "release.sh", testVersion)
	// A developer's tree has changes; a clean clone (CI) gives a clean commit.
	// The commit's time can move if someone commits between two runs.
	cmd.Env = append(append(os.Environ(), "DIST="+dist, "ALLOW_DIRTY=1", "SOURCE_DATE_EPOCH=1700000000"), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("release.sh: %v\n%s", err, out)
	}
	return dist
}

// TestReleaseScript builds the six release archives and checks their
// checksums, their contents, that each binary is for its platform, that the
// one for this machine prints the version given, and that a second build
// gives the same bytes.
func TestReleaseScript(t *testing.T) {
	if testing.Short() {
		t.Skip("builds reportpack for six platforms")
	}
	for _, tool := range []string{"bash", "git", "go", "tar", "gzip", "zip"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("release.sh needs %s", tool)
		}
	}
	dist := release(t)

	sumsName := "reportpack_0.0.0-test_checksums.txt"
	var want []string
	for _, tg := range targets {
		ext := ".tar.gz"
		if tg.goos == "windows" {
			ext = ".zip"
		}
		want = append(want, fmt.Sprintf("reportpack_0.0.0-test_%s_%s%s", tg.goos, tg.goarch, ext))
	}
	entries, err := os.ReadDir(dist)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if wantAll := append(slices.Sorted(slices.Values(want)), sumsName); !slices.Equal(got, slices.Sorted(slices.Values(wantAll))) {
		t.Fatalf("dist holds %q, want %q", got, wantAll)
	}

	// The checksums file: one line per archive, "<sha256>  <name>", each right.
	sums := map[string]string{}
	f, err := os.Open(filepath.Join(dist, sumsName))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for sc := bufio.NewScanner(f); sc.Scan(); {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok || len(sum) != 64 {
			t.Fatalf("checksums line %q", sc.Text())
		}
		sums[name] = sum
	}
	if len(sums) != len(want) {
		t.Errorf("checksums for %d files, want %d: %v", len(sums), len(want), sums)
	}
	for i, name := range want {
		b, err := os.ReadFile(filepath.Join(dist, name))
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.Sum256(b)
		if sums[name] != hex.EncodeToString(h[:]) {
			t.Errorf("%s: checksum %q, file's is %x", name, sums[name], h)
		}
		files := unpack(t, name, b)
		tg := targets[i]
		exe := "reportpack"
		if tg.goos == "windows" {
			exe += ".exe"
		}
		for _, need := range []string{exe, "README.md", "docs/data-contract.md", "licenses/go/LICENSE",
			"licenses/echarts/LICENSE", "licenses/github.com/xuri/excelize/v2/LICENSE"} {
			if _, ok := files[need]; !ok {
				t.Errorf("%s lacks %s", name, need)
			}
		}
		if err := checkPlatform(files[exe], tg.goos, tg.goarch); err != nil {
			t.Errorf("%s: %s: %v", name, exe, err)
		}
		if tg.goos == runtime.GOOS && tg.goarch == runtime.GOARCH {
			checkVersion(t, files[exe])
		}
	}

	// The same commit and version give the same bytes.
	host := runtime.GOOS + "/" + runtime.GOARCH
	var again string
	for _, name := range want {
		if strings.Contains(name, "_"+runtime.GOOS+"_"+runtime.GOARCH+".") {
			again = name
		}
	}
	if again == "" {
		return
	}
	dist2 := release(t, "TARGETS="+host)
	a, _ := os.ReadFile(filepath.Join(dist, again))
	b, err := os.ReadFile(filepath.Join(dist2, again))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		var differ []string
		f1, f2 := unpack(t, again, a), unpack(t, again, b)
		for name := range f1 {
			if !bytes.Equal(f1[name], f2[name]) {
				differ = append(differ, name)
			}
		}
		msg := fmt.Sprintf("%s differs between two builds (files that differ: %q)", again, differ)
		if dirty() {
			// Someone may have edited the tree between the builds.
			t.Log(msg + "; not a failure: the working tree has uncommitted changes")
			return
		}
		t.Error(msg)
	}
}

// dirty reports whether the working tree differs from its commit.
func dirty() bool {
	out, err := exec.Command("git", "status", "--porcelain", "--untracked-files=normal").Output()
	return err != nil || len(bytes.TrimSpace(out)) > 0
}

// unpack returns an archive's files by slash path, without the folder a
// tarball wraps them in (a zip has none).
func unpack(t *testing.T, name string, b []byte) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	if strings.HasSuffix(name, ".zip") {
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			files[f.Name], _ = io.ReadAll(rc)
			rc.Close()
		}
		return files
	}
	prefix := strings.TrimSuffix(name, ".tar.gz") + "/"
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		rest, ok := strings.CutPrefix(h.Name, prefix)
		if !ok && h.Name != strings.TrimSuffix(prefix, "/") {
			t.Errorf("%s: %s is outside %s", name, h.Name, prefix)
		}
		if h.Typeflag == tar.TypeReg {
			if rest == "reportpack" && h.Mode&0o111 == 0 {
				t.Errorf("%s: reportpack is not executable (mode %o)", name, h.Mode)
			}
			files[rest], _ = io.ReadAll(tr)
		}
	}
	return files
}

// checkPlatform says whether exe is an executable for goos/goarch.
func checkPlatform(exe []byte, goos, goarch string) error {
	if len(exe) == 0 {
		return fmt.Errorf("missing")
	}
	r := bytes.NewReader(exe)
	switch goos {
	case "windows":
		f, err := pe.NewFile(r)
		if err != nil {
			return err
		}
		want := map[string]uint16{"amd64": pe.IMAGE_FILE_MACHINE_AMD64, "arm64": pe.IMAGE_FILE_MACHINE_ARM64}[goarch]
		if f.Machine != want {
			return fmt.Errorf("machine %#x, want %#x", f.Machine, want)
		}
	case "darwin":
		f, err := macho.NewFile(r)
		if err != nil {
			return err
		}
		want := map[string]macho.Cpu{"amd64": macho.CpuAmd64, "arm64": macho.CpuArm64}[goarch]
		if f.Cpu != want {
			return fmt.Errorf("cpu %v, want %v", f.Cpu, want)
		}
	case "linux":
		f, err := elf.NewFile(r)
		if err != nil {
			return err
		}
		want := map[string]elf.Machine{"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64}[goarch]
		if f.Machine != want {
			return fmt.Errorf("machine %v, want %v", f.Machine, want)
		}
		for _, p := range f.Progs {
			if p.Type == elf.PT_INTERP {
				return fmt.Errorf("dynamically linked (CGO_ENABLED=0 makes a static binary)")
			}
		}
	}
	return nil
}

// checkVersion runs the release binary for this machine.
func checkVersion(t *testing.T, exe []byte) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "reportpack")
	if runtime.GOOS == "windows" {
		p += ".exe"
	}
	if err := os.WriteFile(p, exe, 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(p, "version").CombinedOutput()
	if err != nil {
		t.Fatalf("reportpack version: %v\n%s", err, out)
	}
	if got := string(out); !strings.HasPrefix(got, "reportpack "+testVersion+" (commit ") ||
		strings.Contains(got, "(devel)") || strings.Contains(got, "commit unknown") {
		t.Errorf("release build's version printed %q", got)
	}
}
