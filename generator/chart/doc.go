// Package chart prepares pupil scatterplots as ASP draws them: prior
// attainment across, a measure's pupil score up, one group of pupils
// highlighted. It does no I/O and writes no HTML.
//
// ScatterJSON builds the ECharts option with go-echarts, used only as a typed
// option builder (Validate, then JSON), and marshals it with encoding/json so
// that <, > and & come out as \u003c, \u003e and \u0026: the bytes can go in a
// <script type="application/json" class="rp-scatter-data"> block and stay
// inert. go-echarts' own renderer is never used, because it prints options
// unescaped into a <script> and turns "__f__" markers in any string (pupil
// names included) into raw JavaScript; "__f__" is neutralised in every
// string here anyway. The tooltip formatter and the client-side
// re-partitioning live in the theme's assets/js/scatter.js, not in Go.
//
// AccessibleTable gives the same points as rows for a plain data table, and
// FromScores turns measures.ScorePupils output into Points, with group
// membership computed as measures computes it.
//
// Privacy: a Point carries a name only in the named profile (ScatterSpec.Named
// must say so, or a labelled point is an error), and points are sorted by
// value, never kept in pupil file order, so nothing in the output maps back to
// a row of the pupil file. A spec with no HighlightGroups puts no group
// membership in the output at all (no group list, no bitmask), for profiles
// that suppress small groups: a group's points would give away its figures.
package chart
