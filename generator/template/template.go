// Package template writes the blank data-entry workbook of `reportpack
// template`: a Pupils sheet whose header row is the pupil-file columns,
// with a drop-down of valid values on every coded column, a frozen header,
// and text-formatted code and grade cells (so Excel cannot turn "5-4" into
// a date); a Guidance sheet saying what each column means and holds.
//
// A secondary template (the default) has a column per qualification and a
// Qualifications sheet, the table the subject columns come from, in
// qualifications.csv's own columns. A primary template has the columns of
// every declared assessment of Reception to Year 6 (package assess: EYFS,
// phonics, KS1, MTC), taken from the declarations with their codes and
// ranges, then the key stage 2 columns.
//
// The workbook reads straight back with package load: filled in, it is a
// pupil file; left empty, it is reported as the blank template. (NCYear
// and the assessments' columns are read once package load implements
// whole-school.md; until then load passes them over.) The output depends
// only on the options, byte for byte.
package template

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/grades"
	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/model"
)

// The workbook's sheets, in order. Lists is hidden: it holds the drop-down
// lists, since Excel limits a list typed into a validation to 255 characters.
const (
	PupilsSheet         = "Pupils"
	GuidanceSheet       = "Guidance"
	QualificationsSheet = "Qualifications"
	ListsSheet          = "Lists"
)

// lastRow is the last row the Pupils sheet's checks cover: all of them.
const lastRow = 1048576

// fixedTime stands in for "now" in the document properties, so the same
// options always give the same bytes.
const fixedTime = "2000-01-01T00:00:00Z"

// Phase is the kind of school a template is for.
type Phase string

// The phases.
const (
	// Secondary is the key stage 4 workbook: a column per subject.
	Secondary Phase = "secondary"
	// Primary is the primary workbook: the declared assessments of
	// Reception to Year 6 (EYFS, phonics, KS1, MTC) and key stage 2.
	Primary Phase = "primary"
)

// Phases lists the phases, the default first.
var Phases = []Phase{Secondary, Primary}

// NCYears are the phase's year groups: R to 6, or 7 to 11.
func (p Phase) NCYears() []model.NCYear {
	var lo, hi model.NCYear
	switch p {
	case Primary:
		lo, hi = 0, 6
	case Secondary:
		lo, hi = 7, 11
	default:
		return nil
	}
	ys := make([]model.NCYear, 0, hi-lo+1)
	for y := lo; y <= hi; y++ {
		ys = append(ys, y)
	}
	return ys
}

// Assessments lists the declared assessments (assess.Declared) with
// columns that some of the phase's year groups take, in registry order
// (school characteristics have no columns of their own).
func (p Phase) Assessments() []*assess.Assessment {
	var out []*assess.Assessment
	for _, a := range assess.Declared() {
		if len(a.Columns) > 0 && slices.ContainsFunc(p.NCYears(), func(y model.NCYear) bool { return a.TakesNCYear(-1, y) }) {
			out = append(out, a)
		}
	}
	return out
}

// Options say what the template holds.
type Options struct {
	// Phase chooses the workbook; "" means Secondary.
	Phase Phase
	// Quals gives the subject columns of a secondary template, in order;
	// the zero Table means grades.Default(). A primary template has none.
	Quals grades.Table
	// Columns are the pupil-file columns, in order; nil means the phase's
	// (KS4Columns or PrimaryColumns).
	Columns []load.Column
	// Assessments give columns placed before the first key-stage column of
	// Columns (else after the last); nil means the phase's declared ones
	// (Phase.Assessments). Only their columns some year group of the
	// phase takes are included.
	Assessments []*assess.Assessment
}

func (o Options) withDefaults() Options {
	if o.Phase == "" {
		o.Phase = Secondary
	}
	switch {
	case o.Phase != Secondary:
		o.Quals = grades.Table{}
	case len(o.Quals.Quals) == 0:
		o.Quals = grades.Default()
	}
	if o.Columns == nil {
		o.Columns = KS4Columns
		if o.Phase == Primary {
			o.Columns = PrimaryColumns
		}
	}
	if o.Assessments == nil {
		o.Assessments = o.Phase.Assessments()
	}
	return o
}

