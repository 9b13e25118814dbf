package grades

import (
	"cmp"
	"slices"
)

// Entry is one qualification a pupil took, with its result.
type Entry struct {
	Qual   *Qualification
	Result Result
}

// Element is one of the four parts of Attainment 8.
type Element string

// The Attainment 8 elements.
const (
	ElementEnglish Element = "english"
	ElementMaths   Element = "maths"
	ElementEBacc   Element = "ebacc"
	ElementOpen    Element = "open"
)

// Slot is one filled Attainment 8 slot, so a pupil's score can be
// explained subject by subject.
type Slot struct {
	Element Element
	Subject string
	Result  string  // the result as entered ("54")
	Points  float64 // what the slot scores (4.5 for each half of a 54)
	Weight  int     // 2 for the double-weighted maths and English slots, else 1
}

// Outcome is what a pupil's results come to: the figures the DfE supplies
// per pupil in its KS4 columns.
type Outcome struct {
	A8, English, Maths, EBacc, Open float64 // Attainment 8 and its elements
	Slots                           []Slot  // the filled slots, element by element, best first

	EBaccEntered bool    // entered for every EBacc pillar
	EBaccAPS     float64 // EBacc average point score, 0 to 9
	EMGrade5     bool    // grade 5 or above in English and maths
	EMGrade4     bool    // grade 4 or above in English and maths
}

// item is one result that may fill a slot: combined science gives two.
type item struct {
	e     Entry
	order int // entry order, to break ties the same way every time
	ebacc bool
}

// Score works out a pupil's Attainment 8, EBacc and English-and-maths
// figures from their results, by the rules of measures.md (see the package
// comment for where the DfE method is simplified). Entries hold one result
// per qualification; a qualification not taken is absent.
func Score(entries []Entry) Outcome {
	var o Outcome
	// Maths and each English take their best entry; a second one (rare: an
	// IGCSE beside a GCSE, say) may only fill an open slot.
	best := map[Category]int{}
	for i, e := range entries {
		switch c := e.Qual.EBacc; c {
		case Maths, EnglishLanguage, EnglishLiterature:
			if j, seen := best[c]; !seen || e.Result.Points > entries[j].Result.Points {
				best[c] = i
			}
		}
	}
	var rest []item // results that may fill EBacc or open slots
	for i, e := range entries {
		switch c := e.Qual.EBacc; {
		case c == Maths || c == EnglishLanguage || c == EnglishLiterature:
			if best[c] != i {
				rest = append(rest, item{e: e, order: i})
			}
		case e.Qual.Double():
			// Combined science fills two slots, each at the mean of its pair.
			rest = append(rest, item{e: e, order: i, ebacc: true}, item{e: e, order: i, ebacc: true})
		default:
			rest = append(rest, item{e: e, order: i, ebacc: c.EBaccSlot()})
		}
	}

	slot := func(el Element, e Entry, weight int) float64 {
		o.Slots = append(o.Slots, Slot{Element: el, Subject: e.Qual.Subject, Result: e.Result.Text,
			Points: e.Result.Points, Weight: weight})
		return e.Result.Points * float64(weight)
	}

	// Maths counts twice.
	if i, ok := best[Maths]; ok {
		o.Maths = slot(ElementMaths, entries[i], 2)
	}
	// English: the higher of language and literature, twice only when both
	// were taken; the lower may then fill an open slot (never an EBacc one).
	lang, hasLang := best[EnglishLanguage]
	lit, hasLit := best[EnglishLiterature]
	switch {
	case hasLang && hasLit:
		hi, lo := lang, lit
		if entries[lit].Result.Points > entries[lang].Result.Points {
			hi, lo = lit, lang
		}
		o.English = slot(ElementEnglish, entries[hi], 2)
		rest = append(rest, item{e: entries[lo], order: lo})
	case hasLang:
		o.English = slot(ElementEnglish, entries[lang], 1)
	case hasLit:
		o.English = slot(ElementEnglish, entries[lit], 1)
	}

	// Taking the three best EBacc results for the EBacc slots, then the three
	// best of what is left for the open slots, gives the highest total: any
	// other choice can be swapped into this one without losing points.
	slices.SortStableFunc(rest, func(a, b item) int {
		if c := cmp.Compare(b.e.Result.Points, a.e.Result.Points); c != 0 {
			return c
		}
		return cmp.Compare(a.order, b.order)
	})
	used := make([]bool, len(rest))
	for i, it := range rest {
		if it.ebacc && countEl(o.Slots, ElementEBacc) < 3 {
			o.EBacc += slot(ElementEBacc, it.e, 1)
			used[i] = true
		}
	}
	for i, it := range rest {
		if !used[i] && countEl(o.Slots, ElementOpen) < 3 {
			o.Open += slot(ElementOpen, it.e, 1)
		}
	}
	o.A8 = o.English + o.Maths + o.EBacc + o.Open

	ebacc(entries, &o)
	o.EMGrade5, o.EMGrade4 = englishAndMaths(entries, 5), englishAndMaths(entries, 4)
	return o
}

func countEl(slots []Slot, el Element) int {
	n := 0
	for _, s := range slots {
		if s.Element == el {
			n++
		}
	}
	return n
}

// ebacc works out EBacc entry and the EBacc average point score: English,
// maths, science (counted twice), humanities and languages, over 6.
func ebacc(entries []Entry, o *Outcome) {
	top := map[Category]float64{} // best points per category
	taken := map[Category]int{}   // entries per category
	var singles []float64         // single sciences, computer science among them
	for _, e := range entries {
		c, p := e.Qual.EBacc, e.Result.Points
		if taken[c] == 0 || p > top[c] {
			top[c] = p
		}
		taken[c]++
		if c == Science || c == ComputerScience {
			singles = append(singles, p)
		}
	}
	bothEnglish := taken[EnglishLanguage] > 0 && taken[EnglishLiterature] > 0
	scienceEntered := taken[CombinedScience] > 0 || len(singles) >= 3

	// The science pillar's two places: combined science's two halves, and
	// the single sciences when three or more were taken; the best two count.
	var science []float64
	if taken[CombinedScience] > 0 {
		science = append(science, top[CombinedScience], top[CombinedScience])
	}
	if len(singles) >= 3 {
		science = append(science, singles...)
	}
	slices.SortFunc(science, func(a, b float64) int { return cmp.Compare(b, a) })
	science = append(science, 0, 0)[:2]

	var english float64
	if bothEnglish {
		english = max(top[EnglishLanguage], top[EnglishLiterature])
	}
	humanity := max(top[History], top[Geography])
	o.EBaccAPS = (english + top[Maths] + science[0] + science[1] + humanity + top[Language]) / 6
	o.EBaccEntered = bothEnglish && taken[Maths] > 0 && scienceEntered &&
		taken[History]+taken[Geography] > 0 && taken[Language] > 0
}

// englishAndMaths reports grade g or above in maths and in either English
// language or English literature.
func englishAndMaths(entries []Entry, g int) bool {
	var english, maths bool
	for _, e := range entries {
		switch e.Qual.EBacc {
		case EnglishLanguage, EnglishLiterature:
			english = english || e.Result.AtLeast(g)
		case Maths:
			maths = maths || e.Result.AtLeast(g)
		}
	}
	return english && maths
}
