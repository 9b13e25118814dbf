package load

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/model"
)

// PupilOptions say how to read a pupil file; they come from site.toml [data].
type PupilOptions struct {
	// Sheet names the XLSX sheet to read; "" reads the first.
	Sheet string
	// Columns maps a column name ("upn", "key_stage") to the header the
	// file uses for it ("Pupil UPN"): site.toml [data.columns].
	Columns map[string]string
	// URN is the school's URN, given to every row when the file has no URN
	// column, and to rows whose URN cell is blank.
	URN model.URN
	// Preset names a built-in set of header and value maps for one MIS's
	// exports (see Presets): site.toml [data] preset.
	Preset string
	// Values maps, per column (named as in Columns), a value as the file
	// writes it (compared ignoring case and surrounding space) to the
	// value reportpack reads: site.toml [data.values]. They win over the
	// preset's.
	Values map[string]map[string]string
	// Defaults gives a column's value to rows whose cell is blank, or to
	// every row when the file lacks the column: site.toml [data.defaults].
	Defaults map[string]string
	// HeaderRow is the header's row number; 0 finds it among the first
	// rows (title rows above it are skipped).
	HeaderRow int
	// Subjects, when set, says which of the headers that name no column
	// are subject grade columns (package grades' qualifications table):
	// a Year 11 row with a grade under one takes key stage 4, and a
	// grade under one on another year group's row is an error. Without
	// it a Year 11 row takes key stage 4 when such a cell looks like a
	// grade (9 to 1, U, or two digits highest first), and other year
	// groups' cells are not checked. A file whose rows give KeyStage 4
	// needs neither: every such cell of the row is kept, as before.
	Subjects func(header string) bool
	// YearGroupElsewhere, set when the file is one of several merged by
	// URN, UPN and year, lets its rows give no year group (NCYear or
	// KeyStage): another file may give it, as a census does for a phonics
	// or EYFS export keyed by UPN. Such a row's results are read whatever
	// their year groups, and package validate checks them against the
	// merged pupil's year group.
	YearGroupElsewhere bool
}

// PupilFile is a pupil file as read.
type PupilFile struct {
	File   string // the path as given
	Sheet  string // the XLSX sheet read; empty for CSV
	Pupils []model.Pupil
	// Layout says where each column the file has sits, so later checks
	// can cite cells.
	Layout Layout
	// Ignored lists, in file order, the headers that are no pupil-file
	// column (subject grade columns among them).
	Ignored []string
	// DefaultURN is PupilOptions.URN: the URN rows without one were given.
	DefaultURN model.URN
}

// field is one pupil-file column: which key stage's rows it belongs to
// (0 for every row) and how to decode a non-blank cell.
type field struct {
	col    Column
	stage  model.KeyStage
	decode decoder
}

