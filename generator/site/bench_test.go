package site_test

import (
	"context"
	"testing"

	"github.com/reportpack/reportpack"
	"github.com/reportpack/reportpack/generator/output"
	"github.com/reportpack/reportpack/generator/sample"
	"github.com/reportpack/reportpack/generator/site"
)

// BenchmarkBuildLA builds a 20-school LA (67 pupils a year, three years),
// every profile with zips, into memory: a slice of bench/la.sh's
// 500-school build without the disk, for profiling the stages after
// loading. Compare runs by pages/s, measured in one session.
func BenchmarkBuildLA(b *testing.B) {
	dir := newSite(b, sample.Options{Schools: 20, Pupils: 67, Years: 3, Seed: 1})
	pages := 0
	for b.Loop() {
		rep, diags := site.Build(context.Background(), dir, site.WithTheme(reportpack.DefaultTheme()),
			site.WithWriter(output.NewMem()), site.WithProfiles("all"), site.WithZip(true))
		if diags.HasErrors() {
			b.Fatal(diags.Err())
		}
		pages += rep.Pages
	}
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
}
