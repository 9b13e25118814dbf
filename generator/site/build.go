package site

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/output"
)

// Shard is part K of N of a site's schools, 1 <= K <= N, for splitting a
// build across machines. A school's shard depends only on its URN (FNV-1a
// of the URN, mod N), so adding a school never moves another. Every shard
// writes the same LA index and assets, so the shards' outputs together are
// byte for byte a full build. The zero Shard is every school.
type Shard struct{ K, N int }

// ParseShard reads "K/N", such as "2/3".
func ParseShard(s string) (Shard, error) {
	k, n, ok := strings.Cut(s, "/")
	ki, err1 := strconv.Atoi(strings.TrimSpace(k))
	ni, err2 := strconv.Atoi(strings.TrimSpace(n))
	if !ok || err1 != nil || err2 != nil || ni < 1 || ki < 1 || ki > ni {
		return Shard{}, fmt.Errorf("shard %q is not K/N with 1 <= K <= N, such as 2/3", s)
	}
	return Shard{K: ki, N: ni}, nil
}

// String is the shard as "K/N".
func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.K, s.N) }

// Has reports whether the school with this URN falls in the shard.
func (s Shard) Has(urn model.URN) bool {
	if s.N <= 1 {
		return true
	}
	h := fnv.New32a()
	h.Write([]byte(urn))
	return int(h.Sum32()%uint32(s.N)) == s.K-1
}

// buildPlan says which schools a build renders and which its LA index lists.
type buildPlan struct {
	index []int  // positions in Project.Schools the LA index lists, in URN order
	build []int  // those whose pages are written: a subset of index
	multi bool   // the data holds several schools: pages go under <URN>/
	pages []bool // by position in index: its pages are written
}

// plan picks the schools from the options. Ranking and the page layout go
// by every school in the data, so a subset's pages are those of the full
// build; a --schools index lists only the schools chosen, a shard's index
// every school (the same page in every shard).
func (p *Project) plan(o Options) (*buildPlan, *diag.Diagnostic) {
	if o.Shard.N < 0 || (o.Shard.N > 0 && (o.Shard.K < 1 || o.Shard.K > o.Shard.N)) {
		return nil, &diag.Diagnostic{File: "--shard", Value: fmt.Sprintf("%d/%d", o.Shard.K, o.Shard.N),
			Message: "K must be between 1 and N"}
	}
	wanted := map[model.URN]bool{}
	for _, u := range o.Schools {
		u = strings.TrimSpace(u)
		if u == "" {
			continue
		}
		if !slices.ContainsFunc(p.Schools, func(s School) bool { return string(s.URN) == u }) {
			return nil, &diag.Diagnostic{File: "--schools", Value: u, Message: "no school with this URN in the pupil data",
				Hint: p.schoolsHint()}
		}
		wanted[model.URN(u)] = true
	}
	pl := &buildPlan{multi: len(p.Schools) > 1}
	for i, s := range p.Schools {
		if len(wanted) > 0 && !wanted[s.URN] {
			continue
		}
		in := o.Shard.Has(s.URN)
		pl.index = append(pl.index, i)
		pl.pages = append(pl.pages, in)
		if in {
			pl.build = append(pl.build, i)
		}
	}
	return pl, nil
}

// schoolsHint lists the data's URNs for a --schools mistake, or their
// range when there are many. (No nearest URN: they differ by a digit.)
func (p *Project) schoolsHint() string {
	urns := make([]string, len(p.Schools))
	for i, s := range p.Schools {
		urns[i] = string(s.URN)
	}
	hint := fmt.Sprintf("the data's %d school(s) run from %s to %s", len(urns), urns[0], urns[len(urns)-1])
	if len(urns) <= 10 {
		hint = "the data's schools are " + strings.Join(urns, ", ")
	}
	return hint
}

// variant is what a school's results depend on besides its pupils: the
// suppression threshold, and whether identities were stripped first.
type variant struct {
	minCohort int
	named     bool
}

