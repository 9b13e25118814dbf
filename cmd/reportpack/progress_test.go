package main

import (
	"bytes"
	"testing"
	"time"
)

func TestProgressLine(t *testing.T) {
	tests := []struct {
		done, total int
		elapsed     time.Duration
		want        string
	}{
		{0, 500, 2 * time.Second, "[------------------------------]   0/500 schools  2s"},
		{250, 500, 12 * time.Second, "[###############---------------] 250/500 schools  12s"},
		{3, 3, 1500 * time.Millisecond, "[##############################] 3/3 schools  2s"},
	}
	for _, tt := range tests {
		if got := progressLine(tt.done, tt.total, tt.elapsed); got != tt.want {
			t.Errorf("progressLine(%d, %d) = %q, want %q", tt.done, tt.total, got, tt.want)
		}
	}
}

// TestProgressWaitsASecond checks a quick build draws nothing, and that
// output that is not a terminal gets no bar at all.
func TestProgressWaitsASecond(t *testing.T) {
	var buf bytes.Buffer
	start := time.Now()
	clock := start
	p := &progress{w: &buf, start: start, now: func() time.Time { return clock }}
	p.update(1, 10)
	if buf.Len() != 0 {
		t.Errorf("drew %q before a second", buf.String())
	}
	clock = start.Add(2 * time.Second)
	p.update(5, 10)
	p.finish()
	if want := "\r[###############---------------]  5/10 schools  2s\n"; buf.String() != want {
		t.Errorf("drew %q, want %q", buf.String(), want)
	}
	if newProgress(&buf) != nil {
		t.Error("a bar on a writer that is not a terminal")
	}
}
