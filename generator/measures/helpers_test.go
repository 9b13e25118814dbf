package measures

import (
	"math"
	"testing"

	"github.com/reportpack/reportpack/generator/model"
)

const year = model.Year(2025)

func ptr(v float64) *float64 { return &v }

func num(v float64) model.Num { return model.Some(v) }

func score(s int) model.TestResult { return model.TestResult{Code: model.TestScored, Score: s} }

func code(c model.TestCode) model.TestResult { return model.TestResult{Code: c} }

// pupil is a KS4 or KS2 pupil with ordinary characteristics (male, not
// disadvantaged, no SEN, English, non-mobile, white), changed by mods.
func pupil(ks model.KeyStage, mods ...func(*model.Pupil)) model.Pupil {
	p := model.Pupil{URN: "123456", Year: year, KeyStage: ks, Chars: model.Characteristics{
		Gender: model.Male, FSM6: model.FlagNo, FSM: model.FlagNo, CLA: model.FlagNo, PostLAC: model.FlagNo,
		Disadvantaged: model.FlagNo, SEN: model.SENNone, Language: model.LanguageEnglish,
		NonMobile: model.FlagYes, Ethnicity: model.EthnicityWhite,
	}}
	for _, m := range mods {
		m(&p)
	}
	return p
}

func female(p *model.Pupil)  { p.Chars.Gender = model.Female }
func disadv(p *model.Pupil)  { p.Chars.Disadvantaged = model.FlagYes; p.Chars.FSM6 = model.FlagYes }
func senK(p *model.Pupil)    { p.Chars.SEN = model.SENSupport }
func senE(p *model.Pupil)    { p.Chars.SEN = model.SENEHCP }
func mobileP(p *model.Pupil) { p.Chars.NonMobile = model.FlagNo }

func kPrior(v float64) func(*model.Pupil) { return func(p *model.Pupil) { p.KS4.KS2APS = num(v) } }
func kP8(v float64) func(*model.Pupil)    { return func(p *model.Pupil) { p.KS4.P8 = num(v) } }
func kA8(v float64) func(*model.Pupil)    { return func(p *model.Pupil) { p.KS4.A8 = num(v) } }

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// cell finds a measure's cell in a group's row of the unfiltered table.
func cell(t *testing.T, r Results, ks model.KeyStage, y model.Year, id model.MeasureID, g model.GroupID) Cell {
	t.Helper()
	row, tb := find(t, r, ks, y, id, g, Filter{})
	return row.Cells[tb.Column(id)]
}

func find(t *testing.T, r Results, ks model.KeyStage, y model.Year, id model.MeasureID, g model.GroupID, f Filter) (*Row, *Table) {
	t.Helper()
	k := r.KeyStage(ks)
	if k == nil {
		t.Fatalf("no %v results", ks)
	}
	yr := k.Year(y)
	if yr == nil {
		t.Fatalf("no %v results for %v", ks, y)
	}
	for ti := range yr.Tables {
		tb := &yr.Tables[ti]
		if tb.Column(id) < 0 {
			continue
		}
		rows, ok := tb.Rows(f)
		if !ok {
			t.Fatalf("table %s has no filter %q", tb.Def.ID, f)
		}
		for ri := range rows {
			if rows[ri].Group.ID == g {
				return &rows[ri], tb
			}
		}
		t.Fatalf("table %s under %q has no row %s", tb.Def.ID, f, g)
	}
	t.Fatalf("no table has measure %s", id)
	return nil, nil
}

func hasRow(r Results, ks model.KeyStage, tableID string, g model.GroupID, f Filter) bool {
	rows, ok := r.KeyStage(ks).Latest().Table(tableID).Rows(f)
	if !ok {
		return false
	}
	for _, row := range rows {
		if row.Group.ID == g {
			return true
		}
	}
	return false
}

// keyStageMeasures are the measures of key stages 4 and 2, in that order.
func keyStageMeasures() []*Measure { return append(Measures(model.KS4), Measures(model.KS2)...) }
