// Package template writes the blank data-entry workbook of `reportpack
// template`: a Pupils sheet whose header row is the pupil-file columns and
// one column per qualification, with a drop-down of valid values on every
// coded column and every subject, a frozen header, and text-formatted grade
// cells (so Excel cannot turn "5-4" into a date); a Guidance sheet saying
// what each column means and holds; and a Qualifications sheet, the table
// the subject columns come from, in qualifications.csv's own columns.
//
// The workbook reads straight back with package load: filled in, it is a
// pupil file; left empty, it is reported as the blank template. The output
// depends only on the options, byte for byte.
package template

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/reportpack/reportpack/generator/grades"
	"github.com/reportpack/reportpack/generator/load"
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

// Options say what the template holds.
type Options struct {
	// Quals gives the subject columns, in order; the zero Table means
	// grades.Default().
	Quals grades.Table
	// Columns are the pupil-file columns before the subjects, in order;
	// nil means KS4Columns.
	Columns []load.Column
}

func (o Options) withDefaults() Options {
	if len(o.Quals.Quals) == 0 {
		o.Quals = grades.Default()
	}
	if o.Columns == nil {
		o.Columns = KS4Columns
	}
	return o
}

// Headers returns the Pupils sheet's header row: the columns, then a
// subject per qualification.
func Headers(opt Options) []string {
	opt = opt.withDefaults()
	h := make([]string, 0, len(opt.Columns)+len(opt.Quals.Quals))
	for _, c := range opt.Columns {
		h = append(h, string(c))
	}
	for _, q := range opt.Quals.Quals {
		h = append(h, q.Subject)
	}
	return h
}

// Write writes the blank template as an XLSX workbook.
func Write(w io.Writer, opt Options) (err error) {
	opt = opt.withDefaults()
	for _, c := range opt.Columns {
		if _, ok := guides[c]; !ok {
			return fmt.Errorf("template: %q is not a pupil-file column", c)
		}
	}
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	b := &book{f: f, opt: opt, lists: map[string]string{}}
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
	f   *excelize.File
	opt Options

	lists    map[string]string // a list's items, joined by "\n" -> its defined name
	nLists   int
	header   int // bold header style
	subject  int // a subject's header style
	text     int // "@": the cell keeps what is typed, as text
	date     int // dd/mm/yyyy
	wrap     int // wrapped text, top aligned, for the guidance
	title    int
	keyStage []string
}

