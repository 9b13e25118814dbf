package site

import (
	"archive/zip"
	"bytes"
	"fmt"
	"hash/crc32"
	"hash/maphash"
	"html"
	"io"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"github.com/xuri/excelize/v2"

	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/export"
	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/output"
	"github.com/reportpack/reportpack/generator/render"
	"github.com/reportpack/reportpack/generator/verify"
)

// leakCheck scans, as they are written, the files of the profiles that must
// hold no pupil identity, so that a build of such a profile fails rather
// than publish one. It is the last line of defence: the renderer of those
// profiles never receives identities in the first place (see anonymous).
type leakCheck struct {
	w     output.Writer
	ready chan struct{} // closed once checker is made
	// checker is made on its own goroutine, while the build ranks schools
	// and writes assets (a fifth of a second for an LA's 100,000 pupils).
	// A one-shot build, whose rows are kept school by school, has none:
	// see bySchool.
	checker *verify.Checker
	scan    map[string]bool // first path element -> scan it

	// bySchool, in a one-shot build, makes a checker for each school's
	// pupils as the school is built, rather than one for every pupil of
	// an LA: the needles of 100,000 pupils were the largest part of a
	// build's memory that grew with the number of schools.
	bySchool *schoolCheckers

	mu       sync.Mutex
	findings []verify.Finding
	// schools holds what is known of the files scanned so far, by the
	// school whose view scanned them ("" for every pupil's): a school's
	// goes once its files are written (done), so that it does not grow
	// with an LA's pages.
	schools map[model.URN]*scanState
	// activeHTML reports the commentary's scripts, styles, event handlers
	// and style attributes (see content.Page.ActiveHTML).
	activeHTML diag.List
}

// scanState is what is known of the files one view scanned.
type scanState struct {
	// scanned holds the CRC-32 and size of every file scanned clean, so
	// that a zip reusing those bytes (an archived pack) is not unpacked and
	// scanned again: only its other members are.
	scanned map[scannedKey]bool
	// same holds a 64-bit hash, the CRC-32 and size of every file scanned
	// clean, so that the same bytes written again in another profile
	// (assets; the exports of profiles that share a threshold) are not
	// scanned twice. 96 bits of hash: a chance collision would pass a file
	// unscanned, which CRC-32 alone makes too likely across an LA's files.
	same map[sameKey]bool
	// prescanned names the files scanned before they were written (see
	// workbook), clean or not: writing one scans nothing again.
	prescanned map[string]bool
}

// state is what is known of the files the school's view scanned; call
// with lc.mu held.
func (lc *leakCheck) state(school model.URN) *scanState {
	st := lc.schools[school]
	if st == nil {
		st = &scanState{scanned: map[scannedKey]bool{}, same: map[sameKey]bool{}, prescanned: map[string]bool{}}
		lc.schools[school] = st
	}
	return st
}

// scannedKey names bytes scanned clean for the pupils of one school, or
// of every school when school is "".
type scannedKey struct {
	crc    uint32
	size   uint64
	school model.URN
}

type sameKey struct {
	scannedKey
	hash uint64
}

var leakSeed = maphash.MakeSeed()

// newLeakCheck wraps w to scan every file under the named profiles'
// folders for the identities of p's pupils. It returns w itself when there
// is nothing to scan.
func newLeakCheck(w output.Writer, p *Project, profiles []string) (output.Writer, *leakCheck) {
	if len(profiles) == 0 {
		return w, nil
	}
	lc := &leakCheck{w: w, ready: make(chan struct{}), scan: map[string]bool{}, schools: map[model.URN]*scanState{}}
	for _, p := range profiles {
		lc.scan[p] = true
	}
	// With allow_html, commentary may hold scripts and styles, which can
	// write a name no scan of the page's bytes or text sees, and style
	// attributes, which can join across a block element ("Oli<div
	// style="display:inline">via</div> White") a name that the scan of
	// the page's text reads as two words.
	if p.Content != nil && p.Config.AllowHTML {
		for _, pg := range p.Content.Pages {
			for _, a := range pg.ActiveHTML() {
				hint := "take it out, or build only the named profile; allow_html keeps other raw HTML"
				if strings.HasPrefix(a.What, "a style=") {
					hint = "a style attribute can lay text out otherwise than the leak check reads it (display:inline joins the words either side of a <div> into one, where the check reads a gap): take it out, or build only the named profile; allow_html keeps other raw HTML, class attributes included"
				}
				lc.activeHTML.Add(diag.Diagnostic{File: pg.File(), Line: a.Line, Value: a.What,
					Message: fmt.Sprintf("the %s profile must hold no pupil identity, and commentary for it may not hold %s, which can show text no leak check reads", strings.Join(profiles, " and "), a.What),
					Hint:    hint})
			}
		}
	}
	if p.rows != nil {
		lc.bySchool = newSchoolCheckers(p)
		close(lc.ready)
		return lc, lc
	}
	go func() {
		lc.checker = verify.New(p.Data.Pupils, p.checkerOptions()...)
		close(lc.ready)
	}()
	return lc, lc
}

