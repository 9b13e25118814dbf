// Package measures computes every figure of a school's report pack from its
// pupils: the tables by pupil group that ASP shows (Progress 8 with its
// confidence interval and band, attainment, threshold percentages), each
// against national figures and recomputed under every filter, with small
// groups suppressed. It does no I/O and renders nothing: Compute returns typed
// Results that the render and export packages read.
//
// What is computed is driven by three registries rather than switches:
// Measures (one entry per measure id of measures.md, with its per-pupil
// rule), Groups and Dimensions (table rows and filter values, with their
// national comparator) and TableDefs (which measures a table shows). Adding a
// measure is adding an entry.
//
// # Layout of the results
//
//	Results
//	  KeyStages[]            KS2 then KS4, only those with pupils
//	    Years[]              ascending
//	      Filters[]          every precomputed filter, fixed order
//	      Headlines[]        one per measure of the key stage, registry order
//	      Tables[]           one per TableDef of the key stage
//	        Measures[]       the table's columns
//	        Unfiltered[]     rows in group order, each with Cells[i] for Measures[i]
//	        Filtered[i]      the table under Filters[i]
//
// # Around Compute
//
// ScorePupils gives pupil-level scores exactly as Compute counts them (for
// scatterplots). A multi-school build ranks schools with RankBuild, ideally
// over cheap Options.HeadlinesOnly results, and applies the ranking to each
// school's full results as it renders them. Disclosure control is described
// on Options.MinCohort.
package measures
