package serve_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/serve"
)

const secret = "SECRET-OUTSIDE-THE-PROFILE"

// build is a small build's output: two profiles, and a file outside both
// that no request may reach.
func build() fstest.MapFS {
	return fstest.MapFS{
		"named/index.html":                {Data: []byte("<!DOCTYPE html><html><body><h1>Home</h1></BODY></html>")},
		"named/900001/index.html":         {Data: []byte("<html><body>School</body></html>")},
		"named/900001/measures.csv":       {Data: []byte("urn,year\n900001,2025\n")},
		"named/assets/css/reportpack.css": {Data: []byte("body{}")},
		"named/assets/js/app.js":          {Data: []byte("var x = '</body>';")},
		"anonymised/index.html":           {Data: []byte("<html><body>" + secret + "</body></html>")},
		"top-secret.txt":                  {Data: []byte(secret)},
	}
}

func get(t *testing.T, h http.Handler, target string) *http.Response {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	return rec.Result()
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestServesTheProfile(t *testing.T) {
	files := build()
	s := serve.New("named")
	s.Publish(files, nil)

	for _, tc := range []struct {
		path, ctype, want string
		script            bool
	}{
		{"/", "text/html; charset=utf-8", "<h1>Home</h1>", true},
		{"/index.html", "text/html; charset=utf-8", "<h1>Home</h1>", true},
		{"/900001/", "text/html; charset=utf-8", "School", true},
		{"/900001/measures.csv", "text/csv; charset=utf-8", "900001,2025", false},
		{"/assets/css/reportpack.css", "text/css; charset=utf-8", "body{}", false},
		{"/assets/js/app.js", "text/javascript; charset=utf-8", "var x = '</body>';", false},
	} {
		res := get(t, s, tc.path)
		b := body(t, res)
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", tc.path, res.StatusCode)
			continue
		}
		if got := res.Header.Get("Content-Type"); got != tc.ctype {
			t.Errorf("%s: Content-Type %q, want %q", tc.path, got, tc.ctype)
		}
		if got := res.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s: Cache-Control %q", tc.path, got)
		}
		if !strings.Contains(b, tc.want) {
			t.Errorf("%s: body %q lacks %q", tc.path, b, tc.want)
		}
		script := strings.Contains(b, serve.ScriptPath)
		if script != tc.script {
			t.Errorf("%s: live-reload script present = %v, want %v", tc.path, script, tc.script)
		}
		if script && !strings.Contains(strings.ToLower(b), "></script></body>") {
			t.Errorf("%s: script not placed before </body>: %q", tc.path, b)
		}
	}
	// The script goes into responses, never into the build.
	if b := string(files["named/index.html"].Data); strings.Contains(b, "script") {
		t.Errorf("the build was changed: %q", b)
	}

	res := get(t, s, "/900001")
	if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/900001/" {
		t.Errorf("/900001: status %d, Location %q; want a redirect to /900001/", res.StatusCode, res.Header.Get("Location"))
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d", rec.Code)
	}
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodHead, "/", nil))
	if rec.Code != http.StatusOK || rec.Body.Len() != 0 {
		t.Errorf("HEAD: status %d, %d bytes", rec.Code, rec.Body.Len())
	}
}

// TestPathTraversal sends requests over a real connection, as written, and
// follows redirects: nothing outside the profile's folder may come back,
// and no folder is listed.
func TestPathTraversal(t *testing.T) {
	s := serve.New("named")
	s.Publish(build(), nil)
	ts := httptest.NewServer(s)
	defer ts.Close()

	if code, b := rawGet(t, ts.Listener.Addr().String(), "/assets/css/reportpack.css"); code != http.StatusOK || b != "body{}" {
		t.Fatalf("control request: status %d, body %q", code, b)
	}
	for _, p := range []string{
		"/../top-secret.txt",
		"/../anonymised/index.html",
		"/%2e%2e/top-secret.txt",
		"/%2E%2E/anonymised/",
		"/..%2ftop-secret.txt",
		"/..%2Fanonymised%2Findex.html",
		"/assets/..%2f..%2ftop-secret.txt",
		"/assets/%2e%2e/%2e%2e/top-secret.txt",
		"/..%5ctop-secret.txt",
		"/..\\top-secret.txt",
		"//top-secret.txt",
		"/./../top-secret.txt",
		"/assets/",    // a folder without index.html: no listing
		"/assets",     // nor by redirect
		"/assets/css", // nor deeper
		"/index.html/",
		"/%00",
	} {
		code, b := rawGet(t, ts.Listener.Addr().String(), p)
		if code != http.StatusNotFound && code != http.StatusBadRequest {
			t.Errorf("GET %s: status %d, want 404", p, code)
		}
		if strings.Contains(b, secret) || strings.Contains(b, "reportpack.css") {
			t.Errorf("GET %s: leaked %q", p, b)
		}
	}
}

