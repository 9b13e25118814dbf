package load

import (
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/model"
)

// Declared assessments' columns (package assess: EYFS, phonics, KS1, the
// multiplication tables check, ...) are pupil-file columns like the
// contract's own: each is the Column of its Name, its Aliases are further
// headers it is read from, and [data.columns], [data.values] and
// [data.defaults] name it as they name the others. A row's non-blank
// cells of an assessment become its model.Result for that assessment.

// DeclaredColumn is the pupil-file column of the assessment's column i:
// Layout[DeclaredColumn(a, i)] is where the file holds it.
func DeclaredColumn(a *assess.Assessment, i int) Column { return Column(a.Columns[i].Name) }

// Declared returns the declared assessment and the index of its column
// that c is, or nil and -1 when c is no declared assessment's column.
func (c Column) Declared() (*assess.Assessment, int) {
	if d, ok := columnIndex().decl[c]; ok {
		return d.a, d.i
	}
	return nil, -1
}

// DeclaredColumns lists the declared assessments' columns, in registry
// and then column order (a column two assessments declare is the first's).
func DeclaredColumns() []Column {
	ci := columnIndex()
	out := make([]Column, len(ci.declared))
	for i, d := range ci.declared {
		out[i] = d.col
	}
	return out
}

// NCYears are the year groups whose rows may carry the column's cells:
// Year 6 for the key stage 2 columns, Year 11 for key stage 4's, the
// declared columns' own; nil for a column of every row.
func (c Column) NCYears() []model.NCYear {
	if a, i := c.Declared(); a != nil {
		if ys := a.Columns[i].NCYears; len(ys) > 0 {
			return ys
		}
		return a.NCYears
	}
	if y, ok := stageYear[c.Stage()]; ok {
		return []model.NCYear{y}
	}
	return nil
}

// stageYear is the year group whose rows carry a key stage's results.
var stageYear = map[model.KeyStage]model.NCYear{model.KS2: 6, model.KS4: 11}

// declRef is one declared column: its assessment, its index there, and
// the assessment's place among the declared ones.
type declRef struct {
	col  Column
	a    *assess.Assessment
	i    int
	slot int // index of a in the declared assessments
}

// colIndex is every column the pupil file may have, by normal header: the
// contract's (and those standing in for them), then the declared
// assessments' names and aliases. It is worked out again whenever an
// assessment is registered.
type colIndex struct {
	gen      int64
	byNormal map[string]Column
	decl     map[Column]declRef
	declared []declRef
	assess   []*assess.Assessment // the declared assessments, slot order
}

var (
	colIndexMu sync.Mutex
	colIndexV  *colIndex
)

func columnIndex() *colIndex {
	colIndexMu.Lock()
	defer colIndexMu.Unlock()
	gen := assess.Generation()
	if colIndexV != nil && colIndexV.gen == gen {
		return colIndexV
	}
	ci := &colIndex{gen: gen, byNormal: make(map[string]Column, len(allFields)+64), decl: map[Column]declRef{}}
	for _, f := range allFields {
		ci.byNormal[NormalHeader(string(f.col))] = f.col
	}
	// The year group's other names ([data.columns] year_group, a
	// YearGroup header).
	for _, alias := range []string{"YearGroup", "NC_Year"} {
		ci.byNormal[NormalHeader(alias)] = ColNCYear
	}
	for _, a := range assess.Declared() {
		slot := len(ci.assess)
		ci.assess = append(ci.assess, a)
		for i, c := range a.Columns {
			col := Column(c.Name)
			if _, taken := ci.byNormal[NormalHeader(c.Name)]; taken {
				continue // a column another assessment (or the contract) has: the first's
			}
			ref := declRef{col: col, a: a, i: i, slot: slot}
			ci.decl[col] = ref
			ci.declared = append(ci.declared, ref)
			for _, h := range append([]string{c.Name}, c.Aliases...) {
				if _, taken := ci.byNormal[NormalHeader(h)]; !taken {
					ci.byNormal[NormalHeader(h)] = col
				}
			}
		}
	}
	colIndexV = ci
	return ci
}

