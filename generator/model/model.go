// Package model holds reportpack's domain types: the typed values that the
// loading, validating, computing and rendering stages pass between them, the
// way goldmark's AST sits between its parser and renderer. It depends on
// nothing else in the generator.
package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Assessment names one assessment reportpack reports on, as its measure
// ids begin: "ks2", "ks4", "eyfs", "phonics", "ks1", "mtc". Package assess
// declares each one (year groups, columns, codes, measures, tables).
type Assessment string

// KeyStage is the assessment whose typed results a row carries in its KS2
// or KS4 field (KS2 or KS4; "" for a row with neither).
type KeyStage = Assessment

// The two key stages whose results have typed fields on Pupil.
const (
	KS2 Assessment = "ks2"
	KS4 Assessment = "ks4"
)

// String is the assessment's id, upper case for the key stages: "KS2".
func (a Assessment) String() string {
	if a == KS2 || a == KS4 {
		return strings.ToUpper(string(a))
	}
	return string(a)
}

// NCYear is a national curriculum year group: 0 is reception (R), 1..14
// the years after it. NoNCYear means the row gives none.
type NCYear int8

// NoNCYear is the year group of a row that gives none.
const NoNCYear NCYear = -1

// String writes the year group as schools do: "R", "Year 6".
func (y NCYear) String() string {
	switch {
	case y == 0:
		return "Reception"
	case y > 0:
		return "Year " + strconv.Itoa(int(y))
	}
	return "no year group"
}

// Short writes the year group as a column header does: "R", "6".
func (y NCYear) Short() string {
	if y == 0 {
		return "R"
	}
	return strconv.Itoa(int(y))
}

// Year is an academic year, stored as the calendar year in which it ends:
// 2025 is 2024/25.
type Year int

// String renders the year as users write it: "2024/25".
func (y Year) String() string { return fmt.Sprintf("%d/%02d", int(y)-1, int(y)%100) }

// ParseYear reads "2025", "2024/25" or "2024-25" (all the year ending summer 2025).
func ParseYear(s string) (Year, error) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "/-"); i >= 0 {
		start, err1 := strconv.Atoi(s[:i])
		end, err2 := strconv.Atoi(s[i+1:])
		if err1 != nil || err2 != nil || start < 1900 || start > 2999 {
			return 0, fmt.Errorf("not an academic year: %q", s)
		}
		full := start + 1
		if (len(s[i+1:]) == 2 && end != full%100) || (len(s[i+1:]) == 4 && end != full) || (len(s[i+1:]) != 2 && len(s[i+1:]) != 4) {
			return 0, fmt.Errorf("not an academic year: %q (the second year must follow the first, e.g. 2024/25)", s)
		}
		return Year(full), nil
	}
	// A spreadsheet may hand us 2025 as "2025.0".
	if f, err := strconv.ParseFloat(s, 64); err == nil && f == float64(int(f)) && f >= 1900 && f <= 2999 {
		return Year(int(f)), nil
	}
	return 0, fmt.Errorf("not an academic year: %q", s)
}

// URN is a school's six-digit unique reference number.
type URN string

// Flag is a yes/no characteristic that may be unrecorded.
type Flag uint8

// Flag values. The zero value is "not recorded".
const (
	FlagUnknown Flag = iota
	FlagNo
	FlagYes
)

// Yes reports whether the flag is recorded as yes.
func (f Flag) Yes() bool { return f == FlagYes }

// Known reports whether the flag was recorded at all.
func (f Flag) Known() bool { return f != FlagUnknown }

// FlagOf turns a bool into a recorded Flag.
func FlagOf(b bool) Flag {
	if b {
		return FlagYes
	}
	return FlagNo
}

// Gender as recorded in the census.
type Gender uint8

// Gender values. The zero value is "not recorded".
const (
	GenderUnknown Gender = iota
	Female
	Male
)

// SEN is a pupil's special educational needs provision.
type SEN uint8

// SEN values. The zero value is "not recorded".
const (
	SENUnknown SEN = iota
	SENNone        // N
	SENSupport     // K
	SENEHCP        // E (S, the old statement, is read as E)
)

