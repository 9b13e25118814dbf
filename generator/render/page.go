package render

import (
	"encoding/json"
	"html/template"
)

// Page is everything a layout may print. Strings are plain text and are
// escaped by html/template for their context; only Body and TableHTML are
// trusted HTML: Body produced by the content stage's Markdown renderer,
// TableHTML by this package's own templates.
type Page struct {
	Site        SiteView
	Title       string
	Description string
	Home        string // relative link to the pack's home page
	Assets      string // relative path to the assets folder, ending in "/"
	Nav         []NavItem
	School      *SchoolView // nil on the LA index
	Body        template.HTML

	KeyStages []KeyStageLink // home: the school's key stage pages
	Pages     []PageLink     // home: other commentary pages
	KeyStage  *KeyStageView  // key stage page
	Table     *TableView     // table by pupil group
	// TableHTML is Table as the theme's "table" template draws it, when the
	// site rendered it once for several profiles (Theme.Table); empty
	// otherwise.
	TableHTML template.HTML
	Pupils    *PupilListView // pupil list (named profile only)
	Scatter   *ScatterView   // pupil scatterplot
	Charts    bool           // the page draws charts: load the chart scripts
	// Figures is true when the page draws an assessment's bar charts or
	// histograms: load ECharts and charts.js.
	Figures bool
	Terms   []Term       // glossary
	Schools []SchoolRow  // LA index: every school
	Indexes []IndexTable // LA index: headline measures by key stage
}

// SiteView describes the pack as a whole.
type SiteView struct {
	Title        string
	Organisation string
	// Illustrative is true when the pupils are synthetic (every row of the
	// pupil file marked as made by reportpack sample): the footer says so.
	Illustrative bool
	// Invented names the site's national file when some of its figures
	// are invented (marked synthetic, as reportpack sample writes them):
	// the footer says so, and tiles showing one say illustrative. Empty
	// when every national figure is published or the site's own.
	Invented string
	Built    string // e.g. "data for 2024/25"
	Profile  ProfileView
}

// ProfileView says which profile built the page.
type ProfileView struct {
	Name  string
	Label string
	Named bool
	// MinCohort is the profile's suppression threshold, which the banner
	// states (0: nothing is hidden).
	MinCohort int
}

// NavItem is one link in the pack's navigation.
type NavItem struct {
	Title   string
	URL     string
	Current bool
}

// SchoolView identifies the school a page is about.
type SchoolView struct {
	URN   string
	Name  string
	Phase string
}

// KeyStageLink is a card on the home page.
type KeyStageLink struct {
	Title   string
	URL     string
	Summary string
	// Figures are the card's headline figures (each rounded as its tile,
	// "x" when hidden).
	Figures []CardFigure
}

// CardFigure is one figure on a home-page card.
type CardFigure struct {
	Label    string
	Value    string // "x" when suppressed, "–" when none
	Percent  bool
	Unit     string // follows Value and National: "%", " per 100 pupils", or ""
	National string // "–" when none
	Why      string // why Value is "x"; empty when it shows
}

// PageLink links a commentary page.
type PageLink struct {
	Title       string
	URL         string
	Description string
}

// KeyStageView is a key stage's headline page.
type KeyStageView struct {
	Name      string // "key stage 4"
	Year      string // latest year, "2024/25"
	Years     string // every year in the data, "2022/23, 2023/24 and 2024/25"
	Cohort    string // a count, or "x" when suppressed
	Headlines []Headline
	Tables    []PageLink // the key stage's tables by pupil group
	PupilList string     // link to the pupil list; empty unless the named profile
	Scatter   string     // link to the scatterplot; empty when the profile has none or it is withheld
	// ScatterWithheld says why the profile's scatterplot is not shown
	// ("too few pupils to show without identifying them"); empty otherwise.
	ScatterWithheld string
	Downloads       []Download

	// Declared assessments (EYFS, phonics, KS1, MTC) only; empty for the
	// key stages.
	Intro string   // the opening paragraph
	Notes []string // further paragraphs
	// Declared is true for a declared assessment's page.
	Declared bool
	// NationalNote says, once for the page, where its national figures
	// are not the year's own: the earlier year they are from, or that the
	// DfE publishes none (KS1 since 2023/24); empty otherwise.
	NationalNote string
	// Comparator says which schools the page's national figures are for,
	// where they differ by phase ("National figures on this page are for
	// primary schools, ..."); empty otherwise.
	Comparator string
	// ComparatorGlossary links the glossary's entry on phase comparators;
	// empty when the site's glossary has none.
	ComparatorGlossary string
	// Coverage says which year groups the data covers, where that is not
	// every year group of the school's phase; empty otherwise.
	Coverage string
	// CohortWords follow the cohort in the page's first line ("pupils on
	// roll"); empty for "pupils with results in the <name>".
	CohortWords string
	Charts      []ChartView
	// PupilListTitle heads the link to the pupil list ("Pupils who have not
	// met the phonics standard"); empty for the key stages' lists.
	PupilListTitle string
}

