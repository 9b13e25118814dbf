package chart

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/model"
)

// randomPupils covers every recorded and unrecorded value of every
// characteristic, and prior attainment present, absent and on the limits.
func randomPupils(ks model.KeyStage, n int, seed uint64) []model.Pupil {
	r := rand.New(rand.NewPCG(seed, 7))
	flag := func() model.Flag { return model.Flag(r.IntN(3)) }
	priors := []float64{80, 99.9, 100, 104.5, 108, 109.9, 110, 120}
	if ks == model.KS2 {
		priors = []float64{3, 11.9, 12, 15, 17.9, 18, 21}
	}
	out := make([]model.Pupil, n)
	for i := range out {
		p := model.Pupil{URN: "100000", Year: 2025, KeyStage: ks}
		p.ID = model.Identity{Forename: "Pupil", Surname: string(rune('A' + i%26))}
		p.Chars = model.Characteristics{
			Gender: model.Gender(r.IntN(3)), FSM6: flag(), FSM: flag(), CLA: flag(), PostLAC: flag(),
			Disadvantaged: flag(), SEN: model.SEN(r.IntN(4)), Language: model.Language(r.IntN(4)),
			NonMobile: flag(), Ethnicity: model.Ethnicity(r.IntN(8)),
		}
		var prior model.Num
		if r.IntN(8) > 0 {
			prior = model.Some(priors[r.IntN(len(priors))])
		}
		if ks == model.KS2 {
			p.KS2.KS1APS = prior
		} else {
			p.KS4.KS2APS = prior
			p.KS4.P8 = model.Some(float64(r.IntN(600)-300) / 100)
		}
		out[i] = p
	}
	return out
}

// TestMemberAgreesWithMeasures checks Member against the row cohorts
// measures.Compute gives for every group, so the two cannot drift apart.
func TestMemberAgreesWithMeasures(t *testing.T) {
	tests := []struct {
		name  string
		ks    model.KeyStage
		bands PriorBands
	}{
		{"KS4 default bands", model.KS4, PriorBands{}},
		{"KS4 own bands", model.KS4, PriorBands{KS4: [2]float64{101, 108}}},
		{"KS2 default bands", model.KS2, PriorBands{}},
		{"KS2 own bands", model.KS2, PriorBands{KS2: [2]float64{11, 17.9}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pupils := randomPupils(tc.ks, 400, 42)
			res := measures.Compute(pupils, nil, model.NationalParams{}, nil, measures.Options{
				KS2PriorBands: tc.bands.KS2, KS4PriorBands: tc.bands.KS4,
			})
			ksr := res.KeyStage(tc.ks)
			if ksr == nil || ksr.Latest() == nil || len(ksr.Latest().Tables) == 0 {
				t.Fatal("measures computed no table")
			}
			rows := map[model.GroupID]int{}
			for _, row := range ksr.Latest().Tables[0].Unfiltered {
				rows[row.Group.ID] = row.Cohort
			}
			for _, g := range measures.Groups() {
				n := 0
				for i := range pupils {
					if Member(&pupils[i], g.ID, tc.bands) {
						n++
					}
				}
				if n != rows[g.ID] {
					t.Errorf("group %s: Member counts %d, measures %d", g.ID, n, rows[g.ID])
				}
			}
		})
	}
	if Member(&model.Pupil{}, "no_such_group", PriorBands{}) {
		t.Error("an unknown group matched")
	}
}

func TestMemberCases(t *testing.T) {
	ks4 := func(mod func(*model.Pupil)) *model.Pupil {
		p := &model.Pupil{KeyStage: model.KS4}
		mod(p)
		return p
	}
	tests := []struct {
		name  string
		p     *model.Pupil
		group model.GroupID
		want  bool
	}{
		{"disadvantaged from FSM6 when unrecorded", ks4(func(p *model.Pupil) { p.Chars.FSM6 = model.FlagYes }), "disadvantaged", true},
		{"not other when flags unknown", ks4(func(p *model.Pupil) { p.Chars.FSM6 = model.FlagNo }), "other", false},
		{"other when all flags no", ks4(func(p *model.Pupil) {
			p.Chars.FSM6, p.Chars.CLA, p.Chars.PostLAC = model.FlagNo, model.FlagNo, model.FlagNo
		}), "other", true},
		{"recorded flag wins", ks4(func(p *model.Pupil) {
			p.Chars.Disadvantaged, p.Chars.FSM6 = model.FlagNo, model.FlagYes
		}), "disadvantaged", false},
		{"language UNCL is neither", ks4(func(p *model.Pupil) { p.Chars.Language = model.LanguageUnclassified }), "eal", false},
		{"prior at low limit is middle", ks4(func(p *model.Pupil) { p.KS4.KS2APS = model.Some(100) }), "pa_middle", true},
		{"prior at high limit is high", ks4(func(p *model.Pupil) { p.KS4.KS2APS = model.Some(110) }), "pa_high", true},
		{"no prior, no band", ks4(func(*model.Pupil) {}), "pa_low", false},
		{"KS2 uses KS1 APS", &model.Pupil{KeyStage: model.KS2, KS2: model.KS2Result{KS1APS: model.Some(11.5)}}, "pa_low", true},
		{"mobile is not non-mobile", ks4(func(p *model.Pupil) { p.Chars.NonMobile = model.FlagNo }), "mobile", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Member(tc.p, tc.group, PriorBands{}); got != tc.want {
				t.Errorf("Member(%s) = %v, want %v", tc.group, got, tc.want)
			}
		})
	}
}

