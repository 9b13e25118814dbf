package diag

import (
	"reflect"
	"strings"
	"testing"
)

func TestRanges(t *testing.T) {
	for _, tc := range []struct {
		rows []int
		want string
	}{
		{nil, ""}, {[]int{7}, "7"}, {[]int{2, 3}, "2 to 3"}, {[]int{2, 3, 4, 5, 31}, "2 to 5, 31"},
		{[]int{2, 4, 6}, "2, 4, 6"}, {[]int{1, 40, 41, 42, 50, 52, 53}, "1, 40 to 42, 50, 52 to 53"},
	} {
		if got := Ranges(tc.rows); got != tc.want {
			t.Errorf("Ranges(%v) = %q, want %q", tc.rows, got, tc.want)
		}
	}
}

func TestLines(t *testing.T) {
	pupils := func(rows ...int) List {
		var l List
		for _, r := range rows {
			l.Add(Diagnostic{File: "p.xlsx", Sheet: "Pupils", Row: r, Column: "A", Header: "URN", Message: "blank", Hint: "give the URN",
				Pupil: Pupil{UPN: "U" + string(rune('0'+r%10)), Name: "Name"}})
		}
		return l
	}
	moved := func(row int, upn string) Diagnostic {
		return Diagnostic{Severity: Warning, File: "p.xlsx", Sheet: "Pupils", Row: row, Column: "B", Header: "UPN", Value: upn,
			Message: "also at another school", Summary: "3 pupils appear at two schools in 2024/25: ..."}
	}
	for _, tc := range []struct {
		name string
		l    List
		want []string
	}{
		{name: "one problem is its own line", l: pupils(5),
			want: []string{`p.xlsx, sheet Pupils, row 5, column A (URN): error: blank (hint: give the URN)`}},
		{name: "thirty identical problems are one line with their rows", l: pupils(31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2),
			want: []string{`p.xlsx, sheet Pupils, rows 2 to 31 (30 rows), column A (URN): error: blank (hint: give the URN)`}},
		{name: "rows apart", l: pupils(2, 3, 4, 9, 12, 13),
			want: []string{`p.xlsx, sheet Pupils, rows 2 to 4, 9, 12 to 13 (6 rows), column A (URN): error: blank (hint: give the URN)`}},
		{name: "a different value, column, message or file is another line", l: List{
			{File: "p.xlsx", Row: 2, Column: "C", Value: "X", Message: "not a gender code"},
			{File: "p.xlsx", Row: 3, Column: "C", Value: "Y", Message: "not a gender code"},
			{File: "p.xlsx", Row: 4, Column: "C", Value: "X", Message: "not a gender code"},
			{File: "p.xlsx", Row: 5, Column: "D", Value: "X", Message: "not a gender code"},
			{File: "p.xlsx", Row: 6, Column: "C", Value: "X", Message: "something else"},
			{File: "q.csv", Row: 6, Column: "C", Value: "X", Message: "not a gender code"},
			{Severity: Warning, File: "p.xlsx", Row: 7, Column: "C", Value: "X", Message: "not a gender code"},
		}, want: []string{
			`p.xlsx, rows 2, 4 (2 rows), column C: error: "X": not a gender code`,
			`p.xlsx, row 3, column C: error: "Y": not a gender code`,
			`p.xlsx, row 5, column D: error: "X": not a gender code`,
			`p.xlsx, row 6, column C: error: "X": something else`,
			`p.xlsx, row 7, column C: warning: "X": not a gender code`,
			`q.csv, row 6, column C: error: "X": not a gender code`,
		}},
		{name: "problems not in table rows are never merged", l: List{
			{File: "site.toml", Line: 3, Message: "unknown key"}, {File: "site.toml", Line: 3, Message: "unknown key"},
		}, want: []string{`site.toml, line 3: error: unknown key`, `site.toml, line 3: error: unknown key`}},
		{name: "a summary prints once", l: List{moved(40, "A1"), moved(12, "B2"), moved(13, "C3"), {File: "p.xlsx", Sheet: "Pupils", Row: 20, Message: "other"}},
			want: []string{
				`p.xlsx, sheet Pupils: warning: 3 pupils appear at two schools in 2024/25: ...`,
				`p.xlsx, sheet Pupils, row 20: error: other`,
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.l.Lines(); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// A pupil's name is for the error list alone: no printed line carries it.
func TestStringNamesNoPupil(t *testing.T) {
	d := Diagnostic{File: "p.xlsx", Row: 2, Column: "A", Message: "blank", Pupil: Pupil{URN: "123456", UPN: "A820200125001", Name: "Zoë O'Brien"}}
	l := List{d, d}
	for _, s := range append(l.Lines(), d.String(), l.Err().Error()) {
		if strings.Contains(s, "Zoë") || strings.Contains(s, "Brien") || strings.Contains(s, "A820200125001") {
			t.Errorf("printed the pupil: %s", s)
		}
	}
}
