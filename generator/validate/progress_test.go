package validate

import (
	"strings"
	"testing"

	"github.com/reportpack/reportpack/generator/model"
)

func TestProgress(t *testing.T) {
	y := model.Year(2025)
	ks4 := func(prior, p8 bool) model.Pupil {
		p := model.Pupil{KeyStage: model.KS4, Year: y, Src: model.Source{File: "data/pupils.csv"}}
		if prior {
			p.KS4.KS2APS = model.Some(104)
		}
		if p8 {
			p.KS4.P8 = model.Some(0.2)
		}
		return p
	}
	ks2 := func(prior bool) model.Pupil {
		p := model.Pupil{KeyStage: model.KS2, Year: y, Src: model.Source{File: "data/pupils.csv"}}
		if prior {
			p.KS2.KS1APS = model.Some(16)
		}
		return p
	}
	est := model.Estimates{{Year: y, Measure: "ks4_a8", PriorFrom: 0, PriorTo: 200, Estimate: 45}}
	tests := []struct {
		name   string
		pupils []model.Pupil
		est    model.Estimates
		want   []string // parts of the one warning; none for no warning
	}{
		{"no prior at all", []model.Pupil{ks4(false, false), ks4(false, true)}, est, []string{"no key stage 4 pupil of 2024/25 has a prior attainment score", "Progress 8 cannot be worked out"}},
		{"prior, no P8, no estimates", []model.Pupil{ks4(true, false)}, nil, []string{"1 key stage 4 pupil(s) of 2024/25 have a prior attainment score but no progress score"}},
		{"prior, no P8, estimates", []model.Pupil{ks4(true, false)}, est, nil},
		{"prior and P8", []model.Pupil{ks4(true, true), ks4(false, false)}, nil, nil},
		{"KS2 without KS1", []model.Pupil{ks2(false)}, nil, []string{"KS2 progress cannot be worked out"}},
		{"KS4 estimates do not serve KS2", []model.Pupil{ks2(true)}, est, []string{"KS2 progress cannot be worked out"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := Progress(tt.pupils, tt.est)
			if want := min(len(tt.want), 1); len(l.Warnings()) != want || len(l) != want {
				t.Fatalf("got %v, want %d warning(s)", l, want)
			}
			for _, w := range tt.want {
				if !strings.Contains(l[0].String(), w) || l[0].Hint == "" || l[0].File != "data/pupils.csv" {
					t.Errorf("warning %q lacks %q, a hint or its file", l[0], w)
				}
			}
			if l.HasErrors() {
				t.Errorf("progress problems are warnings: %v", l)
			}
		})
	}
}
