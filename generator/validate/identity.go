package validate

import (
	"cmp"
	"fmt"
	"iter"
	"slices"
	"strings"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/model"
)

// pupilOf identifies a pupil for the error list: URN, UPN and name.
func pupilOf(p *model.Pupil) diag.Pupil {
	return diag.Pupil{URN: string(p.URN), UPN: p.ID.UPN,
		Name: strings.TrimSpace(strings.TrimSpace(p.ID.Forename) + " " + strings.TrimSpace(p.ID.Surname))}
}

// Annotate gives each diagnostic in a row of pupil data that names no
// pupil yet (load's bad cells, say) the pupil of that row, so the error
// list can be filtered by school. A row with bad cells is still a pupil
// (load leaves those cells blank), so most rows have one.
func Annotate(l diag.List, pupils []model.Pupil) {
	type cell struct {
		file, sheet string
		row         int
	}
	var at map[cell]*model.Pupil
	for i := range l {
		d := &l[i]
		if d.Row <= 1 || d.Pupil != (diag.Pupil{}) {
			continue
		}
		if at == nil {
			at = make(map[cell]*model.Pupil, len(pupils))
			for j := range pupils {
				p := &pupils[j]
				at[cell{p.Src.File, p.Src.Sheet, p.Src.Row}] = p
			}
		}
		if p, ok := at[cell{d.File, d.Sheet, d.Row}]; ok {
			d.Pupil = pupilOf(p)
		}
	}
}

// Named is a school the site names, and where it names it.
type Named struct {
	URN model.URN
	// At is where the school is named: a schools file's row and column,
	// or site.toml's line. Empty means site.toml's [schools.<URN>].
	At diag.Diagnostic
}

// NamedURNs names schools by URN alone, as site.toml's [schools.<URN>]
// tables do: `validate.NamedURNs(maps.Keys(cfg.Schools))`.
func NamedURNs(urns iter.Seq[string]) []Named {
	var out []Named
	for u := range urns {
		out = append(out, Named{URN: model.URN(u)})
	}
	return out
}

// place is where n is named, with its URN as the value.
func (n Named) place() diag.Diagnostic {
	d := n.At
	if d.File == "" {
		d.File = "site.toml"
	}
	if d.Value == "" {
		d.Value = string(n.URN)
	}
	return d
}

// moved is a warning of sameUPNElsewhere: its index in the list, the
// cohort and UPN, the first row and this one.
type moved struct {
	at   int
	y    model.Year
	ks   model.KeyStage
	upn  string
	rows [2]int
}

// movedInFull is how many pupils at two schools print one a line; more
// print as one summary line per year and key stage.
const movedInFull = 3

// cohortFirst is what sameUPNElsewhere's warning says of the first row of
// a year's key stage cohort with a UPN.
type cohortFirst struct {
	at   rowOrder // where it comes in the files (Stream keeps the first)
	urn  model.URN
	src  model.Source
	name string // personName
}

func firstOf(p *model.Pupil, at rowOrder) cohortFirst {
	return cohortFirst{at: at, urn: p.URN, src: p.Src, name: personName(p)}
}

// cohortOf is p's key for sameUPNElsewhere; ok is false for a row it does
// not check.
func cohortOf(p *model.Pupil) (k cohortKey, ok bool) {
	if p.ID.UPN == "" || p.Year == 0 || p.KeyStage == "" || p.URN == "" {
		return cohortKey{}, false
	}
	return cohortKey{p.Year, p.KeyStage, p.ID.UPN}, true
}

// sameUPNElsewhere warns of a UPN in one year's key stage cohort at two
// schools. A pupil who moved school can appear at both, legitimately, and
// then counts in both schools' figures; but two pupils with one UPN is a
// typo. The warning is at the later row and names the first.
func sameUPNElsewhere(c *pupilCheck, p *model.Pupil) {
	k, ok := cohortOf(p)
	if !ok {
		return
	}
	first, ok := c.firstAt[k]
	if !ok {
		c.firstAt[k] = firstOf(p, rowOrder{})
		return
	}
	c.movedFrom(first, p)
}

