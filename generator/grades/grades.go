// Package grades reads key stage 4 results entered as subject grades, the
// FFT Aspire template's form (data-contract.md): one column per
// qualification, headed with the subject's name, holding 9 to 1, U or blank,
// and two digits highest first for combined science. It holds the
// qualifications table (data/qualifications.csv, or the default embedded
// here), checks every grade cell against it, and computes what the DfE
// would supply per pupil: Attainment 8 and its elements by the slot rules of
// measures.md, EBacc entry, the EBacc average point score, and grade 5+/4+
// in English and maths. Progress 8 then follows in package measures from
// estimates.csv, as it does for a file that gives A8.
//
// # Simplifications of the DfE method
//
//   - Discounting is not applied: each column is one qualification, and two
//     columns in the same subject (combined science and biology, say) both
//     count. Only approved GCSE-style 9 to 1 results are scored.
//   - Combined science counts as two results, each worth the mean of its
//     pair, which may fill EBacc or open slots, or one of each (the DfE
//     allows all of these; the best total is taken).
//   - English language and English literature: the higher fills the English
//     slot, doubled only when both were taken; the lower may then fill an
//     open slot, never an EBacc slot.
//   - EBacc entry: both English language and literature, maths, combined
//     science or three single sciences (biology, chemistry, physics,
//     computer science), history or geography, and a language.
//   - EBacc average point score: English (the higher of language and
//     literature, only when both were taken), maths, science counted twice
//     (combined science's two halves, or the best two of three or more single
//     sciences), the better of history and geography, and the best language,
//     with 0 for a missing pillar, all over 6.
//   - Grade 5+ (4+) in English and maths: maths, and either English language
//     or English literature, at that grade. For threshold measures combined
//     science is one result (54 is a 4, not a 5), see Result.AtLeast.
package grades

import (
	_ "embed"
	"encoding/csv"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/load"
)

// DefaultFile is where a site keeps its own qualifications table, which
// replaces the default one whole.
const DefaultFile = "data/qualifications.csv"

//go:embed qualifications.csv
var defaultCSV []byte

// DefaultCSV returns the embedded default qualifications table as CSV, the
// starting point for a site's own data/qualifications.csv.
func DefaultCSV() []byte { return slices.Clone(defaultCSV) }

// Category is a qualification's place in the EBacc, as qualifications.csv
// writes it.
type Category string

// The EBacc categories.
const (
	EnglishLanguage   Category = "english_language"
	EnglishLiterature Category = "english_literature"
	Maths             Category = "maths"
	Science           Category = "science" // a single science: biology, chemistry, physics
	CombinedScience   Category = "combined_science"
	ComputerScience   Category = "computer_science"
	History           Category = "history"
	Geography         Category = "geography"
	Language          Category = "language" // modern or ancient
	None              Category = "none"
)

// Categories lists every category, in the order the guidance gives them.
var Categories = []Category{EnglishLanguage, EnglishLiterature, Maths, Science, CombinedScience,
	ComputerScience, History, Geography, Language, None}

// categoryLabels name the categories for people (the template's sheets).
var categoryLabels = map[Category]string{
	EnglishLanguage: "English language", EnglishLiterature: "English literature", Maths: "maths",
	Science: "science", CombinedScience: "combined science", ComputerScience: "computer science",
	History: "history", Geography: "geography", Language: "language", None: "none",
}

// Label names the category for people: "combined science".
func (c Category) Label() string { return categoryLabels[c] }

// EBaccSlot reports whether a result in the category may fill an EBacc slot
// of Attainment 8: sciences, computer science, history, geography and
// languages.
func (c Category) EBaccSlot() bool {
	switch c {
	case Science, CombinedScience, ComputerScience, History, Geography, Language:
		return true
	}
	return false
}

// Qualification is one row of the qualifications table.
type Qualification struct {
	Subject       string   // the subject column's header: "English Language"
	Qualification string   // the qualification type: "GCSE"
	EBacc         Category // its place in the EBacc
	Results       []string // the valid results, as listed ("9", ..., "U"; "99", "98", ... for combined science)
}

// Double reports whether a result is two grades (combined science).
func (q *Qualification) Double() bool { return q.EBacc == CombinedScience }

// Table is the qualifications table: which subject columns a pupil file may
// have, and what each may hold.
type Table struct {
	// File is where the table was read from; "" for the embedded default.
	File  string
	Quals []Qualification
	index map[string]int // normalised subject -> index in Quals
}

// Lookup finds the qualification a subject column's header names, matched
// as other headers are: ignoring case, spaces, "_" and "-".
func (t Table) Lookup(header string) (*Qualification, bool) {
	i, ok := t.index[normal(header)]
	if !ok {
		return nil, false
	}
	return &t.Quals[i], true
}

// Default returns the embedded default table: about thirty common GCSEs.
func Default() Table {
	t, l := ParseTable("", defaultCSV)
	if l.HasErrors() {
		panic("grades: the embedded qualifications.csv is invalid: " + l[0].String())
	}
	return t
}

// LoadTable reads a site's qualifications table from path in src; "" means
// DefaultFile. When the file at the default path does not exist the
// embedded default is returned with no diagnostics; a path named explicitly
// must exist.
func LoadTable(src load.Source, path string) (Table, diag.List) {
	explicit := path != ""
	if !explicit {
		path = DefaultFile
	}
	b, err := readFile(src, path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && !explicit {
			return Default(), nil
		}
		var l diag.List
		d := diag.Diagnostic{File: path, Message: "cannot read the qualifications table: " + unwrapPath(err).Error()}
		if errors.Is(err, fs.ErrNotExist) {
			d.Message, d.Hint = "file not found", "check the qualifications file name, or remove it to use the default table"
		}
		l.Add(d)
		return Default(), l
	}
	return ParseTable(path, b)
}

