// Package browsertest holds real-browser tests of the built site: it builds
// the example site in every profile, opens its pages from file:// in Chromium
// (driven by chromedp) and checks that they load with no console error and no
// request to any host, that charts, comparator switches, filters, sorting and
// tooltips work, that every control is reachable by keyboard, that axe-core
// finds no serious or critical accessibility violation, and that each page
// prints to PDF.
//
// The package has no code of its own; everything is in its tests. They need
// Chromium (/usr/bin/chromium, or the path in $CHROMIUM) and axe-core's
// axe.min.js (the path in $AXE_JS). Outside CI a missing browser or axe-core
// skips the tests that need it; with CI=true it fails them. -short skips them.
// Run `go test -v ./browsertest/` to see the screenshots' folder.
package browsertest
