package measures

import "github.com/reportpack/reportpack/generator/model"

// Comparator says which national figure a row is compared with by default.
type Comparator uint8

// Comparators of measures.md.
const (
	// CompareAll compares with national all pupils.
	CompareAll Comparator = iota + 1
	// CompareSame compares with the same group nationally (girls with girls).
	CompareSame
	// CompareOther compares with national non-disadvantaged pupils, to set
	// disadvantaged pupils an aspirational benchmark.
	CompareOther
	// CompareNotFSM compares with national pupils not eligible for free
	// school meals (not_fsm), which the DfE publishes for EYFS and phonics
	// (whole-school.md). No group has it as its Comparator: it is the fsm
	// row's Prefer, taken where the national figures have not_fsm for the
	// measure and year.
	CompareNotFSM
)

// String is the comparator's id in measures.csv: "all", "same", "other"
// or "not_fsm".
func (c Comparator) String() string {
	switch c {
	case CompareNotFSM:
		return "not_fsm"
	case CompareAll:
		return "all"
	case CompareSame:
		return "same"
	case CompareOther:
		return "other"
	}
	return ""
}

// nationalGroup is the national group the comparator points a row of group g at.
func (c Comparator) nationalGroup(g model.GroupID) model.GroupID {
	switch c {
	case CompareSame:
		return g
	case CompareOther:
		return "other"
	case CompareNotFSM:
		return "not_fsm"
	}
	return "all"
}

// DimensionID names a filter dimension ("gender", "sen").
type DimensionID string

// Dimension is a filter dimension: a set of groups no pupil belongs to two
// of. Dimensions are also the partitions complementary suppression works on.
type Dimension struct {
	ID     DimensionID
	Label  string
	Groups []model.GroupID // in filter order
}

// Group is a table row and, when it has a Dimension, a filter value.
// Groups are read-only; get them from Groups or GroupByID.
type Group struct {
	ID         model.GroupID
	Label      string
	Comparator Comparator  // the default national comparator
	Dimension  DimensionID // empty for all, fsm and cla, which are not filter values
	// Prefer, when set, is the default comparator wherever the national
	// figures have its group for the measure and year (else Comparator
	// applies): fsm prefers national not_fsm, published for EYFS and
	// phonics (whole-school.md "National figures"). Cell.Comparator says
	// which one a row's National figure is under.
	Prefer Comparator

	index  int
	dim    int // index in dimensions, -1 for none
	member func(p *model.Pupil, prior priorBands) bool
}

// priorBands is one key stage's prior attainment band limits: below
// low is low, from low to below high is middle, from high up is high.
type priorBands struct {
	low, high float64
	none      bool // the assessment has no prior attainment bands
}

// prior is the pupil's prior attainment: KS1 APS for KS2, KS2 APS for KS4.
func prior(p *model.Pupil) model.Num {
	if p.KeyStage == model.KS2 {
		return p.KS2.KS1APS
	}
	return p.KS4.KS2APS
}

func inBand(band int) func(p *model.Pupil, b priorBands) bool {
	return func(p *model.Pupil, b priorBands) bool {
		pa := prior(p)
		if !pa.Valid || b.none {
			return false
		}
		switch {
		case pa.V < b.low:
			return band == 0
		case pa.V < b.high:
			return band == 1
		}
		return band == 2
	}
}

// disadvantaged reads the Disadvantaged flag, or derives it from FSM6, CLA
// and PostLAC when the loader left it unrecorded.
func disadvantaged(c *model.Characteristics) model.Flag {
	if c.Disadvantaged.Known() {
		return c.Disadvantaged
	}
	if c.FSM6.Yes() || c.CLA.Yes() || c.PostLAC.Yes() {
		return model.FlagYes
	}
	if c.FSM6.Known() && c.CLA.Known() && c.PostLAC.Known() {
		return model.FlagNo
	}
	return model.FlagUnknown
}

func gender(g model.Gender) func(*model.Pupil, priorBands) bool {
	return func(p *model.Pupil, _ priorBands) bool { return p.Chars.Gender == g }
}

func sen(s model.SEN) func(*model.Pupil, priorBands) bool {
	return func(p *model.Pupil, _ priorBands) bool { return p.Chars.SEN == s }
}

func language(l model.Language) func(*model.Pupil, priorBands) bool {
	return func(p *model.Pupil, _ priorBands) bool { return p.Chars.Language == l }
}

func ethnicity(e model.Ethnicity) func(*model.Pupil, priorBands) bool {
	return func(p *model.Pupil, _ priorBands) bool { return p.Chars.Ethnicity == e }
}

func birth(t model.BirthTerm) func(*model.Pupil, priorBands) bool {
	return func(p *model.Pupil, _ priorBands) bool { return p.Chars.BirthTerm == t }
}