// fields is every column of the pupil file, in the contract's order; Year
// and KeyStage (and YearGroup) come before the key-stage columns, which
// need them.
var fields = []field{
	{ColURN, "", urn},
	{ColUPN, "", upn},
	{ColForename, "", text(func(p *model.Pupil) *string { return &p.ID.Forename })},
	{ColSurname, "", text(func(p *model.Pupil) *string { return &p.ID.Surname })},
	{ColDOB, "", dob},
	{ColYear, "", year},
	{ColKeyStage, "", keyStage},
	{ColNCYear, "", ncYear}, // after KeyStage, which it must agree with
	{ColGender, "", code(genders, func(p *model.Pupil) *model.Gender { return &p.Chars.Gender },
		"not a gender code", "use F or M (Female or Male)")},
	{ColFSM6, "", flag(func(p *model.Pupil) *model.Flag { return &p.Chars.FSM6 })},
	{ColFSM, "", flag(func(p *model.Pupil) *model.Flag { return &p.Chars.FSM })},
	{ColCLA, "", flag(func(p *model.Pupil) *model.Flag { return &p.Chars.CLA })},
	{ColPostLAC, "", flag(func(p *model.Pupil) *model.Flag { return &p.Chars.PostLAC })},
	{ColDisadvantaged, "", flag(func(p *model.Pupil) *model.Flag { return &p.Chars.Disadvantaged })},
	{ColSEN, "", code(senCodes, func(p *model.Pupil) *model.SEN { return &p.Chars.SEN },
		"not a SEN code", "use N (no SEN), K (SEN support) or E (EHC plan)")},
	{ColFirstLanguage, "", code(languages, func(p *model.Pupil) *model.Language { return &p.Chars.Language },
		"not a first-language code", "use ENG (English), OTH (other than English) or UNCL (unclassified)")},
	{ColNonMobile, "", flag(func(p *model.Pupil) *model.Flag { return &p.Chars.NonMobile })},
	{ColEthnicity, "", ethnicity},

	// Key stage 2. Prior attainment ranges are package validate's rule.
	{ColKS1APS, model.KS2, number(func(p *model.Pupil) *model.Num { return &p.KS2.KS1APS }, 0, 0, "")},
	{ColReadSS, model.KS2, testScore(func(p *model.Pupil) *model.TestResult { return &p.KS2.Read })},
	{ColMatSS, model.KS2, testScore(func(p *model.Pupil) *model.TestResult { return &p.KS2.Mat })},
	{ColGPSSS, model.KS2, testScore(func(p *model.Pupil) *model.TestResult { return &p.KS2.GPS })},
	{ColWritTA, model.KS2, code(writingCodes, func(p *model.Pupil) *model.WritingTA { return &p.KS2.Writ },
		"not a writing teacher assessment code", "use GDS, EXS, WTS, PK1 to PK6, HNM, A, D, L or M")},
	{ColReadProg, model.KS2, number(func(p *model.Pupil) *model.Num { return &p.KS2.ReadProg }, 0, 0, "")},
	{ColWritProg, model.KS2, number(func(p *model.Pupil) *model.Num { return &p.KS2.WritProg }, 0, 0, "")},
	{ColMatProg, model.KS2, number(func(p *model.Pupil) *model.Num { return &p.KS2.MatProg }, 0, 0, "")},

	// Key stage 4.
	{ColKS2APS, model.KS4, number(func(p *model.Pupil) *model.Num { return &p.KS4.KS2APS }, 0, 0, "")},
	{ColA8, model.KS4, number(func(p *model.Pupil) *model.Num { return &p.KS4.A8 }, 0, 90,
		"Attainment 8 runs from 0 to 90")},
	{ColA8Eng, model.KS4, number(func(p *model.Pupil) *model.Num { return &p.KS4.A8Eng }, 0, 18,
		"the English element runs from 0 to 18 (two slots of up to 9)")},
	{ColA8Mat, model.KS4, number(func(p *model.Pupil) *model.Num { return &p.KS4.A8Mat }, 0, 18,
		"the maths element runs from 0 to 18 (two slots of up to 9)")},
	{ColA8EBacc, model.KS4, number(func(p *model.Pupil) *model.Num { return &p.KS4.A8EBacc }, 0, 27,
		"the EBacc element runs from 0 to 27 (three slots of up to 9)")},
	{ColA8Open, model.KS4, number(func(p *model.Pupil) *model.Num { return &p.KS4.A8Open }, 0, 27,
		"the open element runs from 0 to 27 (three slots of up to 9)")},
	{ColP8, model.KS4, number(func(p *model.Pupil) *model.Num { return &p.KS4.P8 }, 0, 0, "")},
	{ColP8Eng, model.KS4, number(func(p *model.Pupil) *model.Num { return &p.KS4.P8Eng }, 0, 0, "")},
	{ColP8Mat, model.KS4, number(func(p *model.Pupil) *model.Num { return &p.KS4.P8Mat }, 0, 0, "")},
	{ColP8EBacc, model.KS4, number(func(p *model.Pupil) *model.Num { return &p.KS4.P8EBacc }, 0, 0, "")},
	{ColP8Open, model.KS4, number(func(p *model.Pupil) *model.Num { return &p.KS4.P8Open }, 0, 0, "")},
	{ColEBaccEntered, model.KS4, flag(func(p *model.Pupil) *model.Flag { return &p.KS4.EBaccEntered })},
	{ColEBaccAPS, model.KS4, number(func(p *model.Pupil) *model.Num { return &p.KS4.EBaccAPS }, 0, 9,
		"the EBacc average point score runs from 0 to 9")},
	{ColEMGrade5, model.KS4, flag(func(p *model.Pupil) *model.Flag { return &p.KS4.EMGrade5 })},
	{ColEMGrade4, model.KS4, flag(func(p *model.Pupil) *model.Flag { return &p.KS4.EMGrade4 })},

	// KS2 prior scores on a key stage 4 row: see decodePupil.
	{ColKS2ReadSS, model.KS4, nil},
	{ColKS2MatSS, model.KS4, nil},

	{ColSynthetic, "", synthetic}, // reportpack sample's marker: see synthetic.go
}

