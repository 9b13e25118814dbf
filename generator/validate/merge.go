package validate

import (
	"cmp"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/model"
)

// pupilSet is the pupils of every pupil file, merged: rows of several
// files with the same URN, UPN and year are one pupil (whole-school.md,
// "Several files"). A merged pupil's Src is its row in the first file
// that has it; rows keeps every file's row, to cite the cell a value
// came from.
type pupilSet struct {
	files  []load.PupilFile
	pupils []model.Pupil
	rows   [][]origin // rows[i]: the rows pupils[i] is made of, in file order
}

// origin is one file's row of a merged pupil.
type origin struct {
	file int          // index in files
	p    *model.Pupil // the row as its file gives it
}

// layout is the layout of the row's file.
func (s *pupilSet) layout(o origin) load.Layout { return s.files[o.file].Layout }

// mergeKey is one pupil on roll at a school in a year.
type mergeKey struct {
	urn model.URN
	y   model.Year
	upn string
}

// colNCYear is the year group column.
const colNCYear = load.ColNCYear

// declaredColumn is the load column of an assessment's column i.
func declaredColumn(a *assess.Assessment, i int) load.Column { return load.DeclaredColumn(a, i) }

// mergeFiles merges the pupil files' rows. With one file the pupils are
// its own, unchanged. A row without a UPN or year, or a second row of one
// file with the key of an earlier one (duplicateUPN's error), stays a
// pupil of its own.
func mergeFiles(files []load.PupilFile) (*pupilSet, diag.List) {
	sums := newMergeSums()
	s, l := mergeSchool(files, sums)
	return s, append(l, sums.diagnostics(files)...)
}

// mergeSchool is mergeFiles for rows of one school (or any rows), adding
// to sums what is summed up across schools rather than said per pupil.
func mergeSchool(files []load.PupilFile, sums *mergeSums) (*pupilSet, diag.List) {
	s := &pupilSet{files: files}
	if len(files) == 1 {
		s.pupils = files[0].Pupils
		s.rows = make([][]origin, len(s.pupils))
		for i := range s.pupils {
			s.rows[i] = []origin{{0, &files[0].Pupils[i]}}
		}
		return s, nil
	}
	m := &merger{pupilSet: s, index: map[mergeKey]int{}, sums: sums}
	for fi := range files {
		for i := range files[fi].Pupils {
			q := &files[fi].Pupils[i]
			k := mergeKey{q.URN, q.Year, q.ID.UPN}
			keyed := q.ID.UPN != "" && q.Year != 0
			if j, ok := m.index[k]; keyed && ok && !slices.ContainsFunc(s.rows[j], func(o origin) bool { return o.file == fi }) {
				m.join(j, origin{fi, q})
				continue
			}
			s.pupils = append(s.pupils, clonePupil(q))
			s.rows = append(s.rows, []origin{{fi, q}})
			var from charsFrom
			for c := range charFields {
				from[c] = -1
				if m.gives(origin{fi, q}, c) {
					from[c] = fi
				}
			}
			m.from = append(m.from, from)
			if _, ok := m.index[k]; keyed && !ok {
				m.index[k] = len(s.pupils) - 1
			}
		}
	}
	m.finish()
	return s, m.l
}

// clonePupil copies a row, its results' cells too, so that merging into
// it leaves the file's row as it was.
func clonePupil(q *model.Pupil) model.Pupil {
	p := *q
	p.Results = slices.Clone(q.Results)
	for i := range p.Results {
		p.Results[i].Values = slices.Clone(p.Results[i].Values)
	}
	p.KS4.Grades = slices.Clone(q.KS4.Grades)
	return p
}

// charsFrom is, per characteristic (charFields), the file that gave a
// merged pupil's value, or -1.
type charsFrom [len(charFields)]int

// charDiff sums up how one later file's characteristics differ from an
// earlier one's.
type charDiff struct {
	pupils  int
	columns []load.Column
	example string
	row     int // the example's row in the later file: its first such row
}

