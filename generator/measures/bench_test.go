package measures

import (
	"testing"

	"github.com/reportpack/reportpack/generator/model"
)

// BenchmarkSchool200 computes every table, filters included, for one
// school's 200 pupils in one year.
func BenchmarkSchool200(b *testing.B) {
	ys := years(1)
	nat, params, est := synthNational(ys)
	for _, bc := range []struct {
		name string
		ks   model.KeyStage
		k    int
	}{{"KS4/min6", model.KS4, 6}, {"KS4/min0", model.KS4, 0}, {"KS2/min6", model.KS2, 6}} {
		ps := synthSchool(1, urnOf(1), bc.ks, 200, ys, false)
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Compute(ps, nat, params, est, Options{MinCohort: bc.k})
			}
		})
	}
}

// BenchmarkBuild500 computes a 500-school build on one goroutine: 250
// primary and 250 secondary schools, 200 pupils a year each, 3 years
// (300,000 pupil rows), with suppression on. One op is the whole build.
func BenchmarkBuild500(b *testing.B) {
	ys := years(3)
	nat, params, est := synthNational(ys)
	schools := make([][]model.Pupil, 500)
	for i := range schools {
		ks := model.KS4
		if i%2 == 0 {
			ks = model.KS2
		}
		schools[i] = synthSchool(uint64(i), urnOf(i), ks, 200, ys, false)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, ps := range schools {
			Compute(ps, nat, params, est, Options{MinCohort: 6})
		}
	}
}
