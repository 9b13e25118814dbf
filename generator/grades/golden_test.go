package grades_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/reportpack/reportpack/generator/grades"
)

// workedPupil is a pupil whose figures were worked out by hand from the
// slot rules of measures.md; the working is in the comments.
type workedPupil struct {
	name   string
	grades map[string]string // subject -> result as entered; absent = blank
	// Slots lists the filled slots element by element, best first.
	slots                  string
	a8, eng, mat, eb, open float64
	entered                bool
	aps                    float64
	em5, em4               bool
	ks2aps                 float64 // for the round trip: prior attainment
	upnSerial              int
	gender, disadvantaged  string
}

// workedPupils cover every slot rule: maths doubled; English doubled only
// with both language and literature, the lower filling an open slot;
// English with one of them only; three EBacc and three open slots, some left
// empty; combined science in EBacc slots, in open slots, and split; U grades
// and blanks.
var workedPupils = []workedPupil{
	{
		// English: lit 7 beats lang 6, doubled = 14; lang 6 goes to open.
		// Maths 5x2 = 10. EBacc: history 7, biology 6, chemistry 5 = 18.
		// Open from physics 4, French 3, art 8, music 2, lang 6: 8+6+4 = 18.
		// A8 = 60. EBacc: both Englishes, maths, 3 single sciences, history,
		// French: entered. APS (7+5+6+5+7+3)/6 = 5.5.
		name: "both Englishes, literature higher, three single sciences",
		grades: map[string]string{"English Language": "6", "English Literature": "7", "Mathematics": "5",
			"Biology": "6", "Chemistry": "5", "Physics": "4", "History": "7", "French": "3",
			"Art and Design": "8", "Music": "2"},
		slots: "maths: Mathematics 5x2 | english: English Literature 7x2 | ebacc: History 7, Biology 6, Chemistry 5 | open: Art and Design 8, English Language 6, Physics 4",
		a8:    60, eng: 14, mat: 10, eb: 18, open: 18, entered: true, aps: 5.5, em5: true, em4: true,
		ks2aps: 104, gender: "F", disadvantaged: "N",
	},
	{
		// English language only: single weight, 5. Maths 4x2 = 8.
		// EBacc items geography 6, Spanish 5, combined 54 as 4.5 and 4.5:
		// 6+5+4.5 = 15.5. The other half of combined science goes to open:
		// RS 7, PE 6, combined 4.5 = 17.5 (business 3 left out).
		// A8 = 46. Not entered (no literature). APS (0+4+4.5+4.5+6+5)/6 = 4.
		name: "English language only, combined science split between EBacc and open",
		grades: map[string]string{"English Language": "5", "Mathematics": "4", "Combined Science": "54",
			"Geography": "6", "Spanish": "5", "Religious Studies": "7", "Physical Education": "6", "Business": "3"},
		slots: "maths: Mathematics 4x2 | english: English Language 5x1 | ebacc: Geography 6, Spanish 5, Combined Science 54=4.5 | open: Religious Studies 7, Physical Education 6, Combined Science 54=4.5",
		a8:    46, eng: 5, mat: 8, eb: 15.5, open: 17.5, entered: false, aps: 4, em5: false, em4: true,
		ks2aps: 98, gender: "M", disadvantaged: "Y",
	},
	{
		// English literature only: 4, single. Maths 6x2 = 12. EBacc: combined
		// 66 as 6 and 6, history 5 = 17. Open: drama 5, music 4; the third
		// open slot stays empty = 9. A8 = 42. APS (0+6+6+6+5+0)/6 = 23/6.
		name: "English literature only, an open slot empty",
		grades: map[string]string{"English Literature": "4", "Mathematics": "6", "Combined Science": "66",
			"History": "5", "Drama": "5", "Music": "4"},
		slots: "maths: Mathematics 6x2 | english: English Literature 4x1 | ebacc: Combined Science 66=6, Combined Science 66=6, History 5 | open: Drama 5, Music 4",
		a8:    42, eng: 4, mat: 12, eb: 17, open: 9, entered: false, aps: 23.0 / 6, em5: false, em4: true,
		ks2aps: 101, gender: "F", disadvantaged: "N",
	},
	{
		// English 7 and 7: doubled 14, the other 7 to open. Maths 14. EBacc:
		// history, geography, French 8s = 24; combined 76 (6.5 each) both
		// halves to open with literature 7: 7+6.5+6.5 = 20 (art 5 left out).
		// A8 = 72. Entered. APS (7+7+6.5+6.5+8+8)/6 = 43/6.
		name: "combined science wholly in open slots",
		grades: map[string]string{"English Language": "7", "English Literature": "7", "Mathematics": "7",
			"History": "8", "Geography": "8", "French": "8", "Combined Science": "76", "Art and Design": "5"},
		slots: "maths: Mathematics 7x2 | english: English Language 7x2 | ebacc: History 8, Geography 8, French 8 | open: English Literature 7, Combined Science 76=6.5, Combined Science 76=6.5",
		a8:    72, eng: 14, mat: 14, eb: 24, open: 20, entered: true, aps: 43.0 / 6, em5: true, em4: true,
		ks2aps: 112, gender: "M", disadvantaged: "N",
	},
	{
		// U scores 0 but fills a slot. English: lit 2 beats lang U: 2x2 = 4;
		// lang U (0) to open. Maths U: 0. EBacc: combined 11 as 1 and 1,
		// geography U = 2. Open: art 3, language U 0 = 3. A8 = 9.
		// Not entered (no language). APS (2+0+1+1+0+0)/6 = 4/6.
		name: "U grades",
		grades: map[string]string{"English Language": "U", "English Literature": "2", "Mathematics": "U",
			"Combined Science": "11", "Geography": "U", "Art and Design": "3"},
		slots: "maths: Mathematics Ux2 | english: English Literature 2x2 | ebacc: Combined Science 11=1, Combined Science 11=1, Geography U | open: Art and Design 3, English Language U",
		a8:    9, eng: 4, mat: 0, eb: 2, open: 3, entered: false, aps: 4.0 / 6, em5: false, em4: false,
		ks2aps: 88, gender: "F", disadvantaged: "Y",
	},
	{
		// Only two results: English language 8 single, maths 9 doubled.
		// A8 = 26. APS (0+9)/6 = 1.5.
		name:   "blanks: English language and maths only",
		grades: map[string]string{"English Language": "8", "Mathematics": "9"},
		slots:  "maths: Mathematics 9x2 | english: English Language 8x1",
		a8:     26, eng: 8, mat: 18, entered: false, aps: 1.5, em5: true, em4: true,
		ks2aps: 115, gender: "M", disadvantaged: "N",
	},
	{
		// English: lang 5 doubled = 10, lit 4 to open. Maths 12. EBacc:
		// biology 9, chemistry 8, physics 7 = 24. Open: computer science 6,
		// German 5, literature 4 = 15 (history 3 left out). A8 = 61.
		// Entered (four single sciences). APS (5+6+9+8+3+5)/6 = 6.
		name: "sciences fill the EBacc slots, computer science spills to open",
		grades: map[string]string{"English Language": "5", "English Literature": "4", "Mathematics": "6",
			"Biology": "9", "Chemistry": "8", "Physics": "7", "Computer Science": "6", "German": "5", "History": "3"},
		slots: "maths: Mathematics 6x2 | english: English Language 5x2 | ebacc: Biology 9, Chemistry 8, Physics 7 | open: Computer Science 6, German 5, English Literature 4",
		a8:    61, eng: 10, mat: 12, eb: 24, open: 15, entered: true, aps: 6, em5: true, em4: true,
		ks2aps: 108, gender: "F", disadvantaged: "N",
	},
	{
		// English 6 and 6: 12, the other 6 to open. Maths 10. EBacc:
		// geography 6, biology 5, physics 4 = 15 (Spanish 3 left over).
		// Open: food 7, English 6, Spanish 3 = 16. A8 = 53. Two single
		// sciences: not entered, and the science pillar scores 0.
		// APS (6+5+0+0+6+3)/6 = 20/6.
		name: "two single sciences: EBacc slots but no EBacc science",
		grades: map[string]string{"English Language": "6", "English Literature": "6", "Mathematics": "5",
			"Biology": "5", "Physics": "4", "Geography": "6", "Spanish": "3", "Food Preparation and Nutrition": "7"},
		slots: "maths: Mathematics 5x2 | english: English Language 6x2 | ebacc: Geography 6, Biology 5, Physics 4 | open: Food Preparation and Nutrition 7, English Literature 6, Spanish 3",
		a8:    53, eng: 12, mat: 10, eb: 15, open: 16, entered: false, aps: 20.0 / 6, em5: true, em4: true,
		ks2aps: 103, gender: "M", disadvantaged: "Y",
	},
	{
		// English: lang 4 doubled = 8, lit 3 to open. Maths 3x2 = 6. EBacc:
		// combined 43 as 3.5 and 3.5 = 7, the third slot empty. Open:
		// statistics 6, media 5, citizenship 4 = 15. A8 = 36.
		// APS (4+3+3.5+3.5+0+0)/6 = 14/6. Maths 3: no grade 4 in both.
		name: "combined science in two EBacc slots, one EBacc slot empty",
		grades: map[string]string{"English Language": "4", "English Literature": "3", "Mathematics": "3",
			"Combined Science": "43", "Media Studies": "5", "Citizenship Studies": "4", "Dance": "2", "Statistics": "6"},
		slots: "maths: Mathematics 3x2 | english: English Language 4x2 | ebacc: Combined Science 43=3.5, Combined Science 43=3.5 | open: Statistics 6, Media Studies 5, Citizenship Studies 4",
		a8:    36, eng: 8, mat: 6, eb: 7, open: 15, entered: false, aps: 14.0 / 6, em5: false, em4: false,
		ks2aps: 95, gender: "F", disadvantaged: "Y",
	},
	{
		// English: lit 9 doubled = 18, lang 8 to open. Maths 16. EBacc: five
		// 9s (biology, chemistry, physics, history, Latin): three = 27, two
		// to open with lang 8: 9+9+8 = 26. A8 = 87. Entered (Latin is a
		// language). APS (9+8+9+9+9+9)/6 = 53/6.
		name: "more EBacc results than slots: the rest compete for open",
		grades: map[string]string{"English Language": "8", "English Literature": "9", "Mathematics": "8",
			"Biology": "9", "Chemistry": "9", "Physics": "9", "History": "9", "Latin": "9", "Music": "7", "Drama": "6"},
		slots: "maths: Mathematics 8x2 | english: English Literature 9x2 | ebacc: Biology 9, Chemistry 9, Physics 9 | open: History 9, Latin 9, English Language 8",
		a8:    87, eng: 18, mat: 16, eb: 27, open: 26, entered: true, aps: 53.0 / 6, em5: true, em4: true,
		ks2aps: 118, gender: "M", disadvantaged: "N",
	},
	{
		// All 9s: every slot full at 9. A8 = 90. APS 9. Ties go in column
		// order: literature, then French, then art.
		name: "the maximum",
		grades: map[string]string{"English Language": "9", "English Literature": "9", "Mathematics": "9",
			"Combined Science": "99", "History": "9", "French": "9", "Art and Design": "9", "Music": "9", "Drama": "9"},
		slots: "maths: Mathematics 9x2 | english: English Language 9x2 | ebacc: Combined Science 99=9, Combined Science 99=9, History 9 | open: English Literature 9, French 9, Art and Design 9",
		a8:    90, eng: 18, mat: 18, eb: 27, open: 27, entered: true, aps: 9, em5: true, em4: true,
		ks2aps: 120, gender: "F", disadvantaged: "N",
	},
	{
		// No English or maths: those four slots score 0. EBacc: three of
		// biology, chemistry, physics, history, geography, French (all 5)
		// = 15; the other three 5s fill open with art and music left out
		// = 15. A8 = 30. APS (0+0+5+5+5+5)/6 = 20/6.
		name: "no English, no maths",
		grades: map[string]string{"Biology": "5", "Chemistry": "5", "Physics": "5", "History": "5",
			"Geography": "5", "French": "5", "Art and Design": "5", "Music": "5"},
		slots: "ebacc: Biology 5, Chemistry 5, Physics 5 | open: History 5, Geography 5, French 5",
		a8:    30, eb: 15, open: 15, entered: false, aps: 20.0 / 6,
		ks2aps: 99, gender: "M", disadvantaged: "Y",
	},
	{
		// English language 3 single; maths 2x2 = 4; combined U fills two
		// EBacc slots at 0, art U an open slot at 0. A8 = 7.
		// APS (0+2+0+0+0+0)/6 = 2/6.
		name: "combined science U",
		grades: map[string]string{"English Language": "3", "Mathematics": "2", "Combined Science": "U",
			"Art and Design": "U"},
		slots: "maths: Mathematics 2x2 | english: English Language 3x1 | ebacc: Combined Science U=0, Combined Science U=0 | open: Art and Design U",
		a8:    7, eng: 3, mat: 4, entered: false, aps: 2.0 / 6,
		ks2aps: 84, gender: "F", disadvantaged: "Y",
	},
	{
		// No grades at all: everything 0, nothing entered.
		name:   "no grades",
		grades: map[string]string{},
		ks2aps: 100, gender: "M", disadvantaged: "N",
	},
}

