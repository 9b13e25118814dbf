// Package spill keeps pupil rows by school in a compact binary form that
// may spill to disk, so that a build can read the pupil files once, split
// the rows by school (URN) and later build each school from its own rows:
// peak memory then follows the largest school, not the number of schools.
//
// The encoding (AppendPupil, DecodePupil) is exact: every field of
// model.Pupil comes back as it went in, floats bit for bit and times to the
// nanosecond, with these normalisations:
//
//   - an empty slice (KS4.Grades, Results, a Result's Values) comes back
//     nil;
//   - a time's monotonic clock reading is dropped (as by t.Round(0));
//   - a time in a location other than time.UTC and time.Local comes back in
//     time.FixedZone(name, offset) of its instant, so the same instant, zone
//     name and offset, without a tz database zone's rules;
//   - decoded strings may share backing memory with each other (one string
//     per decoded row or school), which keeps the encoded bytes alive as
//     long as any of those strings is.
//
// The encoding is private to the process that wrote it: Store's temp files
// are not a file format, and a later version may change the encoding.
package spill

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/reportpack/reportpack/generator/model"
)

// MaxInternLen is the longest string a Dict interns.
const MaxInternLen = 32

// DefaultDictEntries is the number of strings a Store's Dict interns at
// most: about 1 MB however many schools and rows there are.
const DefaultDictEntries = 1 << 14

// Dict interns the short strings that repeat from row to row (file and
// sheet names, URNs, key stages, codes such as "Wa", subject headers and
// grades, forenames): an interned string is written as its index. A Dict
// grows as rows are encoded, up to its limit, and never forgets a string,
// so rows encoded with it decode with it at any later time.
//
// Encoding with a Dict changes it, so encode from one goroutine at a time;
// decoding only reads it and may run concurrently with other decoding (not
// with encoding). A nil *Dict interns nothing: each row is self-contained.
type Dict struct {
	index map[string]uint32
	strs  []string
	max   int
}

// NewDict returns an empty Dict that interns at most maxEntries strings
// (DefaultDictEntries when maxEntries <= 0).
func NewDict(maxEntries int) *Dict {
	if maxEntries <= 0 {
		maxEntries = DefaultDictEntries
	}
	return &Dict{index: make(map[string]uint32), max: maxEntries}
}

// Len is the number of strings interned.
func (d *Dict) Len() int {
	if d == nil {
		return 0
	}
	return len(d.strs)
}

// lookup returns s's index, interning s when it is short and there is room.
func (d *Dict) lookup(s string) (uint32, bool) {
	if d == nil || s == "" || len(s) > MaxInternLen {
		return 0, false
	}
	if i, ok := d.index[s]; ok {
		return i, true
	}
	if len(d.strs) >= d.max {
		return 0, false
	}
	// Copy s: a caller's string may share a large buffer (a whole file's
	// cells), which the Dict must not keep alive.
	s = string([]byte(s))
	i := uint32(len(d.strs))
	d.strs = append(d.strs, s)
	d.index[s] = i
	return i, true
}

// Bits of the header that leads every row: which fields are not zero.
const (
	hasFile = 1 << iota
	hasSheet
	hasRow
	hasURN
	hasYear
	hasNCYear
	hasKeyStage
	hasUPN
	hasForename
	hasSurname
	hasDOB
	hasChars
	hasSynthetic
	hasKS2
	hasKS4
	hasResults
)

// yearBase is subtracted from Year so that a year fits one varint byte.
const yearBase = 2000

