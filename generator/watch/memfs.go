package watch

import (
	"bytes"
	"io"
	"io/fs"
	"path"
	"slices"
	"time"

	"github.com/reportpack/reportpack/generator/output"
)

// MemSnapshot returns the files of m as a read-only Snapshot. It takes the
// file list once: later writes to m do not show in the snapshot. Folders
// are implied by the file paths, as in a zip archive.
func MemSnapshot(m *output.Mem) Snapshot {
	s := &memFS{files: map[string][]byte{}, dirs: map[string][]string{".": nil}}
	for _, name := range m.Names() {
		// Mem replaces a file's bytes rather than changing them, so sharing them is safe.
		b, _ := m.File(name)
		s.files[name] = b
		for child := name; child != "."; {
			dir := path.Dir(child)
			_, seen := s.dirs[dir]
			s.dirs[dir] = append(s.dirs[dir], path.Base(child))
			if seen {
				break // dir's own parents are already recorded
			}
			child = dir
		}
	}
	for _, names := range s.dirs {
		slices.Sort(names)
	}
	return s
}

// memFS is a read-only file system over a finished build's files.
type memFS struct {
	files map[string][]byte
	dirs  map[string][]string // folder -> its entries' names, sorted
}

var (
	_ fs.ReadFileFS = (*memFS)(nil)
	_ fs.StatFS     = (*memFS)(nil)
	_ fs.ReadDirFS  = (*memFS)(nil)
)

func (m *memFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if b, ok := m.files[name]; ok {
		return &memFile{info: fileInfo{name: path.Base(name), size: int64(len(b))}, r: bytes.NewReader(b)}, nil
	}
	if _, ok := m.dirs[name]; ok {
		entries, _ := m.ReadDir(name)
		return &memDir{info: fileInfo{name: path.Base(name), dir: true}, entries: entries}, nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// ReadFile returns a copy, as fs.ReadFileFS requires: callers may change it.
func (m *memFS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
	}
	b, ok := m.files[name]
	if !ok {
		err := fs.ErrNotExist
		if _, dir := m.dirs[name]; dir {
			err = fs.ErrInvalid
		}
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: err}
	}
	return slices.Clone(b), nil
}

func (m *memFS) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	if b, ok := m.files[name]; ok {
		return fileInfo{name: path.Base(name), size: int64(len(b))}, nil
	}
	if _, ok := m.dirs[name]; ok {
		return fileInfo{name: path.Base(name), dir: true}, nil
	}
	return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
}

func (m *memFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	names, ok := m.dirs[name]
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	entries := make([]fs.DirEntry, len(names))
	for i, n := range names {
		info, _ := m.Stat(path.Join(name, n))
		entries[i] = fs.FileInfoToDirEntry(info)
	}
	return entries, nil
}

type fileInfo struct {
	name string
	size int64
	dir  bool
}

func (fi fileInfo) Name() string       { return fi.name }
func (fi fileInfo) Size() int64        { return fi.size }
func (fi fileInfo) ModTime() time.Time { return time.Time{} }
func (fi fileInfo) IsDir() bool        { return fi.dir }
func (fi fileInfo) Sys() any           { return nil }
func (fi fileInfo) Mode() fs.FileMode {
	if fi.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}

// memFile is an open file; it can seek, so http.ServeContent can use it.
type memFile struct {
	info fileInfo
	r    *bytes.Reader
}

func (f *memFile) Stat() (fs.FileInfo, error)                   { return f.info, nil }
func (f *memFile) Read(p []byte) (int, error)                   { return f.r.Read(p) }
func (f *memFile) Seek(offset int64, whence int) (int64, error) { return f.r.Seek(offset, whence) }
func (f *memFile) ReadAt(p []byte, off int64) (int, error)      { return f.r.ReadAt(p, off) }
func (f *memFile) Close() error                                 { return nil }

// memDir is an open folder.
type memDir struct {
	info    fileInfo
	entries []fs.DirEntry
	off     int
}

func (d *memDir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *memDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.name, Err: fs.ErrInvalid}
}
func (d *memDir) Close() error { return nil }

// ReadDir follows fs.ReadDirFile: n > 0 reads in batches and reports io.EOF at the end.
func (d *memDir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n <= 0 {
		d.off = len(d.entries)
		return slices.Clone(rest), nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(rest))
	d.off += n
	return slices.Clone(rest[:n]), nil
}
