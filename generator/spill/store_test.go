package spill

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/reportpack/reportpack/generator/model"
)

// interleaved returns rows of several schools in an order that mixes them
// (as a file sorted by pupil, not school, would), and each school's rows
// in the order added.
func interleaved() ([]model.Pupil, map[model.URN][]model.Pupil) {
	rows := slices.Clone(realistic(12, 20, 3))
	// Deal the rows out round-robin by stride so that schools interleave.
	var mixed []model.Pupil
	for start := range 7 {
		for i := start; i < len(rows); i += 7 {
			mixed = append(mixed, rows[i])
		}
	}
	// A few schools with odd URNs and a row each.
	for _, urn := range []model.URN{"", "../../etc/passwd", "Ünïcode URN"} {
		p := ks4Pupil()
		p.URN = urn
		mixed = append(mixed, p)
	}
	want := map[model.URN][]model.Pupil{}
	for _, p := range mixed {
		want[p.URN] = append(want[p.URN], p)
	}
	return mixed, want
}

func TestStoreKeepsOrderAndContent(t *testing.T) {
	rows, want := interleaved()
	for _, limit := range []int64{-1, 0, 1, 300, 4 << 10, 1 << 30} {
		t.Run("limit="+strconv.FormatInt(limit, 10), func(t *testing.T) {
			dir := t.TempDir()
			s := New(dir, limit)
			defer s.Close()
			for i := range rows {
				if err := s.Add(&rows[i]); err != nil {
					t.Fatal(err)
				}
				if st := s.Stats(); limit >= 0 && st.MemBytes > limit {
					t.Fatalf("after row %d the buffers hold %d bytes, over the limit %d", i, st.MemBytes, limit)
				}
			}
			st := s.Stats()
			t.Logf("limit %d: %+v", limit, st)
			if st.Rows != len(rows) || st.Schools != len(want) {
				t.Errorf("stats %+v, want %d rows of %d schools", st, len(rows), len(want))
			}
			if spilled := st.Flushes > 0; spilled != (limit >= 0 && limit < 1<<20) {
				t.Errorf("limit %d: %d flushes", limit, st.Flushes)
			}
			if limit == 0 && (st.MemBytes != 0 || st.DiskBytes != st.Bytes) {
				t.Errorf("limit 0 left rows in memory: %+v", st)
			}
			urns := s.URNs()
			if !slices.IsSorted(urns) || len(urns) != len(want) {
				t.Errorf("URNs %q: not the %d schools, sorted", urns, len(want))
			}
			for _, urn := range urns {
				got, err := s.School(urn)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want[urn]) {
					t.Errorf("school %q: rows differ (%d rows, want %d)", urn, len(got), len(want[urn]))
				}
				if s.Len(urn) != len(want[urn]) {
					t.Errorf("Len(%q) = %d, want %d", urn, s.Len(urn), len(want[urn]))
				}
			}
			if got, err := s.School("no such school"); got != nil || err != nil || s.Len("no such school") != 0 {
				t.Errorf("unknown school: %v, %v", got, err)
			}
			// Adding after reading goes on where it left off.
			extra := ks2Pupil()
			extra.URN = urns[0]
			if err := s.Add(&extra); err != nil {
				t.Fatal(err)
			}
			got, err := s.School(urns[0])
			if err != nil || !reflect.DeepEqual(got, append(slices.Clone(want[urns[0]]), extra)) {
				t.Errorf("after one more row: err %v, %d rows", err, len(got))
			}
		})
	}
}

func TestStoreConcurrentReaders(t *testing.T) {
	rows, want := interleaved()
	s := New(t.TempDir(), 2<<10)
	defer s.Close()
	for i := range rows {
		if err := s.Add(&rows[i]); err != nil {
			t.Fatal(err)
		}
	}
	urns := s.URNs()
	var wg sync.WaitGroup
	errs := make(chan error, 16*len(urns))
	for g := range 16 {
		wg.Go(func() {
			for k := range urns {
				urn := urns[(k+g)%len(urns)]
				got, err := s.School(urn)
				if err != nil {
					errs <- err
					return
				}
				if !reflect.DeepEqual(got, want[urn]) || s.Len(urn) != len(got) {
					errs <- errors.New("school " + string(urn) + ": rows differ")
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestStoreCloseRemovesFiles(t *testing.T) {
	dir := t.TempDir()
	rows, _ := interleaved()
	s := New(dir, 0)
	for i := range rows {
		if err := s.Add(&rows[i]); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*"))
	if len(files) != len(s.URNs()) {
		t.Errorf("%d temp files for %d schools", len(files), len(s.URNs()))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("after Close %s holds %v", dir, left)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := s.School(rows[0].URN); !errors.Is(err, ErrClosed) {
		t.Errorf("School after Close: %v, want ErrClosed", err)
	}
	if err := s.Add(&rows[0]); !errors.Is(err, ErrClosed) {
		t.Errorf("Add after Close: %v, want ErrClosed", err)
	}
	// A Store that never spilled makes no folder.
	s = New(dir, -1)
	s.Add(&rows[0])
	s.Close()
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("a Store in memory left %v", left)
	}
}

func TestStoreDefaultDir(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	s := New("", 0)
	p := ks2Pupil()
	if err := s.Add(&p); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(s.tmp, os.TempDir()) {
		t.Errorf("temp folder %s not under %s", s.tmp, os.TempDir())
	}
	s.Close()
}

// TestStoreCorruptFile checks that a damaged temp file gives an error that
// names the school and the file.
func TestStoreCorruptFile(t *testing.T) {
	s := New(t.TempDir(), 0)
	defer s.Close()
	for _, f := range []func() model.Pupil{ks2Pupil, ks2Pupil, ks2Pupil} {
		p := f()
		if err := s.Add(&p); err != nil {
			t.Fatal(err)
		}
	}
	sc := s.schools["900001"]
	b, _ := os.ReadFile(sc.file)
	os.WriteFile(sc.file, []byte(strings.Repeat("\xff", len(b))), 0o600)
	_, err := s.School("900001")
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "school 900001") || !strings.Contains(err.Error(), sc.file) {
		t.Errorf("err %v, want ErrCorrupt naming the school and %s", err, sc.file)
	}
	os.WriteFile(sc.file, b[:len(b)-1], 0o600)
	if _, err := s.School("900001"); !errors.Is(err, io.ErrUnexpectedEOF) || !strings.Contains(err.Error(), sc.file) {
		t.Errorf("short file: err %v", err)
	}
	os.Remove(sc.file)
	if _, err := s.School("900001"); !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "school 900001") {
		t.Errorf("missing file: err %v", err)
	}
}

// TestStoreFlushFailure checks that a failed flush keeps the rows in
// memory and a later flush writes them.
func TestStoreFlushFailure(t *testing.T) {
	dir := t.TempDir()
	s := New(dir, 0)
	defer s.Close()
	s.tmp = filepath.Join(dir, "missing")
	var want []model.Pupil
	p := ks2Pupil()
	err := s.Add(&p)
	want = append(want, p)
	if err == nil || !strings.Contains(err.Error(), "school 900001") {
		t.Fatalf("err %v, want a flush error naming the school", err)
	}
	if err := os.Mkdir(s.tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	p.Src.Row++
	if err := s.Add(&p); err != nil {
		t.Fatal(err)
	}
	want = append(want, p)
	got, err := s.School("900001")
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("after recovering: err %v, %d rows", err, len(got))
	}
	if st := s.Stats(); st.MemBytes != 0 || st.DiskBytes != st.Bytes {
		t.Errorf("stats %+v", st)
	}
}