// AppendPupil appends p's encoding to dst and returns the extended slice.
// Strings that d interns are written as their index, so the row decodes
// only with d (or a Dict that has grown from it); with a nil d the row is
// self-contained.
func AppendPupil(dst []byte, p *model.Pupil, d *Dict) []byte {
	var h uint16
	set := func(bit uint16, ok bool) {
		if ok {
			h |= bit
		}
	}
	set(hasFile, p.Src.File != "")
	set(hasSheet, p.Src.Sheet != "")
	set(hasRow, p.Src.Row != 0)
	set(hasURN, p.URN != "")
	set(hasYear, p.Year != 0)
	set(hasNCYear, p.NCYear != 0)
	set(hasKeyStage, p.KeyStage != "")
	set(hasUPN, p.ID.UPN != "")
	set(hasForename, p.ID.Forename != "")
	set(hasSurname, p.ID.Surname != "")
	set(hasDOB, p.ID.DOB != time.Time{})
	set(hasChars, p.Chars != model.Characteristics{})
	set(hasSynthetic, p.Synthetic)
	set(hasKS2, p.KS2 != model.KS2Result{})
	set(hasKS4, !ks4Zero(&p.KS4))
	set(hasResults, len(p.Results) > 0)
	dst = binary.LittleEndian.AppendUint16(dst, h)

	if h&hasFile != 0 {
		dst = appendSym(dst, p.Src.File, d)
	}
	if h&hasSheet != 0 {
		dst = appendSym(dst, p.Src.Sheet, d)
	}
	if h&hasRow != 0 {
		dst = binary.AppendVarint(dst, int64(p.Src.Row))
	}
	if h&hasURN != 0 {
		dst = appendSym(dst, string(p.URN), d)
	}
	if h&hasYear != 0 {
		dst = binary.AppendVarint(dst, int64(p.Year)-yearBase)
	}
	if h&hasNCYear != 0 {
		dst = append(dst, byte(p.NCYear))
	}
	if h&hasKeyStage != 0 {
		dst = appendSym(dst, string(p.KeyStage), d)
	}
	if h&hasUPN != 0 {
		dst = appendStr(dst, p.ID.UPN)
	}
	if h&hasForename != 0 {
		dst = appendSym(dst, p.ID.Forename, d)
	}
	if h&hasSurname != 0 {
		dst = appendStr(dst, p.ID.Surname)
	}
	if h&hasDOB != 0 {
		dst = appendTime(dst, p.ID.DOB)
	}
	if h&hasChars != 0 {
		dst = appendChars(dst, &p.Chars)
	}
	if h&hasKS2 != 0 {
		k := &p.KS2
		dst = appendNum(dst, k.KS1APS)
		dst = appendTest(dst, k.Read)
		dst = appendTest(dst, k.Mat)
		dst = appendTest(dst, k.GPS)
		dst = appendSym(dst, string(k.Writ), d)
		dst = appendNum(dst, k.ReadProg)
		dst = appendNum(dst, k.WritProg)
		dst = appendNum(dst, k.MatProg)
	}
	if h&hasKS4 != 0 {
		dst = appendKS4(dst, &p.KS4, d)
	}
	if h&hasResults != 0 {
		dst = binary.AppendUvarint(dst, uint64(len(p.Results)))
		for i := range p.Results {
			r := &p.Results[i]
			dst = appendSym(dst, string(r.Assessment), d)
			dst = binary.AppendUvarint(dst, uint64(len(r.Values)))
			for _, v := range r.Values {
				var vh byte
				if v.IsNum {
					vh |= 1
				}
				if v.Code != "" {
					vh |= 2
				}
				if math.Float64bits(v.Num) != 0 {
					vh |= 4
				}
				dst = append(dst, vh)
				if vh&2 != 0 {
					dst = appendSym(dst, v.Code, d)
				}
				if vh&4 != 0 {
					dst = appendFloat(dst, v.Num)
				}
			}
		}
	}
	return dst
}

func ks4Zero(k *model.KS4Result) bool {
	return len(k.Grades) == 0 && k.KS2APS == model.Num{} && k.A8 == model.Num{} && k.A8Eng == model.Num{} &&
		k.A8Mat == model.Num{} && k.A8EBacc == model.Num{} && k.A8Open == model.Num{} && k.P8 == model.Num{} &&
		k.P8Eng == model.Num{} && k.P8Mat == model.Num{} && k.P8EBacc == model.Num{} && k.P8Open == model.Num{} &&
		k.EBaccEntered == 0 && k.EBaccAPS == model.Num{} && k.EMGrade5 == 0 && k.EMGrade4 == 0
}

