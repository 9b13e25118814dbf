package site

import (
	"fmt"

	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/spill"
)

// rowStore holds a one-shot build's pupil rows encoded school by school
// (generator/spill: about 60 bytes a row against about 800 as a
// model.Pupil), so that while the schools render only the ones being
// worked on are whole pupils: a build's memory then follows its largest
// schools more than its number of schools.
type rowStore struct {
	st *spill.Store
	// strip is true in the copy the non-named profiles render from: rows
	// come back without identity.
	strip bool
}

// rowsInMemory is how many bytes of encoded rows a one-shot build keeps
// in memory before it writes the largest schools' to temp files: an LA of
// 500 schools has about 16 MB of them, and memory is to follow the largest
// school, not the number of schools. A school's rows are read back from
// its file (one read) when it is built.
const rowsInMemory = 8 << 20

// compact moves the project's pupils into a row store and drops them: the
// schools' rows are then read back, a school at a time, by pupilsOf. It
// is for one-shot builds (site.Build); watch mode keeps its pupils.
func (p *Project) compact() error {
	if p.rows != nil || len(p.Schools) == 0 {
		return nil
	}
	st := spill.New("", rowsInMemory)
	for i := range p.Schools {
		s := &p.Schools[i]
		for j := range s.Pupils {
			if err := st.Add(&s.Pupils[j]); err != nil {
				st.Close()
				return fmt.Errorf("keeping school %s's pupils: %w", s.URN, err)
			}
		}
	}
	p.rows = &rowStore{st: st}
	for i := range p.Schools {
		p.Schools[i].Pupils = nil
	}
	p.Data.Pupils = nil
	return nil
}

// pupilsOf is the school's pupils: its own slice, or read back from the
// row store (without identity in the copy for non-named profiles).
func (p *Project) pupilsOf(s School) ([]model.Pupil, error) {
	if p.rows == nil || s.Pupils != nil {
		return s.Pupils, nil
	}
	ps, err := p.rows.st.School(s.URN)
	if err != nil {
		return nil, fmt.Errorf("reading school %s's pupils back: %w", s.URN, err)
	}
	if p.rows.strip {
		for i := range ps {
			ps[i].ID = model.Identity{}
		}
	}
	return ps, nil
}

// withPupils is the school with its pupils read back.
func (p *Project) withPupils(s School) (School, error) {
	ps, err := p.pupilsOf(s)
	s.Pupils = ps
	return s, err
}

// anonymousRows is anonymous for a compacted project: the same schools,
// whose rows pupilsOf reads back without identity, rather than a copy of
// every pupil.
func (p *Project) anonymousRows() *Project {
	q := *p
	q.rows = &rowStore{st: p.rows.st, strip: true}
	q.Schools = append([]School(nil), p.Schools...)
	return &q
}

// closeRows lets the row store go.
func (p *Project) closeRows() {
	if p.rows != nil {
		p.rows.st.Close()
	}
}
