package catalog

import (
	"fmt"

	"github.com/reportpack/reportpack/generator/model"
)

// Sentences for the years the DfE publishes no national figure. %s is the
// pack's year.
const (
	covidTests   = "The DfE published no national figure for %s: the pandemic cancelled the year's tests and assessments."
	covidExams   = "The DfE published no national figure for %s: exams were replaced by centre- and teacher-assessed grades in the pandemic."
	p8NoKS2      = "The DfE publishes no national Progress 8 for %s: these pupils had no key stage 2 tests (cancelled in 2020 and 2021), so there is no prior attainment to measure progress from."
	ks2NoKS1     = "The DfE publishes no national key stage 2 progress for %s: these pupils had no key stage 1 assessments (cancelled in 2020 and 2021), so there is no starting point to measure progress from."
	ks1Optional  = "The DfE publishes no national key stage 1 figure for %s: the assessments have been optional since 2023/24. The last national figures are for 2022/23."
	absence2020  = "The DfE published no full-year national absence figure for %s: schools closed to most pupils in the pandemic."
	behaviour202 = "The DfE's suspension figures for %s cover a year of school closures in the pandemic and are not comparable with other years."
)

var (
	// The pandemic years with no tests: 2019/20 and 2020/21.
	covidYears = Gap{From: 2020, To: 2021, Why: covidTests}
	// KS4 grades in 2019/20 and 2020/21 were centre- and teacher-assessed.
	covidGrades = Gap{From: 2020, To: 2021, Why: covidExams}
	// Progress 8 for cohorts with no KS2 tests (taken in 2020 and 2021).
	p8Gaps = []Gap{{From: 2020, To: 2021, Why: covidExams}, {From: 2025, To: 2026, Why: p8NoKS2}}
	// KS2 progress for cohorts with no KS1 assessments (2020 and 2021).
	ks2ProgressGaps = []Gap{covidYears, {From: 2024, To: 2025, Why: ks2NoKS1}}
	// KS1 after 2022/23, the last statutory year.
	ks1Gaps = []Gap{covidYears, {From: 2024, Why: ks1Optional, Latest: true}}
)

