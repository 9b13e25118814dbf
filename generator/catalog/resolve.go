package catalog

import (
	"github.com/reportpack/reportpack/generator/model"
)

// Status says what Resolve found.
type Status uint8

// What Resolve finds.
const (
	// Missing: no figure, and no reason the DfE has none.
	Missing Status = iota
	// Exact: the figure for the year asked.
	Exact
	// Earlier: the latest earlier year's figure under the same method.
	Earlier
	// NotPublished: the DfE publishes no figure for the year (Figure.Note
	// says why in words).
	NotPublished
)

// Figure is the national figure a page shows for a year, measure and
// group, with where it came from.
type Figure struct {
	Status     Status
	Value      float64
	Key        model.NationalKey // the figure's own year, group and phase
	Provenance model.Provenance
	// Note is the sentence a page shows for NotPublished, and for an
	// Earlier figure shown because the DfE stopped publishing the measure
	// (a Gap with Latest): why there is no later figure.
	Note string
}

// Provenance says where a figure of the national figures came from: the
// built-in published figure when it has that key and value, else the
// site's own file (whose name the caller may fill in).
func Provenance(k model.NationalKey, v float64) model.Provenance {
	if p, ok := published[k]; ok && p.Value == v {
		return model.Provenance{Kind: model.FromPublished, Source: p.Source}
	}
	return model.Provenance{Kind: model.FromSite}
}

// Resolve finds the national figure for measure m, group g and a school of
// the phase (or "" for all schools) in year y:
//   - the year's own figure (the phase's, else all schools'), if there is one;
//   - else, when the DfE publishes no figure that year for the measure, the
//     sentence that says so (NotPublished), never an older figure, unless
//     publication simply stopped (Gap.Latest: KS1), when it is the last
//     year's before the gap (Earlier, with the sentence as Note);
//   - else the latest earlier year's figure, going back no further than
//     the measure's current method (Since) and never across a year with no
//     figure published (Earlier);
//   - else Missing.
//
// An undeclared measure gets the year's own figure or Missing.
func Resolve(nat model.NationalFigures, y model.Year, m model.MeasureID, g model.GroupID, phase model.Phase) Figure {
	look := func(y model.Year) (Figure, bool) {
		v, ph, ok := nat.LookupPhase(y, m, g, phase)
		if !ok {
			return Figure{}, false
		}
		k := model.NationalKey{Year: y, Measure: m, Group: g, Phase: ph}
		return Figure{Value: v, Key: k, Provenance: Provenance(k, v)}, true
	}
	if f, ok := look(y); ok {
		f.Status = Exact
		return f
	}
	ms := MeasureByID(m)
	if ms == nil || ms.NoNational {
		return Figure{}
	}
	if note, ok := ms.NotPublished(y); ok {
		g, _ := ms.Gap(y)
		if !g.Latest {
			return Figure{Status: NotPublished, Note: note}
		}
		// The last year before publication stopped, under the same method.
		for e := g.From - 1; e >= ms.Since; e-- {
			if _, gap := ms.Gap(e); gap {
				break
			}
			if f, ok := look(e); ok {
				f.Status, f.Note = Earlier, note
				return f
			}
		}
		return Figure{Status: NotPublished, Note: note}
	}
	for e := y - 1; e >= ms.Since; e-- {
		if _, gap := ms.Gap(e); gap {
			break
		}
		if f, ok := look(e); ok {
			f.Status = Earlier
			return f
		}
	}
	return Figure{}
}

// Phrase is how a page says where a shown figure came from: "DfE, Key
// stage 4 performance 2022/23" for the year's own published figure;
// "national 2022/23, the latest in reportpack's figures (DfE, ...)" for an
// earlier year's; "from the site's national figures (data/national.csv)"
// for a site's own. Empty when there is no figure.
func (f Figure) Phrase() string {
	if f.Status != Exact && f.Status != Earlier {
		return ""
	}
	var src string
	switch f.Provenance.Kind {
	case model.FromPublished:
		src = f.Provenance.Source
	default:
		src = "the site's own national figures"
		if f.Provenance.File != "" {
			src += " (" + f.Provenance.File + ")"
		}
	}
	if f.Status == Earlier {
		latest := "the latest in reportpack's figures"
		if f.Provenance.Kind != model.FromPublished {
			latest = "the latest in this site's figures"
		}
		return "national " + f.Key.Year.String() + ", " + latest + ": " + src
	}
	return src
}