// allFields is every column the pupil file may have, in decoding order
// (the declared assessments' columns follow: see declared.go);
// pupilFields keeps the contract's own columns (the template's header,
// PupilColumns), leaving out those that stand in for one of them.
var allFields, pupilFields = func() ([]field, []field) {
	// NCYear (whole-school.md) is left out of the template's header until
	// package template describes it.
	extra := map[Column]bool{ColNCYear: true, ColKS2ReadSS: true, ColKS2MatSS: true, ColSynthetic: true}
	var contract []field
	for _, f := range fields {
		if !extra[f.col] {
			contract = append(contract, f)
		}
	}
	return fields, contract
}()

// priorFields decode the KS2 prior scores of a key stage 4 row.
var priorFields = map[Column]func(*priorScores, cell) (string, string){
	ColKS2ReadSS: priorScore(func(s *priorScores) *model.Num { return &s.read }),
	ColKS2MatSS:  priorScore(func(s *priorScores) *model.Num { return &s.mat }),
}

// needed are the columns whose cells may not be blank: without them a row
// belongs to no cohort.
var needed = map[Column]string{
	ColUPN:  "every pupil needs a UPN",
	ColYear: "every row needs the academic year, e.g. 2025 or 2024/25",
}

// Pupils reads a pupil file (XLSX or CSV, told apart by content), decoding
// every cell and reporting every bad one. Blank rows are skipped. A row
// gives its year group (NCYear) or key stage (KeyStage 2 is Year 6, 4 is
// Year 11); a result in a column that is not its year group's (a KS2
// score on a Year 11 row, a phonics mark in Year 5) is an error. A row
// with problems is still returned, with the bad cells left blank, so
// later checks can run on the rest.
func Pupils(src Source, path string, opt PupilOptions) (PupilFile, diag.List) {
	var pupils pupilChunks
	pf, l, _ := readPupils(src, path, opt, pupils.expect, func(p *model.Pupil) error {
		pupils.add(*p)
		return nil
	})
	pf.Pupils = pupils.all()
	return pf, l
}

// PupilsEach is Pupils handing each pupil to each as it is decoded, in
// file order, rather than keeping them: the PupilFile it returns has no
// Pupils, and the diagnostics are exactly Pupils'. each may keep p only
// by copying it. An error from each stops the reading and is returned,
// with the diagnostics so far.
func PupilsEach(src Source, path string, opt PupilOptions, each func(p *model.Pupil) error) (PupilFile, diag.List, error) {
	return readPupils(src, path, opt, nil, each)
}

