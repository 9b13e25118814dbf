package output

import (
	"errors"
	"io/fs"
	"path/filepath"

	"golang.org/x/sys/windows"
)

// isBusy reports whether err is Windows refusing a rename or removal
// because another program has a file open (Excel keeps a workbook open
// without sharing it; a virus scanner or the search indexer briefly).
func isBusy(err error) bool {
	return errors.Is(err, windows.ERROR_SHARING_VIOLATION) ||
		errors.Is(err, windows.ERROR_LOCK_VIOLATION) ||
		errors.Is(err, windows.ERROR_ACCESS_DENIED)
}

// findHolders walks root for files and folders another program holds open
// without letting them be renamed or deleted: opening one for deletion,
// sharing everything, fails with a sharing violation. Nothing is changed.
func findHolders(root string, max int) []string {
	var held []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if heldOpen(p) {
			held = append(held, p)
			if len(held) >= max {
				return filepath.SkipAll
			}
		}
		return nil
	})
	return held
}

func heldOpen(path string) bool {
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return false
	}
	h, err := windows.CreateFile(p, windows.DELETE,
		windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE|windows.FILE_SHARE_DELETE,
		nil, windows.OPEN_EXISTING, windows.FILE_FLAG_BACKUP_SEMANTICS|windows.FILE_FLAG_OPEN_REPARSE_POINT, 0)
	if err != nil {
		return errors.Is(err, windows.ERROR_SHARING_VIOLATION) || errors.Is(err, windows.ERROR_LOCK_VIOLATION)
	}
	windows.CloseHandle(h)
	return false
}