// movedFrom warns of p, whose cohort's first row is first, when they are
// at two schools.
func (c *pupilCheck) movedFrom(first cohortFirst, p *model.Pupil) {
	if first.urn == p.URN {
		return // the same school: duplicateUPN's error
	}
	d := c.at(p, load.ColUPN, p.ID.UPN)
	d.Severity = diag.Warning
	d.Message = fmt.Sprintf("this pupil is also at URN %s (%s) in %s, %s: at two schools, the pupil counts in both",
		first.urn, rowOf(first.src, p), p.Year, p.KeyStage)
	d.Hint = "a pupil who moved school may appear at both; if these are two pupils, one UPN is wrong"
	if !samePerson(first.name, personName(p)) {
		d.Hint = "the names differ: if these are two pupils, one UPN is wrong; if one pupil who moved school, correct the name"
	}
	c.moved = append(c.moved, moved{at: len(c.l), y: p.Year, ks: p.KeyStage, upn: p.ID.UPN, rows: [2]int{first.src.Row, p.Src.Row}})
	c.l.Add(d)
}

// rowOf names the row src as seen from at: "row 12", or with its file
// and sheet when they differ.
func rowOf(src model.Source, at *model.Pupil) string {
	switch {
	case src.File != at.Src.File && src.Sheet == "":
		return fmt.Sprintf("%s, row %d", src.File, src.Row)
	case src.File != at.Src.File:
		return fmt.Sprintf("%s, sheet %s, row %d", src.File, src.Sheet, src.Row)
	case src.Sheet != at.Src.Sheet:
		return fmt.Sprintf("sheet %s, row %d", src.Sheet, src.Row)
	}
	return fmt.Sprintf("row %d", src.Row)
}

// personName is the row's name as samePerson compares it: ignoring case
// and spacing.
func personName(p *model.Pupil) string {
	return strings.ToLower(strings.Join(strings.Fields(p.ID.Forename+" "+p.ID.Surname), " "))
}

// samePerson: the two rows' names (personName) agree (a blank name
// agrees with any).
func samePerson(na, nb string) bool {
	return na == "" || nb == "" || na == nb
}

