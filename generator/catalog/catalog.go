// Package catalog is reportpack's one registry of ids: every measure of the
// specs (measures.md and whole-school.md, computed yet or not) with its
// label, assessment, unit and plausible range; every pupil group; the
// phases a national figure may be for; and, per measure, the years the DfE
// publishes no national figure and where its method last changed. It also
// ships the DfE's published headline figures (national-published.csv) as
// the default national figures, and resolves which national figure a page
// shows for a year, with its provenance.
//
// Package load validates national files against it; package measures
// compares with the figures it resolves; docs/ids.md is generated from it.
package catalog

import (
	"fmt"
	"slices"
	"strings"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/model"
)

// Assessment is what a measure is about.
type Assessment string

// Assessments, in the order pages and docs/ids.md list them.
const (
	KS4        Assessment = "ks4"
	KS2        Assessment = "ks2"
	EYFS       Assessment = "eyfs"
	Phonics    Assessment = "phonics"
	KS1        Assessment = "ks1"
	MTC        Assessment = "mtc"
	Attendance Assessment = "attendance"
	Behaviour  Assessment = "behaviour"
	Context    Assessment = "context"
)

// Assessments lists every assessment in order.
var Assessments = []Assessment{KS4, KS2, EYFS, Phonics, KS1, MTC, Attendance, Behaviour, Context}

// Title is the assessment as a heading names it.
func (a Assessment) Title() string {
	switch a {
	case KS4:
		return "Key stage 4"
	case KS2:
		return "Key stage 2"
	case EYFS:
		return "Early years foundation stage profile"
	case Phonics:
		return "Phonics screening check"
	case KS1:
		return "Key stage 1 teacher assessment"
	case MTC:
		return "Multiplication tables check"
	case Attendance:
		return "Attendance"
	case Behaviour:
		return "Suspensions and permanent exclusions"
	case Context:
		return "School characteristics"
	}
	return string(a)
}

// Unit is how a measure's figure reads.
type Unit string

// Units.
const (
	Percent  Unit = "percent"  // 0..100
	Mean     Unit = "mean"     // an average score or count
	Progress Unit = "progress" // a value-added score around 0
	Rate     Unit = "rate"     // per 100 pupils
	Count    Unit = "count"    // a number of pupils: no national figure
)

// PhaseOf is the kind of school a measure applies to.
type PhaseOf string

// The phases a measure applies to.
const (
	Primary   PhaseOf = "primary"
	Secondary PhaseOf = "secondary"
	All       PhaseOf = "all"
)

// Gap is a run of years, From to To inclusive (To 0: every year from From
// on), for which the DfE publishes no national figure for a measure.
type Gap struct {
	From, To model.Year
	// Why is a sentence a page can show in place of the figure. It may
	// name the year with %s (the year the page is for).
	Why string
	// Latest is set when the method did not change, only publication
	// stopped (KS1 since it became optional): pages then compare with the
	// last year before the gap, and say which year it is.
	Latest bool
}

// Covers reports whether the gap holds year y.
func (g Gap) Covers(y model.Year) bool { return y >= g.From && (g.To == 0 || y <= g.To) }

// Measure is one measure id of the specs.
type Measure struct {
	ID         model.MeasureID
	Label      string
	Assessment Assessment
	Unit       Unit
	Phase      PhaseOf // the schools it applies to
	Min, Max   float64 // the plausible range of a national figure
	// Since is the first year of the measure's current method: a figure
	// from an earlier year is never shown in place of a later one.
	Since model.Year
	// Gaps are the years the DfE publishes no national figure.
	Gaps []Gap
	// NoNational is set for counts of a school's own pupils, which have
	// no national figure.
	NoNational bool
	// Computed is set for measures reportpack computes today (package
	// measures); the others are declared so national files may carry them.
	Computed bool
}

// Gap returns the gap holding year y, if any.
func (m *Measure) Gap(y model.Year) (Gap, bool) {
	for _, g := range m.Gaps {
		if g.Covers(y) {
			return g, true
		}
	}
	return Gap{}, false
}