func appendKS4(dst []byte, k *model.KS4Result, d *Dict) []byte {
	for _, n := range [...]model.Num{k.KS2APS, k.A8, k.A8Eng, k.A8Mat, k.A8EBacc, k.A8Open,
		k.P8, k.P8Eng, k.P8Mat, k.P8EBacc, k.P8Open, k.EBaccAPS} {
		dst = appendNum(dst, n)
	}
	// The three flags in one byte when each is a Flag value (0..2), as
	// they always are; else 0xFF and a byte each.
	if k.EBaccEntered < 4 && k.EMGrade5 < 4 && k.EMGrade4 < 4 {
		dst = append(dst, byte(k.EBaccEntered)|byte(k.EMGrade5)<<2|byte(k.EMGrade4)<<4)
	} else {
		dst = append(dst, 0xFF, byte(k.EBaccEntered), byte(k.EMGrade5), byte(k.EMGrade4))
	}
	dst = binary.AppendUvarint(dst, uint64(len(k.Grades)))
	for i := range k.Grades {
		g := &k.Grades[i]
		var gh byte
		for bit, ok := range [...]bool{g.Header != "", g.Column != "", g.Value != "", g.IsDate, g.Subject != "", g.Result != ""} {
			if ok {
				gh |= 1 << bit
			}
		}
		dst = append(dst, gh)
		for bit, s := range [...]string{g.Header, g.Column, g.Value, "", g.Subject, g.Result} {
			if gh&(1<<bit) != 0 && bit != 3 {
				dst = appendSym(dst, s, d)
			}
		}
	}
	return dst
}

// appendStr writes s as its length and bytes.
func appendStr(dst []byte, s string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

// appendSym writes s as its index in d (tag index<<1|1) when d interns it,
// else as its length and bytes (tag length<<1).
func appendSym(dst []byte, s string, d *Dict) []byte {
	if i, ok := d.lookup(s); ok {
		return binary.AppendUvarint(dst, uint64(i)<<1|1)
	}
	dst = binary.AppendUvarint(dst, uint64(len(s))<<1)
	return append(dst, s...)
}

var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6}

// floatRaw is the tag of a float written as its 8 bytes.
const floatRaw = 7

// floatTag returns the tag of f: zigzag(m)<<3 | k when f is exactly the
// double nearest m/10^k (k <= 6, |m| < 2^53), as a number read from a
// decimal cell such as 52.5 or -0.34 is; else floatRaw.
func floatTag(f float64) uint64 {
	bits := math.Float64bits(f)
	if bits == 0 {
		return 0
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return floatRaw
	}
	for k, p := range pow10 {
		m := math.Round(f * p)
		if math.Abs(m) >= 1<<53 {
			break
		}
		// m/p is correctly rounded, so the decoder's division gives the
		// same bits; m == 0 would lose the sign of -0 and tiny values.
		if m != 0 && math.Float64bits(m/p) == bits {
			im := int64(m)
			return uint64(im<<1^im>>63)<<3 | uint64(k)
		}
	}
	return floatRaw
}

func appendFloat(dst []byte, f float64) []byte {
	t := floatTag(f)
	dst = binary.AppendUvarint(dst, t)
	if t == floatRaw {
		dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(f))
	}
	return dst
}

// appendNum writes n as one varint tag<<1|valid (then the float's bytes
// for a raw tag): a blank Num is one byte, 52.5 three.
func appendNum(dst []byte, n model.Num) []byte {
	t := floatTag(n.V)
	v := uint64(0)
	if n.Valid {
		v = 1
	}
	dst = binary.AppendUvarint(dst, t<<1|v)
	if t == floatRaw {
		dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(n.V))
	}
	return dst
}

// Bits of a TestResult's varint: the code in the low 4 bits (testCodeEsc
// and a byte when it does not fit), testScoreOut when the score follows as
// its own varint, else the zigzagged score above testScoreShift.
const (
	testCodeEsc    = 15
	testScoreOut   = 16
	testScoreShift = 5
)

func appendTest(dst []byte, t model.TestResult) []byte {
	x := uint64(t.Code)
	if t.Code >= testCodeEsc {
		x = testCodeEsc
	}
	s := int64(t.Score)
	zs := uint64(s<<1 ^ s>>63)
	if zs < 1<<(64-testScoreShift) {
		x |= zs << testScoreShift
	} else {
		x |= testScoreOut
	}
	dst = binary.AppendUvarint(dst, x)
	if t.Code >= testCodeEsc {
		dst = append(dst, byte(t.Code))
	}
	if x&testScoreOut != 0 {
		dst = binary.AppendVarint(dst, s)
	}
	return dst
}

// charWidths are the bits each characteristic takes in the packed form, in
// the order of model.Characteristics' fields.
var charWidths = [...]uint{2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2}

func charValues(c *model.Characteristics) [len(charWidths)]byte {
	return [...]byte{byte(c.Gender), byte(c.FSM6), byte(c.FSM), byte(c.CLA), byte(c.PostLAC),
		byte(c.Disadvantaged), byte(c.SEN), byte(c.Language), byte(c.NonMobile), byte(c.Ethnicity), byte(c.BirthTerm)}
}

