package grades

import (
	"cmp"
	"maps"
	"slices"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/model"
)

// sheetKey names one pupil file (and sheet): rules about columns hold per file.
type sheetKey struct{ file, sheet string }

// colKey names one column of one pupil file.
type colKey struct {
	sheetKey
	column string
}

// Apply checks the subject grade cells of the dataset's key stage 4 pupils
// against the qualifications table and, for the pupils of a file that has
// subject grades, fills in the KS4 figures worked out from them (see Score):
// A8 and its elements, EBacc entry, the EBacc average point score, and
// grade 5+/4+ in English and maths. Package measures then computes Progress
// 8 from estimates.csv as for any pupil with an A8 and no P8.
//
// Where a row gives DfE figures as well, they win: a row with any of A8,
// A8_Eng, A8_Mat, A8_EBacc or A8_Open keeps all five as given (so the
// elements still add up), and EBacc_Entered, EBacc_APS, EM_Grade5 and
// EM_Grade4 are each filled only when blank. Such a row's grades are still
// checked, and the file gets one warning saying so.
//
// Each pupil's Grades keep only the cells under a subject column, with
// Subject and Result set. Every bad grade is an error citing its cell, with
// a hint; a pupil in a graded file with no grades at all is counted as
// entering nothing (A8 of 0), with a warning. The diagnostics are sorted.
// Call Apply once, after validate.Dataset.
func Apply(ds *model.Dataset, t Table) diag.List {
	a := NewApplier(t)
	for i := range ds.Pupils {
		a.Scan(&ds.Pupils[i])
	}
	l := a.Apply(ds.Pupils)
	l = append(l, a.Finish()...)
	l.Sort()
	return l
}

// Applier is Apply a school at a time, for a build that never holds every
// pupil at once: Scan every pupil (which column of a file holds each
// subject depends on all its rows), then Apply each school's pupils, then
// Finish. The diagnostics, sorted, are Apply's.
type Applier struct {
	t           Table
	first       map[sheetKey]map[string]string // per file, each subject's column (firstColumns)
	dupReported map[colKey]bool
	unknown     map[colKey]*unknownColumn
	both        map[sheetKey]bool
}

// NewApplier returns an Applier of the table's subjects.
func NewApplier(t Table) *Applier {
	return &Applier{t: t, first: map[sheetKey]map[string]string{}, dupReported: map[colKey]bool{},
		unknown: map[colKey]*unknownColumn{}, both: map[sheetKey]bool{}}
}

// Scan notes the subject columns of p's grades.
func (a *Applier) Scan(p *model.Pupil) { addFirstColumns(a.first, p, a.t) }

