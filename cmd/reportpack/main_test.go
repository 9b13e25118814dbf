package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reportpack/reportpack/generator/sample"
)

func runCLI(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(context.Background(), args, &o, &e)
	return code, o.String(), e.String()
}

func TestExitCodesAndHelp(t *testing.T) {
	tests := []struct {
		args []string
		code int
		out  string // expected in stdout+stderr
	}{
		{nil, exitUsage, "Usage:"},
		{[]string{"--help"}, exitOK, "reportpack build"},
		{[]string{"frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{[]string{"build", "--nosuchflag"}, exitUsage, "usage: reportpack build"},
		{[]string{"build", "extra"}, exitUsage, `unexpected argument "extra"`},
		{[]string{"sample"}, exitUsage, "--out is required"},
		{[]string{"new"}, exitUsage, "name the folder"},
		{[]string{"version"}, exitOK, "reportpack"},
		{[]string{"build", "--source", "/nonexistent-site"}, exitInput, "site.toml"},
		{[]string{"validate", "--source", "/nonexistent-site"}, exitInput, "site.toml"},
	}
	for _, cmd := range []string{"build", "validate", "sample", "new", "version"} {
		tests = append(tests, struct {
			args []string
			code int
			out  string
		}{[]string{cmd, "--help"}, exitOK, "usage: reportpack " + cmd})
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errOut := runCLI(tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
			if !strings.Contains(out+errOut, tt.out) {
				t.Errorf("output lacks %q:\n%s%s", tt.out, out, errOut)
			}
			if n := strings.Count(out+errOut, "usage: reportpack"); n > 1 {
				t.Errorf("usage printed %d times:\n%s%s", n, out, errOut)
			}
		})
	}
}

// TestNewBuildsAsIs is what a new user does: scaffold, build, validate.
func TestNewBuildsAsIs(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mysite")
	if code, _, e := runCLI("new", dir); code != exitOK {
		t.Fatalf("new: %d %s", code, e)
	}
	if code, _, _ := runCLI("new", dir); code != exitInput {
		t.Errorf("new over a non-empty folder: exit %d", code)
	}
	if code, _, e := runCLI("validate", "--source", dir); code != exitOK {
		t.Fatalf("validate: %d %s", code, e)
	}
	if code, out, e := runCLI("build", "--source", dir, "--profile", "all"); code != exitOK {
		t.Fatalf("build: %d %s %s", code, out, e)
	}
	for _, p := range []string{"named", "anonymised", "governor"} {
		if _, err := os.Stat(filepath.Join(dir, "public", p, "index.html")); err != nil {
			t.Errorf("profile %s: %v", p, err)
		}
	}
}

func TestValidateWritesErrorSpreadsheet(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "s")
	if code, _, e := runCLI("new", dir); code != exitOK {
		t.Fatal(e)
	}
	// Break the national figures so validation fails.
	p := filepath.Join(dir, "data", "national.csv")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, append(b, "2025,ks4_p8,all,lots\n"...), 0o644)
	xl := filepath.Join(t.TempDir(), "errors.xlsx")
	code, _, e := runCLI("validate", "--source", dir, "--errors", xl)
	if code != exitInput || !strings.Contains(e, "national.csv") || !strings.Contains(e, "the list is also in "+xl) ||
		strings.Contains(e, "nothing was written") {
		t.Errorf("exit %d, stderr %s", code, e)
	}
	if st, err := os.Stat(xl); err != nil || st.Size() == 0 {
		t.Errorf("no error spreadsheet: %v", err)
	}
}

// TestExampleDataMatchesScaffold keeps data/ in step with what `new` writes
// (and so with the schools site.toml names).
func TestExampleDataMatchesScaffold(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "s")
	if code, _, e := runCLI("new", dir); code != exitOK {
		t.Fatal(e)
	}
	for _, f := range []string{"pupils.xlsx", "national.csv", "national.toml", "estimates.csv"} {
		want, err1 := os.ReadFile(filepath.Join("..", "..", "data", f))
		got, err2 := os.ReadFile(filepath.Join(dir, "data", f))
		if err1 != nil || err2 != nil || !bytes.Equal(want, got) {
			t.Errorf("data/%s differs from what `reportpack new` writes: regenerate it with `go run ./cmd/reportpack sample --out data --schools 3 --pupils 120 --years 3 --seed 1`", f)
		}
	}
}

func TestBuildGCPercent(t *testing.T) {
	for _, tc := range []struct {
		name    string
		env     map[string]string
		wantPct int
		wantOK  bool
	}{
		{"unset", nil, 200, true},
		{"GOGC set", map[string]string{"GOGC": "50"}, 0, false},
		{"GOGC off", map[string]string{"GOGC": "off"}, 0, false},
		{"GOGC empty but set", map[string]string{"GOGC": ""}, 0, false},
		{"other variables", map[string]string{"GOMEMLIMIT": "1GiB"}, 200, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pct, ok := buildGCPercent(func(k string) (string, bool) { v, set := tc.env[k]; return v, set })
			if pct != tc.wantPct || ok != tc.wantOK {
				t.Errorf("buildGCPercent = %d, %v; want %d, %v", pct, ok, tc.wantPct, tc.wantOK)
			}
		})
	}
}

// A profile or URN the site does not have is a mistake on the command
// line: exit 2, the option named as the place, and the choices as a hint.
func TestBuildOptionsTheSiteLacks(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "s")
	if code, _, e := runCLI("new", dir); code != exitOK {
		t.Fatal(e)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--profile", "governer"}, `--profile: error: "governer": no such profile in site.toml (hint: did you mean "governor"?`},
		{[]string{"--schools", "900001,900009"}, `--schools: error: "900009": no school with this URN in the pupil data (hint: the data's schools are 900001, 900002, 900003)`},
	} {
		code, _, e := runCLI(append([]string{"build", "--source", dir}, tc.args...)...)
		if code != exitUsage || !strings.Contains(e, tc.want) {
			t.Errorf("%v: exit %d, want %d; stderr:\n%s", tc.args, code, exitUsage, e)
		}
		if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
			t.Errorf("%v: public/ was written", tc.args)
		}
	}
}

// reportpack sample makes whole schools, or with --key-stages-only the
// Year 6 and Year 11 rows of results files alone: the files are the
// sample package's for those options, byte for byte.
func TestSampleKeyStagesOnly(t *testing.T) {
	var files [2][]byte
	for i, ksOnly := range []bool{false, true} {
		dir := t.TempDir()
		args := []string{"sample", "--out", dir, "--schools", "2", "--pupils", "20", "--years", "1"}
		if ksOnly {
			args = append(args, "--key-stages-only")
		}
		if code, out, errOut := runCLI(args...); code != exitOK {
			t.Fatalf("%v: exit %d\n%s%s", args, code, out, errOut)
		}
		got, err := os.ReadFile(filepath.Join(dir, "pupils.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		want := t.TempDir()
		if err := sample.Generate(sample.Options{Schools: 2, Pupils: 20, Years: 1, Seed: 1, KeyStagesOnly: ksOnly}).WriteDir(want); err != nil {
			t.Fatal(err)
		}
		if w, _ := os.ReadFile(filepath.Join(want, "pupils.xlsx")); !bytes.Equal(got, w) {
			t.Errorf("key stages only %v: the CLI's pupils.xlsx is not the sample package's", ksOnly)
		}
		files[i] = got
	}
	if bytes.Equal(files[0], files[1]) {
		t.Error("--key-stages-only made no difference")
	}
}
