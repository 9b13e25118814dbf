package catalog

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/reportpack/reportpack/generator/model"
)

// publishedCSV is the DfE's published national headline figures that
// reportpack ships as its default national figures: year, measure, group,
// phase (blank for all schools), value and source, one figure a row, each
// citing where it was published. It is a copy of the project's
// shared/data/national-published.csv, compiled from the DfE's statistics
// releases on explore-education-statistics.service.gov.uk (key stage 4
// performance, key stage 2 attainment, EYFS profile results, phonics
// screening check and key stage 1 attainment, multiplication tables check,
// pupil absence, suspensions and permanent exclusions, schools, pupils and
// their characteristics, special educational needs in England); a few
// group breakdowns are as reported by FFT Education Datalab, Schools Week,
// Tes or PA, and their source says so. A site's national.csv overrides it
// row by row. To update it, edit the file and run go test ./generator/catalog
// (every row is checked against the registry).
//
//go:embed national-published.csv
var publishedCSV []byte

// Published is one built-in published figure.
type Published struct {
	Key    model.NationalKey
	Value  float64
	Source string // "DfE, Key stage 4 performance 2022/23"
	Row    int    // its row in national-published.csv (header = 1)
}

// PublishedFile is the built-in file's name, as diagnostics name it.
const PublishedFile = "national-published.csv (built into reportpack)"

var published map[model.NationalKey]Published

// PublishedFigures returns every built-in published figure.
func PublishedFigures() []Published {
	out := make([]Published, 0, len(published))
	for _, p := range published {
		out = append(out, p)
	}
	sortPublished(out)
	return out
}

// PublishedFigure returns the built-in figure for a key, if there is one.
func PublishedFigure(k model.NationalKey) (Published, bool) {
	p, ok := published[k]
	return p, ok
}

// Defaults returns the built-in figures as national figures, a fresh map
// the caller may lay a site's own figures over.
func Defaults() model.NationalFigures {
	n := make(model.NationalFigures, len(published))
	for k, p := range published {
		n[k] = p.Value
	}
	return n
}

// ParsePublished reads a file in national-published.csv's form and checks
// every row against the registry. It is how the built-in file is read, and
// how a test checks an edited copy.
func ParsePublished(b []byte) (map[model.NationalKey]Published, []string) {
	var problems []string
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF"))))
	r.FieldsPerRecord = -1
	head, err := r.Read()
	want := []string{"year", "measure", "group", "phase", "value", "source"}
	if err != nil || strings.Join(head, ",") != strings.Join(want, ",") {
		return nil, []string{fmt.Sprintf("row 1: the header must be %s", strings.Join(want, ","))}
	}
	out := map[model.NationalKey]Published{}
	for row := 2; ; row++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		bad := func(format string, a ...any) {
			problems = append(problems, fmt.Sprintf("row %d: ", row)+fmt.Sprintf(format, a...))
		}
		if err != nil {
			bad("%v", err)
			continue
		}
		if len(rec) != len(want) {
			bad("%d cells, want %d", len(rec), len(want))
			continue
		}
		y, err := model.ParseYear(rec[0])
		if err != nil {
			bad("%v", err)
			continue
		}
		phase, ok := ParsePhase(rec[3])
		if !ok {
			bad("phase %q is not one of primary, secondary, special or blank", rec[3])
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(rec[4]), 64)
		if err != nil {
			bad("value %q is not a number", rec[4])
			continue
		}
		k := model.NationalKey{Year: y, Measure: model.MeasureID(rec[1]), Group: model.GroupID(rec[2]), Phase: phase}
		for _, p := range Check(k, v) {
			bad("%s", p.Message)
		}
		if strings.TrimSpace(rec[5]) == "" {
			bad("no source")
		}
		if first, dup := out[k]; dup {
			bad("the same year, measure, group and phase as row %d", first.Row)
			continue
		}
		out[k] = Published{Key: k, Value: v, Source: strings.TrimSpace(rec[5]), Row: row}
	}
	return out, problems
}

func mustParsePublished(b []byte) map[model.NationalKey]Published {
	p, problems := ParsePublished(b)
	if len(problems) > 0 {
		panic("catalog: national-published.csv: " + strings.Join(problems, "; "))
	}
	return p
}

// Problem is one thing wrong with a national figure's ids or value.
type Problem struct {
	Field   string // "measure", "group", "phase" or "value"
	Message string
	Hint    string
}

// Check returns what is wrong with a national figure: an undeclared
// measure or group (with the closest declared id), a measure that has no
// national figure, or a value outside the measure's plausible range.
func Check(k model.NationalKey, v float64) []Problem {
	var ps []Problem
	m := MeasureByID(k.Measure)
	switch {
	case m == nil:
		ps = append(ps, Problem{Field: "measure", Message: "not a measure id",
			Hint: fmt.Sprintf("did you mean %s? the ids are listed in docs/ids.md", ClosestMeasure(string(k.Measure)))})
	case m.NoNational:
		ps = append(ps, Problem{Field: "measure", Message: string(k.Measure) + " counts a school's own pupils and has no national figure",
			Hint: "leave it out of the national file"})
	}
	if GroupByID(k.Group) == nil {
		ps = append(ps, Problem{Field: "group", Message: "not a group id",
			Hint: fmt.Sprintf("did you mean %s? the ids are listed in docs/ids.md", ClosestGroup(string(k.Group)))})
	}
	if m != nil && !m.NoNational && (v < m.Min || v > m.Max) {
		ps = append(ps, Problem{Field: "value", Message: fmt.Sprintf("outside the range of %s (%s to %s)", k.Measure, fnum(m.Min), fnum(m.Max)),
			Hint: rangeHint(m)})
	}
	return ps
}

func rangeHint(m *Measure) string {
	switch m.Unit {
	case Percent:
		return "percentages are 0 to 100, not 0 to 1: write 64.8, not 0.648"
	case Progress:
		return "a national progress score is a small number around 0, e.g. -0.03"
	}
	return "check the figure and its measure id"
}

func fnum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
