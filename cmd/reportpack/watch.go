package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/reportpack/reportpack"
	"github.com/reportpack/reportpack/generator/serve"
	"github.com/reportpack/reportpack/generator/site"
	"github.com/reportpack/reportpack/generator/watch"
)

// runWatch builds the site into memory, serves it and rebuilds on every
// change until interrupted. public/ is never touched: only `build` writes it.
func runWatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlags("watch", stdout)
	source := flags.String("source", ".", "the site folder, where site.toml is")
	profile := flags.String("profile", "named", "the profile to build and serve (one)")
	bind := flags.String("bind", "127.0.0.1", "the address to serve on; any other than loopback shares the pages with the network")
	port := flags.Int("port", 1313, "the port to serve on (0 picks a free one)")
	if err := parse(flags, args, 0); err != nil {
		return err
	}
	if p := *profile; p == "" || p == "all" || strings.Contains(p, ",") {
		return usageError{"--profile takes one profile name: watch serves one profile"}
	}
	if *port < 0 || *port > 65535 {
		return usageError{"--port must be between 0 and 65535"}
	}
	if _, err := os.Stat(filepath.Join(*source, "site.toml")); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no site.toml in %s: run watch in the site folder or give it with --source", *source)
	}

	ln, err := net.Listen("tcp", net.JoinHostPort(*bind, strconv.Itoa(*port)))
	if err != nil {
		return err
	}
	if ip := net.ParseIP(*bind); *bind != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(stderr, "warning: serving on %s, not loopback: anyone who can reach this machine can read the %s profile's pages\n", *bind, *profile)
	}
	fmt.Fprintf(stdout, "serving the %s profile at http://%s/ (Ctrl-C to stop)\n", *profile, ln.Addr())

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	srv := serve.New(*profile)
	served := make(chan error, 1)
	go func() {
		served <- srv.Serve(ctx, ln)
		cancel() // a server that stopped on its own ends watching too
	}()
	first := true
	err = watch.Run(ctx, watch.Config{
		Source:  *source,
		Builder: newWatchBuilder(*source, *profile),
		OnBuild: func(r watch.Result) {
			srv.Publish(r.Snapshot, r.Diags)
			printBuild(stderr, r, first)
			first = false
		},
		OnError: func(err error) { fmt.Fprintln(stderr, "watch:", err) },
	})
	cancel()
	if serr := <-served; err == nil {
		err = serr
	}
	return err
}

// newWatchBuilder makes the builder watch mode uses: a site.Session, which
// keeps data and measures in memory and re-renders only the pages a change
// touched. It is the one place that chooses it, so the tests and the
// save-to-served benchmark measure what users run.
var newWatchBuilder = func(source, profile string) watch.Builder {
	return watch.MemBuildFunc(site.NewSession(source, reportpack.DefaultTheme(), profile).Build)
}

// printBuild reports a build on the terminal: its diagnostics one a line,
// then how it went.
func printBuild(w io.Writer, r watch.Result, first bool) {
	r.Diags.Sort()
	for _, d := range r.Diags {
		fmt.Fprintln(w, d.String())
	}
	took := formatTook(r.Took)
	switch {
	case r.Failed():
		fmt.Fprintf(w, "build failed after %s (%d error(s)): still serving the last good build\n", took, len(r.Diags.Errors()))
	case first:
		fmt.Fprintf(w, "built in %s\n", took)
	case len(r.Changed) == 1:
		fmt.Fprintf(w, "rebuilt in %s: %s\n", took, r.Changed[0])
	case len(r.Changed) > 1:
		fmt.Fprintf(w, "rebuilt in %s: %d changes\n", took, len(r.Changed))
	default:
		fmt.Fprintf(w, "rebuilt in %s\n", took)
	}
}

func formatTook(d time.Duration) string {
	if d < 10*time.Second {
		return strconv.FormatInt(d.Milliseconds(), 10) + "ms"
	}
	return d.Round(100 * time.Millisecond).String()
}
