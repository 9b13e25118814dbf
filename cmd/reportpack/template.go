package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/reportpack/reportpack/generator/grades"
	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/template"
)

// runTemplate writes a blank data-entry workbook: for a secondary school
// key stage 4 results by subject (`reportpack template --out pupils.xlsx`),
// for a primary the declared assessments of Reception to Year 6 and key
// stage 2 (`--phase primary`).
func runTemplate(_ context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlags("template", stdout)
	out := flags.String("out", "", "the workbook to write, an .xlsx file (required)")
	phase := flags.String("phase", string(template.Secondary), "the school's phase: "+phaseNames()+
		"; secondary has a column per KS4 subject, primary the EYFS, phonics, KS1, MTC and KS2 columns")
	source := flags.String("source", ".", "the site folder: its "+grades.DefaultFile+", when it has one, gives a secondary template's subject columns")
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
	ph := template.Phase(strings.ToLower(strings.TrimSpace(*phase)))
	if !slices.Contains(template.Phases, ph) {
		return usageError{fmt.Sprintf("--phase %q: use %s", *phase, phaseNames())}
	}
	opt := template.Options{Phase: ph}
	if ph == template.Secondary {
		quals, diags := grades.LoadTable(load.DirSource(*source), "")
		if report(stderr, diags) {
			return errInput
		}
		opt.Quals = quals
	}
	// A filled-in pupil file is precious: never write over one by accident.
	if _, err := os.Stat(*out); err == nil && !*force {
		return fmt.Errorf("%s already exists: choose another name, or pass --force to overwrite it", *out)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := writeTemplate(*out, opt); err != nil {
		return err
	}
	if ph == template.Secondary {
		from := "the default qualifications table"
		if opt.Quals.File != "" {
			from = filepath.Join(*source, filepath.FromSlash(opt.Quals.File))
		}
		fmt.Fprintf(stdout, "wrote a blank template with %d subject columns (from %s) to %s\n", len(opt.Quals.Quals), from, *out)
	} else {
		var names []string
		for _, a := range ph.Assessments() {
			names = append(names, a.Short)
		}
		fmt.Fprintf(stdout, "wrote a blank %s template with the %s and KS2 columns to %s\n", ph, strings.Join(names, ", "), *out)
	}
	fmt.Fprintln(stdout, "fill in one row per pupil on the Pupils sheet; the Guidance sheet says what each column holds")
	return nil
}

// phaseNames lists the phases for messages: "secondary or primary".
func phaseNames() string {
	s := make([]string, len(template.Phases))
	for i, p := range template.Phases {
		s[i] = string(p)
	}
	return strings.Join(s, " or ")
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
