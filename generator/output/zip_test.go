package output

import (
	"archive/zip"
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"
)

// TestWriteZipDatesEveryEntry: entries deflated as the zip is written and
// entries precompressed once (deflated or stored) carry the same date, the
// same timestamp field and their own bytes, and the zip is the same bytes
// every time.
func TestWriteZipDatesEveryEntry(t *testing.T) {
	files := map[string][]byte{
		"900001/index.html":      bytes.Repeat([]byte("<p>page</p>"), 100),
		"900001/measures.csv":    bytes.Repeat([]byte("urn,value\n900001,1.5\n"), 100),
		"900001/measures.xlsx":   []byte("PK\x03\x04 a workbook, stored"),
		"assets/js/tables.js":    []byte("(function () {})();"),
		"assets/css/site.css":    []byte("body { margin: 0 }"),
		"900001/glossary.html":   []byte("<h2>Progress 8</h2>"),
		"900001/scatter-ks4.htm": []byte("plain"),
		"assets/img/café.svg":    []byte("<svg></svg>"),
		"900001/Ünïcode.html":    []byte("<p>deflated as written</p>"),
	}
	var entries []ZipEntry
	for name, data := range files {
		if name == "900001/index.html" || name == "900001/glossary.html" || name == "900001/scatter-ks4.htm" || name == "900001/Ünïcode.html" {
			entries = append(entries, ZipEntry{Name: name, Data: data})
			continue
		}
		e, err := Precompress(name, data)
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, e)
	}
	write := func() []byte {
		var buf bytes.Buffer
		if err := WriteZip(&buf, entries); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	b := write()
	if !bytes.Equal(b, write()) {
		t.Fatal("the same entries gave different zips")
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != len(files) {
		t.Fatalf("%d entries, want %d", len(zr.File), len(files))
	}
	first := zr.File[0]
	for _, f := range zr.File {
		if !f.Modified.Equal(ZipTime) {
			t.Errorf("%s modified %v, want %v", f.Name, f.Modified, ZipTime)
		}
		// As CreateHeader writes them: UTF-8 flagged where the name
		// needs it, made by and needing zip 2.0.
		wantUTF8 := uint16(0)
		if strings.ContainsFunc(f.Name, func(r rune) bool { return r > 0x7d }) {
			wantUTF8 = 0x800
		}
		if f.Flags&0x800 != wantUTF8 || f.ReaderVersion != 20 || f.CreatorVersion&0xff != 20 || f.NonUTF8 {
			t.Errorf("%s: flags %#x, reader version %d, creator version %#x", f.Name, f.Flags, f.ReaderVersion, f.CreatorVersion)
		}
		if f.ModifiedDate != first.ModifiedDate || f.ModifiedTime != first.ModifiedTime || !slices.Equal(f.Extra, first.Extra) {
			t.Errorf("%s: date %#x time %#x extra %x; %s: %#x %#x %x", f.Name, f.ModifiedDate, f.ModifiedTime, f.Extra,
				first.Name, first.ModifiedDate, first.ModifiedTime, first.Extra)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if !bytes.Equal(got, files[f.Name]) {
			t.Errorf("%s holds %q, want %q", f.Name, got, files[f.Name])
		}
	}
}

// TestPrecompressSmallest: assets deflated at best compression read back as
// their bytes, are never larger than Precompress makes them, and are
// smaller for text like a minified script's; stored names stay stored.
func TestPrecompressSmallest(t *testing.T) {
	words := strings.Fields("function return var this null typeof prototype length push call apply undefined series option axis")
	var js strings.Builder
	for i := 0; js.Len() < 200_000; i++ {
		js.WriteString(words[(i*7+i/13)%len(words)])
		js.WriteString([]string{"(", ")", ";", ".", ",", "{", "}"}[i%7])
	}
	for _, tc := range []struct {
		name    string
		data    []byte
		smaller bool // must be strictly smaller than Precompress's
	}{
		{"assets/js/echarts/echarts.min.js", []byte(js.String()), true},
		{"assets/css/site.css", bytes.Repeat([]byte("body { margin: 0 }\n"), 50), false},
		{"assets/empty.js", nil, false},
		{"assets/book.xlsx", []byte("PK\x03\x04 stored as it is"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fast, err := Precompress(tc.name, tc.data)
			if err != nil {
				t.Fatal(err)
			}
			small, err := PrecompressSmallest(tc.name, tc.data)
			if err != nil {
				t.Fatal(err)
			}
			if small.method != fast.method {
				t.Errorf("method %d, Precompress's %d", small.method, fast.method)
			}
			if len(small.raw) > len(fast.raw) || (tc.smaller && len(small.raw) >= len(fast.raw)) {
				t.Errorf("%d bytes, Precompress's %d", len(small.raw), len(fast.raw))
			}
			var buf bytes.Buffer
			if err := WriteZip(&buf, []ZipEntry{small}); err != nil {
				t.Fatal(err)
			}
			zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
			if err != nil {
				t.Fatal(err)
			}
			rc, err := zr.File[0].Open()
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(rc) // checks the CRC too
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tc.data) {
				t.Errorf("read back %d bytes, want %d", len(got), len(tc.data))
			}
		})
	}
}
