package site_test

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	reportpack "github.com/reportpack/reportpack"
	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/output"
	"github.com/reportpack/reportpack/generator/site"
)

// A primary school's own files, as they come (testdata/mis/sims-primary):
// a SIMS census of every year group, nursery too, and EYFS, phonics and
// MTC exports keyed by UPN with no year group. They make a whole-school
// pack through site.toml alone.
func TestWholeSchoolFromMISExports(t *testing.T) {
	dir := misSite(t, "sims-primary")
	mem := output.NewMem()
	_, diags := site.Build(context.Background(), dir, site.WithTheme(reportpack.DefaultTheme()),
		site.WithProfiles("named", "governor"), site.WithWriter(mem))
	if diags.HasErrors() {
		t.Fatalf("build failed:\n%v", diags.Err())
	}
	nursery := 0
	for _, d := range diags {
		if d.Severity == diag.Warning && strings.Contains(d.Message, "a nursery pupil") {
			nursery++
		}
	}
	if nursery != 3 {
		t.Errorf("%d nursery warnings, want 3 (one a nursery row)", nursery)
	}
	for _, prof := range []string{"named", "governor"} {
		home, ok := mem.File(prof + "/index.html")
		if !ok {
			t.Fatalf("%s: no home page", prof)
		}
		for _, page := range []string{"eyfs.html", "phonics.html", "mtc.html"} {
			if _, ok := mem.File(prof + "/" + page); !ok {
				t.Errorf("%s: no %s", prof, page)
			}
			if !strings.Contains(string(home), page) {
				t.Errorf("%s: the home page does not link %s", prof, page)
			}
		}
		for _, page := range []string{"ks1.html", "ks2.html", "ks4.html"} {
			if _, ok := mem.File(prof + "/" + page); ok {
				t.Errorf("%s: a page for %s, which the files hold no results of", prof, page)
			}
		}
	}
	// Year 1's phonics cohort is the phonics export's pupils, all of them
	// matched to the census's Year 1 by UPN.
	rows := readCSV(t, filepath.Join(dir, "data", "phonics.csv"))
	page, _ := mem.File("named/phonics.html")
	if want := len(rows) - 1; !strings.Contains(string(page), ">"+strconv.Itoa(want)+"<") {
		t.Errorf("the named phonics page does not show the %d Year 1 pupils", want)
	}
	// Term of birth is a group of the tables.
	table, _ := mem.File("named/table-phonics_y1.html")
	if !strings.Contains(string(table), "Born in the summer term") {
		t.Error("the phonics table has no term-of-birth rows")
	}
}

func readCSV(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
