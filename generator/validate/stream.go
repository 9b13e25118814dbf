package validate

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/spill"
)

// StreamOptions say where Stream keeps rows between its passes, and what
// the caller does with each school's pupils.
type StreamOptions struct {
	// Dir is where the stores of rows between passes spill to disk:
	// os.TempDir() when "".
	Dir string
	// MemLimit is the most bytes of encoded rows each pupil file's store
	// keeps in memory before spilling (see spill.New); negative keeps
	// them all in memory.
	MemLimit int64
	// Scan, when set, sees every pupil, merged and given its year group,
	// before School sees any: a check that needs every school's pupils
	// first (package grades' subject columns) reads them here. It must
	// not keep p.
	Scan func(p *model.Pupil)
	// School, when set, sees each school's pupils, validated, in URN
	// order, before they are added to the store: the caller's own work on
	// them (applying grades, say) goes here, and may change them.
	School func(urn model.URN, pupils []model.Pupil)
}

// Stream is DatasetOf for data too large to hold as model.Pupils at once
// (an LA's): it adds every pupil, validated, to out, in URN order and each
// school's in the files' order, and returns the dataset with no Pupils.
// The diagnostics are DatasetOf's. No more than one school's pupils are
// decoded at a time; what the rules need across schools is kept as small
// records of the rows (see streamer). An error is from the stores (a temp
// file that could not be written or read), not from the data.
//
// It reads the data three times. Pass 1 reads each pupil file into a
// store of its own, by school (load.PupilsEach). Pass 2 merges each
// school's rows and checks them, and notes what the rules across schools
// need: the first row of each cohort and UPN (a pupil at two schools),
// the cells carried from a previous year, the schools and their first
// rows. Pass 3 merges each school's rows again and runs the rules that
// read those notes (moved pupils, carried cells), then the declared
// checks and so.School, and adds the pupils to out.
func Stream(src load.Source, files load.Files, pupils []string, opt load.PupilOptions, out *spill.Store, so StreamOptions, named ...Named) (model.Dataset, diag.List, error) {
	l := missingFiles(src, files)
	files = files.WithDefaults(src)
	if len(pupils) == 0 {
		pupils = []string{files.Pupils}
	}
	s := &streamer{so: so, named: named, sums: newMergeSums(), firstAt: map[cohortKey]cohortFirst{},
		carry: carrySources{}, strs: map[string]string{}}
	defer s.close()
	// Of several files, one may give the year group for all (a census
	// beside results exports keyed by UPN): yearGroups checks the merge.
	opt.YearGroupElsewhere = len(pupils) > 1
	for _, pupilFile := range pupils {
		if err := s.read(src, pupilFile, opt, &l); err != nil {
			return model.Dataset{}, nil, err
		}
	}
	again := notAgain(l)

	national, nd := load.National(src, files.National)
	params, pd := load.Params(src, files.Params)
	estimates, ed := load.Estimates(src, files.Estimates)

	var urns []model.URN
	for _, st := range s.stores {
		urns = append(urns, st.URNs()...)
	}
	slices.Sort(urns)
	urns = slices.Compact(urns)
	s.fileRules(false)
	for _, u := range urns {
		if err := s.index(u, &l); err != nil {
			return model.Dataset{}, nil, err
		}
	}
	s.fileRules(true)
	for _, u := range urns {
		if err := s.check(u, params.Params, out); err != nil {
			return model.Dataset{}, nil, err
		}
	}
	s.wholeRules()

	l = append(l, s.merged...)
	l = append(l, s.sums.diagnostics(s.pfs)...)
	l = append(l, again(s.years)...)
	for _, rl := range s.rules {
		l = append(l, rl...)
	}
	l = append(l, nd...)
	l = append(append(l, pd...), Params(params)...)
	l = append(l, s.carried...)
	l = append(l, again(s.declared)...)
	l = append(append(l, ed...), Estimates(estimates)...)
	l.Sort()
	return model.Dataset{National: national, Params: params.Params, Estimates: estimates.Estimates}, l, nil
}