// readPupils reads a pupil file for Pupils and PupilsEach; expect, when
// set, is told how many rows the file may have before the first is given.
func readPupils(src Source, path string, opt PupilOptions, expect func(n int), each func(p *model.Pupil) error) (PupilFile, diag.List, error) {
	var l diag.List
	pf := PupilFile{File: path, DefaultURN: opt.URN}
	m := newHeaderMatch(opt)
	t, ok := openTableWith(src, path, tableOptions{sheet: opt.Sheet, headerRow: opt.HeaderRow, score: m.score}, &l)
	if !ok {
		return pf, l, nil
	}
	defer t.close()
	pf.Sheet = t.Sheet
	rd := newRowDecoder(opt)
	pf.Layout, pf.Ignored = matchHeaders(t, m, rd.defaults, opt.YearGroupElsewhere, &l)
	for _, c := range requiredColumns {
		if !pf.Layout.Has(c) && rd.defaults[c] == "" &&
			!(c == ColKeyStage && (pf.Layout.Has(ColNCYear) || rd.defaults[ColNCYear] != "" || opt.YearGroupElsewhere)) {
			return pf, l, nil // every row would repeat the missing-column error
		}
	}
	rd.checkDefaults(t, &l)
	rd.layout = pf.Layout
	rd.setFields()
	before := len(l)
	rd.extras = extraColumns(t, pf.Layout, pf.Ignored)
	watch := newHeaderless(t)
	if expect != nil {
		expect(t.rowsHint() - t.Header.Row) // less the header and the rows above it
	}
	ks4 := false
	n := 0
	var marks syntheticMarks
	var nurseryRows []int
	for {
		r, ok := t.next(&l)
		if !ok {
			break
		}
		if t.Sheet == "" {
			checkWidth(t, r, &l)
		}
		watch.check(t, r, &l)
		p := withGrades(t, r, rd.extras, rd.decode(t, r, &l))
		if p.NCYear == nursery {
			nurseryRows = append(nurseryRows, r.Row)
			continue
		}
		ks4 = ks4 || p.KeyStage == model.KS4
		n++
		marks.add(&p)
		if err := each(&p); err != nil {
			return pf, l, fmt.Errorf("%s row %d: %w", path, r.Row, err)
		}
	}
	for _, row := range nurseryRows {
		// One line a row; printing groups them ("rows 4 to 29").
		col := ColNCYear
		pl, ok := pf.Layout[col]
		d := diag.Diagnostic{File: path, Sheet: t.Sheet, Row: row, Severity: diag.Warning,
			Message: "a nursery pupil: left out, as no report covers the nursery years",
			Hint:    "reportpack reports on reception (R) to Year 14; take nursery rows out of the file to silence this"}
		if ok {
			d.Column, d.Header = pl.Letter, pl.Header
		}
		l.Add(d)
	}
	checkSynthetic(t, pf, &marks, &l)
	if n == 0 && len(l) == before { // not when the rows were there but unreadable
		l.Add(diag.Diagnostic{File: path, Sheet: t.Sheet, Message: "no pupils: the file has a header row but no data",
			Hint: "is this the blank template? Fill in one row per pupil"})
	}
	if ks4 && !pf.Layout.Has(ColKS2APS) && !pf.Layout.Has(ColKS2ReadSS) && !pf.Layout.Has(ColKS2MatSS) {
		// KS2 prior scores under a header that is not read: Progress 8
		// would show – for want of what the file holds.
		for _, c := range []Column{ColKS2ReadSS, ColKS2MatSS} {
			if h := ClosestHeader(c, pf.Ignored); h != "" {
				i := slices.Index(t.headers(), h)
				d := t.place(t.Header, i)
				d.Severity = diag.Warning
				d.Message = fmt.Sprintf("the column %q is not read, and the file has no KS2_APS column, so Progress 8 cannot be worked out", h)
				d.Hint = fmt.Sprintf(`if it holds the KS2 scaled scores, map it in site.toml [data.columns] as %s = %q: KS2_APS is then their average`, columnKey(c), h)
				l.Add(d)
			}
		}
	}
	return pf, l, nil
}

// rowDecoder decodes rows: the fields to read, and site.toml's value maps
// and defaults by column.
type rowDecoder struct {
	// fields are the columns of every row (identity, year, year group,
	// characteristics); results are the columns of some year groups'
	// rows (key stage 2 and 4, the declared assessments'), each with the
	// slot it makes the row take: slotKS2, slotKS4, or slotDeclared plus
	// the assessment's place among the declared ones.
	fields   []field
	results  []resultField
	declared []*assess.Assessment // by slot - slotDeclared
	layout   Layout
	values   map[Column]map[string]string // normalised value -> value to read
	defaults map[Column]string
	urn      model.URN
	extras   []int // the header cells that name no column (subject grades among them)
	subject  func(header string) bool
	taken    []bool // per slot, for the row being decoded
	// elsewhere is PupilOptions.YearGroupElsewhere.
	elsewhere bool
}

// Slots of a row's results.
const (
	slotKS2 = iota
	slotKS4
	slotDeclared
)

// resultField is a column of some year groups' rows.
type resultField struct {
	col   Column
	slot  int
	years []model.NCYear
	f     field              // a key stage's column (f.decode nil: a KS2 prior score)
	a     *assess.Assessment // a declared column: a.Columns[i]
	i     int
}

