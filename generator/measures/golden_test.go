package measures

import (
	"testing"

	"github.com/reportpack/reportpack/generator/model"
)

// ks4Fixture is four KS4 pupils whose every figure is worked out by hand
// in the table below.
func ks4Fixture() ([]model.Pupil, model.Estimates) {
	ps := []model.Pupil{
		// p1: progress scores given in the file.
		pupil(model.KS4, female, disadv, kPrior(105), kA8(60), kP8(1.0), func(p *model.Pupil) {
			r := &p.KS4
			r.A8Eng, r.A8Mat, r.A8EBacc, r.A8Open = num(14), num(12), num(18), num(16)
			r.P8Eng, r.P8Mat, r.P8EBacc, r.P8Open = num(1.2), num(0.8), num(1.1), num(0.9)
			r.EBaccEntered, r.EBaccAPS, r.EMGrade5, r.EMGrade4 = model.FlagYes, num(5.5), model.FlagYes, model.FlagYes
		}),
		// p2: no progress scores: computed from the estimates for KS2 APS 95.
		pupil(model.KS4, kPrior(95), kA8(40), func(p *model.Pupil) {
			r := &p.KS4
			r.A8Eng, r.A8Mat, r.A8EBacc, r.A8Open = num(10), num(8), num(12), num(10)
			r.EBaccEntered, r.EBaccAPS, r.EMGrade5, r.EMGrade4 = model.FlagNo, num(3.0), model.FlagNo, model.FlagYes
		}),
		// p3: no prior attainment: in the KS4 cohort, not the P8 cohort.
		pupil(model.KS4, kA8(30), kP8(2.0), func(p *model.Pupil) {
			r := &p.KS4
			r.A8Eng, r.A8Mat, r.A8EBacc, r.A8Open = num(8), num(6), num(9), num(7)
		}),
		// p4: given scores, low.
		pupil(model.KS4, female, kPrior(110), kA8(20), kP8(-2.0), func(p *model.Pupil) {
			r := &p.KS4
			r.A8Eng, r.A8Mat, r.A8EBacc, r.A8Open = num(4), num(4), num(6), num(6)
			r.P8Eng, r.P8Mat, r.P8EBacc, r.P8Open = num(-2.5), num(-2.0), num(-1.5), num(-2.1)
			r.EBaccEntered, r.EBaccAPS, r.EMGrade5, r.EMGrade4 = model.FlagNo, num(2.5), model.FlagNo, model.FlagNo
		}),
	}
	est := model.Estimates{
		{Year: year, Measure: "ks4_a8", PriorFrom: 90, PriorTo: 100, Estimate: 36},
		{Year: year, Measure: "ks4_a8_eng", PriorFrom: 90, PriorTo: 100, Estimate: 9},
		{Year: year, Measure: "ks4_a8_mat", PriorFrom: 90, PriorTo: 100, Estimate: 8},
		{Year: year, Measure: "ks4_a8_ebacc", PriorFrom: 90, PriorTo: 100, Estimate: 9},
		{Year: year, Measure: "ks4_a8_open", PriorFrom: 90, PriorTo: 100, Estimate: 13},
		// Another year's estimate must not be used.
		{Year: year - 1, Measure: "ks4_a8", PriorFrom: 0, PriorTo: 200, Estimate: 0},
	}
	return ps, est
}

// ks2Fixture is five KS2 pupils, with codes and blanks, worked out by hand.
func ks2Fixture() ([]model.Pupil, model.Estimates, model.NationalParams) {
	k := func(prior float64, rd, mt, gp model.TestResult, w model.WritingTA) func(*model.Pupil) {
		return func(p *model.Pupil) {
			if prior >= 0 {
				p.KS2.KS1APS = num(prior)
			}
			p.KS2.Read, p.KS2.Mat, p.KS2.GPS, p.KS2.Writ = rd, mt, gp, w
		}
	}
	ps := []model.Pupil{
		pupil(model.KS2, k(15, score(105), score(112), score(110), "EXS"), func(p *model.Pupil) { p.KS2.ReadProg = num(2.0) }),
		pupil(model.KS2, k(10, code(model.TestAbsent), score(99), score(100), "WTS")),
		pupil(model.KS2, k(19, score(111), score(110), code(model.TestBelow), "GDS")),
		pupil(model.KS2, k(-1, code(model.TestUnable), score(100), score(95), "")),
		pupil(model.KS2, k(16, code(model.TestBlank), score(115), score(120), "GDS")),
	}
	var est model.Estimates
	for _, e := range []struct {
		m          model.MeasureID
		lo, mi, hi float64
	}{{"ks2_read", 98, 103, 108}, {"ks2_writ", 99, 103, 107}, {"ks2_mat", 97, 104, 109}} {
		est = append(est,
			model.Estimate{Year: year, Measure: e.m, PriorFrom: 0, PriorTo: 12, Estimate: e.lo},
			model.Estimate{Year: year, Measure: e.m, PriorFrom: 12, PriorTo: 18, Estimate: e.mi},
			model.Estimate{Year: year, Measure: e.m, PriorFrom: 18, PriorTo: 22, Estimate: e.hi})
	}
	params := model.NationalParams{
		WritingNominal: map[model.Year]map[model.WritingTA]float64{year: {"WTS": 91, "EXS": 103, "GDS": 113}},
		Measures: map[model.MeasureID]map[model.Year]model.MeasureParams{
			"ks2_writ_prog": {year: {Floors: []model.Floor{{PriorFrom: 0, PriorTo: 12, Min: -5}}}},
		},
	}
	return ps, est, params
}

