package site

import (
	"reflect"
	"slices"
	"testing"

	"github.com/reportpack/reportpack/generator/config"
	"github.com/reportpack/reportpack/generator/model"
)

// TestGroupSchoolsAndAnonymous: schools come in URN order with their pupils
// in file order, sharing one array; the anonymous copy of the project
// carries no identity, in its data or any school, its schools sharing one
// array in the same way, and leaves the original's alone.
func TestGroupSchoolsAndAnonymous(t *testing.T) {
	pupil := func(urn, upn string, ks model.KeyStage) model.Pupil {
		return model.Pupil{URN: model.URN(urn), KeyStage: ks,
			ID: model.Identity{UPN: upn, Forename: "F" + upn, Surname: "S" + upn}}
	}
	file := []model.Pupil{
		pupil("200002", "B1", model.KS4), pupil("100001", "A1", model.KS2), pupil("200002", "B2", model.KS4),
		pupil("100001", "A2", model.KS4), pupil("300003", "C1", model.KS2), pupil("100001", "A3", model.KS2),
	}
	grouped, schools := groupSchools(&config.Site{}, file)

	want := map[model.URN][]string{"100001": {"A1", "A2", "A3"}, "200002": {"B1", "B2"}, "300003": {"C1"}}
	if len(schools) != 3 || schools[0].URN != "100001" || schools[1].URN != "200002" || schools[2].URN != "300003" {
		t.Fatalf("schools %v, want 100001, 200002, 300003 in turn", schools)
	}
	// The school's characteristics are of every row: every school has them.
	if ks := schools[0].KeyStages; len(ks) != 3 || ks[0] != model.KS4 || ks[1] != model.KS2 || ks[2] != "context" {
		t.Errorf("school 100001 key stages %v, want KS4, KS2, then context", ks)
	}
	off := 0
	for _, s := range schools {
		var got []string
		for _, pu := range s.Pupils {
			got = append(got, pu.ID.UPN)
		}
		if !slices.Equal(got, want[s.URN]) {
			t.Errorf("school %s pupils %v, want %v", s.URN, got, want[s.URN])
		}
		if &s.Pupils[0] != &grouped[off] {
			t.Errorf("school %s does not share the grouped array at %d", s.URN, off)
		}
		if cap(s.Pupils) != len(s.Pupils) {
			t.Errorf("school %s can grow into the next school's pupils", s.URN)
		}
		off += len(s.Pupils)
	}
	if off != len(grouped) || len(grouped) != len(file) {
		t.Fatalf("grouped %d pupils, schools hold %d, file %d", len(grouped), off, len(file))
	}

	// Pupils already in URN order are grouped where they are.
	again, _ := groupSchools(&config.Site{}, grouped)
	if &again[0] != &grouped[0] || !reflect.DeepEqual(again, grouped) {
		t.Error("grouping pupils already in URN order copied or reordered them")
	}

	p := &Project{Config: &config.Site{}, Data: model.Dataset{Pupils: grouped}, Schools: schools}
	q := p.anonymous()
	for _, pu := range q.Data.Pupils {
		if pu.ID != (model.Identity{}) {
			t.Errorf("the anonymous data holds %+v", pu.ID)
		}
	}
	if len(q.Schools) != len(p.Schools) {
		t.Fatalf("%d anonymous schools, want %d", len(q.Schools), len(p.Schools))
	}
	off = 0
	for i, s := range q.Schools {
		if s.URN != p.Schools[i].URN || !slices.Equal(s.KeyStages, p.Schools[i].KeyStages) {
			t.Errorf("anonymous school %d is %s %v, want %s %v", i, s.URN, s.KeyStages, p.Schools[i].URN, p.Schools[i].KeyStages)
		}
		if len(s.Pupils) != len(p.Schools[i].Pupils) {
			t.Fatalf("anonymous school %s has %d pupils, want %d", s.URN, len(s.Pupils), len(p.Schools[i].Pupils))
		}
		if &s.Pupils[0] != &q.Data.Pupils[off] || cap(s.Pupils) != len(s.Pupils) {
			t.Errorf("anonymous school %s is not its own part of the anonymous data", s.URN)
		}
		off += len(s.Pupils)
		for j, pu := range s.Pupils {
			orig := p.Schools[i].Pupils[j]
			if pu.ID != (model.Identity{}) {
				t.Errorf("anonymous school %s holds %+v", s.URN, pu.ID)
			}
			orig.ID = model.Identity{}
			if !reflect.DeepEqual(pu, orig) {
				t.Errorf("anonymous school %s pupil %d is %+v, want %+v", s.URN, j, pu, orig)
			}
		}
	}
	for _, s := range p.Schools {
		for _, pu := range s.Pupils {
			if pu.ID.UPN == "" {
				t.Errorf("stripping the copy stripped the original school %s", s.URN)
			}
		}
	}
}