func (b *book) setup() error {
	if err := b.f.SetSheetName("Sheet1", PupilsSheet); err != nil {
		return err
	}
	for _, s := range []string{GuidanceSheet, QualificationsSheet, ListsSheet} {
		if _, err := b.f.NewSheet(s); err != nil {
			return err
		}
	}
	// A KS4 template's rows are key stage 4; one with KS2 columns may hold both.
	b.keyStage = []string{"4"}
	if slices.ContainsFunc(b.opt.Columns, func(c load.Column) bool {
		return slices.Contains([]load.Column{load.ColKS1APS, load.ColReadSS, load.ColMatSS, load.ColGPSSS, load.ColWritTA}, c)
	}) {
		b.keyStage = []string{"2", "4"}
	}
	return b.f.SetDocProps(&excelize.DocProperties{
		Title:          "reportpack pupil data template",
		Subject:        "Key stage 4 results by subject",
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
	b.title = style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	return err
}

// pupils writes the Pupils sheet: headers, widths, formats and checks.
func (b *book) pupils() error {
	s := PupilsSheet
	headers := Headers(b.opt)
	n := len(b.opt.Columns)
	for i, h := range headers {
		col, _ := excelize.ColumnNumberToName(i + 1)
		cell := col + "1"
		if err := b.f.SetCellStr(s, cell, h); err != nil {
			return err
		}
		style, width := b.header, 0.0
		if i >= n {
			style = b.subject
		}
		if err := b.f.SetCellStyle(s, cell, cell, style); err != nil {
			return err
		}
		var dv *excelize.DataValidation
		var err error
		if i < n {
			g := guides[b.opt.Columns[i]]
			width = g.width
			dv, err = b.pupilCheck(b.opt.Columns[i], g)
		} else {
			dv, err = b.gradeCheck(&b.opt.Quals.Quals[i-n])
		}
		if err != nil {
			return err
		}
		if width == 0 {
			width = min(max(float64(len([]rune(h)))*1.1+2, 8), 30)
		}
		if err := b.f.SetColWidth(s, col, col, width); err != nil {
			return err
		}
		if err := b.f.SetColStyle(s, col, b.cellStyle(i)); err != nil {
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
	if i := slices.Index(b.opt.Columns, load.ColSurname); i >= 0 {
		x = i + 1
	}
	top, _ := excelize.CoordinatesToCellName(x+1, 2)
	pane := "bottomLeft"
	if x > 0 {
		pane = "bottomRight"
	}
	return b.f.SetPanes(s, &excelize.Panes{Freeze: true, XSplit: x, YSplit: 1, TopLeftCell: top, ActivePane: pane})
}

// cellStyle is the format of column i's data cells.
func (b *book) cellStyle(i int) int {
	if i >= len(b.opt.Columns) {
		return b.text // grades: "54" stays 54, "5-4" stays text, not a date
	}
	switch g := guides[b.opt.Columns[i]]; g.kind {
	case kindDate:
		return b.date
	case kindList, kindUPN:
		return b.text
	case kindText:
		if c := b.opt.Columns[i]; c == load.ColYear {
			return b.text // "2024/25" must not become a date or a sum
		}
	}
	return 0
}

// pupilCheck is the validation of a pupil-file column, or nil.
func (b *book) pupilCheck(c load.Column, g guide) (*excelize.DataValidation, error) {
	dv := excelize.NewDataValidation(true)
	var err error
	switch g.kind {
	case kindList:
		list := g.list
		if c == load.ColKeyStage {
			list = b.keyStage
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
	dv.SetError(excelize.DataValidationErrorStyleStop, clip("Not a valid "+string(c), 32), clip(g.values, 255))
	dv.SetInput(clip(string(c), 32), clip(g.values, 255))
	return dv, err
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
// row per column.
func (b *book) guidance() error {
	s := GuidanceSheet
	notes := []string{
		"How to fill in the Pupils sheet",
		"One row per pupil. UPN, Year and KeyStage are required; leave other cells blank when not known.",
		"Subject columns: one per qualification, headed exactly as listed on the Qualifications sheet. Do not rename them; you may delete the columns of subjects your school does not offer.",
		"Grades: 9 to 1, or U for a fail or ungraded result (not F or X). Leave the cell blank when the pupil was not entered.",
		"Combined science: two grades with nothing between them, highest first: 54, not 5-4, 5/4 or 45.",
		"reportpack works out Attainment 8 and its elements, EBacc entry, the EBacc average point score and grade 5+/4+ in English and maths from the grades, and Progress 8 from KS2_APS and estimates.csv.",
		"The Qualifications sheet can be saved as CSV to become a site's data/qualifications.csv, to add or change subjects.",
	}
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
	headers := Headers(b.opt)
	for i, h := range headers {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if i < len(b.opt.Columns) {
			g := guides[b.opt.Columns[i]]
			values := g.values
			if b.opt.Columns[i] == load.ColKeyStage {
				values = strings.Join(b.keyStage, " or ") + "; required"
			}
			rows = append(rows, []string{col, h, g.meaning, values})
			continue
		}
		q := &b.opt.Quals.Quals[i-len(b.opt.Columns)]
		meaning := q.Qualification + " result in " + q.Subject + " (EBacc: " + q.EBacc.Label() + ")."
		values := strings.Join(q.Results, ", ") + "; blank if not entered"
		if q.Double() {
			values = "two grades, highest first: " + values
		}
		rows = append(rows, []string{col, h, meaning, values})
	}
	if err := b.table(s, top, head, rows, []float64{9, 30, 70, 50}); err != nil {
		return err
	}
	return b.f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: top, TopLeftCell: fmt.Sprintf("A%d", top+1), ActivePane: "bottomLeft"})
}

// qualifications writes the Qualifications sheet in qualifications.csv's columns.
func (b *book) qualifications() error {
	rows := make([][]string, len(b.opt.Quals.Quals))
	for i, q := range b.opt.Quals.Quals {
		rows[i] = []string{q.Subject, q.Qualification, string(q.EBacc), strings.Join(q.Results, ",")}
	}
	s := QualificationsSheet
	if err := b.table(s, 1, []string{"subject", "qualification", "ebacc", "results"}, rows, []float64{32, 14, 20, 55}); err != nil {
		return err
	}
	return b.f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// table writes a header row at row top and the rows under it, all as text.
func (b *book) table(s string, top int, head []string, rows [][]string, widths []float64) error {
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
			if i == 0 {
				style = b.header
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
