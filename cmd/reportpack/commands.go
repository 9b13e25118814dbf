package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/reportpack/reportpack"
	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/sample"
	"github.com/reportpack/reportpack/generator/site"
)

// exampleData are the options the example site's data/ was made with, so
// `reportpack new` scaffolds the same schools its site.toml names.
var exampleData = sample.Options{Schools: 3, Pupils: 120, Years: 3, Seed: 1}

// report prints diagnostics to stderr, one a line, and says whether any was an error.
func report(stderr io.Writer, l diag.List) bool {
	printDiags(stderr, l)
	if n := len(l.Errors()); n > 0 {
		fmt.Fprintf(stderr, "%d error(s): nothing was written\n", n)
		return true
	}
	return false
}

// printDiags prints diagnostics to stderr, sorted, one a line.
func printDiags(stderr io.Writer, l diag.List) {
	l.Sort()
	for _, d := range l {
		fmt.Fprintln(stderr, d.String())
	}
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("build", stdout)
	source := fs.String("source", ".", "the site folder, where site.toml is")
	profile := fs.String("profile", "named", "the profile to build, or all")
	out := fs.String("out", "", "the output folder (default <source>/public)")
	zip := fs.Bool("zip", false, "also write public/zips/<profile>/<URN>-<profile>.zip, one self-contained pack per school")
	schools := fs.String("schools", "", "build only these schools, URNs separated by commas")
	shard := fs.String("shard", "", "build shard K of N (K/N) of the schools, for splitting a build across machines")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	opts := []site.Option{site.WithZip(*zip)}
	if *shard != "" {
		sh, err := site.ParseShard(*shard)
		if err != nil {
			return usageError{"--shard: " + err.Error()}
		}
		opts = append(opts, site.WithShard(sh))
	}
	if *schools != "" {
		var urns []string
		for _, u := range strings.Split(*schools, ",") {
			if u = strings.TrimSpace(u); u != "" {
				urns = append(urns, u)
			}
		}
		if len(urns) == 0 {
			return usageError{"--schools needs URNs separated by commas"}
		}
		opts = append(opts, site.WithSchools(urns...))
	}
	var profiles []string
	for _, p := range strings.Split(*profile, ",") {
		if p = strings.TrimSpace(p); p != "" {
			profiles = append(profiles, p)
		}
	}
	if len(profiles) == 0 {
		return usageError{"--profile needs a profile name or all"}
	}
	bar := newProgress(stdout)
	if bar != nil {
		opts = append(opts, site.WithProgress(bar.update))
	}
	opts = append(opts, site.WithProfiles(profiles...), site.WithOut(*out), site.WithTheme(reportpack.DefaultTheme()))
	if pct, ok := buildGCPercent(os.LookupEnv); ok {
		defer debug.SetGCPercent(debug.SetGCPercent(pct))
	}
	rep, diags := site.Build(ctx, *source, opts...)
	bar.finish()
	if report(stderr, diags) {
		if errs := diags.Errors(); !slices.ContainsFunc(errs, func(d diag.Diagnostic) bool { return !site.IsUsage(d) }) {
			return errUsageReported // an unknown --profile or --schools URN
		}
		return errInput
	}
	fmt.Fprintf(stdout, "built %d page(s) for %d school(s) in profile(s) %s: %s\n", rep.Pages, rep.Schools, strings.Join(rep.Profiles, ", "), rep.Out)
	if rep.Threshold > 0 {
		d := rep.Disclosure
		fmt.Fprintf(stdout, "shareable profiles hide groups under %d pupils (the strictest min_cohort in site.toml), and any figure from which a hidden one could be worked out\n", rep.Threshold)
		fmt.Fprintf(stdout, "figures in the packs you can share: %d shown; hidden: %d about too few pupils, %d for a result (nearly) all or none of a group had, %d to protect others (%d of them could show: over-suppressed)\n",
			d.Shown, d.Small, d.Outcome, d.Protective, d.OverSuppressed)
	}
	return nil
}

// buildGCPercent is the garbage collector's target for a build. A build
// allocates its live heap (the pupils, the leak check's index) fifty times
// over in pages, workbooks and zips, each dropped a school later, so at
// Go's default of 100 the 500-school LA collected 75 times and marked
// those pupils every time (3.2 CPU-s by gctrace). At 200 it collects 35
// times (1.5 CPU-s), for a peak about a third higher (0.7 to 1.0 GB).
// esbuild likewise relaxes its collector for one-shot builds.
// GOGC, when set, is left to the runtime (ok is false). watch keeps the
// default: it runs for hours.
func buildGCPercent(lookup func(string) (string, bool)) (pct int, ok bool) {
	if _, set := lookup("GOGC"); set {
		return 0, false
	}
	return 200, true
}

