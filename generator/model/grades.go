package model

// SubjectGrade is one subject grade cell of a key stage 4 row, in the FFT
// Aspire template's form (data-contract.md: one column per qualification,
// headed with the subject's name). Package load keeps every non-blank cell
// of a KS4 row that sits under a header naming no pupil-file column, since
// only the qualifications table knows which headers are subjects; package
// grades then drops the cells that are no subject and fills in Subject and
// Result for the rest.
type SubjectGrade struct {
	Header string // the column's header as written in the file
	Column string // the column's spreadsheet letter ("AB"), for diagnostics
	Value  string // the cell as found, trimmed; a date cell as YYYY-MM-DD
	// IsDate is true for a date-formatted cell: Excel turns a typed "5-4"
	// or "4/3" into a date, which the error message should explain.
	IsDate bool

	// Subject is the qualification's subject as the qualifications table
	// names it ("Combined Science"); set by package grades.
	Subject string
	// Result is the grade in its canonical form ("7", "54", "U"), or ""
	// when the cell holds no valid result; set by package grades.
	Result string
}