// measures lists every measure id of measures.md and whole-school.md, in
// their order. Labels of the measures package measures computes are its
// labels (a test checks they match).
var measures = concat(
	// Key stage 4 (measures.md). Grading returned to its pre-pandemic
	// standard in 2022/23: figures from 2021/22 and before are not
	// comparable.
	[]*Measure{
		ks4("ks4_p8", "Progress 8 (adjusted)", Progress, -3, 3, p8Gaps),
		ks4("ks4_p8_unadj", "Progress 8 unadjusted", Progress, -3, 3, p8Gaps),
		ks4("ks4_p8_eng", "Progress 8 English element", Progress, -3, 3, p8Gaps),
		ks4("ks4_p8_mat", "Progress 8 maths element", Progress, -3, 3, p8Gaps),
		ks4("ks4_p8_ebacc", "Progress 8 EBacc element", Progress, -3, 3, p8Gaps),
		ks4("ks4_p8_open", "Progress 8 open element", Progress, -3, 3, p8Gaps),
		ks4("ks4_a8", "Attainment 8", Mean, 0, 90, nil),
		ks4("ks4_a8_eng", "Attainment 8 English element", Mean, 0, 18, nil),
		ks4("ks4_a8_mat", "Attainment 8 maths element", Mean, 0, 18, nil),
		ks4("ks4_a8_ebacc", "Attainment 8 EBacc element", Mean, 0, 27, nil),
		ks4("ks4_a8_open", "Attainment 8 open element", Mean, 0, 27, nil),
		ks4("ks4_ebacc_entry", "Entering the EBacc", Percent, 0, 100, nil),
		ks4("ks4_ebacc_aps", "EBacc average point score", Mean, 0, 9, nil),
		ks4("ks4_em5", "Grade 5 or above in English and maths", Percent, 0, 100, nil),
		ks4("ks4_em4", "Grade 4 or above in English and maths", Percent, 0, 100, nil),
		count("ks4_p8_adjusted_pupils", "Pupils with adjusted Progress 8 scores", KS4, Secondary),
		count("ks4_p8_eng_adjusted_pupils", "Pupils with adjusted English element scores", KS4, Secondary),
		count("ks4_p8_mat_adjusted_pupils", "Pupils with adjusted maths element scores", KS4, Secondary),
		count("ks4_p8_ebacc_adjusted_pupils", "Pupils with adjusted EBacc element scores", KS4, Secondary),
		count("ks4_p8_open_adjusted_pupils", "Pupils with adjusted open element scores", KS4, Secondary),
	},
	// Key stage 2 (measures.md): tests since 2016; the writing framework
	// changed in 2018.
	[]*Measure{
		ks2("ks2_rwm_exp", "Reading, writing and maths: expected standard", Percent, 0, 100, 2018),
		ks2("ks2_rwm_high", "Reading, writing and maths: higher standard", Percent, 0, 100, 2018),
		ks2("ks2_read_exp", "Reading: expected standard", Percent, 0, 100, 2016),
		ks2("ks2_writ_exp", "Writing: expected standard", Percent, 0, 100, 2018),
		ks2("ks2_mat_exp", "Maths: expected standard", Percent, 0, 100, 2016),
		ks2("ks2_gps_exp", "Grammar, punctuation and spelling: expected standard", Percent, 0, 100, 2016),
		ks2("ks2_writ_high", "Writing: greater depth", Percent, 0, 100, 2018),
		ks2("ks2_read_high", "Reading: higher standard", Percent, 0, 100, 2016),
		ks2("ks2_mat_high", "Maths: higher standard", Percent, 0, 100, 2016),
		ks2("ks2_gps_high", "Grammar, punctuation and spelling: higher standard", Percent, 0, 100, 2016),
		ks2("ks2_read_ss", "Reading: average scaled score", Mean, 80, 120, 2016),
		ks2("ks2_mat_ss", "Maths: average scaled score", Mean, 80, 120, 2016),
		ks2("ks2_gps_ss", "Grammar, punctuation and spelling: average scaled score", Mean, 80, 120, 2016),
		ks2prog("ks2_read_prog", "Reading progress", 2016),
		ks2prog("ks2_writ_prog", "Writing progress", 2018),
		ks2prog("ks2_mat_prog", "Maths progress", 2016),
		count("ks2_read_prog_adjusted_pupils", "Pupils with adjusted reading progress scores", KS2, Primary),
		count("ks2_writ_prog_adjusted_pupils", "Pupils with adjusted writing progress scores", KS2, Primary),
		count("ks2_mat_prog_adjusted_pupils", "Pupils with adjusted maths progress scores", KS2, Primary),
	},
	// EYFS profile (whole-school.md): the reformed profile since 2021/22.
	[]*Measure{
		eyfs("eyfs_gld", "Good level of development", Percent, 0, 100),
		eyfs("eyfs_elg_avg", "Average number of goals at expected", Mean, 0, 17),
		eyfs("eyfs_all17", "Expected in all 17 goals", Percent, 0, 100),
		eyfs("eyfs_cll", "Expected in all communication, language and literacy goals", Percent, 0, 100),
	},
	eyfsGoals(),
	// Phonics (whole-school.md).
	[]*Measure{
		{ID: "phonics_y1", Label: "Year 1 pupils meeting the expected standard", Assessment: Phonics, Unit: Percent, Phase: Primary, Max: 100, Since: 2012, Gaps: []Gap{covidYears}},
		{ID: "phonics_y2", Label: "Meeting the standard by the end of Year 2", Assessment: Phonics, Unit: Percent, Phase: Primary, Max: 100, Since: 2013, Gaps: []Gap{covidYears}},
		{ID: "phonics_mark_avg", Label: "Average mark (Year 1)", Assessment: Phonics, Unit: Mean, Phase: Primary, Max: 40, Since: 2012, Gaps: []Gap{covidYears}},
	},
	// Key stage 1 (whole-school.md): the interim frameworks since 2016,
	// writing's since 2018; statutory until 2022/23.
	[]*Measure{
		ks1("ks1_read_exp", "Reading: expected standard or above", 2016),
		ks1("ks1_writ_exp", "Writing: expected standard or above", 2018),
		ks1("ks1_mat_exp", "Maths: expected standard or above", 2016),
		ks1("ks1_sci_exp", "Science: expected standard", 2016),
		ks1("ks1_read_gds", "Reading: greater depth", 2016),
		ks1("ks1_writ_gds", "Writing: greater depth", 2018),
		ks1("ks1_mat_gds", "Maths: greater depth", 2016),
		ks1("ks1_rwm_exp", "Reading, writing and maths: expected standard or above", 2018),
		ks1("ks1_rwm_gds", "Reading, writing and maths: greater depth", 2018),
	},
	// Multiplication tables check (whole-school.md): statutory since 2021/22.
	[]*Measure{
		{ID: "mtc_avg", Label: "Average score", Assessment: MTC, Unit: Mean, Phase: Primary, Max: 25, Since: 2022},
		{ID: "mtc_full", Label: "Full marks", Assessment: MTC, Unit: Percent, Phase: Primary, Max: 100, Since: 2022},
	},
	// Attendance (whole-school.md): persistent absence at 10% since 2015/16.
	[]*Measure{
		att("att_overall", "Overall absence", 2007),
		att("att_auth", "Authorised absence", 2007),
		att("att_unauth", "Unauthorised absence", 2007),
		att("att_pa", "Persistent absence", 2016),
		att("att_sa", "Severe absence", 2016),
		// Pupils by their own attendance (whole-school.md's bands): the
		// DfE publishes no such figure, but a site's national.csv may.
		att("att_band_98", "Attendance 98% or more", 2016),
		att("att_band_95", "Attendance 95% to under 98%", 2016),
		att("att_band_90", "Attendance 90% to under 95%", 2016),
		att("att_band_50", "Attendance 50% to under 90%", 2016),
		att("att_band_0", "Attendance under 50%", 2016),
	},
	// Suspensions and permanent exclusions (whole-school.md).
	[]*Measure{
		{ID: "sus_rate", Label: "Suspensions per 100 pupils", Assessment: Behaviour, Unit: Rate, Phase: All, Max: 500, Since: 2007,
			Gaps: []Gap{{From: 2020, To: 2021, Why: behaviour202}}},
		{ID: "sus_one_plus", Label: "Pupils with one or more suspensions", Assessment: Behaviour, Unit: Percent, Phase: All, Max: 100, Since: 2007,
			Gaps: []Gap{{From: 2020, To: 2021, Why: behaviour202}}},
		{ID: "excl_perm_rate", Label: "Permanent exclusions per 100 pupils", Assessment: Behaviour, Unit: Rate, Phase: All, Max: 100, Since: 2007,
			Gaps: []Gap{{From: 2020, To: 2021, Why: behaviour202}}},
	},
	// School characteristics (whole-school.md), from the January census.
	[]*Measure{
		count("ctx_roll", "Pupils on roll (in the data)", Context, All),
		ctx("ctx_fsm", "Free school meals now"),
		ctx("ctx_disadvantaged", "Disadvantaged"),
		ctx("ctx_sen_support", "SEN support"),
		ctx("ctx_ehcp", "EHC plan"),
		ctx("ctx_eal", "English as an additional language"),
		ctx("ctx_mobile", "Mobile (not on roll throughout)"),
		ctx("ctx_eth_white", "Ethnic group: White"),
		ctx("ctx_eth_mixed", "Ethnic group: Mixed"),
		ctx("ctx_eth_asian", "Ethnic group: Asian"),
		ctx("ctx_eth_black", "Ethnic group: Black"),
		ctx("ctx_eth_chinese", "Ethnic group: Chinese"),
		ctx("ctx_eth_other", "Ethnic group: any other"),
		ctx("ctx_eth_unclassified", "Ethnic group: unclassified"),
	},
)

