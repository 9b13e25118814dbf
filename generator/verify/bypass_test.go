package verify

import (
	"archive/zip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reportpack/reportpack/generator/model"
)

// schoolPupil is a pupil of a school.
func schoolPupil(urn model.URN, fore, sur, upn string, dob time.Time) model.Pupil {
	p := pupil(fore, sur, upn, dob)
	p.URN = urn
	return p
}

// The review's pupils (f01): each form of their identity that commentary,
// file names and links were seen to use is found, as a leak or, for a
// forename alone, a warning.
func TestBypassesCaught(t *testing.T) {
	dob := time.Date(2009, 2, 22, 0, 0, 0, 0, time.UTC)
	c := New([]model.Pupil{
		schoolPupil("900001", "Olivia", "White", "Q934343013246", dob),
		schoolPupil("900001", "Khalil", "Hernández", "", time.Time{}),
		schoolPupil("900001", "Alfie", "O'Neill", "", time.Time{}),
		schoolPupil("900001", "Renée", "Roberts", "", time.Time{}),
		schoolPupil("900001", "Mary Jane", "Quillfeather", "", time.Time{}),
		schoolPupil("900001", "Søren", "Łukasiewicz", "", time.Time{}),
		schoolPupil("900001", "Max", "Strauß", "", time.Time{}),
		schoolPupil("900001", "Amy", "Song", "T12345678901A", time.Date(2014, 6, 5, 0, 0, 0, 0, time.UTC)),
		schoolPupil("900001", "Ellie-May", "Carter", "", time.Time{}),
	}).For("900001")
	const ow, kh, ao, rr, mj = "Olivia White", "Khalil Hernández", "Alfie O'Neill", "Renée Roberts", "Mary Jane Quillfeather"
	cases := []struct {
		name, in string
		want     []string // leaks found, as Finding.Value
		warn     []string // warnings
	}{
		{"control", "Olivia White did well.", []string{ow}, nil},
		{"initial and surname", "O. White did well.", []string{ow}, nil},
		{"initial, no space", "O.White did well.", []string{ow}, nil},
		{"forename and initial", "Olivia W. did well.", []string{ow}, nil},
		{"title and surname", "Ms White did well.", []string{ow}, nil},
		{"other titles", "Mr White, Mrs White, Miss White, Mx White, Dr. White", []string{ow}, nil},
		{"surname first", "WHITE, Olivia", []string{ow}, nil},
		{"forename alone", "Olivia did well this year.", nil, []string{ow}},
		{"second forename alone", "Jane did well.", nil, []string{mj}},
		{"one of two forenames", "Mary Quillfeather and Jane Quillfeather", []string{mj}, nil},
		{"accent left out", "Khalil Hernandez did well.", []string{kh}, nil},
		{"accent left out of a forename", "Renee Roberts did well.", []string{rr}, nil},
		{"letters with strokes and ß", "Soren Lukasiewicz and Max Strauss", []string{"Søren Łukasiewicz", "Max Strauß"}, nil},
		{"apostrophe left out", "Alfie ONeill did well.", []string{ao}, nil},
		{"apostrophe as a space", "Alfie O Neill did well.", []string{ao}, nil},
		{"hyphen-joined file", "See olivia-white.pdf on the shared drive.", []string{ow}, nil},
		{"underscore-joined photo", "![Work sample](photos/Olivia_White.jpg)", []string{ow}, nil},
		{"email address", "Contact olivia.white@pupils.example.sch.uk", []string{ow}, nil},
		{"user name", "Logged in as OliviaWhite", []string{ow}, nil},
		{"percent-encoded link", "[her report](https://intranet.example/reports/Olivia%20White)", []string{ow}, nil},
		{"percent-encoded letters", `<a href="Ren%C3%A9e%20Roberts.html">x</a>`, []string{rr}, nil},
		{"heading id", `<h2 id="olivia-white">Case study</h2>`, []string{ow}, nil},
		{"dob long form", "Born 22 February 2009.", []string{"2009-02-22"}, nil},
		{"dob short month, ordinal", "Born 22nd Feb 2009.", []string{"2009-02-22"}, nil},
		{"dob month first", "Born February 22, 2009.", []string{"2009-02-22"}, nil},
		{"dob with dots", "Born 22.02.2009.", []string{"2009-02-22"}, nil},
		{"dob with dashes", "Born 22-02-2009.", []string{"2009-02-22"}, nil},
		{"dob two-digit year", "Born 22/02/09.", []string{"2009-02-22"}, nil},
		{"dob iso date-time", "Born 2009-02-22T00:00:00.", []string{"2009-02-22"}, nil},
		{"dob iso date-time, zone", `{"dob":"2009-02-22T00:00:00.000Z"}`, []string{"2009-02-22"}, nil},
		{"dob one-digit day", "Born 5/6/2014 and 5 June 2014", []string{"2014-06-05"}, nil},
		{"upn with spaces", "UPN Q934 3430 13246.", []string{"Q934343013246"}, nil},
		{"upn with hyphens", "UPN q-934-3430-13246", []string{"Q934343013246"}, nil},
		{"upn letter apart", "UPN Q 934343013246", []string{"Q934343013246"}, nil},
		{"temporary upn", "T1234 5678 901A", []string{"T12345678901A"}, nil},
		{"cyrillic look-alikes", "\u041elivia Whit\u0435", []string{ow}, nil},
		{"greek look-alikes", "\u039flivia \u0397ite", nil, []string{ow}}, // not White: Olivia alone
		{"full-width letters", "\uff2f\uff4c\uff49\uff56\uff49\uff41 \uff37\uff48\uff49\uff54\uff45", []string{ow}, nil},
		{"mathematical bold", "\U0001d40e\U0001d425\U0001d422\U0001d42f\U0001d422\U0001d41a \U0001d416\U0001d421\U0001d422\U0001d42d\U0001d41e", []string{ow}, nil},
		{"right-to-left override", "\u202e" + "etihW aivilO" + "\u202c", []string{ow}, nil},
		{"invisible characters", "Oli\u200bvia\u2060 Wh\u00adite", []string{ow}, nil},
		// Initials between forename and surname (f01's "middle initial").
		{"middle initial", "Olivia J. White did well.", []string{ow}, nil},
		{"middle initials", "Olivia J. K. White and Olivia J.K. White", []string{ow}, nil},
		{"middle initial, in markup", "<p>Olivia <b>J.</b> White</p>", []string{ow}, []string{ow}}, // the bytes: Olivia alone
		{"middle initial, capitals", "OLIVIA J. WHITE", []string{ow}, nil},
		{"initials and surname", "O. J. White did well.", []string{ow}, nil},
		{"initials without spaces", "O.J. White and O.J.White", []string{ow}, nil},
		{"accented middle initial", "Olivia É. White", []string{ow}, nil},
		{"one of two forenames, middle initial", "Mary J. Quillfeather", []string{mj}, nil},
		{"middle initial, accent left out", "Khalil A. Hernandez", []string{kh}, nil},
		// Still not the pupil.
		{"another initial", "A. White did well.", nil, nil},
		{"initials of another", "A. J. White did well.", nil, nil},
		{"another forename, middle initial", "Olga J. White did well.", nil, nil},
		{"middle initial without a full stop", "Olivia J White", nil, []string{ow}},
		{"a sentence's end, not an initial", "Olivia, a. White boards", nil, []string{ow}},
		{"a figure, not an initial", "Olivia 5. White", nil, []string{ow}},
		{"too many initials", "Olivia J. K. L. M. White", nil, []string{ow}},
		{"surname first, initial after", "White J. Olivia", nil, []string{ow}},
		{"initial without a full stop", "a white board", nil, nil},
		{"title and another surname", "Ms Whiteley", nil, nil},
		{"forename in a longer word", "Olivias", nil, nil},
		{"part of a hyphenated forename", "Pupils may choose.", nil, nil},
		{"hyphenated forename alone", "Ellie May did well.", nil, []string{"Ellie-May Carter"}},
		{"another date", "Born 23 February 2009.", nil, nil},
		{"upn digits apart", "Q934343013246 0", []string{"Q934343013246"}, nil},
		{"upn not glued across words", "Q and 934343013246", nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := c.File("content.html", []byte(tc.in))
			if v := values(got); !slices.Equal(v, tc.want) {
				t.Errorf("%q: found %q, want %q", tc.in, v, tc.want)
			}
			if w := warnings(got); !slices.Equal(w, tc.warn) {
				t.Errorf("%q: warned of %q, want %q", tc.in, w, tc.warn)
			}
		})
	}
}

