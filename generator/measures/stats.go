package measures

import (
	"math"
	"slices"

	"github.com/reportpack/reportpack/generator/model"
)

// Band describes a progress score against the national average, as ASP
// words it. The zero Band is "no band" (no sd for the measure and year).
type Band uint8

// Bands, best first.
const (
	BandNone Band = iota
	BandWellAbove
	BandAbove
	BandAverage
	BandBelow
	BandWellBelow
)

// ID is the band's id in measures.csv ("well_above" ... "well_below"), empty for BandNone.
func (b Band) ID() string {
	return [...]string{"", "well_above", "above", "average", "below", "well_below"}[b]
}

// Label is how a page words the band ("Well above average"); a band is never
// shown by colour alone.
func (b Band) Label() string {
	return [...]string{"", "Well above average", "Above average", "Average", "Below average", "Well below average"}[b]
}

// Interval is a 95% confidence interval; the zero Interval is "none".
type Interval struct {
	Lower, Upper float64 // the bounds, at full precision
	Valid        bool    // false when there is no interval
}

// z95 is the two-sided 95% normal quantile the DfE uses.
const z95 = 1.96

// ConfidenceInterval is score ± 1.96 × sd / √n, the DfE's 95% interval for
// a mean of n pupil progress scores whose national standard deviation is sd.
// It is invalid when n < 1 or sd is not positive.
func ConfidenceInterval(score, sd float64, n int) Interval {
	if n < 1 || !(sd > 0) {
		return Interval{}
	}
	h := z95 * sd / math.Sqrt(float64(n))
	return Interval{Lower: score - h, Upper: score + h, Valid: true}
}

// Classify bands a progress score with its interval. Above and below need
// the interval clear of zero; "well" additionally needs the score at or
// beyond the limit national.toml gives (nil when it gives none, and then
// only above, average and below are used). No interval, no band.
func Classify(score float64, ci Interval, wellAbove, wellBelow *float64) Band {
	switch {
	case !ci.Valid:
		return BandNone
	case ci.Lower > 0:
		if wellAbove != nil && score >= *wellAbove {
			return BandWellAbove
		}
		return BandAbove
	case ci.Upper < 0:
		if wellBelow != nil && score <= *wellBelow {
			return BandWellBelow
		}
		return BandBelow
	}
	return BandAverage
}

// rankByCuts returns 1 + the index of the first cut the value reaches, cuts
// being the lowest score of each rank from the top; len(cuts)+1 when it
// reaches none.
func rankByCuts(v float64, cuts []float64) int {
	for i, c := range cuts {
		if v >= c {
			return i + 1
		}
	}
	return len(cuts) + 1
}

// NationalQuintile places a value among schools nationally from the four
// quintile cut points of national.toml (lowest score of Q1, Q2, Q3, Q4):
// 1 (top fifth) to 5. It is 0 unless exactly four cuts are given.
func NationalQuintile(v float64, cuts []float64) int {
	if len(cuts) != 4 {
		return 0
	}
	return rankByCuts(v, cuts)
}

// NationalPercentile ranks a value among schools nationally from the 99
// percentile cut points of national.toml (lowest score of percentile 1 ..
// 99): 1 (top 1%) to 100. It is 0 unless exactly 99 cuts are given.
func NationalPercentile(v float64, cuts []float64) int {
	if len(cuts) != 99 {
		return 0
	}
	return rankByCuts(v, cuts)
}

// MinBuildSchools is how many schools with a figure a build needs before
// within-build quintiles are shown (measures.md).
const MinBuildSchools = 20

// BuildQuintiles places each school's value among the values present (Valid)
// in the slice: 1 for the top fifth to 5, 0 for an absent value. Equal values
// get the same quintile: a school's quintile is 1 + ⌊5 × (schools strictly
// above it) / (schools with a value)⌋. It returns nil when fewer than
// MinBuildSchools values are present. Pass values rounded as pages show them
// so that schools that look equal are placed equally.
func BuildQuintiles(values []model.Num) []int {
	var present []float64
	for _, v := range values {
		if v.Valid {
			present = append(present, v.V)
		}
	}
	n := len(present)
	if n < MinBuildSchools {
		return nil
	}
	sortDesc(present)
	out := make([]int, len(values))
	for i, v := range values {
		if !v.Valid {
			continue
		}
		// above = number of present values strictly greater than v.
		lo, hi := 0, n
		for lo < hi {
			mid := (lo + hi) / 2
			if present[mid] > v.V {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		out[i] = 1 + 5*lo/n
	}
	return out
}

func sortDesc(s []float64) {
	slices.Sort(s)
	slices.Reverse(s)
}