// TestEveryMeasureGolden checks each measure's all-pupils figure against a
// hand computation; the comment on each row shows the working.
func TestEveryMeasureGolden(t *testing.T) {
	ps4, est4 := ks4Fixture()
	ps2, est2, params2 := ks2Fixture()
	r4 := Compute(ps4, nil, model.NationalParams{}, est4, Options{})
	r2 := Compute(ps2, nil, params2, est2, Options{})

	tests := []struct {
		id         model.MeasureID
		cohort     int
		value      float64
		unadjusted float64 // progress measures only
		adjusted   int
	}{
		{"ks4_p8", 3, (1.0 + 0.4 - 2.0) / 3, (1.0 + 0.4 - 2.0) / 3, 0},       // p2: (40-36)/10 = 0.4; p3 has no KS2 APS
		{"ks4_p8_unadj", 3, (1.0 + 0.4 - 2.0) / 3, 0, 0},                     // no floors: equal to adjusted
		{"ks4_p8_eng", 3, (1.2 + 0.5 - 2.5) / 3, (1.2 + 0.5 - 2.5) / 3, 0},   // p2: (10-9)/2
		{"ks4_p8_mat", 3, (0.8 + 0 - 2.0) / 3, (0.8 + 0 - 2.0) / 3, 0},       // p2: (8-8)/2
		{"ks4_p8_ebacc", 3, (1.1 + 1.0 - 1.5) / 3, (1.1 + 1.0 - 1.5) / 3, 0}, // p2: (12-9)/3
		{"ks4_p8_open", 3, (0.9 - 1.0 - 2.1) / 3, (0.9 - 1.0 - 2.1) / 3, 0},  // p2: (10-13)/3
		{"ks4_a8", 4, (60 + 40 + 30 + 20) / 4.0, 0, 0},
		{"ks4_a8_eng", 4, (14 + 10 + 8 + 4) / 4.0, 0, 0},
		{"ks4_a8_mat", 4, (12 + 8 + 6 + 4) / 4.0, 0, 0},
		{"ks4_a8_ebacc", 4, (18 + 12 + 9 + 6) / 4.0, 0, 0},
		{"ks4_a8_open", 4, (16 + 10 + 7 + 6) / 4.0, 0, 0},
		{"ks4_ebacc_entry", 4, 25, 0, 0},                  // p1 of 4; p3's unrecorded flag counts as no
		{"ks4_ebacc_aps", 3, (5.5 + 3.0 + 2.5) / 3, 0, 0}, // p3 has no EBacc APS
		{"ks4_em5", 4, 25, 0, 0},
		{"ks4_em4", 4, 50, 0, 0},

		{"ks2_rwm_exp", 5, 40, 0, 0},   // pupils 1 and 3; 5 has a blank reading result
		{"ks2_rwm_high", 5, 20, 0, 0},  // pupil 3: 111, 110, GDS
		{"ks2_read_exp", 5, 40, 0, 0},  // 105, 111 of 5: A, T and blank stay in the denominator
		{"ks2_writ_exp", 5, 60, 0, 0},  // EXS, GDS, GDS
		{"ks2_mat_exp", 5, 80, 0, 0},   // 112, 110, 100, 115
		{"ks2_gps_exp", 5, 60, 0, 0},   // 110, 100, 120; B and 95 do not meet it
		{"ks2_writ_high", 5, 40, 0, 0}, // GDS, GDS
		{"ks2_read_high", 5, 20, 0, 0}, // 111
		{"ks2_mat_high", 5, 60, 0, 0},  // 112, 110, 115
		{"ks2_gps_high", 5, 40, 0, 0},  // 110, 120
		{"ks2_read_ss", 2, 108, 0, 0},  // (105+111)/2 over pupils with a score
		{"ks2_mat_ss", 5, 107.2, 0, 0}, // 536/5
		{"ks2_gps_ss", 4, 106.25, 0, 0},
		// Reading: pupil 1's own 2.0; pupil 3 111-108 = 3; 2 absent, 4 no KS1, 5 blank.
		{"ks2_read_prog", 2, 2.5, 2.5, 0},
		// Writing, nominal scores: 103-103 = 0, 91-99 = -8 raised to the floor -5, 113-107 = 6, 113-103 = 10.
		{"ks2_writ_prog", 4, (0 - 5 + 6 + 10) / 4.0, (0 - 8 + 6 + 10) / 4.0, 1},
		// Maths: 112-104, 99-97, 110-109, 115-104.
		{"ks2_mat_prog", 4, (8 + 2 + 1 + 11) / 4.0, (8 + 2 + 1 + 11) / 4.0, 0},
	}
	seen := map[model.MeasureID]bool{}
	for _, tc := range tests {
		t.Run(string(tc.id), func(t *testing.T) {
			m := MeasureByID(tc.id)
			r := r4
			if m.KeyStage == model.KS2 {
				r = r2
			}
			c := cell(t, r, m.KeyStage, year, tc.id, "all")
			if c.Cohort != tc.cohort || !c.Has || !near(c.Value, tc.value) {
				t.Errorf("cohort %d value %v (has %v), want %d, %v", c.Cohort, c.Value, c.Has, tc.cohort, tc.value)
			}
			if m.Kind == KindProgress && (!near(c.Unadjusted, tc.unadjusted) || c.AdjustedPupils != tc.adjusted) {
				t.Errorf("unadjusted %v, adjusted pupils %d, want %v, %d", c.Unadjusted, c.AdjustedPupils, tc.unadjusted, tc.adjusted)
			}
			if c.CI.Valid || c.Band != BandNone {
				t.Errorf("no sd given, yet CI %+v band %v", c.CI, c.Band)
			}
			h := r.KeyStage(m.KeyStage).Latest().Headline(tc.id)
			if h == nil || h.Cell != c {
				t.Errorf("headline %+v differs from the all-pupils cell %+v", h, c)
			}
		})
		seen[tc.id] = true
	}
	for _, m := range keyStageMeasures() {
		if !seen[m.ID] {
			t.Errorf("measure %s has no golden test", m.ID)
		}
	}
}

