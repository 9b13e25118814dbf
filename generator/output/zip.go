package output

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"path"
	"slices"
	"strings"
	"time"
)

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
// each zip without compressing it again: the theme's assets, shared by
// every school's pack.
func Precompress(name string, data []byte) (ZipEntry, error) {
	e := ZipEntry{Name: name, crc: crc32.ChecksumIEEE(data), size: uint64(len(data)), method: methodFor(name)}
	if e.method == zip.Store {
		e.raw = data
		return e, nil
	}
	var buf bytes.Buffer
	fw, err := flate.NewWriter(&buf, flate.BestSpeed) // as WriteZip: the same bytes either way
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

// WriteZip writes a reproducible zip of the entries to w: sorted by name,
// each with ZipTime and fixed permissions, so the same entries always give
// the same bytes. Plain entries are deflated at BestSpeed: a pack is built
// far more often than it is downloaded.
func WriteZip(w io.Writer, entries []ZipEntry) error {
	entries = slices.Clone(entries)
	slices.SortStableFunc(entries, func(a, b ZipEntry) int { return strings.Compare(a.Name, b.Name) })
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
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