// Language is a pupil's first language.
type Language uint8

// Language values. The zero value is "not recorded".
const (
	LanguageUnknown      Language = iota
	LanguageEnglish               // ENG
	LanguageOther                 // OTH: English as an additional language
	LanguageUnclassified          // UNCL
)

// Ethnicity is a major ethnic group.
type Ethnicity uint8

// Ethnicity values, in the order tables list them. The zero value is "not recorded".
const (
	EthnicityUnknown      Ethnicity = iota
	EthnicityWhite                  // WHIT
	EthnicityMixed                  // MIXD
	EthnicityAsian                  // ASIA
	EthnicityBlack                  // BLAC
	EthnicityChinese                // CHIN
	EthnicityOther                  // AOEG
	EthnicityUnclassified           // UNCL
)

// EthnicityCodes maps each major-group code to its value.
var EthnicityCodes = map[string]Ethnicity{
	"WHIT": EthnicityWhite, "MIXD": EthnicityMixed, "ASIA": EthnicityAsian, "BLAC": EthnicityBlack,
	"CHIN": EthnicityChinese, "AOEG": EthnicityOther, "UNCL": EthnicityUnclassified,
}

// Num is a number that may be absent (a blank cell).
type Num struct {
	V     float64
	Valid bool
}

// Some returns a present Num.
func Some(v float64) Num { return Num{V: v, Valid: true} }

// TestCode says why a KS2 test has no scaled score.
type TestCode uint8

// Test codes. TestScored means the pupil has a scaled score.
const (
	TestBlank      TestCode = iota // cell left empty
	TestScored                     // a scaled score 80..120
	TestAbsent                     // A
	TestBelow                      // B: working below the test standard
	TestUnable                     // T: unable to access
	TestMissing                    // M
	TestLeft                       // Q
	TestNotEntered                 // X
)

// TestCodes maps each letter code to its value.
var TestCodes = map[string]TestCode{
	"A": TestAbsent, "B": TestBelow, "T": TestUnable, "M": TestMissing, "Q": TestLeft, "X": TestNotEntered,
}

// TestResult is a KS2 test outcome: a scaled score or a code.
type TestResult struct {
	Code  TestCode
	Score int // valid when Code == TestScored
}

// Scored reports whether the pupil has a scaled score.
func (t TestResult) Scored() bool { return t.Code == TestScored }

// WritingTA is a KS2 writing teacher assessment outcome, as its code
// ("GDS", "EXS", "WTS", "PK1".."PK6", "HNM", "A", "D", "L", "M"), or "" when blank.
type WritingTA string

// WritingTACodes lists every valid writing teacher assessment code.
var WritingTACodes = []WritingTA{"GDS", "EXS", "WTS", "PK1", "PK2", "PK3", "PK4", "PK5", "PK6", "HNM", "A", "D", "L", "M"}

// Identity is what identifies a pupil. Only the named profile may ever
// render it; keep it apart so other profiles can be handed pupils without it.
type Identity struct {
	UPN      string
	Forename string
	Surname  string
	DOB      time.Time // zero when not given
}

// Name is the pupil's name as a list shows it.
func (id Identity) Name() string { return strings.TrimSpace(id.Forename + " " + id.Surname) }

// Characteristics are the contextual facts that define pupil groups.
type Characteristics struct {
	Gender        Gender
	FSM6          Flag // Ever 6 FSM
	FSM           Flag
	CLA           Flag
	PostLAC       Flag
	Disadvantaged Flag // FSM6 or CLA or PostLAC unless the file says otherwise
	SEN           SEN
	Language      Language
	NonMobile     Flag
	Ethnicity     Ethnicity
	// BirthTerm is worked out from the date of birth when the row is
	// loaded, so that it survives the identity being dropped.
	BirthTerm BirthTerm
}