// NotPublished returns, when the DfE publishes no national figure for the
// measure in year y, the sentence a page shows instead.
func (m *Measure) NotPublished(y model.Year) (string, bool) {
	g, ok := m.Gap(y)
	if !ok {
		return "", false
	}
	if strings.Contains(g.Why, "%s") {
		return fmt.Sprintf(g.Why, y), true
	}
	return g.Why, true
}

// Group is one pupil group id.
type Group struct {
	ID    model.GroupID
	Label string
	// Spec names where the group is defined: "measures.md" or
	// "whole-school.md".
	Spec string
	// NationalOnly is set for groups that appear only as national
	// comparators (not_fsm), never as a table row.
	NationalOnly bool
}

// Phase is a phase a national figure may be for ("" for all schools).
type Phase struct {
	ID    model.Phase
	Label string
}

// Phases lists the phases of national.csv's phase column; "" (written
// blank or "all") is all schools.
var Phases = []Phase{
	{"", "All schools"},
	{"primary", "Primary schools"},
	{"secondary", "Secondary schools"},
	{"special", "Special schools"},
}

var (
	measureByID = map[model.MeasureID]*Measure{}
	groupByID   = map[model.GroupID]*Group{}
)

func init() {
	for _, m := range measures {
		if measureByID[m.ID] != nil {
			panic("catalog: measure " + string(m.ID) + " declared twice")
		}
		measureByID[m.ID] = m
	}
	for _, g := range groups {
		if groupByID[g.ID] != nil {
			panic("catalog: group " + string(g.ID) + " declared twice")
		}
		groupByID[g.ID] = g
	}
	published = mustParsePublished(publishedCSV)
}

// Measures returns every measure, in the order of the specs.
func Measures() []*Measure { return slices.Clone(measures) }

// MeasureByID returns a measure, or nil when the id is not one.
func MeasureByID(id model.MeasureID) *Measure { return measureByID[id] }

// Groups returns every group, in the order of the specs.
func Groups() []*Group { return slices.Clone(groups) }

// GroupByID returns a group, or nil when the id is not one.
func GroupByID(id model.GroupID) *Group { return groupByID[id] }

// ParsePhase reads national.csv's phase column: blank or "all" for all
// schools, else primary, secondary or special (any case).
func ParsePhase(s string) (model.Phase, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "all" {
		return "", true
	}
	for _, p := range Phases {
		if string(p.ID) == s {
			return p.ID, true
		}
	}
	return "", false
}

// ClosestMeasure is the declared measure id closest to s, for "did you
// mean" hints: always one, however far.
func ClosestMeasure(s string) model.MeasureID {
	ids := make([]string, len(measures))
	for i, m := range measures {
		ids[i] = string(m.ID)
	}
	return model.MeasureID(closest(s, ids))
}

// ClosestGroup is the declared group id closest to s.
func ClosestGroup(s string) model.GroupID {
	ids := make([]string, len(groups))
	for i, g := range groups {
		ids[i] = string(g.ID)
	}
	return model.GroupID(closest(s, ids))
}

// closest picks the id with the fewest edits from s, after lower-casing
// it and reading spaces and hyphens as "_"; of equals, one that shares
// s's longest prefix, then the first declared. A long word written for an
// abbreviation ("ks4_progress8" for "ks4_p8") costs its extra letters, so
// ids that s starts the same way as count first.
func closest(s string, ids []string) string {
	s = strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToLower(strings.TrimSpace(s)))
	best, bestScore := "", 0
	for _, id := range ids {
		d := diag.EditDistance(s, id)
		// Letters s has beyond an id it begins like are cheaper than
		// edits: "ks4_progress8" is ks4_p8 written out.
		if p := commonPrefix(s, id); p > 0 && strings.HasSuffix(s, id[len(id)-1:]) {
			d = min(d, (len(id)-p)+1+(len(s)-len(id))/4)
		}
		score := d*1000 - commonPrefix(s, id)
		if best == "" || score < bestScore {
			best, bestScore = id, score
		}
	}
	return best
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}
