// Package serve serves the latest good build of a site over HTTP for
// `reportpack watch`, with live reload.
//
// The server holds one build's files at a time, swapped by Publish. Pages
// it sends carry a small script, added on the way out and never to the
// build itself, which listens on a Server-Sent Events stream: after a
// successful rebuild it reloads the page, and after a failed one it draws the
// build's errors over the page, which still shows the last good build.
//
// Only files of the build are served: no path outside it, no symlinks, no
// directory listings. On a loopback address the server also refuses
// requests that name it by any host name but localhost (see Serve).
package serve

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/reportpack/reportpack/generator/diag"
)

// Paths the server keeps for itself, beside the site's files.
const (
	EventsPath = "/_reportpack/events"  // the live-reload event stream
	ScriptPath = "/_reportpack/live.js" // the script pages load to follow it
)

// Server serves one profile of a site's latest good build. Create it with
// New; it is an http.Handler, safe for concurrent use.
type Server struct {
	profile string
	epoch   string // tells this server's builds from a previous run's
	mux     *http.ServeMux

	mu sync.Mutex
	st *state
}

// state is what the server shows: the last good build and whether the
// latest build failed. It is replaced, never changed, so a request holds a
// consistent view without locks.
type state struct {
	files fs.FS  // the last good build; nil before the first
	n     int    // counts good builds: 0 before the first
	build string // n with the server's epoch: the id pages carry to compare
	event string // the stream event that announces this state
	data  []byte // and its payload (JSON, one line)
	next  chan struct{}
}

// New returns a server for the named profile: a request for /x is answered
// from <profile>/x of the build's files. Until the first Publish it answers
// pages with a "building" notice.
func New(profile string) *Server {
	s := &Server{profile: profile, epoch: fmt.Sprintf("%x", time.Now().UnixNano())}
	s.st = s.newState(nil, 0, nil)
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("GET "+EventsPath, s.serveEvents)
	s.mux.HandleFunc("GET "+ScriptPath, serveScript)
	s.mux.HandleFunc("GET /", s.serveFile)
	return s
}

// ServeHTTP answers GET and HEAD requests for the site's files and the
// live-reload endpoints; other methods get 405.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// Publish makes a build's outcome current and tells every open page. When
// diags holds an error the build failed: the previous files stay in
// service, files is ignored, and pages show diags. Otherwise files are
// served from now on (they must not change afterwards) and pages reload.
func (s *Server) Publish(files fs.FS, diags diag.List) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.st
	if diags.HasErrors() {
		s.st = s.newState(old.files, old.n, diags)
	} else {
		s.st = s.newState(files, old.n+1, nil)
	}
	close(old.next)
}

func (s *Server) current() *state {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st
}

// buildID numbers the good builds of this run; 0 means none yet.
func (s *Server) buildID(n int) string { return fmt.Sprintf("%s-%d", s.epoch, n) }

// eventPayload is what the stream sends: the id of the build being served
// and, after a failed build, its diagnostics.
type eventPayload struct {
	Build       string       `json:"build"`
	Diagnostics []diagnostic `json:"diagnostics,omitempty"`
}

// diagnostic is diag.Diagnostic as the page's script reads it. The script
// puts every string into the page as text, never as HTML.
type diagnostic struct {
	Severity string `json:"severity"`
	File     string `json:"file,omitempty"`
	Sheet    string `json:"sheet,omitempty"`
	Row      int    `json:"row,omitempty"`
	Line     int    `json:"line,omitempty"`
	Column   string `json:"column,omitempty"`
	Value    string `json:"value,omitempty"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
	Place    string `json:"place"` // File, sheet, row, line and column in words
}

func (s *Server) newState(files fs.FS, n int, failed diag.List) *state {
	st := &state{files: files, n: n, build: s.buildID(n), event: "reload", next: make(chan struct{})}
	p := eventPayload{Build: st.build}
	if failed.HasErrors() {
		st.event = "failed"
		l := append(failed.Errors(), failed.Warnings()...)
		l.Sort()
		for _, d := range l {
			p.Diagnostics = append(p.Diagnostics, diagnostic{
				Severity: d.Severity.String(), File: d.File, Sheet: d.Sheet, Row: d.Row, Line: d.Line,
				Column: d.Column, Value: d.Value, Message: d.Message, Hint: d.Hint, Place: d.Place(),
			})
		}
	}
	// json.Marshal writes one line (SSE data must not hold a newline) and
	// escapes <, > and & on top.
	st.data, _ = json.Marshal(p)
	return st
}

// Serve answers requests on l until ctx is done, then shuts down
// gracefully: it stops accepting connections, ends the event streams (their
// requests' contexts derive from ctx) and waits up to five seconds for
// requests in flight. It returns nil after a clean shutdown.
//
// When l is on a loopback address, requests whose Host header is not
// localhost (or a name under it) or an IP address are refused with 403.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	var h http.Handler = s
	if a, ok := l.Addr().(*net.TCPAddr); ok && a.IP.IsLoopback() {
		h = localOnly(s)
	}
	hs := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
		// No WriteTimeout: it would cut the event streams.
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(l) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := hs.Shutdown(shutdown)
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

// localOnly guards a server on loopback against DNS rebinding. Loopback
// keeps other machines out, but a web page from elsewhere can point a name
// of its own at 127.0.0.1 and then read the pages (pupil names and all) as
// its own origin. Its requests still carry that name as Host, so only
// localhost and IP addresses, which no page elsewhere can claim as its
// origin, are let through.
func localOnly(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !localHost(r.Host) {
			noStore(w)
			http.Error(w, "reportpack watch answers only to localhost or an IP address", http.StatusForbidden)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// localHost reports whether a Host header names localhost, a name under it
// (which browsers resolve to loopback themselves) or an IP address.
func localHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	_, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"))
	return err == nil
}