func mobile(nonMobile model.Flag) func(*model.Pupil, priorBands) bool {
	return func(p *model.Pupil, _ priorBands) bool { return p.Chars.NonMobile == nonMobile }
}

// groups is the row order of measures.md. A pupil whose characteristic is
// unrecorded (or, for language, UNCL) is in no group of that dimension:
// "all pupils" counts them, the dimension's rows do not.
var groups = []*Group{
	{ID: "all", Label: "All pupils", Comparator: CompareAll, member: func(*model.Pupil, priorBands) bool { return true }},
	{ID: "male", Label: "Male", Comparator: CompareSame, Dimension: "gender", member: gender(model.Male)},
	{ID: "female", Label: "Female", Comparator: CompareSame, Dimension: "gender", member: gender(model.Female)},
	{ID: "disadvantaged", Label: "Disadvantaged", Comparator: CompareOther, Dimension: "disadvantaged",
		member: func(p *model.Pupil, _ priorBands) bool { return disadvantaged(&p.Chars) == model.FlagYes }},
	{ID: "other", Label: "Other (not disadvantaged)", Comparator: CompareOther, Dimension: "disadvantaged",
		member: func(p *model.Pupil, _ priorBands) bool { return disadvantaged(&p.Chars) == model.FlagNo }},
	// FSM is the "eligible now" column; Ever 6 FSM feeds disadvantaged.
	{ID: "fsm", Label: "Free school meals", Comparator: CompareOther, Prefer: CompareNotFSM,
		member: func(p *model.Pupil, _ priorBands) bool { return p.Chars.FSM.Yes() }},
	{ID: "cla", Label: "Children looked after", Comparator: CompareAll,
		member: func(p *model.Pupil, _ priorBands) bool { return p.Chars.CLA.Yes() }},
	{ID: "no_sen", Label: "No SEN", Comparator: CompareSame, Dimension: "sen", member: sen(model.SENNone)},
	{ID: "sen_support", Label: "SEN support", Comparator: CompareAll, Dimension: "sen", member: sen(model.SENSupport)},
	{ID: "ehcp", Label: "EHC plan", Comparator: CompareAll, Dimension: "sen", member: sen(model.SENEHCP)},
	{ID: "eng_first", Label: "English first language", Comparator: CompareAll, Dimension: "language", member: language(model.LanguageEnglish)},
	{ID: "eal", Label: "English additional language", Comparator: CompareAll, Dimension: "language", member: language(model.LanguageOther)},
	{ID: "pa_low", Label: "Prior attainment low", Comparator: CompareSame, Dimension: "prior", member: inBand(0)},
	{ID: "pa_middle", Label: "Prior attainment middle", Comparator: CompareSame, Dimension: "prior", member: inBand(1)},
	{ID: "pa_high", Label: "Prior attainment high", Comparator: CompareSame, Dimension: "prior", member: inBand(2)},
	{ID: "non_mobile", Label: "Non-mobile", Comparator: CompareSame, Dimension: "mobility", member: mobile(model.FlagYes)},
	{ID: "mobile", Label: "Mobile", Comparator: CompareSame, Dimension: "mobility", member: mobile(model.FlagNo)},
	{ID: "eth_white", Label: "White", Comparator: CompareAll, Dimension: "ethnicity", member: ethnicity(model.EthnicityWhite)},
	{ID: "eth_mixed", Label: "Mixed", Comparator: CompareAll, Dimension: "ethnicity", member: ethnicity(model.EthnicityMixed)},
	{ID: "eth_asian", Label: "Asian", Comparator: CompareAll, Dimension: "ethnicity", member: ethnicity(model.EthnicityAsian)},
	{ID: "eth_black", Label: "Black", Comparator: CompareAll, Dimension: "ethnicity", member: ethnicity(model.EthnicityBlack)},
	{ID: "eth_chinese", Label: "Chinese", Comparator: CompareAll, Dimension: "ethnicity", member: ethnicity(model.EthnicityChinese)},
	{ID: "eth_other", Label: "Any other ethnic group", Comparator: CompareAll, Dimension: "ethnicity", member: ethnicity(model.EthnicityOther)},
	{ID: "eth_unclassified", Label: "Ethnicity unclassified", Comparator: CompareAll, Dimension: "ethnicity", member: ethnicity(model.EthnicityUnclassified)},
	// Term of birth (whole-school.md), from the date of birth: pupils
	// without one (BirthUnknown) are in none of these rows.
	{ID: "birth_autumn", Label: "Born in the autumn term (September to December)", Comparator: CompareSame, Dimension: "birth", member: birth(model.BirthAutumn)},
	{ID: "birth_spring", Label: "Born in the spring term (January to April)", Comparator: CompareSame, Dimension: "birth", member: birth(model.BirthSpring)},
	{ID: "birth_summer", Label: "Born in the summer term (May to August)", Comparator: CompareSame, Dimension: "birth", member: birth(model.BirthSummer)},
}