// buildAll renders the planned schools in every profile, a school per
// worker at a time, then the LA indexes. Loading, national figures, the
// theme, the within-build ranking and the assets are shared; each school's
// results and files are dropped once its pages (and zips) are written, so
// memory grows with the workers, not the schools. The first error cancels
// the other workers.
func (p *Project) buildAll(ctx context.Context, plan *buildPlan, profiles []string, o Options, w output.Writer, leaks *leakCheck, disc *measures.DisclosureCounts) (int, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("build interrupted: %w", err)
	}
	// The identity-free copy of the pupils (about a fifth of a second for
	// an LA, unless compacted) and the assets compressed for the zips
	// (about a twentieth) are made while the schools are ranked, which
	// reads only p.
	var prep sync.WaitGroup
	var anon *Project
	if slices.ContainsFunc(profiles, func(name string) bool { return !p.Config.Profiles[name].Named() }) {
		if p.rows != nil {
			anon = p.anonymousRows()
		} else {
			prep.Go(func() { anon = p.anonymous() })
		}
	}
	// Assets: read once, written under each profile, compressed once for
	// every zip.
	assetNames := p.Theme.Assets()
	assetData := make([][]byte, len(assetNames))
	for i, a := range assetNames {
		b, err := p.Theme.Asset(a)
		if err != nil {
			prep.Wait()
			return 0, fmt.Errorf("theme asset %s: %w", a, err)
		}
		assetData[i] = b
	}
	var zipAssets *zipAssets
	var zipErr error
	if o.Zip {
		prep.Go(func() { zipAssets, zipErr = newZipAssets(assetNames, assetData) })
	}

	var variants []variant
	for _, name := range profiles {
		prof := p.Config.Profiles[name]
		if v := (variant{prof.MinCohort, prof.Named()}); !slices.Contains(variants, v) {
			variants = append(variants, v)
		}
	}
	c := newComputed(p)
	sizes := map[variant]*exportSizes{}
	for _, v := range variants {
		c.rank(v.minCohort) // once, before the workers need it
		sizes[v] = new(exportSizes)
	}
	prep.Wait()
	if zipErr != nil {
		return 0, fmt.Errorf("theme assets: %w", zipErr)
	}
	srcs := map[string]*Project{}
	for _, name := range profiles {
		srcs[name] = p
		if !p.Config.Profiles[name].Named() {
			srcs[name] = anon
		}
	}

	for i, a := range assetNames {
		for j, name := range profiles {
			var err error
			if j == 0 {
				err = w.WriteFile(path.Join(name, "assets", a), assetData[i])
			} else { // the first profile's copy, linked
				err = output.WriteSame(w, path.Join(name, "assets", a), path.Join(profiles[0], "assets", a), assetData[i])
			}
			if err != nil {
				return 0, err
			}
		}
	}

	entries := map[string][]indexEntry{}
	for _, name := range profiles {
		entries[name] = make([]indexEntry, len(plan.index))
	}
	var pages atomic.Int64
	var progressMu, discMu sync.Mutex
	done := 0
	school := func(j int) error {
		i := plan.index[j]
		results := map[variant]*measures.Results{}
		ex := map[variant]*exports{}
		for _, name := range profiles {
			prof := p.Config.Profiles[name]
			src := srcs[name]
			s, err := src.withPupils(src.Schools[i])
			if err != nil {
				return err
			}
			v := variant{prof.MinCohort, prof.Named()}
			res := results[v]
			if res == nil {
				r := c.compute(s, v.minCohort)
				res, results[v] = &r, &r
				if v.minCohort > 0 && plan.pages[j] {
					discMu.Lock()
					disc.Add(r.Disclosure)
					discMu.Unlock()
				}
			}
			e := newIndexEntry(s, res)
			entries[name][j] = e
			if !plan.pages[j] {
				continue
			}
			dir := name
			if plan.multi {
				dir = path.Join(name, string(s.URN))
			}
			if ex[v] == nil {
				// The leak check reads the workbook's XML as it is
				// written, rather than unzip it again.
				opts, scanned := leaks.workbook(path.Join(dir, "measures.xlsx"))
				x, err := encodeExports(res, sizes[v], opts...)
				if err != nil {
					return fmt.Errorf("%s: school %s: %w", name, s.URN, err)
				}
				scanned(x.xlsx)
				ex[v] = x
			}
			sw := w
			var rec *recorder
			if o.Zip {
				rec = &recorder{w: w, prefix: name + "/", assets: zipAssets}
				sw = rec
			}
			n, err := src.renderSchoolWith(s, res, ex[v], prof, plan.multi, dir, sw)
			pages.Add(int64(n))
			if err != nil {
				return fmt.Errorf("%s: school %s: %w", name, s.URN, err)
			}
			if o.Zip {
				// Profiles that share a threshold share measures.csv:
				// deflate it once for all their zips.
				for k, f := range rec.files {
					if path.Base(f.Name) != "measures.csv" {
						continue
					}
					if ex[v].zipCSV == nil {
						z, err := output.Precompress(f.Name, f.Data)
						if err != nil {
							return fmt.Errorf("%s: zip of school %s: %w", name, s.URN, err)
						}
						ex[v].zipCSV = &z
					}
					rec.files[k] = *ex[v].zipCSV
				}
				if err := p.writeZip(name, s.URN, plan.multi, e, rec.files, rec.used, zipAssets, w); err != nil {
					return fmt.Errorf("%s: zip of school %s: %w", name, s.URN, err)
				}
			}
		}
		for _, x := range ex {
			x.release() // every profile's pages and zips are written
		}
		leaks.done(p.Schools[i].URN)
		if o.Progress != nil {
			progressMu.Lock()
			done++
			o.Progress(done, len(plan.index))
			progressMu.Unlock()
		}
		return nil
	}

	workers := o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, len(plan.index)) {
		wg.Go(func() {
			for ctx.Err() == nil {
				j := int(next.Add(1) - 1)
				if j >= len(plan.index) {
					return
				}
				if err := school(j); err != nil {
					cancel(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return 0, fmt.Errorf("build interrupted: %w", err)
		}
		return 0, err
	}

	if plan.multi {
		for _, name := range profiles {
			if err := p.renderIndex(entries[name], p.Config.Profiles[name], w, path.Join(name, "index.html")); err != nil {
				return 0, fmt.Errorf("%s: LA index: %w", name, err)
			}
			pages.Add(1)
		}
	}
	return int(pages.Load()), nil
}

// writeZip writes zips/<profile>/<URN>.zip: the school's pages as written
// (under <URN>/ when the site has several schools, with an LA index at the
// root listing only this school so that "All schools" still works) and
// the assets they use, compressed once for every zip.
func (p *Project) writeZip(profile string, urn model.URN, multi bool, e indexEntry, files []output.ZipEntry, used []bool, assets *zipAssets, w output.Writer) error {
	all := slices.Clone(files)
	if multi {
		idx, err := p.indexPage([]indexEntry{e}, p.Config.Profiles[profile])
		if err != nil {
			return err
		}
		all = append(all, output.ZipEntry{Name: "index.html", Data: idx})
	}
	all = append(all, assets.For(all, used)...)
	buf := bigBufs.get(output.ZipSizeHint(all))
	defer bigBufs.put(buf) // the writer keeps nothing once WriteFile returns
	if err := output.WriteZip(buf, all); err != nil {
		return err
	}
	return w.WriteFile(path.Join("zips", profile, ZipName(urn, profile)), buf.Bytes())
}

// recorder passes files on to w and keeps them, named relative to prefix,
// for the school's zip, deflated as they are written (the bytes the zip
// would deflate them to): a page's buffer is then free at once, where
// holding every page of a school until its zip was written was most of a
// build's memory. measures.csv is kept as it is: buildAll deflates it once
// for every profile's zip that shares it.
type recorder struct {
	w      output.Writer
	prefix string
	files  []output.ZipEntry
	assets *zipAssets
	used   []bool // the assets the pages name (see zipAssets.uses)
}

func (r *recorder) WriteFile(name string, data []byte) error {
	if err := r.w.WriteFile(name, data); err != nil {
		return err
	}
	return r.keep(name, data)
}

func (r *recorder) LinkFile(name, existing string, data []byte) error {
	if err := output.WriteSame(r.w, name, existing, data); err != nil {
		return err
	}
	return r.keep(name, data)
}

func (r *recorder) keep(name string, data []byte) error {
	name = strings.TrimPrefix(name, r.prefix)
	if r.assets != nil {
		if r.used == nil {
			r.used = make([]bool, len(r.assets.entries))
		}
		r.assets.uses(r.used, name, data)
	}
	if path.Base(name) == "measures.csv" {
		r.files = append(r.files, output.ZipEntry{Name: name, Data: data})
		return nil
	}
	e, err := output.Precompress(name, data)
	if err != nil {
		return fmt.Errorf("zip entry %s: %w", name, err)
	}
	r.files = append(r.files, e)
	return nil
}

// ZipName is a school's zip's file name: the URN and the profile, so that
// a named pack mailed alone cannot pass for the governor one.
func ZipName(urn model.URN, profile string) string { return string(urn) + "-" + profile + ".zip" }
