package assess

import (
	"fmt"
	"strings"

	"github.com/reportpack/reportpack/generator/model"
)

// Markdown is docs/assessments.md: every declared assessment's year
// groups, columns, codes, measures and tables, generated from the registry
// so that the page a school reads and the code that reads its file agree.
func Markdown() string {
	var b strings.Builder
	b.WriteString("# Assessments\n\n")
	b.WriteString("Generated from the registry of assessments (`generator/assess`) by\n")
	b.WriteString("`go test ./generator/assess -update`; do not edit by hand.\n\n")
	b.WriteString("A row is one pupil on roll at one school in one year, with its year group in\n")
	b.WriteString("`NCYear` (see [data-contract.md](data-contract.md)). A row takes part in an\n")
	b.WriteString("assessment when it has any of the assessment's cells filled; a cell in a\n")
	b.WriteString("column that does not apply to the row's year group is an error. Codes match\n")
	b.WriteString("ignoring case. Key stages 2 and 4 have the columns of data-contract.md.\n")
	for _, a := range All() {
		fmt.Fprintf(&b, "\n## %s (`%s`)\n\n", a.Title, a.ID)
		fmt.Fprintf(&b, "Year groups: %s.\n\n", YearGroups(a.NCYears))
		b.WriteString(a.Intro + "\n\n")
		if a.Typed {
			b.WriteString("Columns: those of [data-contract.md](data-contract.md), read into typed results.\n")
		} else {
			b.WriteString("| column | holds | values |\n|---|---|---|\n")
		}
		for _, c := range a.Columns {
			name := "`" + c.Name + "`"
			for _, al := range c.Aliases {
				name += " (or `" + al + "`)"
			}
			var vals []string
			if c.Kind == Number {
				vals = append(vals, fmt.Sprintf("%g to %g", c.Min, c.Max))
			}
			for _, cd := range c.Codes {
				if cd.Why != "" {
					continue
				}
				vals = append(vals, "`"+cd.Code+"` "+cd.Meaning)
			}
			holds := c.Label
			if len(c.NCYears) > 0 {
				holds += " (" + YearGroups(c.NCYears) + " only)"
			}
			fmt.Fprintf(&b, "| %s | %s | %s |\n", name, holds, strings.Join(vals, "; "))
		}
		for _, cr := range a.Carry {
			fmt.Fprintf(&b, "\nA %s row's `%s`, when blank, is the same pupil's `%s` from the year before, in %s, found by UPN at any school in the data.\n",
				cr.AtNCYear, a.Columns[cr.To].Name, a.Columns[cr.From].Name, cr.FromNCYear)
		}
		b.WriteString("\n| measure id | measure | table |\n|---|---|---|\n")
		for _, m := range a.Measures {
			fmt.Fprintf(&b, "| `%s` | %s | %s |\n", m.ID, m.Title(), tableOf(a, m.ID))
		}
	}
	return b.String()
}

func tableOf(a *Assessment, id model.MeasureID) string {
	for _, t := range a.Tables {
		for _, m := range t.Measures {
			if m == id {
				return t.Title
			}
		}
	}
	return ""
}