func TestScorePupils(t *testing.T) {
	ps, est := ks4Fixture()
	params := model.NationalParams{Measures: map[model.MeasureID]map[model.Year]model.MeasureParams{
		"ks4_p8": {year: {Floors: []model.Floor{{PriorFrom: 100, PriorTo: 121, Min: -1.5}}}},
	}}
	got := ScorePupils(MeasureByID("ks4_p8"), ps, params, est)
	want := []PupilScore{
		{InCohort: true, Value: 1.0, Raw: 1.0},
		{InCohort: true, Value: 0.4, Raw: 0.4}, // from the estimate: (40-36)/10
		{},                                     // no prior attainment
		{InCohort: true, Value: -1.5, Raw: -2.0, Adjusted: true},
	}
	for i := range want {
		if got[i].InCohort != want[i].InCohort || !near(got[i].Value, want[i].Value) || !near(got[i].Raw, want[i].Raw) || got[i].Adjusted != want[i].Adjusted {
			t.Errorf("pupil %d: %+v, want %+v", i+1, got[i], want[i])
		}
	}
	// The same pupils aggregate to Compute's cell.
	c := cell(t, Compute(ps, nil, params, est, Options{}), model.KS4, year, "ks4_p8", "all")
	if !near(c.Value, (1.0+0.4-1.5)/3) || c.AdjustedPupils != 1 {
		t.Errorf("cell %+v", c)
	}
	if s := ScorePupils(MeasureByID("ks2_read_ss"), ps, params, est); s[0].InCohort {
		t.Errorf("a KS4 pupil scored for a KS2 measure")
	}
}

// TestASPExample rebuilds ASP's Progress 8 headline: 191 pupils, P8 0.77
// (0.75 unadjusted, 2 pupils adjusted), sd 1.41: interval 0.57 to 0.97,
// well above average.
func TestASPExample(t *testing.T) {
	var ps []model.Pupil
	add := func(prior, p8 float64) { ps = append(ps, pupil(model.KS4, kPrior(prior), kP8(p8))) }
	// 94 pairs symmetric about 0.82 and one pupil at 0.51 sum to 154.67;
	// two pupils at -5.71 raised to the floor -3.8 add -7.6 (raw -11.42):
	// adjusted 147.07/191 = 0.77, unadjusted 143.25/191 = 0.75.
	for i := range 94 {
		d := float64(i%10) / 7
		add(96+float64(i%20), 0.82+d)
		add(100+float64(i%15), 0.82-d)
	}
	add(104, 0.51)
	add(90, -5.71)
	add(92, -5.71)
	params := model.NationalParams{Measures: map[model.MeasureID]map[model.Year]model.MeasureParams{
		"ks4_p8": {year: {SD: ptr(1.41), WellAbove: ptr(0.5), WellBelow: ptr(-0.5),
			Quintiles: []float64{0.45, 0.15, -0.12, -0.42},
			Floors:    []model.Floor{{PriorFrom: 0, PriorTo: 95, Min: -3.8}, {PriorFrom: 95, PriorTo: 121, Min: -3.1}}}},
	}}
	nat := model.NationalFigures{{Year: year, Measure: "ks4_p8", Group: "all"}: -0.03}
	// ASP shows named data, unsuppressed.
	r := Compute(ps, nat, params, nil, Options{})
	h := r.KeyStage(model.KS4).Latest().Headline("ks4_p8")
	c := h.Cell
	m := h.Measure
	if c.Cohort != 191 || !near(c.Value, 0.77) || !near(c.Unadjusted, 0.75) || c.AdjustedPupils != 2 {
		t.Fatalf("cohort %d P8 %v unadjusted %v adjusted pupils %d; want 191, 0.77, 0.75, 2", c.Cohort, c.Value, c.Unadjusted, c.AdjustedPupils)
	}
	// Suppressed at 6, the two floored pupils' raises (191 x (0.77 - 0.75))
	// are hidden: their count and the unadjusted mean show "x", the
	// adjusted mean still shows.
	supp := Compute(ps, nat, params, nil, Options{MinCohort: 6})
	sr := supp.KeyStage(model.KS4).Latest()
	if sc := sr.Headline("ks4_p8").Cell; sc.Value != c.Value || !sc.AdjustedSuppressed || sc.AdjustedPupils != 0 || sc.Unadjusted != 0 {
		t.Errorf("suppressed at 6: %+v", sc)
	}
	if u := sr.Headline("ks4_p8_unadj").Cell; !u.Suppressed || u.Has {
		t.Errorf("unadjusted P8 beside 2 floored pupils: %+v, want suppressed", u)
	}
	if got := m.Format(c.CI.Lower) + " to " + m.Format(c.CI.Upper); got != "0.57 to 0.97" {
		t.Errorf("interval %s, want 0.57 to 0.97", got)
	}
	if c.Band != BandWellAbove || c.Band.Label() != "Well above average" || c.Band.ID() != "well_above" {
		t.Errorf("band %v %q", c.Band, c.Band.Label())
	}
	if !c.National.Valid || c.National.V != -0.03 {
		t.Errorf("national %+v, want -0.03", c.National)
	}
	if h.Quintile != 1 || h.Percentile != 0 {
		t.Errorf("quintile %d percentile %d, want Q1 and none", h.Quintile, h.Percentile)
	}
	if u := cell(t, r, model.KS4, year, "ks4_p8_unadj", "all"); !near(u.Value, 0.75) || u.CI.Valid {
		t.Errorf("unadjusted measure %+v", u)
	}
}

