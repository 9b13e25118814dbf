package diag

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Group is what one printed line stands for: one diagnostic; or several
// that are the same problem in different rows of a table (the same
// severity, file, sheet, column, value, message and hint: thirty blank
// URNs); or several that share a Summary.
type Group struct {
	Diagnostic       // the first of them, in sorted order
	Rows       []int // every row of them, ascending and once each; none when they are not in table rows
	N          int   // how many diagnostics
}

// groupKey is what makes two diagnostics one printed line.
type groupKey struct {
	severity                                                Severity
	file, sheet, column, header, value, message, hint, summ string
	single                                                  int // set to keep a diagnostic on its own line
}

// Groups gathers the list, in sorted order, into what prints as one line
// each: a problem repeated in many rows (identical but for the row, and
// the pupil) becomes one group with its rows, and diagnostics sharing a
// Summary become one group. A diagnostic not in a table row stands alone.
func (l List) Groups() []Group {
	sorted := slices.Clone(l)
	sorted.Sort()
	var out []Group
	index := map[groupKey]int{}
	for i, d := range sorted {
		k := groupKey{severity: d.Severity, file: d.File, sheet: d.Sheet}
		switch {
		case d.Summary != "":
			k.summ = d.Summary
		case d.Row > 0 && d.Line == 0:
			k.column, k.header, k.value, k.message, k.hint = d.Column, d.Header, d.Value, d.Message, d.Hint
		default:
			k.single = i + 1
		}
		j, ok := index[k]
		if !ok {
			j = len(out)
			index[k] = j
			out = append(out, Group{Diagnostic: d})
		}
		g := &out[j]
		g.N++
		if d.Row > 0 {
			g.Rows = append(g.Rows, d.Row)
		}
	}
	for i := range out {
		g := &out[i]
		slices.Sort(g.Rows)
		g.Rows = slices.Compact(g.Rows)
	}
	return out
}

// String renders the group on one line: a lone diagnostic as itself; a
// repeated problem with its rows ("rows 2 to 31 (30 rows)") in place of
// the row; a summary group as its Summary, which holds its own hint.
func (g Group) String() string {
	switch {
	case g.Summary != "":
		d := Diagnostic{Severity: g.Severity, File: g.File, Sheet: g.Sheet, Message: g.Summary}
		return d.String()
	case g.N == 1:
		return g.Diagnostic.String()
	}
	var b strings.Builder
	b.WriteString(g.place("rows " + Ranges(g.Rows) + " (" + strconv.Itoa(g.N) + " rows)"))
	g.tail(&b)
	return b.String()
}

// RowRanges renders the group's rows as Ranges does.
func (g Group) RowRanges() string { return Ranges(g.Rows) }

// Lines renders the list as it prints: sorted, a line a group.
func (l List) Lines() []string {
	gs := l.Groups()
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = g.String()
	}
	return out
}

// Ranges renders row numbers as runs: "2 to 31, 40, 42 to 50". The rows
// must be ascending.
func Ranges(rows []int) string {
	var b strings.Builder
	for i := 0; i < len(rows); {
		j := i
		for j+1 < len(rows) && rows[j+1] == rows[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(rows[i]))
		if j > i {
			fmt.Fprintf(&b, " to %d", rows[j])
		}
		i = j + 1
	}
	return b.String()
}