func newRowDecoder(opt PupilOptions) *rowDecoder {
	rd := &rowDecoder{values: map[Column]map[string]string{}, defaults: map[Column]string{}, urn: opt.URN,
		subject: opt.Subjects, elsewhere: opt.YearGroupElsewhere}
	add := func(c Column, from, to string) {
		if rd.values[c] == nil {
			rd.values[c] = map[string]string{}
		}
		rd.values[c][valueKey(from)] = strings.TrimSpace(to)
	}
	if p, ok := Presets[strings.ToLower(strings.TrimSpace(opt.Preset))]; ok {
		for c, vm := range p.Values {
			for from, to := range vm {
				add(c, from, to)
			}
		}
	}
	for key, vm := range opt.Values {
		if c, ok := ColumnByName(key); ok {
			for from, to := range vm {
				add(c, from, to)
			}
		}
	}
	for key, v := range opt.Defaults {
		if c, ok := ColumnByName(key); ok && strings.TrimSpace(v) != "" {
			rd.defaults[c] = strings.TrimSpace(v)
		}
	}
	if opt.URN != "" && rd.defaults[ColURN] == "" {
		rd.defaults[ColURN] = string(opt.URN)
	}
	return rd
}

// setFields picks the columns the file has, or that site.toml gives a
// default value, in contract order and then the registry's.
func (rd *rowDecoder) setFields() {
	for _, f := range allFields {
		if !rd.has(f.col) {
			continue
		}
		switch f.stage {
		case "":
			rd.fields = append(rd.fields, f)
		case model.KS2:
			rd.results = append(rd.results, resultField{col: f.col, slot: slotKS2, years: []model.NCYear{stageYear[model.KS2]}, f: f})
		case model.KS4:
			rd.results = append(rd.results, resultField{col: f.col, slot: slotKS4, years: []model.NCYear{stageYear[model.KS4]}, f: f})
		}
	}
	ci := columnIndex()
	rd.declared = ci.assess
	for _, d := range ci.declared {
		if rd.has(d.col) {
			rd.results = append(rd.results, resultField{col: d.col, slot: slotDeclared + d.slot, years: d.col.NCYears(), a: d.a, i: d.i})
		}
	}
	rd.taken = make([]bool, slotDeclared+len(rd.declared))
}

// valueKey is how a value-map key and a cell are compared.
func valueKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// checkDefaults reports a default that its column cannot read (site.toml
// checks them too; this is for callers that set them directly).
func (rd *rowDecoder) checkDefaults(t *table, l *diag.List) {
	for _, c := range slices.Sorted(maps.Keys(rd.defaults)) {
		if problem, hint := CheckValue(c, rd.defaults[c]); problem != "" {
			l.Add(diag.Diagnostic{File: t.File, Sheet: t.Sheet, Row: t.Header.Row, Header: string(c), Value: rd.defaults[c],
				Message: "the default for " + string(c) + " is " + problem, Hint: hint})
		}
	}
}

// CheckValue reports what is wrong with v as a value of column c, or two
// empty strings when it is good: site.toml checks its value maps and
// defaults with it. A key stage's column is checked as on a row of its
// year group, as is a declared assessment's.
func CheckValue(c Column, v string) (problem, hint string) {
	if a, i := c.Declared(); a != nil {
		_, problem, hint := declaredValue(&a.Columns[i], cell{Text: v})
		return problem, hint
	}
	for _, f := range allFields {
		if f.col != c {
			continue
		}
		p := model.Pupil{KeyStage: f.stage, NCYear: model.NoNCYear}
		if f.decode == nil {
			var s priorScores
			return priorFields[c](&s, cell{Text: v})
		}
		return f.decode(&p, cell{Text: v})
	}
	return "not a column", ""
}

// cell is the row's cell of the column, as read: the file's, through
// site.toml's value map, else (when blank and withDefault) the default.
// i is the cell's index, -1 when the file lacks the column.
func (rd *rowDecoder) cell(r record, col Column, withDefault bool) (int, cell) {
	i := -1
	var c cell
	if pl, ok := rd.layout[col]; ok {
		i = pl.Index
		c = r.at(i)
	}
	if vm := rd.values[col]; vm != nil && !c.isDate() {
		if v, ok := vm[valueKey(c.Text)]; ok {
			c = cell{Text: v}
		}
	}
	if withDefault && blankCell(c) {
		if v, ok := rd.defaults[col]; ok {
			c = cell{Text: v}
		}
	}
	return i, c
}

func blankCell(c cell) bool { return strings.TrimSpace(c.Text) == "" && !c.isDate() }

