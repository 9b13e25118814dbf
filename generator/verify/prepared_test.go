package verify

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/sample"
)

// A checker per school (Prepared.New), as a one-shot build makes them,
// finds in a school's page what the LA's checker's view of the school
// finds; and the LA's view of every pupil finds what checkers of a few
// schools each (Prepared.Part) find together: in a page naming pupils of
// every school, forenames alone, shared dates of birth and a phrase that
// is not a pupil.
func TestPreparedMatchesOneChecker(t *testing.T) {
	d := sample.Generate(sample.Options{Schools: 6, Pupils: 20, Years: 2, Seed: 7})
	ps := d.Pupils
	var page bytes.Buffer
	for i, p := range ps {
		id := p.ID
		switch i % 5 {
		case 0:
			fmt.Fprintf(&page, "<td>%s, %s</td><td>%s</td>\n", id.Surname, id.Forename, id.UPN)
		case 1:
			fmt.Fprintf(&page, "%s %s %s\n", id.Forename, id.Surname, id.DOB.Format("02/01/2006"))
		case 2:
			fmt.Fprintf(&page, "<p>%s did well.</p>\n", id.Forename)
		case 3:
			fmt.Fprintf(&page, "%s. %s, %s\n", id.Forename[:1], id.Surname, strings.ToLower(id.UPN))
		default:
			fmt.Fprintf(&page, "born %s\n", id.DOB.Format("2 January 2006"))
		}
	}
	page.WriteString("<p>Olwen Quarry Lane</p>\n")
	opts := []Option{NotNames("Olwen Quarry Lane"), Vocabulary([]byte("<p>Key stage 2, White British, Mark scheme</p>"))}
	la := New(ps, opts...)
	pr := Prepare(opts...)
	bySchool := map[model.URN][]model.Pupil{}
	var urns []model.URN
	for _, p := range ps {
		if _, ok := bySchool[p.URN]; !ok {
			urns = append(urns, p.URN)
		}
		bySchool[p.URN] = append(bySchool[p.URN], p)
	}
	for _, u := range urns {
		name := "anonymised/" + string(u) + "/notes.html"
		want := la.ForPath(name).File(name, page.Bytes())
		got := pr.New(bySchool[u]).ForPath(name).File(name, page.Bytes())
		if len(want) == 0 || !slices.ContainsFunc(want, func(f Finding) bool { return f.Warn }) {
			t.Fatalf("%s: the LA's checker found %d, no forename alone", u, len(want))
		}
		if !slices.Equal(got, want) {
			i := firstDiff(got, want)
			t.Fatalf("%s: found %d, the LA's checker %d; first difference at %d:\n%s", u, len(got), len(want), i,
				diffFindings(got[i:min(i+1, len(got))], want[i:min(i+1, len(want))]))
		}
	}
	// The LA's own page, against parts of two schools each.
	name := "anonymised/index.html"
	want := la.ForPath(name).File(name, page.Bytes())
	var got []Finding
	for i := 0; i < len(urns); i += 2 {
		var part []model.Pupil
		for _, u := range urns[i:min(i+2, len(urns))] {
			part = append(part, bySchool[u]...)
		}
		for _, f := range pr.Part(part).For("").File(name, page.Bytes()) {
			if !slices.Contains(got, f) {
				got = append(got, f)
			}
		}
	}
	if slices.ContainsFunc(want, func(f Finding) bool { return f.Warn }) {
		t.Fatal("the LA's view warned of a forename alone")
	}
	key := func(f Finding) string { return f.Kind + "|" + f.Value + "|" + f.Pupil + "|" + f.Match + "|" + f.In }
	var gk, wk []string
	for _, f := range got {
		gk = append(gk, key(f))
	}
	for _, f := range want {
		wk = append(wk, key(f))
	}
	// As sets: a pupil at two schools is two identities, found twice by
	// the LA's checker and once a part; a date of birth once a part.
	slices.Sort(gk)
	slices.Sort(wk)
	gk, wk = slices.Compact(gk), slices.Compact(wk)
	if len(wk) < 20 || !slices.Equal(gk, wk) {
		count := map[string]int{}
		for _, k := range gk {
			count[k]++
		}
		for _, k := range wk {
			count[k]--
		}
		var diff []string
		for k, n := range count {
			if n != 0 {
				diff = append(diff, fmt.Sprintf("%+d %s", n, k))
			}
		}
		slices.Sort(diff)
		t.Fatalf("parts found %d, the LA's checker %d; parts less LA:\n%s", len(gk), len(wk), strings.Join(diff[:min(len(diff), 30)], "\n"))
	}
}