// column is one column of the Pupils sheet: a pupil-file column, an
// assessment's column, or a subject.
type column struct {
	header string
	pupil  load.Column        // a pupil-file column
	a      *assess.Assessment // an assessment's column: a.Columns[ai]
	ai     int
	q      *grades.Qualification // a subject
}

// decl is the assessment column's declaration.
func (c column) decl() *assess.Column { return &c.a.Columns[c.ai] }

// columns lays out the Pupils sheet.
func columns(opt Options) []column {
	var acols []column
	for _, a := range opt.Assessments {
		for i, c := range a.Columns {
			if slices.ContainsFunc(opt.Phase.NCYears(), func(y model.NCYear) bool { return a.TakesNCYear(i, y) }) {
				acols = append(acols, column{header: c.Name, a: a, ai: i})
			}
		}
	}
	at := slices.IndexFunc(opt.Columns, func(c load.Column) bool { return c.Stage() != "" })
	if at < 0 {
		at = len(opt.Columns)
	}
	cols := make([]column, 0, len(opt.Columns)+len(acols)+len(opt.Quals.Quals))
	for i, c := range opt.Columns {
		if i == at {
			cols = append(cols, acols...)
		}
		cols = append(cols, column{header: string(c), pupil: c})
	}
	if at == len(opt.Columns) {
		cols = append(cols, acols...)
	}
	for i := range opt.Quals.Quals {
		q := &opt.Quals.Quals[i]
		cols = append(cols, column{header: q.Subject, q: q})
	}
	return cols
}

// Headers returns the Pupils sheet's header row: the pupil-file columns,
// with the assessments' columns before the key-stage ones, then a subject
// per qualification.
func Headers(opt Options) []string {
	cols := columns(opt.withDefaults())
	h := make([]string, len(cols))
	for i, c := range cols {
		h[i] = c.header
	}
	return h
}

// Write writes the blank template as an XLSX workbook.
func Write(w io.Writer, opt Options) (err error) {
	opt = opt.withDefaults()
	if !slices.Contains(Phases, opt.Phase) {
		return fmt.Errorf("template: unknown phase %q", opt.Phase)
	}
	for _, c := range opt.Columns {
		if _, ok := guides[c]; !ok {
			return fmt.Errorf("template: %q is not a pupil-file column", c)
		}
	}
	cols := columns(opt)
	seen := map[string]string{}
	for _, c := range cols {
		n := load.NormalHeader(c.header)
		if prev, dup := seen[n]; dup {
			return fmt.Errorf("template: two columns are headed %q and %q", prev, c.header)
		}
		seen[n] = c.header
	}
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	b := &book{f: f, opt: opt, cols: cols, lists: map[string]string{}}
	steps := []func() error{b.setup, b.styles, b.pupils, b.guidance, b.qualifications, b.finish}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("template: %w", err)
		}
	}
	return f.Write(w)
}

// book is a template being written.
type book struct {
	f    *excelize.File
	opt  Options
	cols []column

	lists    map[string]string // a list's items, joined by "\n" -> its defined name
	nLists   int
	header   int // bold header style
	subject  int // a subject's header style
	text     int // "@": the cell keeps what is typed, as text
	date     int // dd/mm/yyyy
	wrap     int // wrapped text, top aligned, for the guidance
	section  int // a guidance row heading an assessment's columns
	title    int
	keyStage []string
	ncYears  []string
}

func (b *book) setup() error {
	if err := b.f.SetSheetName("Sheet1", PupilsSheet); err != nil {
		return err
	}
	sheets := []string{GuidanceSheet, QualificationsSheet, ListsSheet}
	if len(b.opt.Quals.Quals) == 0 {
		sheets = []string{GuidanceSheet, ListsSheet}
	}
	for _, s := range sheets {
		if _, err := b.f.NewSheet(s); err != nil {
			return err
		}
	}
	// A KS4 template's rows are key stage 4; one with KS2 columns may hold
	// both. A primary template's are key stage 2.
	b.keyStage = []string{"4"}
	if b.opt.Phase == Primary {
		b.keyStage = []string{"2"}
	} else if slices.ContainsFunc(b.opt.Columns, func(c load.Column) bool { return c.Stage() == model.KS2 }) {
		b.keyStage = []string{"2", "4"}
	}
	for _, y := range b.opt.Phase.NCYears() {
		b.ncYears = append(b.ncYears, y.Short())
	}
	subject := "Key stage 4 results by subject"
	if b.opt.Phase == Primary {
		var s []string
		for _, a := range b.opt.Assessments {
			s = append(s, a.Short)
		}
		subject = "Primary results: " + strings.Join(append(s, "KS2"), ", ")
	}
	return b.f.SetDocProps(&excelize.DocProperties{
		Title:          "reportpack pupil data template",
		Subject:        subject,
		Creator:        "reportpack",
		LastModifiedBy: "reportpack",
		Created:        fixedTime,
		Modified:       fixedTime,
	})
}