// TestFloorAdjustment: a pupil below the floor for their prior attainment
// band is raised to it in the adjusted measure only, and counted.
func TestFloorAdjustment(t *testing.T) {
	ps := []model.Pupil{
		pupil(model.KS4, kPrior(90), kP8(-4.5)), // band [0,95) floor -3.8: raised by 0.7
		pupil(model.KS4, kPrior(96), kP8(-3.5)), // band [95,121) floor -3.1: raised by 0.4
		pupil(model.KS4, kPrior(94), kP8(-3.5)), // above its floor -3.8
		pupil(model.KS4, kPrior(121), kP8(-9)),  // outside every floor band: unchanged
		pupil(model.KS4, kPrior(100), kP8(1.0)),
	}
	params := model.NationalParams{Measures: map[model.MeasureID]map[model.Year]model.MeasureParams{
		"ks4_p8": {year: {Floors: []model.Floor{{PriorFrom: 0, PriorTo: 95, Min: -3.8}, {PriorFrom: 95, PriorTo: 121, Min: -3.1}}}},
	}}
	r := Compute(ps, nil, params, nil, Options{})
	raw := (-4.5 - 3.5 - 3.5 - 9 + 1.0) / 5
	adj := (-3.8 - 3.1 - 3.5 - 9 + 1.0) / 5
	c := cell(t, r, model.KS4, year, "ks4_p8", "all")
	if !near(c.Value, adj) || !near(c.Unadjusted, raw) || c.AdjustedPupils != 2 {
		t.Errorf("adjusted %v unadjusted %v count %d; want %v %v 2", c.Value, c.Unadjusted, c.AdjustedPupils, adj, raw)
	}
	if u := cell(t, r, model.KS4, year, "ks4_p8_unadj", "all"); !near(u.Value, raw) {
		t.Errorf("ks4_p8_unadj %v, want %v", u.Value, raw)
	}
	// Elements have no floors of their own configured: unadjusted.
	ps[0].KS4.P8Eng = num(-9)
	r = Compute(ps, nil, params, nil, Options{})
	if e := cell(t, r, model.KS4, year, "ks4_p8_eng", "all"); e.Value != -9 || e.AdjustedPupils != 0 {
		t.Errorf("element with no floors: %+v", e)
	}
}

// TestNationalComparators: the disadvantaged row is compared with national
// non-disadvantaged pupils by default and with national disadvantaged
// pupils after "switch comparator"; groups the national file lacks fall
// back to all pupils; a missing figure is absent.
func TestNationalComparators(t *testing.T) {
	var ps []model.Pupil
	for i := range 10 {
		mods := []func(*model.Pupil){kPrior(100), kP8(float64(i) / 10), kA8(50)}
		if i < 4 {
			mods = append(mods, disadv, senK)
		}
		if i%2 == 0 {
			mods = append(mods, female)
		}
		ps = append(ps, pupil(model.KS4, mods...))
	}
	nat := model.NationalFigures{}
	set := func(g model.GroupID, v float64) { nat[model.NationalKey{Year: year, Measure: "ks4_p8", Group: g}] = v }
	set("all", -0.03)
	set("disadvantaged", -0.57)
	set("other", 0.17)
	set("male", -0.17)
	set("female", 0.12)
	set("no_sen", 0.08)

	r := Compute(ps, nat, model.NationalParams{}, nil, Options{})
	tests := []struct {
		group     model.GroupID
		national  float64
		same      float64
		sameIsAll bool
	}{
		{"all", -0.03, -0.03, false},
		{"disadvantaged", 0.17, -0.57, false},
		{"other", 0.17, 0.17, false},
		{"female", 0.12, 0.12, false},
		{"male", -0.17, -0.17, false},
		{"sen_support", -0.03, -0.03, true}, // national file has no sen_support
		{"no_sen", 0.08, 0.08, false},
		{"eng_first", -0.03, -0.03, true},
	}
	for _, tc := range tests {
		c := cell(t, r, model.KS4, year, "ks4_p8", tc.group)
		if !c.National.Valid || c.National.V != tc.national || !c.NationalSame.Valid || c.NationalSame.V != tc.same || c.NationalSameIsAll != tc.sameIsAll {
			t.Errorf("%s: national %+v same %+v (all %v); want %v, %v (all %v)", tc.group, c.National, c.NationalSame, c.NationalSameIsAll, tc.national, tc.same, tc.sameIsAll)
		}
	}
	// fsm compares with national "other", which has no A8 figure: absent, no error.
	if c := cell(t, r, model.KS4, year, "ks4_a8", "disadvantaged"); c.National.Valid || c.NationalSame.Valid || !c.Has {
		t.Errorf("missing national A8 should be absent: %+v", c)
	}
	// Filtered tables carry no national figures at all.
	f, _ := ParseFilter("gender=female")
	row, tb := find(t, r, model.KS4, year, "ks4_p8", "disadvantaged", f)
	c := row.Cells[tb.Column("ks4_p8")]
	if c.National.Valid || c.NationalSame.Valid {
		t.Errorf("filtered cell has national figures: %+v", c)
	}
	// Female disadvantaged pupils: i = 0, 2 -> P8 0.0, 0.2.
	if c.Cohort != 2 || !near(c.Value, 0.1) || row.Cohort != 2 {
		t.Errorf("filtered female disadvantaged: %+v", c)
	}
	if hasRow(r, model.KS4, "ks4_p8", "male", f) || hasRow(r, model.KS4, "ks4_p8", "female", f) {
		t.Errorf("a gender filter leaves out the gender rows")
	}
}

