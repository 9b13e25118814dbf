// Package validate checks loaded data for what no single cell shows: UPN
// check letters, duplicate pupils, URNs, values that are well formed but out
// of range or implausible for the pupil, and overlapping bands in the
// estimates and national parameters. Package load has already reported
// cells it could not read; every rule here cites the file, sheet, row,
// column and value, with a hint.
package validate

import (
	"path"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/model"
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
	var l diag.List
	// The loaders skip a missing national, params or estimates file: each
	// is optional. One that site.toml names is not: a slip in its name
	// would quietly blank every national figure or interval.
	for _, f := range []struct{ key, path string }{
		{"national", files.National}, {"params", files.Params}, {"estimates", files.Estimates},
	} {
		if f.path == "" || src.Exists(f.path) {
			continue
		}
		d := diag.Diagnostic{File: f.path, Value: f.path,
			Message: "file not found: site.toml [data] " + f.key + " names it",
			Hint:    "correct the name in site.toml, or remove the " + f.key + " line to use the default"}
		if s := diag.Suggest(path.Base(f.path), src.Siblings(f.path)); s != "" {
			d.Hint = `did you mean "` + path.Join(path.Dir(f.path), s) + `"?`
		}
		l.Add(d)
	}
	files = files.WithDefaults(src)
	if len(pupils) == 0 {
		pupils = []string{files.Pupils}
	}
	pfs := make([]load.PupilFile, 0, len(pupils))
	for _, p := range pupils {
		pf, d := load.Pupils(src, p, opt)
		Annotate(d, pf.Pupils)
		l = append(l, d...)
		pfs = append(pfs, pf)
	}
	set, d := mergeFiles(pfs)
	l = append(append(l, d...), checkPupilFiles(pfs, set.pupils, pupilRules, named...)...)
	national, d := load.National(src, files.National)
	l = append(l, d...)
	params, d := load.Params(src, files.Params)
	l = append(append(l, d...), Params(params)...)
	l = append(l, carry(set)...)
	l = append(l, declaredChecks(set, params.Params)...)
	estimates, d := load.Estimates(src, files.Estimates)
	l = append(append(l, d...), Estimates(estimates)...)
	l.Sort()
	return model.Dataset{
		Pupils:    set.pupils,
		National:  national,
		Params:    params.Params,
		Estimates: estimates.Estimates,
	}, l
}
