package measures

import "math/bits"

// The disclosure audit does its linear algebra exactly, in the field of
// integers modulo the Mersenne prime 2^61−1. Published figures are sums of
// pupils' values with coefficients 0 and 1, so "this figure is a linear
// combination of those" is a rank question; over this field it has the same
// answer as over the rationals unless p divides one of the matrix's minors,
// which for 0/1 matrices of a few hundred columns happens with probability
// around 10^-15 per test (docs/disclosure.md).
const fieldP = 1<<61 - 1

func fmul(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	// a·b = hi·2^64 + lo, and 2^61 ≡ 1, so fold the bits above 61 down.
	x := (lo & fieldP) + (lo>>61 | hi<<3)
	for x >= fieldP {
		x -= fieldP
	}
	return x
}

func fadd(a, b uint64) uint64 {
	x := a + b
	if x >= fieldP {
		x -= fieldP
	}
	return x
}

func fsub(a, b uint64) uint64 {
	if a >= b {
		return a - b
	}
	return a + fieldP - b
}

func fneg(a uint64) uint64 {
	if a == 0 {
		return 0
	}
	return fieldP - a
}

func finv(a uint64) uint64 {
	// Fermat: a^(p−2) is a's inverse.
	r, e := uint64(1), uint64(fieldP-2)
	for e > 0 {
		if e&1 == 1 {
			r = fmul(r, a)
		}
		a = fmul(a, a)
		e >>= 1
	}
	return r
}

// rng is a small deterministic generator (splitmix64) for the audit's random
// projections: a build must give the same pages every time, so it is seeded
// from the figures' own pupil sets, never from the clock.
type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// elem is a random non-zero field element.
func (r *rng) elem() uint64 {
	for {
		if x := r.next() >> 3; x != 0 && x < fieldP {
			return x
		}
	}
}
