package content

import (
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The example site's commentary (the repository's content/ folder) loads
// with no diagnostic at all, and its glossary covers the terms pages link to.
func TestExampleContent(t *testing.T) {
	s, l := Load(os.DirFS("../../content"), Options{})
	if len(l) > 0 {
		t.Fatalf("example content:\n%v", l)
	}
	var got []string
	for _, p := range s.Pages {
		got = append(got, p.Path)
		if p.Title == "" || p.Description == "" {
			t.Errorf("%s: no title or description", p.Path)
		}
		if err := p.Render(io.Discard, nil); err != nil {
			t.Errorf("%s: %v", p.Path, err)
		}
	}
	if want := []string{"_index.md", "ks4.md", "ks2.md", "schools/900001/governors.md", "glossary.md"}; !slices.Equal(got, want) {
		t.Errorf("pages = %q, want %q", got, want)
	}

	for _, id := range []string{
		"adjusted-scores", "attainment-8", "bands", "cohort", "confidence-interval",
		"disadvantaged", "ebacc-aps", "ebacc-entry", "ehc-plan", "eal", "english-maths-grades",
		"ever-6", "expected-standard", "filters", "higher-standard", "ks2-progress",
		"national-comparator", "non-mobile", "percentiles-and-quintiles", "prior-attainment-bands",
		"progress-8", "progress-8-elements", "pupil-groups", "scaled-scores", "sen-support",
		"statistical-significance", "suppression", "switch-comparator",
	} {
		term, ok := s.Glossary.Lookup(id)
		if !ok || term.Summary == "" {
			t.Errorf("glossary term %q missing or without a summary", id)
		}
	}
	// Terms are in alphabetical order, as the glossary says.
	titles := make([]string, len(s.Glossary.Terms))
	for i, term := range s.Glossary.Terms {
		titles[i] = strings.ToLower(term.Title)
	}
	if !slices.IsSorted(titles) {
		t.Errorf("glossary terms not in alphabetical order: %q", titles)
	}
	// Group labels and measure names the pages will show find their term.
	for _, key := range []string{"Progress 8", "Attainment 8", "Disadvantaged", "SEN support", "EHC plan", "Non-mobile", "Cohort", "Filters", "Switch comparator"} {
		if _, ok := s.Glossary.Lookup(key); !ok {
			t.Errorf("Lookup(%q) found nothing", key)
		}
	}
}

// Commentary must not quote school figures: every number on a page comes
// from the data. Method settings (100, 110, 0.5, 1.96 …) and years are fine;
// a decimal with a sign or a percentage is not.
func TestExampleContentQuotesNoFigures(t *testing.T) {
	allowed := map[string]bool{"+0.5": true, "−0.5": true, "+1": true, "95%": true, "1%": true, "20%": true,
		// attendance bands and the persistent and severe absence thresholds
		"10%": true, "50%": true, "90%": true, "98%": true, "100%": true}
	figure := regexp.MustCompile(`(?:^|[\s(])([+−-]\d+(?:\.\d+)?|\d+(?:\.\d+)?\s?%)`)
	s, _ := Load(os.DirFS("../../content"), Options{})
	for _, p := range s.Pages {
		for _, m := range figure.FindAllStringSubmatch(string(p.Source()), -1) {
			if !allowed[m[1]] {
				t.Errorf("%s quotes %q: commentary must not quote figures", p.Path, m[1])
			}
		}
	}
}
