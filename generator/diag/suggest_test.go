package diag

import "testing"

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"", "abc", 3}, {"kitten", "sitting", 3},
		{"pupils", "pupil", 1}, {"Zoë", "Zoe", 1}, {"maths", "mahts", 1}, {"UNP", "UPN", 1},
		{"ca", "abc", 3}, {"abcd", "badc", 2}, {"Read_SS", "Raed_SS", 1},
	} {
		if got := EditDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	known := []string{"title", "organisation", "profiles", "data"}
	for _, tc := range []struct{ in, want string }{
		{"titel", "title"}, {"organization", "organisation"}, {"profile", "profiles"}, {"colour", ""}, {"dta", "data"},
	} {
		if got := Suggest(tc.in, known); got != tc.want {
			t.Errorf("Suggest(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
