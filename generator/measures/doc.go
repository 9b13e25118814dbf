// Package measures computes every figure of a school's report pack from its
// pupils: the tables by pupil group that ASP shows (Progress 8 with its
// confidence interval and band, attainment, threshold percentages), each
// against national figures and recomputed under every filter, with small
// groups suppressed. It does no I/O and renders nothing: Compute returns typed
// Results that the render and export packages read.
//
// What is computed is driven by registries rather than switches: the
// measures and tables of every assessment, KS2 and KS4 included, are
// declared in package assess (one entry per measure id of measures.md, with
// its per-pupil rule; which measures a table shows), and Measures and
// TableDefs are derived from them; Groups and Dimensions (table rows and
// filter values, with their national comparator) are this package's.
// Adding a measure is adding an entry to its assessment.
//
// # Layout of the results
//
//	Results
//	  KeyStages[]            the assessments with rows, registry order
//	    Years[]              ascending
//	      Filters[]          every precomputed filter, fixed order
//	      Headlines[]        one per measure of the key stage, registry order
//	      Tables[]           one per TableDef of the key stage
//	        Measures[]       the table's columns
//	        Unfiltered[]     rows in group order, each with Cells[i] for Measures[i]
//	        Filtered[i]      the table under Filters[i]
//
// A table by year group (TableDef.ByYearGroup: absence by year group)
// shows measures of a table by pupil group again, a row per year group
// present in the year's rows: Unfiltered holds them in year group order,
// each Row.Group being YearGroup(y) (ID "ncy_R", "ncy_1", ... "ncy_14", or
// "ncy_none" for rows with no year group; Label "Reception", "Year 1"),
// with the same cells as a pupil group's row, National being the
// measure's all-pupils figure for the school's phase (the DfE publishes
// none by year group: NationalSameIsAll says so); Filtered is nil. The
// headlines are never a year group's. When the school's rows are fewer
// than MinCohort, the table is one hidden "All pupils" row.
//
// An assessment's rows in a year are those with its cells (or its typed
// results); an EveryRow one's (behaviour, context) every row of the school
// that year, when some row has its cells or it has no columns. A ratio
// cell (KindRatio: absence rates, suspensions per 100) is Σ numerator ÷
// Σ denominator × Scale over the rows the rule gives one for (Cohort), a
// count cell (KindCount: pupils on roll) its cohort.
//
// # Around Compute
//
// ScorePupils gives pupil-level scores exactly as Compute counts them (for
// scatterplots). A multi-school build ranks schools with a Ranker (or
// RankBuild), ideally over cheap Options.HeadlinesOnly results, and applies the ranking to each
// school's full results as it renders them. Disclosure control is described
// on Options.MinCohort.
package measures
