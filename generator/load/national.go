package load

import (
	"strconv"
	"strings"

	"github.com/reportpack/reportpack/generator/catalog"
	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/model"
)

// suppressed are the symbols the DfE's statistics files print in place of
// a figure: the figure is absent, not wrong.
var suppressed = map[string]bool{"": true, "x": true, "c": true, "z": true, "u": true, "low": true,
	":": true, "..": true, "-": true, "–": true, "na": true, "n/a": true}

// NationalFile is a site's national.csv as read, laid over reportpack's
// built-in published figures.
type NationalFile struct {
	File string
	// Figures are the built-in published figures with the site's rows
	// laid over them: a row of the site's file replaces the built-in
	// figure for its year, measure, group and phase; a row holding a DfE
	// symbol ("x", "z", ...) removes it.
	Figures model.NationalFigures
	// Sources says where each figure came from.
	Sources map[model.NationalKey]model.Provenance
	// Rows gives the site file's row of each of its own figures.
	Rows map[model.NationalKey]int
	// Exists is false when the site has no national file: the figures
	// are then the built-in ones alone.
	Exists bool
}

// National reads national.csv (see NationalFigures) and returns the
// national figures a build compares with: reportpack's built-in published
// figures with the site's rows laid over them. A missing file is not an
// error: the built-in figures are used.
func National(src Source, path string) (model.NationalFigures, diag.List) {
	nf, l := NationalFigures(src, path)
	return nf.Figures, l
}

// NationalFigures reads national.csv: tidy rows of
// year,measure,group,value with an optional phase column (blank or "all",
// primary, secondary, special) and an optional source column citing each
// figure (one beginning "synthetic" marks an invented figure: see
// Invented), percentages as 0..100, ids from
// docs/ids.md. Every row is checked against the catalog: an unknown
// measure or group id (with the closest id as a hint), a bad phase, a value
// outside the measure's range and a second row for the same year, measure,
// group and phase are errors naming the row. A suppressed value ("x", "c",
// "z", ...) is not an error.
func NationalFigures(src Source, path string) (NationalFile, diag.List) {
	var l diag.List
	nf := NationalFile{File: path, Figures: catalog.Defaults(),
		Sources: map[model.NationalKey]model.Provenance{}, Rows: map[model.NationalKey]int{}}
	for _, p := range catalog.PublishedFigures() {
		nf.Sources[p.Key] = model.Provenance{Kind: model.FromPublished, Source: p.Source}
	}
	if !src.exists(path) {
		return nf, l
	}
	nf.Exists = true
	t, ok := openTable(src, path, "", &l)
	if !ok {
		return nf, l
	}
	defer t.close()
	col, _, ok := tidyColumns(t, []string{"year", "measure", "group", "value"}, &l)
	if !ok {
		return nf, l
	}
	phaseCol, sourceCol := -1, -1
	for j, h := range t.headers() {
		switch {
		case NormalHeader(h) == NormalHeader("phase") && phaseCol < 0:
			phaseCol = j
		case NormalHeader(h) == NormalHeader("source") && sourceCol < 0:
			sourceCol = j
		}
	}
	for {
		r, ok := t.next(&l)
		if !ok {
			break
		}
		good := true
		bad := func(c int, message, hint string) {
			good = false
			d := t.place(r, c)
			d.Message, d.Hint = message, hint
			l.Add(d)
		}
		var k model.NationalKey
		y, yok := parseYear(r.at(col[0]).Text)
		if !yok {
			bad(col[0], "not an academic year", "write 2025, 2024/25 or 2024-25 (or 202425)")
		}
		k.Year = y
		k.Measure = model.MeasureID(strings.ToLower(strings.TrimSpace(r.at(col[1]).Text)))
		k.Group = model.GroupID(strings.ToLower(strings.TrimSpace(r.at(col[2]).Text)))
		idCols := map[string]int{"measure": col[1], "group": col[2], "value": col[3]}
		for _, c := range []int{col[1], col[2]} {
			if strings.TrimSpace(r.at(c).Text) == "" {
				bad(c, "blank", "use the ids in docs/ids.md, e.g. ks4_p8 and all")
			}
		}
		if phaseCol >= 0 {
			idCols["phase"] = phaseCol
			ph, ok := catalog.ParsePhase(r.at(phaseCol).Text)
			if !ok {
				hint := "leave it blank for all schools, or write primary, secondary or special"
				if s := diag.Suggest(strings.ToLower(strings.TrimSpace(r.at(phaseCol).Text)), []string{"all", "primary", "secondary", "special"}); s != "" {
					hint = "did you mean " + s + "? " + hint
				}
				bad(phaseCol, "not a phase", hint)
			}
			k.Phase = ph
		}
		raw := strings.TrimSpace(r.at(col[3]).Text)
		absent := suppressed[strings.ToLower(raw)]
		var v float64
		numeric := !absent
		if !absent {
			var problem, hint string
			v, problem, hint = parseNumber(raw)
			if problem != "" {
				numeric = false
				if hint == "" {
					hint = "a number, or a DfE symbol such as x, c or z for a figure not published"
				}
				bad(col[3], problem, hint)
			}
		}
		if k.Measure != "" && k.Group != "" {
			for _, p := range catalog.Check(k, v) {
				if !numeric && p.Field == "value" {
					continue
				}
				bad(idCols[p.Field], p.Message, p.Hint)
			}
		}
		if !good {
			continue
		}
		if first, dup := nf.Rows[k]; dup {
			what := "year, measure and group"
			if phaseCol >= 0 {
				what = "year, measure, group and phase"
			}
			bad(col[3], "the same "+what+" as row "+strconv.Itoa(first), "keep one figure for each "+what)
			continue
		}
		nf.Rows[k] = r.Row
		if absent {
			// The site says the figure is not published: it hides the
			// built-in one too.
			delete(nf.Figures, k)
			delete(nf.Sources, k)
			continue
		}
		nf.Figures[k] = v
		nf.Sources[k] = model.Provenance{Kind: model.FromSite, File: path}
		if sourceCol >= 0 {
			nf.Sources[k] = model.Provenance{Kind: model.FromSite, File: path, Source: strings.TrimSpace(r.at(sourceCol).Text)}
		}
	}
	return nf, l
}

// SampleSource is the source reportpack sample gives every row of the
// national.csv it writes: its figures are invented, not the DfE's.
const SampleSource = "synthetic (reportpack sample)"

// Invented reports whether a national figure is invented, not published:
// a row of the site's national file whose source begins "synthetic", as
// reportpack sample's do (SampleSource).
func Invented(p model.Provenance) bool {
	return p.Kind == model.FromSite && strings.HasPrefix(strings.ToLower(strings.TrimSpace(p.Source)), "synthetic")
}

// InventedFigures returns the keys of the figures of the site's national
// file that are invented (Invented), nil when there are none.
func (nf NationalFile) InventedFigures() map[model.NationalKey]bool {
	var out map[model.NationalKey]bool
	for k, p := range nf.Sources {
		if Invented(p) {
			if out == nil {
				out = map[model.NationalKey]bool{}
			}
			out[k] = true
		}
	}
	return out
}
