package catalog

//go:generate go test -run ^TestIDsDoc$ -update .

import (
	"bytes"
	"fmt"
	"strings"
)

// IDsMarkdown renders docs/ids.md: every measure and group id with its
// label, from the registry.
func IDsMarkdown() []byte {
	var b bytes.Buffer
	b.WriteString("# Measure and group ids\n\n")
	b.WriteString("<!-- Generated from generator/catalog by `go generate ./generator/catalog`; do not edit. -->\n\n")
	b.WriteString("Every id `national.csv` may use (`year,measure,group,value`, with an optional\n" +
		"`phase` column: blank or `all`, `primary`, `secondary`, `special`), and that\n" +
		"`measures.csv` exports. Measures marked \"not yet\" are in the specs but not\n" +
		"computed yet: national figures for them validate and are kept. A national\n" +
		"figure outside a measure's range is an error (percentages are 0 to 100).\n" +
		"Without a `national.csv`, reportpack uses the DfE's published figures it\n" +
		"ships (`generator/catalog/national-published.csv`); a site's own file\n" +
		"overrides them row by row. A page never shows a national figure from before\n" +
		"a measure's current method (\"method since\") in place of a later year's, and\n" +
		"in the years the DfE publishes none it says so in words.\n\n")
	b.WriteString("## Measures\n")
	for _, a := range Assessments {
		fmt.Fprintf(&b, "\n### %s\n\n", a.Title())
		b.WriteString("| id | label | unit | range | computed | method since | no national figure |\n|---|---|---|---|---|---|---|\n")
		for _, m := range measures {
			if m.Assessment != a {
				continue
			}
			rng := fnum(m.Min) + " to " + fnum(m.Max)
			if m.NoNational {
				rng = "–"
			}
			computed := "yes"
			if !m.Computed {
				computed = "not yet"
			}
			var gaps []string
			for _, g := range m.Gaps {
				if g.To == 0 {
					gaps = append(gaps, "from "+g.From.String())
				} else if g.To == g.From {
					gaps = append(gaps, g.From.String())
				} else {
					gaps = append(gaps, g.From.String()+" to "+g.To.String())
				}
			}
			none := strings.Join(gaps, "; ")
			if m.NoNational {
				none = "a count of the school's own pupils"
			}
			since := "–"
			if m.Since > 0 {
				since = m.Since.String()
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s | %s |\n", m.ID, m.Label, m.Unit, rng, computed, since, none)
		}
	}
	b.WriteString("\n## Groups\n\n| id | label | defined in |\n|---|---|---|\n")
	for _, g := range groups {
		note := g.Spec
		if g.NationalOnly {
			note += " (a national comparator only)"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", g.ID, g.Label, note)
	}
	b.WriteString("\n## Phases\n\n| id | label |\n|---|---|\n")
	for _, p := range Phases {
		id := "`" + string(p.ID) + "`"
		if p.ID == "" {
			id = "blank or `all`"
		}
		fmt.Fprintf(&b, "| %s | %s |\n", id, p.Label)
	}
	return b.Bytes()
}
