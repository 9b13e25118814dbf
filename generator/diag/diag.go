// Package diag is reportpack's one diagnostics type: every problem a user can
// cause (in site.toml, the data files, the commentary or the theme) is a
// Diagnostic naming the file and place, the value, what is wrong and how to
// fix it. Stages collect diagnostics rather than stopping at the first, as
// esbuild's logger does.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Severity says whether a diagnostic stops the build.
type Severity uint8

// Severities. Errors stop a build; warnings are printed and the build goes on.
const (
	Error Severity = iota
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one problem, located as precisely as the source allows.
type Diagnostic struct {
	Severity Severity
	File     string // path as the user gave it, relative to the site where possible
	Sheet    string // XLSX sheet name; empty for other files
	Row      int    // table row as the user sees it (header = row 1); 0 when not a table row
	Line     int    // line in a text file (TOML, Markdown, template); 0 when unknown
	Column   string // spreadsheet column letter ("E"); empty when not a cell
	Header   string // the column's header as found in the file
	Value    string // the offending value, as found
	Message  string // what is wrong
	Hint     string // how to put it right; may be empty

	// Pupil is whose row of pupil data the problem is in, for the error
	// list (errors.xlsx), where a data officer filters it by school or
	// pupil. String never prints it: the pupil's name goes nowhere but
	// that list.
	Pupil Pupil
	// Summary, when set, sums up this problem and others like it that
	// differ in their values (the same UPN at two schools, pupil by
	// pupil): the diagnostics of one severity, file and sheet that share
	// a Summary print as that one line, while each stays a row of the
	// error list. It says all the line says, hint included. Set it only on
	// diagnostics that are many.
	Summary string
}

// Pupil identifies the pupil of a row of pupil data: the school's URN, the
// UPN and the name, as far as the row gives them.
type Pupil struct {
	URN  string
	UPN  string
	Name string // forename then surname
}

// Place renders where the problem is: "data/pupils.xlsx, sheet Pupils, row 14, column E (UPN)".
func (d Diagnostic) Place() string {
	rows := ""
	if d.Row > 0 {
		rows = "row " + strconv.Itoa(d.Row)
	}
	return d.place(rows)
}

// place renders where the problem is with rows ("row 14", "rows 2 to 31")
// in place of the row.
func (d Diagnostic) place(rows string) string {
	var b strings.Builder
	b.WriteString(d.File)
	if d.Sheet != "" {
		fmt.Fprintf(&b, ", sheet %s", d.Sheet)
	}
	if rows != "" {
		b.WriteString(", " + rows)
	}
	if d.Line > 0 {
		fmt.Fprintf(&b, ", line %d", d.Line)
	}
	if d.Column != "" || d.Header != "" {
		b.WriteString(", column ")
		switch {
		case d.Column != "" && d.Header != "":
			fmt.Fprintf(&b, "%s (%s)", d.Column, d.Header)
		case d.Column != "":
			b.WriteString(d.Column)
		default:
			b.WriteString(d.Header)
		}
	}
	return b.String()
}

// String renders the diagnostic on one line, as the CLI prints it. It
// names no pupil: Pupil is for the error list alone.
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Place())
	d.tail(&b)
	return b.String()
}

// tail renders what follows the place: severity, value, message, hint.
func (d Diagnostic) tail(b *strings.Builder) {
	fmt.Fprintf(b, ": %s: ", d.Severity)
	if d.Value != "" {
		fmt.Fprintf(b, "%q: ", d.Value)
	}
	b.WriteString(d.Message)
	if d.Hint != "" {
		fmt.Fprintf(b, " (hint: %s)", d.Hint)
	}
}

// List is a collection of diagnostics. Its zero value is ready to use.
type List []Diagnostic

// Add appends d.
func (l *List) Add(d Diagnostic) { *l = append(*l, d) }

// Errorf appends an error at place with a formatted message.
func (l *List) Errorf(place Diagnostic, format string, args ...any) {
	place.Severity = Error
	place.Message = fmt.Sprintf(format, args...)
	*l = append(*l, place)
}

// Warnf appends a warning at place with a formatted message.
func (l *List) Warnf(place Diagnostic, format string, args ...any) {
	place.Severity = Warning
	place.Message = fmt.Sprintf(format, args...)
	*l = append(*l, place)
}

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool {
	return slices.ContainsFunc(l, func(d Diagnostic) bool { return d.Severity == Error })
}

// Errors returns only the errors.
func (l List) Errors() List {
	return slices.DeleteFunc(slices.Clone(l), func(d Diagnostic) bool { return d.Severity != Error })
}

// Warnings returns only the warnings.
func (l List) Warnings() List {
	return slices.DeleteFunc(slices.Clone(l), func(d Diagnostic) bool { return d.Severity != Warning })
}

// Sort orders diagnostics by file, sheet, row, line and column, so output is
// stable and reads top to bottom like the file.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Sheet, b.Sheet),
			cmp.Compare(a.Row, b.Row),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(len(a.Column), len(b.Column)),
			cmp.Compare(a.Column, b.Column),
		)
	})
}

// Err returns the list as an error when it holds any error, else nil.
func (l List) Err() error {
	if !l.HasErrors() {
		return nil
	}
	return &Errors{List: l.Errors()}
}

// Errors is a non-empty list of error diagnostics used as a Go error.
type Errors struct{ List List }

func (e *Errors) Error() string {
	lines := make([]string, len(e.List))
	for i, d := range e.List {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}

// ColumnLetter turns a zero-based column index into its spreadsheet letter (0 -> "A", 26 -> "AA").
func ColumnLetter(i int) string {
	s := ""
	for i >= 0 {
		s = string(rune('A'+i%26)) + s
		i = i/26 - 1
	}
	return s
}
