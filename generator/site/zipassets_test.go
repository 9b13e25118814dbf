package site

import (
	"slices"
	"testing"

	"github.com/reportpack/reportpack/generator/output"
)

func TestZipAssetsFor(t *testing.T) {
	assets := map[string]string{
		"css/site.css":         `body{font-family:x} @font-face{src:url("../fonts/x.woff2")}`,
		"fonts/x.woff2":        "font",
		"fonts/OFL.txt":        "licence", // loadable, so it does not travel by itself
		"fonts/LICENSE":        "licence",
		"js/app.js":            `load("lib/chart.js")`,
		"js/lib/chart.js":      "chart",
		"js/lib/NOTICE":        "notice",
		"js/lib/SHA256SUMS":    "sums",
		"js/unused.js":         "nobody loads me",
		"img/logo.svg":         "<svg/>",
		"js/assets-in-name.js": "x",
	}
	var names []string
	for n := range assets {
		names = append(names, n)
	}
	slices.Sort(names)
	var data [][]byte
	for _, n := range names {
		data = append(data, []byte(assets[n]))
	}
	za, err := newZipAssets(names, data)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		pages map[string]string
		want  []string
	}{
		{"stylesheet and its font", map[string]string{"a/index.html": `<link href="../assets/css/site.css">`},
			[]string{"css/site.css", "fonts/LICENSE", "fonts/OFL.txt", "fonts/x.woff2"}},
		{"script and what it loads", map[string]string{"index.html": `<script src="assets/js/app.js"></script>`},
			[]string{"js/app.js", "js/lib/NOTICE", "js/lib/SHA256SUMS", "js/lib/chart.js"}},
		{"query, fragment and quotes", map[string]string{"index.html": `<img src='assets/img/logo.svg?v=1'><a href="assets/css/site.css#x">`},
			[]string{"css/site.css", "fonts/LICENSE", "fonts/OFL.txt", "fonts/x.woff2", "img/logo.svg"}},
		{"no assets", map[string]string{"index.html": `<p>assets/ and assets/nothing.js</p>`}, nil},
		{"only pages are read", map[string]string{"measures.csv": `assets/js/app.js`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var files []output.ZipEntry
			for n, b := range tt.pages {
				files = append(files, output.ZipEntry{Name: n, Data: []byte(b)})
			}
			var got []string
			for _, e := range za.For(files, nil) {
				got = append(got, e.Name[len("assets/"):])
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRelPath(t *testing.T) {
	tests := []struct{ dir, name, want string }{
		{".", "js/a.js", "js/a.js"},
		{"js", "js/lib/a.js", "lib/a.js"},
		{"css", "fonts/a.woff2", "../fonts/a.woff2"},
		{"js/lib", "js/a.js", "../a.js"},
		{"js/lib", "css/a.css", "../../css/a.css"},
	}
	for _, tt := range tests {
		if got := relPath(tt.dir, tt.name); got != tt.want {
			t.Errorf("relPath(%q, %q) = %q, want %q", tt.dir, tt.name, got, tt.want)
		}
	}
}