// decode decodes one row.
func (rd *rowDecoder) decode(t *table, r record, l *diag.List) model.Pupil {
	p := model.Pupil{Src: model.Source{File: t.File, Sheet: t.Sheet, Row: r.Row}, NCYear: model.NoNCYear}
	yearReported := false // a bad KeyStage or NCYear cell was reported
	for _, f := range rd.fields {
		i, c := rd.cell(r, f.col, true)
		if blankCell(c) {
			if why := needed[f.col]; why != "" {
				d := rd.place(t, r, i, f.col)
				d.Message, d.Hint = "blank", why
				l.Add(d)
			}
			continue
		}
		if problem, hint := f.decode(&p, c); problem != "" {
			yearReported = yearReported || f.col == ColKeyStage || f.col == ColNCYear
			if f.col == ColYear && yearGroupPattern.MatchString(strings.TrimSpace(c.Text)) {
				hint = `this looks like a year group: map the column in site.toml [data.columns] as nc_year = "` +
					rd.layout[f.col].Header + `", and give the academic year in [data.defaults] year = "2024/25"`
			}
			rd.report(t, r, i, f.col, problem, hint, l)
		}
	}
	// The key stage stands in for the year group.
	if y, ok := stageYear[p.KeyStage]; ok && p.NCYear == model.NoNCYear {
		p.NCYear = y
	}
	if p.NCYear == model.NoNCYear && rd.elsewhere && !yearReported {
		rd.decodeResults(t, r, &p, l) // checked against the merged pupil's year group
	} else if p.NCYear == model.NoNCYear {
		if !yearReported {
			col := ColNCYear
			if !rd.has(ColNCYear) {
				col = ColKeyStage
			}
			i, _ := rd.cell(r, col, false)
			d := rd.place(t, r, i, col)
			d.Message = "blank"
			if col == ColKeyStage {
				d.Hint = "every row needs the key stage (2 or 4), or its year group in an NCYear column (R, 1 to 14)"
			} else {
				d.Hint = "every row needs its year group: " + ncYearHint
				if rd.has(ColKeyStage) {
					d.Hint += " (or its KeyStage: 2 or 4)"
				}
			}
			l.Add(d)
		}
	} else {
		rd.decodeResults(t, r, &p, l)
	}
	if p.URN == "" {
		p.URN = rd.urn
	}
	if !p.Chars.Disadvantaged.Known() {
		p.Chars.Disadvantaged = p.Chars.DerivedDisadvantaged()
	}
	p.Chars.BirthTerm = model.BirthTermOf(p.ID.DOB)
	return p
}

// decodeResults decodes the row's cells of the columns of some year
// groups, once its year group is known. A row takes an assessment (key
// stage 2 or 4, a declared one) when it has a non-blank cell of it in the
// file (a default alone does not make it take one), or, for a key stage,
// when its KeyStage says so; a subject grade on a Year 11 row takes key
// stage 4. A non-blank cell in a column that is not the row's year
// group's is an error, and is not read.
func (rd *rowDecoder) decodeResults(t *table, r record, p *model.Pupil, l *diag.List) {
	taken := rd.taken
	clear(taken)
	switch p.KeyStage {
	case model.KS2:
		taken[slotKS2] = true
	case model.KS4:
		taken[slotKS4] = true
	}
	for k := range rd.results {
		rf := &rd.results[k]
		i, c := rd.cell(r, rf.col, false)
		if blankCell(c) {
			continue
		}
		if !slices.Contains(rf.years, p.NCYear) && p.NCYear != model.NoNCYear {
			rd.wrongYear(t, r, i, string(rf.col), rf.years, p, l)
			continue
		}
		taken[rf.slot] = true
	}
	rd.gradeCells(t, r, p, l)
	switch {
	case taken[slotKS2]:
		p.KeyStage = model.KS2
	case taken[slotKS4]:
		p.KeyStage = model.KS4
	}
	// Each declared assessment the row takes has a Result, in registry order.
	results := 0
	for s := slotDeclared; s < len(taken); s++ {
		if taken[s] {
			results++
		}
	}
	var vals []model.Value // one allocation for every Result's Values
	if results > 0 {
		p.Results = make([]model.Result, 0, results)
		n := 0
		for s := slotDeclared; s < len(taken); s++ {
			if taken[s] {
				n += len(rd.declared[s-slotDeclared].Columns)
			}
		}
		vals = make([]model.Value, n)
		for s := slotDeclared; s < len(taken); s++ {
			if taken[s] {
				a := rd.declared[s-slotDeclared]
				p.Results = append(p.Results, model.Result{Assessment: a.ID, Values: vals[:len(a.Columns):len(a.Columns)]})
				vals = vals[len(a.Columns):]
			}
		}
	}
	var prior priorScores
	for k := range rd.results {
		rf := &rd.results[k]
		if !taken[rf.slot] || (!slices.Contains(rf.years, p.NCYear) && p.NCYear != model.NoNCYear) {
			continue
		}
		i, c := rd.cell(r, rf.col, true)
		if blankCell(c) {
			continue
		}
		var problem, hint string
		switch {
		case rf.a != nil:
			var v model.Value
			v, problem, hint = declaredValue(&rf.a.Columns[rf.i], c)
			if problem == "" {
				p.Result(rf.a.ID)[rf.i] = v
			}
		case rf.f.decode == nil:
			problem, hint = priorFields[rf.col](&prior, c)
		default:
			problem, hint = rf.f.decode(p, c)
		}
		if problem != "" {
			rd.report(t, r, i, rf.col, problem, hint, l)
		}
	}
	if p.KeyStage == model.KS4 && !p.KS4.KS2APS.Valid {
		p.KS4.KS2APS = prior.aps()
	}
}