// DerivedDisadvantaged is the DfE's definition, for a file that does not
// say: FSM6 or CLA or PostLAC. It is unknown only when none of them is
// recorded.
func (c Characteristics) DerivedDisadvantaged() Flag {
	known := false
	for _, f := range []Flag{c.FSM6, c.CLA, c.PostLAC} {
		if f.Yes() {
			return FlagYes
		}
		known = known || f.Known()
	}
	if known {
		return FlagNo
	}
	return FlagUnknown
}

// BirthTerm is the school term a pupil was born in (whole-school.md).
type BirthTerm uint8

// Terms of birth. The zero value is "not known" (no date of birth).
const (
	BirthUnknown BirthTerm = iota
	BirthAutumn            // September to December
	BirthSpring            // January to April
	BirthSummer            // May to August
)

// BirthTermOf is the term of a date of birth; BirthUnknown for the zero time.
func BirthTermOf(dob time.Time) BirthTerm {
	if dob.IsZero() {
		return BirthUnknown
	}
	switch m := dob.Month(); {
	case m >= time.September:
		return BirthAutumn
	case m <= time.April:
		return BirthSpring
	}
	return BirthSummer
}

// KS2Result holds a pupil's key stage 2 results.
type KS2Result struct {
	KS1APS   Num // prior attainment, 0..21
	Read     TestResult
	Mat      TestResult
	GPS      TestResult
	Writ     WritingTA
	ReadProg Num
	WritProg Num
	MatProg  Num
}

// KS4Result holds a pupil's key stage 4 results.
type KS4Result struct {
	KS2APS  Num // prior attainment
	A8      Num
	A8Eng   Num
	A8Mat   Num
	A8EBacc Num
	A8Open  Num
	P8      Num
	P8Eng   Num
	P8Mat   Num
	P8EBacc Num
	P8Open  Num

	EBaccEntered Flag
	EBaccAPS     Num
	EMGrade5     Flag
	EMGrade4     Flag
	Grades       []SubjectGrade // subject grade cells, in file order; see SubjectGrade
}

// Source says where a record came from, for diagnostics.
type Source struct {
	File  string
	Sheet string // empty for CSV
	Row   int    // as the user sees it: header = row 1
}

// Value is one cell of a declared assessment's column (package assess), as
// loaded: a code ("Wa", "EXS", "A"), a number, or blank (neither).
type Value struct {
	Code string  // the code as the column declares it; "" for a number or blank
	Num  float64 // valid when IsNum
	// IsNum is true when the cell holds a number (a mark, a score).
	IsNum bool
}

// Blank reports whether the cell was empty.
func (v Value) Blank() bool { return !v.IsNum && v.Code == "" }

// Result is a row's cells of one declared assessment, in the order the
// assessment declares its columns.
type Result struct {
	Assessment Assessment
	Values     []Value
}

// Pupil is one row of the pupil data: one pupil on roll at one school in
// one year, with the results the files give for that year.
type Pupil struct {
	Src  Source
	URN  URN
	Year Year
	// NCYear is the row's year group (NoNCYear when the file gives none
	// and no key stage stands in for it).
	NCYear NCYear
	// KeyStage is KS2 or KS4 when the row carries those typed results
	// (a KeyStage column, or a Year 6 or 11 row with their columns).
	KeyStage KeyStage
	ID       Identity
	Chars    Characteristics
	// Synthetic is true when the row is marked as made by reportpack
	// sample (its Synthetic column holds Y): an invented pupil.
	Synthetic bool
	KS2       KS2Result // meaningful when KeyStage == KS2
	KS4       KS4Result // meaningful when KeyStage == KS4
	// Results holds the cells of the declared assessments (package
	// assess) the row has any cell of, in no particular order.
	Results []Result
}

// Result returns the row's cells of the assessment, or nil when it has none.
func (p *Pupil) Result(a Assessment) []Value {
	for i := range p.Results {
		if p.Results[i].Assessment == a {
			return p.Results[i].Values
		}
	}
	return nil
}

// Takes reports whether the row takes part in the assessment: it carries
// its typed results (KS2, KS4) or any of its declared cells.
func (p *Pupil) Takes(a Assessment) bool {
	if a == p.KeyStage && a != "" {
		return true
	}
	return p.Result(a) != nil
}