// appendChars packs the characteristics into one varint (packed<<1) when
// each fits its width, as the defined values do; else 1 and a byte each.
func appendChars(dst []byte, c *model.Characteristics) []byte {
	vals := charValues(c)
	var packed uint64
	shift := uint(0)
	for i, v := range vals {
		if uint64(v) >= 1<<charWidths[i] {
			dst = append(dst, 1)
			return append(dst, vals[:]...)
		}
		packed |= uint64(v) << shift
		shift += charWidths[i]
	}
	return binary.AppendUvarint(dst, packed<<1)
}

// Kinds of time, in the low 2 bits of its first varint.
const (
	timeDate  = iota // midnight UTC: zigzag(days since 1970-01-01) above the kind
	timeUTC          // then unix seconds and nanoseconds
	timeLocal        // the same, in time.Local
	timeZone         // the same, then the zone's name and offset
)

const secondsPerDay = 24 * 60 * 60

func appendTime(dst []byte, t time.Time) []byte {
	// Unix seconds wrap around for times far from year 1970's range of
	// int64; decoding wraps them back, so the round trip is exact anyway.
	sec, nsec := t.Unix(), t.Nanosecond()
	kind := uint64(timeZone)
	switch t.Location() {
	case time.UTC:
		if nsec == 0 && sec%secondsPerDay == 0 {
			days := sec / secondsPerDay
			return binary.AppendUvarint(dst, uint64(days<<1^days>>63)<<2|timeDate)
		}
		kind = timeUTC
	case time.Local:
		kind = timeLocal
	}
	dst = append(dst, byte(kind))
	dst = binary.AppendVarint(dst, sec)
	dst = binary.AppendUvarint(dst, uint64(nsec))
	if kind == timeZone {
		name, off := t.Zone()
		dst = appendStr(dst, name)
		dst = binary.AppendVarint(dst, int64(off))
	}
	return dst
}

// ErrCorrupt is wrapped by every decoding error: the bytes are not a row
// (or rows) that AppendPupil wrote with this Dict.
var ErrCorrupt = errors.New("corrupt row")

// DecodePupil decodes one row that AppendPupil wrote with d (or a Dict
// that has grown from d) into *p, which it overwrites. The row must be all
// of b. On bytes that are not such a row it returns an error wrapping
// ErrCorrupt and leaves *p zero; it never panics.
func DecodePupil(b []byte, d *Dict, p *model.Pupil) error {
	r := reader{s: string(b), strs: dictStrs(d)}
	r.pupil(p)
	if r.err == nil && r.i != len(r.s) {
		r.fail("%d bytes after the row", len(r.s)-r.i)
		*p = model.Pupil{}
	}
	return r.err
}

func dictStrs(d *Dict) []string {
	if d == nil {
		return nil
	}
	return d.strs
}

// reader decodes rows from s. After the first error every read returns a
// zero value and err says what went wrong.
type reader struct {
	s    string
	i    int
	strs []string // the Dict's strings
	err  error
}

func (r *reader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("%w at byte %d: %s", ErrCorrupt, r.i, fmt.Sprintf(format, args...))
		r.i = len(r.s)
	}
}

func (r *reader) byte() byte {
	if r.i >= len(r.s) {
		r.fail("unexpected end")
		return 0
	}
	c := r.s[r.i]
	r.i++
	return c
}

func (r *reader) uvarint() uint64 {
	var x uint64
	for shift := uint(0); ; shift += 7 {
		if r.i >= len(r.s) {
			r.fail("unexpected end in a varint")
			return 0
		}
		c := r.s[r.i]
		r.i++
		if shift == 63 && c > 1 {
			r.fail("varint overflows 64 bits")
			return 0
		}
		if c < 0x80 {
			return x | uint64(c)<<shift
		}
		x |= uint64(c&0x7f) << shift
	}
}

func unzig(u uint64) int64 { return int64(u>>1) ^ -int64(u&1) }

func (r *reader) varint() int64 { return unzig(r.uvarint()) }

