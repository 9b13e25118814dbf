package spill

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/reportpack/reportpack/generator/model"
)

// ErrClosed is returned by a Store's methods after Close.
var ErrClosed = errors.New("spill: store is closed")

// Store holds encoded pupil rows by school (URN). Each school's rows sit
// in a memory buffer until the buffers' total passes the memory limit;
// then the largest buffers are appended to their school's temp file until
// the total is at most half the limit. School decodes a school's rows,
// from its file and then its buffer, in the order they were added.
//
// Add from one goroutine; once adding is done, URNs, Len and School may be
// called from any number of goroutines at once. (Every method is guarded
// by a lock, so mixing them is safe too, just not concurrent.)
//
// What stays in memory whatever the limit: per school a few words of
// bookkeeping, and the strings the Dict interns (at most
// DefaultDictEntries short ones).
type Store struct {
	mu       sync.RWMutex
	dir      string // where the temp folder goes
	tmp      string // the temp folder, made at the first flush
	memLimit int64
	dict     *Dict
	schools  map[model.URN]*school
	mem      int64 // capacity of all buffers
	stats    Stats
	files    int // temp files made
	closed   bool
}

// school is one URN's rows: the first fileBytes of them in its file, the
// rest in buf.
type school struct {
	rows      int
	file      string // "" until the first flush
	fileBytes int64
	buf       []byte
}

// Stats describe a Store's contents.
type Stats struct {
	Schools     int
	Rows        int
	Bytes       int64 // encoded bytes of all rows
	MemBytes    int64 // capacity of the in-memory buffers
	DiskBytes   int64 // bytes in temp files
	Flushes     int   // buffer writes to temp files
	DictEntries int   // strings interned
}

// New returns an empty Store whose temp files go in a new folder under dir
// (os.TempDir() when dir is ""), made only when a buffer is first flushed.
// memLimit is the most bytes the buffers may hold before the largest are
// flushed: 0 flushes every row at once; a negative limit never flushes.
// Call Close to remove the temp files.
func New(dir string, memLimit int64) *Store {
	if dir == "" {
		dir = os.TempDir()
	}
	return &Store{dir: dir, memLimit: memLimit, dict: NewDict(0), schools: make(map[model.URN]*school)}
}

// Add appends p to its school's rows. An error comes only from flushing
// to disk, and p has been added even then: the rows that could not be
// written stay in memory (a partial write is cut off) and a later Add
// tries again.
func (s *Store) Add(p *model.Pupil) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	sc := s.schools[p.URN]
	if sc == nil {
		sc = &school{}
		s.schools[p.URN] = sc
	}
	before, oldCap := len(sc.buf), cap(sc.buf)
	sc.buf = AppendPupil(sc.buf, p, s.dict)
	sc.rows++
	s.stats.Rows++
	s.stats.Bytes += int64(len(sc.buf) - before)
	s.mem += int64(cap(sc.buf) - oldCap)
	if s.memLimit >= 0 && s.mem > s.memLimit {
		return s.flush()
	}
	return nil
}

