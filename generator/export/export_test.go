package export

import (
	"bytes"
	"encoding/csv"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/model"
)

const year = model.Year(2025)

func ptr(v float64) *float64 { return &v }

// school is 30 KS4 pupils (3 disadvantaged, so that group and its sibling
// are suppressed at 6) and 12 KS2 pupils, with national figures and an sd.
func school() ([]model.Pupil, model.NationalFigures, model.NationalParams) {
	rnd := rand.New(rand.NewPCG(1, 2))
	var ps []model.Pupil
	for i := range 30 {
		p := model.Pupil{URN: "100001", Year: year, KeyStage: model.KS4, Chars: model.Characteristics{
			Gender: model.Male, Disadvantaged: model.FlagNo, SEN: model.SENNone, Language: model.LanguageEnglish,
			NonMobile: model.FlagYes, Ethnicity: model.EthnicityWhite}}
		if i%2 == 1 {
			p.Chars.Gender = model.Female
		}
		if i < 3 {
			p.Chars.Disadvantaged = model.FlagYes
		}
		r := &p.KS4
		r.KS2APS = model.Some(100 + float64(i%12))
		r.P8 = model.Some(float64(i%7)/3 - 0.5)
		if i == 0 {
			r.P8 = model.Some(-6) // below the floor
		}
		r.A8 = model.Some(40 + float64(rnd.IntN(30)))
		r.EMGrade5, r.EMGrade4 = model.FlagOf(i%3 == 0), model.FlagOf(i%3 != 2)
		ps = append(ps, p)
	}
	for i := range 12 {
		p := model.Pupil{URN: "100001", Year: year, KeyStage: model.KS2, Chars: model.Characteristics{Gender: model.Female}}
		p.KS2.Read = model.TestResult{Code: model.TestScored, Score: 95 + i}
		p.KS2.Mat = model.TestResult{Code: model.TestAbsent}
		ps = append(ps, p)
	}
	nat := model.NationalFigures{
		{Year: year, Measure: "ks4_p8", Group: "all"}:           -0.03,
		{Year: year, Measure: "ks4_p8", Group: "other"}:         0.17,
		{Year: year, Measure: "ks4_p8", Group: "disadvantaged"}: -0.57,
		{Year: year, Measure: "ks4_em5", Group: "all"}:          45.3,
	}
	params := model.NationalParams{Measures: map[model.MeasureID]map[model.Year]model.MeasureParams{
		"ks4_p8": {year: {SD: ptr(1.41), WellAbove: ptr(0.5), WellBelow: ptr(-0.5),
			Floors: []model.Floor{{PriorFrom: 0, PriorTo: 200, Min: -3}}}},
	}}
	return ps, nat, params
}

func compute(minCohort int) measures.Results {
	ps, nat, params := school()
	return measures.Compute(ps, nat, params, nil, measures.Options{MinCohort: minCohort})
}

func readCSV(t *testing.T, r measures.Results) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteCSV(&buf, r); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// find returns the record for year, measure, group and filter.
func find(t *testing.T, recs [][]string, measure, group, filter string) map[string]string {
	t.Helper()
	for _, rec := range recs[1:] {
		if rec[3] == measure && rec[4] == group && rec[5] == filter {
			out := map[string]string{}
			for i, h := range Header {
				out[h] = rec[i]
			}
			return out
		}
	}
	t.Fatalf("no row %s %s %q", measure, group, filter)
	return nil
}

