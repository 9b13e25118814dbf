package validate

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/model"
)

// Progress warns, per file and sheet, key stage and year, when no pupil's
// progress score can be worked out: no pupil has a prior attainment score,
// or some do but none has a progress score and estimates.csv has no
// estimates for that year. Progress pages would otherwise show no figure,
// with nothing said about why.
func Progress(pupils []model.Pupil, est model.Estimates) diag.List {
	var c ProgressCheck
	c.Add(pupils)
	return c.Diagnostics(est)
}

// ProgressCheck is Progress a school at a time: Add each school's
// pupils, then Diagnostics. The zero value is ready to use.
type ProgressCheck struct {
	by map[progressKey]*progressSeen
}

type progressKey struct {
	file, sheet string
	ks          model.KeyStage
	y           model.Year
}

type progressSeen struct{ first, rows, prior, score int } // first: the first row

// Add counts the pupils' prior attainment and progress scores.
func (c *ProgressCheck) Add(pupils []model.Pupil) {
	if c.by == nil {
		c.by = map[progressKey]*progressSeen{}
	}
	for i := range pupils {
		p := &pupils[i]
		var prior, score bool
		switch p.KeyStage {
		case model.KS2:
			prior = p.KS2.KS1APS.Valid
			score = p.KS2.ReadProg.Valid || p.KS2.WritProg.Valid || p.KS2.MatProg.Valid
		case model.KS4:
			prior = p.KS4.KS2APS.Valid
			score = p.KS4.P8.Valid
		default:
			continue
		}
		k := progressKey{p.Src.File, p.Src.Sheet, p.KeyStage, p.Year}
		s := c.by[k]
		if s == nil {
			s = &progressSeen{first: p.Src.Row}
			c.by[k] = s
		}
		s.first = min(s.first, p.Src.Row)
		s.rows++
		if prior {
			s.prior++
		}
		if prior && score {
			s.score++
		}
	}
}

// Diagnostics warns of each file, key stage and year whose progress
// scores cannot be worked out with the estimates; a file's in the order
// of their first rows.
func (c *ProgressCheck) Diagnostics(est model.Estimates) diag.List {
	hasEstimates := map[model.Year]map[model.KeyStage]bool{}
	for _, e := range est {
		if hasEstimates[e.Year] == nil {
			hasEstimates[e.Year] = map[model.KeyStage]bool{}
		}
		ks := model.KS4
		if len(e.Measure) > 3 && e.Measure[:3] == "ks2" {
			ks = model.KS2
		}
		hasEstimates[e.Year][ks] = true
	}
	order := slices.SortedFunc(maps.Keys(c.by), func(a, b progressKey) int {
		return cmp.Or(cmp.Compare(a.file, b.file), cmp.Compare(a.sheet, b.sheet), cmp.Compare(c.by[a].first, c.by[b].first))
	})
	var l diag.List
	for _, k := range order {
		s := c.by[k]
		what, prior, also := "Progress 8", "KS2_APS", " (or KS2_Read_SS and KS2_Mat_SS)"
		if k.ks == model.KS2 {
			what, prior, also = "KS2 progress", "KS1_APS", ""
		}
		d := diag.Diagnostic{File: k.file, Sheet: k.sheet, Row: 1}
		switch {
		case s.prior == 0:
			d.Header = prior
			d.Hint = "add the " + prior + " column" + also + ", or map your file's header onto it in site.toml under [data.columns]"
			l.Warnf(d, "no key stage %s pupil of %s has a prior attainment score, so %s cannot be worked out: its pages will show no figure",
				strings.TrimPrefix(string(k.ks), "ks"), k.y, what)
		case s.score == 0 && !hasEstimates[k.y][k.ks]:
			d.Hint = fmt.Sprintf("add the pupils' progress scores, or the DfE's estimates for %s to data/estimates.csv", k.y)
			l.Warnf(d, "%d key stage %s pupil(s) of %s have a prior attainment score but no progress score, and data/estimates.csv has no estimates for %s, so %s cannot be worked out",
				s.prior, strings.TrimPrefix(string(k.ks), "ks"), k.y, k.y, what)
		}
	}
	return l
}
