package main

import (
	"os"
	"runtime/metrics"
	"runtime/pprof"
	"time"
)

// peakHeapProfile writes a heap profile to path each time the live heap
// passes its previous peak by a twentieth, so that the file left at the
// end shows what the heap held at about its largest. For the benchmarks
// (REPORTPACK_HEAPPROFILE, bench/README.md): a profile taken at the end of
// a build shows what is left, not what made the peak. stop ends it.
func peakHeapProfile(path string) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		var peak uint64
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			if sample[0].Value.Kind() != metrics.KindUint64 {
				return
			}
			live := sample[0].Value.Uint64()
			if live < peak+peak/20 {
				continue
			}
			peak = live
			f, err := os.Create(path)
			if err != nil {
				return
			}
			_ = pprof.Lookup("heap").WriteTo(f, 0)
			f.Close()
		}
	}()
	return func() { close(done); <-finished }
}