func TestCSVColumnsAndRows(t *testing.T) {
	r := compute(0)
	recs := readCSV(t, r)
	if got := strings.Join(recs[0], ","); got != "urn,year,key_stage,measure,group,filter,cohort,value,ci_lower,ci_upper,band,national,comparator,suppressed" {
		t.Fatalf("header %s", got)
	}
	// One row per cell, plus one per progress measure's adjusted count.
	want := 1
	for _, ks := range r.KeyStages {
		for _, yr := range ks.Years {
			for _, tb := range yr.Tables {
				want += len(tb.Unfiltered) * len(tb.Measures)
				for _, ft := range tb.Filtered {
					want += len(ft.Rows) * len(tb.Measures)
				}
			}
			for _, h := range yr.Headlines {
				if h.Measure.AdjustedID != "" {
					want++
				}
			}
		}
	}
	if len(recs) != want {
		t.Errorf("%d rows, want %d", len(recs), want)
	}

	p8 := find(t, recs, "ks4_p8", "all", "")
	c := r.KeyStage(model.KS4).Latest().Headline("ks4_p8").Cell
	if p8["urn"] != "100001" || p8["year"] != "2024/25" || p8["key_stage"] != "4" || p8["cohort"] != "30" ||
		p8["value"] != strconv.FormatFloat(c.Value, 'f', -1, 64) || p8["ci_lower"] != strconv.FormatFloat(c.CI.Lower, 'f', -1, 64) ||
		p8["band"] != c.Band.ID() || p8["national"] != "-0.03" || p8["comparator"] != "all" || p8["suppressed"] != "false" {
		t.Errorf("P8 all row %v (cell %+v)", p8, c)
	}
	if v, _ := strconv.ParseFloat(p8["value"], 64); v != c.Value {
		t.Errorf("value %s does not read back as %v", p8["value"], c.Value)
	}
	adj := find(t, recs, "ks4_p8_adjusted_pupils", "all", "")
	if adj["value"] != "1" || adj["cohort"] != "30" || adj["ci_lower"] != "" || adj["band"] != "" || adj["national"] != "" {
		t.Errorf("adjusted pupils row %v", adj)
	}
	// The disadvantaged row is compared with national non-disadvantaged.
	if d := find(t, recs, "ks4_p8", "disadvantaged", ""); d["national"] != "0.17" || d["comparator"] != "other" || d["cohort"] != "3" {
		t.Errorf("disadvantaged row %v", d)
	}
	// Percentages are 0..100 at full precision: 10 of 30 pupils.
	if e := find(t, recs, "ks4_em5", "all", ""); e["value"] != "33.333333333333336" || e["national"] != "45.3" {
		t.Errorf("em5 row %v", e)
	}
	// A filtered row has no national figure and no comparator.
	if f := find(t, recs, "ks4_p8", "all", "gender=female"); f["national"] != "" || f["comparator"] != "" || f["cohort"] != "15" {
		t.Errorf("filtered row %v", f)
	}
	// KS2: maths absent for everyone: cohort counts them, no average score.
	if m := find(t, recs, "ks2_mat_ss", "all", ""); m["cohort"] != "0" || m["value"] != "" || m["suppressed"] != "false" {
		t.Errorf("empty measure row %v", m)
	}
	if m := find(t, recs, "ks2_mat_exp", "all", ""); m["cohort"] != "12" || m["value"] != "0" {
		t.Errorf("maths expected row %v", m)
	}
}

func TestCSVSuppressed(t *testing.T) {
	recs := readCSV(t, compute(6))
	for _, g := range []string{"disadvantaged", "other"} {
		d := find(t, recs, "ks4_p8", g, "")
		if d["cohort"] != "x" || d["value"] != "x" || d["ci_lower"] != "" || d["ci_upper"] != "" || d["band"] != "" ||
			d["national"] != "" || d["suppressed"] != "true" {
			t.Errorf("suppressed %s row %v", g, d)
		}
	}
	// One pupil was raised to the floor: the count and the unadjusted mean
	// beside the adjusted one would give their score away.
	for _, m := range []string{"ks4_p8_adjusted_pupils", "ks4_p8_unadj"} {
		if d := find(t, recs, m, "all", ""); d["value"] != "x" || d["suppressed"] != "true" {
			t.Errorf("%s beside 1 floored pupil: %v", m, d)
		}
	}
	if d := find(t, recs, "ks4_p8", "all", ""); d["value"] == "x" || d["suppressed"] != "false" {
		t.Errorf("adjusted P8 hidden with its floored count: %v", d)
	}
	// The filter selecting the 3 disadvantaged pupils is hidden whole.
	if d := find(t, recs, "ks4_a8", "all", "disadvantaged=disadvantaged"); d["cohort"] != "x" || d["suppressed"] != "true" {
		t.Errorf("hidden filter %v", d)
	}
	for _, rec := range recs[1:] {
		if rec[13] == "true" && (rec[6] != "x" || rec[7] != "x") {
			t.Fatalf("suppressed row shows figures: %v", rec)
		}
		if rec[13] == "false" && (rec[6] == "x" || rec[7] == "x") {
			t.Fatalf("unsuppressed row shows x: %v", rec)
		}
	}
}