// TestFilteredTable: a filtered table recomputes every row over the pupils
// passing the filter, leaves out empty rows and its own dimensions, and
// filters that select nobody are skipped (no suppression).
func TestFilteredTable(t *testing.T) {
	ps := []model.Pupil{
		pupil(model.KS4, kA8(40)),
		pupil(model.KS4, kA8(50), mobileP),
		pupil(model.KS4, kA8(60), senK, mobileP),
		pupil(model.KS4, kA8(70), senK, female),
	}
	r := Compute(ps, nil, model.NationalParams{}, nil, Options{})
	yr := r.KeyStage(model.KS4).Latest()
	f, err := ParseFilter("mobility=non_mobile;sen=no_sen") // either order parses
	if err != nil || f.String() != "sen=no_sen;mobility=non_mobile" {
		t.Fatalf("ParseFilter: %v %q", err, f)
	}
	if yr.FilterIndex(f) < 0 {
		t.Fatalf("filter %s not computed", f)
	}
	c := cell(t, r, model.KS4, year, "ks4_a8", "all")
	if c.Value != 55 {
		t.Errorf("unfiltered A8 %v", c.Value)
	}
	row, tb := find(t, r, model.KS4, year, "ks4_a8", "all", f)
	if got := row.Cells[tb.Column("ks4_a8")]; got.Value != 40 || got.Cohort != 1 || row.Cohort != 1 {
		t.Errorf("filtered A8 %+v", got)
	}
	for _, g := range []model.GroupID{"female", "no_sen", "sen_support", "mobile", "non_mobile"} {
		if hasRow(r, model.KS4, "ks4_a8", g, f) {
			t.Errorf("filtered table has row %s", g)
		}
	}
	// sen=ehcp selects nobody: skipped; so is sen_support with male mobile? no: pupil 3.
	if i := yr.FilterIndex(Filter{First: "ehcp"}); i >= 0 {
		t.Errorf("empty filter computed")
	}
	if i := yr.FilterIndex(Filter{First: "female", Second: "mobile"}); i >= 0 {
		t.Errorf("empty pair filter computed")
	}
	for i, tbl := range yr.Tables {
		if len(tbl.Filtered) != len(yr.Filters) {
			t.Fatalf("table %d has %d filtered views for %d filters", i, len(tbl.Filtered), len(yr.Filters))
		}
		for j := range tbl.Filtered {
			if tbl.Filtered[j].Filter != yr.Filters[j] {
				t.Fatalf("table %d filter %d out of order", i, j)
			}
		}
	}
}

// TestSuppressionPartition: a group under the threshold is suppressed, and
// so is its partition's next smallest group; a partition with two small
// groups needs nothing more; the per-measure cohort is suppressed the same
// way; a filter selecting too few pupils is hidden whole, and so is one
// whose pupils are hidden in the unfiltered table.
func TestSuppressionPartition(t *testing.T) {
	var ps []model.Pupil
	in := func(i int, set ...int) bool {
		for _, s := range set {
			if i == s {
				return true
			}
		}
		return false
	}
	for i := range 48 {
		mods := []func(*model.Pupil){kA8(float64(30 + i%17))}
		if i >= 24 { // male 24, female 24
			mods = append(mods, female)
		}
		if in(i, 0, 1, 24) { // disadvantaged 3: primary; other (45) complementary
			mods = append(mods, disadv)
		}
		switch { // no_sen 39, sen_support 5, ehcp 4: two primaries, no complement
		case in(i, 10, 11, 12, 30, 31):
			mods = append(mods, senK)
		case in(i, 13, 14, 32, 33):
			mods = append(mods, senE)
		}
		// P8 cohort: all 24 boys, 4 girls (the others have no P8 score and
		// there are no estimates). Girls' P8 cell primary, boys' complementary.
		mods = append(mods, kPrior(100))
		if i < 28 {
			mods = append(mods, kP8(0.1*float64(i%7)))
		}
		ps = append(ps, pupil(model.KS4, mods...))
	}
	r := Compute(ps, nil, model.NationalParams{}, nil, Options{MinCohort: 6})
	tests := []struct {
		group    model.GroupID
		measure  model.MeasureID
		rowSupp  bool
		cellSupp bool
	}{
		{"all", "ks4_a8", false, false},
		{"disadvantaged", "ks4_a8", true, true}, // 3 < 6
		{"other", "ks4_a8", true, true},         // its sibling: all - other = disadvantaged
		{"no_sen", "ks4_a8", false, false},      // sen_support and ehcp both hidden: enough
		{"sen_support", "ks4_a8", true, true},
		{"ehcp", "ks4_a8", true, true},
		{"male", "ks4_a8", false, false},
		{"female", "ks4_a8", false, false},
		{"female", "ks4_p8", false, true}, // P8 cohort 4 < 6
		{"male", "ks4_p8", false, true},   // P8 cohort 12, but all - male = female
		{"all", "ks4_p8", false, false},
	}
	for _, tc := range tests {
		row, tb := find(t, r, model.KS4, year, tc.measure, tc.group, Filter{})
		c := row.Cells[tb.Column(tc.measure)]
		if row.Suppressed != tc.rowSupp || c.Suppressed != tc.cellSupp {
			t.Errorf("%s %s: row suppressed %v cell %v; want %v %v", tc.group, tc.measure, row.Suppressed, c.Suppressed, tc.rowSupp, tc.cellSupp)
		}
		if c.Suppressed && (c.Has || c.Cohort != 0 || c.Value != 0) {
			t.Errorf("%s %s: a suppressed cell carries figures: %+v", tc.group, tc.measure, c)
		}
		if row.Suppressed && row.Cohort != 0 {
			t.Errorf("%s: suppressed row shows cohort %d", tc.group, row.Cohort)
		}
	}
	yr := r.KeyStage(model.KS4).Latest()
	a8 := yr.Table("ks4_a8")
	for _, tc := range []struct {
		filter string
		hidden bool
	}{
		{"disadvantaged=disadvantaged", true}, // 3 pupils
		{"disadvantaged=other", false},        // 45 pupils: the table shows; the audit hides its count, as the unfiltered row's
		{"gender=male", false},
		{"sen=no_sen", false},
		// Shareable packs list no pairs of filters.
		{"gender=female;sen=ehcp", false},
		{"disadvantaged=disadvantaged;sen=ehcp", false},
		{"gender=female;sen=no_sen", false},
	} {
		f, err := ParseFilter(tc.filter)
		if err != nil {
			t.Fatal(err)
		}
		i := yr.FilterIndex(f)
		if f.Second != "" {
			if i >= 0 {
				t.Errorf("filter %s listed in a shareable pack", tc.filter)
			}
			continue
		}
		if i < 0 {
			t.Errorf("filter %s not listed", tc.filter)
			continue
		}
		ft := a8.Filtered[i]
		if ft.Suppressed != tc.hidden {
			t.Errorf("filter %s: suppressed %v, want %v", tc.filter, ft.Suppressed, tc.hidden)
		}
		if ft.Suppressed && (len(ft.Rows) != 1 || !ft.Rows[0].Suppressed || ft.Rows[0].Group.ID != "all") {
			t.Errorf("filter %s: a hidden table shows only its hidden all-pupils row, got %d rows", tc.filter, len(ft.Rows))
		}
	}
	// Without suppression nothing is hidden and empty filters are skipped.
	r0 := Compute(ps, nil, model.NationalParams{}, nil, Options{})
	if c := cell(t, r0, model.KS4, year, "ks4_a8", "disadvantaged"); c.Suppressed || c.Cohort != 3 {
		t.Errorf("MinCohort 0 suppressed %+v", c)
	}
	if r0.KeyStage(model.KS4).Latest().FilterIndex(Filter{First: "disadvantaged", Second: "ehcp"}) >= 0 {
		t.Errorf("MinCohort 0 lists an empty filter")
	}
}