// rawGet sends the path exactly as given (no client-side cleaning) and
// follows redirects.
func rawGet(t *testing.T, addr, path string) (int, string) {
	t.Helper()
	for range 5 {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		conn.SetDeadline(time.Now().Add(10 * time.Second))
		io.WriteString(conn, "GET "+path+" HTTP/1.1\r\nHost: "+addr+"\r\nConnection: close\r\n\r\n")
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		conn.Close()
		loc := res.Header.Get("Location")
		if res.StatusCode/100 != 3 || loc == "" {
			return res.StatusCode, string(b)
		}
		if strings.HasPrefix(loc, "http://") {
			loc = "/" + strings.SplitN(strings.TrimPrefix(loc, "http://"), "/", 2)[1]
		}
		path = loc
	}
	t.Fatalf("redirect loop from %s", path)
	return 0, ""
}

// TestSymlinkRefused serves a build from disk with symlinks pointing out
// of it. The builds watch makes live in memory (watch.MemSnapshot) and
// cannot hold a symlink; this checks the server does not follow one from a
// file system that can.
func TestSymlinkRefused(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	outside := filepath.Join(dir, "outside")
	for _, d := range []string{filepath.Join(out, "named"), outside} {
		os.MkdirAll(d, 0o755)
	}
	os.WriteFile(filepath.Join(out, "named", "index.html"), []byte("<body>home</body>"), 0o644)
	os.WriteFile(filepath.Join(outside, "secret.html"), []byte(secret), 0o644)
	for link, target := range map[string]string{
		"leak.html": filepath.Join(outside, "secret.html"),
		"rel.html":  "../../outside/secret.html",
		"linked":    outside,
	} {
		if err := os.Symlink(target, filepath.Join(out, "named", link)); err != nil {
			t.Skip("no symlinks here:", err)
		}
	}
	s := serve.New("named")
	s.Publish(os.DirFS(out), nil)
	if res := get(t, s, "/"); res.StatusCode != http.StatusOK {
		t.Fatalf("/: status %d: the control request failed", res.StatusCode)
	}
	for _, p := range []string{"/leak.html", "/rel.html", "/linked/secret.html", "/linked/"} {
		res := get(t, s, p)
		if b := body(t, res); res.StatusCode != http.StatusNotFound || strings.Contains(b, secret) {
			t.Errorf("%s: status %d, body %q", p, res.StatusCode, b)
		}
	}
}

// event is one Server-Sent Event.
type event struct {
	name string
	data string
}

// readEvents returns the stream's events on a channel.
func readEvents(t *testing.T, url string) <-chan event {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+serve.EventsPath, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("events: Content-Type %q", ct)
	}
	ch := make(chan event, 16)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(res.Body)
		var ev event
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data = strings.TrimPrefix(line, "data: ")
			case line == "" && ev.name != "":
				ch <- ev
				ev = event{}
			}
		}
	}()
	t.Cleanup(func() { cancel(); res.Body.Close() })
	return ch
}

func nextEvent(t *testing.T, ch <-chan event) event {
	t.Helper()
	select {
	case ev := <-ch:
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10s")
		return event{}
	}
}

type payload struct {
	Build       string `json:"build"`
	Diagnostics []struct {
		Severity, File, Message, Hint, Place string
		Line                                 int
	} `json:"diagnostics"`
}

func decode(t *testing.T, ev event) payload {
	t.Helper()
	var p payload
	if err := json.Unmarshal([]byte(ev.data), &p); err != nil {
		t.Fatalf("event %s: %v in %q", ev.name, err, ev.data)
	}
	return p
}

