package serve

import (
	"bytes"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// serveFile answers a request for one of the build's files. A folder
// answers with its index.html or not at all: never a listing.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	st := s.current()
	rel, ok := cleanPath(r)
	if !ok {
		http.NotFound(w, r)
		return
	}
	if st.files == nil {
		s.serveNotBuilt(w, r, st, rel)
		return
	}
	name := path.Join(s.profile, rel)
	if !fs.ValidPath(name) || hasSymlink(st.files, name) {
		http.NotFound(w, r)
		return
	}
	fi, err := fs.Stat(st.files, name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if fi.IsDir() {
		index := path.Join(name, "index.html")
		if ifi, err := fs.Stat(st.files, index); err != nil || !ifi.Mode().IsRegular() || hasSymlink(st.files, index) {
			http.NotFound(w, r)
			return
		}
		if !strings.HasSuffix(r.URL.Path, "/") {
			// Relative links in the page resolve against the folder.
			http.Redirect(w, r, path.Base(r.URL.Path)+"/", http.StatusMovedPermanently)
			return
		}
		name = index
	} else if !fi.Mode().IsRegular() || strings.HasSuffix(r.URL.Path, "/") {
		http.NotFound(w, r)
		return
	}
	b, err := fs.ReadFile(st.files, name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	ctype := contentType(name)
	if strings.HasPrefix(ctype, "text/html") {
		b = inject(b, st.build)
	}
	w.Header().Set("Content-Type", ctype)
	noStore(w)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b))
}

// cleanPath turns the request's path into a slash path relative to the
// profile's folder ("" for its root). It refuses rather than cleans
// anything that could reach outside: "." and ".." segments, empty
// segments, backslashes, NULs, and encoded slashes (which decode into
// r.URL.Path and would otherwise hide a "..").
func cleanPath(r *http.Request) (string, bool) {
	raw := strings.ToLower(r.URL.EscapedPath())
	if strings.Contains(raw, "%2f") || strings.Contains(raw, "%5c") {
		return "", false
	}
	p := r.URL.Path
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return "", false
	}
	rel := strings.TrimSuffix(p[1:], "/")
	if rel == "" {
		return "", true
	}
	for seg := range strings.SplitSeq(rel, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return "", false
		}
	}
	return rel, true
}

// hasSymlink reports whether name or a folder on its way is a symlink, in a
// file system that can tell (fs.ReadLinkFS). A build never writes one, so
// one is refused rather than followed out of the build.
func hasSymlink(fsys fs.FS, name string) bool {
	if _, ok := fsys.(fs.ReadLinkFS); !ok {
		return false
	}
	for p := name; p != "."; p = path.Dir(p) {
		fi, err := fs.Lstat(fsys, p)
		if err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return true
		}
	}
	return false
}

// contentTypes fixes the types of what a build writes, rather than leave
// them to the system's MIME tables, which differ between machines.
var contentTypes = map[string]string{
	".html":  "text/html; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".json":  "application/json",
	".csv":   "text/csv; charset=utf-8",
	".txt":   "text/plain; charset=utf-8",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".jpeg":  "image/jpeg",
	".gif":   "image/gif",
	".webp":  "image/webp",
	".ico":   "image/x-icon",
	".woff2": "font/woff2",
	".woff":  "font/woff",
	".xlsx":  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".zip":   "application/zip",
	".pdf":   "application/pdf",
}

// contentType gives a file's type by its extension.
func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// inject adds the live-reload script to a page, before its last </body>
// (or at the end when it has none). It returns a new slice: b may be the
// build's own bytes.
func inject(b []byte, build string) []byte {
	tag := `<script src="` + ScriptPath + `" data-build="` + template.HTMLEscapeString(build) + `"></script>`
	i := bytes.LastIndex(bytes.ToLower(b), []byte("</body>"))
	if i < 0 {
		i = len(b)
	}
	out := make([]byte, 0, len(b)+len(tag))
	out = append(out, b[:i]...)
	out = append(out, tag...)
	return append(out, b[i:]...)
}

func noStore(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
}

// notBuilt is the page served before the first good build: the script
// shows the errors and reloads once a build succeeds.
var notBuilt = template.Must(template.New("").Parse(`<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Building… – reportpack</title></head>
<body><h1>The site has not built yet</h1>
<p>This page reloads by itself when the {{.}} profile has built. Any errors show here and in the terminal.</p>
</body></html>
`))

// serveNotBuilt answers while there is no good build yet: a page says so,
// anything else is not there.
func (s *Server) serveNotBuilt(w http.ResponseWriter, r *http.Request, st *state, rel string) {
	if ext := path.Ext(rel); ext != "" && ext != ".html" {
		http.NotFound(w, r)
		return
	}
	var buf bytes.Buffer
	notBuilt.Execute(&buf, s.profile)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	noStore(w)
	w.WriteHeader(http.StatusServiceUnavailable)
	w.Write(inject(buf.Bytes(), st.build))
}
