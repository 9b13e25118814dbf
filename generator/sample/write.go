package sample

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/colwidth"
	"github.com/reportpack/reportpack/generator/model"
)

// Files WriteDir writes, and the pupil sheet's name.
const (
	PupilsFile   = "pupils.xlsx"
	NationalFile = "national.csv"
	// SchoolsFile names the schools (URN, name, phase, LA code), as an
	// LA's list of its schools would, so that a build names them all.
	SchoolsFile   = "schools.csv"
	ParamsFile    = "national.toml"
	EstimatesFile = "estimates.csv"
	PupilsSheet   = "Pupils"
)

// keyStageHeaders are the columns of the key stage data
// (Options.KeyStagesOnly), named as in data-contract.md. There is no
// Disadvantaged column: loaders derive it (FSM6 or CLA or PostLAC), which
// is how Data.Pupils has it. The last, Synthetic, is Y on every row: the
// marker a build reads to label the pack synthetic, which a copy into CSV
// or another workbook keeps.
var keyStageHeaders = [...]string{
	"URN", "UPN", "Forename", "Surname", "DOB", "Year", "KeyStage",
	"Gender", "FSM6", "FSM", "CLA", "PostLAC", "SEN", "FirstLanguage", "NonMobile", "Ethnicity",
	"KS1_APS", "Read_SS", "Writ_TA", "Mat_SS", "GPS_SS", "Read_Prog", "Writ_Prog", "Mat_Prog",
	"KS2_APS", "A8", "A8_Eng", "A8_Mat", "A8_EBacc", "A8_Open", "P8", "P8_Eng", "P8_Mat", "P8_EBacc", "P8_Open",
	"EBacc_Entered", "EBacc_APS", "EM_Grade5", "EM_Grade4",
	"Synthetic",
}

// Positions in keyStageHeaders that the whole-school layout moves.
const (
	ksYearCol      = 5  // NCYear follows Year
	ksSyntheticCol = 39 // the declared columns come before Synthetic
)

// declaredCol is one column of a declared assessment in the pupil file.
type declaredCol struct {
	a   *assess.Assessment
	col int
}

// declaredCols are every declared assessment's columns (assess.Declared),
// in registry and column order, with names as declared.
var declaredCols = func() []declaredCol {
	var out []declaredCol
	for _, a := range assess.Declared() {
		for i := range a.Columns {
			out = append(out, declaredCol{a, i})
		}
	}
	return out
}()

// wholeSchoolHeaders are the whole-school pupil file's columns: the key
// stage columns with NCYear after Year, and every declared assessment's
// columns before Synthetic.
var wholeSchoolHeaders = func() []string {
	h := append([]string(nil), keyStageHeaders[:ksYearCol+1]...)
	h = append(h, "NCYear")
	h = append(h, keyStageHeaders[ksYearCol+1:ksSyntheticCol]...)
	for _, dc := range declaredCols {
		h = append(h, dc.a.Columns[dc.col].Name)
	}
	return append(h, keyStageHeaders[ksSyntheticCol:]...)
}()

// NationalSource is the source column of every row of the national.csv
// sample writes (load.SampleSource): a source beginning "synthetic" marks
// an invented figure, which pages label illustrative.
const NationalSource = "synthetic (reportpack sample)"

// Headers returns the whole-school pupil file's column headers, in order.
func Headers() []string { return append([]string(nil), wholeSchoolHeaders...) }

// headers are the columns of d's pupil file.
func (d *Data) headers() []string {
	if d.keyStagesOnly {
		return keyStageHeaders[:]
	}
	return wholeSchoolHeaders
}

// WriteDir writes the data folder's files into dir (created if needed):
// pupils.xlsx, national.csv, national.toml and estimates.csv. The files are
// byte-identical for the same Data.
func (d *Data) WriteDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := d.writePupilsXLSX(filepath.Join(dir, PupilsFile)); err != nil {
		return fmt.Errorf("writing %s: %w", PupilsFile, err)
	}
	for _, f := range []struct {
		name  string
		write func(io.Writer) error
	}{
		{NationalFile, d.WriteNational},
		{SchoolsFile, d.WriteSchools},
		{ParamsFile, d.WriteParams},
		{EstimatesFile, d.WriteEstimates},
	} {
		if err := writeFile(filepath.Join(dir, f.name), f.write); err != nil {
			return fmt.Errorf("writing %s: %w", f.name, err)
		}
	}
	return nil
}

func writeFile(path string, write func(io.Writer) error) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, f.Close()) }()
	w := bufio.NewWriterSize(f, 1<<16)
	if err := write(w); err != nil {
		return err
	}
	return w.Flush()
}