// gradeCells: on a Year 11 row, a subject grade (a cell under a header
// PupilOptions.Subjects accepts; without it, a cell of the headers no
// column has that looks like a grade) takes key stage 4. On another year
// group's row a cell under a subject's header is an error.
func (rd *rowDecoder) gradeCells(t *table, r record, p *model.Pupil, l *diag.List) {
	// A row whose year group another file gives is read as Year 11's
	// would be, by the qualifications table's subjects only.
	year := p.NCYear
	if year == model.NoNCYear && rd.subject != nil {
		year = stageYear[model.KS4]
	}
	if len(rd.extras) == 0 || p.KeyStage == model.KS4 || (year != stageYear[model.KS4] && rd.subject == nil) {
		return
	}
	for _, i := range rd.extras {
		c := r.at(i)
		if blankCell(c) {
			continue
		}
		header := strings.TrimSpace(t.Header.Cells[i].Text)
		switch {
		case year == stageYear[model.KS4]:
			if (rd.subject != nil && rd.subject(header)) || (rd.subject == nil && looksLikeGrade(c.Text)) {
				rd.taken[slotKS4] = true
				return
			}
		case rd.subject(header):
			rd.wrongYear(t, r, i, header, []model.NCYear{stageYear[model.KS4]}, p, l)
		}
	}
}

// looksLikeGrade reports whether a value is written as a GCSE grade is:
// 9 to 1, U, or combined science's two digits, highest first.
func looksLikeGrade(v string) bool {
	s := strings.ToUpper(strings.TrimSpace(v))
	if f, err := strconv.ParseFloat(s, 64); err == nil && f == math.Trunc(f) && f >= 1 && f < 100 {
		s = strconv.Itoa(int(f))
	}
	switch {
	case s == "U":
		return true
	case len(s) == 1:
		return s[0] >= '1' && s[0] <= '9'
	case len(s) == 2:
		return s[0] >= '1' && s[0] <= '9' && s[1] >= '1' && s[1] <= s[0]
	}
	return false
}

// wrongYear reports a non-blank cell in a column of other year groups.
func (rd *rowDecoder) wrongYear(t *table, r record, i int, col string, years []model.NCYear, p *model.Pupil, l *diag.List) {
	d := t.place(r, i)
	d.Message = notForYear(col, years, p.NCYear)
	if p.KeyStage != "" { // so far, only a KeyStage cell (or default) sets it
		d.Message += " (key stage " + strings.TrimPrefix(string(p.KeyStage), "ks") + ")"
	}
	d.Hint = "a result on the wrong pupil's row, or the wrong year group? Check the row's NCYear"
	if rd.has(ColKeyStage) {
		d.Hint += " and KeyStage"
	}
	d.Hint += ", or move the value to the row of the pupil it belongs to"
	l.Add(d)
}