// checkerFor is the view of the leak check that a file written as name is
// scanned with (see verify.Checker.ForPath): its school's pupils, or for
// an LA's file every pupil. It is nil for an LA's file in a one-shot
// build (la true: such files are kept and scanned at the end, see
// schoolCheckers), or when a school's rows could not be read back (la
// false: the build fails).
func (lc *leakCheck) checkerFor(name string) (c *verify.Checker, la bool) {
	<-lc.ready
	if lc.checker != nil {
		return lc.checker.ForPath(name), false
	}
	return lc.bySchool.forPath(name)
}

// checkerOptions are the leak check's options for the site (see
// verify.Vocabulary, verify.NotNames and verify.Shipped).
func (p *Project) checkerOptions() []verify.Option {
	vocab, shipped := p.vocabulary()
	return []verify.Option{verify.Vocabulary(vocab...), verify.NotNames(p.Config.LeakCheck.Words...), verify.Shipped(shipped...)}
}

// vocabulary returns the text that every pack of the site prints whatever
// its pupils (see verify.Vocabulary): the text of reportpack's own layouts
// outside their actions, but the pupil list's (only the named profile has
// one), the labels of its groups, measures and tables, and the names the
// site gives itself, its profiles and its schools. It also returns the
// files reportpack ships (its theme's assets), which hold nothing of the
// data (see verify.Shipped). A site's own theme files are in neither: a
// name typed there is looked for as one typed in the commentary is.
func (p *Project) vocabulary() (vocab, shipped [][]byte) {
	// A file that cannot be read or parsed is left out: either list only
	// ever lets less pass unscanned.
	each := func(dir string, f func(name string, b []byte)) {
		if p.builtin == nil {
			return
		}
		_ = fs.WalkDir(p.builtin, dir, func(name string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if b, err := fs.ReadFile(p.builtin, name); err == nil {
					f(name, b)
				}
			}
			return nil
		})
	}
	each("layouts", func(name string, b []byte) {
		if name == "layouts/"+render.LayoutPupils+".html" {
			return
		}
		if text, err := render.LayoutText(name, b); err == nil {
			vocab = append(vocab, text)
		}
	})
	each("assets", func(_ string, b []byte) { shipped = append(shipped, b) })
	shipped = append(shipped, workbookTemplate()...)
	var words []string
	for _, g := range measures.Groups() {
		words = append(words, g.Label)
	}
	for _, d := range measures.Dimensions() {
		words = append(words, d.Label)
	}
	for _, ks := range measures.KeyStages() {
		for _, m := range measures.Measures(ks) {
			words = append(words, m.Label, m.Column)
		}
		for _, t := range measures.TableDefs(ks) {
			words = append(words, t.Title)
		}
	}
	// The declared assessments' own text: titles, intros and notes,
	// charts and their areas (a pupil named June is not in "taken in June
	// of Year 1"). Pupil lists are the named profile's only.
	for _, a := range assess.All() {
		words = append(words, a.Title, a.Short, a.Intro)
		words = append(words, a.Notes...)
		for _, c := range a.Charts {
			words = append(words, c.Title, c.XLabel)
			for _, g := range c.Groups {
				words = append(words, g.Label)
			}
			if c.Kind == assess.Histogram {
				words = append(words, withheldHistogram(&c))
			}
		}
	}
	words = append(words, chartWords...)
	words = append(words, viewWords...)
	words = append(words, p.Config.Title, p.Config.Organisation)
	for _, prof := range p.Config.Profiles {
		words = append(words, prof.Label)
	}
	for _, s := range p.Schools {
		words = append(words, s.Name)
	}
	// Read as HTML, like the layouts: escape what a label may hold.
	return append(vocab, []byte(html.EscapeString(strings.Join(words, "\n")))), shipped
}

// workbookTemplate is the parts every workbook holds whatever its data:
// the XLSX library's document properties, whose fixed creation date
// (2006-09-16T00:00:00Z) is some pupils' date of birth.
var workbookTemplate = sync.OnceValue(func() [][]byte {
	var buf bytes.Buffer
	f := excelize.NewFile()
	defer f.Close()
	if err := f.Write(&buf); err != nil {
		return nil
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		return nil
	}
	var parts [][]byte
	for _, m := range zr.File {
		if strings.HasPrefix(m.Name, "docProps/") {
			if r, err := m.Open(); err == nil {
				b, err := io.ReadAll(r)
				r.Close()
				if err == nil {
					parts = append(parts, b)
				}
			}
		}
	}
	return parts
})

