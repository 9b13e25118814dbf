package site

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/reportpack/reportpack/generator/catalog"
	"github.com/reportpack/reportpack/generator/config"
	"github.com/reportpack/reportpack/generator/content"
	"github.com/reportpack/reportpack/generator/diag"
	"github.com/reportpack/reportpack/generator/load"
	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/render"
)

// The example label follows the data: a pack says "synthetic" exactly when
// its pupils are (every row of the pupil file marked Synthetic, as
// `reportpack sample` writes it; load reports a file that mixes the two),
// and a tile names its national figure illustrative exactly when the
// site's national file says the figure is invented (its source column,
// as `reportpack sample` writes it). site.toml's old illustrative key no
// longer decides anything: a build warns when it disagrees with the data.
// With real pupils, what `reportpack new` put in a site as an example (its
// commentary, its organisation) draws a warning naming the file or key.

// dataLabels reads what the data says of itself into p (the invented
// national figures; p.Synthetic is worked out as the pupils load) and
// warns of what disagrees with it. Call it only on data that loaded
// without errors.
func (p *Project) dataLabels(src load.Source, files load.Files) diag.List {
	var l diag.List
	nf, _ := load.NationalFigures(src, files.WithDefaults(src).National) // its problems were reported when it was loaded
	p.invented, p.nationalFile = nf.InventedFigures(), nf.File

	cfg := p.Config
	if cfg.Illustrative != nil && *cfg.Illustrative != p.Synthetic {
		d := diag.Diagnostic{File: config.FileName, Line: cfg.IllustrativeLine, Value: fmt.Sprintf("illustrative = %t", *cfg.Illustrative),
			Hint: "remove the illustrative key: pages now say \"synthetic\" exactly when the pupil data is, from its Synthetic column"}
		if p.Synthetic {
			l.Warnf(d, "the pupils are synthetic (every row of the pupil file is marked Synthetic = Y, as reportpack sample writes it), so pages say so whatever this key says")
		} else {
			msg := "the pupils are real (no row of the pupil file is marked Synthetic), so pages do not call them synthetic whatever this key says"
			if len(p.invented) > 0 {
				msg += "; the national figures " + p.nationalFile + " marks as invented are labelled illustrative where they are shown"
			}
			l.Warnf(d, "%s", msg)
		}
	}
	if p.Synthetic {
		return l
	}
	if strings.HasSuffix(strings.TrimSpace(cfg.Organisation), "(example)") {
		l.Warnf(diag.Diagnostic{File: config.FileName, Line: cfg.OrganisationLine, Value: cfg.Organisation,
			Hint: "set organisation in site.toml to the LA, trust or school publishing the pack"},
			"organisation is still the example's, but the pupils are real: every page prints it")
	}
	if len(p.invented) > 0 {
		l.Warnf(diag.Diagnostic{File: p.nationalFile, Value: load.SampleSource,
			Hint: "delete the file, or those rows, to compare with the DfE's published figures built into reportpack; or replace them with real figures and their source"},
			"%d of its national figures are invented (their source says synthetic: made by reportpack sample), but the pupils are real: tiles showing them say illustrative", len(p.invented))
	}
	return l
}

// exampleCommentary warns of the example site's commentary, unchanged, in
// a pack of real pupils: it speaks of made-up pupils and schools.
func (p *Project) exampleCommentary() diag.List {
	var l diag.List
	if p.Synthetic {
		return l
	}
	for _, name := range content.ExampleCommentary(os.DirFS(filepath.Join(p.Source, content.Dir))) {
		l.Warnf(diag.Diagnostic{File: content.Dir + "/" + name,
			Hint: "write your own commentary in it, or delete it"},
			"this is the example commentary from reportpack new, unchanged: it describes made-up pupils and schools, but the pupils are real")
	}
	return l
}

// inventedPhrase says where an invented national figure came from, as a
// tile's source: "illustrative: invented by reportpack sample in
// data/national.csv, not DfE data".
func (p *Project) inventedPhrase(f catalog.Figure) string {
	s := "illustrative: invented by reportpack sample in " + p.nationalFile + ", not DfE data"
	if f.Status == catalog.Earlier {
		s = "national " + f.Key.Year.String() + ", " + s
	}
	return s
}

// labelInvented marks the tiles of a key stage page whose national figure
// the site's national file marks as invented.
func (p *Project) labelInvented(res *measures.Results, ks model.KeyStage, kv *render.KeyStageView) {
	if kv == nil || len(p.invented) == 0 {
		return
	}
	kr := res.KeyStage(ks)
	if kr == nil || len(kr.Years) == 0 {
		return
	}
	y := kr.Latest().Year
	for i := range kv.Headlines {
		h := &kv.Headlines[i]
		if h.NationalSource == "" {
			continue // no figure, or none the page names the source of
		}
		f := catalog.Resolve(res.National, y, model.MeasureID(h.ID), "all", "")
		if (f.Status == catalog.Exact || f.Status == catalog.Earlier) && p.invented[f.Key] {
			h.NationalSource = p.inventedPhrase(f)
		}
	}
}

// inventedFile is the national file, when some figures the pack may show
// are invented: the footer says so. "" otherwise.
func (p *Project) inventedFile() string {
	if len(p.invented) == 0 {
		return ""
	}
	return p.nationalFile
}
