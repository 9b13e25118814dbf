package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/reportpack/reportpack"
	"github.com/reportpack/reportpack/generator/site"
)

// runVerify scans a built folder for the source data's pupil identities:
// the check an LA runs before it emails or publishes a non-named pack.
func runVerify(_ context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlags("verify", stdout)
	source := flags.String("source", ".", "the site folder whose pupil data to look for")
	// The folder comes first on the command line (verify DIR --source SITE),
	// which the flag package would stop at: take it off before parsing.
	var dir string
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		dir, args = args[0], args[1:]
	}
	if err := parse(flags, args, 1); err != nil {
		return err
	}
	if dir == "" {
		dir = flags.Arg(0)
	} else if flags.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", flags.Arg(0))}
	}
	if dir == "" {
		return usageError{"verify needs the folder to scan, such as public/anonymised"}
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("%s: not a folder to scan", dir)
	}
	checker, pupils, diags := site.Checker(*source, reportpack.DefaultTheme())
	if report(stderr, diags) {
		return errInput
	}
	findings, err := checker.FS(os.DirFS(dir), ".")
	if err != nil {
		return fmt.Errorf("scanning %s: %w", dir, err)
	}
	for _, f := range findings {
		fmt.Fprintf(stderr, "%s/%s\n", dir, f)
	}
	if len(findings) > 0 {
		fmt.Fprintf(stderr, "%d pupil identifier(s) found in %s: do not share it\n", len(findings), dir)
		return errInput
	}
	fmt.Fprintf(stdout, "no pupil name, UPN or date of birth from %d pupil(s) found in %s\n", pupils, dir)
	return nil
}