func TestFromScores(t *testing.T) {
	pupils := randomPupils(model.KS4, 60, 3)
	pupils = append(pupils, model.Pupil{KeyStage: model.KS2, KS2: model.KS2Result{KS1APS: model.Some(15)}})
	m := measures.MeasureByID("ks4_p8")
	if m == nil {
		t.Fatal("no ks4_p8 measure")
	}
	floor := -2.0
	params := model.NationalParams{Measures: map[model.MeasureID]map[model.Year]model.MeasureParams{
		"ks4_p8": {2025: {Floors: []model.Floor{{PriorFrom: 0, PriorTo: 200, Min: floor}}}},
	}}
	scores := measures.ScorePupils(m, pupils, params, nil)
	groups := []model.GroupID{"disadvantaged", "male", "pa_low"}

	want := 0
	adjusted := 0
	for i, s := range scores {
		if s.InCohort && Prior(&pupils[i]).Valid {
			want++
			if s.Adjusted {
				adjusted++
			}
		}
	}
	if adjusted == 0 {
		t.Fatal("test data has no adjusted score")
	}
	tests := []struct {
		name  string
		named bool
	}{{"anonymised", false}, {"named", true}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pts, err := FromScores(pupils, scores, PointOptions{Named: tc.named, Groups: groups})
			if err != nil {
				t.Fatal(err)
			}
			if len(pts) != want {
				t.Errorf("%d points, want %d (pupils in the cohort with prior attainment)", len(pts), want)
			}
			nAdj := 0
			for _, p := range pts {
				if (p.Label != "") != tc.named {
					t.Errorf("point label %q with Named %v", p.Label, tc.named)
				}
				if p.Y < floor {
					t.Errorf("y %v below the floor", p.Y)
				}
				if p.Adjusted {
					nAdj++
					if p.Y != floor {
						t.Errorf("adjusted y %v, want the floor", p.Y)
					}
				}
				for _, g := range p.Groups {
					if !slices.Contains(groups, g) {
						t.Errorf("point has group %s not asked for", g)
					}
				}
			}
			if nAdj != adjusted {
				t.Errorf("%d adjusted points, want %d", nAdj, adjusted)
			}
			// The points make a chart of the matching profile.
			opts, err := GroupOptions(groups...)
			if err != nil {
				t.Fatal(err)
			}
			b, err := ScatterJSON(ScatterSpec{ID: "p8", Points: pts, HighlightGroups: opts, Named: tc.named, YDecimals: 2, XDecimals: 1})
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(string(b), "Pupil "); got != tc.named {
				t.Errorf("names in the chart = %v, want %v", got, tc.named)
			}
		})
	}

	if _, err := FromScores(pupils, scores[1:], PointOptions{}); err == nil {
		t.Error("mismatched lengths accepted")
	}
	if _, err := FromScores(pupils, scores, PointOptions{Groups: []model.GroupID{"disadvantged"}}); err == nil {
		t.Error("unknown group accepted")
	}
	if _, err := GroupOptions("nope"); err == nil {
		t.Error("GroupOptions accepted an unknown group")
	}
}

func TestAccessibleTable(t *testing.T) {
	tests := []struct {
		name  string
		named bool
	}{{"anonymised", false}, {"named", true}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spec := testSpec(tc.named)
			rows, err := AccessibleTable(spec)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != len(spec.Points) {
				t.Fatalf("%d rows, want %d", len(rows), len(spec.Points))
			}
			_, d := mustJSON(t, spec)
			// Same figures as the chart: every row is a chart point.
			chartPts := map[[2]float64]int{}
			for _, it := range d.items() {
				v := it["value"].([]any)
				chartPts[[2]float64{v[0].(float64), v[1].(float64)}]++
			}
			for i, r := range rows {
				if i > 0 && (rows[i-1].X > r.X || rows[i-1].X == r.X && rows[i-1].Y > r.Y) {
					t.Errorf("rows not sorted at %d", i)
				}
				k := [2]float64{r.X, r.Y}
				if chartPts[k] == 0 {
					t.Errorf("row %v is not a chart point", k)
				}
				chartPts[k]--
				if (r.Name != "") != tc.named {
					t.Errorf("row name %q with Named %v", r.Name, tc.named)
				}
			}
			first := rows[0] // x 92.0: the adjusted, disadvantaged EAL boy
			if first.XText != "92.0" || first.YText != "-3.10" || !first.Adjusted ||
				!slices.Equal(first.Groups, []string{"Male", "Disadvantaged", "English additional language"}) {
				t.Errorf("first row %+v", first)
			}
			if tc.named && first.Name != neutralise(markerName) {
				t.Errorf("first row name %q", first.Name)
			}
			for _, r := range rows {
				if r.YText == "-0.00" {
					t.Error("negative zero shown")
				}
			}
		})
	}
}