func runValidate(_ context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlags("validate", stdout)
	source := flags.String("source", ".", "the site folder, where site.toml is")
	errorsFile := flags.String("errors", "", "also write the problems to this XLSX file, a row each with the pupil's URN, UPN and name, for whoever fills in the data (it names pupils: keep it out of public/)")
	if err := parse(flags, args, 0); err != nil {
		return err
	}
	if *errorsFile != "" {
		if err := checkErrorsPath(*source, *errorsFile); err != nil {
			return err
		}
	}
	diags := site.Validate(*source)
	// Every problem is printed, whatever becomes of the workbook: a
	// problem repeated in many rows as one line with its rows. (report's
	// "nothing was written" is a build's promise; validate writes nothing
	// anyway, except the list when asked.)
	for _, line := range diags.Lines() {
		fmt.Fprintln(stderr, line)
	}
	also, failed := "", false
	if *errorsFile != "" {
		if err := writeErrorsFile(*errorsFile, diags); err != nil {
			why := err
			if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
				why = pe.Err // the path is a temporary file's beside it
			} else if le := (*os.LinkError)(nil); errors.As(err, &le) {
				why = le.Err
			}
			fmt.Fprintf(stderr, "reportpack validate: could not write %s: %v (hint: %s)\n", *errorsFile, why, errorsFileHint(*errorsFile, err))
			failed = true
		} else {
			also = "; the list is also in " + *errorsFile
		}
	}
	n := len(diags.Errors())
	switch {
	case n > 0:
		fmt.Fprintf(stderr, "%d error(s), %d warning(s): a build would stop%s\n", n, len(diags.Warnings()), also)
		return errInput
	case len(diags.Warnings()) > 0:
		fmt.Fprintf(stdout, "no errors; %d warning(s) above: a build would go ahead%s\n", len(diags.Warnings()), also)
	default:
		fmt.Fprintf(stdout, "no problems found%s\n", also)
	}
	if failed {
		return errInput
	}
	return nil
}

// checkErrorsPath refuses an error list that would be published: it names
// pupils, and public/ (the build's default output) is what gets shared.
func checkErrorsPath(source, name string) error {
	if !strings.EqualFold(filepath.Ext(name), ".xlsx") {
		return usageError{fmt.Sprintf("--errors writes an XLSX workbook: give a name ending .xlsx, not %q", name)}
	}
	abs, err1 := filepath.Abs(name)
	pub, err2 := filepath.Abs(filepath.Join(source, "public"))
	if err1 != nil || err2 != nil {
		return nil
	}
	if rel, err := filepath.Rel(pub, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return usageError{fmt.Sprintf("--errors %s is inside %s, which is published: the list names pupils, so write it elsewhere", name, pub)}
	}
	return nil
}

// writeErrorsFile writes the error list to name: into a new file beside it
// first, then over it, so a failure leaves no half-written workbook (nor
// truncates an old one).
func writeErrorsFile(name string, l diag.List) error {
	var b bytes.Buffer
	if err := diag.WriteXLSX(&b, l); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(name), ".reportpack-errors-*.xlsx")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(b.Bytes())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// errorsFileHint says how to get the list written after err.
func errorsFileHint(name string, err error) string {
	base, dir := filepath.Base(name), filepath.Dir(name)
	if st, serr := os.Stat(dir); serr != nil {
		return fmt.Sprintf("the folder %s does not exist: create it, or give another path with --errors", dir)
	} else if !st.IsDir() {
		return fmt.Sprintf("%s is a file, not a folder: give another path with --errors", dir)
	}
	if st, serr := os.Stat(name); serr == nil && st.IsDir() {
		return fmt.Sprintf("%s is a folder: give a file name with --errors, e.g. %s", name, filepath.Join(name, "errors.xlsx"))
	}
	return fmt.Sprintf("close %s in Excel (a workbook open there cannot be replaced), or give another path with --errors; every problem is listed above", base)
}

func runSample(_ context.Context, args []string, stdout, _ io.Writer) error {
	fs := newFlags("sample", stdout)
	out := fs.String("out", "", "the folder to write the data files into (required)")
	schools := fs.Int("schools", sample.DefaultSchools, "number of schools (about one in four secondary; primaries have reception to Year 6, secondaries Years 7 to 11)")
	pupils := fs.Int("pupils", 0, "typical pupils per school, year and year group (0 for the default)")
	years := fs.Int("years", 3, "number of academic years, ending 2024/25")
	seed := fs.Int64("seed", 1, "random seed: the same seed gives the same files")
	ksOnly := fs.Bool("key-stages-only", false, "only Year 6 (key stage 2) and Year 11 (key stage 4) rows, as files of results alone are")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if *out == "" {
		return usageError{"--out is required"}
	}
	if *schools < 1 || *years < 1 || *pupils < 0 {
		return usageError{"--schools and --years must be at least 1, --pupils not negative"}
	}
	d := sample.Generate(sample.Options{Schools: *schools, Pupils: *pupils, Years: *years, Seed: *seed, KeyStagesOnly: *ksOnly})
	if err := d.WriteDir(*out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d pupils in %d school(s) to %s (synthetic; national figures are illustrative)\n", len(d.Pupils), len(d.Schools), *out)
	fmt.Fprintf(stdout, "\nThe schools are named in %s, which a build reads; as site.toml tables:\n", filepath.Join(*out, sample.SchoolsFile))
	for _, s := range d.Schools {
		fmt.Fprintf(stdout, "[schools.%s]\nname = %q\n", s.URN, s.Name)
	}
	return nil
}

func runNew(_ context.Context, args []string, stdout, _ io.Writer) error {
	flags := newFlags("new", stdout)
	if err := parse(flags, args, 1); err != nil {
		return err
	}
	if flags.NArg() != 1 {
		return usageError{"name the folder to create"}
	}
	dir := flags.Arg(0)
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s already exists and is not empty: choose a new folder", dir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.CopyFS(dir, reportpack.ExampleSite()); err != nil {
		return fmt.Errorf("writing the site: %w", err)
	}
	if err := sample.Generate(exampleData).WriteDir(filepath.Join(dir, "data")); err != nil {
		return fmt.Errorf("writing sample data: %w", err)
	}
	fmt.Fprintf(stdout, "created a site in %s with synthetic sample data\n\n  reportpack build --source %s\n\nthen open %s\n", dir, dir, filepath.Join(dir, "public", "named", "index.html"))
	return nil
}
