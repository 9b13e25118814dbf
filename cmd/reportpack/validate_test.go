package main

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/reportpack/reportpack/generator/model"
)

// validateSite writes a site whose pupil file has 30 rows with a blank URN
// (rows 2 to 31) and a bad gender code (row 32).
func validateSite(t *testing.T) (dir string, upns []string) {
	t.Helper()
	dir = t.TempDir()
	var b strings.Builder
	b.WriteString("URN,UPN,Forename,Surname,Year,KeyStage,Gender,KS1_APS,Read_SS,Writ_TA,Mat_SS,GPS_SS\n")
	for i := range 31 {
		body := fmt.Sprintf("8202001250%02d", i)
		l, _ := model.UPNCheckLetter("A" + body)
		upn := string(l) + body
		upns = append(upns, upn)
		urn, gender := "", "F"
		if i == 30 {
			urn, gender = "123456", "X"
		}
		fmt.Fprintf(&b, "%s,%s,Pupil%d,Surname%d,2025,2,%s,15,104,EXS,101,99\n", urn, upn, i, i, gender)
	}
	os.MkdirAll(filepath.Join(dir, "data"), 0o755)
	if err := os.WriteFile(filepath.Join(dir, "data", "pupils.csv"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	site := "title = \"Test\"\n\n[data]\npupils = \"data/pupils.csv\"\n"
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte(site), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, upns
}

// TestValidateErrorsFile: every problem is printed, a repeated one as one
// line with its rows, whether or not the workbook can be written; when it
// cannot, a hint says how to get it.
func TestValidateErrorsFile(t *testing.T) {
	dir, _ := validateSite(t)
	notDir := filepath.Join(t.TempDir(), "afile")
	os.WriteFile(notDir, nil, 0o644)
	folder := t.TempDir()
	for _, tc := range []struct {
		name    string
		errors  string // the --errors path
		code    int
		written bool
		hint    string // in stderr
	}{
		{name: "no workbook asked for", code: exitInput},
		{name: "workbook written", errors: filepath.Join(t.TempDir(), "errors.xlsx"), code: exitInput, written: true,
			hint: "the list is also in "},
		{name: "under a file, not a folder", errors: filepath.Join(notDir, "errors.xlsx"), code: exitInput,
			hint: "afile is a file, not a folder: give another path with --errors"},
		{name: "in a folder that does not exist", errors: filepath.Join(t.TempDir(), "nope", "errors.xlsx"), code: exitInput,
			hint: "does not exist: create it, or give another path with --errors"},
		{name: "a folder of that name", errors: mkdir(t, filepath.Join(folder, "errors.xlsx")), code: exitInput,
			hint: "is a folder: give a file name with --errors"},
		{name: "inside public/, which is published", errors: filepath.Join(dir, "public", "errors.xlsx"), code: exitUsage,
			hint: "which is published: the list names pupils"},
		{name: "not a workbook's name", errors: filepath.Join(t.TempDir(), "errors.csv"), code: exitUsage,
			hint: "give a name ending .xlsx"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"validate", "--source", dir}
			if tc.errors != "" {
				args = append(args, "--errors", tc.errors)
			}
			code, out, e := runCLI(args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\n%s%s", code, tc.code, out, e)
			}
			if !strings.Contains(e, tc.hint) {
				t.Errorf("stderr lacks %q:\n%s", tc.hint, e)
			}
			st, err := os.Stat(tc.errors)
			if written := err == nil && !st.IsDir(); written != tc.written {
				t.Errorf("workbook written: %v, want %v", written, tc.written)
			}
			if tc.code == exitUsage {
				return
			}
			// Every problem, whatever became of the workbook: 30 blank
			// URNs in one line, and the bad gender code.
			for _, want := range []string{
				"data/pupils.csv, rows 2 to 31 (30 rows), column A (URN): error: blank",
				`data/pupils.csv, row 32, column G (Gender): error: "X": not a gender code`,
				"31 error(s), 0 warning(s): a build would stop",
			} {
				if !strings.Contains(e, want) {
					t.Errorf("stderr lacks %q:\n%s", want, e)
				}
			}
			if n := strings.Count(e, "\n"); n != 3+strings.Count(tc.hint, "\n")+boolInt(!tc.written && tc.errors != "") {
				t.Errorf("%d lines:\n%s", n, e)
			}
			if strings.Contains(e, "Pupil") || strings.Contains(e, "Surname") {
				t.Errorf("printed a pupil's name:\n%s", e)
			}
		})
	}
}

func mkdir(t *testing.T, dir string) string {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestValidateErrorsWorkbook: a row per problem with the pupil's URN, UPN
// and name, and a summary row per printed line.
func TestValidateErrorsWorkbook(t *testing.T) {
	dir, upns := validateSite(t)
	xl := filepath.Join(t.TempDir(), "errors.xlsx")
	if code, _, e := runCLI("validate", "--source", dir, "--errors", xl); code != exitInput {
		t.Fatalf("exit %d: %s", code, e)
	}
	f, err := excelize.OpenFile(xl)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Errors")
	if len(rows) != 32 {
		t.Fatalf("%d rows in Errors, want a header and 31", len(rows))
	}
	if want := []string{"Severity", "URN", "UPN", "Pupil name"}; !reflect.DeepEqual(rows[0][:4], want) {
		t.Errorf("header %q", rows[0])
	}
	if want := []string{"error", "", upns[0], "Pupil0 Surname0", "data/pupils.csv", "", "2"}; !reflect.DeepEqual(rows[1][:7], want) {
		t.Errorf("row 2 %q, want %q", rows[1][:7], want)
	}
	if want := []string{"error", "123456", upns[30], "Pupil30 Surname30", "data/pupils.csv", "", "32"}; !reflect.DeepEqual(rows[31][:7], want) {
		t.Errorf("row 32 %q, want %q", rows[31][:7], want)
	}
	sum, _ := f.GetRows("Summary")
	if len(sum) != 3 || sum[1][1] != "30" || sum[1][4] != "2 to 31" || sum[2][4] != "32" {
		t.Errorf("Summary %q", sum)
	}
	// Nothing but the workbook is left in its folder.
	if entries, _ := os.ReadDir(filepath.Dir(xl)); len(entries) != 1 {
		t.Errorf("folder holds %v", entries)
	}
}

// A workbook that cannot be replaced (open in Excel, on Windows, fails
// with a sharing violation; a read-only folder with permission denied)
// gets the hint to close it or choose another path.
func TestErrorsFileHint(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{filepath.Join(dir, "errors.xlsx"), &os.LinkError{Op: "rename", Err: os.ErrPermission},
			"close errors.xlsx in Excel (a workbook open there cannot be replaced), or give another path with --errors"},
		{filepath.Join(dir, "missing", "errors.xlsx"), os.ErrNotExist, "the folder " + filepath.Join(dir, "missing") + " does not exist"},
		{dir, os.ErrExist, "is a folder: give a file name with --errors"},
	} {
		if got := errorsFileHint(tc.name, tc.err); !strings.Contains(got, tc.want) {
			t.Errorf("%s, %v: %q lacks %q", tc.name, tc.err, got, tc.want)
		}
	}
}
