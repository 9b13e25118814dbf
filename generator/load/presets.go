package load

import (
	"maps"
	"slices"
)

// Preset is a named set of header and value maps for the exports of one
// school MIS: site.toml [data] preset = "sims". A preset only names
// headers and values; site.toml's own [data.columns] and [data.values]
// win over it, and a file's headers in reportpack's own names are read as
// ever.
//
// A MIS export's headers depend on the report a school designs, so each
// preset lists the names the MIS gives its fields by default, several
// where exports differ; the fixtures under generator/site/testdata/mis
// say where the names come from.
type Preset struct {
	Name   string
	Source string // the MIS, for messages
	// Headers lists, for a column, the headers that may hold it, in
	// order of preference: the first the file has is read.
	Headers map[Column][]string
	// Values maps a column's values as the MIS writes them (compared
	// ignoring case and surrounding space) to reportpack's codes.
	Values map[Column]map[string]string
}

// Value maps the presets share.
var (
	trueFalse = map[string]string{"T": "Y", "F": "N"}
	ealYesNo  = map[string]string{"Yes": "OTH", "Y": "OTH", "True": "OTH", "T": "OTH",
		"No": "ENG", "N": "ENG", "False": "ENG", "F": "ENG"}
	senWords = map[string]string{"No SEN": "N", "None": "N", "SEN Support": "K", "K - SEN Support": "K",
		"EHC Plan": "E", "EHCP": "E", "E - EHC Plan": "E", "Education, Health and Care Plan": "E",
		"Statement": "E", "N - No Special Educational Need": "N"}
	sexWords = map[string]string{"Boy": "M", "Girl": "F"}
)

// Presets are the built-in presets, by name.
var Presets = map[string]Preset{
	// SIMS: a report designed in Reports > Design Report, exported to
	// Excel or CSV; booleans print as T or F, the year group as "Year".
	"sims": {Name: "sims", Source: "SIMS",
		Headers: map[Column][]string{
			ColForename:      {"Legal Forename", "Forename", "Preferred Forename"},
			ColSurname:       {"Legal Surname", "Surname", "Preferred Surname"},
			ColDOB:           {"DOB", "Date of Birth"},
			ColGender:        {"Gender", "Sex"},
			ColYearGroup:     {"Year", "Year Group", "NC Year", "NC Year Actual"},
			ColEthnicity:     {"Ethnicity", "Ethnic Code", "Ethnicity Code"},
			ColFirstLanguage: {"EAL", "English Additional Language"},
			ColFSM:           {"FSM Eligible", "FSM"},
			ColFSM6:          {"Ever 6 FSM", "FSM Ever 6", "FSM6"},
			ColCLA:           {"In Care", "Looked After", "In LA Care"},
			ColSEN:           {"SEN Status", "SEN Provision"},
			ColDisadvantaged: {"Pupil Premium Indicator", "Pupil Premium"},
			ColKS2ReadSS:     {"KS2 Reading Scaled Score", "KS2 Reading SS", "KS2 Read SS"},
			ColKS2MatSS:      {"KS2 Maths Scaled Score", "KS2 Maths SS", "KS2 Mat SS"},
		},
		Values: map[Column]map[string]string{
			ColFirstLanguage: ealYesNo,
			ColFSM:           trueFalse, ColFSM6: trueFalse, ColCLA: trueFalse, ColDisadvantaged: trueFalse,
			ColSEN: senWords,
		},
	},
	// Arbor: a custom report of students, downloaded as CSV or XLSX;
	// names as "Legal first name", flags as Yes or No, the SEN status
	// and ethnicity in words.
	"arbor": {Name: "arbor", Source: "Arbor",
		Headers: map[Column][]string{
			ColForename:      {"Legal first name", "First name", "Preferred first name"},
			ColSurname:       {"Legal last name", "Last name", "Preferred last name"},
			ColDOB:           {"Date of birth", "DOB"},
			ColGender:        {"Gender", "Sex"},
			ColYearGroup:     {"Year group", "Year"},
			ColEthnicity:     {"Ethnicity"},
			ColFirstLanguage: {"EAL", "English as an additional language"},
			ColFSM:           {"FSM", "Free school meals"},
			ColFSM6:          {"Ever 6 FSM", "FSM Ever 6"},
			ColCLA:           {"Looked after", "In care", "CLA"},
			ColPostLAC:       {"Post looked after", "Previously looked after"},
			ColSEN:           {"SEN status", "SEN"},
			ColDisadvantaged: {"Pupil Premium Eligible", "Pupil Premium", "Pupil premium recipient"},
			ColKS2ReadSS:     {"KS2 Reading Scaled Score", "KS2 Reading", "KS2 Reading SS"},
			ColKS2MatSS:      {"KS2 Maths Scaled Score", "KS2 Maths", "KS2 Maths SS"},
		},
		Values: map[Column]map[string]string{
			ColFirstLanguage: ealYesNo, ColSEN: senWords,
		},
	},
	// Bromcom: a student list report exported to Excel; "Legal Last
	// Name", "Year Group", and Male or Female.
	"bromcom": {Name: "bromcom", Source: "Bromcom",
		Headers: map[Column][]string{
			ColForename:      {"Legal First Name", "First Name", "Preferred First Name"},
			ColSurname:       {"Legal Last Name", "Last Name", "Preferred Last Name"},
			ColDOB:           {"Date of Birth", "DOB"},
			ColGender:        {"Gender", "Sex"},
			ColYearGroup:     {"Year Group", "NC Year"},
			ColEthnicity:     {"Ethnicity", "Ethnic Origin"},
			ColFirstLanguage: {"EAL", "EAL Status"},
			ColFSM:           {"FSM", "FSM Eligible"},
			ColFSM6:          {"FSM Ever 6", "Ever 6 FSM"},
			ColCLA:           {"CLA", "Looked After", "In Care"},
			ColSEN:           {"SEN Need", "SEN Status", "SEN"},
			ColDisadvantaged: {"Pupil Premium", "PP"},
			ColReadSS:        {"Reading Scaled Score", "KS2 Reading Scaled Score"},
			ColMatSS:         {"Maths Scaled Score", "KS2 Maths Scaled Score"},
			ColGPSSS:         {"GPS Scaled Score", "KS2 GPS Scaled Score"},
			ColWritTA:        {"Writing TA", "KS2 Writing TA"},
		},
		Values: map[Column]map[string]string{
			ColFirstLanguage: ealYesNo, ColSEN: senWords, ColGender: sexWords,
		},
	},
}

// PresetNames lists the presets' names, sorted.
func PresetNames() []string { return slices.Sorted(maps.Keys(Presets)) }