// ChartView is one chart of an assessment page: its ECharts option (made
// by package chart, JSON-encoded, inert in its script block), drawn by the
// theme's charts.js, and the same figures as a table. A chart withheld from
// the profile has no option and says why.
type ChartView struct {
	ID    string // the chart element's id: a JS identifier, unique on the page
	Title string
	Kind  string // "bars" or "histogram"
	// JSON is the chart's data block; empty when withheld.
	JSON template.JS
	// Withheld says why the chart is not drawn in this profile; the page
	// prints it. Empty when drawn.
	Withheld string
	// Caption describes the chart in words.
	Caption string
	// Table is the chart's figures as a table (nil when withheld).
	Table *ChartTable
	// Hidden lists the bars not drawn because their figures are hidden
	// in this profile, with why ("Goal 3: Self-regulation (fewer than 6
	// pupils)"); empty when every bar is drawn.
	Hidden []string
	// Choices are the pupil groups the reader may draw the chart for
	// (the first, all pupils, drawn at first); empty for a chart of all
	// pupils only. Each group's figures ride in the chart's data block.
	Choices []ChartChoice
	// TableLink is the table by pupil group that gives a chart for a
	// chosen group every group's figures; nil for none.
	TableLink *PageLink
	// Height is the chart's height in CSS pixels; 0 for its kind's default.
	Height int
}

// ChartChoice is one pupil group a chart may be drawn for.
type ChartChoice struct {
	ID    string // the group's id, the option's value
	Label string
}

// ChartTable is a chart's accessible table: a caption, column headers, and
// row groups (a group per area of learning; one unnamed group otherwise).
type ChartTable struct {
	Caption string
	Headers []string // the first heads the row headers
	Groups  []ChartRowGroup
}

// ChartRowGroup is a labelled run of a chart table's rows.
type ChartRowGroup struct {
	Label string // empty: no group heading
	Rows  []ChartRow
}

// ChartRow is one row of a chart's table: its header cell and its figures.
type ChartRow struct {
	Header string
	Cells  []ChartCell
}

// ChartCell is one figure of a chart's table.
type ChartCell struct {
	Value string // "x" when hidden
	Why   string // why it is hidden (see Headline.Why); empty when it shows
}

// Download links a file of the pack's figures.
type Download struct {
	Title string
	URL   string
	About string
}

// Headline is one measure's tile.
type Headline struct {
	ID         string // measure id, for anchors and tests
	Label      string
	Has        bool
	Suppressed bool
	Value      string // rounded as the measure is shown
	Percent    bool
	// Unit follows Value and National: "%", " per 100 pupils", or "".
	Unit string
	// NoNational is set for a measure with no national comparator (a
	// count of the school's own pupils): the tile shows no national figure.
	NoNational bool
	// NationalFor names the schools National is for, for a measure whose
	// national figures differ by phase: "primary schools", "all schools".
	NationalFor  string
	CI           string // "0.57 to 0.97", empty when none
	Band         *Band
	Cohort       string // a count, or "x" when suppressed
	Explore      string // link to the measure's table by pupil group
	ShowAdjusted bool
	Adjusted     string
	National     string // "–" when the national file has no figure
	// NationalSource says where National came from and, when it is not
	// the page's year, which year it is: "DfE, Key stage 4 performance
	// 2022/23", "national 2022/23, the latest in reportpack's figures:
	// DfE, ...". Empty when none is known.
	NationalSource string
	// NationalNone says in words why there is no national figure, in the
	// years the DfE publishes none; empty otherwise.
	NationalNone  string
	Quintile      string       // "Q1 nationally (percentile 7)"; empty when none
	BuildQuintile string       // "Q2 among this pack's schools"; empty when none
	Trend         []TrendPoint // the last three years, oldest first; empty with one year
	// Why says why the figure (and its count) is hidden, in words:
	// "fewer than 6 pupils"; empty when it shows. Layouts print it after
	// "suppressed: ".
	Why string
	// AdjustedWhy says why Adjusted is "x", as Why does; empty when it
	// shows.
	AdjustedWhy string
}

