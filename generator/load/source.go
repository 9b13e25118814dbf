// Package load reads a site's data files into model values: the pupil file
// (XLSX or CSV), national.csv, national.toml and estimates.csv. It decodes
// every cell and reports every problem it meets as a diagnostic naming the
// file, sheet, row, column, value and a hint; it does not stop at the first.
// Rules that need more than one cell or file are package validate's job.
//
// Files are read through a Source, so tests can use fstest.MapFS and the
// watch mode can read from memory.
package load

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	pathpkg "path"
	"path/filepath"
	"strings"
	"unicode/utf16"

	"github.com/reportpack/reportpack/generator/diag"
)

// Source is the folder data files are read from.
type Source struct {
	// FS holds the files; paths given to the loaders are slash-separated
	// and relative to it.
	FS fs.FS
	// Dir, when set, is the OS directory FS is rooted at. XLSX files are
	// then opened from disk with excelize.OpenFile rather than read into
	// memory first, and paths outside FS (absolute, or with "..") work.
	Dir string
}

// DirSource returns the Source for an OS directory, the usual case: the
// folder that holds site.toml.
func DirSource(dir string) Source { return Source{FS: os.DirFS(dir), Dir: dir} }

// maxFileSize bounds what is read into memory from a non-OS Source, and the
// unzipped size of a workbook: far above any real pupil file.
const maxFileSize = 1 << 30

// resolve turns a user's path into an fs.FS and a name in it, and the OS
// path when there is one.
func (s Source) resolve(path string) (fsys fs.FS, name, osPath string, ok bool) {
	if fs.ValidPath(path) && s.FS != nil {
		if s.Dir != "" {
			osPath = filepath.Join(s.Dir, filepath.FromSlash(path))
		}
		return s.FS, path, osPath, true
	}
	switch {
	case filepath.IsAbs(path):
		osPath = path
	case s.Dir != "":
		osPath = filepath.Join(s.Dir, filepath.FromSlash(path))
	default:
		return nil, "", "", false
	}
	return os.DirFS(filepath.Dir(osPath)), filepath.Base(osPath), osPath, true
}

// exists reports whether path names a file; optional files are skipped
// quietly when it does not.
func (s Source) exists(path string) bool {
	fsys, name, _, ok := s.resolve(path)
	if !ok {
		return true // let open report the bad path
	}
	_, err := fs.Stat(fsys, name)
	return !errors.Is(err, fs.ErrNotExist)
}

// Exists reports whether path names a file. It is true for a path the
// Source cannot resolve, so that opening it reports why.
func (s Source) Exists(path string) bool { return s.exists(path) }

// Siblings lists the names of the files beside path, for a "did you mean"
// hint when path is missing; nil when the folder cannot be read.
func (s Source) Siblings(path string) []string {
	fsys, name, _, ok := s.resolve(path)
	if !ok {
		return nil
	}
	dir := pathpkg.Dir(name)
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	return names
}

// open opens path for reading, reporting a missing or unreadable file.
func (s Source) open(path string, l *diag.List) (fs.File, bool) {
	fsys, name, _, ok := s.resolve(path)
	if !ok {
		l.Errorf(diag.Diagnostic{File: path}, "not a usable file path")
		return nil, false
	}
	f, err := fsys.Open(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			l.Add(diag.Diagnostic{File: path, Message: "file not found",
				Hint: "check the file name in site.toml [data], or put the file in the data folder"})
			return nil, false
		}
		l.Errorf(diag.Diagnostic{File: path}, "cannot open the file: %v", unwrapPath(err))
		return nil, false
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		l.Errorf(diag.Diagnostic{File: path}, "this is a folder, not a file")
		return nil, false
	}
	return f, true
}

// unwrapPath drops the *PathError wrapper, whose path repeats the file name.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// format is what a file's first bytes say it is.
type format uint8

const (
	formatEmpty format = iota
	formatText         // CSV, or some other text
	formatZip          // XLSX (an OOXML package is a zip)
	formatOLE          // a compound file: an old .xls, or an encrypted workbook
	formatPDF
	formatUTF16
	formatMarkup // HTML or XML: some systems' "Excel" exports are web pages
	formatBinary
)

