package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/reportpack/reportpack/generator/grades"
	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/template"
)

// runTemplate writes the blank data-entry workbook for key stage 4 results
// by subject: `reportpack template --out pupils.xlsx`.
func runTemplate(_ context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlags("template", stdout)
	out := flags.String("out", "", "the workbook to write, an .xlsx file (required)")
	source := flags.String("source", ".", "the site folder: its "+grades.DefaultFile+", when it has one, gives the subject columns")
	force := flags.Bool("force", false, "overwrite --out if it exists")
	if err := parse(flags, args, 0); err != nil {
		return err
	}
	if *out == "" {
		return usageError{"--out is required"}
	}
	if !strings.EqualFold(filepath.Ext(*out), ".xlsx") {
		return usageError{"--out must name an .xlsx file"}
	}
	quals, diags := grades.LoadTable(load.DirSource(*source), "")
	if report(stderr, diags) {
		return errInput
	}
	// A filled-in pupil file is precious: never write over one by accident.
	if _, err := os.Stat(*out); err == nil && !*force {
		return fmt.Errorf("%s already exists: choose another name, or pass --force to overwrite it", *out)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := writeTemplate(*out, template.Options{Quals: quals}); err != nil {
		return err
	}
	from := "the default qualifications table"
	if quals.File != "" {
		from = filepath.Join(*source, filepath.FromSlash(quals.File))
	}
	fmt.Fprintf(stdout, "wrote a blank template with %d subject columns (from %s) to %s\n", len(quals.Quals), from, *out)
	fmt.Fprintln(stdout, "fill in one row per pupil on the Pupils sheet; the Guidance sheet says what each column holds")
	return nil
}

// writeTemplate writes the workbook beside name, then renames it into
// place, so a failure leaves no half-written file.
func writeTemplate(name string, opt template.Options) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".reportpack-template-*.xlsx")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	// CreateTemp makes the file 0600; a workbook is for sharing.
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := template.Write(tmp, opt); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return os.Rename(tmp.Name(), name)
}
