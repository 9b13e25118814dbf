// Package output writes a build's files. A build writes through a Writer:
// to a staging folder that is swapped in over public/ only when the whole
// build succeeded (Stage), or to memory (Mem) for watch mode and tests.
package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// Writer receives a build's files by slash path relative to the output root.
// Implementations are safe for concurrent use and, like io.Writer's, must
// not keep data once WriteFile returns: the caller may reuse it.
type Writer interface {
	WriteFile(name string, data []byte) error
}

// Mem is an in-memory Writer.
type Mem struct {
	mu    sync.Mutex
	files map[string][]byte
}

// NewMem returns an empty in-memory output.
func NewMem() *Mem { return &Mem{files: map[string][]byte{}} }

// WriteFile stores a copy of data under name.
func (m *Mem) WriteFile(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[name] = slices.Clone(data)
	return nil
}

// File returns a file's bytes.
func (m *Mem) File(name string) ([]byte, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.files[name]
	return b, ok
}

// Names lists every file, sorted.
func (m *Mem) Names() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	names := make([]string, 0, len(m.files))
	for n := range m.files {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// A Linker is a Writer that can write a file with the same bytes as one it
// wrote earlier without writing them again: on disk, a hard link. Profiles
// that share a suppression threshold hold the same exports, hundreds of
// megabytes for an LA.
type Linker interface {
	Writer
	// LinkFile writes name with the bytes of existing, which this writer
	// wrote earlier in the build. data are those bytes, for a writer that
	// has to see or copy them. The two may then share storage, so neither
	// is written again.
	LinkFile(name, existing string, data []byte) error
}

// WriteSame writes data as name, where data are the bytes already written
// as existing: linked when w can link, else written again.
func WriteSame(w Writer, name, existing string, data []byte) error {
	if l, ok := w.(Linker); ok {
		return l.LinkFile(name, existing, data)
	}
	return w.WriteFile(name, data)
}

// Dir writes files under a folder on disk.
type Dir struct {
	Root string
	*dirState
}

// dirState is what a Dir made with NewDir remembers. nil (a Dir literal)
// remembers nothing: every file makes its folder, and nothing is linked.
type dirState struct {
	made   sync.Map // folders made so far
	linked sync.Map // files made by LinkFile, sharing another file's bytes
}

// NewDir returns a Dir that makes each folder once, not once per file (a
// build writes thousands of files into a few hundred folders), and that
// links files for LinkFile.
func NewDir(root string) Dir { return Dir{Root: root, dirState: new(dirState)} }

// WriteFile writes data to Root/name, making folders as needed.
func (d Dir) WriteFile(name string, data []byte) error {
	p, err := d.prepare(name)
	if err != nil {
		return err
	}
	if d.dirState != nil {
		if _, ok := d.linked.LoadAndDelete(p); ok {
			// Writing through the link would change the file it shares
			// bytes with too.
			if err := os.Remove(p); err != nil {
				return err
			}
		}
	}
	return os.WriteFile(p, data, 0o644)
}

// LinkFile hard-links Root/name to Root/existing. Where it cannot (a Dir
// literal, a file system without hard links, existing gone) it writes data
// instead.
func (d Dir) LinkFile(name, existing string, data []byte) error {
	if d.dirState == nil || checkName(existing) != nil {
		return d.WriteFile(name, data)
	}
	p, err := d.prepare(name)
	if err != nil {
		return err
	}
	os.Remove(p) // a file written before under name is replaced, not changed
	if os.Link(filepath.Join(d.Root, filepath.FromSlash(existing)), p) != nil {
		return d.WriteFile(name, data)
	}
	d.linked.Store(p, true)
	return nil
}

// prepare checks name and makes its folder, returning its path on disk.
func (d Dir) prepare(name string) (string, error) {
	if err := checkName(name); err != nil {
		return "", err
	}
	p := filepath.Join(d.Root, filepath.FromSlash(name))
	dir := filepath.Dir(p)
	if d.dirState != nil {
		if _, ok := d.made.Load(dir); ok {
			return p, nil
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if d.dirState != nil {
		d.made.Store(dir, true)
	}
	return p, nil
}

// checkName refuses paths that would leave the output root: a theme or a
// URN must never write outside public/.
func checkName(name string) error {
	if !fs.ValidPath(name) || name == "." || strings.Contains(name, `\`) {
		return fmt.Errorf("output: invalid file name %q", name)
	}
	return nil
}

const (
	stagingPrefix = ".reportpack-staging-"
	oldPrefix     = ".reportpack-old-"
)

// Stage is a build in progress into a staging folder beside the public
// folder. Nothing under public/ changes until Commit.
type Stage struct {
	public  string // the folder being replaced, e.g. site/public
	staging string
	Dir
}

// Begin starts a staged build that will replace public. It first tidies up
// after a build that was killed mid-way: a leftover staging folder is
// removed, and if public is missing while an old copy survives, the old
// copy is put back.
func Begin(public string) (*Stage, error) {
	public = filepath.Clean(public)
	parent := filepath.Dir(public)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	recoverInterrupted(public)
	staging, err := os.MkdirTemp(parent, stagingPrefix)
	if err != nil {
		return nil, fmt.Errorf("cannot make a staging folder beside %s: %w", public, err)
	}
	return &Stage{public: public, staging: staging, Dir: NewDir(staging)}, nil
}

func recoverInterrupted(public string) {
	parent := filepath.Dir(public)
	entries, _ := os.ReadDir(parent)
	_, errPublic := os.Stat(public)
	for _, e := range entries {
		p := filepath.Join(parent, e.Name())
		switch {
		case strings.HasPrefix(e.Name(), stagingPrefix):
			os.RemoveAll(p)
		case strings.HasPrefix(e.Name(), oldPrefix+filepath.Base(public)):
			if errors.Is(errPublic, fs.ErrNotExist) {
				if os.Rename(p, public) == nil {
					errPublic = nil
					continue
				}
			}
			os.RemoveAll(p)
		}
	}
}

// Abort removes the staging folder and leaves public as it was.
func (s *Stage) Abort() error { return os.RemoveAll(s.staging) }

// Commit swaps the staging folder in as public. rebuilt lists the slash
// paths (folders or files, relative to public) this build replaces, such as
// "named" or "zips/named": everything else already in public is carried
// over unchanged, so building one profile keeps the others. The old files
// are hard-linked (or copied) into staging before the swap, so a crash at
// any point leaves either the old or the new public whole.
func (s *Stage) Commit(rebuilt []string) error {
	if err := carryOver(s.public, s.staging, rebuilt); err != nil {
		s.Abort()
		return fmt.Errorf("keeping the rest of %s: %w", s.public, err)
	}
	if _, err := os.Stat(s.public); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(s.staging, s.public)
	}
	if err := exchange(s.staging, s.public); err == nil {
		return os.RemoveAll(s.staging) // now holds the old public
	}
	// No atomic exchange here: two renames, recoverable by Begin.
	old := filepath.Join(filepath.Dir(s.public), oldPrefix+filepath.Base(s.public))
	os.RemoveAll(old)
	if err := os.Rename(s.public, old); err != nil {
		s.Abort()
		return err
	}
	if err := os.Rename(s.staging, s.public); err != nil {
		os.Rename(old, s.public)
		return err
	}
	return os.RemoveAll(old)
}

// carryOver links every file of public that is not under a rebuilt path
// into staging.
func carryOver(public, staging string, rebuilt []string) error {
	if _, err := os.Stat(public); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	replaced := func(rel string) bool {
		return slices.ContainsFunc(rebuilt, func(r string) bool {
			return rel == r || strings.HasPrefix(rel, r+"/")
		})
	}
	return filepath.WalkDir(public, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(public, p)
		rel = filepath.ToSlash(rel)
		if rel == "." {
			return nil
		}
		if replaced(rel) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		dst := filepath.Join(staging, filepath.FromSlash(rel))
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		if _, err := os.Lstat(dst); err == nil {
			return nil // the new build wrote this file
		}
		if os.Link(p, dst) == nil {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
}
