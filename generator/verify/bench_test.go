package verify

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/reportpack/reportpack/generator/export"
	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/sample"
)

// BenchmarkScanMeasuresCSV scans a secondary school's measures.csv (the
// largest file of a pack) for the identities of 20,000 pupils (All), and
// for its own (School), as an LA build's leak check does for every school.
func BenchmarkScanMeasuresCSV(b *testing.B) {
	_ = context.Background
	d := sample.Generate(sample.Options{Schools: 100, Pupils: 67, Years: 3, Seed: 1})
	var school []model.Pupil
	for _, p := range d.Pupils {
		if p.URN == d.Pupils[0].URN {
			school = append(school, p)
		}
	}
	res := measures.Compute(school, d.National, d.Params, d.Estimates, measures.Options{MinCohort: 6})
	var buf bytes.Buffer
	if err := export.WriteCSV(&buf, res); err != nil {
		b.Fatal(err)
	}
	c := New(d.Pupils)
	b.Run("All", func(b *testing.B) { benchCSV(b, c, buf.Bytes()) })
	// What a build does: a school's files are scanned for its pupils.
	b.Run("School", func(b *testing.B) { benchCSV(b, c.For(school[0].URN), buf.Bytes()) })
}

func benchCSV(b *testing.B, c *Checker, csv []byte) {
	b.SetBytes(int64(len(csv)))
	b.ReportAllocs()
	for b.Loop() {
		if f := c.Bytes("measures.csv", csv); len(f) > 0 {
			b.Fatalf("found %v", f[0])
		}
	}
}

// BenchmarkScanTablePage scans a built group table page (HTML with its
// filters' JSON inline), when the example site has been built: its bytes,
// its text as read (HTMLText), and both as a build does (File).
func BenchmarkScanTablePage(b *testing.B) {
	page, err := os.ReadFile("../../public/anonymised/900001/table-ks4_p8.html")
	if err != nil {
		b.Skip("build the example first: go run ./cmd/reportpack build --profile all")
	}
	c := benchChecker()
	for _, s := range []struct {
		name string
		scan func(string, []byte) []Finding
	}{{"Bytes", c.Bytes}, {"HTMLText", c.HTMLText}, {"File", c.File}} {
		b.Run(s.name, func(b *testing.B) { benchScan(b, page, s.scan) })
	}
}

// BenchmarkScanNonASCII scans commentary that is mostly not plain ASCII
// (accented names, typographic quotes and dashes, entities): the slow path.
func BenchmarkScanNonASCII(b *testing.B) {
	para := "<p>L’équipe a noté — pour l’année 2024–25 — que les élèves de «&nbsp;São Paulo&nbsp;» " +
		"ont progressé&hellip; Zoë’s group: 0.27 – 0.53 · Ωmega ΣΑΣ naïve café résumé.</p>\n"
	benchScan(b, []byte(strings.Repeat(para, 400)), benchChecker().Bytes)
}

// benchChecker is the Checker of the scanning benchmarks: the pupils of a
// sample LA of 100 schools.
func benchChecker() *Checker {
	return New(sample.Generate(sample.Options{Schools: 100, Pupils: 67, Years: 3, Seed: 1}).Pupils)
}

// benchScan times scan on page, which holds no identity.
func benchScan(b *testing.B, page []byte, scan func(string, []byte) []Finding) {
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if f := scan("page.html", page); len(f) > 0 {
			b.Fatalf("found %v", f[0])
		}
	}
}

// schoolResults is the sample LA of the benchmarks and the measures of its
// first school (a secondary, with the largest exports).
func schoolResults(b *testing.B) (*sample.Data, measures.Results) {
	b.Helper()
	d := sample.Generate(sample.Options{Schools: 100, Pupils: 67, Years: 3, Seed: 1})
	var school []model.Pupil
	for _, p := range d.Pupils {
		if p.URN == d.Pupils[0].URN {
			school = append(school, p)
		}
	}
	return d, measures.Compute(school, d.National, d.Params, d.Estimates, measures.Options{MinCohort: 6})
}

// BenchmarkScanMeasuresXLSX scans a secondary school's measures.xlsx: a
// zip whose XML members are inflated and scanned, as the leak check does
// for every school's workbook.
func BenchmarkScanMeasuresXLSX(b *testing.B) {
	d, res := schoolResults(b)
	var buf bytes.Buffer
	if err := export.WriteXLSX(&buf, res); err != nil {
		b.Fatal(err)
	}
	// As a build does, the XLSX library's own parts are shipped: their
	// fixed creation date is some pupils' date of birth.
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		b.Fatal(err)
	}
	var shipped [][]byte
	for _, m := range zr.File {
		if strings.HasPrefix(m.Name, "docProps/") {
			r, err := m.Open()
			if err != nil {
				b.Fatal(err)
			}
			part, err := io.ReadAll(r)
			r.Close()
			if err != nil {
				b.Fatal(err)
			}
			shipped = append(shipped, part)
		}
	}
	c := New(d.Pupils, Shipped(shipped...)).For(d.Pupils[0].URN)
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		if f := c.Bytes("measures.xlsx", buf.Bytes()); len(f) > 0 {
			b.Fatalf("found %v", f[0])
		}
	}
}

// BenchmarkNew builds the needles of about 100,000 pupils, as a large LA's
// build does before it starts.
func BenchmarkNew(b *testing.B) {
	d := sample.Generate(sample.Options{Schools: 500, Pupils: 67, Years: 3, Seed: 1})
	b.ReportAllocs()
	for b.Loop() {
		New(d.Pupils)
	}
	// After the loop: b.Loop's first call clears reported metrics.
	b.ReportMetric(float64(len(d.Pupils)), "pupils")
}