var (
	magicZip = []byte("PK\x03\x04")
	magicOLE = []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
	magicPDF = []byte("%PDF-")
)

// sniff classifies a file from its first bytes (up to 512).
func sniff(head []byte) format {
	switch {
	case len(head) == 0:
		return formatEmpty
	case bytes.HasPrefix(head, magicZip):
		return formatZip
	case bytes.HasPrefix(head, magicOLE):
		return formatOLE
	case bytes.HasPrefix(head, magicPDF):
		return formatPDF
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return formatUTF16
	case bytes.IndexByte(head, 0) >= 0:
		return formatBinary
	case bytes.HasPrefix(bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\uFEFF")), " \t\r\n"), []byte("<")):
		return formatMarkup
	}
	return formatText
}

// utf16le spells s as a compound file's directory does, to find stream names.
func utf16le(s string) []byte {
	var b []byte
	for _, r := range utf16.Encode([]rune(s)) {
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

// oleProblem explains a compound (OLE) file: Office keeps an encrypted
// workbook in one ("EncryptedPackage"), and the old binary .xls is one too.
func oleProblem(r io.Reader) (msg, hint string) {
	b, _ := io.ReadAll(io.LimitReader(r, maxFileSize))
	if bytes.Contains(b, utf16le("EncryptedPackage")) {
		return "the workbook is password-protected (encrypted), so it cannot be read",
			"open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password), and save it again"
	}
	return "this is an old Excel 97-2003 workbook (.xls), which reportpack does not read",
		"open it in Excel and save as .xlsx (Excel Workbook)"
}

// notTable explains a file that is neither XLSX nor CSV text.
func notTable(f format) (msg, hint string) {
	switch f {
	case formatEmpty:
		return "the file is empty (0 bytes)", "save the data again from Excel as .xlsx or .csv"
	case formatPDF:
		return "this is a PDF, not a spreadsheet", "export the data from the source system as .xlsx or .csv"
	case formatMarkup:
		return "this is a web page or XML file, not a spreadsheet (some systems export these with an Excel name)",
			"open it in Excel and save as .xlsx (Excel Workbook)"
	case formatUTF16:
		return "this is UTF-16 text (Excel's \"Unicode Text\"), not CSV", "in Excel use Save As > CSV UTF-8 (Comma delimited), or save as .xlsx"
	}
	return "this is not a spreadsheet or text file", "save the data from Excel as .xlsx or CSV UTF-8"
}

// isXLSXName reports whether the name says Excel.
func isXLSXName(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm", ".xls", ".xltx":
		return true
	}
	return false
}

// peek reads a file's first bytes without losing them.
func peek(f fs.File) (*bufio.Reader, []byte, error) {
	br := bufio.NewReaderSize(f, 64<<10)
	head, err := br.Peek(512)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return br, head, err
	}
	return br, head, nil
}

// readAll reads a whole file from a Source, bounded by maxFileSize.
func readAll(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err == nil && len(b) > maxFileSize {
		err = fmt.Errorf("the file is larger than %d MB", maxFileSize>>20)
	}
	return b, err
}

// Files names a site's data files, as paths in the Source.
type Files struct {
	Pupils    string // "" finds data/pupils.xlsx, else data/pupils.csv
	National  string // "" means data/national.csv
	Params    string // "" means data/national.toml
	Estimates string // "" means data/estimates.csv
}

// WithDefaults fills in the names left blank with the data contract's
// defaults. The pupil file is data/pupils.xlsx when that exists, else
// data/pupils.csv.
func (f Files) WithDefaults(src Source) Files {
	if f.Pupils == "" {
		f.Pupils = "data/pupils.xlsx"
		if !src.exists(f.Pupils) && src.exists("data/pupils.csv") {
			f.Pupils = "data/pupils.csv"
		}
	}
	if f.National == "" {
		f.National = "data/national.csv"
	}
	if f.Params == "" {
		f.Params = "data/national.toml"
	}
	if f.Estimates == "" {
		f.Estimates = "data/estimates.csv"
	}
	return f
}