// missingFiles reports a national, params or estimates file that site.toml
// names and that is not there. The loaders skip a missing one: each is
// optional. One that site.toml names is not: a slip in its name would
// quietly blank every national figure or interval.
func missingFiles(src load.Source, files load.Files) diag.List {
	var l diag.List
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
	return l
}

// streamer is Stream's state between its passes. Beside the stores, what
// it keeps grows with the rows only in small records: per cohort and UPN
// a first row (firstAt), per Year 1 phonics outcome its cell (carry), per
// load diagnostic in a row its place (annotate).
type streamer struct {
	so    StreamOptions
	named []Named

	// Pass 1: the files as read (without Pupils), their rows by school.
	pfs      []load.PupilFile
	stores   []*spill.Store
	tallies  []fileTally
	annotate map[rowPlace][]int // load's diagnostics in a row (their indexes), to name its pupil

	// Pass 2.
	badDefault []bool // per file: urnShape has reported the default URN
	merged     diag.List
	years      diag.List
	rules      []diag.List // by pupilRules' index
	sums       *mergeSums
	firstAt    map[cohortKey]cohortFirst
	carry      carrySources
	schools    []schoolRows // with a URN, for schoolsNamed
	total      int          // pupils, merged

	// Pass 3.
	moved    []movedRow
	carried  diag.List
	declared diag.List

	strs map[string]string // interned: URNs, files, sheets
}

// rowPlace is a row of a pupil file.
type rowPlace struct {
	file, sheet string
	row         int
}

// movedRow is a warning of sameUPNElsewhere, with where its row comes.
type movedRow struct {
	at rowOrder
	d  diag.Diagnostic
	m  moved
}

func (s *streamer) close() {
	for _, st := range s.stores {
		st.Close()
	}
}

// intern is str, the one copy of it the streamer keeps: a decoded row's
// strings share a school's encoded rows, which are not to be kept alive.
func (s *streamer) intern(str string) string {
	if v, ok := s.strs[str]; ok {
		return v
	}
	str = strings.Clone(str)
	s.strs[str] = str
	return str
}

// read is pass 1 for one pupil file: its rows into a store of their own.
func (s *streamer) read(src load.Source, path string, opt load.PupilOptions, l *diag.List) error {
	st := spill.New(s.so.Dir, s.so.MemLimit)
	s.stores = append(s.stores, st)
	var t fileTally
	pf, d, err := load.PupilsEach(src, path, opt, func(p *model.Pupil) error {
		t.add(p)
		return st.Add(p)
	})
	if err != nil {
		return fmt.Errorf("keeping the rows of %s: %w", path, err)
	}
	s.pfs = append(s.pfs, pf)
	s.tallies = append(s.tallies, t)
	s.badDefault = append(s.badDefault, false)
	at := len(*l)
	*l = append(*l, d...)
	// Annotate's work, done as pass 2 reads each row back.
	for i := at; i < len(*l); i++ {
		if dd := &(*l)[i]; dd.Row > 1 && dd.Pupil == (diag.Pupil{}) {
			if s.annotate == nil {
				s.annotate = map[rowPlace][]int{}
			}
			k := rowPlace{dd.File, dd.Sheet, dd.Row}
			s.annotate[k] = append(s.annotate[k], i)
		}
	}
	return nil
}

// fileRules runs the rules about a whole file that are not whole rules
// (they need its rows only counted): before its rows' checks, or with
// end after them.
func (s *streamer) fileRules(end bool) {
	if s.rules == nil {
		s.rules = make([]diag.List, len(pupilRules))
	}
	for ri, r := range pupilRules {
		f := r.file
		if end {
			f = r.end
		}
		if r.whole || f == nil {
			continue
		}
		c := &pupilCheck{files: s.pfs}
		for fi, pf := range s.pfs {
			c.pf, c.streamed = pf, &s.tallies[fi]
			f(c)
		}
		s.rules[ri] = append(s.rules[ri], c.l...)
	}
}

