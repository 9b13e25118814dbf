package template

import (
	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/model"
)

// ColNCYear is the pupil's national curriculum year group (whole-school.md:
// R or 1..14), as package load names it.
const ColNCYear = load.ColNCYear

// KS4Columns are the pupil-file columns of the key stage 4 grades template,
// before its subject columns: who the pupil is, the characteristics that
// define pupil groups, and KS2 prior attainment for Progress 8. The DfE's
// A8, P8, EBacc and English-and-maths columns are left out: reportpack works
// them out from the grades.
var KS4Columns = []load.Column{
	load.ColURN, load.ColUPN, load.ColForename, load.ColSurname, load.ColDOB, load.ColYear, ColNCYear, load.ColKeyStage,
	load.ColGender, load.ColFSM6, load.ColFSM, load.ColCLA, load.ColPostLAC, load.ColDisadvantaged,
	load.ColSEN, load.ColFirstLanguage, load.ColNonMobile, load.ColEthnicity, load.ColKS2APS,
}

// PrimaryColumns are the pupil-file columns of the primary template: who
// the pupil is and the year group, the characteristics, then the key stage
// 2 columns. The declared assessments' columns (EYFS, phonics, KS1, MTC)
// go between the characteristics and key stage 2: see Options.
var PrimaryColumns = []load.Column{
	load.ColURN, load.ColUPN, load.ColForename, load.ColSurname, load.ColDOB, load.ColYear, ColNCYear,
	load.ColGender, load.ColFSM6, load.ColFSM, load.ColCLA, load.ColPostLAC, load.ColDisadvantaged,
	load.ColSEN, load.ColFirstLanguage, load.ColNonMobile, load.ColEthnicity,
	load.ColKS1APS, load.ColReadSS, load.ColMatSS, load.ColGPSSS, load.ColWritTA,
	load.ColReadProg, load.ColWritProg, load.ColMatProg,
}

// kind says how a column's cells are checked as they are typed.
type kind uint8

const (
	kindText   kind = iota // free text, stored as text
	kindList               // a drop-down of codes, stored as text
	kindNumber             // a number in [lo, hi]
	kindDate               // a date
	kindUPN                // 13 characters
)

// guide is what the Guidance sheet says about a column, and how the Pupils
// sheet checks it.
type guide struct {
	meaning string
	values  string
	kind    kind
	list    []string // kindList: the codes
	lo, hi  float64  // kindNumber: the range
	width   float64
}

var yn = []string{"Y", "N"}

func flagGuide(meaning string) guide {
	return guide{meaning: meaning, values: "Y or N (Yes/No, TRUE/FALSE and 1/0 are read too)", kind: kindList, list: yn}
}

func numberGuide(meaning, values string, lo, hi float64) guide {
	return guide{meaning: meaning, values: values, kind: kindNumber, lo: lo, hi: hi}
}

func ethnicityCodes() []string {
	return []string{"WHIT", "MIXD", "ASIA", "BLAC", "CHIN", "AOEG", "UNCL"}
}

func writingCodes() []string {
	s := make([]string, len(model.WritingTACodes))
	for i, c := range model.WritingTACodes {
		s[i] = string(c)
	}
	return s
}

