package grades

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Result is one valid result of a qualification.
type Result struct {
	// Text is the result in its canonical form: "7", "54", "U".
	Text string
	// Points is what the result scores in an Attainment 8 slot: 9 to 1 for
	// grades 9 to 1, 0 for U, and for combined science the mean of its pair
	// (54 scores 4.5 in each of its two slots).
	Points float64
	// Grade is the result as one grade for threshold measures: the grade,
	// the lower of a combined science pair (no averaging), 0 for U.
	Grade int
}

// AtLeast reports whether the result reaches grade g for a threshold
// measure: combined science 54 reaches 4 but not 5.
func (r Result) AtLeast(g int) bool { return r.Grade >= g }

// resultOf scores a result in the form checkListed accepts.
func resultOf(text string) Result {
	r := Result{Text: text}
	switch len(text) {
	case 1:
		if text != "U" {
			r.Grade = int(text[0] - '0')
			r.Points = float64(r.Grade)
		}
	case 2:
		hi, lo := int(text[0]-'0'), int(text[1]-'0')
		r.Grade = lo
		r.Points = float64(hi+lo) / 2
	}
	return r
}

var (
	// twoGrades is two grades with something between them: "5-4", "4/3", "5 4".
	twoGrades = regexp.MustCompile(`^([1-9])\s*[-/\\ ,.+&|]\s*([1-9])$`)
	// fails are what people write for a fail or ungraded result instead of U.
	fails = map[string]bool{"F": true, "X": true, "FAIL": true, "FAILED": true, "UNGRADED": true,
		"UNCLASSIFIED": true, "0": true, "00": true, "UU": true}
	// notEntered are what people write for "not entered" instead of a blank.
	notEntered = map[string]bool{"-": true, "N/A": true, "NA": true, "NONE": true, "ABS": true,
		"ABSENT": true, "NE": true, "NOT ENTERED": true}
	// letterGrades are the old GCSE grades.
	letterGrades = map[string]bool{"A*": true, "A": true, "B": true, "C": true, "D": true, "E": true, "G": true}
)

// canonical puts a cell's text in the form results are listed in: trimmed,
// upper case, and a whole number without the ".0" a spreadsheet may add.
func canonical(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 0 && f < 100 && f == math.Trunc(f) {
		return strconv.Itoa(int(f))
	}
	return s
}

// Parse reads a non-blank grade cell for the qualification. When the value
// is not one of its valid results it returns the problem and a hint that
// says how to write it, following the FFT template's guidance: one grade
// 9 to 1 or U, combined science two digits highest first with nothing
// between them, U (not F or X) for a fail. isDate says the cell is a date,
// as Excel makes of a typed "5-4".
func (q *Qualification) Parse(value string, isDate bool) (r Result, problem, hint string) {
	s := canonical(value)
	if !isDate {
		for _, res := range q.Results {
			if s == res {
				return resultOf(s), "", ""
			}
		}
	}
	problem, hint = q.diagnose(s, isDate)
	return Result{}, problem, hint
}

// diagnose explains a value that is no valid result.
func (q *Qualification) diagnose(s string, isDate bool) (problem, hint string) {
	switch {
	case isDate && q.Double():
		return "Excel has turned this grade into a date",
			"format the column as Text, then type the two grades with nothing between them, highest first, e.g. 54"
	case isDate:
		return "Excel has turned this grade into a date", "format the column as Text, then type the grade: 9 to 1, or U"
	case fails[s]:
		return "not a result: a fail or ungraded result is written U",
			"use U for a fail or ungraded result; leave the cell blank if the pupil was not entered"
	case notEntered[s]:
		return "not a result", "leave the cell blank if the pupil was not entered for " + q.Subject + "; use U if they sat it and were ungraded"
	}
	hi, lo, two := pair(s)
	if q.Double() {
		want := string([]byte{hi, lo})
		switch {
		case two && !slices.Contains(q.Results, want) && defaultDouble(q):
			return "not a combined science result: its two grades differ by at most one",
				"use one of " + strings.Join(q.Results, ", ")
		case two && twoGrades.MatchString(s):
			return "combined science is two digits with nothing between them",
				"write " + want + ", not " + s + " (the higher grade first, with no gap, dash or slash)"
		case two && s != want:
			return "combined science grades go highest first", "write " + want + ", not " + s
		case len(s) == 1 && isGrade(s[0]):
			return "combined science has two grades", "write both grades with nothing between them, highest first, e.g. " + s + s
		}
	} else {
		switch {
		case two && !strings.Contains(s, "."): // 7.5 is a number, not two grades
			return "two grades in one cell", "a " + q.Subject + " result is one grade, 9 to 1 or U; only combined science takes two digits"
		case letterGrades[s]:
			return "a letter grade", "GCSEs are graded 9 to 1 (U for ungraded); letter grades are not used"
		}
	}
	return "not a result for " + q.Subject, "use one of " + strings.Join(q.Results, ", ") + ", or leave the cell blank if the pupil was not entered"
}

// pair reads two grades written together or apart ("45", "5-4", "4 / 3"),
// higher first.
func pair(s string) (hi, lo byte, ok bool) {
	var a, b byte
	switch m := twoGrades.FindStringSubmatch(s); {
	case m != nil:
		a, b = m[1][0], m[2][0]
	case len(s) == 2 && isGrade(s[0]) && isGrade(s[1]):
		a, b = s[0], s[1]
	default:
		return 0, 0, false
	}
	return max(a, b), min(a, b), true
}

// defaultDouble reports whether the qualification lists combined science's
// usual results, so "differ by at most one" is the rule that was broken.
func defaultDouble(q *Qualification) bool {
	return slices.Contains(q.Results, "98") && !slices.Contains(q.Results, "97")
}
