package export

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestFullCache checks that the cache formats every value as appendFull
// does, hit or miss, whatever was in the slot before.
func TestFullCache(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 6))
	special := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 100, 1e21, -1e300, 5e-324,
		math.MaxFloat64, math.Inf(1), math.Inf(-1), math.NaN(), 1.0 / 3}
	vals := special
	for range 20000 {
		switch rnd.IntN(3) {
		case 0: // a figure, often seen before
			vals = append(vals, float64(rnd.IntN(500))/float64(1+rnd.IntN(60)))
		case 1:
			vals = append(vals, rnd.NormFloat64()*math.Pow10(rnd.IntN(40)-20))
		default:
			vals = append(vals, vals[rnd.IntN(len(vals))])
		}
	}
	fc := getFullCache()
	defer fullCaches.Put(fc)
	var got, want []byte
	for _, v := range vals {
		got = fc.append(got[:0], v)
		want = appendFull(want[:0], v)
		if string(got) != string(want) {
			t.Fatalf("%v (bits %x): got %q, want %q", v, math.Float64bits(v), got, want)
		}
	}
}