// flush writes the largest buffers to their files until the buffers hold
// at most half the limit.
func (s *Store) flush() error {
	if s.tmp == "" {
		tmp, err := os.MkdirTemp(s.dir, "reportpack-spill-")
		if err != nil {
			return fmt.Errorf("spill: making a temp folder: %w", err)
		}
		s.tmp = tmp
	}
	urns := make([]model.URN, 0, len(s.schools))
	for urn, sc := range s.schools {
		if len(sc.buf) > 0 {
			urns = append(urns, urn)
		}
	}
	slices.SortFunc(urns, func(a, b model.URN) int {
		if la, lb := len(s.schools[a].buf), len(s.schools[b].buf); la != lb {
			return lb - la
		}
		return strings.Compare(string(a), string(b))
	})
	for _, urn := range urns {
		if s.mem <= s.memLimit/2 {
			break
		}
		if err := s.flushSchool(urn, s.schools[urn]); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) flushSchool(urn model.URN, sc *school) error {
	if sc.file == "" {
		// Files are numbered, not named after the URN: a URN is data
		// from a user's file, not a safe file name.
		sc.file = filepath.Join(s.tmp, fmt.Sprintf("school-%06d.rows", s.files))
		s.files++
	}
	f, err := os.OpenFile(sc.file, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("spill: school %s: %w", urn, err)
	}
	_, err = f.Write(sc.buf)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		// Cut off a partial write so that the file still holds whole rows.
		if terr := os.Truncate(sc.file, sc.fileBytes); terr != nil {
			err = errors.Join(err, terr)
		}
		return fmt.Errorf("spill: school %s: writing %s: %w", urn, sc.file, err)
	}
	sc.fileBytes += int64(len(sc.buf))
	s.stats.DiskBytes += int64(len(sc.buf))
	s.stats.Flushes++
	s.mem -= int64(cap(sc.buf))
	sc.buf = nil
	return nil
}

// URNs returns the schools that have rows, sorted.
func (s *Store) URNs() []model.URN {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return slices.Sorted(maps.Keys(s.schools))
}

// Len is the number of rows of the school.
func (s *Store) Len(urn model.URN) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if sc := s.schools[urn]; sc != nil {
		return sc.rows
	}
	return 0
}

// Stats describe what the Store holds.
func (s *Store) Stats() Stats {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st := s.stats
	st.Schools = len(s.schools)
	st.MemBytes = s.mem
	st.DictEntries = s.dict.Len()
	return st
}

// School decodes the school's rows in the order they were added (nil for
// a URN without rows). The rows' strings share one backing string per
// call, the school's encoded rows.
func (s *Store) School(urn model.URN) ([]model.Pupil, error) {
	// Take what is needed under the lock, then read and decode without it:
	// the file only grows, and the Dict's strings only get added to.
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return nil, ErrClosed
	}
	sc := s.schools[urn]
	if sc == nil {
		s.mu.RUnlock()
		return nil, nil
	}
	rows, file, size, buf, strs := sc.rows, sc.file, sc.fileBytes, sc.buf, s.dict.strs
	var all strings.Builder
	all.Grow(int(size) + len(buf))
	if size == 0 {
		all.Write(buf)
	}
	s.mu.RUnlock()

	if size > 0 {
		f, err := os.Open(file)
		if err != nil {
			return nil, fmt.Errorf("spill: school %s: %w", urn, err)
		}
		_, err = io.Copy(&all, io.LimitReader(f, size))
		f.Close()
		if err == nil && int64(all.Len()) != size {
			err = fmt.Errorf("%w: %d bytes, expected %d", io.ErrUnexpectedEOF, all.Len(), size)
		}
		if err != nil {
			return nil, fmt.Errorf("spill: school %s: reading %s: %w", urn, file, err)
		}
		// buf may grow under a later Add, but never within [:len(buf)]
		// until a flush, which replaces it rather than reusing it.
		all.Write(buf)
	}

	r := reader{s: all.String(), strs: strs}
	out := make([]model.Pupil, rows)
	for i := range out {
		at := r.i
		r.pupil(&out[i])
		if r.err != nil {
			where := "memory"
			if int64(at) < size {
				where = file
			}
			return nil, fmt.Errorf("spill: school %s: row %d of %d (%s): %w", urn, i+1, rows, where, r.err)
		}
	}
	if r.i != len(r.s) {
		return nil, fmt.Errorf("spill: school %s: %w: %d bytes after row %d", urn, ErrCorrupt, len(r.s)-r.i, rows)
	}
	return out, nil
}

// Close removes the temp files. The Store cannot be used after it; Close
// again does nothing.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	s.schools = nil
	s.mem = 0
	if s.tmp == "" {
		return nil
	}
	if err := os.RemoveAll(s.tmp); err != nil {
		return fmt.Errorf("spill: removing %s: %w", s.tmp, err)
	}
	return nil
}
