package output

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"io"
	"path"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	// klauspost's deflate at level 1 is two to three times as fast as the
	// standard library's BestSpeed on our pages and CSVs, with smaller
	// output; a 500-school build deflates over a gigabyte for its zips.
	"github.com/klauspost/compress/flate"
)

// level is the deflate level of every zip entry: the fastest. A pack is
// built far more often than it is downloaded.
const level = flate.BestSpeed

// deflaters reuses deflate writers: each holds over half a megabyte of
// tables, and a build makes thousands of zip entries.
var deflaters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, level) // never fails at a valid level
	return w
}}

// pooledDeflater returns its writer to the pool when closed.
type pooledDeflater struct{ *flate.Writer }

func (d *pooledDeflater) Close() error {
	err := d.Writer.Close()
	deflaters.Put(d.Writer)
	d.Writer = nil
	return err
}

func newDeflater(w io.Writer) *pooledDeflater {
	fw := deflaters.Get().(*flate.Writer)
	fw.Reset(w)
	return &pooledDeflater{fw}
}

// ZipTime is the modification time of every entry of a zip this package
// writes: a fixed time, so that the same files give the same bytes.
var ZipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// ZipEntry is one file for a zip: either its plain bytes, compressed when
// the zip is written, or bytes compressed once by Precompress and reused
// as they are in every zip that holds them.
type ZipEntry struct {
	Name string // slash path inside the zip
	Data []byte // plain bytes; nil when the entry is precompressed

	raw    []byte // deflated bytes, from Precompress
	crc    uint32
	size   uint64
	method uint16
}

// Precompress deflates data once into an entry that WriteZip copies into
// each zip without compressing it again, at the level WriteZip uses (the
// same bytes either way): a school's measures.csv, shared by the zips of
// the profiles that share its figures.
func Precompress(name string, data []byte) (ZipEntry, error) {
	return precompress(name, data, func(w io.Writer) (io.WriteCloser, error) { return newDeflater(w), nil })
}

// PrecompressSmallest is Precompress at deflate's best compression, for
// bytes compressed once for a whole build and copied into every zip: the
// theme's assets. ECharts' script, two fifths of a pack, deflates to 331
// KB rather than 398 KB, for 44 ms once.
func PrecompressSmallest(name string, data []byte) (ZipEntry, error) {
	return precompress(name, data, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestCompression) })
}

func precompress(name string, data []byte, deflater func(io.Writer) (io.WriteCloser, error)) (ZipEntry, error) {
	e := ZipEntry{Name: name, crc: crc32.ChecksumIEEE(data), size: uint64(len(data)), method: methodFor(name)}
	if e.method == zip.Store {
		e.raw = data
		return e, nil
	}
	var buf bytes.Buffer
	buf.Grow(len(data)/4 + 64) // pages and CSVs deflate to a fifth or less
	fw, err := deflater(&buf)
	if err != nil {
		return e, err
	}
	if _, err := fw.Write(data); err != nil {
		return e, err
	}
	if err := fw.Close(); err != nil {
		return e, err
	}
	e.raw = buf.Bytes()
	return e, nil
}

// methodFor stores files that are compressed already (an XLSX workbook is
// a zip): deflating them again costs time and saves nothing.
func methodFor(name string) uint16 {
	switch path.Ext(name) {
	case ".xlsx", ".zip", ".png", ".jpg", ".gz":
		return zip.Store
	}
	return zip.Deflate
}

// ZipSizeHint guesses the size of the zip of entries, to size its buffer:
// precompressed entries as they are, plain ones deflated to a fifth, as
// pages and CSVs are, and a few hundred bytes of headers each.
func ZipSizeHint(entries []ZipEntry) int {
	n := 22
	for _, e := range entries {
		n += 2*len(e.Name) + 100
		if e.raw != nil {
			n += len(e.raw)
		} else {
			n += len(e.Data) / 5
		}
	}
	return n
}

// WriteZip writes a reproducible zip of the entries to w: sorted by name,
// each with ZipTime and fixed permissions, so the same entries always give
// the same bytes. Plain entries are deflated at the fastest level.
func WriteZip(w io.Writer, entries []ZipEntry) error {
	entries = slices.Clone(entries)
	slices.SortStableFunc(entries, func(a, b ZipEntry) int { return strings.Compare(a.Name, b.Name) })
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return newDeflater(out), nil
	})
	for i, e := range entries {
		if i > 0 && entries[i-1].Name == e.Name {
			continue // written once, like a file written twice to a folder
		}
		if err := checkName(e.Name); err != nil {
			return err
		}
		h := &zip.FileHeader{Name: e.Name, Modified: ZipTime}
		h.SetMode(0o644)
		if e.raw != nil {
			rawHeader(h)
			h.Method, h.CRC32 = e.method, e.crc
			h.CompressedSize64, h.UncompressedSize64 = uint64(len(e.raw)), e.size
			fw, err := zw.CreateRaw(h)
			if err != nil {
				return err
			}
			if _, err := fw.Write(e.raw); err != nil {
				return err
			}
			continue
		}
		h.Method = methodFor(e.Name)
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := fw.Write(e.Data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// rawHeader fills in what CreateHeader would for h and CreateRaw writes
// as given: left unset, an entry is dated 1980-00-00, which is no date,
// says it needs zip version 0.0, and a non-ASCII name is not flagged as
// UTF-8. The time fields come from h.Modified (whole seconds, 1980 to
// 2107).
func rawHeader(h *zip.FileHeader) {
	h.Flags |= UTF8Flag(h.Name)
	h.CreatorVersion = h.CreatorVersion&0xff00 | 20
	h.ReaderVersion = 20
	t := h.Modified
	h.ModifiedDate = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	h.ModifiedTime = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	// Extended timestamp (0x5455): flags 1 (mtime), then the Unix time.
	ext := []byte{0x55, 0x54, 5, 0, 1, 0, 0, 0, 0}
	binary.LittleEndian.PutUint32(ext[5:], uint32(t.Unix()))
	h.Extra = append(h.Extra, ext...)
}

// UTF8Flag is the general-purpose flag bit zip.Writer.CreateHeader sets
// for name: UTF-8 only where the name is valid UTF-8 outside the ASCII
// that CP-437 readers agree on. For headers written with CreateRaw.
func UTF8Flag(name string) uint16 {
	if utf8.ValidString(name) && strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r > 0x7d || r == '\\' }) {
		return 0x800
	}
	return 0
}