func init() {
	for i := range workedPupils {
		workedPupils[i].upnSerial = i + 1
	}
}

// entries gives a pupil's results in the table's order, as a file's
// columns would.
func entries(t *testing.T, tab grades.Table, g map[string]string) []grades.Entry {
	t.Helper()
	var es []grades.Entry
	for i := range tab.Quals {
		q := &tab.Quals[i]
		v, ok := g[q.Subject]
		if !ok {
			continue
		}
		r, problem, hint := q.Parse(v, false)
		if problem != "" {
			t.Fatalf("%s %q: %s (%s)", q.Subject, v, problem, hint)
		}
		es = append(es, grades.Entry{Qual: q, Result: r})
	}
	if len(es) != len(g) {
		t.Fatalf("a subject in %v is not in the table", g)
	}
	return es
}

// describeSlots renders the slots as the worked examples write them.
func describeSlots(slots []grades.Slot) string {
	var parts []string
	var el grades.Element
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			parts = append(parts, string(el)+": "+strings.Join(cur, ", "))
		}
		cur = nil
	}
	for _, s := range slots {
		if s.Element != el {
			flush()
			el = s.Element
		}
		d := s.Subject + " " + s.Result
		switch {
		case s.Element == grades.ElementEnglish || s.Element == grades.ElementMaths:
			d += fmt.Sprintf("x%d", s.Weight)
		case len(s.Result) == 2 || s.Subject == "Combined Science":
			d += "=" + fmt.Sprint(s.Points)
		}
		cur = append(cur, d)
	}
	flush()
	return strings.Join(parts, " | ")
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestGolden(t *testing.T) {
	tab := grades.Default()
	if len(workedPupils) < 12 {
		t.Fatalf("only %d worked pupils", len(workedPupils))
	}
	for _, p := range workedPupils {
		t.Run(p.name, func(t *testing.T) {
			o := grades.Score(entries(t, tab, p.grades))
			if got := describeSlots(o.Slots); got != p.slots {
				t.Errorf("slots:\ngot  %s\nwant %s", got, p.slots)
			}
			for _, f := range []struct {
				name      string
				got, want float64
			}{
				{"A8", o.A8, p.a8}, {"English", o.English, p.eng}, {"maths", o.Maths, p.mat},
				{"EBacc", o.EBacc, p.eb}, {"open", o.Open, p.open}, {"EBacc APS", o.EBaccAPS, p.aps},
			} {
				if !near(f.got, f.want) {
					t.Errorf("%s = %v, want %v", f.name, f.got, f.want)
				}
			}
			if !near(o.A8, o.English+o.Maths+o.EBacc+o.Open) {
				t.Errorf("A8 %v is not the sum of its elements", o.A8)
			}
			if o.EBaccEntered != p.entered || o.EMGrade5 != p.em5 || o.EMGrade4 != p.em4 {
				t.Errorf("entered, EM5, EM4 = %v, %v, %v; want %v, %v, %v",
					o.EBaccEntered, o.EMGrade5, o.EMGrade4, p.entered, p.em5, p.em4)
			}
		})
	}
}