// readFile reads path as the loaders do: relative to the Source's FS, or
// from disk for an absolute path or one leaving the folder.
func readFile(src load.Source, path string) ([]byte, error) {
	if fs.ValidPath(path) && src.FS != nil {
		return fs.ReadFile(src.FS, path)
	}
	if !filepath.IsAbs(path) {
		if src.Dir == "" {
			return nil, errors.New("not a usable file path")
		}
		path = filepath.Join(src.Dir, filepath.FromSlash(path))
	}
	return os.ReadFile(path)
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// tableColumns are qualifications.csv's columns, in order.
var tableColumns = []string{"subject", "qualification", "ebacc", "results"}

// ParseTable reads a qualifications table from CSV: a header row
// subject,qualification,ebacc,results, then a row per qualification, with
// the valid results comma-separated in one quoted cell. Every bad row is
// reported; the good ones are kept.
func ParseTable(file string, data []byte) (Table, diag.List) {
	var l diag.List
	t := Table{File: file, index: map[string]int{}}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\uFEFF")))
	r.FieldsPerRecord = -1
	at := func(row, col int) diag.Diagnostic {
		d := diag.Diagnostic{File: file, Row: row}
		if col >= 0 {
			d.Column, d.Header = diag.ColumnLetter(col), tableColumns[col]
		}
		return d
	}

	header, err := r.Read()
	if err != nil {
		d := at(1, -1)
		d.Message, d.Hint = "the qualifications table has no header row", "the first row must be: "+strings.Join(tableColumns, ",")
		if !errors.Is(err, io.EOF) {
			d.Message = "cannot read the qualifications table: " + err.Error()
		}
		l.Add(d)
		return t, l
	}
	place := map[string]int{}
	for i, h := range header {
		place[normal(h)] = i
	}
	for _, c := range tableColumns {
		if _, ok := place[c]; !ok {
			d := at(1, -1)
			d.Header = c
			d.Message = "the qualifications table has no " + c + " column"
			d.Hint = "the header row must be: " + strings.Join(tableColumns, ",")
			l.Add(d)
		}
	}
	if l.HasErrors() {
		return t, l
	}

	for row := 2; ; row++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			d := at(row, -1)
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				d.Row = pe.Line
			}
			d.Message, d.Hint = "cannot read this row: "+err.Error(), `put the results in double quotes: "9,8,7,6,5,4,3,2,1,U"`
			l.Add(d)
			break // the reader cannot resynchronise
		}
		cell := func(col int) string {
			if i := place[tableColumns[col]]; i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if strings.Join(rec, "") == "" {
			continue
		}
		q := Qualification{Subject: cell(0), Qualification: cell(1), EBacc: Category(strings.ToLower(cell(2)))}
		ok := true
		bad := func(col int, value, msg, hint string) {
			d := at(row, col)
			d.Value, d.Message, d.Hint = value, msg, hint
			l.Add(d)
			ok = false
		}
		_, dup := t.index[normal(q.Subject)]
		switch {
		case normal(q.Subject) == "":
			bad(0, "", "blank", "every qualification needs the subject its column is headed with")
		case dup:
			bad(0, q.Subject, "a second row for this subject", "headers match ignoring case, spaces, _ and -, so each subject must differ by more than that")
		default:
			if c, clash := load.ColumnByName(q.Subject); clash {
				bad(0, q.Subject, "this is the name of the pupil-file column "+string(c), "name the subject differently")
			}
		}
		if !slices.Contains(Categories, q.EBacc) {
			names := make([]string, len(Categories))
			for i, c := range Categories {
				names[i] = string(c)
			}
			bad(2, cell(2), "not an EBacc category", "use one of "+strings.Join(names, ", "))
		}
		var unscorable []string
		for _, res := range strings.Split(cell(3), ",") {
			res = strings.ToUpper(strings.TrimSpace(res))
			switch {
			case res == "":
			case slices.Contains(q.Results, res):
				bad(3, cell(3), "the result "+res+" is listed twice", "list each valid result once")
			case !scorable(res, q.EBacc == CombinedScience):
				unscorable = append(unscorable, res)
			default:
				q.Results = append(q.Results, res)
			}
		}
		switch {
		case len(unscorable) > 0 && q.EBacc == CombinedScience:
			bad(3, cell(3), "not combined science results: "+strings.Join(unscorable, ", "),
				"combined science results are two grades 9 to 1, highest first (54), or U")
		case len(unscorable) > 0:
			bad(3, cell(3), "not results reportpack can score: "+strings.Join(unscorable, ", "),
				"results are 9 to 1 or U (two digits, e.g. 54, only in the combined_science category)")
		}
		if len(q.Results) == 0 && cell(3) == "" {
			bad(3, "", "blank", `list the valid results in one quoted cell: "9,8,7,6,5,4,3,2,1,U"`)
		}
		if ok {
			t.index[normal(q.Subject)] = len(t.Quals)
			t.Quals = append(t.Quals, q)
		}
	}
	return t, l
}

// scorable reports whether reportpack can score a result the table lists:
// 9 to 1 or U, and for combined science two digits highest first.
func scorable(res string, double bool) bool {
	switch {
	case res == "U":
		return true
	case double:
		return len(res) == 2 && isGrade(res[0]) && isGrade(res[1]) && res[0] >= res[1]
	}
	return len(res) == 1 && isGrade(res[0])
}

func isGrade(b byte) bool { return b >= '1' && b <= '9' }

// normal is the form headers are matched in, as package load matches the
// pupil file's.
func normal(s string) string { return load.NormalHeader(s) }
