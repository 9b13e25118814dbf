package output

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// fileSystem is what publishing a build does to the disk, replaceable in
// tests so that Windows' behaviour (a rename refused while Excel holds a
// file open, an old copy that will not go) can be played anywhere.
type fileSystem struct {
	rename    func(oldpath, newpath string) error
	removeAll func(path string) error
	exchange  func(a, b string) error // atomic swap of two folders, or an error
	// busy reports whether err is another program holding a file open
	// (on Windows: a sharing, lock or access violation), worth waiting for.
	busy func(err error) bool
	// holders lists at most max files or folders under root (root
	// included) that another program holds open, as paths under root.
	holders func(root string, max int) []string
	sleep   func(time.Duration)
	now     func() time.Time
}

var osFileSystem = fileSystem{
	rename:    os.Rename,
	removeAll: os.RemoveAll,
	exchange:  exchange,
	busy:      isBusy,
	holders:   findHolders,
	sleep:     time.Sleep,
	now:       time.Now,
}

// retryDelays are the waits between tries of an operation another program
// blocks: about two seconds in all, enough for a virus scanner or a search
// indexer to let go, short enough not to hang on Excel.
var retryDelays = []time.Duration{
	10 * time.Millisecond, 20 * time.Millisecond, 40 * time.Millisecond,
	80 * time.Millisecond, 160 * time.Millisecond, 320 * time.Millisecond,
	500 * time.Millisecond, 500 * time.Millisecond, 500 * time.Millisecond,
}

// maxHolders is how many open files an error names.
const maxHolders = 3

// retry runs op, and again after each of retryDelays while it fails because
// another program holds a file open.
func (f *fileSystem) retry(op func() error) error {
	err := op()
	for _, d := range retryDelays {
		if err == nil || !f.busy(err) {
			return err
		}
		f.sleep(d)
		err = op()
	}
	return err
}

// BusyError is a failure to publish a build because another program holds
// a file or folder of the public folder open.
type BusyError struct {
	Public  string   // the public folder that could not be replaced
	Holders []string // what is held open, when it could be found
	Err     error    // the rename's error
}

func (e *BusyError) Error() string {
	if len(e.Holders) == 0 {
		return fmt.Sprintf("cannot replace %s: %v; a file in it is probably open in another program "+
			"(such as Excel, or a window whose current folder is inside it): close it, then build again (%s is as it was)",
			e.Public, e.Err, e.Public)
	}
	them := "it"
	if len(e.Holders) > 1 {
		them = "them"
	}
	return fmt.Sprintf("%s %s open in another program, such as Excel: close %s, then build again (%s is as it was)",
		strings.Join(e.Holders, ", "), isAre(len(e.Holders)), them, e.Public)
}

func (e *BusyError) Unwrap() error { return e.Err }

// busyError explains err, a failure to rename public, naming what holds
// it open when another program does.
func (f *fileSystem) busyError(public string, err error) error {
	if !f.busy(err) {
		return err
	}
	return &BusyError{Public: public, Holders: f.holders(public, maxHolders), Err: err}
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}
