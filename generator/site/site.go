// Package site is reportpack's front door: Build runs the whole pipeline
// for a site folder — load and validate the data, read the commentary and
// theme, compute the measures, render the pages and publish them — and
// Validate runs its first half. Each stage lives in its own package; this
// one only wires them together, in one direction.
package site

import (
	"context"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/output"
)

// Options are a build's settings; set them with Option functions.
type Options struct {
	Profiles []string      // profile names, or "all"; empty means "named"
	Out      string        // the public folder; default <source>/public
	Theme    fs.FS         // the built-in theme that a site's themes/<name>/ overlays
	Writer   output.Writer // when set, files go here and public/ is not touched (watch mode, tests)
	Schools  []string      // URNs to build; empty means every school in the data
	Shard    Shard         // a part of the schools to build; the zero Shard is all of them
	Zip      bool          // also write zips/<profile>/<URN>.zip, one self-contained pack per school
	Workers  int           // schools rendered at once; 0 means one per CPU
	Progress func(done, total int)
}

// Option sets one of Build's options.
type Option func(*Options)

// WithProfiles chooses the profiles to build ("all" builds every profile).
func WithProfiles(names ...string) Option { return func(o *Options) { o.Profiles = names } }

// WithOut sets the public folder.
func WithOut(dir string) Option { return func(o *Options) { o.Out = dir } }

// WithTheme sets the built-in theme (normally reportpack.DefaultTheme()).
func WithTheme(theme fs.FS) Option { return func(o *Options) { o.Theme = theme } }

// WithWriter sends the build's files to w instead of publishing to public/.
func WithWriter(w output.Writer) Option { return func(o *Options) { o.Writer = w } }

// WithSchools builds only the schools with these URNs; the LA index lists
// only them.
func WithSchools(urns ...string) Option { return func(o *Options) { o.Schools = urns } }

// WithShard builds one shard of the schools (see Shard).
func WithShard(s Shard) Option { return func(o *Options) { o.Shard = s } }

// WithZip also writes each school's pack as zips/<profile>/<URN>.zip.
func WithZip(on bool) Option { return func(o *Options) { o.Zip = on } }

// WithWorkers sets how many schools render at once (0: one per CPU).
func WithWorkers(n int) Option { return func(o *Options) { o.Workers = n } }

// WithProgress calls f as schools finish, with the number done and the
// total, from any goroutine, one call at a time.
func WithProgress(f func(done, total int)) Option { return func(o *Options) { o.Progress = f } }

// Report says what a successful build wrote.
type Report struct {
	Profiles []string
	// Threshold is the suppression threshold of every shareable profile
	// built (the strictest in site.toml), 0 when none was.
	Threshold int
	// Disclosure counts the figures of the shareable profiles' packs, per
	// school once (profiles at one threshold publish the same figures).
	Disclosure measures.DisclosureCounts
	Schools    int
	Pages      int
	Files      int
	Out        string
}

// Build builds the site in the folder source. On any error it returns the
// diagnostics and writes nothing: the previous public/ is left exactly as it
// was. Warnings are returned alongside a successful build.
func Build(ctx context.Context, source string, opts ...Option) (*Report, diag.List) {
	o := Options{}
	for _, f := range opts {
		f(&o)
	}
	if o.Out == "" {
		o.Out = filepath.Join(source, "public")
	}
	p, diags := loadProject(source, o.Theme, true)
	if diags.HasErrors() {
		return nil, diags
	}
	p.oneShot = true // nothing else holds p: its pupils may go once encoded
	return p.build(ctx, o, diags)
}

