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
	"time"
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
	// oldStamp dates an old copy's name, so that the newest sorts last.
	oldStamp = "20060102T150405.000000000Z"
)

// Stage is a build in progress into a staging folder beside the public
// folder. Nothing under public/ changes until Commit.
type Stage struct {
	public  string // the folder being replaced, e.g. site/public
	staging string
	Dir
	// Warn receives what went wrong after the build was published (an old
	// copy that could not be deleted): a warning, not a failed build.
	// When nil, warnings are printed to standard error.
	Warn func(msg string)
	fs   *fileSystem // nil: the real one
}

// Begin starts a staged build that will replace public. It first tidies up
// after a build that was killed mid-way: a leftover staging folder is
// removed, and if public is missing while an old copy survives, the newest
// old copy is put back.
func Begin(public string) (*Stage, error) {
	public = filepath.Clean(public)
	parent := filepath.Dir(public)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	recoverInterrupted(public)
	staging, err := os.MkdirTemp(parent, stagingPrefix+filepath.Base(public)+"-")
	if err != nil {
		return nil, fmt.Errorf("cannot make a staging folder beside %s: %w", public, err)
	}
	return &Stage{public: public, staging: staging, Dir: NewDir(staging)}, nil
}

// recoverInterrupted removes what earlier builds into public left beside
// it: staging folders, and old copies (the newest is put back first when
// public is missing). Folders of builds into a sibling folder ("public2",
// a shard's "2" beside "1") are left alone: that build may be running.
func recoverInterrupted(public string) {
	parent, base := filepath.Split(public)
	entries, _ := os.ReadDir(filepath.Clean(parent))
	var olds []string
	for _, e := range entries {
		name := e.Name()
		p := filepath.Join(parent, name)
		switch {
		case isStaging(name, base):
			os.RemoveAll(p)
		case isOld(name, base):
			olds = append(olds, name)
		}
	}
	// The legacy name (no date) is the oldest; the dates sort in time order.
	slices.Sort(olds)
	if _, err := os.Stat(public); errors.Is(err, fs.ErrNotExist) && len(olds) > 0 {
		if os.Rename(filepath.Join(parent, olds[len(olds)-1]), public) == nil {
			olds = olds[:len(olds)-1]
		}
	}
	for _, name := range olds {
		os.RemoveAll(filepath.Join(parent, name))
	}
}

// isStaging reports whether name is a staging folder of a build into base:
// ".reportpack-staging-public-123456", or a name without base made by an
// earlier reportpack (".reportpack-staging-123456").
func isStaging(name, base string) bool {
	rest, ok := strings.CutPrefix(name, stagingPrefix)
	if !ok {
		return false
	}
	if r, ok := strings.CutPrefix(rest, base+"-"); ok && digits(r) {
		return true
	}
	return digits(rest)
}

// isOld reports whether name is an old copy of base: ".reportpack-old-public"
// or ".reportpack-old-public-20260102T150405.000000000Z".
func isOld(name, base string) bool {
	rest, ok := strings.CutPrefix(name, oldPrefix+base)
	if !ok {
		return false
	}
	if rest == "" {
		return true
	}
	stamp, ok := strings.CutPrefix(rest, "-")
	if !ok {
		return false
	}
	_, err := time.Parse(oldStamp, stamp)
	return err == nil
}

func digits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// Abort removes the staging folder and leaves public as it was.
func (s *Stage) Abort() error { return os.RemoveAll(s.staging) }

// Commit swaps the staging folder in as public. rebuilt lists the slash
// paths (folders or files, relative to public) this build replaces, such as
// "named" or "zips/named": everything else already in public is carried
// over unchanged, so building one profile keeps the others. The old files
// are hard-linked (or copied) into staging before the swap, so a crash at
// any point leaves either the old or the new public whole.
//
// Where there is no atomic exchange (Windows, macOS) the swap is two
// renames. Another program holding a file open (Excel, on Windows) makes
// the first fail: Commit tries again for about two seconds, then returns a
// *BusyError naming the file, with public as it was. Once the new public
// is in place, the build is published: failing to delete the old copy is a
// warning (Warn), not an error, and the next Begin deletes it.
func (s *Stage) Commit(rebuilt []string) error {
	fsys := s.fsys()
	if err := carryOver(s.public, s.staging, rebuilt); err != nil {
		s.Abort()
		return fmt.Errorf("keeping the rest of %s: %w", s.public, err)
	}
	if _, err := os.Stat(s.public); errors.Is(err, fs.ErrNotExist) {
		if err := fsys.retry(func() error { return fsys.rename(s.staging, s.public) }); err != nil {
			s.Abort()
			return fmt.Errorf("cannot move the new build into place: %w", err)
		}
		return nil
	}
	if err := fsys.exchange(s.staging, s.public); err == nil {
		s.removeOld(s.staging) // now holds the old public
		return nil
	}
	// No atomic exchange here: two renames, recoverable by Begin.
	old := filepath.Join(filepath.Dir(s.public), oldPrefix+filepath.Base(s.public)+"-"+fsys.now().UTC().Format(oldStamp))
	if err := fsys.retry(func() error { return fsys.rename(s.public, old) }); err != nil {
		s.Abort()
		return fsys.busyError(s.public, err)
	}
	if err := fsys.retry(func() error { return fsys.rename(s.staging, s.public) }); err != nil {
		if fsys.retry(func() error { return fsys.rename(old, s.public) }) != nil {
			// Begin puts the old copy back before the next build.
			return fmt.Errorf("%w (the previous %s is in %s, and the next build puts it back)", err, s.public, old)
		}
		s.Abort()
		return fmt.Errorf("cannot move the new build into place: %w (%s is as it was)", err, s.public)
	}
	s.removeOld(old)
	return nil
}

// removeOld deletes the previous public after the new one is in place,
// warning when it cannot.
func (s *Stage) removeOld(old string) {
	fsys := s.fsys()
	err := fsys.retry(func() error { return fsys.removeAll(old) })
	if err == nil {
		return
	}
	msg := fmt.Sprintf("the build was published to %s, but its previous copy could not be deleted: %v", s.public, err)
	if held := fsys.holders(old, maxHolders); len(held) > 0 {
		msg += fmt.Sprintf(" (%s %s open in another program)", strings.Join(held, ", "), isAre(len(held)))
	}
	msg += fmt.Sprintf("; the next build deletes %s, or delete it yourself", old)
	if s.Warn != nil {
		s.Warn(msg)
		return
	}
	fmt.Fprintln(os.Stderr, "warning: "+msg)
}

func (s *Stage) fsys() *fileSystem {
	if s.fs != nil {
		return s.fs
	}
	return &osFileSystem
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
