package content

import (
	"testing"
	"testing/fstest"
)

const glossarySrc = `+++
title = "Glossary"
weight = 90
+++
Intro paragraph.

## Progress 8 {#progress-8}

A pupil's *Attainment 8* compared with similar pupils.

More detail.

### Worked example

## Confidence interval

The range around a score.

## Résumé des données

## Grade 5+ in English and maths {#em5 .term}

- a list, not a summary
`

func TestGlossary(t *testing.T) {
	s, l := Load(fstest.MapFS{"glossary.md": {Data: []byte(glossarySrc)}}, Options{})
	checkDiags(t, l, nil)
	g := s.Glossary
	if g == nil || g.Page == nil || g.Page.Path != "glossary.md" {
		t.Fatalf("glossary not loaded: %+v", g)
	}
	want := []Term{
		{"progress-8", "Progress 8", "A pupil's Attainment 8 compared with similar pupils."},
		{"confidence-interval", "Confidence interval", "The range around a score."},
		{"resume-des-donnees", "Résumé des données", ""},
		{"em5", "Grade 5+ in English and maths", ""},
	}
	if len(g.Terms) != len(want) {
		t.Fatalf("terms = %+v", g.Terms)
	}
	for i := range want {
		if g.Terms[i] != want[i] {
			t.Errorf("term %d = %+v, want %+v", i, g.Terms[i], want[i])
		}
	}

	lookups := []struct {
		key, id string
		ok      bool
	}{
		{"progress-8", "progress-8", true},
		{"Progress 8", "progress-8", true},
		{"PROGRESS 8", "progress-8", true},
		{"confidence intervals", "", false},
		{"Confidence-Interval", "confidence-interval", true},
		{"Résumé des données", "resume-des-donnees", true},
		{"resume des donnees", "resume-des-donnees", true},
		{"em5", "em5", true},
		{"grade 5+ in english and maths", "em5", true},
		{"Worked example", "", false},
		{"", "", false},
	}
	for _, tt := range lookups {
		term, ok := g.Lookup(tt.key)
		if ok != tt.ok || term.ID != tt.id {
			t.Errorf("Lookup(%q) = %q, %v; want %q, %v", tt.key, term.ID, ok, tt.id, tt.ok)
		}
	}
	if _, ok := (*Glossary)(nil).Lookup("progress-8"); ok {
		t.Error("nil glossary found a term")
	}
}

// A term's anchor comes from its own title: adding a term before it does
// not move it.
func TestGlossaryIDsAreStable(t *testing.T) {
	ids := func(src string) map[string]string {
		s, l := Load(fstest.MapFS{"glossary.md": {Data: []byte(src)}}, Options{})
		checkDiags(t, l, nil)
		m := map[string]string{}
		for _, term := range s.Glossary.Terms {
			m[term.Title] = term.ID
		}
		return m
	}
	before := ids("## Cohort\n\n## Bands\n")
	after := ids("# Glossary\n\n## Attainment 8\n\n## Bands\n\n## Cohort\n")
	for title, id := range before {
		if after[title] != id {
			t.Errorf("%s: id %q became %q", title, id, after[title])
		}
	}
}

func TestGlossaryErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []want
	}{
		{"repeated title", "## Cohort\n\nOne.\n\n## Cohort\n\nTwo.\n",
			[]want{{5, `"Cohort": glossary term's anchor (#cohort-1) depends on its place on the page`}}},
		{"title repeats an earlier subheading", "## Bands\n\n### Cohort\n\n## Cohort\n",
			[]want{{5, "depends on its place on the page"}}},
		{"repeated explicit id", "## Progress 8 {#p8}\n\n## Progress 8 adjusted {#p8}\n",
			[]want{{3, `"Progress 8 adjusted": glossary term has the same anchor (#p8) as "Progress 8"`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, l := Load(fstest.MapFS{"glossary.md": {Data: []byte(tt.src)}}, Options{})
			checkDiags(t, l, tt.want)
		})
	}
}

func TestNoGlossary(t *testing.T) {
	s, _ := Load(fstest.MapFS{"ks4.md": page("KS4", 0), "schools/123456/glossary.md": page("G", 0)}, Options{})
	if s.Glossary != nil {
		t.Errorf("glossary from a school's page: %+v", s.Glossary)
	}
}