// guides describes every pupil-file column, as data-contract.md does.
var guides = map[load.Column]guide{
	load.ColURN: {meaning: "The school's unique reference number. Needed when the file holds more than one school; otherwise site.toml gives it.",
		values: "6 digits", kind: kindNumber, lo: 100000, hi: 999999},
	load.ColUPN: {meaning: "Unique pupil number.", values: "13 characters: check letter, LA code, establishment number, year, serial; required",
		kind: kindUPN, width: 16},
	load.ColForename: {meaning: "Pupil's forename (shown only in the named profile).", values: "any text", width: 16},
	load.ColSurname:  {meaning: "Pupil's surname (shown only in the named profile).", values: "any text", width: 16},
	load.ColDOB:      {meaning: "Date of birth.", values: "a date, e.g. 14/03/2009", kind: kindDate, width: 12},
	load.ColYear:     {meaning: "Academic year of the results.", values: "2025 or 2024/25 (both mean the year ending summer 2025); required"},
	load.ColKeyStage: {meaning: "Key stage of the results: 4 means Year 11, 2 means Year 6.", values: "4 (2 for key stage 2 rows); required", kind: kindList},
	// The year groups offered depend on the template's phase.
	ColNCYear: {meaning: "National curriculum year group of the pupil in that academic year. A result column that does not belong to the year group is an error.",
		values: "R (reception) or 1 to 14", kind: kindList},
	load.ColGender:        {meaning: "Gender as recorded in the census.", values: "F or M (Female or Male)", kind: kindList, list: []string{"F", "M"}},
	load.ColFSM6:          flagGuide("Ever 6 FSM: eligible for free school meals at any point in the last 6 years."),
	load.ColFSM:           flagGuide("Eligible for free school meals now."),
	load.ColCLA:           flagGuide("Looked after by the local authority for at least one day."),
	load.ColPostLAC:       flagGuide("Left care through adoption, a special guardianship order or a child arrangements order."),
	load.ColDisadvantaged: flagGuide("Disadvantaged. Optional: when blank it is FSM6 or CLA or PostLAC."),
	load.ColSEN: {meaning: "Special educational needs provision.", values: "N (no SEN), K (SEN support) or E (EHC plan)",
		kind: kindList, list: []string{"N", "K", "E"}},
	load.ColFirstLanguage: {meaning: "First language; OTH means English as an additional language.", values: "ENG, OTH or UNCL",
		kind: kindList, list: []string{"ENG", "OTH", "UNCL"}},
	load.ColNonMobile: flagGuide("On roll throughout the last two years of the key stage."),
	load.ColEthnicity: {meaning: "Major ethnic group.", values: "WHIT, MIXD, ASIA, BLAC, CHIN, AOEG or UNCL",
		kind: kindList, list: ethnicityCodes()},

	load.ColKS1APS: numberGuide("KS1 average point score: prior attainment for KS2 progress.", "0 to 21; blank when none", 0, 21),
	load.ColReadSS: {meaning: "KS2 reading scaled score, or a code.", values: "80 to 120, or A, B, T, M, Q, X"},
	load.ColMatSS:  {meaning: "KS2 maths scaled score, or a code.", values: "80 to 120, or A, B, T, M, Q, X"},
	load.ColGPSSS:  {meaning: "KS2 grammar, punctuation and spelling scaled score, or a code.", values: "80 to 120, or A, B, T, M, Q, X"},
	load.ColWritTA: {meaning: "KS2 writing teacher assessment.", values: "GDS, EXS, WTS, PK1 to PK6, HNM, A, D, L or M",
		kind: kindList, list: writingCodes()},
	load.ColReadProg: {meaning: "KS2 reading progress score. Optional: worked out from KS1_APS and estimates.csv when blank.", values: "a number"},
	load.ColWritProg: {meaning: "KS2 writing progress score. Optional.", values: "a number"},
	load.ColMatProg:  {meaning: "KS2 maths progress score. Optional.", values: "a number"},

	load.ColKS2APS: numberGuide("KS2 prior attainment: the average of the pupil's KS2 reading and maths scaled scores (or a fine level for older cohorts). Needed for Progress 8.",
		"80 to 120 (or a fine level 0 to 6); blank when none", 0, 120),
	load.ColA8:      numberGuide("Attainment 8 as the DfE supplies it. Leave blank to have it worked out from the subject grades.", "0 to 90", 0, 90),
	load.ColA8Eng:   numberGuide("Attainment 8 English element.", "0 to 18", 0, 18),
	load.ColA8Mat:   numberGuide("Attainment 8 maths element.", "0 to 18", 0, 18),
	load.ColA8EBacc: numberGuide("Attainment 8 EBacc element.", "0 to 27", 0, 27),
	load.ColA8Open:  numberGuide("Attainment 8 open element.", "0 to 27", 0, 27),
	load.ColP8:      {meaning: "Progress 8 score. Optional: worked out from A8, KS2_APS and estimates.csv when blank.", values: "a number"},
	load.ColP8Eng:   {meaning: "Progress 8 English element. Optional.", values: "a number"},
	load.ColP8Mat:   {meaning: "Progress 8 maths element. Optional.", values: "a number"},
	load.ColP8EBacc: {meaning: "Progress 8 EBacc element. Optional.", values: "a number"},
	load.ColP8Open:  {meaning: "Progress 8 open element. Optional.", values: "a number"},

	load.ColEBaccEntered: flagGuide("Entered for every EBacc subject area. Worked out from the grades when blank."),
	load.ColEBaccAPS:     numberGuide("EBacc average point score. Worked out from the grades when blank.", "0 to 9", 0, 9),
	load.ColEMGrade5:     flagGuide("Grade 5 or above in both English and maths. Worked out from the grades when blank."),
	load.ColEMGrade4:     flagGuide("Grade 4 or above in both English and maths. Worked out from the grades when blank."),
}
