package spill

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"reflect"
	"runtime"
	"testing"
	"time"

	"github.com/reportpack/reportpack/generator/model"
)

// benchKinds splits realistic rows by kind, so that sizes can be weighed
// for any mix of year groups.
func benchKinds() []struct {
	name string
	rows []model.Pupil
} {
	rows := realistic(40, 40, 5)
	kinds := []struct {
		name string
		rows []model.Pupil
	}{{name: "ks2"}, {name: "ks4"}, {name: "eyfs"}, {name: "phonics"}, {name: "bare"}, {name: "mix", rows: rows}}
	for _, p := range rows {
		k := 4
		switch {
		case p.KeyStage == model.KS2:
			k = 0
		case p.KeyStage == model.KS4:
			k = 1
		case p.Takes("eyfs"):
			k = 2
		case p.Takes("phonics"):
			k = 3
		}
		kinds[k].rows = append(kinds[k].rows, p)
	}
	return kinds
}

// gobBytes is the size of rows in one gob stream, type information sent
// once, per row.
func gobBytes(b *testing.B, rows []model.Pupil) float64 {
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	for i := range rows {
		if err := enc.Encode(&rows[i]); err != nil {
			b.Fatal(err)
		}
	}
	return float64(buf.Len()) / float64(len(rows))
}

// modelBytes estimates the memory rows take as []model.Pupil: the structs
// and what their strings and slices point to (strings counted as if each
// had its own bytes, which loaded rows mostly do).
func modelBytes(rows []model.Pupil) float64 {
	var n int
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			n += v.Len()
		case reflect.Struct:
			if v.Type() != timeType {
				for i := range v.NumField() {
					walk(v.Field(i))
				}
			}
		case reflect.Slice:
			n += v.Len() * int(v.Type().Elem().Size())
			for i := range v.Len() {
				walk(v.Index(i))
			}
		}
	}
	walk(reflect.ValueOf(rows))
	return float64(n) / float64(len(rows))
}

func BenchmarkEncode(b *testing.B) {
	for _, k := range benchKinds() {
		b.Run(k.name, func(b *testing.B) {
			d := NewDict(0)
			var buf []byte
			for i := range k.rows {
				buf = AppendPupil(buf, &k.rows[i], d) // warm the dict, as a Store's is
			}
			perRow := float64(len(buf)) / float64(len(k.rows))
			i := 0
			for b.Loop() {
				buf = AppendPupil(buf[:0], &k.rows[i], d)
				if i++; i == len(k.rows) {
					i = 0
				}
			}
			b.ReportMetric(perRow, "bytes/row")
			b.ReportMetric(gobBytes(b, k.rows), "gob-bytes/row")
			b.ReportMetric(modelBytes(k.rows), "model-bytes/row")
		})
	}
}

func BenchmarkDecode(b *testing.B) {
	for _, k := range benchKinds() {
		b.Run(k.name, func(b *testing.B) {
			d := NewDict(0)
			var buf []byte
			for i := range k.rows {
				buf = AppendPupil(buf, &k.rows[i], d)
			}
			// Decode as School does: one string for all the rows.
			r := reader{s: string(buf), strs: d.strs}
			var p model.Pupil
			for b.Loop() {
				if r.i == len(r.s) {
					r.i = 0
				}
				r.pupil(&p)
				if r.err != nil {
					b.Fatal(r.err)
				}
			}
			b.ReportMetric(float64(len(buf))/float64(len(k.rows)), "bytes/row")
		})
	}
}

// BenchmarkGob is gob on the same rows, for comparison: one stream each
// way, as favourable to gob as it gets.
func BenchmarkGob(b *testing.B) {
	rows := benchKinds()[5].rows
	b.Run("encode", func(b *testing.B) {
		var buf bytes.Buffer
		enc := gob.NewEncoder(&buf)
		i := 0
		for b.Loop() {
			if err := enc.Encode(&rows[i]); err != nil {
				b.Fatal(err)
			}
			if i++; i == len(rows) {
				i = 0
			}
		}
	})
	b.Run("decode", func(b *testing.B) {
		var buf bytes.Buffer
		enc := gob.NewEncoder(&buf)
		for i := range rows {
			enc.Encode(&rows[i])
		}
		data := buf.Bytes()
		dec := gob.NewDecoder(bytes.NewReader(data))
		i := 0
		for b.Loop() {
			var p model.Pupil
			if err := dec.Decode(&p); err != nil {
				b.Fatal(err)
			}
			if i++; i == len(rows) {
				i, dec = 0, gob.NewDecoder(bytes.NewReader(data))
			}
		}
	})
}

// BenchmarkStore adds 100,000 realistic rows of 500 schools with a memory
// limit (8 MB, as the build would use; and 1 MB, to make it spill), then
// reads every school back. It reports the encoded bytes per row (and what
// the rows take as []model.Pupil), the heap the Store holds after adding
// (after a GC, beyond what the rows to add take), what went to disk, and
// the time per row of adding and of reading.
func BenchmarkStore(b *testing.B) {
	rows := realistic(500, 40, 5)[:100_000] // cohorts vary by ±30%: 100,063 rows
	for _, limit := range []int64{8 << 20, 1 << 20} {
		b.Run(fmt.Sprintf("limit=%dMB", limit>>20), func(b *testing.B) {
			var (
				st                Stats
				heap              uint64
				addTime, readTime time.Duration
				ms                runtime.MemStats
				largest           int
			)
			for b.Loop() {
				runtime.GC()
				runtime.ReadMemStats(&ms)
				baseline := ms.HeapAlloc

				start := time.Now()
				s := New(b.TempDir(), limit)
				for i := range rows {
					if err := s.Add(&rows[i]); err != nil {
						b.Fatal(err)
					}
				}
				addTime += time.Since(start)
				st = s.Stats()
				runtime.GC()
				runtime.ReadMemStats(&ms)
				heap = ms.HeapAlloc - baseline

				start = time.Now()
				urns := s.URNs()
				if len(urns) != 500 {
					b.Fatalf("%d schools", len(urns))
				}
				for _, urn := range urns {
					school, err := s.School(urn)
					if err != nil {
						b.Fatal(err)
					}
					largest = max(largest, len(school))
				}
				readTime += time.Since(start)
				if err := s.Close(); err != nil {
					b.Fatal(err)
				}
			}
			n := float64(b.N) * float64(len(rows))
			b.ReportMetric(float64(st.Bytes)/float64(st.Rows), "bytes/row")
			b.ReportMetric(modelBytes(rows), "model-bytes/row")
			b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
			b.ReportMetric(float64(st.DiskBytes)/(1<<20), "disk-MB")
			b.ReportMetric(float64(st.Flushes), "flushes")
			b.ReportMetric(float64(addTime.Nanoseconds())/n, "add-ns/row")
			b.ReportMetric(float64(readTime.Nanoseconds())/n, "read-ns/row")
			b.Logf("largest school %d rows; %+v", largest, st)
		})
	}
}