// declaredValue reads a non-blank cell of a declared column: one of its
// codes (ignoring case and surrounding space; an alias reads as its code),
// or for a Number column a number in range. A code with a Why is no valid
// value: the Why is the hint.
func declaredValue(col *assess.Column, c cell) (model.Value, string, string) {
	s := strings.TrimSpace(c.Text)
	if c.isDate() {
		return model.Value{}, "a date, not a value of " + col.Name, col.Hint
	}
	for _, code := range col.Codes {
		match := strings.EqualFold(s, code.Code)
		for _, a := range code.Aliases {
			match = match || strings.EqualFold(s, a)
		}
		if !match {
			continue
		}
		if code.Why != "" {
			return model.Value{}, "not a valid code", code.Why
		}
		return model.Value{Code: code.Code}, "", ""
	}
	if col.Kind != assess.Number {
		return model.Value{}, "not a code " + col.Name + " takes", col.Hint
	}
	f, problem, hint := parseNumber(s)
	switch {
	case problem != "" && len(col.Codes) > 0:
		return model.Value{}, "not a number or a code " + col.Name + " takes", col.Hint
	case problem != "":
		if hint == "" {
			hint = col.Hint
		}
		return model.Value{}, problem, hint
	case col.Whole && f != math.Trunc(f):
		return model.Value{}, "not a whole number", col.Hint
	case f < col.Min || f > col.Max:
		return model.Value{}, "out of range", col.Hint
	}
	return model.Value{Num: f, IsNum: true}, "", ""
}

// yearGroupWords are the year groups written as words.
var yearGroupWords = map[string]model.NCYear{"r": 0, "reception": 0, "rec": 0, "yr": 0, "yearr": 0, "ncyearr": 0}

// parseNCYear reads a year group as schools and MIS exports write it:
// R, Reception or 0 for reception, 1 to 14, Y6, Yr 6, Year 6, NC Year 6,
// and 6.0 as a spreadsheet may give it.
func parseNCYear(s string) (model.NCYear, bool) {
	s = strings.TrimSpace(s)
	if y, ok := yearGroupWords[strings.ToLower(strings.Join(strings.Fields(s), ""))]; ok {
		return y, true
	}
	n := -1
	if m := yearGroupPattern.FindStringSubmatch(s); m != nil {
		n, _ = strconv.Atoi(m[1])
	} else if f, err := strconv.ParseFloat(s, 64); err == nil && f == math.Trunc(f) && f >= 0 && f <= 14 {
		n = int(f)
	}
	if n < 0 || n > 14 {
		return model.NoNCYear, false
	}
	return model.NCYear(n), true
}

const ncYearHint = "R (reception) or 1 to 14; Y6 and Year 6 read as 6"

// ncYear reads the row's year group. A KeyStage the row gives too must
// agree: key stage 2 is Year 6 and key stage 4 Year 11.
func ncYear(p *model.Pupil, c cell) (string, string) {
	y, ok := parseNCYear(c.Text)
	if !ok {
		return "not a year group", ncYearHint
	}
	if want, ok := stageYear[p.KeyStage]; ok && y != want {
		return "the year group and the key stage disagree",
			"key stage 2 is Year 6 and key stage 4 is Year 11; this row's KeyStage is " + strings.TrimPrefix(string(p.KeyStage), "ks")
	}
	p.NCYear = y
	return "", ""
}

// notForYear says that a column is not one of the row's year group's:
// "Read_SS is a Year 6 column; this row is Year 11", "Phonics_Mark is for
// Year 1 or Year 2; this row is Year 5".
func notForYear(col string, ys []model.NCYear, row model.NCYear) string {
	if len(ys) == 1 {
		return col + " is a " + ys[0].String() + " column; this row is " + row.String()
	}
	return col + " is for " + assess.YearGroups(ys) + "; this row is " + row.String()
}
