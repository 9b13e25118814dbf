package site

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/reportpack/reportpack/generator/catalog"
	"github.com/reportpack/reportpack/generator/config"
	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/model"
)

// computed caches each school's results by suppression threshold: profiles
// that share a threshold (anonymised and governor, say) share the work.
type computed struct {
	p       *Project
	mu      sync.Mutex
	results map[resultKey]*measures.Results
	ranking map[int]*measures.BuildRanking
}

type resultKey struct {
	urn       model.URN
	minCohort int
}

func newComputed(p *Project) *computed {
	return &computed{p: p, results: map[resultKey]*measures.Results{}, ranking: map[int]*measures.BuildRanking{}}
}

func (p *Project) measureOptions(minCohort int, headlinesOnly bool, urn model.URN, pupils []model.Pupil) measures.Options {
	// Filters for the latest year only: the pages offer no other.
	o := measures.Options{MinCohort: minCohort, MinGroup: p.Config.Disclosure.MinGroupOrDefault(), HeadlinesOnly: headlinesOnly, FilterYears: 1}
	// National figures for the school's phase: site.toml's (or the
	// schools file's), else worked out from its year groups.
	if ph, ok := catalog.ParsePhase(p.Config.Schools[string(urn)].Phase); ok && ph != "" {
		o.Phase = ph
	} else {
		o.Phase = measures.PhaseOf(pupils)
	}
	copy(o.KS2PriorBands[:], p.Config.Measures.KS2PriorBands)
	copy(o.KS4PriorBands[:], p.Config.Measures.KS4PriorBands)
	return o
}

// school returns a school's results under a profile, computing them once.
func (c *computed) school(s School, prof *config.Profile) *measures.Results {
	key := resultKey{s.URN, prof.MinCohort}
	c.mu.Lock()
	r, ok := c.results[key]
	c.mu.Unlock()
	if ok {
		return r
	}
	res := c.compute(s, prof.MinCohort)
	c.mu.Lock()
	c.results[key] = &res
	c.mu.Unlock()
	return &res
}

// compute works out a school's results at a threshold, with the
// within-build quintiles when the build has them, without caching them: a
// full build drops each school's results once its pages are written.
func (c *computed) compute(s School, minCohort int) measures.Results {
	d := c.p.Data
	res := measures.Compute(s.Pupils, d.National, d.Params, d.Estimates, c.p.measureOptions(minCohort, false, s.URN, s.Pupils))
	if rk := c.rank(minCohort); rk != nil {
		rk.Apply(&res)
	}
	return res
}

// rank returns the within-build quintiles for a threshold, or nil when the
// build has too few schools for them to mean anything.
func (c *computed) rank(minCohort int) *measures.BuildRanking {
	if len(c.p.Schools) < measures.MinBuildSchools {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if rk, ok := c.ranking[minCohort]; ok {
		return rk
	}
	// Headlines alone are enough to rank, at a fraction of a full Compute;
	// the ranker keeps only the figures ranked, so that an LA's results
	// are never all held at once.
	d := c.p.Data
	rk := measures.NewRanker()
	n := len(c.p.Schools)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				// A compacted project's rows read back fine or the
				// build fails later, reading the same school again.
				ps, _ := c.p.pupilsOf(c.p.Schools[i])
				res := measures.Compute(ps, d.National, d.Params, d.Estimates, c.p.measureOptions(minCohort, true, c.p.Schools[i].URN, ps))
				rk.Add(&res)
			}
		})
	}
	wg.Wait()
	b := rk.Build()
	c.ranking[minCohort] = b
	return b
}
