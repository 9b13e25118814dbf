package validate

import (
	"strings"
	"testing"

	"github.com/reportpack/reportpack/generator/model"
)

func TestKS4Flags(t *testing.T) {
	ks4Pupil := func(file string, flags ...model.Flag) model.Pupil {
		p := model.Pupil{Src: model.Source{File: file, Row: 2}, KeyStage: model.KS4}
		p.KS4.EBaccEntered, p.KS4.EMGrade5, p.KS4.EMGrade4 = flags[0], flags[1], flags[2]
		return p
	}
	u, y, n := model.FlagUnknown, model.FlagYes, model.FlagNo
	for _, tc := range []struct {
		name   string
		pupils []model.Pupil
		want   []string // "file column"
	}{
		{"every flag known somewhere", []model.Pupil{ks4Pupil("a.csv", y, u, n), ks4Pupil("a.csv", u, n, u)}, nil},
		{"blanks in a column are fine", []model.Pupil{ks4Pupil("a.csv", y, y, y), ks4Pupil("a.csv", u, u, u)}, nil},
		{"no EM grade 4 at all", []model.Pupil{ks4Pupil("a.csv", y, n, u), ks4Pupil("a.csv", n, y, u)}, []string{"a.csv EM_Grade4"}},
		{"each file on its own", []model.Pupil{ks4Pupil("a.csv", y, y, y), ks4Pupil("b.csv", u, u, y)},
			[]string{"b.csv EBacc_Entered", "b.csv EM_Grade5"}},
		{"key stage 2 rows are not asked", []model.Pupil{{KeyStage: model.KS2, Src: model.Source{File: "a.csv"}}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, d := range KS4Flags(tc.pupils) {
				got = append(got, d.File+" "+d.Header)
				if !strings.Contains(d.Hint, "not achieving") {
					t.Errorf("hint %q", d.Hint)
				}
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
