package verify

import (
	"testing"
	"time"

	"github.com/reportpack/reportpack/generator/model"
)

// A pupil on roll for several years is one identity at a school, found as
// its first row; a pupil who moved is one at each school. Synthetic names.
func TestOneIdentityAcrossYears(t *testing.T) {
	id := model.Identity{UPN: "A999123424001", Forename: "Testina", Surname: "Rowlandson", DOB: time.Date(2017, 3, 4, 0, 0, 0, 0, time.UTC)}
	row := func(urn model.URN, y model.Year, n int) model.Pupil {
		return model.Pupil{URN: urn, Year: y, ID: id, Src: model.Source{File: "data/pupils.csv", Row: n}}
	}
	c := New([]model.Pupil{row("100001", 2023, 2), row("100001", 2024, 9), row("100001", 2025, 17), row("100002", 2025, 30)})
	if n := c.Pupils(); n != 2 {
		t.Errorf("%d identities, want 2 (one a school)", n)
	}
	fs := c.For("100001").Bytes("100001/index.html", []byte("<p>Testina Rowlandson</p>"))
	if len(fs) == 0 || fs[0].Pupil != "data/pupils.csv row 2" {
		t.Errorf("findings %+v, want the name at its first row, 2", fs)
	}
}