// TrendPoint is one year of a headline's trend.
type TrendPoint struct {
	Year     string
	Value    string // "x" when suppressed
	Why      string // why Value is "x" (see Headline.Why); empty when it shows
	National string
	// NationalYear is the year National is for when it is an earlier
	// year's figure ("2022/23"); empty when it is the row's own year.
	NationalYear string
	// NationalNone is set (to the sentence why) when the DfE publishes no
	// national figure for the year.
	NationalNone string
}

// Band is a progress band in words (never colour alone).
type Band struct {
	ID   string // well_above, above, average, below, well_below
	Text string // "Well above average"
}

// Term is a glossary entry in the glossary's index.
type Term struct {
	ID    string
	Title string
}

// SchoolRow is a row of the LA index.
type SchoolRow struct {
	URN    string
	Name   string
	Phase  string
	URL    string
	Year   string
	Cohort string
}

// TableContext is what a theme's "table" template sees: the table and the
// little of its page it needs. The table is rendered once (Theme.Table) for
// all the profiles that show the same figures, so it must not depend on
// the profile: the site, navigation and profile are not in reach.
type TableContext struct {
	Title  string // the page's title
	Assets string // relative path to the assets folder
	Table  *TableView
}

// TableView is a table of a key stage's measures by pupil group, as ASP's
// "explore data in detail" shows it.
type TableView struct {
	ID      string // table id, e.g. "ks4_p8"
	Year    string
	Columns []ColumnView
	Rows    []RowView
	Dims    []FilterDim // filters the user can apply
	// PairsOfFilters is true when two filters can be applied at once;
	// packs that can be shared offer one at a time (docs/disclosure.md).
	PairsOfFilters bool
	Filtered       template.JS // every precomputed filtered table, as FilteredData.JS encodes it, for the page's script
	Headline       string      // the headline page, to go back to
	// NoSwitch is true when no row's like-for-like national figure differs
	// from its default one: the comparator switch would change nothing,
	// so the page offers none (EYFS goals, KS1: national figures for all
	// pupils only).
	NoSwitch bool
	// Reasons explain why figures are hidden, each reason any of the
	// table's figures (filtered ones too) is hidden for, once: the page's
	// key. Empty when nothing is hidden.
	Reasons []ReasonNote
	// NoNational lists the columns (indexes into Columns) with no
	// national figure, as "0 3", for the page's script; empty when none.
	NoNational string
}

// ReasonNote explains one reason figures are hidden.
type ReasonNote struct {
	Code  string // "small", "outcome", "protective", "table", as in measures.csv
	Text  string // the words a hidden figure gives, "fewer than 6 pupils"
	About string // a sentence or two on what it means
}

// ColumnView heads one measure's columns.
type ColumnView struct {
	ID       string
	Label    string
	Glossary string // link to the glossary entry; empty when none
	Percent  bool
	// NoNational is set for a count of the school's own pupils: the
	// column has the school's figure only, no national one.
	NoNational bool
}

// RowView is one pupil group's row.
type RowView struct {
	GroupID    string
	Label      string
	Glossary   string
	Comparator string // "the same group nationally", for the national cells' notes
	Cohort     string // a count, or "x"
	Suppressed bool
	Why        string // why the row is hidden (see Headline.Why); empty when it shows
	Cells      []CellView
}

// CellView is one measure for one group: the school's figure and the two
// national figures the comparator switch chooses between.
type CellView struct {
	Value        string // rounded figure, "x" when suppressed, "–" when none
	Suppressed   bool
	Why          string // why it is hidden (see Headline.Why); empty when it shows
	National     string // under the row's default comparator
	NationalSame string // like for like
}

