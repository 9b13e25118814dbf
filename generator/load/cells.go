package load

import (
	"math"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/reportpack/reportpack/generator/model"
)

// A decoder reads one non-blank cell into a pupil. It returns the problem
// with the value, and a hint, or two empty strings when the value is good.
type decoder func(p *model.Pupil, c cell) (problem, hint string)

// text stores a name: trimmed, and in Unicode NFC so that "Zoë" typed on
// different machines is one spelling.
func text(get func(*model.Pupil) *string) decoder {
	return func(p *model.Pupil, c cell) (string, string) {
		*get(p) = norm.NFC.String(strings.TrimSpace(c.Text))
		return "", ""
	}
}

var yesNo = map[string]model.Flag{
	"y": model.FlagYes, "yes": model.FlagYes, "true": model.FlagYes, "1": model.FlagYes,
	"n": model.FlagNo, "no": model.FlagNo, "false": model.FlagNo, "0": model.FlagNo,
}

func flag(get func(*model.Pupil) *model.Flag) decoder {
	return func(p *model.Pupil, c cell) (string, string) {
		f, ok := yesNo[strings.ToLower(strings.TrimSpace(c.Text))]
		if !ok {
			return "not Y or N", "use Y or N (Yes/No, TRUE/FALSE and 1/0 work too)"
		}
		*get(p) = f
		return "", ""
	}
}

// code reads a value from a fixed list of codes, ignoring case.
func code[T any](codes map[string]T, get func(*model.Pupil) *T, problem, hint string) decoder {
	return func(p *model.Pupil, c cell) (string, string) {
		v, ok := codes[strings.ToUpper(strings.TrimSpace(c.Text))]
		if !ok {
			return problem, hint
		}
		*get(p) = v
		return "", ""
	}
}

// parseNumber reads a number as a spreadsheet or a person writes it.
func parseNumber(s string) (float64, string, string) {
	s = strings.TrimSpace(s)
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		if _, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64); err == nil {
			return 0, "not a number", "use a full stop for decimals: 15.5, not 15,5"
		}
		return 0, "not a number", ""
	}
	return f, "", ""
}

// number reads a number, in [lo, hi] unless both are zero.
func number(get func(*model.Pupil) *model.Num, lo, hi float64, rangeHint string) decoder {
	return func(p *model.Pupil, c cell) (string, string) {
		f, problem, hint := parseNumber(c.Text)
		if problem != "" {
			if hint == "" {
				hint = rangeHint
			}
			return problem, hint
		}
		if (lo != 0 || hi != 0) && (f < lo || f > hi) {
			return "out of range", rangeHint
		}
		*get(p) = model.Some(f)
		return "", ""
	}
}

const scoreHint = "scaled scores run from 80 to 120, or a code A, B, T, M, Q, X"

// testScore reads a KS2 test result: a whole scaled score or a code.
func testScore(get func(*model.Pupil) *model.TestResult) decoder {
	return func(p *model.Pupil, c cell) (string, string) {
		s := strings.ToUpper(strings.TrimSpace(c.Text))
		if code, ok := model.TestCodes[s]; ok {
			*get(p) = model.TestResult{Code: code}
			return "", ""
		}
		f, problem, _ := parseNumber(s)
		switch {
		case problem != "":
			return "not a scaled score or test code", scoreHint
		case f != math.Trunc(f):
			return "a scaled score is a whole number", scoreHint
		case f < 80 || f > 120:
			return "scaled score out of range", scoreHint
		}
		*get(p) = model.TestResult{Code: model.TestScored, Score: int(f)}
		return "", ""
	}
}

var writingCodes = func() map[string]model.WritingTA {
	m := make(map[string]model.WritingTA, len(model.WritingTACodes))
	for _, c := range model.WritingTACodes {
		m[string(c)] = c
	}
	return m
}()

var (
	genders   = map[string]model.Gender{"F": model.Female, "FEMALE": model.Female, "M": model.Male, "MALE": model.Male}
	senCodes  = map[string]model.SEN{"N": model.SENNone, "K": model.SENSupport, "E": model.SENEHCP, "S": model.SENEHCP}
	languages = map[string]model.Language{"ENG": model.LanguageEnglish, "OTH": model.LanguageOther, "UNCL": model.LanguageUnclassified}
)

func upn(p *model.Pupil, c cell) (string, string) {
	p.ID.UPN = strings.ToUpper(strings.TrimSpace(c.Text))
	return "", ""
}

func urn(p *model.Pupil, c cell) (string, string) {
	s := strings.TrimSpace(c.Text)
	// A spreadsheet may hand a number column over as "123456.0".
	if strings.HasSuffix(s, ".0") && strings.Trim(s[:len(s)-2], "0123456789") == "" {
		s = s[:len(s)-2]
	}
	p.URN = model.URN(s)
	return "", ""
}

func year(p *model.Pupil, c cell) (string, string) {
	y, ok := parseYear(c.Text)
	if !ok {
		return "not an academic year", "write the year the summer it ends falls in (2025), or 2024/25 or 2024-25"
	}
	p.Year = y
	return "", ""
}

// parseYear reads an academic year as model.ParseYear does, and also as the
// DfE's statistics files write it (202425).
func parseYear(s string) (model.Year, bool) {
	s = strings.TrimSpace(s)
	if y, err := model.ParseYear(s); err == nil {
		return y, true
	}
	if len(s) == 6 && strings.Trim(s, "0123456789") == "" {
		if y, err := model.ParseYear(s[:4] + "/" + s[4:]); err == nil {
			return y, true
		}
	}
	return 0, false
}

func keyStage(p *model.Pupil, c cell) (string, string) {
	s := strings.TrimSpace(strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(c.Text)), "KS"))
	switch f, _, _ := parseNumber(s); f {
	case 2:
		p.KeyStage = model.KS2
	case 4:
		p.KeyStage = model.KS4
	default:
		return "not a key stage reportpack reports on", "use 2 or 4"
	}
	return "", ""
}

const (
	dateForms = "write dates as DD/MM/YYYY or YYYY-MM-DD"
	dateHint  = dateForms + ", or format the cell as a date in Excel"
)

func dob(p *model.Pupil, c cell) (string, string) {
	if c.isDate() {
		p.ID.DOB = c.Date
		return "", ""
	}
	s := strings.TrimSpace(c.Text)
	for _, layout := range []string{time.DateOnly, "2/1/2006", "2006-01-02T15:04:05", time.DateTime} {
		if t, err := time.Parse(layout, s); err == nil {
			p.ID.DOB = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
			return "", ""
		}
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return "a number, not a date", "format the column as a date in Excel, or " + dateForms
	}
	if _, err := time.Parse("2/1/06", s); err == nil {
		return "a date with a two-digit year", "use a four-digit year: DD/MM/YYYY"
	}
	return "not a date", dateHint
}
