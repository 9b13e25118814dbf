package site

import (
	"cmp"
	"fmt"
	"maps"
	"slices"

	"github.com/reportpack/reportpack/generator/assess"
	"github.com/reportpack/reportpack/generator/config"
	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/grades"
	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/spill"
	"github.com/reportpack/reportpack/generator/validate"
)

// fileStoreLimit is how many bytes of encoded rows each pupil file's store
// keeps in memory while validate.Stream checks the data, before spilling
// to a temp file: an LA of 500 schools encodes in about 17 MB.
const fileStoreLimit = 32 << 20

// streamed is the pupil data as streamData leaves it: every pupil,
// validated, graded and checked, in a row store by school.
type streamed struct {
	ds        model.Dataset // no Pupils: they are in rows
	rows      *spill.Store
	schools   []School // in URN order, with no Pupils
	synthetic bool     // there are pupils and every one is marked Synthetic
}

// streamData loads and checks the pupil data a school at a time
// (validate.Stream), and works on each school's pupils as loadData did on
// all of them at once: grades applied (package grades), then the key
// stage 4 figures and progress scores checked. No more than one school's
// pupils are decoded at once. The diagnostics are those of
// validate.DatasetOf, grades.ApplyFile, validate.KS4Flags and
// validate.Progress, each reported only when the ones before it hold no
// error, as when they ran in turn. The caller closes the rows.
func streamData(cfg *config.Site, src load.Source, files load.Files, opt load.PupilOptions) (*streamed, diag.List) {
	// Subject grade columns are told from other unread headers by the
	// qualifications table: a tutor group "11" is no grade. A table with
	// errors is reported, with the grades, and no grades are applied.
	table, gd := grades.LoadTable(src, "")
	var applier *grades.Applier
	if !gd.HasErrors() {
		opt.Subjects = func(h string) bool { _, ok := table.Lookup(h); return ok }
		applier = grades.NewApplier(table)
	}
	var flags validate.FlagsCheck
	var progress validate.ProgressCheck
	st := &streamed{rows: spill.New("", rowsInMemory), synthetic: true}
	pupils := 0
	so := validate.StreamOptions{
		MemLimit: fileStoreLimit,
		Scan: func(p *model.Pupil) {
			if applier != nil {
				applier.Scan(p)
			}
		},
		School: func(urn model.URN, ps []model.Pupil) {
			// Subject grades become A8, EBacc and English-and-maths
			// figures before anything is computed from them.
			if applier != nil {
				l := applier.Apply(ps)
				validate.Annotate(l, ps)
				gd = append(gd, l...)
			}
			flags.Add(ps)
			progress.Add(ps)
			s := School{URN: urn, Name: cfg.SchoolName(urn)}
			for i := range ps {
				addKeyStages(&s, &ps[i])
				st.synthetic = st.synthetic && ps[i].Synthetic
			}
			sortKeyStages(&s)
			st.schools = append(st.schools, s)
			pupils += len(ps)
		},
	}
	// Rows of a school named nowhere, or a named school with no rows, are
	// caught here, each with the closest URN.
	ds, diags, err := validate.Stream(src, files, cfg.Data.Pupils, opt, st.rows, so, validate.NamedURNs(maps.Keys(cfg.Schools))...)
	if err != nil {
		st.rows.Close()
		diags.Add(diag.Diagnostic{File: "data", Message: fmt.Sprintf("reading the pupil data: %v", err),
			Hint: "check there is room in the temp folder (TMPDIR)"})
		return nil, diags
	}
	st.ds = ds
	st.synthetic = st.synthetic && pupils > 0
	if diags.HasErrors() {
		return st, diags
	}
	if applier != nil {
		gd = append(gd, applier.Finish()...)
	}
	gd.Sort()
	diags = append(diags, gd...)
	if !gd.HasErrors() {
		diags = append(diags, flags.Diagnostics()...)
		diags = append(diags, progress.Diagnostics(ds.Estimates)...)
	}
	return st, diags
}

// pupils decodes every school's pupils, in URN order, each school's in
// file order, and lets the rows go: for watch mode, which keeps its
// pupils.
func (st *streamed) pupils() ([]model.Pupil, error) {
	defer st.rows.Close()
	var all []model.Pupil
	if n := st.rows.Stats().Rows; n > 0 {
		all = make([]model.Pupil, 0, n)
	}
	for _, s := range st.schools {
		ps, err := st.rows.School(s.URN)
		if err != nil {
			return nil, fmt.Errorf("reading school %s's pupils back: %w", s.URN, err)
		}
		all = append(all, ps...)
	}
	return all, nil
}

// everyRowPages are the assessments of every row that read no column of
// their own (the school's characteristics): every school with rows has
// their page, whichever year groups and results its data holds.
var everyRowPages = func() []model.Assessment {
	var out []model.Assessment
	for _, a := range assess.Declared() {
		if a.EveryRow && len(a.Columns) == 0 {
			out = append(out, a.ID)
		}
	}
	return out
}()

// addKeyStages adds the pupil's assessments to the school's KeyStages.
func addKeyStages(s *School, pu *model.Pupil) {
	for _, a := range everyRowPages {
		if !slices.Contains(s.KeyStages, a) {
			s.KeyStages = append(s.KeyStages, a)
		}
	}
	if pu.KeyStage != "" && !slices.Contains(s.KeyStages, pu.KeyStage) {
		s.KeyStages = append(s.KeyStages, pu.KeyStage)
	}
	for _, r := range pu.Results {
		if !slices.Contains(s.KeyStages, r.Assessment) {
			s.KeyStages = append(s.KeyStages, r.Assessment)
		}
	}
}

// sortKeyStages puts the school's KeyStages in assessmentRank's order.
func sortKeyStages(s *School) {
	slices.SortFunc(s.KeyStages, func(a, b model.KeyStage) int { return cmp.Compare(assessmentRank(a), assessmentRank(b)) })
}