// Names in file names and archive members are found: a page made from
// content/schools/900001/Olivia White.md.
func TestNamesOfFiles(t *testing.T) {
	c := New([]model.Pupil{schoolPupil("900001", "Olivia", "White", "", time.Time{})})
	for _, name := range []string{"anonymised/900001/Olivia White.html", "anonymised/900001/olivia-white.html", "anonymised/900001/Olivia%20White.html"} {
		if f := c.ForPath(name).Name(name); len(values(f)) != 1 || f[0].In != "name" {
			t.Errorf("%s: found %v", name, f)
		}
	}
	if f := c.Name("anonymised/900001/ks4.html"); len(f) > 0 {
		t.Errorf("ks4.html: found %v", f)
	}
	pack := zipOf(t, map[string]string{"900001/Olivia White.html": "clean", "900001/index.html": `<a href="Olivia%20White.html">x</a>`})
	got := c.Bytes("zips/anonymised/900001.zip", pack)
	var files []string
	for _, f := range got {
		files = append(files, f.File+" "+f.In)
	}
	slices.Sort(files)
	want := []string{"zips/anonymised/900001.zip!900001/Olivia White.html name", "zips/anonymised/900001.zip!900001/index.html "}
	if !slices.Equal(files, want) {
		t.Errorf("in a zip: found %q, want %q", files, want)
	}
	// A member passed over as scanned already still has its name scanned.
	if f := c.Zip("z.zip", pack, func(*zip.FileHeader) bool { return true }); len(f) != 1 || f[0].In != "name" {
		t.Errorf("skipped members: found %v", f)
	}
}

