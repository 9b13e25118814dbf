package assess

import "github.com/reportpack/reportpack/generator/model"

// has is a Percent rule over every row: the row's characteristic is yes.
func has(yes func(c *model.Characteristics) bool) func(Row) (float64, bool) {
	return func(r Row) (float64, bool) { return B2F(yes(&r.P.Chars)), true }
}

// ethnic is the percentage of pupils of a major ethnic group.
func ethnic(id model.MeasureID, column string, e model.Ethnicity) Measure {
	return Measure{ID: id, Column: column, Kind: Percent, Decimals: 1,
		Rule: has(func(c *model.Characteristics) bool { return c.Ethnicity == e })}
}

// ethnicIDs are the ethnic groups' measures, in the order tables list the groups.
var ethnicIDs = []model.MeasureID{"ctx_eth_white", "ctx_eth_mixed", "ctx_eth_asian", "ctx_eth_black",
	"ctx_eth_chinese", "ctx_eth_other", "ctx_eth_unclassified"}

var context = &Assessment{ID: "context", Title: "School characteristics", Short: "Context",
	NCYears: everyYearGroup, EveryRow: true,
	Intro: "Who the school's pupils are, from the pupil data: every pupil on roll in the year groups the data holds.",
	Home:  []model.MeasureID{"ctx_roll", "ctx_disadvantaged"},
	Measures: []Measure{
		{ID: "ctx_roll", Column: "Pupils", Kind: Count, Rule: func(Row) (float64, bool) { return 1, true }},
		{ID: "ctx_fsm", Column: "FSM %", Kind: Percent, Decimals: 1, Rule: has(func(c *model.Characteristics) bool { return c.FSM.Yes() })},
		{ID: "ctx_disadvantaged", Column: "Disadvantaged %", Kind: Percent, Decimals: 1,
			Rule: has(func(c *model.Characteristics) bool { return c.Disadvantaged.Yes() })},
		{ID: "ctx_sen_support", Column: "SEN support %", Kind: Percent, Decimals: 1,
			Rule: has(func(c *model.Characteristics) bool { return c.SEN == model.SENSupport })},
		{ID: "ctx_ehcp", Column: "EHC plan %", Kind: Percent, Decimals: 1,
			Rule: has(func(c *model.Characteristics) bool { return c.SEN == model.SENEHCP })},
		{ID: "ctx_eal", Column: "EAL %", Kind: Percent, Decimals: 1,
			Rule: has(func(c *model.Characteristics) bool { return c.Language == model.LanguageOther })},
		{ID: "ctx_mobile", Column: "Mobile %", Kind: Percent, Decimals: 1,
			Rule: has(func(c *model.Characteristics) bool { return c.NonMobile == model.FlagNo })},
		ethnic("ctx_eth_white", "White %", model.EthnicityWhite),
		ethnic("ctx_eth_mixed", "Mixed %", model.EthnicityMixed),
		ethnic("ctx_eth_asian", "Asian %", model.EthnicityAsian),
		ethnic("ctx_eth_black", "Black %", model.EthnicityBlack),
		ethnic("ctx_eth_chinese", "Chinese %", model.EthnicityChinese),
		ethnic("ctx_eth_other", "Other %", model.EthnicityOther),
		ethnic("ctx_eth_unclassified", "Unclassified %", model.EthnicityUnclassified),
	},
	Charts: []Chart{{ID: "ctx_ethnicity", Title: "Pupils by ethnic group", Kind: Bars, Measures: ethnicIDs}},
	Tables: []Table{
		{ID: "ctx", Title: "School characteristics by pupil group", Short: "Pupils",
			Measures: []model.MeasureID{"ctx_roll", "ctx_fsm", "ctx_disadvantaged", "ctx_sen_support", "ctx_ehcp", "ctx_eal", "ctx_mobile"}},
		{ID: "ctx_ethnicity", Title: "Pupils by ethnic group, by pupil group", Short: "Ethnicity",
			Measures: ethnicIDs},
		{ID: "ctx_years", Title: "School characteristics by year group", Short: "By year", ByYearGroup: true,
			Measures: []model.MeasureID{"ctx_roll", "ctx_fsm", "ctx_disadvantaged", "ctx_sen_support", "ctx_ehcp", "ctx_eal", "ctx_mobile"}},
	},
}
