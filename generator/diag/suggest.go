package diag

// EditDistance counts the edits between a and b, in runes: insertions,
// deletions, replacements, and swaps of two neighbours, the commonest slip
// ("UNP" for "UPN" is one edit, not two). Hints use it to suggest what a
// mistyped key or header meant.
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// Three rows of the table: d[i-2], d[i-1] and d[i] over j.
	prev2, prev, cur := make([]int, len(rb)+1), make([]int, len(rb)+1), make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// Suggest returns the known word closest to s when it is within two edits,
// close enough to be a typo ("did you mean …?"), or "".
func Suggest(s string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := EditDistance(s, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}
