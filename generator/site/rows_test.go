package site

import (
	"reflect"
	"testing"

	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/sample"
)

// A compacted project reads each school's pupils back as they were, and
// its copy for the non-named profiles reads them back without identity.
func TestCompactReadsPupilsBack(t *testing.T) {
	p := wholeSchoolProject(t, sample.Options{Schools: 3, Pupils: 8, Years: 2, Seed: 5}, nil)
	want := make([][]model.Pupil, len(p.Schools))
	for i, s := range p.Schools {
		want[i] = append([]model.Pupil(nil), s.Pupils...)
	}
	if err := p.compact(); err != nil {
		t.Fatal(err)
	}
	defer p.closeRows()
	if p.Data.Pupils != nil {
		t.Fatal("compact kept the pupils")
	}
	anon := p.anonymousRows()
	for i, s := range p.Schools {
		if s.Pupils != nil {
			t.Fatalf("school %s keeps its pupils", s.URN)
		}
		got, err := p.pupilsOf(s)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want[i]) {
			t.Fatalf("school %s: %d pupils back, want %d", s.URN, len(got), len(want[i]))
		}
		for j := range got {
			if !reflect.DeepEqual(normal(got[j]), normal(want[i][j])) {
				t.Fatalf("school %s pupil %d: got %+v, want %+v", s.URN, j, got[j], want[i][j])
			}
		}
		stripped, err := anon.pupilsOf(anon.Schools[i])
		if err != nil {
			t.Fatal(err)
		}
		for j := range stripped {
			if stripped[j].ID != (model.Identity{}) || stripped[j].URN != want[i][j].URN {
				t.Fatalf("school %s pupil %d: the anonymous copy reads %+v", s.URN, j, stripped[j].ID)
			}
		}
	}
}

// normal makes empty slices nil, as the row store gives them back.
func normal(p model.Pupil) model.Pupil {
	if len(p.Results) == 0 {
		p.Results = nil
	}
	if len(p.KS4.Grades) == 0 {
		p.KS4.Grades = nil
	}
	return p
}
