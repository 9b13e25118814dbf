package serve

import (
	"net/http/httptest"
	"testing"
)

// TestCleanPath checks the handler's own refusals, which ServeMux's
// cleaning (a redirect) would otherwise hide in the end-to-end tests.
func TestCleanPath(t *testing.T) {
	for target, want := range map[string]string{
		"/":                    "",
		"/index.html":          "index.html",
		"/900001/":             "900001",
		"/900001/ks2.html":     "900001/ks2.html",
		"/a%20b.html":          "a b.html",
		"/../site.toml":        "!",
		"/a/../../site.toml":   "!",
		"/%2e%2e/site.toml":    "!",
		"/..%2fsite.toml":      "!",
		"/a%2Fb.html":          "!",
		"/..%5csite.toml":      "!",
		"/a//b.html":           "!",
		"/./index.html":        "!",
		"/a\\..\\site.toml":    "!",
		"/%00":                 "!",
		"/assets/%2e%2e/x.css": "!",
	} {
		got, ok := cleanPath(httptest.NewRequest("GET", target, nil))
		if !ok {
			got = "!"
		}
		if got != want {
			t.Errorf("cleanPath(%s) = %q, want %q", target, got, want)
		}
	}
}

func TestLocalHost(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost":              true,
		"localhost:1313":         true,
		"LocalHost.:1313":        true,
		"pack.localhost:1313":    true,
		"127.0.0.1:1313":         true,
		"127.0.0.1":              true,
		"[::1]:1313":             true,
		"[::1]":                  true,
		"192.168.1.20:1313":      true,
		"evil.example:1313":      false,
		"evil.example":           false,
		"localhost.evil.example": false,
		"127.0.0.1.nip.io:1313":  false,
		"":                       false,
	} {
		if got := localHost(host); got != want {
			t.Errorf("localHost(%q) = %v, want %v", host, got, want)
		}
	}
}