// The A8 of a pupil does not depend on the order their results come in.
func TestScoreOrderFree(t *testing.T) {
	tab := grades.Default()
	for _, p := range workedPupils {
		es := entries(t, tab, p.grades)
		for i, j := 0, len(es)-1; i < j; i, j = i+1, j-1 {
			es[i], es[j] = es[j], es[i]
		}
		if o := grades.Score(es); !near(o.A8, p.a8) || !near(o.EBaccAPS, p.aps) {
			t.Errorf("%s reversed: A8 %v APS %v, want %v %v", p.name, o.A8, o.EBaccAPS, p.a8, p.aps)
		}
	}
}

func TestThresholdCombinedScienceIsOneResult(t *testing.T) {
	q, _ := grades.Default().Lookup("combined science")
	for _, tc := range []struct {
		v        string
		points   float64
		at4, at5 bool
	}{
		{"54", 4.5, true, false}, {"55", 5, true, true}, {"44", 4, true, false}, {"43", 3.5, false, false}, {"U", 0, false, false},
	} {
		r, problem, _ := q.Parse(tc.v, false)
		if problem != "" || r.Points != tc.points || r.AtLeast(4) != tc.at4 || r.AtLeast(5) != tc.at5 {
			t.Errorf("%s: %+v %q; want points %v, 4+ %v, 5+ %v", tc.v, r, problem, tc.points, tc.at4, tc.at5)
		}
	}
}
