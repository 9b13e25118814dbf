// Package validate checks loaded data for what no single cell shows: UPN
// check letters, duplicate pupils, URNs, values that are well formed but out
// of range or implausible for the pupil, and overlapping bands in the
// estimates and national parameters. Package load has already reported
// cells it could not read; every rule here cites the file, sheet, row,
// column and value, with a hint.
package validate

import (
	"cmp"
	"slices"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/spill"
)

// Dataset loads a site's data files and runs every check on them: the one
// call a build or `reportpack validate` needs. named are the schools the
// site names (see Pupils). The diagnostics are sorted, and those in a row
// of pupil data name its pupil (Annotate); the dataset is meant to be used
// only when they hold no error. It reads the one pupil file files.Pupils
// names (or the default); DatasetOf reads several.
func Dataset(src load.Source, files load.Files, opt load.PupilOptions, named ...Named) (model.Dataset, diag.List) {
	return DatasetOf(src, files, nil, opt, named...)
}

// DatasetOf is Dataset for the pupil files pupils lists, in site.toml's
// order ([data] pupils); empty means files.Pupils, or the default. Rows of
// several files with the same URN, UPN and year are one pupil (see
// mergeFiles); with one file, the pupils are the file's. After merging,
// the declared assessments' Carry rules fill cells from the pupil's
// previous year (at any school in the data), and their Check rules run
// on every row that takes them, with national.toml's parameters.
func DatasetOf(src load.Source, files load.Files, pupils []string, opt load.PupilOptions, named ...Named) (model.Dataset, diag.List) {
	// Through Stream, with every store in memory, so that a build that
	// streams and a check that does not are one code.
	out := spill.New("", -1)
	defer out.Close()
	ds, l, err := Stream(src, files, pupils, opt, out, StreamOptions{MemLimit: -1}, named...)
	if err == nil {
		ds.Pupils, err = inFileOrder(out, pupils, files.WithDefaults(src).Pupils)
	}
	if err != nil {
		// Stores in memory fail only on a bug.
		l.Add(diag.Diagnostic{File: "data", Message: "reading the pupil data: " + err.Error()})
		l.Sort()
	}
	return ds, l
}

// inFileOrder decodes every pupil in the store, in the order of the
// files' rows: the pupils of the first file, then those of the second
// that were not merged into one of the first's, and so on.
func inFileOrder(st *spill.Store, pupils []string, def string) ([]model.Pupil, error) {
	if len(pupils) == 0 {
		pupils = []string{def}
	}
	file := map[string]int{}
	for i, f := range slices.Backward(pupils) {
		file[f] = i
	}
	var all []model.Pupil
	for _, u := range st.URNs() {
		ps, err := st.School(u)
		if err != nil {
			return nil, err
		}
		all = append(all, ps...)
	}
	// A merged pupil's Src is its row in the first file that has it.
	slices.SortStableFunc(all, func(a, b model.Pupil) int {
		return cmp.Or(cmp.Compare(file[a.Src.File], file[b.Src.File]), cmp.Compare(a.Src.Row, b.Src.Row))
	})
	return all, nil
}

// cellKey is one cell of a data file, as a diagnostic cites it.
type cellKey struct {
	file, sheet string
	row         int
	column      string
}