// WriteFile scans the file when it belongs to a checked profile, then writes it.
func (lc *leakCheck) WriteFile(name string, data []byte) error {
	lc.check(name, data)
	return lc.w.WriteFile(name, data)
}

// LinkFile scans the file as WriteFile does (the file it repeats may be in
// a profile that is not checked), then links it.
func (lc *leakCheck) LinkFile(name, existing string, data []byte) error {
	lc.check(name, data)
	return output.WriteSame(lc.w, name, existing, data)
}

// check scans a file written as name when it belongs to a checked profile
// and keeps what it finds.
func (lc *leakCheck) check(name string, data []byte) {
	if !lc.scan[profileOf(name)] {
		return
	}
	// A school's files are scanned for its own pupils; the LA's (its
	// index, shared assets) for every pupil. A file's name is scanned
	// whatever its bytes: "Olivia White.html" is named in every link.
	checker, la := lc.checkerFor(name)
	if checker == nil {
		if la {
			lc.bySchool.later(name, data)
		}
		return
	}
	f := checker.Name(name)
	school := checker.School()
	lc.mu.Lock()
	done := lc.state(school).prescanned[name]
	lc.mu.Unlock()
	if done {
		lc.keep(f)
		return
	}
	if strings.HasPrefix(name, "zips/") {
		f = append(f, checker.Zip(name, data, func(h *zip.FileHeader) bool {
			lc.mu.Lock()
			defer lc.mu.Unlock()
			return lc.state(school).scanned[scannedKey{h.CRC32, h.UncompressedSize64, school}] ||
				lc.state("").scanned[scannedKey{h.CRC32, h.UncompressedSize64, ""}]
		})...)
	} else {
		// The same bytes in another profile (assets, and the exports
		// of profiles that share a threshold) were scanned already.
		key := scannedKey{crc32.ChecksumIEEE(data), uint64(len(data)), school}
		exact := sameKey{key, maphash.Bytes(leakSeed, data)}
		all := exact
		all.school = ""
		lc.mu.Lock()
		seen := lc.state(school).same[exact] || lc.state("").same[all]
		lc.mu.Unlock()
		if seen {
			lc.keep(f)
			return
		}
		g := checker.File(name, data)
		if !slices.ContainsFunc(g, func(f verify.Finding) bool { return !f.Warn }) {
			// Warnings once: not again for these bytes in a zip or
			// another profile.
			lc.mu.Lock()
			st := lc.state(school)
			st.scanned[key], st.same[exact] = true, true
			lc.mu.Unlock()
		}
		f = append(f, g...)
	}
	lc.keep(f)
}

// keep keeps findings.
func (lc *leakCheck) keep(f []verify.Finding) {
	if len(f) > 0 {
		lc.mu.Lock()
		lc.findings = append(lc.findings, f...)
		lc.mu.Unlock()
	}
}

// workbook returns the options that make export.WriteXLSX hand over the
// parts of a workbook to be written as name, to be scanned as they are
// finished, and a function to call with the workbook when it is done: it
// keeps the findings, or that these bytes were scanned clean, so that
// writing them (and the zips that hold them) unzips nothing to scan again.
// The parts are the members a scan of the workbook would read, and they
// are scanned under the same names.
func (lc *leakCheck) workbook(name string) ([]export.XLSXOption, func(xlsx []byte)) {
	if lc == nil || !lc.scan[profileOf(name)] {
		return nil, func([]byte) {}
	}
	checker, _ := lc.checkerFor(name)
	if checker == nil { // an LA's workbook: scanned whole, at the end
		return nil, func([]byte) {}
	}
	var found []verify.Finding
	opt := export.WithParts(func(part string, data []byte) {
		found = append(found, checker.File(name+"!"+part, data)...)
	})
	return []export.XLSXOption{opt}, func(xlsx []byte) {
		key := scannedKey{crc32.ChecksumIEEE(xlsx), uint64(len(xlsx)), checker.School()}
		exact := sameKey{key, maphash.Bytes(leakSeed, xlsx)}
		lc.mu.Lock()
		defer lc.mu.Unlock()
		st := lc.state(checker.School())
		st.prescanned[name] = true
		if len(found) > 0 {
			lc.findings = append(lc.findings, found...)
			return
		}
		st.scanned[key], st.same[exact] = true, true
	}
}

