package catalog

import (
	"cmp"
	"slices"
)

// sortPublished orders figures as the file lists them.
func sortPublished(ps []Published) {
	slices.SortFunc(ps, func(a, b Published) int { return cmp.Compare(a.Row, b.Row) })
}