// rowOrder is where a row comes in the pupil files: its file's place in
// the list, then its row. load reads a sheet's rows in order, so this is
// the order rows were read in, whichever school they are at.
type rowOrder struct{ file, row int }

func (a rowOrder) less(b rowOrder) bool {
	return a.file < b.file || a.file == b.file && a.row < b.row
}

// order is where merged pupil j's first row comes: the pupils of one set
// are in this order.
func (s *pupilSet) order(j int) rowOrder {
	o := s.rows[j][0]
	return rowOrder{o.file, o.p.Src.Row}
}

// mergeSums are what merging sums up across every school, once: how later
// files' characteristics differ from earlier ones', and the pupils with
// results but no characteristics.
type mergeSums struct {
	diffs  map[[2]int]*charDiff // by earlier file, later file
	bare   int                  // pupils with results but no characteristics
	bareAt rowOrder             // the first of them
}

func newMergeSums() *mergeSums { return &mergeSums{diffs: map[[2]int]*charDiff{}} }

type merger struct {
	*pupilSet
	index map[mergeKey]int
	from  []charsFrom
	sums  *mergeSums
	l     diag.List
}

// yearGroup is the row's year group, KeyStage standing in for it when
// the row gives none (KeyStage 2 is Year 6, 4 is Year 11).
func yearGroup(p *model.Pupil) model.NCYear {
	switch {
	case p.NCYear > 0:
		return p.NCYear
	case p.KeyStage == model.KS2:
		return 6
	case p.KeyStage == model.KS4:
		return 11
	}
	return p.NCYear
}

// idField is a field of identity (or year group) that two rows of a
// pupil must agree on where both give it.
type idField struct {
	col   load.Column
	get   func(p *model.Pupil) string // "" when the row gives none
	same  func(a, b string) bool
	set   func(dst, src *model.Pupil)
	alias []load.Column // other columns that give it, to cite
}

var idFields = []idField{
	{col: load.ColForename, get: func(p *model.Pupil) string { return strings.TrimSpace(p.ID.Forename) }, same: sameName,
		set: func(dst, src *model.Pupil) { dst.ID.Forename = src.ID.Forename }},
	{col: load.ColSurname, get: func(p *model.Pupil) string { return strings.TrimSpace(p.ID.Surname) }, same: sameName,
		set: func(dst, src *model.Pupil) { dst.ID.Surname = src.ID.Surname }},
	{col: load.ColDOB, get: func(p *model.Pupil) string {
		if p.ID.DOB.IsZero() {
			return ""
		}
		return p.ID.DOB.Format(time.DateOnly)
	}, same: func(a, b string) bool { return a == b }, set: func(dst, src *model.Pupil) { dst.ID.DOB = src.ID.DOB }},
	{col: colNCYear, alias: []load.Column{load.ColYearGroup, load.ColKeyStage}, get: func(p *model.Pupil) string {
		if y := yearGroup(p); y != model.NoNCYear {
			return y.String()
		}
		return ""
	}, same: func(a, b string) bool { return a == b }, set: func(dst, src *model.Pupil) {
		dst.NCYear = src.NCYear
	}},
}