func TestConfidenceIntervalAndBands(t *testing.T) {
	tests := []struct {
		name             string
		score, sd        float64
		n                int
		wellAbove, below *float64
		lower, upper     float64
		band             Band
	}{
		{"ASP example", 0.77, 1.41, 191, ptr(0.5), ptr(-0.5), 0.57003, 0.96997, BandWellAbove},
		{"above, under the well-above limit", 0.3, 1.41, 191, ptr(0.5), ptr(-0.5), 0.10003, 0.49997, BandAbove},
		{"well above needs lower > 0", 0.6, 1.41, 10, ptr(0.5), ptr(-0.5), -0.27393, 1.47393, BandAverage},
		{"average", 0.1, 1.41, 191, ptr(0.5), ptr(-0.5), -0.09997, 0.29997, BandAverage},
		{"below", -0.3, 1.41, 191, ptr(0.5), ptr(-0.5), -0.49997, -0.10003, BandBelow},
		{"well below at the limit", -0.5, 1.41, 191, ptr(0.5), ptr(-0.5), -0.69997, -0.30003, BandWellBelow},
		{"no limits: only above", 2.0, 1.41, 191, nil, nil, 1.80003, 2.19997, BandAbove},
		{"no limits: only below", -2.0, 1.41, 191, nil, nil, -2.19997, -1.80003, BandBelow},
		{"KS2 scale", -1.26, 5.9, 31, nil, nil, -3.336956, 0.816956, BandAverage},
	}
	for _, tc := range tests {
		ci := ConfidenceInterval(tc.score, tc.sd, tc.n)
		if !ci.Valid || !nearTol(ci.Lower, tc.lower, 1e-5) || !nearTol(ci.Upper, tc.upper, 1e-5) {
			t.Errorf("%s: interval %+v, want %v to %v", tc.name, ci, tc.lower, tc.upper)
		}
		if b := Classify(tc.score, ci, tc.wellAbove, tc.below); b != tc.band {
			t.Errorf("%s: band %s, want %s", tc.name, b.ID(), tc.band.ID())
		}
	}
	if ci := ConfidenceInterval(1, 0, 10); ci.Valid || Classify(1, ci, nil, nil) != BandNone {
		t.Errorf("no sd must give no interval and no band")
	}
	if ci := ConfidenceInterval(1, 1.4, 0); ci.Valid {
		t.Errorf("no pupils must give no interval")
	}
}

func nearTol(a, b, tol float64) bool { return a-b < tol && b-a < tol }

func TestProgressCellBandFromParams(t *testing.T) {
	// KS2 reading progress with an sd and no limits: above/average/below only.
	var ps []model.Pupil
	for i := range 30 {
		ps = append(ps, pupil(model.KS2, func(p *model.Pupil) {
			p.KS2.KS1APS = num(15)
			p.KS2.ReadProg = num(3 + float64(i%3))
		}))
	}
	params := model.NationalParams{Measures: map[model.MeasureID]map[model.Year]model.MeasureParams{
		"ks2_read_prog": {year: {SD: ptr(6)}},
	}}
	c := cell(t, Compute(ps, nil, params, nil, Options{}), model.KS2, year, "ks2_read_prog", "all")
	// 4 ± 1.96 × 6 / √30 = 4 ± 2.147
	if !c.CI.Valid || !nearTol(c.CI.Lower, 4-1.96*6/5.477225575, 1e-6) || c.Band != BandAbove {
		t.Errorf("cell %+v", c)
	}
}

