package spill

import (
	"encoding/binary"
	"errors"
	"math"
	"reflect"
	"testing"
	"time"
	"unsafe"

	"github.com/reportpack/reportpack/generator/model"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// ks2Pupil, ks4Pupil, eyfsPupil and phonicsPupil are rows as the loaders
// make them.
func ks2Pupil() model.Pupil {
	return model.Pupil{
		Src: model.Source{File: "data/pupils.xlsx", Sheet: "Pupils", Row: 14},
		URN: "900001", Year: 2025, NCYear: 6, KeyStage: model.KS2,
		ID: model.Identity{UPN: "A999200125001", Forename: "Zoë", Surname: "Ó Súilleabháin", DOB: date(2014, 3, 9)},
		Chars: model.Characteristics{Gender: model.Female, FSM6: model.FlagYes, FSM: model.FlagNo, CLA: model.FlagNo,
			PostLAC: model.FlagNo, Disadvantaged: model.FlagYes, SEN: model.SENSupport, Language: model.LanguageOther,
			NonMobile: model.FlagYes, Ethnicity: model.EthnicityUnclassified, BirthTerm: model.BirthSpring},
		Synthetic: true,
		KS2: model.KS2Result{KS1APS: model.Some(15.5), Read: model.TestResult{Code: model.TestScored, Score: 104},
			Mat: model.TestResult{Code: model.TestAbsent}, GPS: model.TestResult{Code: model.TestScored, Score: 120},
			Writ: "EXS", ReadProg: model.Some(-1.23), WritProg: model.Some(0.4567891234), MatProg: model.Num{}},
	}
}

func ks4Pupil() model.Pupil {
	return model.Pupil{
		Src: model.Source{File: "data/ks4.csv", Row: 3}, URN: "900002", Year: 2024, NCYear: 11, KeyStage: model.KS4,
		ID:    model.Identity{UPN: "A999200124117", Forename: "李", Surname: "O'Brien-Smith", DOB: date(2008, 9, 1)},
		Chars: model.Characteristics{Gender: model.Male, SEN: model.SENEHCP, Ethnicity: model.EthnicityAsian, BirthTerm: model.BirthAutumn},
		KS4: model.KS4Result{KS2APS: model.Some(104.5), A8: model.Some(52.5), A8Eng: model.Some(11), A8Mat: model.Some(10),
			A8EBacc: model.Some(15.5), A8Open: model.Some(16), P8: model.Some(0.34), P8Eng: model.Some(-0.2),
			P8Mat: model.Some(1.07), P8EBacc: model.Num{V: 0.5}, P8Open: model.Some(0),
			EBaccEntered: model.FlagYes, EBaccAPS: model.Some(4.75), EMGrade5: model.FlagNo, EMGrade4: model.FlagYes,
			Grades: []model.SubjectGrade{
				{Header: "English Language", Column: "AB", Value: "7", Subject: "English Language", Result: "7"},
				{Header: "Combined Science", Column: "AC", Value: "5-4", Subject: "Combined Science", Result: "54"},
				{Header: "Art & Design", Column: "AD", Value: "2025-04-05", IsDate: true},
				{Header: "Notes", Column: "AE", Value: "moved in Y10"},
			}},
	}
}

func eyfsPupil() model.Pupil {
	p := model.Pupil{URN: "900003", Year: 2025, NCYear: 0, ID: model.Identity{UPN: "A999200125300", Forename: "Amélie", Surname: "Nguyễn"}}
	vals := make([]model.Value, 17)
	for i := range vals {
		vals[i] = model.Value{Code: []string{"1", "2", "2", "A"}[i%4]}
	}
	vals[5] = model.Value{} // blank
	p.Results = []model.Result{{Assessment: "eyfs", Values: vals}}
	return p
}

func phonicsPupil() model.Pupil {
	return model.Pupil{URN: "900003", Year: 2025, NCYear: 2, ID: model.Identity{UPN: "A999200125301"},
		Results: []model.Result{
			{Assessment: "phonics", Values: []model.Value{{Num: 33, IsNum: true}, {Code: "Wa"}, {}}},
			{Assessment: "ks1", Values: []model.Value{{Code: "EXS"}, {Num: 0, IsNum: true}, {Code: "odd", Num: 2.5}}},
			{Assessment: "mtc"},
		}}
}

func TestRoundTrip(t *testing.T) {
	long := "a string longer than MaxInternLen, which is never interned"
	tests := []struct {
		name string
		p    func() model.Pupil
	}{
		{"zero", func() model.Pupil { return model.Pupil{} }},
		{"ks2", ks2Pupil},
		{"ks4 with grades", ks4Pupil},
		{"eyfs codes", eyfsPupil},
		{"phonics and other results", phonicsPupil},
		{"no year group, zero DOB", func() model.Pupil {
			p := ks2Pupil()
			p.NCYear, p.ID.DOB, p.KeyStage, p.Synthetic = model.NoNCYear, time.Time{}, "", false
			return p
		}},
		{"long and odd strings", func() model.Pupil {
			p := ks4Pupil()
			p.Src.File, p.Src.Sheet, p.URN, p.ID.Forename = long, "\x00\xff not UTF-8", model.URN(long+"!"), "🙂👍🏽"
			p.KS4.Grades[0].Header = long
			return p
		}},
		{"out-of-range values", func() model.Pupil {
			p := ks2Pupil()
			p.Chars = model.Characteristics{Gender: 255, FSM6: 3, FSM: 4, Ethnicity: 8, BirthTerm: 200}
			p.KS2.Read = model.TestResult{Code: 99, Score: math.MinInt64}
			p.KS2.Mat = model.TestResult{Code: 15, Score: math.MaxInt64}
			p.KS2.GPS = model.TestResult{Code: 14, Score: -7}
			p.Year, p.Src.Row, p.NCYear = math.MinInt64, -1, -128
			p.KS4.EMGrade4 = 9
			return p
		}},
		{"awkward floats", func() model.Pupil {
			p := ks4Pupil()
			k := &p.KS4
			k.KS2APS, k.A8, k.A8Eng = model.Some(math.Inf(1)), model.Some(math.Inf(-1)), model.Some(math.SmallestNonzeroFloat64)
			k.A8Mat, k.A8EBacc, k.A8Open = model.Some(math.MaxFloat64), model.Some(0.1+0.2), model.Some(1<<53)
			k.P8, k.P8Eng, k.P8Mat = model.Some(-(1 << 53)), model.Some(1e-7), model.Some(123456.654321)
			k.P8EBacc, k.P8Open, k.EBaccAPS = model.Some(-4.5e15), model.Some(math.Pi), model.Num{V: 2.5}
			p.Results = []model.Result{{Assessment: "x", Values: []model.Value{{Num: -1e300, IsNum: true}, {Num: 1.0 / 3}}}}
			return p
		}},
		{"times", func() model.Pupil {
			p := ks2Pupil()
			p.ID.DOB = time.Date(2013, 7, 4, 13, 14, 15, 123456789, time.UTC)
			return p
		}},
		{"time before 1970", func() model.Pupil { p := ks2Pupil(); p.ID.DOB = date(1901, 12, 31); return p }},
		{"time in year 1", func() model.Pupil { p := ks2Pupil(); p.ID.DOB = date(1, 1, 2); return p }},
		{"time far ahead", func() model.Pupil { p := ks2Pupil(); p.ID.DOB = time.Unix(1<<62, 999999999).UTC(); return p }},
		{"time far back", func() model.Pupil { p := ks2Pupil(); p.ID.DOB = time.Unix(-1<<63, 1).UTC(); return p }},
		{"time local", func() model.Pupil {
			p := ks2Pupil()
			p.ID.DOB = time.Date(2014, 3, 9, 0, 0, 0, 0, time.Local)
			return p
		}},
		{"zero time local", func() model.Pupil { p := ks2Pupil(); p.ID.DOB = time.Time{}.In(time.Local); return p }},
		{"time in a fixed zone", func() model.Pupil {
			p := ks2Pupil()
			p.ID.DOB = time.Date(2014, 3, 9, 0, 0, 0, 0, time.FixedZone("BST", 3600))
			return p
		}},
		{"time in an unnamed zone", func() model.Pupil {
			p := ks2Pupil()
			p.ID.DOB = time.Date(2014, 3, 9, 23, 0, 0, 0, time.FixedZone("", -5*3600-1800))
			return p
		}},
		{"time in a zone named UTC", func() model.Pupil {
			p := ks2Pupil()
			p.ID.DOB = time.Date(2014, 3, 9, 0, 0, 0, 0, time.FixedZone("UTC", 0))
			return p
		}},
	}
	for _, tc := range tests {
		for _, dict := range []bool{false, true} {
			name := tc.name
			if dict {
				name += "/dict"
			}
			t.Run(name, func(t *testing.T) {
				var d *Dict
				if dict {
					d = NewDict(0)
				}
				want := tc.p()
				b := AppendPupil(nil, &want, d)
				var got model.Pupil
				if err := DecodePupil(b, d, &got); err != nil {
					t.Fatalf("decode: %v", err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("round trip (%d bytes):\n got %+v\nwant %+v", len(b), got, want)
				}
				// Bit for bit too: DeepEqual takes -0 for 0.
				if !equalBits(got, want) {
					t.Errorf("round trip not bit-exact:\n got %+v\nwant %+v", got, want)
				}
				if again := AppendPupil(nil, &got, d); string(again) != string(b) {
					t.Errorf("encoding the decoded row gives other bytes:\n got %x\nwant %x", again, b)
				}
				// Every proper prefix is a broken row.
				for n := range len(b) {
					var p model.Pupil
					if err := DecodePupil(b[:n], d, &p); !errors.Is(err, ErrCorrupt) {
						t.Fatalf("decoding %d of %d bytes: err %v, want ErrCorrupt", n, len(b), err)
					}
				}
				if err := DecodePupil(append(b, 0), d, new(model.Pupil)); !errors.Is(err, ErrCorrupt) {
					t.Errorf("decoding with a trailing byte: err %v, want ErrCorrupt", err)
				}
			})
		}
	}
}

// TestFloatBits checks the values DeepEqual cannot: NaN payloads and the
// sign of zero.
func TestFloatBits(t *testing.T) {
	for _, bits := range []uint64{
		0x8000000000000000,   // -0
		0x7ff8000000000001,   // a quiet NaN with a payload
		0xfff0000000000001,   // a negative signalling NaN
		0x0000000000000001,   // the smallest subnormal
		math.Float64bits(-1), // and a plain one
	} {
		f := math.Float64frombits(bits)
		p := model.Pupil{KS2: model.KS2Result{KS1APS: model.Num{V: f, Valid: true}},
			Results: []model.Result{{Values: []model.Value{{Num: f}}}}}
		var got model.Pupil
		if err := DecodePupil(AppendPupil(nil, &p, nil), nil, &got); err != nil {
			t.Fatalf("%#x: %v", bits, err)
		}
		if g := math.Float64bits(got.KS2.KS1APS.V); g != bits {
			t.Errorf("Num %#x came back as %#x", bits, g)
		}
		if g := math.Float64bits(got.Results[0].Values[0].Num); g != bits {
			t.Errorf("Value %#x came back as %#x", bits, g)
		}
	}
}

// TestEmptySlicesComeBackNil documents the one normalisation of slices.
func TestEmptySlicesComeBackNil(t *testing.T) {
	p := model.Pupil{KS4: model.KS4Result{Grades: []model.SubjectGrade{}}, Results: []model.Result{}}
	var got model.Pupil
	if err := DecodePupil(AppendPupil(nil, &p, nil), nil, &got); err != nil {
		t.Fatal(err)
	}
	if got.KS4.Grades != nil || got.Results != nil {
		t.Errorf("got %#v, want nil slices", got)
	}
	p = model.Pupil{Results: []model.Result{{Assessment: "mtc", Values: []model.Value{}}}}
	if err := DecodePupil(AppendPupil(nil, &p, nil), nil, &got); err != nil {
		t.Fatal(err)
	}
	if got.Results[0].Values != nil {
		t.Errorf("got %#v, want nil Values", got.Results[0])
	}
}

// TestEveryFieldRoundTrips fills every field of model.Pupil, found by
// reflection, with a value that is not zero: a field added to the model
// without being encoded comes back zero and fails here.
func TestEveryFieldRoundTrips(t *testing.T) {
	for _, seed := range []uint64{1, 1000, 1 << 40} {
		n := seed
		var want model.Pupil
		fillNonZero(t, reflect.ValueOf(&want).Elem(), "Pupil", &n)
		for _, d := range []*Dict{nil, NewDict(0)} {
			b := AppendPupil(nil, &want, d)
			var got model.Pupil
			if err := DecodePupil(b, d, &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("seed %d, dict %v:\n got %+v\nwant %+v", seed, d != nil, got, want)
			}
			// And each field on its own, so that no other field's value
			// can stand in for one left out.
			checkEachField(t, reflect.ValueOf(&want).Elem(), "Pupil", func() bool {
				var got model.Pupil
				if err := DecodePupil(AppendPupil(nil, &want, d), d, &got); err != nil {
					t.Fatal(err)
				}
				return reflect.DeepEqual(got, want)
			})
		}
	}
}

var timeType = reflect.TypeFor[time.Time]()

// fillNonZero sets every field under v to a value that is not zero, taken
// from the counter *n, and fails on a kind it does not know.
func fillNonZero(t *testing.T, v reflect.Value, path string, n *uint64) {
	t.Helper()
	*n++
	k := *n
	switch {
	case v.Type() == timeType:
		v.Set(reflect.ValueOf(time.Date(2000+int(k%20), time.Month(1+k%12), 1+int(k%28), 0, 0, 0, 0, time.UTC)))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString("s" + string(rune('a'+k%26)) + string(rune(0x4e00+k%100)))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(1 + k%100))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1 + k%200)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(k) + 0.25)
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				t.Fatalf("%s.%s is unexported: teach fillNonZero and the encoder about it", path, f.Name)
			}
			fillNonZero(t, v.Field(i), path+"."+f.Name, n)
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 3, 3)
		for i := range 3 {
			fillNonZero(t, s.Index(i), path+"[]", n)
		}
		v.Set(s)
	default:
		t.Fatalf("%s is a %s: teach fillNonZero and the encoder about it", path, v.Kind())
	}
	if v.IsZero() {
		t.Fatalf("%s is still zero", path)
	}
}

