//go:build !windows

package output

// isBusy is false: on Unix an open file blocks no rename or removal.
func isBusy(error) bool { return false }

func findHolders(string, int) []string { return nil }
