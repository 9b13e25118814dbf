package load

import (
	"slices"
	"strings"

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

// pupilFields is every column of the contract, in its order; Year and
// KeyStage come before the key-stage columns, which need them.
var pupilFields = []field{
	{ColURN, 0, urn},
	{ColUPN, 0, upn},
	{ColForename, 0, text(func(p *model.Pupil) *string { return &p.ID.Forename })},
	{ColSurname, 0, text(func(p *model.Pupil) *string { return &p.ID.Surname })},
	{ColDOB, 0, dob},
	{ColYear, 0, year},
	{ColKeyStage, 0, keyStage},
	{ColGender, 0, code(genders, func(p *model.Pupil) *model.Gender { return &p.Chars.Gender },
		"not a gender code", "use F or M (Female or Male)")},
	{ColFSM6, 0, flag(func(p *model.Pupil) *model.Flag { return &p.Chars.FSM6 })},
	{ColFSM, 0, flag(func(p *model.Pupil) *model.Flag { return &p.Chars.FSM })},
	{ColCLA, 0, flag(func(p *model.Pupil) *model.Flag { return &p.Chars.CLA })},
	{ColPostLAC, 0, flag(func(p *model.Pupil) *model.Flag { return &p.Chars.PostLAC })},
	{ColDisadvantaged, 0, flag(func(p *model.Pupil) *model.Flag { return &p.Chars.Disadvantaged })},
	{ColSEN, 0, code(senCodes, func(p *model.Pupil) *model.SEN { return &p.Chars.SEN },
		"not a SEN code", "use N (no SEN), K (SEN support) or E (EHC plan)")},
	{ColFirstLanguage, 0, code(languages, func(p *model.Pupil) *model.Language { return &p.Chars.Language },
		"not a first-language code", "use ENG (English), OTH (other than English) or UNCL (unclassified)")},
	{ColNonMobile, 0, flag(func(p *model.Pupil) *model.Flag { return &p.Chars.NonMobile })},
	{ColEthnicity, 0, code(model.EthnicityCodes, func(p *model.Pupil) *model.Ethnicity { return &p.Chars.Ethnicity },
		"not an ethnic group code", "use a major group: WHIT, MIXD, ASIA, BLAC, CHIN, AOEG or UNCL")},

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
}

// needed are the columns whose cells may not be blank: without them a row
// belongs to no cohort.
var needed = map[Column]string{
	ColUPN:      "every pupil needs a UPN",
	ColYear:     "every row needs the academic year, e.g. 2025 or 2024/25",
	ColKeyStage: "every row needs the key stage: 2 or 4",
}

// Pupils reads a pupil file (XLSX or CSV, told apart by content), decoding
// every cell and reporting every bad one. Blank rows are skipped; key stage
// 2 columns on a key stage 4 row, and the reverse, are ignored. A row with
// problems is still returned, with the bad cells left blank, so later
// checks can run on the rest.
func Pupils(src Source, path string, opt PupilOptions) (PupilFile, diag.List) {
	var l diag.List
	pf := PupilFile{File: path, DefaultURN: opt.URN}
	t, ok := openTable(src, path, opt.Sheet, &l)
	if !ok {
		return pf, l
	}
	defer t.close()
	pf.Sheet = t.Sheet
	pf.Layout, pf.Ignored = matchHeaders(t, opt.Columns, &l)
	for _, c := range requiredColumns {
		if !pf.Layout.Has(c) {
			return pf, l // every row would repeat the missing-column error
		}
	}

	// Only the columns the file has, in contract order.
	var fields []field
	for _, f := range pupilFields {
		if pf.Layout.Has(f.col) {
			fields = append(fields, f)
		}
	}
	before := len(l)
	extras := extraColumns(t, pf.Layout, pf.Ignored)
	var pupils pupilChunks
	pupils.expect(t.rowsHint() - 1) // less the header
	for {
		r, ok := t.next(&l)
		if !ok {
			break
		}
		if t.Sheet == "" {
			checkWidth(t, r, &l)
		}
		pupils.add(withGrades(t, r, extras, decodePupil(t, r, fields, pf.Layout, opt.URN, &l)))
	}
	pf.Pupils = pupils.all()
	if len(pf.Pupils) == 0 && len(l) == before { // not when the rows were there but unreadable
		l.Add(diag.Diagnostic{File: path, Sheet: t.Sheet, Message: "no pupils: the file has a header row but no data",
			Hint: "is this the blank template? Fill in one row per pupil"})
	}
	return pf, l
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

// decodePupil decodes one row.
func decodePupil(t *table, r record, fields []field, layout Layout, defaultURN model.URN, l *diag.List) model.Pupil {
	p := model.Pupil{Src: model.Source{File: t.File, Sheet: t.Sheet, Row: r.Row}}
	for _, f := range fields {
		if f.stage != 0 && f.stage != p.KeyStage {
			continue
		}
		i := layout[f.col].Index
		c := r.at(i)
		if strings.TrimSpace(c.Text) == "" && !c.isDate() {
			if why, ok := needed[f.col]; ok {
				d := t.place(r, i)
				d.Message, d.Hint = "blank", why
				l.Add(d)
			}
			continue
		}
		if problem, hint := f.decode(&p, c); problem != "" {
			d := t.place(r, i)
			d.Message, d.Hint = problem, hint
			l.Add(d)
		}
	}
	if p.URN == "" {
		p.URN = defaultURN
	}
	if !p.Chars.Disadvantaged.Known() {
		p.Chars.Disadvantaged = disadvantaged(p.Chars)
	}
	return p
}

// disadvantaged is the DfE's definition, when the file does not say:
// FSM6 or CLA or PostLAC. It is unknown only when none of them is recorded.
func disadvantaged(c model.Characteristics) model.Flag {
	known := false
	for _, f := range []model.Flag{c.FSM6, c.CLA, c.PostLAC} {
		if f.Yes() {
			return model.FlagYes
		}
		known = known || f.Known()
	}
	if known {
		return model.FlagNo
	}
	return model.FlagUnknown
}
