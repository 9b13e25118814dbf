package validate

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/model"
)

// pupilRule checks one thing about each pupil, or about the file as a whole.
type pupilRule struct {
	name  string
	file  func(c *pupilCheck)                 // once per file; may be nil
	pupil func(c *pupilCheck, p *model.Pupil) // once per pupil; may be nil
	end   func(c *pupilCheck)                 // once after every pupil; may be nil
	// whole rules run once over the pupils of every file, merged (see
	// merge), rather than file by file: c.pf is then unset.
	whole bool
}

// pupilRules run in this order; each is tested on its own.
var pupilRules = []pupilRule{
	{name: "urn", file: urnRequired, pupil: urnShape},
	{name: "columns", file: columnsPresent},
	{name: "upn", pupil: upnCheck},
	{name: "duplicate", pupil: duplicateUPN},
	{name: "moved", pupil: sameUPNElsewhere, end: summariseMoved, whole: true},
	{name: "schools", end: schoolsNamed, whole: true},
	{name: "prior", pupil: priorRange},
	{name: "dob", pupil: dobPlausible},
	{name: "p8", pupil: p8Range},
}

// pupilCheck is the state the rules share while checking the pupil files.
type pupilCheck struct {
	pf         load.PupilFile   // the file a rule that is not whole checks
	files      []load.PupilFile // every pupil file, for their layouts
	all        []model.Pupil    // every file's pupils, merged: what whole rules check
	l          diag.List
	seen       map[pupilKey]int // first row of each file, URN, year and UPN
	badDefault bool             // the default URN's problem is reported once

	named   []Named                   // the schools the site names
	firstAt map[cohortKey]cohortFirst // the first row of each year, key stage and UPN
	moved   []moved                   // the warnings of sameUPNElsewhere

	// streamed, when set, is what Stream has counted of the file c.pf
	// (whose Pupils it does not keep): the file rules read it.
	streamed *fileTally
}

// fileTally is what the rules that look at a whole file need of its
// rows: how many there are, and their key stages.
type fileTally struct {
	rows   int
	stages map[model.KeyStage]bool
}

func (t *fileTally) add(p *model.Pupil) {
	t.rows++
	if t.stages == nil {
		t.stages = map[model.KeyStage]bool{}
	}
	t.stages[p.KeyStage] = true
}

// tally counts the rows of the file being checked.
func (c *pupilCheck) tally() *fileTally {
	if c.streamed != nil {
		return c.streamed
	}
	t := &fileTally{stages: map[model.KeyStage]bool{}}
	for i := range c.pf.Pupils {
		t.add(&c.pf.Pupils[i])
	}
	return t
}

// cohortKey is a pupil in one year's key stage cohort, at any school.
type cohortKey struct {
	y   model.Year
	ks  model.KeyStage
	upn string
}

type pupilKey struct {
	file string
	urn  model.URN
	y    model.Year
	upn  string
}

// Pupils checks the pupils of one pupil file. named are the schools the
// site names (site.toml [schools.N], or a schools file): when there are
// any, each must have pupil rows and every row's school must be one of
// them.
func Pupils(pf load.PupilFile, named ...Named) diag.List {
	return checkPupils(pf, pupilRules, named...)
}

func checkPupils(pf load.PupilFile, rules []pupilRule, named ...Named) diag.List {
	return checkPupilFiles([]load.PupilFile{pf}, pf.Pupils, rules, named...)
}

// checkPupilFiles runs the rules on each file in turn, and the whole
// rules once on all, the files' pupils merged.
func checkPupilFiles(files []load.PupilFile, all []model.Pupil, rules []pupilRule, named ...Named) diag.List {
	c := &pupilCheck{files: files, all: all, seen: map[pupilKey]int{}, named: named, firstAt: map[cohortKey]cohortFirst{}}
	run := func(r pupilRule, pupils []model.Pupil) {
		if r.file != nil {
			r.file(c)
		}
		if r.pupil != nil {
			for i := range pupils {
				r.pupil(c, &pupils[i])
			}
		}
		if r.end != nil {
			r.end(c)
		}
	}
	for _, r := range rules {
		if r.whole {
			c.pf = load.PupilFile{}
			run(r, all)
			continue
		}
		for _, pf := range files {
			c.pf, c.badDefault = pf, false
			run(r, pf.Pupils)
		}
	}
	return c.l
}

// layoutOf is the layout of the file the pupil's row is in.
func (c *pupilCheck) layoutOf(p *model.Pupil) load.Layout {
	if c.pf.File == p.Src.File {
		return c.pf.Layout
	}
	for _, f := range c.files {
		if f.File == p.Src.File {
			return f.Layout
		}
	}
	return nil
}

// at locates a pupil's cell in a column, with the value to show.
func (c *pupilCheck) at(p *model.Pupil, col load.Column, value string) diag.Diagnostic {
	return cellAt(p, c.layoutOf(p), col, value)
}