func (b *book) styles() error {
	var err error
	style := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = b.f.NewStyle(s)
		return id
	}
	text := "@"
	b.header = style(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}},
		Border: []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}}})
	b.subject = style(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}},
		Alignment: &excelize.Alignment{Horizontal: "center"}, CustomNumFmt: &text})
	b.text = style(&excelize.Style{CustomNumFmt: &text})
	dateFmt := "dd/mm/yyyy"
	b.date = style(&excelize.Style{CustomNumFmt: &dateFmt})
	b.wrap = style(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	b.section = style(&excelize.Style{Font: &excelize.Font{Bold: true},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	b.title = style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	return err
}

// pupils writes the Pupils sheet: headers, widths, formats and checks.
func (b *book) pupils() error {
	s := PupilsSheet
	for i, c := range b.cols {
		col, _ := excelize.ColumnNumberToName(i + 1)
		cell := col + "1"
		if err := b.f.SetCellStr(s, cell, c.header); err != nil {
			return err
		}
		style, width := b.header, 0.0
		if c.q != nil {
			style = b.subject
		}
		if err := b.f.SetCellStyle(s, cell, cell, style); err != nil {
			return err
		}
		var dv *excelize.DataValidation
		var err error
		switch {
		case c.pupil != "":
			g := guides[c.pupil]
			width = g.width
			dv, err = b.pupilCheck(c.pupil, g)
		case c.a != nil:
			dv, err = b.assessCheck(c, col)
		default:
			dv, err = b.gradeCheck(c.q)
		}
		if err != nil {
			return err
		}
		if width == 0 {
			width = min(max(float64(len([]rune(c.header)))*1.1+2, 8), 30)
		}
		if err := b.f.SetColWidth(s, col, col, width); err != nil {
			return err
		}
		if err := b.f.SetColStyle(s, col, b.cellStyle(c)); err != nil {
			return err
		}
		// SetColStyle styles the header cell too; put its own back.
		if err := b.f.SetCellStyle(s, cell, cell, style); err != nil {
			return err
		}
		if dv != nil {
			dv.Sqref = fmt.Sprintf("%s2:%s%d", col, col, lastRow)
			if err := b.f.AddDataValidation(s, dv); err != nil {
				return err
			}
		}
	}
	// Freeze the header row, and the columns up to the pupil's name so a
	// row can be read while scrolling across thirty subjects.
	x := 0
	if i := slices.IndexFunc(b.cols, func(c column) bool { return c.pupil == load.ColSurname }); i >= 0 {
		x = i + 1
	}
	top, _ := excelize.CoordinatesToCellName(x+1, 2)
	pane := "bottomLeft"
	if x > 0 {
		pane = "bottomRight"
	}
	return b.f.SetPanes(s, &excelize.Panes{Freeze: true, XSplit: x, YSplit: 1, TopLeftCell: top, ActivePane: pane})
}

// cellStyle is the format of a column's data cells.
func (b *book) cellStyle(c column) int {
	switch {
	case c.q != nil:
		return b.text // grades: "54" stays 54, "5-4" stays text, not a date
	case c.a != nil:
		if c.decl().Kind == assess.Codes {
			return b.text // EYFS's "1" and "2" are codes, as the drop-down holds them
		}
		return 0 // a number, or a code typed as text
	}
	switch g := guides[c.pupil]; g.kind {
	case kindDate:
		return b.date
	case kindList, kindUPN:
		return b.text
	case kindText:
		if c.pupil == load.ColYear {
			return b.text // "2024/25" must not become a date or a sum
		}
	}
	return 0
}

// pupilCheck is the validation of a pupil-file column, or nil.
func (b *book) pupilCheck(c load.Column, g guide) (*excelize.DataValidation, error) {
	dv := excelize.NewDataValidation(true)
	var err error
	values := b.values(c, g)
	switch g.kind {
	case kindList:
		list := g.list
		switch c {
		case load.ColKeyStage:
			list = b.keyStage
		case ColNCYear:
			list = b.ncYears
		}
		name, lerr := b.listName(list)
		if lerr != nil {
			return nil, lerr
		}
		dv.SetSqrefDropList(name)
	case kindNumber:
		err = dv.SetRange(g.lo, g.hi, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween)
	case kindUPN:
		err = dv.SetRange(13, 13, excelize.DataValidationTypeTextLength, excelize.DataValidationOperatorEqual)
	default:
		return nil, nil
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, clip("Not a valid "+string(c), 32), clip(values, 255))
	dv.SetInput(clip(string(c), 32), clip(values, 255))
	return dv, err
}

// values is what the guidance says a pupil-file column holds.
func (b *book) values(c load.Column, g guide) string {
	switch c {
	case load.ColKeyStage:
		if slices.Contains(b.opt.Columns, ColNCYear) {
			return strings.Join(b.keyStage, " or ") + "; required unless NCYear is given (the two must agree)"
		}
		return strings.Join(b.keyStage, " or ") + "; required"
	case ColNCYear:
		v := strings.Join(b.ncYears, ", ")
		if len(b.ncYears) > 2 {
			v = b.ncYears[0] + " to " + b.ncYears[len(b.ncYears)-1]
		}
		if b.opt.Phase == Primary {
			v = "R (reception) or 1 to " + b.ncYears[len(b.ncYears)-1]
		}
		if slices.Contains(b.opt.Columns, load.ColKeyStage) {
			return v + "; KeyStage 4 rows are Year 11 (2: Year 6), so a row giving both must agree"
		}
		return v + "; required"
	}
	return g.values
}

// assessCheck is the validation of an assessment's column: a drop-down of
// its codes; a whole-number (or decimal) range for a number without
// codes; and for a number that may instead hold a code, a formula taking
// either, since Excel's drop-down cannot offer a range besides its list.
func (b *book) assessCheck(c column, col string) (*excelize.DataValidation, error) {
	d := c.decl()
	dv := excelize.NewDataValidation(true)
	codes := validCodes(d)
	switch {
	case d.Kind == assess.Codes:
		name, err := b.listName(codes)
		if err != nil {
			return nil, err
		}
		dv.SetSqrefDropList(name)
	case len(codes) == 0:
		typ := excelize.DataValidationTypeDecimal
		if d.Whole {
			typ = excelize.DataValidationTypeWhole
		}
		if err := dv.SetRange(d.Min, d.Max, typ, excelize.DataValidationOperatorBetween); err != nil {
			return nil, err
		}
	default:
		name, err := b.listName(codes)
		if err != nil {
			return nil, err
		}
		dv.Type = "custom"
		dv.Formula1 = formulaEscaper.Replace(numberOrCode(col+"2", d, name))
	}
	hint := d.Hint
	if hint == "" {
		hint = columnValues(d)
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, clip("Not a valid "+d.Name, 32), clip(hint, 255))
	dv.SetInput(clip(d.Name, 32), inputMessage(c))
	return dv, nil
}

// formulaEscaper escapes a validation formula for the sheet's XML, as
// excelize's SetDropList does (SetRange and SetSqrefDropList need none).
var formulaEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// numberOrCode is the custom validation formula of a number column that
// may instead hold one of its codes: a number in range (whole when it must
// be), or exactly one of the codes in the named list. IF, since Excel's AND
// would fail on INT of a code rather than give FALSE; EXACT on what MATCH
// found, since MATCH ignores case and reads "*" and "?" as wildcards.
func numberOrCode(ref string, d *assess.Column, list string) string {
	num := fmt.Sprintf("%[1]s>=%[2]s,%[1]s<=%[3]s", ref, number(d.Min), number(d.Max))
	if d.Whole {
		num += fmt.Sprintf(",%[1]s=INT(%[1]s)", ref)
	}
	return fmt.Sprintf("IF(ISNUMBER(%[1]s),AND(%[2]s),IFERROR(EXACT(%[1]s,INDEX(%[3]s,MATCH(%[1]s,%[3]s,0))),FALSE))", ref, num, list)
}

func number(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// validCodes are the codes a cell of the column may hold: the declared
// ones, without those declared only to explain why a value is not one
// (EYFS's "3").
func validCodes(d *assess.Column) []string {
	var s []string
	for _, c := range d.Codes {
		if c.Why == "" {
			s = append(s, c.Code)
		}
	}
	return s
}

// codeMeanings writes the column's codes with their meanings: "1 =
// emerging; 2 = expected".
func codeMeanings(d *assess.Column, sep, eq string) string {
	var s []string
	for _, c := range d.Codes {
		if c.Why == "" {
			s = append(s, c.Code+eq+c.Meaning)
		}
	}
	return strings.Join(s, sep)
}

// numberText is a number column's range: "a whole number from 0 to 40".
func numberText(d *assess.Column) string {
	kind := "a number"
	if d.Whole {
		kind = "a whole number"
	}
	return fmt.Sprintf("%s from %s to %s", kind, number(d.Min), number(d.Max))
}

// columnValues is what the guidance says an assessment's column holds:
// every code with its meaning, the range of a number, and what the
// workbook does to check it.
func columnValues(d *assess.Column) string {
	var v string
	codes := codeMeanings(d, "; ", " = ")
	switch {
	case d.Kind == assess.Codes:
		v = "one of (from the drop-down): " + codes
	case codes == "":
		v = numberText(d) + "; blank when there is none"
	default:
		v = numberText(d) + ", or a code saying why there is none: " + codes +
			". Type the number or the code: Excel cannot offer a drop-down and a number range in one cell, " +
			"so this column has no drop-down, and refuses anything that is neither"
	}
	var aliases, not []string
	for _, c := range d.Codes {
		for _, a := range c.Aliases {
			aliases = append(aliases, a+" as "+c.Code)
		}
		if c.Why != "" {
			not = append(not, c.Code+" ("+c.Why+")")
		}
	}
	if len(aliases) > 0 {
		v += ". Also read: " + strings.Join(aliases, ", ")
	}
	if len(not) > 0 {
		v += ". Not " + strings.Join(not, "; ")
	}
	return v
}

// yearsText says which rows an assessment's column belongs to.
func yearsText(c column) string {
	ys := c.a.NCYears
	if d := c.decl(); len(d.NCYears) > 0 {
		return assess.YearGroups(d.NCYears) + " rows only"
	}
	return assess.YearGroups(ys) + " rows"
}

// inputMessage is the note Excel shows on a cell of an assessment's
// column: its year groups and what it holds, with the codes' meanings when
// they fit in Excel's 255 characters.
func inputMessage(c column) string {
	d := c.decl()
	var what string
	codes := strings.Join(validCodes(d), ", ")
	long := codeMeanings(d, "; ", " ")
	switch {
	case d.Kind == assess.Codes:
		what = long
	case codes == "":
		what = numberText(d) + ", or blank"
	default:
		what = numberText(d) + ", or type a code: " + long
	}
	if d.Kind != assess.Codes {
		what = upperFirst(what)
	}
	msg := yearsText(c) + ". " + what + "."
	if len([]rune(msg)) <= 255 {
		return msg
	}
	switch d.Kind {
	case assess.Codes:
		what = codes
	default:
		what = numberText(d) + ", or type a code: " + codes
	}
	if d.Kind != assess.Codes {
		what = upperFirst(what)
	}
	return clip(yearsText(c)+". "+what+" (meanings on the Guidance sheet).", 255)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// gradeCheck is the drop-down of a subject's valid results.
func (b *book) gradeCheck(q *grades.Qualification) (*excelize.DataValidation, error) {
	dv := excelize.NewDataValidation(true)
	name, err := b.listName(q.Results)
	if err != nil {
		return nil, err
	}
	dv.SetSqrefDropList(name)
	msg := "One grade, 9 to 1, or U for a fail or ungraded (not F or X). Blank if not entered."
	if q.Double() {
		msg = "Two grades with nothing between them, highest first: 54, not 5-4 or 45. U if ungraded. Blank if not entered."
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, clip("Not a "+q.Subject+" result", 32), msg)
	dv.SetInput(clip(q.Subject, 32), msg)
	return dv, nil
}

// listName returns the defined name of a drop-down list, putting the list
// in a column of the Lists sheet the first time it is used.
func (b *book) listName(items []string) (string, error) {
	key := strings.Join(items, "\n")
	if name, ok := b.lists[key]; ok {
		return name, nil
	}
	b.nLists++
	col, _ := excelize.ColumnNumberToName(b.nLists)
	name := fmt.Sprintf("list_%d", b.nLists)
	b.lists[key] = name
	for i, it := range items {
		// As text, like the cells they are picked into: Excel does not match
		// a typed text "9" against a number 9.
		if err := b.f.SetCellStr(ListsSheet, fmt.Sprintf("%s%d", col, i+1), it); err != nil {
			return "", err
		}
	}
	return name, b.f.SetDefinedName(&excelize.DefinedName{Name: name,
		RefersTo: fmt.Sprintf("%s!$%s$1:$%s$%d", ListsSheet, col, col, len(items))})
}

// guidance writes the Guidance sheet: how to fill in the workbook, then a
// row per column (under a heading per assessment, when it has any).
func (b *book) guidance() error {
	s := GuidanceSheet
	notes := b.notes()
	for i, n := range notes {
		cell := fmt.Sprintf("A%d", i+1)
		if err := b.f.SetCellStr(s, cell, n); err != nil {
			return err
		}
		if i == 0 {
			if err := b.f.SetCellStyle(s, cell, cell, b.title); err != nil {
				return err
			}
		}
	}
	top := len(notes) + 2
	head := []string{"Column", "Header", "Meaning", "Valid values"}
	rows := [][]string{}
	sections := map[int]bool{}
	section := func(title, about string) {
		if len(b.opt.Assessments) > 0 {
			sections[len(rows)] = true
			rows = append(rows, []string{"", title, about})
		}
	}
	var last *assess.Assessment
	stage := false
	for i, c := range b.cols {
		col, _ := excelize.ColumnNumberToName(i + 1)
		switch {
		case i == 0:
			section("The pupil", "Every row: who the pupil is, the year and year group, and the characteristics that define pupil groups.")
		case c.a != nil && c.a != last:
			section(c.a.Title, "Year groups: "+assess.YearGroups(c.a.NCYears)+". "+c.a.Intro)
		case c.pupil != "" && c.pupil.Stage() != "" && !stage:
			stage = true
			if a := assess.ByID(c.pupil.Stage()); a != nil {
				section(a.Title, "Year groups: "+assess.YearGroups(a.NCYears)+". "+a.Intro)
			}
		}
		last = c.a
		switch {
		case c.pupil != "":
			g := guides[c.pupil]
			rows = append(rows, []string{col, c.header, g.meaning, b.values(c.pupil, g)})
		case c.a != nil:
			d := c.decl()
			rows = append(rows, []string{col, c.header, c.a.Title + ": " + d.Label + ". " + yearsText(c) + ".", columnValues(d)})
		default:
			q := c.q
			meaning := q.Qualification + " result in " + q.Subject + " (EBacc: " + q.EBacc.Label() + ")."
			values := strings.Join(q.Results, ", ") + "; blank if not entered"
			if q.Double() {
				values = "two grades, highest first: " + values
			}
			rows = append(rows, []string{col, c.header, meaning, values})
		}
	}
	if err := b.table(s, top, head, rows, sections, []float64{9, 30, 70, 50}); err != nil {
		return err
	}
	return b.f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: top, TopLeftCell: fmt.Sprintf("A%d", top+1), ActivePane: "bottomLeft"})
}

// notes are the Guidance sheet's opening paragraphs.
func (b *book) notes() []string {
	if b.opt.Phase != Primary {
		return []string{
			"How to fill in the Pupils sheet",
			"One row per pupil. UPN and Year are required, and KeyStage or NCYear; leave other cells blank when not known.",
			"Subject columns: one per qualification, headed exactly as listed on the Qualifications sheet. Do not rename them; you may delete the columns of subjects your school does not offer.",
			"Grades: 9 to 1, or U for a fail or ungraded result (not F or X). Leave the cell blank when the pupil was not entered.",
			"Combined science: two grades with nothing between them, highest first: 54, not 5-4, 5/4 or 45.",
			"reportpack works out Attainment 8 and its elements, EBacc entry, the EBacc average point score and grade 5+/4+ in English and maths from the grades, and Progress 8 from KS2_APS and estimates.csv.",
			"The Qualifications sheet can be saved as CSV to become a site's data/qualifications.csv, to add or change subjects.",
		}
	}
	notes := []string{
		"How to fill in the Pupils sheet",
		"One row per pupil on roll in the academic year, in any year group from Reception to Year 6. UPN, Year and NCYear are required; leave other cells blank when not known.",
		"Each assessment's columns belong to its year groups only: fill them in on those rows and leave them blank on the others (a phonics mark on a Year 5 row is an error):",
	}
	for _, a := range b.opt.Assessments {
		var cs []string
		for _, c := range b.cols {
			if c.a == a {
				cs = append(cs, c.header)
			}
		}
		if len(cs) > 4 {
			cs = []string{cs[0] + " to " + cs[len(cs)-1]}
		}
		notes = append(notes, "  "+a.Title+": "+assess.YearGroups(a.NCYears)+" ("+strings.Join(cs, ", ")+")")
	}
	if a := assess.ByID(model.KS2); a != nil && slices.ContainsFunc(b.cols, func(c column) bool { return c.pupil.Stage() == model.KS2 }) {
		notes = append(notes, "  "+a.Title+": "+assess.YearGroups(a.NCYears)+" (KS1_APS and the columns after it)")
	}
	notes = append(notes,
		"Coded columns have a drop-down of their codes; the table below gives every code's meaning. Number columns accept only numbers in their range.",
		"A column holding a number or a code (such as a score or the reason there is none) has no drop-down, since Excel cannot offer a list and a number range in one cell: type the number or the code; anything else is refused.",
		"Results may also come in files of their own (site.toml [data] pupils = a list of files): each gives URN, UPN and Year, and its own columns.",
	)
	return notes
}

// qualifications writes the Qualifications sheet in qualifications.csv's
// columns (a template without subjects has none).
func (b *book) qualifications() error {
	if len(b.opt.Quals.Quals) == 0 {
		return nil
	}
	rows := make([][]string, len(b.opt.Quals.Quals))
	for i, q := range b.opt.Quals.Quals {
		rows[i] = []string{q.Subject, q.Qualification, string(q.EBacc), strings.Join(q.Results, ",")}
	}
	s := QualificationsSheet
	if err := b.table(s, 1, []string{"subject", "qualification", "ebacc", "results"}, rows, nil, []float64{32, 14, 20, 55}); err != nil {
		return err
	}
	return b.f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// table writes a header row at row top and the rows under it, all as
// text; the rows that sections marks are headings.
func (b *book) table(s string, top int, head []string, rows [][]string, sections map[int]bool, widths []float64) error {
	for j, w := range widths {
		col, _ := excelize.ColumnNumberToName(j + 1)
		if err := b.f.SetColWidth(s, col, col, w); err != nil {
			return err
		}
	}
	for i, r := range append([][]string{head}, rows...) {
		for j, v := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, top+i)
			if err := b.f.SetCellStr(s, cell, v); err != nil {
				return err
			}
			style := b.wrap
			switch {
			case i == 0:
				style = b.header
			case sections[i-1]:
				style = b.section
			}
			if err := b.f.SetCellStyle(s, cell, cell, style); err != nil {
				return err
			}
		}
	}
	return nil
}

// finish hides the lists and opens the workbook on the Pupils sheet.
func (b *book) finish() error {
	if err := b.f.SetSheetVisible(ListsSheet, false); err != nil {
		return err
	}
	b.f.SetActiveSheet(0)
	return nil
}

// clip shortens s to Excel's limit of n characters for a validation's texts.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