func concat(lists ...[]*Measure) []*Measure {
	var all []*Measure
	for _, l := range lists {
		all = append(all, l...)
	}
	return all
}

func ks4(id model.MeasureID, label string, u Unit, lo, hi float64, gaps []Gap) *Measure {
	if gaps == nil {
		gaps = []Gap{covidGrades}
	}
	return &Measure{ID: id, Label: label, Assessment: KS4, Unit: u, Phase: Secondary, Min: lo, Max: hi, Since: 2023, Gaps: gaps, Computed: true}
}

func ks2(id model.MeasureID, label string, u Unit, lo, hi float64, since model.Year) *Measure {
	return &Measure{ID: id, Label: label, Assessment: KS2, Unit: u, Phase: Primary, Min: lo, Max: hi, Since: since, Gaps: []Gap{covidYears}, Computed: true}
}

func ks2prog(id model.MeasureID, label string, since model.Year) *Measure {
	return &Measure{ID: id, Label: label, Assessment: KS2, Unit: Progress, Phase: Primary, Min: -10, Max: 10, Since: since, Gaps: ks2ProgressGaps, Computed: true}
}

func count(id model.MeasureID, label string, a Assessment, p PhaseOf) *Measure {
	return &Measure{ID: id, Label: label, Assessment: a, Unit: Count, Phase: p, Max: 1e7, NoNational: true, Computed: a == KS2 || a == KS4}
}

