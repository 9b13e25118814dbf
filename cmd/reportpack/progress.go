package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"
)

// progressDelay is how long a build runs before its progress bar shows:
// a quick build prints only its summary.
const progressDelay = time.Second

// progress draws "schools done / total, elapsed" on one terminal line.
type progress struct {
	w     io.Writer
	start time.Time
	now   func() time.Time

	mu    sync.Mutex
	last  time.Time
	shown bool
}

// newProgress returns a progress bar on stdout, or nil when stdout is not a
// terminal or CI is set: logs and pipes get no carriage-return noise.
func newProgress(stdout io.Writer) *progress {
	f, ok := stdout.(*os.File)
	if !ok || os.Getenv("CI") != "" || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return &progress{w: stdout, start: time.Now(), now: time.Now}
}

// update redraws the bar, at most ten times a second.
func (p *progress) update(done, total int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	elapsed := now.Sub(p.start)
	if elapsed < progressDelay || (done < total && now.Sub(p.last) < 100*time.Millisecond) {
		return
	}
	p.last, p.shown = now, true
	fmt.Fprint(p.w, "\r"+progressLine(done, total, elapsed))
}

// progressLine is the bar's text: "[#####-----]  250/500 schools  12s".
func progressLine(done, total int, elapsed time.Duration) string {
	const width = 30
	filled := 0
	if total > 0 {
		filled = done * width / total
	}
	return fmt.Sprintf("[%s%s] %*d/%d schools  %s", strings.Repeat("#", filled), strings.Repeat("-", width-filled),
		len(fmt.Sprint(total)), done, total, elapsed.Round(time.Second))
}

// finish ends the bar's line, if it was drawn.
func (p *progress) finish() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprintln(p.w)
	}
}
