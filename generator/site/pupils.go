package site

import (
	"slices"
	"strconv"
	"strings"

	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/render"
)

// pupilColumn is one column of a pupil list: a header and how to print a
// pupil's value. Columns that show a measure take it from measures'
// ScorePupils, so the list agrees with the tables.
type pupilColumn struct {
	header  string
	numeric bool
	measure model.MeasureID // set: the value is this measure's pupil score
	value   func(p *model.Pupil) string
}

func yn(f model.Flag) string {
	switch f {
	case model.FlagYes:
		return "Y"
	case model.FlagNo:
		return "N"
	}
	return ""
}

func num(n model.Num, decimals int) string {
	if !n.Valid {
		return ""
	}
	return strconv.FormatFloat(n.V, 'f', decimals, 64)
}

func testResult(t model.TestResult) string {
	if t.Scored() {
		return strconv.Itoa(t.Score)
	}
	for code, c := range model.TestCodes {
		if c == t.Code {
			return code
		}
	}
	return ""
}

func senText(s model.SEN) string {
	return [...]string{"", "N", "K", "E"}[s]
}

func langText(l model.Language) string {
	return [...]string{"", "ENG", "OTH", "UNCL"}[l]
}

func genderText(g model.Gender) string {
	return [...]string{"", "F", "M"}[g]
}

var commonPupilColumns = []pupilColumn{
	{header: "Name", value: func(p *model.Pupil) string { return p.ID.Surname + ", " + p.ID.Forename }},
	{header: "Gender", value: func(p *model.Pupil) string { return genderText(p.Chars.Gender) }},
	{header: "Disadvantaged", value: func(p *model.Pupil) string { return yn(p.Chars.Disadvantaged) }},
	{header: "SEN", value: func(p *model.Pupil) string { return senText(p.Chars.SEN) }},
	{header: "First language", value: func(p *model.Pupil) string { return langText(p.Chars.Language) }},
}

var pupilColumns = map[model.KeyStage][]pupilColumn{
	model.KS4: {
		{header: "KS2 prior attainment", numeric: true, value: func(p *model.Pupil) string { return num(p.KS4.KS2APS, 1) }},
		{header: "Attainment 8", numeric: true, value: func(p *model.Pupil) string { return num(p.KS4.A8, 1) }},
		{header: "Progress 8", numeric: true, measure: "ks4_p8"},
		{header: "Entered EBacc", value: func(p *model.Pupil) string { return yn(p.KS4.EBaccEntered) }},
		{header: "Grade 5+ English and maths", value: func(p *model.Pupil) string { return yn(p.KS4.EMGrade5) }},
		{header: "Grade 4+ English and maths", value: func(p *model.Pupil) string { return yn(p.KS4.EMGrade4) }},
	},
	model.KS2: {
		{header: "KS1 prior attainment", numeric: true, value: func(p *model.Pupil) string { return num(p.KS2.KS1APS, 1) }},
		{header: "Reading", numeric: true, value: func(p *model.Pupil) string { return testResult(p.KS2.Read) }},
		{header: "Writing", value: func(p *model.Pupil) string { return string(p.KS2.Writ) }},
		{header: "Maths", numeric: true, value: func(p *model.Pupil) string { return testResult(p.KS2.Mat) }},
		{header: "GPS", numeric: true, value: func(p *model.Pupil) string { return testResult(p.KS2.GPS) }},
		{header: "Reading progress", numeric: true, measure: "ks2_read_prog"},
		{header: "Writing progress", numeric: true, measure: "ks2_writ_prog"},
		{header: "Maths progress", numeric: true, measure: "ks2_mat_prog"},
	},
}

