package verify

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/reportpack/reportpack/generator/model"
)

func pupil(fore, sur, upn string, dob time.Time) model.Pupil {
	return model.Pupil{ID: model.Identity{Forename: fore, Surname: sur, UPN: upn, DOB: dob},
		Src: model.Source{File: "data/pupils.xlsx", Row: 7}}
}

var pupils = []model.Pupil{
	pupil("Zoë", "O'Brien-Smith", "A123456789012", time.Date(2009, 3, 14, 0, 0, 0, 0, time.UTC)),
	pupil("</script><b>x", "Quill", "", time.Time{}),
	pupil("Ann", "Lee", "", time.Time{}),
}

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestBytes(t *testing.T) {
	c := New(pupils)
	cases := []struct {
		name string
		in   string
		want []string // kinds found, in order
	}{
		{"plain", "Pupil: Zoë O'Brien-Smith scored", []string{"name"}},
		{"surname first", "O'Brien-Smith, Zoë", []string{"name"}},
		{"upper case", "ZOË O'BRIEN-SMITH", []string{"name"}},
		{"html entities", "Zo&euml; O&#39;Brien-Smith", []string{"name"}},
		{"html apostrophe", "Zoë O&#x27;Brien-Smith", []string{"name"}},
		{"json escapes", `{"name":"Zo\u00eb O\u0027Brien-Smith"}`, []string{"name"}},
		{"decomposed accent", "Zoe\u0308 O'Brien-Smith", []string{"name"}},
		{"non-breaking space", "Zoë\u00a0O'Brien-Smith", []string{"name"}},
		{"hostile name escaped", "Quill, &lt;/script&gt;&lt;b&gt;x", []string{"name"}},
		{"hostile name js", `"\u003c/script\u003e\u003cb\u003ex Quill"`, []string{"name"}},
		{"upn", "row A123456789012,", []string{"UPN"}},
		{"upn lower", "a123456789012", []string{"UPN"}},
		{"dob iso", "born 2009-03-14.", []string{"date of birth"}},
		{"dob uk", "14/03/2009", []string{"date of birth"}},
		{"short name", "Lee, Ann", []string{"name"}},
		{"inside a longer word", "Ann Leeds", []string{"warning"}}, // Ann alone
		{"prefix of a longer word", "xAnn Lee", nil},
		{"other date", "2009-03-15", nil},
		{"forename alone", "Zoë went home", []string{"warning"}},
		{"clean", "Progress 8 score 0.27 (0.00 to 0.53)", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := c.Bytes("f.html", []byte(tc.in))
			if len(got) != len(tc.want) {
				t.Fatalf("%q: found %v, want kinds %v", tc.in, got, tc.want)
			}
			for i, f := range got {
				if f.Warn {
					f.Kind = "warning"
				}
				if f.Kind != tc.want[i] {
					t.Errorf("finding %d is a %s, want %s", i, f.Kind, tc.want[i])
				}
				if f.File != "f.html" || f.Pupil != "data/pupils.xlsx row 7" {
					t.Errorf("finding %d: file %q, pupil %q", i, f.File, f.Pupil)
				}
			}
		})
	}
}

// Workbooks and zipped packs are zips: their members are scanned, and a
// finding names the member.
func TestZipMembers(t *testing.T) {
	c := New(pupils)
	inner := zipOf(t, map[string]string{"xl/sharedStrings.xml": "<si><t>O'Brien-Smith, Zoë</t></si>"})
	outer := zipOf(t, map[string]string{"900001/measures.xlsx": string(inner), "900001/index.html": "clean"})
	got := c.Bytes("zips/anonymised/900001.zip", outer)
	if len(got) != 1 || got[0].File != "zips/anonymised/900001.zip!900001/measures.xlsx!xl/sharedStrings.xml" {
		t.Fatalf("got %v", got)
	}
	// A broken archive is scanned as raw bytes rather than passed.
	broken := append([]byte("PK\x03\x04 garbage "), []byte("Zoë O'Brien-Smith")...)
	if got := c.Bytes("bad.zip", broken); len(got) != 1 {
		t.Fatalf("broken zip: got %v", got)
	}
}

// A damaged member is scanned as far as it can be read, not passed over:
// a bad checksum, or a compression method no reader knows.
func TestDamagedZipMembers(t *testing.T) {
	c := New(pupils)
	const body = "<p>Zoë O'Brien-Smith</p>"
	store := func(method uint16, crc uint32) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		h := &zip.FileHeader{Name: "index.html", Method: method, CRC32: crc,
			CompressedSize64: uint64(len(body)), UncompressedSize64: uint64(len(body))}
		w, err := zw.CreateRaw(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	for name, b := range map[string][]byte{
		"bad checksum":   store(zip.Store, 12345),
		"unknown method": store(99, 0),
	} {
		if got := c.Bytes("pack.zip", b); len(got) != 1 || got[0].File != "pack.zip!index.html" {
			t.Errorf("%s: got %v", name, got)
		}
	}
}

func TestFS(t *testing.T) {
	c := New(pupils)
	fsys := fstest.MapFS{
		"anonymised/index.html":           {Data: []byte("<p>clean</p>")},
		"anonymised/assets/js/x.js":       {Data: []byte("var n = 'A123456789012';")},
		"anonymised/900001/measures.csv":  {Data: []byte("urn,year\n900001,2025\n")},
		"anonymised/900001/glossary.html": {Data: []byte("Lee,  Ann")},
	}
	got, err := c.FS(fsys, ".")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].File != "anonymised/900001/glossary.html" || got[1].File != "anonymised/assets/js/x.js" {
		t.Fatalf("got %v", got)
	}
}

func FuzzBytes(f *testing.F) {
	f.Add([]byte("Zoë O'Brien-Smith"), "Zoë", "O'Brien-Smith")
	f.Add([]byte("PK\x03\x04"), "a", "b")
	f.Fuzz(func(t *testing.T, b []byte, fore, sur string) {
		c := New([]model.Pupil{pupil(fore, sur, "", time.Time{})})
		c.Bytes("f", b) // must not panic
		// A name long enough to check is always found in its own words.
		fore, sur = strings.TrimSpace(fore), strings.TrimSpace(sur)
		full := fore + " " + sur
		switch {
		case blankName(fore) && blankName(sur):
			return
		case blankName(fore):
			full = sur
		case blankName(sur):
			full = fore
		}
		n := normalise(full)
		hasWord := false
		for range wordSpans(n) {
			hasWord = true
			break
		}
		long := len(canonWords(nil, []byte(n), 0)) >= minNameLen
		if full == fore || full == sur {
			long = letters([]byte(n)) >= minOneNameLetters
		}
		if long && hasWord && n == normalise(n) {
			if got := c.Bytes("f", []byte(" "+full+" ")); len(got) == 0 {
				t.Errorf("name %q not found in itself", full)
			}
		}
	})
}