// The review's false alarms (f30, f31), each avoidable: a phrase listed as
// not a pupil is not searched within; a figure is never a date; a school's
// pages are scanned for its own pupils only.
func TestFalseAlarmsAvoidable(t *testing.T) {
	ps := []model.Pupil{
		schoolPupil("900001", "William", "Morris", "", time.Time{}),
		schoolPupil("900001", "Mark", "English", "", time.Time{}),
		schoolPupil("900001", "Summer", "Born", "", time.Time{}),
		schoolPupil("900003", "Ann", "Lee", "", time.Date(2014, 6, 25, 0, 0, 0, 0, time.UTC)),
		schoolPupil("900004", "Zara", "Quill", "", time.Time{}),
	}
	listed := New(ps, NotNames("William Morris Academy", "teachers mark english", "Summer-born"))
	plain := New(ps)
	cases := []struct {
		in          string
		plain, with []string // found without the list, and with it
	}{
		{"Welcome to William Morris Academy.", []string{"William Morris"}, nil},
		{"WILLIAM-MORRIS ACADEMY", []string{"William Morris"}, nil},
		{"William Morris did well.", []string{"William Morris"}, []string{"William Morris"}}, // not in the phrase
		{"William Morris Academy and William Morris.", []string{"William Morris"}, []string{"William Morris"}},
		{"Teachers mark English mocks twice a term.", []string{"Mark English"}, nil},
		{"Summer born pupils", []string{"Summer Born"}, nil},
		// Figures are not dates, nor a figure's digits a yyyymmdd.
		{"mean,0.20140625\n", nil, nil},
		{"20140625.5", nil, nil},
		{"20140625", []string{"2014-06-25"}, []string{"2014-06-25"}},
		{"25.06.2014", []string{"2014-06-25"}, []string{"2014-06-25"}},
	}
	for _, tc := range cases {
		if got := values(plain.File("index.html", []byte(tc.in))); !slices.Equal(got, tc.plain) {
			t.Errorf("%q: found %q, want %q", tc.in, got, tc.plain)
		}
		if got := values(listed.File("index.html", []byte(tc.in))); !slices.Equal(got, tc.with) {
			t.Errorf("%q with the phrases listed: found %q, want %q", tc.in, got, tc.with)
		}
	}
	// A school's pages, and its zip, are scanned for its pupils; the LA's
	// pages for every pupil.
	page := []byte("Zara Quill; Ann Lee")
	for name, want := range map[string][]string{
		"anonymised/900004/ks4.html":   {"Zara Quill"},
		"anonymised/900003/ks4.html":   {"Ann Lee"},
		"anonymised/900001/ks4.html":   nil,
		"zips/anonymised/900004.zip":   {"Zara Quill"},
		"anonymised/index.html":        {"Zara Quill", "Ann Lee"},
		"anonymised/assets/js/site.js": {"Zara Quill", "Ann Lee"},
	} {
		if got := values(plain.ForPath(name).Bytes(name, page)); !slices.Equal(got, want) {
			t.Errorf("%s: found %q, want %q", name, got, want)
		}
	}
	// Forenames alone are looked for on a school's pages only.
	if w := warnings(plain.For("").Bytes("index.html", []byte("Zara"))); w != nil {
		t.Errorf("LA page: warned of %q", w)
	}
	if w := warnings(plain.For("900004").Bytes("index.html", []byte("Zara"))); !slices.Equal(w, []string{"Zara Quill"}) {
		t.Errorf("school page: warned of %q", w)
	}
	// Nor is a forename within a listed phrase, and a word listed is not
	// looked for alone at all.
	if w := warnings(listed.For("900001").Bytes("x.html", []byte("Summer born pupils"))); w != nil {
		t.Errorf("listed phrase: warned of %q", w)
	}
	if w := warnings(listed.For("900001").Bytes("x.html", []byte("Summer term"))); !slices.Equal(w, []string{"Summer Born"}) {
		t.Errorf("forename outside the phrase: warned of %q", w)
	}
	if w := warnings(New(ps, NotNames("summer")).For("900001").Bytes("x.html", []byte("Summer term"))); w != nil {
		t.Errorf("listed word: warned of %q", w)
	}
	// The finding says what matched, for the hint.
	if f := plain.File("x.html", []byte("Teachers mark English")); len(f) != 1 || f[0].Match != "mark english" || !strings.Contains(f[0].String(), "Mark English") {
		t.Errorf("finding %+v", f)
	}
}

