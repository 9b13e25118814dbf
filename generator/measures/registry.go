package measures

import (
	"sync"
	"sync/atomic"

	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/model"
)

// One init, so the registries are checked in dependency order rather than
// in the order the compiler happens to see the files.
func init() {
	initGroups()
	reg()
}

// registryState is every measure and table, of the assessments package
// assess declares. It is derived again when an assessment is registered
// (a test may declare one).
type registryState struct {
	gen   int64
	order []model.Assessment
	byKS  map[model.Assessment][]*Measure
	byID  map[model.MeasureID]*Measure
	// tables in page order; cols holds, per table, the assessment's
	// measure index of each column.
	tables []*TableDef
	cols   map[*TableDef][]int
}

var (
	regState atomic.Pointer[registryState]
	regMu    sync.Mutex
	// declared keeps each declared assessment's measures and tables, so
	// that deriving the registry again keeps their pointers.
	declared = map[*assess.Assessment]declaredDefs{}
)

type declaredDefs struct {
	measures []*Measure
	tables   []*TableDef
}

func reg() *registryState {
	if s := regState.Load(); s != nil && s.gen == assess.Generation() {
		return s
	}
	regMu.Lock()
	defer regMu.Unlock()
	if s := regState.Load(); s != nil && s.gen == assess.Generation() {
		return s
	}
	s := buildRegistry()
	regState.Store(s)
	return s
}

func buildRegistry() *registryState {
	s := &registryState{gen: assess.Generation(), byKS: map[model.Assessment][]*Measure{},
		byID: map[model.MeasureID]*Measure{}, cols: map[*TableDef][]int{}}
	add := func(m *Measure) {
		if s.byID[m.ID] != nil {
			panic("measures: measure " + string(m.ID) + " declared twice")
		}
		m.index = len(s.byKS[m.KeyStage])
		s.byKS[m.KeyStage] = append(s.byKS[m.KeyStage], m)
		s.byID[m.ID] = m
	}
	for _, a := range assess.All() {
		s.order = append(s.order, a.ID)
		d, ok := declared[a]
		if !ok {
			d = declare(a)
			declared[a] = d
		}
		for _, m := range d.measures {
			add(m)
		}
		s.tables = append(s.tables, d.tables...)
	}
	seen := map[model.MeasureID]string{}
	for _, t := range s.tables {
		for _, id := range t.Measures {
			m := s.byID[id]
			if m == nil || m.KeyStage != t.KeyStage {
				panic("measures: table " + t.ID + " lists unknown measure " + string(id))
			}
			s.cols[t] = append(s.cols[t], m.index)
			if t.ByYearGroup {
				continue // a view by year group of measures a table by pupil group has
			}
			if other, dup := seen[id]; dup {
				panic("measures: measure " + string(id) + " is in tables " + other + " and " + t.ID)
			}
			seen[id] = t.ID
		}
	}
	for id := range s.byID {
		if _, ok := seen[id]; !ok {
			panic("measures: measure " + string(id) + " is in no table")
		}
	}
	return s
}

// declare turns a declared assessment's measures and tables into the
// package's own.
func declare(a *assess.Assessment) declaredDefs {
	var d declaredDefs
	for i := range a.Measures {
		dm := &a.Measures[i]
		m := &Measure{ID: dm.ID, Label: dm.Title(), Column: dm.Column, KeyStage: a.ID, Decimals: dm.Decimals,
			AdjustedID: dm.AdjustedID, unadjustedOf: dm.UnadjustedOf, Assessment: a}
		switch dm.Kind {
		case assess.Percent:
			m.Kind = KindPercent
		case assess.Mean:
			m.Kind = KindMean
		case assess.Progress:
			m.Kind = KindProgress
		case assess.Ratio:
			m.Kind = KindRatio
		case assess.Count:
			m.Kind = KindCount
		default:
			panic("measures: measure " + string(dm.ID) + " has a kind package measures does not compute")
		}
		// row is the rule's view of a row; false when the row has no cells
		// of the assessment (an EveryRow assessment's rows need none: its
		// rules read a blank as none).
		row := func(e *env, p *model.Pupil) (assess.Row, bool) {
			// A typed assessment's results are p.KS2 or p.KS4 (the row
			// takes it by its key stage); a declared one's, its Values.
			v := p.Result(a.ID)
			if v == nil && !a.EveryRow && (!a.Typed || !p.Takes(a.ID)) {
				return assess.Row{}, false
			}
			return assess.Row{P: p, V: v, Params: e.params, Est: e.estFn}, true
		}
		if dm.Kind == assess.Ratio {
			ratio, scale := dm.Ratio, dm.Scale
			m.Scale = scale
			m.ratio = func(e *env, p *model.Pupil) (float64, float64, bool) {
				r, ok := row(e, p)
				if !ok {
					return 0, 0, false
				}
				return ratio(r)
			}
			// A row's own figure (for ScorePupils and a pupil's cohort):
			// its own rate.
			m.pupil = func(e *env, p *model.Pupil) (float64, bool) {
				num, den, ok := m.ratio(e, p)
				if !ok {
					return 0, false
				}
				if den == 0 {
					return 0, true
				}
				return num / den * scale, true
			}
		} else {
			rule := dm.Rule
			m.pupil = func(e *env, p *model.Pupil) (float64, bool) {
				r, ok := row(e, p)
				if !ok {
					return 0, false
				}
				return rule(r)
			}
		}
		d.measures = append(d.measures, m)
	}
	for _, t := range a.Tables {
		d.tables = append(d.tables, &TableDef{ID: t.ID, Title: t.Title, Short: t.Short, KeyStage: a.ID, Measures: t.Measures,
			Cohort: t.Cohort, ByYearGroup: t.ByYearGroup})
	}
	return d
}