// FilterDim is one filter dimension and its values.
type FilterDim struct {
	ID      string
	Label   string
	Options []FilterOption
}

// FilterOption is one value of a filter dimension.
type FilterOption struct {
	ID    string // group id
	Label string
}

// FilteredData carries the precomputed filtered tables into the page as
// JSON (see JS). A school's tables hold every filter and pair of filters,
// thousands of rows, so the encoding is terse: it is most of a table
// page's bytes.
type FilteredData struct {
	Columns int `json:"columns"`
	// Max is how many filters can be applied at once: 2, or 1 in a pack
	// that can be shared.
	Max int `json:"max"`
	// Groups are the rows' labels, once each: a row names its group by
	// index, as the same few labels head thousands of rows.
	Groups []string                 `json:"groups"`
	Tables map[string]FilteredTable `json:"tables"` // by filter, "sen=no_sen;mobility=non_mobile"
}

// JS encodes the data as JSON for a page's script block. encoding/json
// escapes <, > and & (and U+2028, U+2029), so nothing in a label can end
// the block or open a comment in it; html/template prints a template.JS
// as it is instead of encoding the data a second time, byte for byte what
// it would have printed.
func (d FilteredData) JS() template.JS {
	b, err := json.Marshal(d)
	if err != nil {
		// Strings, numbers and booleans always encode.
		panic("render: encoding filtered tables: " + err.Error())
	}
	return template.JS(b)
}

// FilteredTable is one filtered table's rows, already formatted.
type FilteredTable struct {
	Suppressed bool          `json:"suppressed,omitempty"` // too few pupils to show any figure
	Rows       []FilteredRow `json:"rows"`
}

// FilteredRow is a row of a filtered table: the index of its group's label
// in FilteredData.Groups (in decimal), the cohort and one figure per column
// ("x" when suppressed). A row suppressed throughout is only its group and
// "x" (see SuppressedRow).
type FilteredRow []string

// SuppressedRow is the short form of a row whose cohort and figures are
// all suppressed.
func SuppressedRow(group string) FilteredRow { return FilteredRow{group, "x"} }

// PupilListView is the named profile's list of pupils: the only view that
// holds pupil identities. Other profiles never build one.
type PupilListView struct {
	Year    string
	Columns []PupilColumn
	Rows    [][]string // one per pupil, a cell per column
	// Title heads a declared assessment's list ("Pupils who have not met
	// the phonics standard"); empty for the key stages' lists of every pupil.
	Title string
}

// PupilColumn heads a pupil list column.
type PupilColumn struct {
	Header  string
	Numeric bool
}

// IndexTable lists the schools with a key stage and their headline figures.
type IndexTable struct {
	Title   string // "Key stage 4, 2024/25"
	Columns []string
	Rows    []IndexRow
}

// IndexRow is one school's headline figures ("x" suppressed, "–" none).
type IndexRow struct {
	Name   string
	URL    string
	Cohort string
	Values []string
}

// ScatterView is a key stage's pupil scatterplot page: one chart that
// switches between measures, and the same points as tables.
type ScatterView struct {
	ID       string // the chart element's id
	Year     string
	XName    string
	Measures []ScatterMeasure
	// Highlight is true when the chart offers to highlight pupil groups
	// (and its table lists each pupil's groups): never in a profile that
	// suppresses small groups.
	Highlight bool
}

// ScatterMeasure is one measure's chart data and accessible table.
type ScatterMeasure struct {
	ID    string
	Label string
	JSON  template.JS // chart.ScatterJSON's output, made by encoding/json, so inert in its script as it is
	Named bool        // the rows carry names
	Rows  []ScatterRow
}

// ScatterRow is one point of a scatterplot as a table row.
type ScatterRow struct {
	Name     string // empty unless named
	X, Y     string
	Adjusted bool
	Groups   string
}

// EmbedTable is a table by pupil group placed in commentary: the unfiltered
// table, linking to its page for filters and the comparator switch.
type EmbedTable struct {
	Title string
	URL   string
	Table *TableView
}