// Figures are not dates (the 100-school build's false alarm): a cohort and
// two percentages, 17, 11 and 11, in a filtered table's JSON, a CSV row or
// a table's cells, are not 17/11/11, whoever was born on 17 November 2011.
// A date is figures with one and the same '/', '.' or '-' between them, or
// has the month's name; it is found in a table or an export too.
func TestFiguresAreNotDates(t *testing.T) {
	const d1, d2 = "2011-11-17", "2014-06-05"
	ps := []model.Pupil{
		schoolPupil("900001", "Olivia", "White", "", time.Date(2011, 11, 17, 0, 0, 0, 0, time.UTC)),
		schoolPupil("900001", "Amy", "Song", "", time.Date(2014, 6, 5, 0, 0, 0, 0, time.UTC)),
	}
	c := New(ps).For("900001")
	ref := refOf(c)
	cases := []struct {
		name, in string
		want     []string // dates of birth found
	}{
		// Figures.
		{"JSON array of strings", `{"rows":[["17","11","11"],["5","6","14"]]}`, nil},
		{"JSON array of numbers", `[17,11,11] [17, 11, 11] [2011,11,17] [17,11,2011] [5,6,2014]`, nil},
		{"JSON escaped quotes", `"[\"17\",\"11\",\"11\"]"`, nil},
		{"CSV row", "cohort,pct,pct_nat\n17,11,11\n", nil},
		{"CSV rows with a year", "17,11,2011\n2011,11,17\n5,6,2014\n", nil},
		{"CSV with spaces", "17, 11, 11\n", nil},
		{"quoted CSV", `"17","11","11"` + "\n", nil},
		{"tab-separated", "17\t11\t11\n", nil},
		{"semicolons and bars", "17;11;11 17|11|11 17:11:11", nil},
		{"negative figures", "-17,-11,-11", nil},
		{"percentages", "17%, 11%, 11%", nil},
		{"table cells", "<tr><td>17</td><td>11</td><td>11</td></tr>", nil},
		{"table cells with a year", "<tr><td>17</td><td>11</td><td>2011</td></tr><tr><th>2011</th><td>11</td><td>17</td></tr>", nil},
		{"table cells, spaced", "<td>17</td>\n<td>11</td>\n<td>11</td>", nil},
		{"a sentence of figures", "Of 17 11 11 pupils, and 17 11 2011 and 2011 11 17.", nil},
		{"decimal figures", "0.17 11.11 17.11 11", nil},
		{"spaced slashes", "17 / 11 / 11", nil},
		{"mixed separators", "17/11-11 17.11/2011 2011-11/17 17-11.11", nil},
		{"separators doubled", "17//11//11 17--11--2011", nil},
		{"quotes and commas around a date's figures", `"17"/"11"/"11"`, nil},
		{"workbook cells", "<c><v>17</v></c><c><v>11</v></c><c><v>11</v></c>", nil},
		// Dates.
		{"two-digit year, slashes", "Born 17/11/11.", []string{d1}},
		{"two-digit year, dots", "Born 17.11.11.", []string{d1}},
		{"two-digit year, hyphens", "Born 17-11-11.", []string{d1}},
		{"dots", "Born 17.11.2011.", []string{d1}},
		{"hyphens", "Born 17-11-2011.", []string{d1}},
		{"slashes", "Born 17/11/2011.", []string{d1}},
		{"ISO", "Born 2011-11-17.", []string{d1}},
		{"ISO with slashes", "2011/11/17", []string{d1}},
		{"ISO date-time", `{"dob":"2011-11-17T00:00:00Z"}`, []string{d1}},
		{"month's name", "Born 17 November 2011.", []string{d1}},
		{"month's name, ordinal", "Born 17th Nov. 2011.", []string{d1}},
		{"month first", "Born November 17, 2011.", []string{d1}},
		{"month's name, hyphens", "17-Nov-2011", []string{d1}},
		{"month's name, no spaces", "17NOV2011", []string{d1}},
		{"yyyymmdd", "20111117", []string{d1}},
		{"en dashes", "17\u201311\u20132011", []string{d1}},
		{"escaped slashes", `{"dob":"17\/11\/2011"}`, []string{d1}},
		{"entities", "17&#47;11&#47;2011", []string{d1}},
		{"percent-escaped", "reports/17%2F11%2F2011.pdf", []string{d1}},
		{"in a table cell", "<td>Olivia</td><td>17/11/2011</td>", []string{d1}},
		{"in a CSV row", "x,17/11/11,y\n", []string{d1}},
		{"in a JSON array", `["17","11","11","17/11/11"]`, []string{d1}},
		{"one-digit day and month", "5/6/2014 and 5.6.2014", []string{d2}},
		{"figures then a date", "17,11,11,5-6-2014", []string{d2}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, name := range []string{"900001/table.html", "900001/measures.csv", "900001/data.json"} {
				got := c.File(name, []byte(tc.in))
				if v := values(got); !slices.Equal(v, tc.want) {
					t.Errorf("%s: %q: found %q, want %q", name, tc.in, v, tc.want)
				}
				if want := ref.refBytes(name, []byte(tc.in)); !slices.Equal(values(want), tc.want) {
					t.Errorf("%s: %q: the reference found %q, want %q", name, tc.in, values(want), tc.want)
				}
			}
			// In a workbook, and in a file's name.
			wb := zipOf(t, map[string]string{"xl/sharedStrings.xml": tc.in})
			if v := values(c.Bytes("900001/measures.xlsx", wb)); !slices.Equal(v, tc.want) {
				t.Errorf("in a workbook: %q: found %q, want %q", tc.in, v, tc.want)
			}
		})
	}
}