// checkEachField zeroes each leaf under v in turn (v being part of the
// filled pupil) and checks that the pupil still round-trips.
func checkEachField(t *testing.T, v reflect.Value, path string, roundTrips func() bool) {
	t.Helper()
	if v.Kind() == reflect.Struct && v.Type() != timeType {
		for i := range v.NumField() {
			checkEachField(t, v.Field(i), path+"."+v.Type().Field(i).Name, roundTrips)
		}
		return
	}
	if v.Kind() == reflect.Slice {
		for i := range v.Len() {
			checkEachField(t, v.Index(i), path+"[]", roundTrips)
		}
	}
	old := reflect.New(v.Type()).Elem()
	old.Set(v)
	v.SetZero()
	if !roundTrips() {
		t.Errorf("with %s zero the pupil does not round-trip", path)
	}
	v.Set(old)
}

// equalBits is reflect.DeepEqual but comparing floats bit for bit (NaN
// equals the same NaN, -0 differs from 0).
func equalBits(a, b any) bool { return equalBitsV(reflect.ValueOf(a), reflect.ValueOf(b)) }

func equalBitsV(a, b reflect.Value) bool {
	if a.Type() == timeType {
		return reflect.DeepEqual(a.Interface(), b.Interface())
	}
	switch a.Kind() {
	case reflect.Float32, reflect.Float64:
		return math.Float64bits(a.Float()) == math.Float64bits(b.Float())
	case reflect.Struct:
		for i := range a.NumField() {
			if !equalBitsV(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Slice:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !equalBitsV(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a.Interface(), b.Interface())
}

func TestDictLimits(t *testing.T) {
	d := NewDict(2)
	p := ks4Pupil()
	b := AppendPupil(nil, &p, d)
	if d.Len() != 2 {
		t.Errorf("dict holds %d strings, want its limit 2", d.Len())
	}
	var got model.Pupil
	if err := DecodePupil(b, d, &got); err != nil || !reflect.DeepEqual(got, p) {
		t.Fatalf("with a full dict: err %v, got %+v", err, got)
	}
	// A row that refers to the Dict does not decode without it.
	if err := DecodePupil(b, nil, &got); !errors.Is(err, ErrCorrupt) {
		t.Errorf("decoding without the dict: err %v, want ErrCorrupt", err)
	}
}

// TestDictCopies checks that the Dict does not keep a caller's larger
// string alive by interning a piece of it.
func TestDictCopies(t *testing.T) {
	big := string(make([]byte, 1<<20)) + "900001"
	p := model.Pupil{URN: model.URN(big[len(big)-6:])}
	d := NewDict(0)
	AppendPupil(nil, &p, d)
	s := d.strs[0]
	at, lo := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(unsafe.StringData(big)))
	if s != "900001" || at >= lo && at < lo+uintptr(len(big)) {
		t.Errorf("dict holds %q sharing the caller's memory", s)
	}
}

// FuzzRoundTrip builds a pupil from the fuzzer's bytes and checks it
// round-trips bit for bit, with and without a Dict; and decodes the bytes
// themselves as a row, which must fail with an error, not a panic, unless
// they are one (then it must round-trip too).
func FuzzRoundTrip(f *testing.F) {
	for _, p := range []model.Pupil{{}, ks2Pupil(), ks4Pupil(), eyfsPupil(), phonicsPupil()} {
		f.Add(AppendPupil(nil, &p, nil))
	}
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		src := &byteSource{b: data}
		var want model.Pupil
		fillRandom(reflect.ValueOf(&want).Elem(), src)
		d := NewDict(8)
		d.lookup("ks2")
		for _, dict := range []*Dict{nil, d} {
			b := AppendPupil(nil, &want, dict)
			var got model.Pupil
			if err := DecodePupil(b, dict, &got); err != nil {
				t.Fatalf("decode: %v\npupil %+v", err, want)
			}
			if !equalBits(got, want) {
				t.Fatalf("round trip:\n got %+v\nwant %+v", got, want)
			}
		}

		for _, dict := range []*Dict{nil, d} {
			var p model.Pupil
			if err := DecodePupil(data, dict, &p); err != nil {
				if !errors.Is(err, ErrCorrupt) {
					t.Fatalf("error %v does not wrap ErrCorrupt", err)
				}
				if !reflect.DeepEqual(p, model.Pupil{}) {
					t.Fatalf("failed decode left %+v", p)
				}
				continue
			}
			var again model.Pupil
			if err := DecodePupil(AppendPupil(nil, &p, dict), dict, &again); err != nil || !equalBits(again, p) {
				t.Fatalf("decoded row does not round-trip: %v\n got %+v\nwant %+v", err, again, p)
			}
		}
	})
}

