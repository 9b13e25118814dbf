// Command reportpack builds school performance report packs: pupil data,
// Markdown commentary and site.toml in; a static HTML site out.
//
// Usage:
//
//	reportpack build    [--source DIR] [--profile NAME|all] [--out DIR] [--zip]
//	                    [--schools URN,URN] [--shard K/N]
//	reportpack watch    [--source DIR] [--profile NAME] [--bind 127.0.0.1] [--port 1313]
//	reportpack validate [--source DIR] [--errors FILE.xlsx]
//	reportpack verify   DIR [--source DIR]
//	reportpack sample   --out DIR [--schools N] [--pupils N] [--years N] [--seed N]
//	reportpack template --out FILE.xlsx [--phase primary|secondary] [--source DIR] [--force]
//	reportpack new      DIR
//	reportpack version
//
// Exit status: 0 success, 1 bad input or a failed check, 2 bad usage.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"slices"
	"strings"
)

// Exit statuses, the contract scripts rely on.
const (
	exitOK    = 0
	exitInput = 1
	exitUsage = 2
)

// usageError marks a mistake in the command line itself.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// inputError marks a failure the user's input caused (already reported).
var errInput = errors.New("bad input")

// errUsageReported marks a mistake on the command line that was reported
// as a diagnostic: it exits 2, as a usage error does.
var errUsageReported = errors.New("bad usage")

type command struct {
	name    string
	summary string
	usage   string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

var commands []command

func init() {
	// Assigned in init: the commands' run functions refer back to this list for their help.
	commands = []command{
		{"build", "build the site into public/", "build [--source DIR] [--profile NAME|all] [--out DIR] [--zip] [--schools URN,URN] [--shard K/N]", runBuild},
		{"watch", "serve the site and rebuild it on every change", "watch [--source DIR] [--profile NAME] [--bind 127.0.0.1] [--port 1313]", runWatch},
		{"validate", "check the data files and report every problem", "validate [--source DIR] [--errors FILE.xlsx]", runValidate},
		{"verify", "scan a built pack for the source data's pupil names, UPNs and dates of birth", "verify DIR [--source DIR]", runVerify},
		{"sample", "write synthetic pupil data and illustrative national figures", "sample --out DIR [--schools N] [--pupils N] [--years N] [--seed N]", runSample},
		{"new", "scaffold a site that builds as is", "new DIR", runNew},
		{"template", "write a blank XLSX data-entry workbook: KS4 results by subject, or --phase primary for EYFS to KS2", "template --out FILE.xlsx [--phase primary|secondary] [--source DIR] [--force]", runTemplate},
		{"version", "print the version", "version", runVersion},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	// REPORTPACK_CPUPROFILE=FILE writes a CPU profile of the command, for
	// the benchmarks (bench/README.md); it is not a user setting.
	if path := os.Getenv("REPORTPACK_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil && pprof.StartCPUProfile(f) == nil {
			defer f.Close()
			defer pprof.StopCPUProfile()
		}
	}
	// REPORTPACK_HEAPPROFILE=FILE keeps a heap profile from about the
	// peak of the live heap, likewise for the benchmarks.
	if path := os.Getenv("REPORTPACK_HEAPPROFILE"); path != "" {
		defer peakHeapProfile(path)()
	}
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if code != 0 {
		pprof.StopCPUProfile()
		os.Exit(code)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		w := stderr
		code := exitUsage
		if len(args) > 0 {
			w, code = stdout, exitOK
		}
		printUsage(w)
		return code
	}
	i := slices.IndexFunc(commands, func(c command) bool { return c.name == args[0] })
	if i < 0 {
		fmt.Fprintf(stderr, "reportpack: unknown command %q\n\n", args[0])
		printUsage(stderr)
		return exitUsage
	}
	err := commands[i].run(ctx, args[1:], stdout, stderr)
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "reportpack %s: %s\nusage: reportpack %s\n", args[0], ue.msg, commands[i].usage)
		return exitUsage
	case errors.Is(err, errInput):
		return exitInput
	case errors.Is(err, errUsageReported):
		return exitUsage
	default:
		fmt.Fprintf(stderr, "reportpack %s: %v\n", args[0], err)
		return exitInput
	}
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "reportpack builds school performance report packs as static HTML.")
	fmt.Fprintln(w, "\nUsage:")
	for _, c := range commands {
		fmt.Fprintf(w, "  reportpack %-62s %s\n", c.usage, c.summary)
	}
	fmt.Fprintln(w, "\nRun `reportpack COMMAND --help` for a command's flags.")
}

// newFlags makes a command's flag set, printing help to stdout on --help.
func newFlags(name string, stdout io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	i := slices.IndexFunc(commands, func(c command) bool { return c.name == name })
	fs.Usage = func() {
		fs.SetOutput(stdout)
		fmt.Fprintf(stdout, "usage: reportpack %s\n\n%s.\n\nFlags:\n", commands[i].usage, upperFirst(commands[i].summary))
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags, turning flag errors into usage errors and refusing
// stray arguments beyond maxArgs.
func parse(fs *flag.FlagSet, args []string, maxArgs int) error {
	// The flag package calls Usage itself on -h and on a bad flag; help is
	// printed once, below, and a bad flag gets the one-line usage from run.
	usage := fs.Usage
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.Usage = usage
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.Usage()
			return err
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > maxArgs {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(maxArgs))}
	}
	return nil
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