// summariseMoved gives the warnings of one year and key stage a summary
// line when they are about many pupils: "42 pupils appear at two schools
// in 2024/25, KS4: first K820200125001 rows 12 and 4031; ...". Each
// warning stays a row of the error list.
func summariseMoved(c *pupilCheck) {
	type cohort struct {
		y  model.Year
		ks model.KeyStage
	}
	by := map[cohort][]moved{}
	var order []cohort
	for _, m := range c.moved {
		k := cohort{m.y, m.ks}
		if _, ok := by[k]; !ok {
			order = append(order, k)
		}
		by[k] = append(by[k], m)
	}
	for _, k := range order {
		ms := by[k]
		pupils := map[string]bool{}
		for _, m := range ms {
			pupils[m.upn] = true
		}
		if len(pupils) <= movedInFull {
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%d pupils appear at two schools in %s, %s (a pupil who moved school counts in both; two pupils with one UPN is a typo): first ", len(pupils), k.y, k.ks)
		for i, m := range ms[:movedInFull] {
			if i > 0 {
				b.WriteString("; ")
			}
			fmt.Fprintf(&b, "%s rows %d and %d", m.upn, m.rows[0], m.rows[1])
		}
		fmt.Fprintf(&b, "; and %d more: each is a row of the list `reportpack validate --errors errors.xlsx` writes", len(ms)-movedInFull)
		for _, m := range ms {
			c.l[m.at].Summary = b.String()
		}
	}
}

// schoolsNamed: when the site names its schools, every row's school is
// named (an error), and every school it names has pupil rows (a warning,
// an error when it is a slip away from rows named nowhere). A slip of one
// digit ("137123" for "137132") otherwise builds a pack titled "School
// 137132" and none for the school named. Each suggests the closest URN on
// the other side.
func schoolsNamed(c *pupilCheck) {
	if len(c.named) == 0 || len(c.all) == 0 {
		return
	}
	var schools []schoolRows // in file order
	at := map[model.URN]int{}
	for i := range c.all {
		p := &c.all[i]
		if p.URN == "" {
			continue // urnShape's error, or the file's
		}
		k, ok := at[p.URN]
		if !ok {
			k = len(schools)
			at[p.URN] = k
			schools = append(schools, schoolRows{urn: p.URN, first: *p})
		}
		schools[k].rows = append(schools[k].rows, p.Src.Row)
	}
	c.namedSchools(schools)
}

// schoolRows is what schoolsNamed needs to know of a school's rows.
type schoolRows struct {
	urn   model.URN
	first model.Pupil // the first (merged) row
	rows  []int       // each row's number
	at    rowOrder    // where the first row comes (Stream orders schools by it)
}

// namedSchools is schoolsNamed's check, of the schools with rows (those
// with a URN), in the order their first rows come.
func (c *pupilCheck) namedSchools(schools []schoolRows) {
	// In URN order, so the diagnostics come in the same order every time
	// (site.toml's schools come from a map).
	c.named = slices.SortedStableFunc(slices.Values(c.named), func(a, b Named) int { return cmp.Compare(a.URN, b.URN) })
	named := map[model.URN]bool{}
	for _, n := range c.named {
		named[n.URN] = true
	}
	rows := map[model.URN]*schoolRows{}
	var found []model.URN // in file order
	for i := range schools {
		rows[schools[i].urn] = &schools[i]
		found = append(found, schools[i].urn)
	}
	var unnamed, empty []model.URN
	for _, u := range found {
		if !named[u] {
			unnamed = append(unnamed, u)
		}
	}
	for _, n := range c.named {
		if _, ok := rows[n.URN]; !ok && validURN(n.URN) {
			empty = append(empty, n.URN)
		}
	}

	// A named school with no rows is an error when rows of a school named
	// nowhere are a slip away (one of the two is mistyped); else a
	// warning: a schools file lists every school of the LA, and this data
	// may hold only some (primaries, this year's cohort).
	var quiet []int // indexes in c.l of the warnings
	for _, n := range c.named {
		if _, ok := rows[n.URN]; ok || !validURN(n.URN) {
			continue // config reports a URN that is not 6 digits
		}
		d := n.place()
		d.Message = fmt.Sprintf("no pupil row has URN %s, so this school will have no pack", n.URN)
		if n.At.File == "" {
			d.Message = fmt.Sprintf("site.toml names school %s ([schools.%s]) but no pupil row has that URN, so it will have no pack", n.URN, n.URN)
		}
		d.Pupil = diag.Pupil{URN: string(n.URN)}
		if s := closestURN(n.URN, unnamed); s != "" {
			d.Hint = fmt.Sprintf("did you mean %s? %d pupil row(s) have that URN, which the site does not name: correct one of the two", s, len(rows[s].rows))
		} else {
			d.Severity = diag.Warning
			d.Hint = "check the URN at get-information-schools.service.gov.uk, or leave the school out if this data has none of its pupils"
			quiet = append(quiet, len(c.l))
		}
		c.l.Add(d)
	}
	if len(quiet) > movedInFull {
		var urns []string
		for _, i := range quiet {
			urns = append(urns, c.l[i].Value)
		}
		summary := fmt.Sprintf("%d schools the site names have no pupil rows, so they will have no pack: %s (if this data should hold their pupils, check their URNs)",
			len(quiet), strings.Join(urns, ", "))
		for _, i := range quiet {
			c.l[i].Summary = summary
		}
	}

	for _, u := range unnamed {
		ps := rows[u]
		d := c.at(&ps.first, load.ColURN, string(u))
		d.Pupil = diag.Pupil{URN: string(u)}
		if !slices.ContainsFunc(c.files, func(f load.PupilFile) bool { return f.Layout.Has(load.ColURN) }) { // every row took site.toml's urn
			d = diag.Diagnostic{File: "site.toml", Value: string(u), Pupil: d.Pupil}
			d.Message = fmt.Sprintf("urn = %q is not one of the schools site.toml names", string(u))
		} else {
			d.Message = fmt.Sprintf("URN %s is not one of the schools the site names: %d pupil row(s) have it (%s)", u, len(ps.rows), rowList(ps.rows))
		}
		if s := closestURN(u, empty); s != "" {
			d.Hint = fmt.Sprintf("did you mean %s? The site names it and no pupil row has it: correct one of the two", s)
		} else {
			d.Hint = fmt.Sprintf("name the school in site.toml ([schools.%s] with its name), or correct the URN in the data", u)
		}
		c.l.Add(d)
	}
}

// closestURN is the URN among candidates within two edits of u (a digit
// wrong, or two swapped, is one), the nearest, then the least; or "".
func closestURN(u model.URN, candidates []model.URN) model.URN {
	best, bestD := model.URN(""), 3
	for _, k := range candidates {
		d := diag.EditDistance(string(u), string(k))
		if d < bestD || d == bestD && cmp.Less(k, best) {
			best, bestD = k, d
		}
	}
	return best
}

// rowList names the rows of a school: "rows 2 to 241", the first few runs
// when they are many.
func rowList(rows []int) string {
	rows = slices.Clone(rows)
	slices.Sort(rows)
	rows = slices.Compact(rows)
	if len(rows) == 1 {
		return fmt.Sprintf("row %d", rows[0])
	}
	s := diag.Ranges(rows)
	if parts := strings.Split(s, ", "); len(parts) > 5 {
		s = strings.Join(parts[:5], ", ") + ", …"
	}
	return "rows " + s
}