// profileOf is the profile an output file belongs to: its first path
// element, or the second under zips/ (zips/<profile>/<URN>.zip).
func profileOf(name string) string {
	top, rest, _ := strings.Cut(name, "/")
	if top == "zips" {
		top, _, _ = strings.Cut(rest, "/")
	}
	return top
}

// maxLeakReports caps the diagnostics of a failed check, and its
// warnings: the first few name the problem; thousands would bury it.
const maxLeakReports = 20

// diagnostics reports the findings, if any: leaks as errors, forenames
// alone as warnings (see verify.Finding.Warn), and raw HTML that runs or
// restyles (scripts, styles, event handlers, style attributes) in the
// commentary of a profile that must hold no pupil identity as errors.
func (lc *leakCheck) diagnostics() diag.List {
	if lc == nil {
		return nil
	}
	l := lc.activeHTML
	if lc.bySchool != nil {
		f, err := lc.bySchool.finish()
		if err != nil {
			l.Add(diag.Diagnostic{Message: "leak check: " + err.Error()})
		}
		lc.keep(f)
	}
	leaks, warns := 0, 0
	for _, f := range lc.findings {
		n := &leaks
		if f.Warn {
			n = &warns
		}
		if *n++; *n > maxLeakReports {
			continue
		}
		l.Add(leakDiagnostic(f))
	}
	if leaks > maxLeakReports {
		l.Add(diag.Diagnostic{Message: fmt.Sprintf("and %d more pupil identifier(s) found", leaks-maxLeakReports)})
	}
	if warns > maxLeakReports {
		l.Add(diag.Diagnostic{Severity: diag.Warning, Message: fmt.Sprintf("and %d more pupil forename(s) found alone", warns-maxLeakReports)})
	}
	return l
}

// leakDiagnostic describes a finding, with what to do when it is a
// coincidence rather than the pupil.
func leakDiagnostic(f verify.Finding) diag.Diagnostic {
	top := profileOf(f.File)
	where := "this file holds"
	switch f.In {
	case "name":
		where = "this file's name (and every link to it) holds"
	case "decoded":
		where = "this file, its percent escapes decoded, holds"
	case "reversed":
		where = "this file, read right to left, holds"
	}
	list := fmt.Sprintf("if %q here is not the pupil but a coincidence (a school or place named after someone, an ordinary phrase), list the phrase it is part of, as the page spells it, in site.toml under [leak_check] words = [\"...\"] (a listed phrase is not searched within; a single word is not looked for alone)", f.Match)
	if f.Warn {
		return diag.Diagnostic{
			Severity: diag.Warning,
			File:     f.File,
			Message:  fmt.Sprintf("leak check: the %s profile must hold no pupil identity, and %s the forename %q of the pupil %s at %s", top, where, f.Match, f.Value, f.Pupil),
			Hint:     "a forename alone is most often an ordinary word, so this does not stop the build; if it is the pupil, take it out; " + list,
		}
	}
	hint := "nothing was published; look for the " + f.Kind + " in the site's themes/, content/ (file names too) or site.toml, or in a layout that prints pupil data; " + list
	if f.Alone {
		hint = fmt.Sprintf("nothing was published; the data gives this pupil's whole name in one part, %q: if the page uses it as an ordinary word, not of the pupil, list it in site.toml under [leak_check] words = [...] (then this name is not looked for alone anywhere); otherwise take it out, or give the pupil's full name in the data", f.Value)
	}
	return diag.Diagnostic{
		File:    f.File,
		Message: fmt.Sprintf("leak check: the %s profile must hold no pupil identity, but %s the %s %q of the pupil at %s", top, where, f.Kind, f.Value, f.Pupil),
		Hint:    hint,
	}
}

// Checker loads and checks the site's data and returns the leak check of
// its pupils' identities, as a build makes it, and how many pupils it
// knows: what `reportpack verify` looks for in a built pack. builtin is
// reportpack's own theme, as for WithTheme.
func Checker(source string, builtin fs.FS) (*verify.Checker, int, diag.List) {
	p, diags := loadData(source)
	if p == nil || diags.HasErrors() {
		return nil, 0, diags
	}
	p.builtin = builtin
	c := verify.New(p.Data.Pupils, p.checkerOptions()...)
	return c, c.Pupils(), diags
}

// done says the build has written every file of the school: its checker
// may go.
func (lc *leakCheck) done(urn model.URN) {
	if lc == nil {
		return
	}
	if lc.bySchool != nil {
		lc.bySchool.done(urn)
	}
	lc.mu.Lock()
	delete(lc.schools, urn)
	lc.mu.Unlock()
}
