package measures

import "math/bits"

// Pupil sets are bitsets over one key stage and year's pupils (bit i is the
// i-th pupil in file order): group membership, measure cohorts and filters
// combine with AND and count with popcount, with no per-pupil allocation.

func setBit(b []uint64, i int) { b[i>>6] |= 1 << (uint(i) & 63) }

func and(dst, a, b []uint64) {
	for i := range dst {
		dst[i] = a[i] & b[i]
	}
}

func count(b []uint64) int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

func equalSet(a, b []uint64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// grow returns s resized to n, reusing its array when it is big enough.
// The contents are not cleared.
func grow[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]T, n, n+n/4)
}

// setTable interns pupil sets: equal sets get equal ids. Disclosure control
// keys a figure's hidden/shown state on its pupil set, so the same pupils
// are hidden everywhere they appear, whatever row or filter shows them.
type setTable struct {
	w     int
	words []uint64 // set id's bits at [id*w, (id+1)*w)
	size  []int32
	hash  []uint64
	slots []int32 // open addressing over ids; -1 is empty
}

func (t *setTable) reset(w int) {
	t.w = w
	t.words = t.words[:0]
	t.size = t.size[:0]
	t.hash = t.hash[:0]
	if len(t.slots) == 0 {
		t.slots = make([]int32, 1024)
	}
	for i := range t.slots {
		t.slots[i] = -1
	}
}

func (t *setTable) len() int               { return len(t.size) }
func (t *setTable) bits(id int32) []uint64 { return t.words[int(id)*t.w : int(id+1)*t.w] }

func hashWords(b []uint64) uint64 {
	h := uint64(0x9e3779b97f4a7c15)
	for _, w := range b {
		h ^= w
		h *= 0xff51afd7ed558ccd
		h ^= h >> 32
	}
	h ^= h >> 29
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 32
	return h
}

// intern returns the id of the set b, adding a copy of it when new.
func (t *setTable) intern(b []uint64) int32 {
	h := hashWords(b)
	mask := len(t.slots) - 1
	for i := int(h) & mask; ; i = (i + 1) & mask {
		id := t.slots[i]
		if id < 0 {
			id = int32(len(t.size))
			t.words = append(t.words, b...)
			t.size = append(t.size, int32(count(b)))
			t.hash = append(t.hash, h)
			t.slots[i] = id
			if 2*len(t.size) > len(t.slots) {
				t.rehash()
			}
			return id
		}
		if t.hash[id] == h && equalSet(t.bits(id), b) {
			return id
		}
	}
}

func (t *setTable) rehash() {
	t.slots = make([]int32, 2*len(t.slots))
	for i := range t.slots {
		t.slots[i] = -1
	}
	mask := len(t.slots) - 1
	for id, h := range t.hash {
		i := int(h) & mask
		for t.slots[i] >= 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = int32(id)
	}
}