// school decodes a school's rows of every file and merges them.
func (s *streamer) school(u model.URN, sums *mergeSums) (*pupilSet, diag.List, error) {
	pfs := make([]load.PupilFile, len(s.pfs))
	for fi, st := range s.stores {
		rows, err := st.School(u)
		if err != nil {
			return nil, nil, fmt.Errorf("reading back school %s's rows of %s: %w", u, s.pfs[fi].File, err)
		}
		pfs[fi] = s.pfs[fi]
		pfs[fi].Pupils = rows
	}
	set, ml := mergeSchool(pfs, sums)
	return set, ml, nil
}

// index is pass 2 for one school: its rows' own checks, and notes of what
// the rules across schools need.
func (s *streamer) index(u model.URN, l *diag.List) error {
	set, ml, err := s.school(u, s.sums)
	if err != nil {
		return err
	}
	files := set.files

	if s.annotate != nil {
		for _, pf := range files {
			for i := range pf.Pupils {
				p := &pf.Pupils[i]
				for _, i := range s.annotate[rowPlace{p.Src.File, p.Src.Sheet, p.Src.Row}] {
					(*l)[i].Pupil = detachPupil(pupilOf(p))
				}
			}
		}
	}

	// The rules of one row, file by file, rule by rule as
	// checkPupilFiles runs them.
	c := &pupilCheck{files: files, seen: map[pupilKey]int{}}
	for ri, r := range pupilRules {
		if r.whole || r.pupil == nil {
			continue
		}
		c.l = nil
		for fi, pf := range files {
			c.pf, c.badDefault = pf, s.badDefault[fi]
			for i := range pf.Pupils {
				r.pupil(c, &pf.Pupils[i])
			}
			s.badDefault[fi] = c.badDefault
		}
		s.rules[ri] = append(s.rules[ri], detach(c.l)...)
	}

	s.merged = append(s.merged, detach(ml)...)
	s.years = append(s.years, detach(yearGroups(set))...)

	// What the rules across schools need.
	for j := range set.pupils {
		p := &set.pupils[j]
		at := set.order(j)
		if k, ok := cohortOf(p); ok {
			if f, ok := s.firstAt[k]; !ok || at.less(f.at) {
				k.upn = s.intern(k.upn)
				s.firstAt[k] = cohortFirst{at: at, urn: model.URN(s.intern(string(p.URN))),
					src:  model.Source{File: s.intern(p.Src.File), Sheet: s.intern(p.Src.Sheet), Row: p.Src.Row},
					name: strings.Clone(personName(p))}
			}
		}
		if s.so.Scan != nil {
			s.so.Scan(p)
		}
	}
	s.carry.scan(set, s.intern)
	s.total += len(set.pupils)
	if u != "" && len(set.pupils) > 0 && len(s.named) > 0 {
		sr := schoolRows{urn: model.URN(s.intern(string(u))), at: set.order(0)}
		p := &set.pupils[0]
		sr.first = model.Pupil{URN: sr.urn, Src: model.Source{File: s.intern(p.Src.File), Sheet: s.intern(p.Src.Sheet), Row: p.Src.Row}}
		if !slices.ContainsFunc(s.named, func(n Named) bool { return n.URN == u }) {
			for j := range set.pupils {
				sr.rows = append(sr.rows, set.pupils[j].Src.Row)
			}
		}
		s.schools = append(s.schools, sr)
	}
	return nil
}

