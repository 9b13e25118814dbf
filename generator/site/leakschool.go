package site

import (
	"fmt"
	"slices"
	"sync"

	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/verify"
)

// partRows is about how many rows of pupils the end of a one-shot build
// indexes at once to scan the LA's own files (see schoolCheckers.finish):
// a few megabytes of rows and needles, for a pass over the LA's index a
// dozen or so schools. (40,000 rows made the end of a 500-school build its
// peak.)
const partRows = 8000

// schoolCheckers is the leak check of a one-shot build, whose rows are
// kept school by school (rows.go). A school's files are scanned for its
// own pupils (verify.Checker.For), so each school gets a checker of its
// own pupils when its first file is written, dropped when the build says
// it is done. The LA's files (its index, assets) are scanned for every
// pupil: they are kept and scanned once every school is written, against
// a few schools' pupils at a time. Memory then follows the schools being
// built, not the LA.
type schoolCheckers struct {
	prep  *verify.Prepared
	rows  func(model.URN) ([]model.Pupil, error) // a school's rows, identities and all
	urns  []model.URN
	known map[model.URN]bool
	only  model.URN // a site of one school: every file is its

	mu   sync.Mutex
	live map[model.URN]*schoolChecker
	la   []laFile
	err  error // the first school whose rows could not be read
}

type schoolChecker struct {
	once sync.Once
	c    *verify.Checker
}

// laFile is an LA file kept to scan at the end; data is nil for a file
// reportpack ships, whose name alone is scanned.
type laFile struct {
	name string
	data []byte
}

func newSchoolCheckers(p *Project) *schoolCheckers {
	sc := &schoolCheckers{prep: verify.Prepare(p.checkerOptions()...), known: map[model.URN]bool{}, live: map[model.URN]*schoolChecker{}}
	st := p.rows.st
	sc.rows = func(u model.URN) ([]model.Pupil, error) { return st.School(u) }
	sc.urns = st.URNs()
	for _, u := range sc.urns {
		sc.known[u] = true
	}
	if len(sc.urns) == 1 {
		sc.only = sc.urns[0]
	}
	return sc
}

// forPath is the checker a file written as name is scanned with, or nil
// when it is the LA's, to be scanned by finish (la true), or when its
// school's rows could not be read (la false: finish reports it).
func (sc *schoolCheckers) forPath(name string) (c *verify.Checker, la bool) {
	urn, ok := verify.SchoolOfPath(name, func(u model.URN) bool { return sc.known[u] })
	if !ok && sc.only == "" {
		return nil, true
	}
	if !ok {
		urn = sc.only
	}
	c = sc.school(urn)
	if c == nil {
		return nil, false
	}
	if !ok {
		return c.For(""), false
	}
	return c.For(urn), false
}

// school is the checker of the school's pupils, made on first need.
func (sc *schoolCheckers) school(urn model.URN) *verify.Checker {
	sc.mu.Lock()
	s := sc.live[urn]
	if s == nil {
		s = &schoolChecker{}
		sc.live[urn] = s
	}
	sc.mu.Unlock()
	s.once.Do(func() {
		rows, err := sc.rows(urn)
		if err != nil {
			sc.fail(fmt.Errorf("reading school %s's pupils back: %w", urn, err))
			return
		}
		s.c = sc.prep.New(rows)
	})
	return s.c
}

func (sc *schoolCheckers) fail(err error) {
	sc.mu.Lock()
	if sc.err == nil {
		sc.err = err
	}
	sc.mu.Unlock()
}

// done drops the school's checker: its files are written.
func (sc *schoolCheckers) done(urn model.URN) {
	if urn == sc.only {
		return
	}
	sc.mu.Lock()
	delete(sc.live, urn)
	sc.mu.Unlock()
}

// later keeps an LA file to scan at the end. data is copied: a writer's
// buffer may be reused once the file is written.
func (sc *schoolCheckers) later(name string, data []byte) {
	f := laFile{name: name}
	if !sc.prep.Shipped(data) {
		f.data = slices.Clone(data)
	}
	sc.mu.Lock()
	sc.la = append(sc.la, f)
	sc.mu.Unlock()
}

// finish scans the LA's files kept by later for every pupil, partRows or
// so at a time (verify.Prepared.Part: what the LA's checker would find,
// part by part), and returns what it finds, and the first error reading
// any school's rows back.
func (sc *schoolCheckers) finish() ([]verify.Finding, error) {
	sc.mu.Lock()
	la, err := sc.la, sc.err
	sc.la = nil
	sc.mu.Unlock()
	if err != nil || len(la) == 0 {
		return nil, err
	}
	var found []verify.Finding
	scan := func(part []model.Pupil) {
		c := sc.prep.Part(part).For("")
		for _, f := range la {
			for _, g := range c.Name(f.name) {
				if !slices.Contains(found, g) {
					found = append(found, g)
				}
			}
			if f.data == nil {
				continue
			}
			for _, g := range c.File(f.name, f.data) {
				if !slices.Contains(found, g) { // a date of birth shared across parts
					found = append(found, g)
				}
			}
		}
	}
	var part []model.Pupil
	for _, u := range sc.urns {
		rows, err := sc.rows(u)
		if err != nil {
			return found, fmt.Errorf("reading school %s's pupils back: %w", u, err)
		}
		part = append(part, rows...)
		if len(part) >= partRows {
			scan(part)
			part = part[:0]
		}
	}
	if len(part) > 0 {
		scan(part)
	}
	return found, nil
}
