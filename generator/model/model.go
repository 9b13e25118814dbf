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

// KeyStage is a key stage of the English national curriculum (2 or 4).
type KeyStage int

// Key stages reportpack reports on.
const (
	KS2 KeyStage = 2
	KS4 KeyStage = 4
)

func (k KeyStage) String() string { return "KS" + strconv.Itoa(int(k)) }

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

// Pupil is one row of the pupil file: one pupil in one key stage in one year.
type Pupil struct {
	Src      Source
	URN      URN
	Year     Year
	KeyStage KeyStage
	ID       Identity
	Chars    Characteristics
	// Synthetic is true when the row is marked as made by reportpack
	// sample (its Synthetic column holds Y): an invented pupil.
	Synthetic bool
	KS2       KS2Result // meaningful when KeyStage == KS2
	KS4       KS4Result // meaningful when KeyStage == KS4
}