// report adds a bad cell's diagnostic (a default's, when the file lacks
// the column), suggesting a value map where one may help.
func (rd *rowDecoder) report(t *table, r record, i int, col Column, problem, hint string, l *diag.List) {
	if _, mapped := rd.values[col]; !mapped && valueMapped[col] {
		hint += "; or map the file's values onto these in site.toml [data.values." + columnKey(col) + "]"
	}
	d := rd.place(t, r, i, col)
	if i < 0 {
		d.Message = "the default for " + string(col) + " in site.toml [data.defaults] is " + problem
	} else {
		d.Message = problem
	}
	d.Hint = hint
	l.Add(d)
}

// has reports whether the row decoder reads the column (from the file or a default).
func (rd *rowDecoder) has(c Column) bool {
	return rd.layout.Has(c) || rd.defaults[c] != ""
}

// place locates a cell for a diagnostic; a column the file lacks (its
// value a default) is cited by its name at the header row.
func (rd *rowDecoder) place(t *table, r record, i int, c Column) diag.Diagnostic {
	if i >= 0 {
		return t.place(r, i)
	}
	return diag.Diagnostic{File: t.File, Sheet: t.Sheet, Row: r.Row, Header: string(c), Value: rd.defaults[c]}
}

// valueMapped are the coded columns whose errors suggest a value map.
var valueMapped = map[Column]bool{
	ColGender: true, ColFSM6: true, ColFSM: true, ColCLA: true, ColPostLAC: true, ColDisadvantaged: true,
	ColSEN: true, ColFirstLanguage: true, ColNonMobile: true, ColEthnicity: true, ColKeyStage: true,
	ColWritTA: true, ColEBaccEntered: true, ColEMGrade5: true, ColEMGrade4: true,
}

// columnKey is the site.toml key for a column: "first_language".
func columnKey(c Column) string {
	if c == ColNCYear {
		return "nc_year"
	}
	var b strings.Builder
	s := string(c)
	for i, r := range s {
		switch {
		case r == '_':
			b.WriteByte('_')
			continue
		case unicode.IsUpper(r) && i > 0 && s[i-1] != '_' && unicode.IsLower(rune(s[i-1])):
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// pupilChunks collects pupils in fixed-size chunks and joins them once at
// the end. A Pupil is large, and growing one slice of 100,000 of them by
// doubling copies them all twice over and leaves the GC a lot to scan.
// When the number of pupils can be foreseen (expect), they go straight
// into one slice of that size, and the join, a fifth of a second for an
// LA's pupils at the very end of loading, is not needed.
type pupilChunks struct {
	full []([]model.Pupil)
	cur  []model.Pupil
	n    int
}

const pupilChunkSize = 4096

// expect makes room for n pupils, before the first is added; n <= 0, or
// a guess too small, leaves the rest to chunks.
func (c *pupilChunks) expect(n int) {
	if n > 0 && c.cur == nil {
		c.cur = make([]model.Pupil, 0, n)
	}
}

func (c *pupilChunks) add(p model.Pupil) {
	if len(c.cur) == cap(c.cur) {
		if c.cur != nil {
			c.full = append(c.full, c.cur)
		}
		c.cur = make([]model.Pupil, 0, min(pupilChunkSize, max(16, 2*c.n)))
	}
	c.cur = append(c.cur, p)
	c.n++
}

// all returns the pupils in the order added; nil when there are none.
func (c *pupilChunks) all() []model.Pupil {
	if c.n == 0 {
		return nil
	}
	if len(c.full) == 0 {
		if len(c.cur) < cap(c.cur)/2 {
			// A guess far too large (most rows blank, or a hostile
			// file): keep no more than the pupils need.
			return slices.Clone(c.cur)
		}
		return c.cur
	}
	all := make([]model.Pupil, 0, c.n)
	for _, ch := range c.full {
		all = append(all, ch...)
	}
	return append(all, c.cur...)
}

// checkWidth reports a CSV row with values beyond the last header: most
// often a value with a comma that was not put in quotes, which shifts every
// cell after it.
func checkWidth(t *table, r record, l *diag.List) {
	for i := len(t.Header.Cells); i < len(r.Cells); i++ {
		if strings.TrimSpace(r.Cells[i].Text) != "" {
			d := t.place(r, i)
			d.Message = "this row has more values than the header has columns"
			d.Hint = `a value with a comma in it must be in double quotes: "Smith, John"`
			l.Add(d)
			return
		}
	}
}