// pupilListView lists one key stage's pupils in one year. Only the named
// profile calls it: it is the one view that carries identities.
func (p *Project) pupilListView(s School, ks model.KeyStage, year model.Year) *render.PupilListView {
	var pupils []model.Pupil
	for _, pu := range s.Pupils {
		if pu.KeyStage == ks && pu.Year == year {
			pupils = append(pupils, pu)
		}
	}
	slices.SortFunc(pupils, func(a, b model.Pupil) int {
		return strings.Compare(a.ID.Surname+"\x00"+a.ID.Forename, b.ID.Surname+"\x00"+b.ID.Forename)
	})
	cols := append(slices.Clone(commonPupilColumns), pupilColumns[ks]...)
	v := &render.PupilListView{Year: year.String()}
	values := make([][]string, len(pupils))
	for i := range values {
		values[i] = make([]string, len(cols))
	}
	for j, c := range cols {
		v.Columns = append(v.Columns, render.PupilColumn{Header: c.header, Numeric: c.numeric})
		if c.measure != "" {
			m := measures.MeasureByID(c.measure)
			for i, sc := range measures.ScorePupils(m, pupils, p.Data.Params, p.Data.Estimates) {
				if sc.InCohort {
					values[i][j] = m.Format(sc.Value)
					if sc.Adjusted {
						values[i][j] += " (adjusted)"
					}
				}
			}
			continue
		}
		for i := range pupils {
			values[i][j] = c.value(&pupils[i])
		}
	}
	v.Rows = values
	return v
}

// declaredPupilList lists the pupils a declared assessment's PupilList
// includes in one year, with its columns after their names. Only the named
// profile calls it: it is one of the views that carry identities.
func (p *Project) declaredPupilList(s School, a *assess.Assessment, year model.Year) *render.PupilListView {
	pl := a.PupilList
	var rows []assess.Row
	for i := range s.Pupils {
		pu := &s.Pupils[i]
		if pu.Year != year {
			continue
		}
		r := assess.NewRow(a, pu, p.Data.Params)
		if r.V != nil && pl.Include(r) {
			rows = append(rows, r)
		}
	}
	slices.SortStableFunc(rows, func(x, y assess.Row) int {
		return strings.Compare(x.P.ID.Surname+"\x00"+x.P.ID.Forename, y.P.ID.Surname+"\x00"+y.P.ID.Forename)
	})
	v := &render.PupilListView{Year: year.String(), Title: pl.Title}
	v.Columns = append(v.Columns, render.PupilColumn{Header: commonPupilColumns[0].header})
	// A list across year groups (attendance, suspensions) says which
	// pupil groups each pupil is in, as the tables by pupil group count
	// them.
	groups := false
	for _, c := range pl.Columns {
		v.Columns = append(v.Columns, render.PupilColumn{Header: c.Header})
		groups = groups || c.Header == "Year group"
	}
	if groups {
		v.Columns = append(v.Columns, render.PupilColumn{Header: "Groups"})
	}
	v.Rows = make([][]string, len(rows))
	for i, r := range rows {
		cells := []string{commonPupilColumns[0].value(r.P)}
		for _, c := range pl.Columns {
			cells = append(cells, c.Text(r))
		}
		if groups {
			cells = append(cells, pupilGroups(&r.P.Chars))
		}
		v.Rows[i] = cells
	}
	// A column whose every cell is a number sorts as numbers.
	for j := 1; j < len(v.Columns); j++ {
		numeric := len(v.Rows) > 0
		for _, row := range v.Rows {
			if _, err := strconv.ParseFloat(row[j], 64); err != nil && row[j] != dash {
				numeric = false
				break
			}
		}
		v.Columns[j].Numeric = numeric
		if numeric { // no figure: an empty cell, which sorts first
			for _, row := range v.Rows {
				if row[j] == dash {
					row[j] = ""
				}
			}
		}
	}
	return v
}

// pupilGroups names the pupil groups of the tables a pupil is in, among
// those a list of absence or suspensions is read for: "Disadvantaged, FSM,
// SEN support, EAL".
func pupilGroups(c *model.Characteristics) string {
	var gs []string
	if c.Disadvantaged.Yes() {
		gs = append(gs, "Disadvantaged")
	}
	if c.FSM.Yes() {
		gs = append(gs, "FSM")
	}
	if c.CLA.Yes() {
		gs = append(gs, "Looked after")
	}
	switch c.SEN {
	case model.SENSupport:
		gs = append(gs, "SEN support")
	case model.SENEHCP:
		gs = append(gs, "EHC plan")
	}
	if c.Language == model.LanguageOther {
		gs = append(gs, "EAL")
	}
	if c.NonMobile == model.FlagNo {
		gs = append(gs, "Mobile")
	}
	return strings.Join(gs, ", ")
}