func TestQuintilesAndPercentiles(t *testing.T) {
	q := []float64{0.45, 0.15, -0.12, -0.42}
	for _, tc := range []struct {
		v    float64
		want int
	}{{0.9, 1}, {0.45, 1}, {0.44, 2}, {0.15, 2}, {0, 3}, {-0.12, 3}, {-0.3, 4}, {-0.42, 4}, {-0.43, 5}} {
		if got := NationalQuintile(tc.v, q); got != tc.want {
			t.Errorf("quintile(%v) = %d, want %d", tc.v, got, tc.want)
		}
	}
	if NationalQuintile(1, q[:3]) != 0 {
		t.Errorf("three cut points are not quintiles")
	}
	pc := make([]float64, 99) // percentile i (1-based) starts at (100-i)/100
	for i := range pc {
		pc[i] = float64(99-i) / 100
	}
	for _, tc := range []struct {
		v    float64
		want int
	}{{1, 1}, {0.99, 1}, {0.985, 2}, {0.5, 50}, {0.01, 99}, {0.005, 100}, {-3, 100}} {
		if got := NationalPercentile(tc.v, pc); got != tc.want {
			t.Errorf("percentile(%v) = %d, want %d", tc.v, got, tc.want)
		}
	}
	// A headline with only percentiles gets its quintile from the rank.
	params := model.NationalParams{Measures: map[model.MeasureID]map[model.Year]model.MeasureParams{
		"ks4_a8": {year: {Percentiles: func() []float64 {
			out := make([]float64, 99)
			for i := range out {
				out[i] = 90 - float64(i+1)*0.9
			}
			return out
		}()}},
	}}
	r := Compute([]model.Pupil{pupil(model.KS4, kA8(45.04))}, nil, params, nil, Options{})
	h := r.KeyStage(model.KS4).Latest().Headline("ks4_a8")
	// Shown as 45.0: percentile 50 starts at 45.0, so rank 50, quintile 3.
	if h.Percentile != 50 || h.Quintile != 3 {
		t.Errorf("percentile %d quintile %d, want 50, 3", h.Percentile, h.Quintile)
	}
}

func TestBuildQuintiles(t *testing.T) {
	vals := make([]model.Num, 25)
	for i := range 24 {
		vals[i] = model.Some(float64(i))
	}
	// vals[24] absent; 24 present: 23 is top.
	q := BuildQuintiles(vals)
	want := map[int]int{23: 1, 19: 1, 18: 2, 14: 2, 13: 3, 0: 5, 24: 0}
	for i, w := range want {
		if q[i] != w {
			t.Errorf("school %d: quintile %d, want %d", i, q[i], w)
		}
	}
	if BuildQuintiles(vals[:19]) != nil {
		t.Errorf("19 schools get no within-build quintile")
	}
	same := make([]model.Num, 20)
	for i := range same {
		same[i] = model.Some(1)
	}
	for _, v := range BuildQuintiles(same) {
		if v != 1 {
			t.Fatalf("equal values must share a quintile")
		}
	}
	// AssignBuildQuintiles over Results.
	var schools []Results
	for i := range 20 {
		p := pupil(model.KS4, kA8(float64(10+i)))
		p.URN = urnOf(i) // schools are told apart by URN
		schools = append(schools, Compute([]model.Pupil{p}, nil, model.NationalParams{}, nil, Options{}))
	}
	AssignBuildQuintiles(schools)
	if h := schools[19].KeyStages[0].Years[0].Headline("ks4_a8"); h.BuildQuintile != 1 {
		t.Errorf("top school quintile %d", h.BuildQuintile)
	}
	if h := schools[0].KeyStages[0].Years[0].Headline("ks4_a8"); h.BuildQuintile != 5 {
		t.Errorf("bottom school quintile %d", h.BuildQuintile)
	}
	if h := schools[0].KeyStages[0].Years[0].Headline("ks4_p8"); h.BuildQuintile != 0 {
		t.Errorf("no P8 figures, yet quintile %d", h.BuildQuintile)
	}
	// Two passes: rank from headlines only, apply to each full result.
	var cheap []Results
	for i := range 20 {
		p := pupil(model.KS4, kA8(float64(10+i)))
		p.URN = urnOf(i)
		cheap = append(cheap, Compute([]model.Pupil{p}, nil, model.NationalParams{}, nil, Options{HeadlinesOnly: true}))
	}
	rank := RankBuild(cheap)
	p := pupil(model.KS4, kA8(29))
	p.URN = urnOf(19)
	full := Compute([]model.Pupil{p}, nil, model.NationalParams{}, nil, Options{})
	rank.Apply(&full)
	if q := full.KeyStages[0].Years[0].Headline("ks4_a8").BuildQuintile; q != 1 || rank.Quintile(urnOf(0), model.KS4, year, "ks4_a8") != 5 {
		t.Errorf("two-pass quintile %d", q)
	}
}

func TestTrend(t *testing.T) {
	var ps []model.Pupil
	for y := model.Year(2021); y <= 2025; y++ {
		p := pupil(model.KS4, kA8(float64(y-2000)))
		p.Year = y
		ps = append(ps, p)
	}
	r := Compute(ps, nil, model.NationalParams{}, nil, Options{})
	ks := r.KeyStage(model.KS4)
	if len(ks.Years) != 5 || ks.Years[0].Year != 2021 {
		t.Fatalf("years %d", len(ks.Years))
	}
	tr := ks.Trend("ks4_a8", 2025, 3)
	h := ks.Latest().Headline("ks4_a8")
	if len(tr) != 3 || tr[0].Year != 2023 || tr[2].Cell.Value != 25 || len(h.Trend) != 3 || h.Trend[0] != tr[0] {
		t.Errorf("trend %+v, headline trend %+v", tr, h.Trend)
	}
	if first := ks.Years[0].Headline("ks4_a8"); len(first.Trend) != 1 || first.Trend[0].Year != 2021 {
		t.Errorf("first year's trend %+v", first.Trend)
	}
}

