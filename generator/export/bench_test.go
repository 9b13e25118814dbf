package export

import (
	"io"
	"math/rand/v2"
	"testing"

	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/model"
)

// bigSchool is 200 KS4 pupils a year for three years, characteristics
// drawn at random, computed with opts.
func bigSchool(opts measures.Options) measures.Results {
	rnd := rand.New(rand.NewPCG(3, 4))
	var ps []model.Pupil
	for y := model.Year(2023); y <= 2025; y++ {
		for range 200 {
			p := model.Pupil{URN: "100002", Year: y, KeyStage: model.KS4, Chars: model.Characteristics{
				Gender:        model.Gender(1 + rnd.IntN(2)),
				Disadvantaged: model.FlagOf(rnd.IntN(4) == 0),
				FSM:           model.FlagOf(rnd.IntN(6) == 0),
				SEN:           []model.SEN{model.SENNone, model.SENNone, model.SENNone, model.SENNone, model.SENNone, model.SENNone, model.SENSupport, model.SENEHCP}[rnd.IntN(8)],
				Language:      model.Language(1 + rnd.IntN(2)),
				NonMobile:     model.FlagOf(rnd.IntN(10) > 0),
				Ethnicity:     model.Ethnicity(1 + rnd.IntN(7)),
			}}
			r := &p.KS4
			r.KS2APS = model.Some(90 + rnd.Float64()*30)
			r.P8 = model.Some(rnd.NormFloat64())
			r.P8Eng, r.P8Mat, r.P8EBacc, r.P8Open = model.Some(rnd.NormFloat64()), model.Some(rnd.NormFloat64()), model.Some(rnd.NormFloat64()), model.Some(rnd.NormFloat64())
			r.A8 = model.Some(20 + rnd.Float64()*60)
			r.A8Eng, r.A8Mat, r.A8EBacc, r.A8Open = model.Some(rnd.Float64()*18), model.Some(rnd.Float64()*18), model.Some(rnd.Float64()*27), model.Some(rnd.Float64()*27)
			r.EBaccEntered, r.EMGrade4, r.EMGrade5 = model.FlagOf(rnd.IntN(3) == 0), model.FlagOf(rnd.IntN(3) > 0), model.FlagOf(rnd.IntN(2) == 0)
			r.EBaccAPS = model.Some(rnd.Float64() * 9)
			ps = append(ps, p)
		}
	}
	_, nat, params := school()
	return measures.Compute(ps, nat, params, nil, opts)
}

// benchOptions are a build's two profiles: named (no suppression) and
// anonymised (6), each with filtered tables for the latest year only, as
// builds compute them.
var benchOptions = []struct {
	name string
	opts measures.Options
}{
	{"min0", measures.Options{MinCohort: 0, FilterYears: 1}},
	{"min6", measures.Options{MinCohort: 6, FilterYears: 1}},
}

// BenchmarkWriteCSV writes measures.csv for a 200-pupil school's three years.
func BenchmarkWriteCSV(b *testing.B) {
	for _, bo := range benchOptions {
		b.Run(bo.name, func(b *testing.B) {
			r := bigSchool(bo.opts)
			b.ReportAllocs()
			for b.Loop() {
				if err := WriteCSV(io.Discard, r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkWriteXLSX writes measures.xlsx for the same school.
func BenchmarkWriteXLSX(b *testing.B) {
	for _, bo := range benchOptions {
		b.Run(bo.name, func(b *testing.B) {
			r := bigSchool(bo.opts)
			b.ReportAllocs()
			for b.Loop() {
				if err := WriteXLSX(io.Discard, r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