func TestEventsAndOverlayPayload(t *testing.T) {
	s := serve.New("named")
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close) // after the streams' cleanups, which end them

	// Before the first build a page says so and will follow the stream.
	res := get(t, s, "/")
	if b := body(t, res); res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(b, serve.ScriptPath) {
		t.Errorf("before the first build: status %d, body %q", res.StatusCode, b)
	}
	if res := get(t, s, "/assets/css/reportpack.css"); res.StatusCode != http.StatusNotFound {
		t.Errorf("asset before the first build: status %d", res.StatusCode)
	}

	events := readEvents(t, ts.URL)
	first := decode(t, nextEvent(t, events))

	s.Publish(build(), nil)
	ev := nextEvent(t, events)
	good := decode(t, ev)
	if ev.name != "reload" || good.Build == first.Build {
		t.Fatalf("after a good build: %s %+v (first %+v)", ev.name, good, first)
	}
	page := body(t, get(t, s, "/"))
	if !strings.Contains(page, `data-build="`+good.Build+`"`) {
		t.Errorf("page does not carry its build id %s: %q", good.Build, page)
	}

	// A failed build: a message with markup arrives as JSON, escaped, and
	// the last good page is still served.
	msg := `unexpected "</script><script>alert(1)</script>" & <b>`
	s.Publish(nil, diag.List{
		{File: "content/ks2.md", Line: 3, Message: msg, Hint: "close the <b> tag"},
		{Severity: diag.Warning, File: "site.toml", Message: "a warning"},
	})
	ev = nextEvent(t, events)
	if ev.name != "failed" {
		t.Fatalf("after a failed build: event %q", ev.name)
	}
	if strings.ContainsAny(ev.data, "<>") {
		t.Errorf("payload holds raw markup: %s", ev.data)
	}
	failed := decode(t, ev)
	if failed.Build != good.Build || len(failed.Diagnostics) != 2 {
		t.Fatalf("failed payload: %+v", failed)
	}
	d := failed.Diagnostics[0]
	if d.File != "content/ks2.md" || d.Line != 3 || d.Message != msg || d.Place != "content/ks2.md, line 3" || d.Severity != "error" {
		t.Errorf("diagnostic: %+v", d)
	}
	if b := body(t, get(t, s, "/")); !strings.Contains(b, "<h1>Home</h1>") {
		t.Errorf("last good page not served after a failed build: %q", b)
	}

	// A page opened now learns of the failure as it connects.
	late := readEvents(t, ts.URL)
	if ev := nextEvent(t, late); ev.name != "failed" {
		t.Errorf("on connect after a failure: event %q", ev.name)
	}

	// The fix: both streams hear of the new build.
	s.Publish(build(), nil)
	for _, ch := range []<-chan event{events, late} {
		ev := nextEvent(t, ch)
		if p := decode(t, ev); ev.name != "reload" || p.Build == good.Build {
			t.Errorf("after the fix: %s %+v", ev.name, p)
		}
	}
}

// TestScriptDrawsText checks the overlay script builds its elements from
// text only: the payload's strings never reach an HTML parser.
func TestScriptDrawsText(t *testing.T) {
	s := serve.New("named")
	res := get(t, s, serve.ScriptPath)
	js := body(t, res)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript") {
		t.Fatalf("script: status %d, Content-Type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	for _, want := range []string{"textContent", `"` + serve.EventsPath + `"`, `"reload"`, `"failed"`, "data-build"} {
		if !strings.Contains(js, want) {
			t.Errorf("script lacks %s", want)
		}
	}
	for _, bad := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("} {
		if strings.Contains(js, bad) {
			t.Errorf("script uses %s", bad)
		}
	}
}

// listen serves a published build on a free loopback port, returning its
// address, a function that stops it, and Serve's result.
func listen(t *testing.T) (addr string, stop context.CancelFunc, done <-chan error) {
	t.Helper()
	s := serve.New("named")
	s.Publish(build(), nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ch := make(chan error, 1)
	go func() { ch <- s.Serve(ctx, ln) }()
	return ln.Addr().String(), cancel, ch
}

func TestServeShutsDownWithOpenStreams(t *testing.T) {
	addr, cancel, done := listen(t)
	events := readEvents(t, "http://"+addr)
	nextEvent(t, events)
	start := time.Now()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return with a stream open")
	}
	if took := time.Since(start); took > 4*time.Second {
		t.Errorf("shutdown took %v: it waited for the stream rather than ending it", took)
	}
}

// TestLoopbackAnswersOnlyLocalNames: on loopback, a request naming the
// server by a foreign host name (a DNS-rebinding page) is refused, however
// it got there; localhost and IP addresses are served.
func TestLoopbackAnswersOnlyLocalNames(t *testing.T) {
	addr, cancel, done := listen(t)
	defer func() {
		cancel()
		<-done
	}()
	_, port, _ := net.SplitHostPort(addr)
	for host, want := range map[string]int{
		addr:                             http.StatusOK,
		"localhost:" + port:              http.StatusOK,
		"evil.example:" + port:           http.StatusForbidden,
		"127.0.0.1.evil.example:" + port: http.StatusForbidden,
	} {
		for _, p := range []string{"/", serve.ScriptPath} {
			req, _ := http.NewRequest(http.MethodGet, "http://"+addr+p, nil)
			req.Host = host
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b := body(t, res)
			if res.StatusCode != want {
				t.Errorf("Host %s, GET %s: status %d, want %d", host, p, res.StatusCode, want)
			}
			if want != http.StatusOK && strings.Contains(b, "Home") {
				t.Errorf("Host %s, GET %s: served the page", host, p)
			}
		}
	}
}