// build renders a loaded project as Build does, its load's warnings in diags.
func (p *Project) build(ctx context.Context, o Options, diags diag.List) (*Report, diag.List) {
	profiles, bad := p.resolveProfiles(o.Profiles)
	if bad != "" {
		d := diag.Diagnostic{File: "--profile", Value: bad, Message: "no such profile in site.toml",
			Hint: "profiles are " + strings.Join(p.Config.ProfileNames(), ", ") + " or all"}
		if s := diag.Suggest(bad, p.Config.ProfileNames()); s != "" {
			d.Hint = `did you mean "` + s + `"? ` + d.Hint
		}
		diags.Add(d)
		return nil, diags
	}
	plan, d := p.plan(o)
	if d != nil {
		diags.Add(*d)
		return nil, diags
	}

	w := o.Writer
	var stage *output.Stage
	if w == nil {
		var err error
		stage, err = output.Begin(o.Out)
		if err != nil {
			diags.Add(diag.Diagnostic{File: o.Out, Message: err.Error()})
			return nil, diags
		}
		// After a successful swap, an old copy that cannot be deleted
		// (a file of it open in Excel) is the next build's to remove.
		stage.Warn = func(msg string) { diags.Add(diag.Diagnostic{Severity: diag.Warning, File: o.Out, Message: msg}) }
		w = stage
	}
	var unnamed []string
	for _, name := range profiles {
		if !p.Config.Profiles[name].Named() {
			unnamed = append(unnamed, name)
		}
	}
	// A one-shot build keeps its pupils encoded, school by school, and
	// reads each school's back as it works on it (rows.go), the leak
	// check's included.
	if p.oneShot {
		if err := p.compact(); err != nil {
			return fail(stage, diags, diag.Diagnostic{Message: err.Error()})
		}
		defer p.closeRows()
	}
	w, leaks := newLeakCheck(w, p, unnamed)
	counter := &countingWriter{w: w}
	rep := &Report{Profiles: profiles, Out: o.Out}
	if len(unnamed) > 0 {
		rep.Threshold = p.Config.Threshold
	}
	rep.Schools = len(plan.build)
	n, err := p.buildAll(ctx, plan, profiles, o, counter, leaks, &rep.Disclosure)
	if err != nil {
		return fail(stage, diags, diag.Diagnostic{Message: err.Error()})
	}
	rep.Pages = n
	ld := leaks.diagnostics()
	if ld.HasErrors() {
		if stage != nil {
			stage.Abort()
		}
		return nil, append(diags, ld...)
	}
	diags = append(diags, ld...) // warnings
	rep.Files = int(counter.n.Load())
	if stage != nil {
		// A profile's zips are rebuilt with it, so none is left stale.
		rebuilt := slices.Clone(profiles)
		for _, name := range profiles {
			rebuilt = append(rebuilt, "zips/"+name)
		}
		if err := stage.Commit(rebuilt); err != nil {
			return fail(nil, diags, diag.Diagnostic{File: o.Out, Message: "publishing the build: " + err.Error()})
		}
	}
	return rep, diags
}

func fail(stage *output.Stage, diags diag.List, d diag.Diagnostic) (*Report, diag.List) {
	if stage != nil {
		stage.Abort()
	}
	diags.Add(d)
	return nil, diags
}

// Validate loads and checks the site's configuration and data without
// building anything.
func Validate(source string) diag.List {
	_, diags := loadData(source)
	return diags
}

// resolveProfiles expands "all" and checks every name is declared; bad is
// the first name that is not.
func (p *Project) resolveProfiles(names []string) (profiles []string, bad string) {
	if len(names) == 0 {
		names = []string{"named"}
	}
	if slices.Contains(names, "all") {
		return p.Config.ProfileNames(), ""
	}
	var out []string
	for _, n := range names {
		if _, ok := p.Config.Profiles[n]; !ok {
			return nil, n
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out, ""
}

// IsUsage reports whether d is about a command-line option (its place is
// the option, "--profile"), not about the site: a mistake on the command
// line, which the CLI exits with status 2 for.
func IsUsage(d diag.Diagnostic) bool { return strings.HasPrefix(d.File, "--") }

// countingWriter counts the files a build writes, for the report.
type countingWriter struct {
	w output.Writer
	n atomic.Int64
}

func (c *countingWriter) WriteFile(name string, data []byte) error {
	c.n.Add(1)
	return c.w.WriteFile(name, data)
}

func (c *countingWriter) LinkFile(name, existing string, data []byte) error {
	c.n.Add(1)
	return output.WriteSame(c.w, name, existing, data)
}