// byteSource hands out the fuzzer's bytes, then zeros.
type byteSource struct{ b []byte }

func (s *byteSource) next() uint64 {
	var buf [8]byte
	n := copy(buf[:], s.b)
	s.b = s.b[n:]
	return binary.LittleEndian.Uint64(buf[:])
}

func (s *byteSource) small(n uint64) uint64 {
	if len(s.b) == 0 {
		return 0
	}
	c := uint64(s.b[0])
	s.b = s.b[1:]
	return c % n
}

// fillRandom sets every field under v from src: strings of any bytes,
// any integers, any float bits (often a decimal), times of every kind.
func fillRandom(v reflect.Value, src *byteSource) {
	if v.Type() == timeType {
		var t time.Time
		switch src.small(6) {
		case 1:
			t = time.Unix(int64(src.next()%(1<<40))*secondsPerDay/(1<<20), 0).UTC()
			t = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		case 2:
			t = time.Unix(int64(src.next()), int64(src.next()%1e9)).UTC()
		case 3:
			t = time.Unix(int64(src.next()), int64(src.next()%1e9)).In(time.Local)
		case 4:
			name := string(src.bytes(int(src.small(8))))
			t = time.Unix(int64(src.next()), int64(src.next()%1e9)).In(time.FixedZone(name, int(int32(src.next()))))
		case 5:
			t = time.Time{}.In(time.Local)
		}
		v.Set(reflect.ValueOf(t))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(string(src.bytes(int(src.small(40)))))
	case reflect.Bool:
		v.SetBool(src.small(2) == 1)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(src.next()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(src.next())
	case reflect.Float32, reflect.Float64:
		switch x := src.next(); src.small(3) {
		case 0:
			v.SetFloat(math.Float64frombits(x))
		case 1:
			v.SetFloat(float64(int64(x)>>uint(x&63)) / pow10[x%7])
		}
	case reflect.Struct:
		for i := range v.NumField() {
			fillRandom(v.Field(i), src)
		}
	case reflect.Slice:
		if n := int(src.small(4)); n > 0 {
			s := reflect.MakeSlice(v.Type(), n, n)
			for i := range n {
				fillRandom(s.Index(i), src)
			}
			v.Set(s)
		}
	default:
		panic("fillRandom: unknown kind " + v.Kind().String())
	}
}

func (s *byteSource) bytes(n int) []byte {
	n = min(n, len(s.b))
	b := s.b[:n]
	s.b = s.b[n:]
	return b
}