func TestDeterministic(t *testing.T) {
	r := compute(6)
	var a, b, c, d bytes.Buffer
	if err := WriteCSV(&a, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteCSV(&b, compute(6)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("CSV differs between runs")
	}
	if err := WriteXLSX(&c, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteXLSX(&d, compute(6)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(c.Bytes(), d.Bytes()) {
		t.Errorf("XLSX differs between runs")
	}
}

// writeAndOpen writes r as a workbook and opens it again.
func writeAndOpen(t *testing.T, r measures.Results) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, r); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestXLSX(t *testing.T) {
	r := compute(6)
	f := writeAndOpen(t, r)
	sheets := f.GetSheetList()
	if sheets[0] != "Contents" || sheets[1] != "Headlines" {
		t.Errorf("sheets %v", sheets)
	}
	seen := map[string]bool{}
	for _, s := range sheets {
		if len([]rune(s)) > 31 || strings.ContainsAny(s, `[]:*?/\`) || seen[strings.ToLower(s)] {
			t.Errorf("bad sheet name %q", s)
		}
		seen[strings.ToLower(s)] = true
		panes, err := f.GetPanes(s)
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("sheet %q: header not frozen: %+v %v", s, panes, err)
		}
	}
	// One sheet and one filtered sheet per table.
	tables := 0
	for _, ks := range r.KeyStages {
		for _, yr := range ks.Years {
			tables += len(yr.Tables)
		}
	}
	if len(sheets) != 2+2*tables {
		t.Errorf("%d sheets for %d tables: %v", len(sheets), tables, sheets)
	}
	rows, err := f.GetRows("KS4 2024-25 P8", excelize.Options{RawCellValue: false})
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "Group" || rows[0][3] != "Progress 8 adjusted score: cohort" || rows[0][4] != "Progress 8 adjusted score" {
		t.Errorf("header %v", rows[0])
	}
	c := r.KeyStage(model.KS4).Latest().Headline("ks4_p8").Cell
	m := measures.MeasureByID("ks4_p8")
	if rows[1][0] != "All pupils" || rows[1][1] != "30" || rows[1][4] != m.Format(c.Value) || rows[1][7] != c.Band.Label() || rows[1][8] != "-0.03" {
		t.Errorf("all pupils row %v (P8 %s)", rows[1], m.Format(c.Value))
	}
	var disadv []string
	for _, row := range rows {
		if row[0] == "Disadvantaged" {
			disadv = row
		}
	}
	if disadv == nil || disadv[1] != "x" || disadv[4] != "x" || disadv[2] != "National: not disadvantaged" {
		t.Errorf("disadvantaged row %v", disadv)
	}
	frows, err := f.GetRows("KS4 2024-25 P8 filtered")
	if err != nil {
		t.Fatal(err)
	}
	if frows[0][0] != "Filter" || frows[1][1] != "gender=male" {
		t.Errorf("filtered sheet starts %v / %v", frows[0], frows[1])
	}
	if name := (&xlsxWriter{names: map[string]bool{}}).unique(`a/b:c*d?e[f]g\h'` + strings.Repeat("z", 40)); len(name) != 31 || strings.ContainsAny(name, `[]:*?/\`) {
		t.Errorf("unique gave %q", name)
	}
	x := &xlsxWriter{names: map[string]bool{}}
	if a, b := x.unique("Same name"), x.unique("same NAME"); a == strings.ToLower(b) || b != "same NAME (2)" {
		t.Errorf("duplicate names %q %q", a, b)
	}
}