// Apply checks and applies the grades of pupils (a school's, say), once
// every pupil has been scanned: see Apply.
func (a *Applier) Apply(pupils []model.Pupil) diag.List {
	var l diag.List
	t := a.t
	for i := range pupils {
		p := &pupils[i]
		if p.KeyStage != model.KS4 || len(p.KS4.Grades) == 0 {
			continue
		}
		sk := sheetKey{p.Src.File, p.Src.Sheet}
		var kept []model.SubjectGrade
		for _, g := range p.KS4.Grades {
			q, ok := t.Lookup(g.Header)
			if !ok {
				u := a.unknown[colKey{sk, g.Column}]
				if u == nil {
					u = &unknownColumn{header: g.Header, gradeLike: true}
					a.unknown[colKey{sk, g.Column}] = u
				}
				u.gradeLike = u.gradeLike && looksLikeGrade(g.Value)
				continue
			}
			if c := a.first[sk][q.Subject]; c != g.Column {
				if k := (colKey{sk, g.Column}); !a.dupReported[k] {
					a.dupReported[k] = true
					l.Add(diag.Diagnostic{File: sk.file, Sheet: sk.sheet, Column: g.Column, Header: g.Header, Value: g.Header,
						Message: "a second " + q.Subject + " column (the first is column " + c + "); its grades are not counted",
						Hint:    "keep one column per subject: delete or rename one of them"})
				}
				continue
			}
			r, problem, hint := q.Parse(g.Value, g.IsDate)
			if problem != "" {
				l.Add(diag.Diagnostic{File: p.Src.File, Sheet: p.Src.Sheet, Row: p.Src.Row, Column: g.Column,
					Header: g.Header, Value: g.Value, Message: problem, Hint: hint})
			}
			g.Subject, g.Result = q.Subject, r.Text
			kept = append(kept, g)
		}
		p.KS4.Grades = kept
	}

	for i := range pupils {
		p := &pupils[i]
		sk := sheetKey{p.Src.File, p.Src.Sheet}
		if p.KeyStage != model.KS4 || !a.graded(sk) {
			continue
		}
		if len(p.KS4.Grades) == 0 && !a8Given(&p.KS4) {
			l.Add(diag.Diagnostic{Severity: diag.Warning, File: p.Src.File, Sheet: p.Src.Sheet, Row: p.Src.Row,
				Message: "no subject grades: the pupil is counted as entering nothing (Attainment 8 of 0)",
				Hint:    "fill in the pupil's grades, or take the row out if the pupil was not in year 11"})
		}
		if fill(p, t) && len(p.KS4.Grades) > 0 {
			a.both[sk] = true
		}
	}
	return l
}

// graded reports whether any pupil of the file has a grade in a subject
// column: the first column of a subject with any grade keeps its grades,
// so this is whether the file has one.
func (a *Applier) graded(sk sheetKey) bool { return len(a.first[sk]) > 0 }

// Finish reports what is said once per file, once every school's pupils
// have been applied.
func (a *Applier) Finish() diag.List {
	var l diag.List
	for _, k := range slices.SortedFunc(maps.Keys(a.unknown), compareCols) {
		if u := a.unknown[k]; a.graded(k.sheetKey) && u.gradeLike {
			d := diag.Diagnostic{Severity: diag.Warning, File: k.file, Sheet: k.sheet, Column: k.column, Header: u.header,
				Value:   u.header,
				Message: "this column holds grades, but its header names no subject in the qualifications table, so they are not counted",
				Hint:    "head the column as the qualifications table names the subject, or add the subject to " + DefaultFile}
			if s := a.t.closest(u.header); s != "" {
				d.Hint = `did you mean "` + s + `"? ` + d.Hint
			}
			l.Add(d)
		}
	}
	for _, sk := range slices.SortedFunc(maps.Keys(a.both), func(a, b sheetKey) int {
		return cmp.Or(cmp.Compare(a.file, b.file), cmp.Compare(a.sheet, b.sheet))
	}) {
		l.Add(diag.Diagnostic{Severity: diag.Warning, File: sk.file, Sheet: sk.sheet,
			Message: "the file gives Attainment 8 figures as well as subject grades: where a row has A8 figures they are used, and its grades are only checked",
			Hint:    "to have Attainment 8 worked out from the grades, leave the A8 columns blank or delete them"})
	}
	return l
}

// ApplyFile is LoadTable then Apply: the one call a build or `reportpack
// validate` needs after validate.Dataset. path is the qualifications table
// ("" for DefaultFile, or the embedded default when the site has none).
// A table with errors is reported and no grades are applied, since they
// would be judged against the wrong subjects.
func ApplyFile(src load.Source, path string, ds *model.Dataset) diag.List {
	t, l := LoadTable(src, path)
	if l.HasErrors() {
		return l
	}
	l = append(l, Apply(ds, t)...)
	l.Sort()
	return l
}

