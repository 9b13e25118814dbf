package export

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
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
	cr, err := NewCSVReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// col is each column's index in a record.
var col = func() map[string]int {
	m := map[string]int{}
	for i, h := range Header {
		m[h] = i
	}
	return m
}()

// find returns the record for measure, group and filter.
func find(t *testing.T, recs [][]string, measure, group, filter string) map[string]string {
	t.Helper()
	for _, rec := range recs[1:] {
		if rec[col["measure"]] == measure && rec[col["group"]] == group && rec[col["filter"]] == filter {
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
	var raw bytes.Buffer
	if err := WriteCSV(&raw, r); err != nil {
		t.Fatal(err)
	}
	const first = "# reportpack measures.csv version 2\n" +
		"scope,urn,year,assessment,measure,group,filter,cohort,value,ci_lower,ci_upper,band,national,comparator,suppressed,reason,reason_text\n"
	if !strings.HasPrefix(raw.String(), first) {
		t.Fatalf("file starts %q, want %q", raw.String()[:min(raw.Len(), len(first))], first)
	}
	recs := readCSV(t, r)
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
	for _, rec := range recs[1:] {
		// KS2, KS4, and the school characteristics of every row.
		if a := rec[col["assessment"]]; rec[col["scope"]] != "school" || (a != "ks2" && a != "ks4" && a != "context") {
			t.Fatalf("scope and assessment: %q", rec)
		}
	}

	p8 := find(t, recs, "ks4_p8", "all", "")
	c := r.KeyStage(model.KS4).Latest().Headline("ks4_p8").Cell
	if p8["urn"] != "100001" || p8["year"] != "2024/25" || p8["assessment"] != "ks4" || p8["cohort"] != "30" ||
		p8["value"] != round4(c.Value) || p8["ci_lower"] != round4(c.CI.Lower) || p8["ci_upper"] != round4(c.CI.Upper) ||
		p8["band"] != c.Band.ID() || p8["national"] != "-0.03" || p8["comparator"] != "all" || p8["suppressed"] != "false" ||
		p8["reason"] != "" || p8["reason_text"] != "" {
		t.Errorf("P8 all row %v (cell %+v)", p8, c)
	}
	if v, _ := strconv.ParseFloat(p8["value"], 64); math.Abs(v-c.Value) > 0.00005 {
		t.Errorf("value %s is not %v to 4 places", p8["value"], c.Value)
	}
	adj := find(t, recs, "ks4_p8_adjusted_pupils", "all", "")
	if adj["value"] != "1" || adj["cohort"] != "30" || adj["ci_lower"] != "" || adj["band"] != "" || adj["national"] != "" {
		t.Errorf("adjusted pupils row %v", adj)
	}
	// The disadvantaged row is compared with national non-disadvantaged.
	if d := find(t, recs, "ks4_p8", "disadvantaged", ""); d["national"] != "0.17" || d["comparator"] != "other" || d["cohort"] != "3" {
		t.Errorf("disadvantaged row %v", d)
	}
	// Percentages are 0..100, to 4 places: 10 of 30 pupils.
	if e := find(t, recs, "ks4_em5", "all", ""); e["value"] != "33.3333" || e["national"] != "45.3" {
		t.Errorf("em5 row %v", e)
	}
	// A filtered row has no national figure and no comparator.
	if f := find(t, recs, "ks4_p8", "all", "gender=female"); f["national"] != "" || f["comparator"] != "" || f["cohort"] != "15" {
		t.Errorf("filtered row %v", f)
	}
	// KS2: maths absent for everyone: cohort counts them, no average score.
	if m := find(t, recs, "ks2_mat_ss", "all", ""); m["cohort"] != "0" || m["value"] != "" || m["suppressed"] != "false" || m["assessment"] != "ks2" {
		t.Errorf("empty measure row %v", m)
	}
	if m := find(t, recs, "ks2_mat_exp", "all", ""); m["cohort"] != "12" || m["value"] != "0" {
		t.Errorf("maths expected row %v", m)
	}
}

// round4 is v as measures.csv prints it, worked out another way: rounded
// as pages round, printed to 4 places, then trailing zeros cut.
func round4(v float64) string {
	s := strconv.FormatFloat(math.Round(v*1e4)/1e4, 'f', 4, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}

func TestCSVSuppressed(t *testing.T) {
	r := compute(6)
	recs := readCSV(t, r)
	for _, g := range []string{"disadvantaged", "other"} {
		d := find(t, recs, "ks4_p8", g, "")
		if d["cohort"] != "x" || d["value"] != "x" || d["ci_lower"] != "" || d["ci_upper"] != "" || d["band"] != "" ||
			d["national"] != "" || d["suppressed"] != "true" || d["reason"] == "" {
			t.Errorf("suppressed %s row %v", g, d)
		}
	}
	// 3 disadvantaged pupils: too few.
	if d := find(t, recs, "ks4_a8", "disadvantaged", ""); d["reason"] != "small" || d["reason_text"] != "fewer than 6 pupils" {
		t.Errorf("small group's reason: %v", d)
	}
	// One pupil was raised to the floor: the count and the unadjusted mean
	// beside the adjusted one would give their score away.
	for _, m := range []string{"ks4_p8_adjusted_pupils", "ks4_p8_unadj"} {
		if d := find(t, recs, m, "all", ""); d["value"] != "x" || d["suppressed"] != "true" || d["reason"] == "" {
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
	// Every hidden row says why, in the words its code stands for; no
	// shown row has a reason.
	texts := map[string]string{}
	for _, why := range Reasons {
		texts[why.Code()] = ReasonText(&r, why)
	}
	hidden := 0
	for _, rec := range recs[1:] {
		get := func(h string) string { return rec[col[h]] }
		switch get("suppressed") {
		case "true":
			hidden++
			if get("cohort") != "x" || get("value") != "x" {
				t.Fatalf("suppressed row shows figures: %v", rec)
			}
			if text, ok := texts[get("reason")]; !ok || get("reason_text") != text {
				t.Fatalf("suppressed row's reason %q %q, want a code and its words %q", get("reason"), get("reason_text"), text)
			}
		case "false":
			if get("cohort") == "x" || get("value") == "x" || get("reason") != "" || get("reason_text") != "" {
				t.Fatalf("unsuppressed row shows x or a reason: %v", rec)
			}
		default:
			t.Fatalf("suppressed is %q: %v", get("suppressed"), rec)
		}
	}
	if hidden == 0 {
		t.Error("no row hidden: the test reaches nothing")
	}
}

// TestCSVReasons gives cells and rows each reason and checks the reason
// and words their records carry: a cell's own reason first, its hidden
// row's where it has none, and the floored pupils' own for their count.
func TestCSVReasons(t *testing.T) {
	r := compute(6)
	r.MinGroup = 3
	tb := r.KeyStage(model.KS4).Latest().Table("ks4_p8")
	p8, unadj := tb.Column("ks4_p8"), tb.Column("ks4_p8_unadj")
	if p8 < 0 || unadj < 0 {
		t.Fatalf("table ks4_p8 has columns %v", tb.Measures)
	}
	var male, all *measures.Row
	for i := range tb.Unfiltered {
		switch tb.Unfiltered[i].Group.ID {
		case "male":
			male = &tb.Unfiltered[i]
		case "all":
			all = &tb.Unfiltered[i]
		}
	}
	// Male's P8 hidden for its outcome, its unadjusted mean for its own
	// reason; the row otherwise shows. All pupils' floored count hidden
	// as protective.
	male.Cells[p8] = measures.Cell{Suppressed: true, Reason: measures.ReasonOutcome}
	male.Cells[unadj] = measures.Cell{Suppressed: true}
	all.Cells[p8].AdjustedSuppressed, all.Cells[p8].AdjustedReason = true, measures.ReasonProtective
	// The female row hidden whole for its table.
	var female *measures.Row
	for i := range tb.Unfiltered {
		if tb.Unfiltered[i].Group.ID == "female" {
			female = &tb.Unfiltered[i]
		}
	}
	female.Suppressed, female.Reason = true, measures.ReasonTable
	for i := range female.Cells {
		female.Cells[i] = measures.Cell{Suppressed: true}
	}
	recs := readCSV(t, r)
	for _, tc := range []struct {
		measure, group, reason, text string
	}{
		{"ks4_p8", "male", "outcome", "fewer than 3 pupils in the group had this result, or fewer than 3 did not"},
		{"ks4_p8_unadj", "male", "protective", "hidden so that hidden figures cannot be worked out from the others"},
		{"ks4_p8_adjusted_pupils", "all", "protective", "hidden so that hidden figures cannot be worked out from the others"},
		{"ks4_p8", "female", "table", measures.ReasonTable.Text(6, 0)},
		{"ks4_a8", "male", "", ""},
	} {
		d := find(t, recs, tc.measure, tc.group, "")
		if d["reason"] != tc.reason || d["reason_text"] != tc.text {
			t.Errorf("%s %s: reason %q %q, want %q %q", tc.measure, tc.group, d["reason"], d["reason_text"], tc.reason, tc.text)
		}
	}
	// The comma in the outcome words is quoted, not a field of its own.
	var buf bytes.Buffer
	if err := WriteCSV(&buf, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `,true,outcome,"fewer than 3 pupils in the group had this result, or fewer than 3 did not"`+"\n") {
		t.Error("the outcome row's words are not one quoted field")
	}
}

func TestNewCSVReader(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		ok       bool
	}{
		{"version 2", VersionLine + "\nscope,urn\nschool,1\n", true},
		{"CRLF", VersionLine + "\r\nscope,urn\r\n", true},
		{"version 1", "urn,year,key_stage\n100001,2024/25,4\n", false},
		{"another version", "# reportpack measures.csv version 3\nscope\n", false},
		{"empty", "", false},
	} {
		cr, err := NewCSVReader(strings.NewReader(tc.in))
		if (err == nil) != tc.ok {
			t.Errorf("%s: error %v, want ok %v", tc.name, err, tc.ok)
			continue
		}
		if err != nil {
			continue
		}
		if rec, err := cr.Read(); err != nil || rec[0] != "scope" {
			t.Errorf("%s: first record %q %v, want the header", tc.name, rec, err)
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

// The Contents sheet names measures.csv's version and explains every
// reason; the Headlines sheet says why each hidden headline is hidden.
func TestXLSXReasons(t *testing.T) {
	r := compute(6)
	f := writeAndOpen(t, r)
	rows, err := f.GetRows("Contents")
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	for _, row := range rows {
		if len(row) > 1 && row[0] == "" {
			notes = append(notes, row[1])
		}
	}
	text := strings.Join(notes, "\n")
	want := []string{"measures.csv (format version 2", "4 decimal places", whyTitle}
	for _, why := range Reasons {
		want = append(want, ReasonText(&r, why), ReasonAbout(&r, why))
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("Contents notes lack %q:\n%s", w, text)
		}
	}
	head, err := f.GetRows("Headlines")
	if err != nil {
		t.Fatal(err)
	}
	whyCol := slices.Index(head[0], whyTitle)
	if whyCol < 0 {
		t.Fatalf("Headlines has no %s column: %q", whyTitle, head[0])
	}
	why := map[string]string{}
	for _, row := range head[1:] {
		if row[1] == "2024/25" && len(row) > whyCol {
			why[row[3]] = row[whyCol]
		}
	}
	for id, want := range map[string]string{
		"ks4_p8_unadj": ReasonText(&r, measures.ReasonSmall),               // follows its 1 floored pupil
		"ks4_p8":       "Pupils with adjusted scores: fewer than 6 pupils", // its figure shows
		"ks4_a8":       "",
	} {
		if why[id] != want {
			t.Errorf("Headlines %s: %s %q, want %q", id, whyTitle, why[id], want)
		}
	}
	// No reasons where nothing is hidden.
	if rows, err := writeAndOpen(t, compute(0)).GetRows("Contents"); err != nil || strings.Contains(fmt.Sprint(rows), whyTitle) {
		t.Errorf("unsuppressed workbook's Contents mention %s (%v)", whyTitle, err)
	}
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
	// One sheet and one filtered sheet per table (none for a table by
	// year group, which has no filters).
	tables, want := 0, 2
	for _, ks := range r.KeyStages {
		for _, yr := range ks.Years {
			tables += len(yr.Tables)
			for _, tb := range yr.Tables {
				if want += 2; tb.Def.ByYearGroup {
					want--
				}
			}
		}
	}
	if len(sheets) != want {
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
	// Each hidden row says why: the disadvantaged row, of 3 pupils.
	if why := disadv[len(disadv)-1]; why != "fewer than 6 pupils" {
		t.Errorf("disadvantaged row's %s %q", whyTitle, why)
	}
	if rows[0][len(rows[0])-1] != whyTitle {
		t.Errorf("table sheet's last column %q", rows[0][len(rows[0])-1])
	}
	if name := (&xlsxWriter{names: map[string]bool{}}).unique(`a/b:c*d?e[f]g\h'` + strings.Repeat("z", 40)); len(name) != 31 || strings.ContainsAny(name, `[]:*?/\`) {
		t.Errorf("unique gave %q", name)
	}
	x := &xlsxWriter{names: map[string]bool{}}
	if a, b := x.unique("Same name"), x.unique("same NAME"); a == strings.ToLower(b) || b != "same NAME (2)" {
		t.Errorf("duplicate names %q %q", a, b)
	}
}
