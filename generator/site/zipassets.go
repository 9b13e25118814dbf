package site

import (
	"bytes"
	"path"
	"strings"

	"github.com/reportpack/reportpack/generator/output"
)

// zipAssets are the theme's assets, compressed once for every zip, and what
// each names in turn, so that a school's zip carries the assets its pages
// use and no others: a governor pack draws no chart, and ECharts would be
// half of its bytes.
type zipAssets struct {
	entries []output.ZipEntry // named assets/<path>
	index   map[string]int    // <path> -> its entry
	needs   [][]int           // by entry: the entries it names, and the files that go with it
}

// newZipAssets compresses the assets (by path under assets/, with their
// bytes) and works out what each one needs.
func newZipAssets(names []string, data [][]byte) (*zipAssets, error) {
	za := &zipAssets{index: map[string]int{}, needs: make([][]int, len(names))}
	for i, n := range names {
		e, err := output.PrecompressSmallest(path.Join("assets", n), data[i])
		if err != nil {
			return nil, err
		}
		za.entries = append(za.entries, e)
		za.index[n] = i
	}
	for i, n := range names {
		for j, m := range names {
			switch {
			case i == j:
			case loadable(n) && (bytes.Contains(data[i], []byte(relPath(path.Dir(n), m))) || bytes.Contains(data[i], []byte("assets/"+m))):
				// A stylesheet's font, a script's script.
				za.needs[i] = append(za.needs[i], j)
			case !loadable(m) && path.Dir(m) == path.Dir(n):
				// A licence or checksum file goes with the files beside it.
				za.needs[i] = append(za.needs[i], j)
			}
		}
	}
	return za, nil
}

// loadable reports whether a page or another asset could load the file: a
// licence or a notice (LICENSE, NOTICE, SHA256SUMS) is for people, and
// travels with the files beside it instead.
func loadable(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".js", ".mjs", ".css", ".html", ".json", ".map", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico",
		".woff", ".woff2", ".ttf", ".otf", ".eot":
		return true
	}
	return false
}

// relPath is the relative URL from the folder dir to the file name, both
// slash paths under assets/.
func relPath(dir, name string) string {
	if dir == "." {
		return name
	}
	from, to := strings.Split(dir, "/"), strings.Split(name, "/")
	i := 0
	for i < len(from) && i < len(to)-1 && from[i] == to[i] {
		i++
	}
	return strings.Repeat("../", len(from)-i) + strings.Join(to[i:], "/")
}

// For returns the assets that the zip's files name ("assets/<path>" in a
// page), or used marks (see uses), with what those need, in the order the
// theme lists them.
func (za *zipAssets) For(files []output.ZipEntry, used []bool) []output.ZipEntry {
	marked := make([]bool, len(za.entries))
	copy(marked, used)
	used = marked
	for _, f := range files {
		za.uses(used, f.Name, f.Data)
	}
	var queue []int
	for i, u := range used {
		if u {
			queue = append(queue, i)
		}
	}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		for _, j := range za.needs[i] {
			if !used[j] {
				used[j] = true
				queue = append(queue, j)
			}
		}
	}
	out := make([]output.ZipEntry, 0, len(za.entries))
	for i, e := range za.entries {
		if used[i] {
			out = append(out, e)
		}
	}
	return out
}

// uses marks in used (one flag for each asset) the assets an HTML page
// names; other files name none. A zip's recorder notes a page's as it is
// written, and keeps only its deflated bytes.
func (za *zipAssets) uses(used []bool, name string, data []byte) {
	if path.Ext(name) != ".html" {
		return
	}
	for rest := data; ; {
		k := bytes.Index(rest, []byte("assets/"))
		if k < 0 {
			return
		}
		rest = rest[k+len("assets/"):]
		end := bytes.IndexAny(rest, "\"'`) \t\n?#<>")
		if end < 0 {
			end = len(rest)
		}
		if i, ok := za.index[string(rest[:end])]; ok {
			used[i] = true
		}
	}
}