// sameName: names agree ignoring case and spacing.
func sameName(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

// resultField is a typed KS2 or KS4 result: a pointer to it in a row.
type resultField struct {
	col   load.Column
	stage model.KeyStage
	ptr   func(p *model.Pupil) any
}

var resultFields = []resultField{
	{load.ColKS1APS, model.KS2, func(p *model.Pupil) any { return &p.KS2.KS1APS }},
	{load.ColReadSS, model.KS2, func(p *model.Pupil) any { return &p.KS2.Read }},
	{load.ColMatSS, model.KS2, func(p *model.Pupil) any { return &p.KS2.Mat }},
	{load.ColGPSSS, model.KS2, func(p *model.Pupil) any { return &p.KS2.GPS }},
	{load.ColWritTA, model.KS2, func(p *model.Pupil) any { return &p.KS2.Writ }},
	{load.ColReadProg, model.KS2, func(p *model.Pupil) any { return &p.KS2.ReadProg }},
	{load.ColWritProg, model.KS2, func(p *model.Pupil) any { return &p.KS2.WritProg }},
	{load.ColMatProg, model.KS2, func(p *model.Pupil) any { return &p.KS2.MatProg }},
	{load.ColKS2APS, model.KS4, func(p *model.Pupil) any { return &p.KS4.KS2APS }},
	{load.ColA8, model.KS4, func(p *model.Pupil) any { return &p.KS4.A8 }},
	{load.ColA8Eng, model.KS4, func(p *model.Pupil) any { return &p.KS4.A8Eng }},
	{load.ColA8Mat, model.KS4, func(p *model.Pupil) any { return &p.KS4.A8Mat }},
	{load.ColA8EBacc, model.KS4, func(p *model.Pupil) any { return &p.KS4.A8EBacc }},
	{load.ColA8Open, model.KS4, func(p *model.Pupil) any { return &p.KS4.A8Open }},
	{load.ColP8, model.KS4, func(p *model.Pupil) any { return &p.KS4.P8 }},
	{load.ColP8Eng, model.KS4, func(p *model.Pupil) any { return &p.KS4.P8Eng }},
	{load.ColP8Mat, model.KS4, func(p *model.Pupil) any { return &p.KS4.P8Mat }},
	{load.ColP8EBacc, model.KS4, func(p *model.Pupil) any { return &p.KS4.P8EBacc }},
	{load.ColP8Open, model.KS4, func(p *model.Pupil) any { return &p.KS4.P8Open }},
	{load.ColEBaccEntered, model.KS4, func(p *model.Pupil) any { return &p.KS4.EBaccEntered }},
	{load.ColEBaccAPS, model.KS4, func(p *model.Pupil) any { return &p.KS4.EBaccAPS }},
	{load.ColEMGrade5, model.KS4, func(p *model.Pupil) any { return &p.KS4.EMGrade5 }},
	{load.ColEMGrade4, model.KS4, func(p *model.Pupil) any { return &p.KS4.EMGrade4 }},
}

// charField is a characteristic: a pointer to it in a row.
type charField struct {
	col load.Column
	ptr func(p *model.Pupil) any
}

// charIndex is the column's index in charFields.
func charIndex(col load.Column) int {
	return slices.IndexFunc(charFields[:], func(f charField) bool { return f.col == col })
}

// charFields are the characteristics.
var charFields = [...]charField{
	{load.ColGender, func(p *model.Pupil) any { return &p.Chars.Gender }},
	{load.ColFSM6, func(p *model.Pupil) any { return &p.Chars.FSM6 }},
	{load.ColFSM, func(p *model.Pupil) any { return &p.Chars.FSM }},
	{load.ColCLA, func(p *model.Pupil) any { return &p.Chars.CLA }},
	{load.ColPostLAC, func(p *model.Pupil) any { return &p.Chars.PostLAC }},
	{load.ColDisadvantaged, func(p *model.Pupil) any { return &p.Chars.Disadvantaged }},
	{load.ColSEN, func(p *model.Pupil) any { return &p.Chars.SEN }},
	{load.ColFirstLanguage, func(p *model.Pupil) any { return &p.Chars.Language }},
	{load.ColNonMobile, func(p *model.Pupil) any { return &p.Chars.NonMobile }},
	{load.ColEthnicity, func(p *model.Pupil) any { return &p.Chars.Ethnicity }},
}

// charDisadvantaged is Disadvantaged's index in charFields.
const charDisadvantaged = 5

func elem(ptr any) reflect.Value { return reflect.ValueOf(ptr).Elem() }

// gives reports whether the row gives characteristic c. Load works out
// Disadvantaged from FSM6, CLA and PostLAC when the file has no column for
// it: a row gives it only from the column (or a default).
func (m *merger) gives(o origin, c int) bool {
	if elem(charFields[c].ptr(o.p)).IsZero() {
		return false
	}
	return c != charDisadvantaged || m.layout(o).Has(load.ColDisadvantaged) || !derivedDisadvantaged(o.p)
}

// derivedDisadvantaged reports whether the row's Disadvantaged is what
// load works out when a file does not say.
func derivedDisadvantaged(p *model.Pupil) bool {
	return p.Chars.Disadvantaged == p.Chars.DerivedDisadvantaged()
}

// giver is the first of the pupil's rows for which given holds, or the
// first row.
func (s *pupilSet) giver(j int, given func(o origin) bool) origin {
	for _, o := range s.rows[j] {
		if given(o) {
			return o
		}
	}
	return s.rows[j][0]
}

// cite locates a row's cell in a column (the first of cols its file has),
// as the merged pupil j's.
func (s *pupilSet) cite(j int, o origin, value string, cols ...load.Column) diag.Diagnostic {
	col := cols[0]
	for _, c := range cols {
		if s.layout(o).Has(c) {
			col = c
			break
		}
	}
	d := cellAt(o.p, s.layout(o), col, value)
	d.Pupil = pupilOf(&s.pupils[j])
	return d
}

// conflict reports that row o of pupil j gives value where the earlier
// row there gives other.
func (m *merger) conflict(j int, o origin, value string, there origin, other string, what string, cols ...load.Column) {
	d := m.cite(j, o, value, cols...)
	t := m.cite(j, there, other, cols...)
	d.Message = fmt.Sprintf("%s %q here, but %q in %s: the rows of one pupil (the same URN, UPN and year) in two files must agree",
		what, value, other, t.Place())
	d.Hint = "correct whichever file is wrong; if these are two pupils, one UPN is wrong"
	m.l.Add(d)
}

// join merges row o into pupil j.
func (m *merger) join(j int, o origin) {
	a, q := &m.pupils[j], o.p
	m.rows[j] = append(m.rows[j], o)

	for _, f := range idFields {
		qv := f.get(q)
		if qv == "" {
			continue
		}
		if av := f.get(a); av == "" {
			f.set(a, q)
		} else if !f.same(av, qv) {
			there := m.giver(j, func(r origin) bool { return f.get(r.p) != "" })
			if f.col == colNCYear && q.NCYear == model.NoNCYear {
				// A row of a file with no year group, whose key stage
				// results say Year 6 or 11.
				d := m.cite(j, o, strings.ToUpper(string(q.KeyStage)), f.col)
				t := m.cite(j, there, av, append([]load.Column{f.col}, f.alias...)...)
				d.Message = fmt.Sprintf("%s results for a pupil in %s (%s)", q.KeyStage, av, t.Place())
				d.Hint = "key stage 2 results belong to Year 6 and key stage 4 to Year 11: is the UPN, the year or the year group wrong?"
				m.l.Add(d)
				continue
			}
			m.conflict(j, o, qv, there, av, string(f.col), append([]load.Column{f.col}, f.alias...)...)
		}
	}
	if !a.ID.DOB.IsZero() {
		a.Chars.BirthTerm = model.BirthTermOf(a.ID.DOB)
	}
	a.Synthetic = a.Synthetic && q.Synthetic

	// Typed key stage results: each file adds its columns.
	switch {
	case q.KeyStage == "":
	case a.KeyStage == "":
		a.KeyStage, a.KS2, a.KS4 = q.KeyStage, q.KS2, q.KS4
		a.KS4.Grades = slices.Clone(q.KS4.Grades)
	case a.KeyStage != q.KeyStage:
		// The year groups disagree: idFields has said so.
	default:
		for _, f := range resultFields {
			if f.stage != a.KeyStage {
				continue
			}
			qv := elem(f.ptr(q))
			if qv.IsZero() {
				continue
			}
			av := elem(f.ptr(a))
			if av.IsZero() {
				av.Set(qv)
			} else if !reflect.DeepEqual(av.Interface(), qv.Interface()) {
				there := m.giver(j, func(r origin) bool { return r.p.KeyStage == a.KeyStage && !elem(f.ptr(r.p)).IsZero() })
				m.conflict(j, o, show(qv.Interface()), there, show(av.Interface()), string(f.col), f.col)
			}
		}
		if len(a.KS4.Grades) == 0 {
			a.KS4.Grades = slices.Clone(q.KS4.Grades)
		} else if len(q.KS4.Grades) > 0 && !sameGrades(a.KS4.Grades, q.KS4.Grades) {
			there := m.giver(j, func(r origin) bool { return len(r.p.KS4.Grades) > 0 })
			d := m.cite(j, o, "")
			d.Header, d.Message = "", fmt.Sprintf("subject grades here and in %s, which differ: give a pupil's subject grades in one file",
				m.cite(j, there, "").Place())
			d.Hint = "keep the subject grade columns in one of the files"
			m.l.Add(d)
		}
	}

	// Declared assessments' cells: each file adds its columns.
	for _, r := range q.Results {
		k := slices.IndexFunc(a.Results, func(x model.Result) bool { return x.Assessment == r.Assessment })
		if k < 0 {
			a.Results = append(a.Results, model.Result{Assessment: r.Assessment, Values: slices.Clone(r.Values)})
			continue
		}
		av := &a.Results[k]
		as := assess.ByID(r.Assessment)
		for i, v := range r.Values {
			if v.Blank() {
				continue
			}
			for len(av.Values) <= i {
				av.Values = append(av.Values, model.Value{})
			}
			switch w := av.Values[i]; {
			case w.Blank():
				av.Values[i] = v
			case w != v:
				col := load.Column(fmt.Sprintf("%s column %d", r.Assessment, i+1))
				if as != nil && i < len(as.Columns) {
					col = declaredColumn(as, i)
				}
				there := m.giver(j, func(o origin) bool { return !valueOf(o.p, r.Assessment, i).Blank() })
				m.conflict(j, o, showValue(v), there, showValue(w), string(col), col)
			}
		}
	}

	// Characteristics: the first file listed that gives one wins; a
	// later file that gives another is summed up once per pair of files.
	from := &m.from[j]
	var differ []load.Column
	first := -1
	for c, f := range charFields {
		if !m.gives(o, c) {
			continue
		}
		qv, av := elem(f.ptr(q)), elem(f.ptr(a))
		if from[c] < 0 {
			av.Set(qv)
			from[c] = o.file
			continue
		}
		if !reflect.DeepEqual(av.Interface(), qv.Interface()) {
			differ = append(differ, f.col)
			if first < 0 {
				first = from[c]
			}
		}
	}
	if len(differ) > 0 {
		k := [2]int{first, o.file}
		cd := m.sums.diffs[k]
		if cd == nil {
			cd = &charDiff{}
			m.sums.diffs[k] = cd
		}
		// The example is the first such row of the later file, of
		// whichever school it is.
		if cd.pupils == 0 || q.Src.Row < cd.row {
			there := m.giver(j, func(r origin) bool { return r.file == first })
			var parts []string
			for _, col := range differ {
				c := charIndex(col)
				parts = append(parts, fmt.Sprintf("%s %s there, %s here", col, show(elem(charFields[c].ptr(there.p)).Interface()), show(elem(charFields[c].ptr(q)).Interface())))
			}
			cd.example = fmt.Sprintf("row %d (row %d there): %s", q.Src.Row, there.p.Src.Row, strings.Join(parts, ", "))
			cd.row = q.Src.Row
		}
		cd.pupils++
		for _, col := range differ {
			if !slices.Contains(cd.columns, col) {
				cd.columns = append(cd.columns, col)
			}
		}
	}
}

// finish works out what no file gives (Disadvantaged from the merged
// flags), and counts the pupils with results but no characteristics.
func (m *merger) finish() {
	for j := range m.pupils {
		p := &m.pupils[j]
		if m.from[j][charDisadvantaged] < 0 {
			p.Chars.Disadvantaged = p.Chars.DerivedDisadvantaged()
		}
	}
	for j := range m.pupils {
		p := &m.pupils[j]
		if (p.KeyStage == "" && len(p.Results) == 0) || slices.ContainsFunc(m.from[j][:], func(f int) bool { return f >= 0 }) {
			continue
		}
		if at := m.order(j); m.sums.bare == 0 || at.less(m.sums.bareAt) {
			m.sums.bareAt = at
		}
		m.sums.bare++
	}
}

// diagnostics sums up, once for every school, the characteristics that
// differ and the pupils with results but no characteristics.
func (sums *mergeSums) diagnostics(files []load.PupilFile) diag.List {
	var l diag.List
	// In the order a reading of the files in turn finds them.
	keys := slices.Collect(maps.Keys(sums.diffs))
	slices.SortFunc(keys, func(a, b [2]int) int {
		return cmp.Or(cmp.Compare(a[1], b[1]), cmp.Compare(sums.diffs[a].row, sums.diffs[b].row))
	})
	for _, k := range keys {
		cd := sums.diffs[k]
		early, late := files[k[0]], files[k[1]]
		slices.SortFunc(cd.columns, func(a, b load.Column) int { return charIndex(a) - charIndex(b) })
		cols := make([]string, len(cd.columns))
		for i, c := range cd.columns {
			cols[i] = string(c)
		}
		d := diag.Diagnostic{Severity: diag.Warning, File: late.File, Sheet: late.Sheet}
		d.Message = fmt.Sprintf("%d pupil(s) have characteristics here that differ from %s's (%s): %s's are used, as it is listed first; for example %s",
			cd.pupils, early.File, strings.Join(cols, ", "), early.File, cd.example)
		d.Hint = "a census taken at another time may differ; if this file's are right, list it first in site.toml [data] pupils, or correct the other"
		l.Add(d)
	}
	if sums.bare > 0 {
		f := files[sums.bareAt.file]
		d := diag.Diagnostic{Severity: diag.Warning, File: f.File, Sheet: f.Sheet}
		d.Message = fmt.Sprintf("%d pupil(s) have results but no characteristics (gender, FSM, SEN, ...) in any pupil file: they count in \"All pupils\" only, in no other group; the first is row %d of %s",
			sums.bare, sums.bareAt.row, f.File)
		d.Hint = "add these pupils to the file with the characteristics (the census), with the same URN, UPN and year"
		l.Add(d)
	}
	return l
}

// valueOf is the row's cell i of the assessment (blank when it has none).
func valueOf(p *model.Pupil, a model.Assessment, i int) model.Value {
	if v := p.Result(a); i < len(v) {
		return v[i]
	}
	return model.Value{}
}

func sameGrades(a, b []model.SubjectGrade) bool {
	return slices.EqualFunc(a, b, func(x, y model.SubjectGrade) bool { return x.Header == y.Header && x.Value == y.Value })
}

// showValue writes a declared cell as the file would.
func showValue(v model.Value) string {
	if v.IsNum {
		return num(v.Num)
	}
	return v.Code
}

// show writes a typed value as the file would.
func show(v any) string {
	switch v := v.(type) {
	case model.Num:
		if !v.Valid {
			return ""
		}
		return num(v.V)
	case model.TestResult:
		if v.Code == model.TestScored {
			return fmt.Sprint(v.Score)
		}
		for k, c := range model.TestCodes {
			if c == v.Code {
				return k
			}
		}
		return ""
	case model.WritingTA:
		return string(v)
	case model.Flag:
		return map[model.Flag]string{model.FlagYes: "Y", model.FlagNo: "N"}[v]
	case model.Gender:
		return map[model.Gender]string{model.Female: "F", model.Male: "M"}[v]
	case model.SEN:
		return map[model.SEN]string{model.SENNone: "N", model.SENSupport: "K", model.SENEHCP: "E"}[v]
	case model.Language:
		return map[model.Language]string{model.LanguageEnglish: "ENG", model.LanguageOther: "OTH", model.LanguageUnclassified: "UNCL"}[v]
	case model.Ethnicity:
		for k, e := range model.EthnicityCodes {
			if e == v {
				return k
			}
		}
		return ""
	}
	return fmt.Sprint(v)
}
