// rtdump joins a built pack's published measures.csv with the pupil sets
// each row is computed over (from the site's own data, through reportpack's
// own group and scoring rules), so that a differencing attack can be tested
// against the ground truth. Output: one JSON object per line.
package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	reportpack "github.com/reportpack/reportpack"
	"github.com/reportpack/reportpack/generator/measures"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/site"
)

// hidden reads a row's suppressed flag in either version: "true" (or 1,
// yes), a value of "x", or a reason code.
func hidden(suppressed, value, reason string) bool {
	switch strings.ToLower(strings.TrimSpace(suppressed)) {
	case "true", "1", "yes", "y", "t":
		return true
	}
	return strings.EqualFold(strings.TrimSpace(value), "x") || strings.TrimSpace(reason) != ""
}

type cohortKey struct {
	ks model.KeyStage
	y  string
}

func main() {
	source := flag.String("source", "", "site folder")
	flag.Parse()
	profiles := flag.Args() // profile folders, e.g. SITE/public/anonymised
	p, diags := site.Load(*source, reportpack.DefaultTheme())
	if p == nil {
		fmt.Fprintln(os.Stderr, diags)
		os.Exit(1)
	}
	var opt measures.Options
	copy(opt.KS2PriorBands[:], p.Config.Measures.KS2PriorBands)
	copy(opt.KS4PriorBands[:], p.Config.Measures.KS4PriorBands)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	multi := len(p.Schools) > 1
	for _, s := range p.Schools {
		groups := map[cohortKey][]model.Pupil{}
		for _, pu := range s.Pupils {
			if pu.KeyStage == "" {
				continue // the ground truth is the key stages' (attack.py's model)
			}
			k := cohortKey{pu.KeyStage, pu.Year.String()}
			groups[k] = append(groups[k], pu)
		}
		scores := map[cohortKey]map[string][]measures.PupilScore{}
		for k, ps := range groups {
			scores[k] = map[string][]measures.PupilScore{}
			for _, m := range measures.Measures(k.ks) {
				sc := measures.ScorePupils(m, ps, p.Data.Params, p.Data.Estimates)
				scores[k][string(m.ID)] = sc
				vals := make([]any, len(ps))
				raws := make([]any, len(ps))
				adj := make([]bool, len(ps))
				for i, x := range sc {
					if x.InCohort {
						vals[i], raws[i], adj[i] = x.Value, x.Raw, x.Adjusted
					}
				}
				enc.Encode(map[string]any{"type": "measure", "urn": s.URN, "ks": ksNumber(k.ks), "year": k.y, "measure": m.ID,
					"kind": m.Kind.String(), "values": vals, "raw": raws, "adjusted": adj})
			}
			// pupil characteristics (for reference only)
			chars := make([]map[string]any, len(ps))
			for i := range ps {
				var gs []string
				for _, g := range measures.Groups() {
					if g.Contains(&ps[i], opt) {
						gs = append(gs, string(g.ID))
					}
				}
				chars[i] = map[string]any{"groups": gs, "prior": measures.Prior(&ps[i]).V, "has_prior": measures.Prior(&ps[i]).Valid,
					"row": ps[i].Src.Row}
			}
			enc.Encode(map[string]any{"type": "pupils", "urn": s.URN, "ks": ksNumber(k.ks), "year": k.y, "pupils": chars})
		}
		for _, prof := range profiles {
			path := filepath.Join(prof, "measures.csv")
			if multi {
				path = filepath.Join(prof, string(s.URN), "measures.csv")
			}
			f, err := os.Open(path)
			if err != nil {
				continue
			}
			// measures.csv version 1 (key_stage 2/4) or version 2 (a
			// "# reportpack measures.csv version 2" line, assessment ks2/ks4).
			rd := csv.NewReader(f)
			rd.Comment = '#'
			rd.FieldsPerRecord = -1
			recs, err := rd.ReadAll()
			f.Close()
			if err != nil {
				panic(err)
			}
			hdr := recs[0]
			ix := map[string]int{}
			for i, h := range hdr {
				ix[h] = i
			}
			field := func(r []string, name string) string {
				if i, ok := ix[name]; ok && i < len(r) {
					return r[i]
				}
				return ""
			}
			for _, r := range recs[1:] {
				if sc := field(r, "scope"); sc != "" && sc != "school" {
					continue
				}
				ksN, err := strconv.Atoi(field(r, "key_stage"))
				a := strings.ToLower(field(r, "assessment"))
				if err != nil && a != "ks2" && a != "ks4" {
					continue // another assessment: not in the ground truth
				}
				if err != nil {
					ksN, err = strconv.Atoi(strings.TrimPrefix(a, "ks"))
				}
				if err != nil {
					panic(fmt.Sprintf("row %v: no key_stage or assessment", r))
				}
				k := cohortKey{map[int]model.KeyStage{2: model.KS2, 4: model.KS4}[ksN], r[ix["year"]]}
				ps := groups[k]
				mid := r[ix["measure"]]
				base := strings.TrimSuffix(mid, "_adjusted_pupils")
				floored := base != mid
				sc := scores[k][base]
				g := measures.GroupByID(model.GroupID(r[ix["group"]]))
				fl, err := measures.ParseFilter(r[ix["filter"]])
				if err != nil || g == nil || sc == nil {
					panic(fmt.Sprintf("row %v: %v", r, err))
				}
				var set, fset []int
				for i := range ps {
					if !g.Contains(&ps[i], opt) {
						continue
					}
					ok := true
					for _, gid := range fl.Groups() {
						if !measures.GroupByID(gid).Contains(&ps[i], opt) {
							ok = false
						}
					}
					if !ok || !sc[i].InCohort {
						continue
					}
					set = append(set, i)
					if sc[i].Adjusted {
						fset = append(fset, i)
					}
				}
				row := map[string]any{"type": "row", "profile": filepath.Base(prof), "urn": s.URN, "ks": ksN, "year": k.y,
					"measure": mid, "base": base, "floored": floored, "group": r[ix["group"]], "filter": r[ix["filter"]],
					"cohort": field(r, "cohort"), "value": field(r, "value"), "suppressed": hidden(field(r, "suppressed"), field(r, "value"), field(r, "reason")),
					"set": set, "fset": fset}
				if set == nil {
					row["set"] = []int{}
				}
				if fset == nil {
					row["fset"] = []int{}
				}
				enc.Encode(row)
			}
		}
	}
}

// ksNumber is the key stage's number, as attack.py reads it.
func ksNumber(ks model.KeyStage) int {
	return map[model.KeyStage]int{model.KS2: 2, model.KS4: 4}[ks]
}
