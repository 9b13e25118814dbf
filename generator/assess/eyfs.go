package assess

import (
	"fmt"

	"github.com/reportpack/reportpack/generator/model"
)

// The early learning goals of the 2021 EYFS profile, in order.
var elgNames = [17]string{
	"Listening, attention and understanding", "Speaking", "Self-regulation", "Managing self",
	"Building relationships", "Gross motor skills", "Fine motor skills", "Comprehension", "Word reading",
	"Writing", "Number", "Numerical patterns", "Past and present", "People, culture and communities",
	"The natural world", "Creating with materials", "Being imaginative and expressive",
}

// ELGName is the name of early learning goal n (1..17).
func ELGName(n int) string { return elgNames[n-1] }

// elgAreas are the areas of learning and the first goal of each.
var elgAreas = []BarGroup{
	{"Communication and language", 0}, {"Personal, social and emotional development", 2},
	{"Physical development", 5}, {"Literacy", 7}, {"Mathematics", 10},
	{"Understanding the world", 12}, {"Expressive arts and design", 15},
}

var eyfsCodes = []Code{
	{Code: "1", Meaning: "emerging", Aliases: []string{"Emerging"}},
	{Code: "2", Meaning: "expected", Aliases: []string{"Expected"}},
	{Code: "A", Meaning: "not assessed (recent arrival, long absence)"},
	{Code: "3", Why: "the 2021 profile has no 'exceeding'; 1 or 2"},
}

var eyfs = func() *Assessment {
	a := &Assessment{ID: "eyfs", Title: "Early years foundation stage profile", Short: "EYFS",
		NCYears: years(0),
		Intro: "The early years foundation stage profile is the teacher's assessment at the end of Reception of " +
			"each child against the 17 early learning goals: emerging (1) or expected (2). A child reaches a " +
			"good level of development (GLD) with the expected level in every goal of communication and language, " +
			"personal, social and emotional development, physical development, literacy and mathematics (goals 1 to 12).",
		Notes: []string{"Children not assessed in a goal (A) are outside every figure on this page."},
		Home:  []model.MeasureID{"eyfs_gld", "eyfs_elg_avg"},
	}
	// The codes list ends with "3" only to name it in a hint: load treats
	// a code with a Why as a bad value.
	for i := range 17 {
		a.Columns = append(a.Columns, Column{
			Name: fmt.Sprintf("ELG%02d", i+1), Aliases: []string{fmt.Sprintf("E%02d", i+1)},
			Label: elgNames[i], Kind: Codes, Codes: eyfsCodes,
			Hint: "1 (emerging), 2 (expected) or A (not assessed)",
		})
	}
	a.Check = func(r Row) []Problem {
		blank, filled := -1, 0
		for i := range 17 {
			if r.Get(i).Blank() {
				if blank < 0 {
					blank = i
				}
			} else {
				filled++
			}
		}
		if blank >= 0 && filled > 0 {
			return []Problem{{Column: blank, Message: "blank, though other goals of this child are recorded",
				Hint: "every goal is 1, 2 or A (not assessed)"}}
		}
		return nil
	}
	// assessed: every goal 1 or 2 (a child with A in any goal is outside).
	assessed := func(r Row) bool {
		for i := range 17 {
			if !IsCode(r.Get(i), "1", "2") {
				return false
			}
		}
		return true
	}
	expectedIn := func(r Row, goals ...int) bool {
		for _, g := range goals {
			if r.Get(g-1).Code != "2" {
				return false
			}
		}
		return true
	}
	pct := func(goals ...int) func(Row) (float64, bool) {
		return func(r Row) (float64, bool) {
			if !assessed(r) {
				return 0, false
			}
			return B2F(expectedIn(r, goals...)), true
		}
	}
	all := make([]int, 17)
	for i := range all {
		all[i] = i + 1
	}
	a.Measures = []Measure{
		{ID: "eyfs_gld", Column: "Good level of development %", Kind: Percent, Rule: pct(all[:12]...)},
		{ID: "eyfs_elg_avg", Column: "Average goals at expected", Kind: Mean, Decimals: 1, Rule: func(r Row) (float64, bool) {
			if !assessed(r) {
				return 0, false
			}
			n := 0
			for i := range 17 {
				if r.Get(i).Code == "2" {
					n++
				}
			}
			return float64(n), true
		}},
		{ID: "eyfs_all17", Column: "Expected in all 17 %", Kind: Percent, Rule: pct(all...)},
		{ID: "eyfs_cll", Column: "Communication, language and literacy %", Kind: Percent, Rule: pct(1, 2, 8, 9, 10)},
	}
	goals := Table{ID: "eyfs_goals", Title: "Each early learning goal by pupil group", Short: "Goals"}
	bars := Chart{ID: "eyfs_goals", Title: "Children at the expected level in each early learning goal", Kind: Bars, Groups: elgAreas}
	for i := range 17 {
		id := model.MeasureID(fmt.Sprintf("eyfs_elg%02d", i+1))
		a.Measures = append(a.Measures, Measure{ID: id,
			Column: fmt.Sprintf("%02d %s %%", i+1, elgNames[i]), Kind: Percent, Rule: pct(i + 1)})
		goals.Measures = append(goals.Measures, id)
		bars.Measures = append(bars.Measures, id)
	}
	a.Tables = []Table{
		{ID: "eyfs_headline", Title: "Good level of development by pupil group", Short: "GLD",
			Measures: []model.MeasureID{"eyfs_gld", "eyfs_elg_avg", "eyfs_all17", "eyfs_cll"}},
		goals,
	}
	a.Charts = []Chart{bars}
	a.PupilList = &PupilList{
		Title: "Children who did not reach a good level of development",
		Include: func(r Row) bool {
			return assessed(r) && !expectedIn(r, all[:12]...)
		},
		Columns: []ListColumn{
			{Header: "Goals at expected (of 17)", Text: func(r Row) string {
				n := 0
				for i := range 17 {
					if r.Get(i).Code == "2" {
						n++
					}
				}
				return fmt.Sprint(n)
			}},
			{Header: "GLD goals not at expected", Text: func(r Row) string {
				s := ""
				for i := range 12 {
					if r.Get(i).Code != "2" {
						if s != "" {
							s += ", "
						}
						s += fmt.Sprintf("%02d", i+1)
					}
				}
				return s
			}},
		},
	}
	return a
}()