func TestFormatAndFilterStrings(t *testing.T) {
	p8, pct, a8 := MeasureByID("ks4_p8"), MeasureByID("ks4_em5"), MeasureByID("ks4_a8")
	for _, tc := range []struct {
		m    *Measure
		v    float64
		want string
	}{{p8, 0.7749, "0.77"}, {p8, 0.775, "0.78"}, {p8, -0.001, "0.00"}, {pct, 62.5, "63"}, {a8, 45.25, "45.3"}, {pct, 100, "100"}} {
		if got := tc.m.Format(tc.v); got != tc.want {
			t.Errorf("%s.Format(%v) = %q, want %q", tc.m.ID, tc.v, got, tc.want)
		}
	}
	f, err := NewFilter("eth_asian", "male")
	if err != nil || f.String() != "gender=male;ethnicity=eth_asian" || f.Label() != "Male, Asian" {
		t.Errorf("NewFilter: %q %v", f, err)
	}
	if g, err := ParseFilter(f.String()); err != nil || g != f {
		t.Errorf("round trip: %v %v", g, err)
	}
	for _, bad := range []string{"gender=eal", "gender=male;gender=female", "sen", "x=y", "gender=male;sen=ehcp;prior=pa_low"} {
		if _, err := ParseFilter(bad); err == nil {
			t.Errorf("ParseFilter(%q) accepted", bad)
		}
	}
	if _, err := NewFilter("fsm"); err == nil {
		t.Errorf("fsm is not a filter value")
	}
}

func TestPriorBandsOption(t *testing.T) {
	ps := []model.Pupil{
		pupil(model.KS4, kPrior(99.9)), pupil(model.KS4, kPrior(100)), pupil(model.KS4, kPrior(109.9)), pupil(model.KS4, kPrior(110)),
		pupil(model.KS2, func(p *model.Pupil) { p.KS2.KS1APS = num(11.9) }),
		pupil(model.KS2, func(p *model.Pupil) { p.KS2.KS1APS = num(12) }),
		pupil(model.KS2, func(p *model.Pupil) { p.KS2.KS1APS = num(18) }),
		pupil(model.KS2),
	}
	rowCohort := func(r Results, ks model.KeyStage, tbl string, g model.GroupID) int {
		rows, _ := r.KeyStage(ks).Latest().Table(tbl).Rows(Filter{})
		for _, row := range rows {
			if row.Group.ID == g {
				return row.Cohort
			}
		}
		return 0
	}
	r := Compute(ps, nil, model.NationalParams{}, nil, Options{})
	got := []int{rowCohort(r, model.KS4, "ks4_a8", "pa_low"), rowCohort(r, model.KS4, "ks4_a8", "pa_middle"), rowCohort(r, model.KS4, "ks4_a8", "pa_high"),
		rowCohort(r, model.KS2, "ks2_rwm", "pa_low"), rowCohort(r, model.KS2, "ks2_rwm", "pa_middle"), rowCohort(r, model.KS2, "ks2_rwm", "pa_high")}
	if want := []int{1, 2, 1, 1, 1, 1}; !equalInts(got, want) {
		t.Errorf("default bands %v, want %v", got, want)
	}
	r = Compute(ps, nil, model.NationalParams{}, nil, Options{KS4PriorBands: [2]float64{105, 115}, KS2PriorBands: [2]float64{13, 20}})
	got = []int{rowCohort(r, model.KS4, "ks4_a8", "pa_low"), rowCohort(r, model.KS4, "ks4_a8", "pa_middle"), rowCohort(r, model.KS4, "ks4_a8", "pa_high"),
		rowCohort(r, model.KS2, "ks2_rwm", "pa_low"), rowCohort(r, model.KS2, "ks2_rwm", "pa_middle"), rowCohort(r, model.KS2, "ks2_rwm", "pa_high")}
	if want := []int{2, 2, 0, 2, 1, 0}; !equalInts(got, want) {
		t.Errorf("custom bands %v, want %v", got, want)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestRegistries(t *testing.T) {
	want := []model.GroupID{"all", "male", "female", "disadvantaged", "other", "fsm", "cla", "no_sen", "sen_support", "ehcp",
		"eng_first", "eal", "pa_low", "pa_middle", "pa_high", "non_mobile", "mobile", "eth_white", "eth_mixed", "eth_asian",
		"eth_black", "eth_chinese", "eth_other", "eth_unclassified", "birth_autumn", "birth_spring", "birth_summer"}
	gs := Groups()
	if len(gs) != len(want) {
		t.Fatalf("%d groups", len(gs))
	}
	for i, g := range gs {
		if g.ID != want[i] {
			t.Errorf("group %d is %s, want %s", i, g.ID, want[i])
		}
	}
	comps := map[model.GroupID]Comparator{"all": CompareAll, "male": CompareSame, "disadvantaged": CompareOther, "other": CompareOther,
		"fsm": CompareOther, "cla": CompareAll, "no_sen": CompareSame, "sen_support": CompareAll, "ehcp": CompareAll, "eal": CompareAll,
		"pa_low": CompareSame, "mobile": CompareSame, "eth_black": CompareAll,
		"birth_autumn": CompareSame, "birth_spring": CompareSame, "birth_summer": CompareSame}
	for id, c := range comps {
		if GroupByID(id).Comparator != c {
			t.Errorf("%s comparator %s, want %s", id, GroupByID(id).Comparator, c)
		}
	}
	var dims []DimensionID
	for _, d := range Dimensions() {
		dims = append(dims, d.ID)
	}
	if len(dims) != 8 || dims[0] != "gender" || dims[3] != "mobility" || dims[6] != "ethnicity" || dims[7] != "birth" {
		t.Errorf("dimensions %v", dims)
	}
	if len(Measures(model.KS4)) != 15 || len(Measures(model.KS2)) != 16 {
		t.Errorf("measure counts %d %d", len(Measures(model.KS4)), len(Measures(model.KS2)))
	}
	for _, m := range keyStageMeasures() {
		if (m.Kind == KindProgress) != (m.AdjustedID != "") {
			t.Errorf("%s: adjusted id %q for kind %s", m.ID, m.AdjustedID, m.Kind)
		}
	}
	for _, ks := range KeyStages() {
		for _, td := range TableDefs(ks) {
			if len(td.Short) > 10 {
				t.Errorf("table %s short name %q too long for a sheet name", td.ID, td.Short)
			}
		}
	}
}