// fill fills in a graded pupil's KS4 figures from their valid grades, and
// reports whether the row's own A8 figures were kept.
func fill(p *model.Pupil, t Table) (kept bool) {
	o := Score(t.Entries(p.KS4.Grades))
	k := &p.KS4
	kept = a8Given(k)
	if !kept {
		k.A8, k.A8Eng, k.A8Mat = model.Some(o.A8), model.Some(o.English), model.Some(o.Maths)
		k.A8EBacc, k.A8Open = model.Some(o.EBacc), model.Some(o.Open)
	}
	if !k.EBaccEntered.Known() {
		k.EBaccEntered = model.FlagOf(o.EBaccEntered)
	}
	if !k.EBaccAPS.Valid {
		k.EBaccAPS = model.Some(o.EBaccAPS)
	}
	if !k.EMGrade5.Known() {
		k.EMGrade5 = model.FlagOf(o.EMGrade5)
	}
	if !k.EMGrade4.Known() {
		k.EMGrade4 = model.FlagOf(o.EMGrade4)
	}
	return kept
}

// a8Given reports whether the row gives any Attainment 8 figure itself.
func a8Given(k *model.KS4Result) bool {
	return k.A8.Valid || k.A8Eng.Valid || k.A8Mat.Valid || k.A8EBacc.Valid || k.A8Open.Valid
}

// Entries turns a pupil's subject grades, as Apply leaves them, into
// entries for Score: one per subject with a valid result. A page that
// explains a pupil's Attainment 8 slot by slot can call
// Score(t.Entries(p.KS4.Grades)).
func (t Table) Entries(gs []model.SubjectGrade) []Entry {
	var es []Entry
	for _, g := range gs {
		if g.Result == "" {
			continue
		}
		if q, ok := t.Lookup(g.Subject); ok {
			es = append(es, Entry{Qual: q, Result: resultOf(g.Result)})
		}
	}
	return es
}

// addFirstColumns notes, per file, the leftmost column of each subject
// that has any of p's grades: a second column for the subject is reported
// and ignored.
func addFirstColumns(first map[sheetKey]map[string]string, p *model.Pupil, t Table) {
	if p.KeyStage != model.KS4 {
		return
	}
	sk := sheetKey{p.Src.File, p.Src.Sheet}
	for _, g := range p.KS4.Grades {
		q, ok := t.Lookup(g.Header)
		if !ok {
			continue
		}
		if first[sk] == nil {
			first[sk] = map[string]string{}
		}
		if c, seen := first[sk][q.Subject]; !seen || colIndex(g.Column) < colIndex(c) {
			first[sk][q.Subject] = g.Column
		}
	}
}

// colIndex turns a column letter into its zero-based index ("A" -> 0).
func colIndex(letters string) int {
	n := 0
	for _, r := range letters {
		n = n*26 + int(r-'A'+1)
	}
	return n - 1
}

func compareCols(a, b colKey) int {
	return cmp.Or(cmp.Compare(a.file, b.file), cmp.Compare(a.sheet, b.sheet),
		cmp.Compare(colIndex(a.column), colIndex(b.column)))
}

// unknownColumn is a column whose header names no subject.
type unknownColumn struct {
	header    string
	gradeLike bool // every value in it looks like a grade
}

// looksLikeGrade reports whether a value is written as a grade would be.
func looksLikeGrade(v string) bool {
	s := canonical(v)
	if s == "U" || (len(s) == 1 && isGrade(s[0])) {
		return true
	}
	_, _, two := pair(s)
	return two
}

// closest suggests the subject a header may have meant: one within a third
// of its length in edits, or sharing its first four letters ("Maths" for
// "Mathematics"); "" when none is near.
func (t Table) closest(header string) string {
	h := []rune(normal(header))
	best, bestDist := "", -1
	for _, q := range t.Quals {
		s := []rune(normal(q.Subject))
		d := diag.EditDistance(string(h), string(s))
		if len(h) >= 4 && len(s) >= 4 && string(h[:4]) == string(s[:4]) {
			d = min(d, 1)
		}
		if d <= max(1, len(h)/3) && (bestDist < 0 || d < bestDist) {
			best, bestDist = q.Subject, d
		}
	}
	return best
}