// check is pass 3 for one school: the rules that read pass 2's notes, the
// declared checks and the caller's work; then the school's pupils go into
// out.
func (s *streamer) check(u model.URN, params model.NationalParams, out *spill.Store) error {
	// Merging again says again what pass 2 has said.
	set, _, err := s.school(u, newMergeSums())
	if err != nil {
		return err
	}
	yearGroups(set)

	c := &pupilCheck{files: set.files}
	for j := range set.pupils {
		p := &set.pupils[j]
		k, ok := cohortOf(p)
		if !ok {
			continue
		}
		first := s.firstAt[k]
		at := set.order(j)
		if first.at == at {
			continue
		}
		c.l, c.moved = nil, nil
		c.movedFrom(first, p)
		if len(c.l) > 0 {
			s.moved = append(s.moved, movedRow{at: at, d: detach(c.l)[0], m: c.moved[0]})
		}
	}
	s.carried = append(s.carried, detach(s.carry.apply(set))...)
	s.declared = append(s.declared, detach(declaredChecks(set, params))...)

	if s.so.School != nil {
		s.so.School(u, set.pupils)
	}
	for j := range set.pupils {
		if err := out.Add(&set.pupils[j]); err != nil {
			return fmt.Errorf("keeping school %s's pupils: %w", u, err)
		}
	}
	return nil
}

// wholeRules finishes the whole rules (pupilRules' whole ones) from the
// notes of passes 2 and 3: a whole rule is checked across schools, so
// each needs its own record here.
func (s *streamer) wholeRules() {
	c := &pupilCheck{files: s.pfs, named: s.named}
	for ri, r := range pupilRules {
		if !r.whole {
			continue
		}
		c.l = nil
		switch r.name {
		case "moved":
			// In the files' order, as one reading of every row finds them.
			slices.SortStableFunc(s.moved, func(a, b movedRow) int {
				switch {
				case a.at.less(b.at):
					return -1
				case b.at.less(a.at):
					return 1
				}
				return 0
			})
			c.moved = nil
			for _, m := range s.moved {
				m.m.at = len(c.l)
				c.moved = append(c.moved, m.m)
				c.l.Add(m.d)
			}
			summariseMoved(c)
		case "schools":
			if len(s.named) == 0 || s.total == 0 {
				break
			}
			slices.SortFunc(s.schools, func(a, b schoolRows) int {
				switch {
				case a.at.less(b.at):
					return -1
				case b.at.less(a.at):
					return 1
				}
				return 0
			})
			c.namedSchools(s.schools)
		default:
			panic("validate: Stream does not know the whole rule " + r.name)
		}
		s.rules[ri] = append(s.rules[ri], c.l...)
	}
}

// detach copies the diagnostics' strings, which may share a decoded
// school's rows: a diagnostic kept would keep them all.
func detach(l diag.List) diag.List {
	for i := range l {
		d := &l[i]
		d.File, d.Sheet, d.Column, d.Header = strings.Clone(d.File), strings.Clone(d.Sheet), strings.Clone(d.Column), strings.Clone(d.Header)
		d.Value, d.Message, d.Hint, d.Summary = strings.Clone(d.Value), strings.Clone(d.Message), strings.Clone(d.Hint), strings.Clone(d.Summary)
		d.Pupil = detachPupil(d.Pupil)
	}
	return l
}

func detachPupil(p diag.Pupil) diag.Pupil {
	return diag.Pupil{URN: strings.Clone(p.URN), UPN: strings.Clone(p.UPN), Name: strings.Clone(p.Name)}
}

// notAgain returns a filter that drops the diagnostics of cells l already
// reports errors in: a cell load could not read is blank now, and rules
// that find it blank are not to say so again.
func notAgain(l diag.List) func(diag.List) diag.List {
	bad := map[cellKey]bool{}
	for _, d := range l {
		if d.Severity == diag.Error && d.Column != "" {
			bad[cellKey{d.File, d.Sheet, d.Row, d.Column}] = true
		}
	}
	return func(ds diag.List) diag.List {
		var out diag.List
		for _, d := range ds {
			if !bad[cellKey{d.File, d.Sheet, d.Row, d.Column}] {
				out = append(out, d)
			}
		}
		return out
	}
}