// cellAt locates a pupil's cell in a column of its file's layout, with
// the value to show; a column the layout lacks is named by its name.
func cellAt(p *model.Pupil, layout load.Layout, col load.Column, value string) diag.Diagnostic {
	d := diag.Diagnostic{File: p.Src.File, Sheet: p.Src.Sheet, Row: p.Src.Row, Value: value, Pupil: pupilOf(p)}
	if pl, ok := layout[col]; ok {
		d.Column, d.Header = pl.Letter, pl.Header
	} else {
		d.Header = string(col)
	}
	return d
}

// header locates the file's header row, for problems with a whole column.
func (c *pupilCheck) header(col load.Column) diag.Diagnostic {
	return diag.Diagnostic{File: c.pf.File, Sheet: c.pf.Sheet, Row: 1, Header: string(col)}
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// urnRequired: without a URN column every pupil must take the school's URN
// from site.toml; a file of several schools must say which row is whose.
func urnRequired(c *pupilCheck) {
	if c.pf.Layout.Has(load.ColURN) || c.pf.DefaultURN != "" || c.tally().rows == 0 {
		return
	}
	d := c.header(load.ColURN)
	d.Message = "the file has no URN column and site.toml names no school"
	d.Hint = "add a URN column (needed when the file holds more than one school), or set the school's urn in site.toml"
	c.l.Add(d)
}

// countedBlank are the key stage 2 columns a percentage counts a blank in
// as "not met" (as the DfE counts a pupil with no result): without the
// column every pupil would count as not meeting it, and the pack would
// show 0% for what is a missing column. So a file with key stage 2 rows
// must have them. (Key stage 4's flags may instead be worked out from
// subject grades, which package grades applies later.)
var countedBlank = []load.Column{load.ColReadSS, load.ColWritTA, load.ColMatSS, load.ColGPSSS}

// columnsPresent: a file with key stage 2 rows has the columns its
// percentages need (an error), and a header that is nearly the name of a
// column the file lacks is named, since it is not read (a warning):
// "P8 score" is ignored, and Progress 8 is worked out from estimates.
func columnsPresent(c *pupilCheck) {
	stages := c.tally().stages
	needed := map[load.Column]bool{}
	if stages[model.KS2] {
		for _, col := range countedBlank {
			needed[col] = true
		}
	}
	for _, col := range load.PupilColumns {
		if c.pf.Layout.Has(col) || (col.Stage() != "" && !stages[col.Stage()]) {
			continue
		}
		// Of several pupil files, another may give the column (results
		// apart from the census): the rows merge.
		if slices.ContainsFunc(c.files, func(f load.PupilFile) bool { return f.Layout.Has(col) }) {
			continue
		}
		near := load.ClosestHeader(col, c.pf.Ignored)
		d := c.header(col)
		switch {
		case needed[col]:
			d.Message = fmt.Sprintf("the file has key stage %s rows but no %s column", strings.TrimPrefix(string(col.Stage()), "ks"), col)
			d.Hint = "without it every pupil would count as not meeting the standard; add the column"
			if near != "" {
				d.Value = near
				d.Hint = fmt.Sprintf(`is %q it? Rename it %s, or map it in site.toml [data.columns]`, near, col)
			}
			c.l.Add(d)
		case near != "":
			d.Value = near
			d.Message = fmt.Sprintf("the column %q is not read: it is not a column reportpack knows, and the file has no %s column", near, col)
			d.Hint = fmt.Sprintf("if it holds %s, rename it %s or map it in site.toml [data.columns] (and its values, such as Yes/No, under [data.values.%s]; a preset such as preset = \"sims\" maps a MIS export's usual headers and values); if not, ignore this", col, col, col)
			d.Severity = diag.Warning
			c.l.Add(d)
		}
	}
}

// urnShape: a URN is six digits.
func urnShape(c *pupilCheck, p *model.Pupil) {
	switch {
	case p.URN == "":
		if c.pf.Layout.Has(load.ColURN) {
			d := c.at(p, load.ColURN, "")
			d.Message = "blank"
			d.Hint = "give the school's 6-digit URN, or set the school's urn in site.toml for rows without one"
			c.l.Add(d)
		}
	case validURN(p.URN):
	case p.URN == c.pf.DefaultURN:
		if !c.badDefault {
			c.badDefault = true
			d := c.header(load.ColURN)
			d.Value = string(p.URN)
			d.Message = "the school URN from site.toml is not 6 digits"
			d.Hint = "find the URN at get-information-schools.service.gov.uk"
			c.l.Add(d)
		}
	default:
		d := c.at(p, load.ColURN, string(p.URN))
		d.Message = "a URN is 6 digits"
		d.Hint = "find the school's URN at get-information-schools.service.gov.uk (a 7-digit number is the DfE number, LA and establishment)"
		c.l.Add(d)
	}
}

func validURN(u model.URN) bool {
	return len(u) == 6 && strings.Trim(string(u), "0123456789") == ""
}

// upnCheck: 13 characters, the first a check letter that matches the rest.
func upnCheck(c *pupilCheck, p *model.Pupil) {
	u := p.ID.UPN
	if u == "" {
		return // load reports a blank UPN
	}
	d := c.at(p, load.ColUPN, u)
	letter, ok := model.UPNCheckLetter(u)
	switch {
	case len(u) != 13:
		d.Message = fmt.Sprintf("a UPN has 13 characters; this has %d", len([]rune(u)))
		d.Hint = "check for a missing or extra character"
	case !ok || u[0] < 'A' || u[0] > 'Z':
		d.Message = "not the shape of a UPN"
		d.Hint = "a UPN is a check letter, 11 digits, then a digit (or a letter, for a temporary UPN)"
	case u[0] != letter:
		d.Message = "the check letter does not match the rest of the UPN"
		d.Hint = fmt.Sprintf("for these digits the check letter would be %c: check the UPN was copied correctly", letter)
	default:
		return
	}
	c.l.Add(d)
}

// duplicateUPN: one row per pupil on roll at a school in a year, whatever
// the year group or results (whole-school.md). Within one file: rows of
// two files with the same URN, year and UPN are one pupil (merge).
func duplicateUPN(c *pupilCheck, p *model.Pupil) {
	if p.ID.UPN == "" || p.Year == 0 {
		return
	}
	k := pupilKey{p.Src.File, p.URN, p.Year, p.ID.UPN}
	first, dup := c.seen[k]
	if !dup {
		c.seen[k] = p.Src.Row
		return
	}
	d := c.at(p, load.ColUPN, p.ID.UPN)
	d.Message = fmt.Sprintf("the same UPN as row %d, for the same school and year", first)
	d.Hint = "a pupil has one row per school and year, holding all their results: merge the rows, or correct the UPN"
	c.l.Add(d)
}

// priorRange: prior attainment within what the DfE's scores allow. KS2_APS
// is a fine level (up to 6) for older cohorts, an average scaled score
// (80 to 120) for newer ones; anything between is neither.
func priorRange(c *pupilCheck, p *model.Pupil) {
	switch p.KeyStage {
	case model.KS2:
		if v := p.KS2.KS1APS; v.Valid && (v.V < 0 || v.V > 21) {
			d := c.at(p, load.ColKS1APS, num(v.V))
			d.Message = "prior attainment out of range"
			d.Hint = "the KS1 average point score runs from 0 to 21"
			c.l.Add(d)
		}
	case model.KS4:
		if v := p.KS4.KS2APS; v.Valid && !(v.V >= 0 && v.V <= 6) && !(v.V >= 80 && v.V <= 120) {
			d := c.at(p, load.ColKS2APS, num(v.V))
			d.Message = "prior attainment out of range"
			d.Hint = "KS2_APS is an average scaled score (80 to 120), or a fine level (0 to 6) for older cohorts"
			c.l.Add(d)
		}
	}
}

// birthYearOffset is how many years before the end of the academic year a
// pupil in the key stage's final year was born: the year-6 class of 2024/25
// was born in 2013/14.
var birthYearOffset = map[model.KeyStage]int{model.KS2: 11, model.KS4: 16}

// dobPlausible warns of a date of birth more than two years outside the
// usual one for the year and key stage: a typo, or the wrong year. Pupils
// out of their age group exist, so it is a warning.
func dobPlausible(c *pupilCheck, p *model.Pupil) {
	off, ok := birthYearOffset[p.KeyStage]
	if p.ID.DOB.IsZero() || p.Year == 0 || !ok {
		return
	}
	born := p.Year - model.Year(off) // the academic year of birth
	first := time.Date(int(born)-1, time.September, 1, 0, 0, 0, 0, time.UTC)
	last := time.Date(int(born), time.August, 31, 0, 0, 0, 0, time.UTC)
	if !p.ID.DOB.Before(first.AddDate(-2, 0, 0)) && !p.ID.DOB.After(last.AddDate(2, 0, 0)) {
		return
	}
	d := c.at(p, load.ColDOB, p.ID.DOB.Format(time.DateOnly))
	d.Severity = diag.Warning
	d.Message = fmt.Sprintf("an unlikely date of birth for %s in %s: most were born %s to %s",
		p.KeyStage, p.Year, first.Format("2 Jan 2006"), last.Format("2 Jan 2006"))
	d.Hint = "check the date of birth, the year and the key stage"
	c.l.Add(d)
}

// p8Range warns of a pupil Progress 8 score beyond ±10: possible, but far
// more often a column mix-up (A8 pasted into P8).
func p8Range(c *pupilCheck, p *model.Pupil) {
	if p.KeyStage != model.KS4 {
		return
	}
	for _, f := range []struct {
		col load.Column
		v   model.Num
	}{
		{load.ColP8, p.KS4.P8}, {load.ColP8Eng, p.KS4.P8Eng}, {load.ColP8Mat, p.KS4.P8Mat},
		{load.ColP8EBacc, p.KS4.P8EBacc}, {load.ColP8Open, p.KS4.P8Open},
	} {
		if f.v.Valid && (f.v.V < -10 || f.v.V > 10) {
			d := c.at(p, f.col, num(f.v.V))
			d.Severity = diag.Warning
			d.Message = "a Progress 8 score beyond -10 to 10 is very unusual"
			d.Hint = "check it is a progress score and not Attainment 8"
			c.l.Add(d)
		}
	}
}
