package serve

import (
	_ "embed"
	"fmt"
	"net/http"
	"time"
)

// keepAlive is how often an idle event stream sends a comment, so a
// dropped connection is noticed and the handler ends.
const keepAlive = 30 * time.Second

// serveEvents streams the build state as Server-Sent Events: the current
// state as soon as a page connects (the build may have failed before it
// loaded), then each new one. Events:
//
//	reload  {"build": id}                     a good build is served
//	failed  {"build": id, "diagnostics": [...]} the latest build failed; id is still served
//
// The page reloads on "reload" only when id differs from the build it was
// served from. The failure event is not called "error": an EventSource
// fires its own "error" on connection trouble.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	noStore(w)
	w.WriteHeader(http.StatusOK)
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	send := func(format string, args ...any) bool {
		_, err := fmt.Fprintf(w, format, args...)
		return err == nil && rc.Flush() == nil
	}
	st := s.current()
	for {
		if !send("event: %s\ndata: %s\n\n", st.event, st.data) {
			return
		}
		for changed := false; !changed; {
			select {
			case <-r.Context().Done():
				return
			case <-st.next:
				st, changed = s.current(), true // only the latest state matters
			case <-tick.C:
				if !send(": keep-alive\n\n") {
					return
				}
			}
		}
	}
}

//go:embed live.js
var liveJS []byte

func serveScript(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	noStore(w)
	w.Write(liveJS)
}