func eyfs(id model.MeasureID, label string, u Unit, lo, hi float64) *Measure {
	return &Measure{ID: id, Label: label, Assessment: EYFS, Unit: u, Phase: Primary, Min: lo, Max: hi, Since: 2022}
}

// goals are the 17 early learning goals, in order (whole-school.md).
var goals = []string{
	"Listening, attention and understanding", "Speaking", "Self-regulation", "Managing self",
	"Building relationships", "Gross motor skills", "Fine motor skills", "Comprehension", "Word reading",
	"Writing", "Number", "Numerical patterns", "Past and present", "People, culture and communities",
	"The natural world", "Creating with materials", "Being imaginative and expressive",
}

func eyfsGoals() []*Measure {
	ms := make([]*Measure, len(goals))
	for i, g := range goals {
		ms[i] = eyfs(model.MeasureID(fmt.Sprintf("eyfs_elg%02d", i+1)), "Expected in goal "+fmt.Sprintf("%02d", i+1)+": "+g, Percent, 0, 100)
	}
	return ms
}

func ks1(id model.MeasureID, label string, since model.Year) *Measure {
	return &Measure{ID: id, Label: label, Assessment: KS1, Unit: Percent, Phase: Primary, Max: 100, Since: since, Gaps: ks1Gaps}
}

func att(id model.MeasureID, label string, since model.Year) *Measure {
	return &Measure{ID: id, Label: label, Assessment: Attendance, Unit: Percent, Phase: All, Max: 100, Since: since,
		Gaps: []Gap{{From: 2020, To: 2020, Why: absence2020}}}
}

func ctx(id model.MeasureID, label string) *Measure {
	return &Measure{ID: id, Label: label, Assessment: Context, Unit: Percent, Phase: All, Max: 100, Since: 2000}
}

// groups lists every group id: measures.md's table rows in order, then
// whole-school.md's term of birth and its national comparator not_fsm.
var groups = []*Group{
	{ID: "all", Label: "All pupils", Spec: "measures.md"},
	{ID: "male", Label: "Male", Spec: "measures.md"},
	{ID: "female", Label: "Female", Spec: "measures.md"},
	{ID: "disadvantaged", Label: "Disadvantaged", Spec: "measures.md"},
	{ID: "other", Label: "Other (not disadvantaged)", Spec: "measures.md"},
	{ID: "fsm", Label: "Free school meals", Spec: "measures.md"},
	{ID: "cla", Label: "Children looked after", Spec: "measures.md"},
	{ID: "no_sen", Label: "No SEN", Spec: "measures.md"},
	{ID: "sen_support", Label: "SEN support", Spec: "measures.md"},
	{ID: "ehcp", Label: "EHC plan", Spec: "measures.md"},
	{ID: "eng_first", Label: "English first language", Spec: "measures.md"},
	{ID: "eal", Label: "English additional language", Spec: "measures.md"},
	{ID: "pa_low", Label: "Prior attainment low", Spec: "measures.md"},
	{ID: "pa_middle", Label: "Prior attainment middle", Spec: "measures.md"},
	{ID: "pa_high", Label: "Prior attainment high", Spec: "measures.md"},
	{ID: "non_mobile", Label: "Non-mobile", Spec: "measures.md"},
	{ID: "mobile", Label: "Mobile", Spec: "measures.md"},
	{ID: "eth_white", Label: "White", Spec: "measures.md"},
	{ID: "eth_mixed", Label: "Mixed", Spec: "measures.md"},
	{ID: "eth_asian", Label: "Asian", Spec: "measures.md"},
	{ID: "eth_black", Label: "Black", Spec: "measures.md"},
	{ID: "eth_chinese", Label: "Chinese", Spec: "measures.md"},
	{ID: "eth_other", Label: "Any other ethnic group", Spec: "measures.md"},
	{ID: "eth_unclassified", Label: "Ethnicity unclassified", Spec: "measures.md"},
	{ID: "birth_autumn", Label: "Born in the autumn term (September to December)", Spec: "whole-school.md"},
	{ID: "birth_spring", Label: "Born in the spring term (January to April)", Spec: "whole-school.md"},
	{ID: "birth_summer", Label: "Born in the summer term (May to August)", Spec: "whole-school.md"},
	{ID: "not_fsm", Label: "Not eligible for free school meals", Spec: "whole-school.md", NationalOnly: true},
}
