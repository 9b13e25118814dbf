package config

import "testing"

// The old illustrative key is still read, with its line, so a build can
// warn when it disagrees with the data; organisation's line too.
func TestIllustrativeKey(t *testing.T) {
	for _, tc := range []struct {
		name, src     string
		want          *bool
		line, orgLine int
	}{
		{"absent", "title = \"x\"\n", nil, 0, 0},
		{"true", "title = \"x\"\norganisation = \"Northmoor Council (example)\"\nillustrative = true\n", ptr(true), 3, 2},
		{"false", "illustrative = false # old site\n", ptr(false), 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, l := Parse([]byte(tc.src))
			if l.HasErrors() {
				t.Fatal(l)
			}
			switch {
			case (s.Illustrative == nil) != (tc.want == nil):
				t.Errorf("Illustrative = %v, want %v", s.Illustrative, tc.want)
			case s.Illustrative != nil && *s.Illustrative != *tc.want:
				t.Errorf("Illustrative = %v, want %v", *s.Illustrative, *tc.want)
			}
			if s.IllustrativeLine != tc.line || s.OrganisationLine != tc.orgLine {
				t.Errorf("lines %d, %d; want %d, %d", s.IllustrativeLine, s.OrganisationLine, tc.line, tc.orgLine)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