// dimensions is the fixed filter order of measures.md.
var dimensions = []Dimension{
	{ID: "gender", Label: "Gender", Groups: []model.GroupID{"male", "female"}},
	{ID: "disadvantaged", Label: "Disadvantaged", Groups: []model.GroupID{"disadvantaged", "other"}},
	{ID: "sen", Label: "Special educational needs (SEN)", Groups: []model.GroupID{"no_sen", "sen_support", "ehcp"}},
	{ID: "mobility", Label: "Non-mobile", Groups: []model.GroupID{"non_mobile", "mobile"}},
	{ID: "language", Label: "First language", Groups: []model.GroupID{"eng_first", "eal"}},
	{ID: "prior", Label: "Prior attainment band", Groups: []model.GroupID{"pa_low", "pa_middle", "pa_high"}},
	{ID: "ethnicity", Label: "Ethnicity", Groups: []model.GroupID{
		"eth_white", "eth_mixed", "eth_asian", "eth_black", "eth_chinese", "eth_other", "eth_unclassified"}},
	{ID: "birth", Label: "Term of birth", Groups: []model.GroupID{"birth_autumn", "birth_spring", "birth_summer"}},
}

var (
	groupsByID   = map[model.GroupID]*Group{}
	dimensionIdx = map[DimensionID]int{}
	dimGroups    [][]int // group indices of each dimension, in filter order
)

func initGroups() {
	for i, g := range groups {
		g.index, g.dim = i, -1
		groupsByID[g.ID] = g
	}
	dimGroups = make([][]int, len(dimensions))
	for i, d := range dimensions {
		dimensionIdx[d.ID] = i
		for _, id := range d.Groups {
			g := groupsByID[id]
			if g == nil || g.Dimension != d.ID {
				panic("measures: dimension " + string(d.ID) + " lists group " + string(id) + " that is not its own")
			}
			g.dim = i
			dimGroups[i] = append(dimGroups[i], g.index)
		}
	}
	for _, g := range groups {
		if g.Dimension != "" && g.dim < 0 {
			panic("measures: group " + string(g.ID) + " is missing from dimension " + string(g.Dimension))
		}
	}
}

// Groups returns every group in table row order. The Groups are shared and
// must not be modified.
func Groups() []*Group { return append([]*Group(nil), groups...) }

// GroupByID returns the group with the id, or nil when there is none.
func GroupByID(id model.GroupID) *Group { return groupsByID[id] }

// Dimensions returns the filter dimensions in their fixed order; they are
// also the partitions of complementary suppression.
func Dimensions() []Dimension {
	out := make([]Dimension, len(dimensions))
	for i, d := range dimensions {
		out[i] = d
		out[i].Groups = append([]model.GroupID(nil), d.Groups...)
	}
	return out
}

// Contains reports whether a pupil is in the group, by the rule its table
// row uses, with opt's prior attainment bands (zero: measures.md's). Charts
// use it so a highlighted group is exactly the table's group.
func (g *Group) Contains(p *model.Pupil, opt Options) bool { return g.member(p, opt.bands(p.KeyStage)) }

// Prior is a pupil's prior attainment: KS1 APS at KS2, KS2 APS at KS4.
func Prior(p *model.Pupil) model.Num { return prior(p) }

// yearGroupRows are the rows of tables by year group (TableDef.ByYearGroup):
// Reception to Year 14, then rows that give no year group. They are no
// filter values and have no national group of their own.
var yearGroupRows = func() []*Group {
	out := make([]*Group, 16)
	for y := model.NCYear(0); y <= 14; y++ {
		out[y] = &Group{ID: model.GroupID("ncy_" + y.Short()), Label: y.String(), Comparator: CompareAll, index: -1, dim: -1}
	}
	out[15] = &Group{ID: "ncy_none", Label: "No year group", Comparator: CompareAll, index: -1, dim: -1}
	return out
}()

// YearGroup returns the row of tables by year group for a year group:
// its ID is "ncy_" and the year group's Short ("ncy_R", "ncy_6"), or
// "ncy_none" for rows that give none; its Label is the year group's
// ("Reception", "Year 6"). Rows of a table by year group compare with the
// measure's national figure for all pupils (CompareAll).
func YearGroup(y model.NCYear) *Group {
	if y < 0 || y > 14 {
		return yearGroupRows[15]
	}
	return yearGroupRows[y]
}

// yearGroupOrder is a year group's position among yearGroupRows.
func yearGroupOrder(y model.NCYear) int {
	if y < 0 || y > 14 {
		return 15
	}
	return int(y)
}