// writePupilsXLSX streams the pupils into one sheet, as a school MIS export
// would: numbers as numbers, codes and flags as text, DOB as a date cell.
func (d *Data) writePupilsXLSX(path string) (err error) {
	f := excelize.NewFile()
	defer func() { err = errors.Join(err, f.Close()) }()

	// Fixed properties: excelize's defaults are fixed too, but say so here
	// so that output never depends on the clock.
	if err := f.SetDocProps(&excelize.DocProperties{
		Creator:        "reportpack sample",
		LastModifiedBy: "reportpack sample",
		Title:          "Synthetic pupil data (not real pupils)",
		Created:        "2025-09-01T00:00:00Z",
		Modified:       "2025-09-01T00:00:00Z",
	}); err != nil {
		return err
	}
	if err := f.SetSheetName(f.GetSheetName(0), PupilsSheet); err != nil {
		return err
	}
	dateFmt := 14 // the built-in short date, which Excel shows in the reader's locale
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: dateFmt})
	if err != nil {
		return err
	}
	headStyle, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(PupilsSheet)
	if err != nil {
		return err
	}
	// Widths and panes must come before the first row.
	headers := d.headers()
	wide := map[string]float64{"UPN": 15, "Forename": 14, "Surname": 18, "DOB": 11, "FirstLanguage": 13, "EBacc_Entered": 13,
		"Phonics_Y1_Outcome": 12, "Phonics_Outcome": 10}
	widths := make([]float64, len(headers))
	for i, h := range headers {
		widths[i] = 9
		if w, ok := wide[h]; ok {
			widths[i] = w
		}
	}
	if err := colwidth.Set(sw, widths); err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}

	row := make([]any, len(headers))
	for i, h := range headers {
		row[i] = excelize.Cell{StyleID: headStyle, Value: h}
	}
	if err := sw.SetRow("A1", row); err != nil {
		return err
	}
	cells := make([]cellValue, len(headers))
	for i := range d.Pupils {
		d.pupilCells(&d.Pupils[i], cells)
		for j := range cells {
			c := &cells[j]
			switch c.kind {
			case cellBlank:
				row[j] = nil
			case cellText:
				row[j] = c.text
			case cellInt:
				row[j] = c.i
			case cellFloat:
				row[j] = c.f
			case cellDate:
				row[j] = excelize.Cell{StyleID: dateStyle, Value: c.date}
			}
		}
		cell, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	// Not SaveAs: it creates the file executable (0755).
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := f.WriteTo(out); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// WritePupilsCSV writes the pupils as CSV with the same headers and values
// as pupils.xlsx (DOB as YYYY-MM-DD, numbers in shortest form), so tests can
// check that both loaders read the same data.
func (d *Data) WritePupilsCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	headers := d.headers()
	if err := cw.Write(headers); err != nil {
		return err
	}
	rec := make([]string, len(headers))
	cells := make([]cellValue, len(headers))
	for i := range d.Pupils {
		d.pupilCells(&d.Pupils[i], cells)
		for j := range cells {
			rec[j] = cells[j].String()
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// nKSColumns is the number of key stage columns; a constant so rows live on the stack.
const nKSColumns = len(keyStageHeaders)

type cellKind uint8

const (
	cellBlank cellKind = iota
	cellText
	cellInt
	cellFloat
	cellDate
)

// cellValue is one pupil-file cell, typed so XLSX and CSV agree.
type cellValue struct {
	kind cellKind
	text string
	i    int
	f    float64
	date time.Time
}

// String is the cell as CSV text.
func (c cellValue) String() string {
	switch c.kind {
	case cellText:
		return c.text
	case cellInt:
		return strconv.Itoa(c.i)
	case cellFloat:
		return formatFloat(c.f)
	case cellDate:
		return c.date.Format(time.DateOnly)
	}
	return ""
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// pupilCells lays a pupil out in the order of d.headers(), into c.
func (d *Data) pupilCells(p *model.Pupil, c []cellValue) {
	var ks [nKSColumns]cellValue
	keyStageCells(p, &ks)
	if d.keyStagesOnly {
		copy(c, ks[:])
		return
	}
	n := copy(c, ks[:ksYearCol+1])
	c[n] = cellValue{}
	if p.NCYear == 0 {
		c[n] = cellValue{kind: cellText, text: "R"}
	} else if p.NCYear > 0 {
		c[n] = cellValue{kind: cellInt, i: int(p.NCYear)}
	}
	n++
	n += copy(c[n:], ks[ksYearCol+1:ksSyntheticCol])
	var a *assess.Assessment
	var vals []model.Value
	for _, dc := range declaredCols {
		if dc.a != a {
			a, vals = dc.a, p.Result(dc.a.ID)
		}
		c[n] = cellValue{}
		if dc.col < len(vals) {
			switch v := vals[dc.col]; {
			case v.IsNum && v.Num == math.Trunc(v.Num):
				c[n] = cellValue{kind: cellInt, i: int(v.Num)}
			case v.IsNum:
				c[n] = cellValue{kind: cellFloat, f: v.Num}
			case v.Code != "":
				c[n] = cellValue{kind: cellText, text: v.Code}
			}
		}
		n++
	}
	copy(c[n:], ks[ksSyntheticCol:])
}

// keyStageCells lays a pupil out in keyStageHeaders order. KS2 rows leave
// the KS4 columns blank and vice versa; rows of neither leave both, and
// KeyStage, blank.
func keyStageCells(p *model.Pupil, c *[nKSColumns]cellValue) {
	*c = [nKSColumns]cellValue{}
	text := func(s string) cellValue {
		if s == "" {
			return cellValue{}
		}
		return cellValue{kind: cellText, text: s}
	}
	num := func(n model.Num) cellValue {
		if !n.Valid {
			return cellValue{}
		}
		return cellValue{kind: cellFloat, f: n.V}
	}
	flag := func(f model.Flag) cellValue {
		switch f {
		case model.FlagYes:
			return text("Y")
		case model.FlagNo:
			return text("N")
		}
		return cellValue{}
	}
	test := func(t model.TestResult) cellValue {
		if t.Scored() {
			return cellValue{kind: cellInt, i: t.Score}
		}
		return text(testCodeLetter[t.Code])
	}

	if urn, err := strconv.Atoi(string(p.URN)); err == nil {
		c[0] = cellValue{kind: cellInt, i: urn} // an MIS exports URN as a number
	} else {
		c[0] = text(string(p.URN))
	}
	c[1] = text(p.ID.UPN)
	c[2] = text(p.ID.Forename)
	c[3] = text(p.ID.Surname)
	if !p.ID.DOB.IsZero() {
		c[4] = cellValue{kind: cellDate, date: p.ID.DOB}
	}
	c[5] = text(p.Year.String())
	switch p.KeyStage {
	case model.KS2:
		c[6] = cellValue{kind: cellInt, i: 2}
	case model.KS4:
		c[6] = cellValue{kind: cellInt, i: 4}
	}

	ch := &p.Chars
	c[7] = text([...]string{"", "F", "M"}[ch.Gender])
	c[8], c[9], c[10], c[11] = flag(ch.FSM6), flag(ch.FSM), flag(ch.CLA), flag(ch.PostLAC)
	c[12] = text([...]string{"", "N", "K", "E"}[ch.SEN])
	c[13] = text([...]string{"", "ENG", "OTH", "UNCL"}[ch.Language])
	c[14] = flag(ch.NonMobile)
	c[15] = text([...]string{"", "WHIT", "MIXD", "ASIA", "BLAC", "CHIN", "AOEG", "UNCL"}[ch.Ethnicity])

	switch p.KeyStage {
	case model.KS2:
		k := &p.KS2
		c[16] = num(k.KS1APS)
		c[17], c[18], c[19], c[20] = test(k.Read), text(string(k.Writ)), test(k.Mat), test(k.GPS)
		c[21], c[22], c[23] = num(k.ReadProg), num(k.WritProg), num(k.MatProg)
	case model.KS4:
		k := &p.KS4
		c[24] = num(k.KS2APS)
		c[25], c[26], c[27], c[28], c[29] = num(k.A8), num(k.A8Eng), num(k.A8Mat), num(k.A8EBacc), num(k.A8Open)
		c[30], c[31], c[32], c[33], c[34] = num(k.P8), num(k.P8Eng), num(k.P8Mat), num(k.P8EBacc), num(k.P8Open)
		c[35], c[36], c[37], c[38] = flag(k.EBaccEntered), num(k.EBaccAPS), flag(k.EMGrade5), flag(k.EMGrade4)
	}
	if p.Synthetic {
		c[39] = text("Y")
	}
}

// testCodeLetter is the file's letter for each test code.
var testCodeLetter = func() map[model.TestCode]string {
	m := make(map[model.TestCode]string, len(model.TestCodes))
	for s, c := range model.TestCodes {
		m[c] = s
	}
	return m
}()

// WriteNational writes national.csv: tidy year,measure,group,value,source
// rows, years as in the pupil file ("2024/25"), percentages as 0..100, and
// every source NationalSource, so that a build says the figures are
// invented.
func (d *Data) WriteNational(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"year", "measure", "group", "value", "source"}); err != nil {
		return err
	}
	for _, y := range d.Years {
		for _, m := range natMeasures {
			for _, g := range natGroups {
				v, ok := d.National.Lookup(y, m.id, g.id)
				if !ok {
					continue
				}
				if err := cw.Write([]string{y.String(), string(m.id), string(g.id), formatFloat(v), NationalSource}); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteEstimates writes estimates.csv: year,measure,prior_from,prior_to,estimate.
func (d *Data) WriteEstimates(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"year", "measure", "prior_from", "prior_to", "estimate"}); err != nil {
		return err
	}
	for _, e := range d.Estimates {
		if err := cw.Write([]string{e.Year.String(), string(e.Measure), formatFloat(e.PriorFrom), formatFloat(e.PriorTo), formatFloat(e.Estimate)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// paramsOrder is the order of measures in national.toml.
var paramsOrder = []model.MeasureID{"ks4_p8", "ks4_p8_unadj", "ks4_p8_eng", "ks4_p8_mat", "ks4_p8_ebacc", "ks4_p8_open",
	"ks4_a8", "ks2_rwm_exp", "ks2_read_prog", "ks2_writ_prog", "ks2_mat_prog"}

// WriteParams writes national.toml: a table per measure and year
// ([ks4_p8.2025]) and the nominal writing scores ([ks2_writ_nominal.2025]),
// after a comment saying the figures are illustrative.
func (d *Data) WriteParams(w io.Writer) error {
	var b strings.Builder
	b.WriteString("# ILLUSTRATIVE figures made by reportpack sample: not DfE data.\n")
	b.WriteString("# Method parameters per measure and academic year (2025 = 2024/25), from a\n")
	b.WriteString("# simulated country: pupil SDs for confidence intervals, band limits,\n")
	b.WriteString("# school quintile and percentile cut points (highest first), and floors for\n")
	b.WriteString("# adjusted progress by prior attainment [prior_from, prior_to).\n")

	for _, id := range paramsOrder {
		for _, y := range d.Years {
			p, ok := d.Params.Measures[id][y]
			if !ok {
				continue
			}
			fmt.Fprintf(&b, "\n[%s.%d]\n", id, int(y))
			for _, kv := range []struct {
				key string
				v   *float64
			}{{"sd", p.SD}, {"well_above", p.WellAbove}, {"well_below", p.WellBelow}} {
				if kv.v != nil {
					fmt.Fprintf(&b, "%s = %s\n", kv.key, tomlFloat(*kv.v))
				}
			}
			if len(p.Quintiles) > 0 {
				fmt.Fprintf(&b, "quintiles = %s\n", tomlFloats(p.Quintiles))
			}
			if len(p.Percentiles) > 0 {
				fmt.Fprintf(&b, "percentiles = %s\n", tomlFloats(p.Percentiles))
			}
			if len(p.Floors) > 0 {
				b.WriteString("floors = [\n")
				for _, f := range p.Floors {
					fmt.Fprintf(&b, "  { prior_from = %s, prior_to = %s, min = %s },\n",
						tomlFloat(f.PriorFrom), tomlFloat(f.PriorTo), tomlFloat(f.Min))
				}
				b.WriteString("]\n")
			}
		}
	}
	for _, y := range d.Years {
		nom, ok := d.Params.WritingNominal[y]
		if !ok {
			continue
		}
		fmt.Fprintf(&b, "\n[ks2_writ_nominal.%d]\n", int(y))
		for _, ta := range model.WritingTACodes {
			if v, ok := nom[ta]; ok {
				fmt.Fprintf(&b, "%s = %s\n", ta, tomlFloat(v))
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// tomlFloat always writes a decimal point, so TOML reads a float, never an
// integer.
func tomlFloat(v float64) string {
	s := formatFloat(v)
	if !strings.ContainsAny(s, ".eEn") { // n: NaN and Inf never occur, but keep them as they are
		s += ".0"
	}
	return s
}

func tomlFloats(vs []float64) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = tomlFloat(v)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// WriteSchools writes the schools as data/schools.csv: URN, name, phase
// and LA code, the columns an LA's list of its schools has.
func (d *Data) WriteSchools(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"URN", "Name", "Phase", "LA_Code"}); err != nil {
		return err
	}
	for _, s := range d.Schools {
		if err := cw.Write([]string{string(s.URN), s.Name, s.Phase.String(), s.LACode}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
