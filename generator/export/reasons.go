package export

import (
	"strconv"

	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/model"
)

// CellReason is why a hidden cell of row is hidden: its own Reason, or,
// where suppression left none, its hidden row's (RowReason), else
// ReasonProtective, so that every hidden figure says why. It is ReasonNone
// for a cell that shows. row may be nil for a cell known to be in a row
// that shows.
func CellReason(c *measures.Cell, row *measures.Row) measures.Reason {
	switch {
	case !c.Suppressed:
		return measures.ReasonNone
	case c.Reason != measures.ReasonNone:
		return c.Reason
	case row != nil && row.Suppressed:
		return RowReason(row)
	}
	return measures.ReasonProtective
}

// AdjustedReason is why a progress cell's count of pupils with adjusted
// scores is hidden: the cell's reason (CellReason) when the whole cell is
// hidden, else its AdjustedReason, or ReasonSmall where suppression left
// none (a count hidden alone is of 1..k-1 floored pupils). It is
// ReasonNone when the count shows.
func AdjustedReason(c *measures.Cell, row *measures.Row) measures.Reason {
	switch {
	case c.Suppressed:
		return CellReason(c, row)
	case !c.AdjustedSuppressed:
		return measures.ReasonNone
	case c.AdjustedReason != measures.ReasonNone:
		return c.AdjustedReason
	}
	return measures.ReasonSmall
}

// RowReason is why a hidden row (its cohort) is hidden: its Reason, or
// ReasonSmall where suppression left none. It is ReasonNone for a row that
// shows.
func RowReason(row *measures.Row) measures.Reason {
	switch {
	case !row.Suppressed:
		return measures.ReasonNone
	case row.Reason != measures.ReasonNone:
		return row.Reason
	}
	return measures.ReasonSmall
}

// ReasonText is why in words (measures.Reason.Text) for a school's results
// r, with the threshold r was suppressed with: MinGroup for ReasonOutcome,
// MinCohort otherwise. r may be nil where the thresholds are not known;
// the words then name none.
//
// The words never say how many pupils a protective figure protects
// (Cell.Protects): that is the size of a group whose own count is hidden,
// so printing it would give away the very figure suppression hides (3
// disadvantaged pupils, say, and so 27 others out of 30).
func ReasonText(r *measures.Results, why measures.Reason) string {
	k := 0
	if r != nil {
		k = r.MinCohort
		if why == measures.ReasonOutcome {
			k = r.MinGroup
		}
	}
	if k <= 0 {
		switch why {
		case measures.ReasonSmall:
			return "too few pupils"
		case measures.ReasonOutcome:
			return "too few pupils in the group had this result, or too few did not"
		}
	}
	return why.Text(k, 0)
}

// ReasonAbout explains a reason at more length than ReasonText, for the
// notes of a table page or workbook that shows it.
func ReasonAbout(r *measures.Results, why measures.Reason) string {
	k := "too few"
	if r != nil && r.MinCohort > 0 {
		k = "fewer than " + strconv.Itoa(r.MinCohort)
	}
	switch why {
	case measures.ReasonSmall:
		return "The figure is about " + k + " pupils: shown, it could tell a reader about pupils they know."
	case measures.ReasonOutcome:
		return "Nearly every pupil in the group had the same result: the figure would say what each of them achieved."
	case measures.ReasonProtective:
		return "The figure is about enough pupils, but shown beside the figures that are, it would let a reader work out a hidden figure by subtraction."
	case measures.ReasonTable:
		return "The table under this filter selects too few pupils, or its all-pupils row is hidden, so none of its figures shows."
	}
	return ""
}

// Reasons are the reasons a hidden figure can have, in code order.
var Reasons = []measures.Reason{measures.ReasonSmall, measures.ReasonOutcome, measures.ReasonProtective, measures.ReasonTable}

// allPupilsRow returns the unfiltered "All pupils" row of the year's table
// with the measure among its columns, or nil when there is none (results
// of headlines only).
func allPupilsRow(yr *measures.YearResults, id model.MeasureID) *measures.Row {
	for i := range yr.Tables {
		tb := &yr.Tables[i]
		if tb.Column(id) >= 0 && len(tb.Unfiltered) > 0 && tb.Unfiltered[0].Group.ID == "all" {
			return &tb.Unfiltered[0]
		}
	}
	return nil
}

// HeadlineReason is why a year's headline figure for a measure, cell c
// (the "All pupils" cell: Headline.Cell or a TrendPoint's), is hidden:
// CellReason with the all-pupils row the year's tables give it.
func HeadlineReason(yr *measures.YearResults, id model.MeasureID, c *measures.Cell) measures.Reason {
	return CellReason(c, allPupilsRow(yr, id))
}

// HeadlineAdjustedReason is AdjustedReason for a headline's cell, as
// HeadlineReason is CellReason.
func HeadlineAdjustedReason(yr *measures.YearResults, id model.MeasureID, c *measures.Cell) measures.Reason {
	return AdjustedReason(c, allPupilsRow(yr, id))
}
