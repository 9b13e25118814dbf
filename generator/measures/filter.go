package measures

import (
	"fmt"
	"strings"

	"github.com/reportpack/reportpack/generator/model"
)

// Filter restricts a table to the pupils in one group, or in two groups on
// different dimensions. The zero Filter is "no filter". Filters are
// comparable and may key maps. First is always on the earlier dimension in
// the fixed order (gender, disadvantaged, sen, mobility, language, prior,
// ethnicity, birth), so each selection has one spelling.
type Filter struct {
	First  model.GroupID
	Second model.GroupID // empty for a single filter
}

// IsZero reports whether f is "no filter".
func (f Filter) IsZero() bool { return f.First == "" }

// String is the filter's id in measures.csv: "" for no filter, else
// "dimension=group" pairs joined by ";" in dimension order, e.g.
// "sen=no_sen;mobility=non_mobile".
func (f Filter) String() string {
	if f.IsZero() {
		return ""
	}
	s := string(groupsByID[f.First].Dimension) + "=" + string(f.First)
	if f.Second != "" {
		s += ";" + string(groupsByID[f.Second].Dimension) + "=" + string(f.Second)
	}
	return s
}

// Label names the filter for people: "No SEN, Non-mobile".
func (f Filter) Label() string {
	if f.IsZero() {
		return ""
	}
	s := groupsByID[f.First].Label
	if f.Second != "" {
		s += ", " + groupsByID[f.Second].Label
	}
	return s
}

// Groups lists the filter's groups, in dimension order.
func (f Filter) Groups() []model.GroupID {
	switch {
	case f.IsZero():
		return nil
	case f.Second == "":
		return []model.GroupID{f.First}
	}
	return []model.GroupID{f.First, f.Second}
}

// NewFilter makes the filter selecting pupils in every one of the groups
// (none, one or two, on different dimensions), in canonical order.
func NewFilter(ids ...model.GroupID) (Filter, error) {
	if len(ids) > 2 {
		return Filter{}, fmt.Errorf("a filter has at most two groups, not %d", len(ids))
	}
	var gs []*Group
	for _, id := range ids {
		g := groupsByID[id]
		if g == nil {
			return Filter{}, fmt.Errorf("unknown group %q", id)
		}
		if g.Dimension == "" {
			return Filter{}, fmt.Errorf("group %q is not a filter value", id)
		}
		gs = append(gs, g)
	}
	switch len(gs) {
	case 0:
		return Filter{}, nil
	case 1:
		return Filter{First: gs[0].ID}, nil
	}
	a, b := dimensionIdx[gs[0].Dimension], dimensionIdx[gs[1].Dimension]
	if a == b {
		return Filter{}, fmt.Errorf("groups %q and %q are on the same dimension %q", gs[0].ID, gs[1].ID, gs[0].Dimension)
	}
	if a > b {
		gs[0], gs[1] = gs[1], gs[0]
	}
	return Filter{First: gs[0].ID, Second: gs[1].ID}, nil
}

// ParseFilter reads a filter in its String form, in either dimension order.
func ParseFilter(s string) (Filter, error) {
	if strings.TrimSpace(s) == "" {
		return Filter{}, nil
	}
	var ids []model.GroupID
	for part := range strings.SplitSeq(s, ";") {
		dim, val, ok := strings.Cut(part, "=")
		if !ok {
			return Filter{}, fmt.Errorf("filter %q: %q is not dimension=group", s, part)
		}
		g := groupsByID[model.GroupID(strings.TrimSpace(val))]
		if g == nil || string(g.Dimension) != strings.TrimSpace(dim) {
			return Filter{}, fmt.Errorf("filter %q: %q is not a group of dimension %q", s, val, dim)
		}
		ids = append(ids, g.ID)
	}
	f, err := NewFilter(ids...)
	if err != nil {
		return Filter{}, fmt.Errorf("filter %q: %w", s, err)
	}
	return f, nil
}

// hasDimension reports whether the filter selects on dimension d; a
// filtered table leaves out the rows of its own dimensions (one equals
// "all pupils", the rest are empty), as ASP does.
func (f Filter) hasDimension(d DimensionID) bool {
	return d != "" && ((f.First != "" && groupsByID[f.First].Dimension == d) ||
		(f.Second != "" && groupsByID[f.Second].Dimension == d))
}