func (r *reader) uint64le() uint64 {
	if len(r.s)-r.i < 8 {
		r.fail("unexpected end in a float")
		return 0
	}
	s := r.s[r.i : r.i+8]
	r.i += 8
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// count reads a slice length, which cannot exceed the bytes left since
// every element takes at least one.
func (r *reader) count() int {
	n := r.uvarint()
	if n > uint64(len(r.s)-r.i) {
		r.fail("count %d exceeds the %d bytes left", n, len(r.s)-r.i)
		return 0
	}
	return int(n)
}

func (r *reader) bytes(n uint64) string {
	if n > uint64(len(r.s)-r.i) {
		r.fail("string of %d bytes exceeds the %d left", n, len(r.s)-r.i)
		return ""
	}
	s := r.s[r.i : r.i+int(n)]
	r.i += int(n)
	return s
}

func (r *reader) str() string { return r.bytes(r.uvarint()) }

func (r *reader) sym() string {
	t := r.uvarint()
	if t&1 == 0 {
		return r.bytes(t >> 1)
	}
	if t>>1 >= uint64(len(r.strs)) {
		r.fail("string index %d not in the dictionary (%d strings)", t>>1, len(r.strs))
		return ""
	}
	return r.strs[t>>1]
}

func (r *reader) floatOf(t uint64) float64 {
	k := t & 7
	switch {
	case k == floatRaw:
		return math.Float64frombits(r.uint64le())
	case k >= uint64(len(pow10)):
		r.fail("float tag %d", t)
		return 0
	}
	m := unzig(t >> 3)
	if t != 0 && (m == 0 || m >= 1<<53 || m <= -1<<53) {
		// Never written: a zero mantissa is only tag 0, and the rest fit 53 bits.
		r.fail("float mantissa %d", m)
		return 0
	}
	return float64(m) / pow10[k]
}

func (r *reader) float() float64 {
	t := r.uvarint()
	if t == 0 {
		// Tag 0 is +0 and written only as a Value's absent number, whose
		// header bit says it is not zero.
		r.fail("float tag 0 for a non-zero number")
		return 0
	}
	return r.floatOf(t)
}

func (r *reader) num() model.Num {
	x := r.uvarint()
	return model.Num{V: r.floatOf(x >> 1), Valid: x&1 != 0}
}

func (r *reader) test() model.TestResult {
	x := r.uvarint()
	var t model.TestResult
	t.Code = model.TestCode(x & testCodeEsc)
	if t.Code == testCodeEsc {
		if t.Code = model.TestCode(r.byte()); t.Code < testCodeEsc {
			r.fail("test code %d escaped", t.Code)
		}
	}
	if x&testScoreOut != 0 {
		if x>>testScoreShift != 0 {
			r.fail("test score both in and after the tag")
		}
		t.Score = int(r.varint())
	} else {
		t.Score = int(unzig(x >> testScoreShift))
	}
	return t
}

func (r *reader) chars(c *model.Characteristics) {
	var vals [len(charWidths)]byte
	x := r.uvarint()
	if x == 1 {
		for i := range vals {
			vals[i] = r.byte()
		}
	} else {
		if x&1 != 0 {
			r.fail("characteristics tag %d", x)
		}
		x >>= 1
		for i, w := range charWidths {
			vals[i] = byte(x & (1<<w - 1))
			x >>= w
		}
		if x != 0 {
			r.fail("characteristics have bits to spare")
		}
	}
	*c = model.Characteristics{
		Gender: model.Gender(vals[0]), FSM6: model.Flag(vals[1]), FSM: model.Flag(vals[2]), CLA: model.Flag(vals[3]),
		PostLAC: model.Flag(vals[4]), Disadvantaged: model.Flag(vals[5]), SEN: model.SEN(vals[6]),
		Language: model.Language(vals[7]), NonMobile: model.Flag(vals[8]), Ethnicity: model.Ethnicity(vals[9]),
		BirthTerm: model.BirthTerm(vals[10]),
	}
}

func (r *reader) time() time.Time {
	x := r.uvarint()
	kind := x & 3
	if kind == timeDate {
		return time.Unix(unzig(x>>2)*secondsPerDay, 0).UTC()
	}
	if x>>2 != 0 {
		r.fail("time tag %d", x)
	}
	sec := r.varint()
	nsec := r.uvarint()
	if nsec >= 1e9 {
		r.fail("time has %d nanoseconds", nsec)
		return time.Time{}
	}
	t := time.Unix(sec, int64(nsec))
	switch kind {
	case timeUTC:
		return t.UTC()
	case timeLocal:
		return t.In(time.Local)
	}
	name := r.str()
	off := r.varint()
	if off != int64(int32(off)) {
		r.fail("zone offset %d", off)
		return time.Time{}
	}
	if r.err != nil {
		return time.Time{}
	}
	return t.In(time.FixedZone(name, int(off)))
}

func (r *reader) pupil(p *model.Pupil) {
	*p = model.Pupil{}
	if len(r.s)-r.i < 2 {
		r.fail("unexpected end in a row header")
		return
	}
	h := uint16(r.s[r.i]) | uint16(r.s[r.i+1])<<8
	r.i += 2
	if h&hasFile != 0 {
		p.Src.File = r.sym()
	}
	if h&hasSheet != 0 {
		p.Src.Sheet = r.sym()
	}
	if h&hasRow != 0 {
		p.Src.Row = int(r.varint())
	}
	if h&hasURN != 0 {
		p.URN = model.URN(r.sym())
	}
	if h&hasYear != 0 {
		p.Year = model.Year(r.varint() + yearBase)
	}
	if h&hasNCYear != 0 {
		p.NCYear = model.NCYear(int8(r.byte()))
	}
	if h&hasKeyStage != 0 {
		p.KeyStage = model.KeyStage(r.sym())
	}
	if h&hasUPN != 0 {
		p.ID.UPN = r.str()
	}
	if h&hasForename != 0 {
		p.ID.Forename = r.sym()
	}
	if h&hasSurname != 0 {
		p.ID.Surname = r.str()
	}
	if h&hasDOB != 0 {
		p.ID.DOB = r.time()
	}
	if h&hasChars != 0 {
		r.chars(&p.Chars)
	}
	p.Synthetic = h&hasSynthetic != 0
	if h&hasKS2 != 0 {
		k := &p.KS2
		k.KS1APS = r.num()
		k.Read = r.test()
		k.Mat = r.test()
		k.GPS = r.test()
		k.Writ = model.WritingTA(r.sym())
		k.ReadProg = r.num()
		k.WritProg = r.num()
		k.MatProg = r.num()
	}
	if h&hasKS4 != 0 {
		r.ks4(&p.KS4)
	}
	if h&hasResults != 0 {
		n := r.count()
		if n == 0 {
			r.fail("results present but none")
		}
		p.Results = make([]model.Result, n)
		for i := range p.Results {
			res := &p.Results[i]
			res.Assessment = model.Assessment(r.sym())
			if m := r.count(); m > 0 {
				res.Values = make([]model.Value, m)
				for j := range res.Values {
					v := &res.Values[j]
					vh := r.byte()
					if vh&^7 != 0 {
						r.fail("value header %#x", vh)
					}
					v.IsNum = vh&1 != 0
					if vh&2 != 0 {
						v.Code = r.sym()
					}
					if vh&4 != 0 {
						v.Num = r.float()
					}
				}
			}
		}
	}
	if r.err != nil {
		*p = model.Pupil{}
	}
}

func (r *reader) ks4(k *model.KS4Result) {
	for _, n := range [...]*model.Num{&k.KS2APS, &k.A8, &k.A8Eng, &k.A8Mat, &k.A8EBacc, &k.A8Open,
		&k.P8, &k.P8Eng, &k.P8Mat, &k.P8EBacc, &k.P8Open, &k.EBaccAPS} {
		*n = r.num()
	}
	if f := r.byte(); f == 0xFF {
		k.EBaccEntered, k.EMGrade5, k.EMGrade4 = model.Flag(r.byte()), model.Flag(r.byte()), model.Flag(r.byte())
	} else {
		if f&^0x3F != 0 {
			r.fail("KS4 flags %#x", f)
		}
		k.EBaccEntered, k.EMGrade5, k.EMGrade4 = model.Flag(f&3), model.Flag(f>>2&3), model.Flag(f>>4&3)
	}
	n := r.count()
	if n == 0 {
		return
	}
	k.Grades = make([]model.SubjectGrade, n)
	for i := range k.Grades {
		g := &k.Grades[i]
		gh := r.byte()
		if gh&^0x3F != 0 {
			r.fail("grade header %#x", gh)
		}
		for bit, s := range [...]*string{&g.Header, &g.Column, &g.Value, nil, &g.Subject, &g.Result} {
			if gh&(1<<bit) != 0 && s != nil {
				*s = r.sym()
			}
		}
		g.IsDate = gh&(1<<3) != 0
	}
}
