package site

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/reportpack/reportpack"
	"github.com/reportpack/reportpack/generator/model"
	"github.com/reportpack/reportpack/generator/output"
	"github.com/reportpack/reportpack/generator/sample"
)

// Until package load reads the declared assessments' columns, these tests
// give the example's sample pupils whole-school results in process: for each
// key stage 2 row, a Reception, Year 1, Year 2 and Year 4 pupil with the same
// characteristics and results made up from the row's position.

// wholeSchoolProject loads the example site with small sample data and adds
// EYFS, phonics, KS1 and MTC pupils to every school. edit, when set, may
// change the added pupils before the schools are grouped.
func wholeSchoolProject(t testing.TB, opt sample.Options, edit func([]model.Pupil)) *Project {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, reportpack.ExampleSite()); err != nil {
		t.Fatal(err)
	}
	d := sample.Generate(opt)
	if err := d.WriteDir(filepath.Join(dir, "data")); err != nil {
		t.Fatal(err)
	}
	p, diags := Load(dir, reportpack.DefaultTheme())
	if diags.HasErrors() {
		t.Fatalf("loading the example: %v", diags.Err())
	}
	added := wholeSchoolPupils(p.Data.Pupils)
	if edit != nil {
		edit(added)
	}
	all := append(append([]model.Pupil(nil), p.Data.Pupils...), added...)
	p.Data.Pupils, p.Schools = groupSchools(p.Config, all)
	return p
}

func wholeSchoolPupils(pupils []model.Pupil) []model.Pupil {
	var out []model.Pupil
	n := 0
	for _, src := range pupils {
		if src.KeyStage != model.KS2 {
			continue
		}
		for _, ncy := range []model.NCYear{0, 1, 2, 4} {
			n++
			p := model.Pupil{Src: src.Src, URN: src.URN, Year: src.Year, NCYear: ncy, ID: src.ID, Chars: src.Chars, Synthetic: src.Synthetic}
			p.ID.Forename = fmt.Sprintf("%s%c", src.ID.Forename, 'a'+byte(ncy))
			if len(p.ID.UPN) == 13 {
				p.ID.UPN = p.ID.UPN[:8] + fmt.Sprintf("%05d", n%100000)
			}
			p.Results = []model.Result{wholeSchoolResult(ncy, n)}
			if ncy == 2 {
				p.Results = append(p.Results, ks1Result(n))
			}
			out = append(out, p)
		}
	}
	return out
}

func code(c string) model.Value { return model.Value{Code: c} }
func mark(v int) model.Value    { return model.Value{Num: float64(v), IsNum: true} }

func wholeSchoolResult(ncy model.NCYear, n int) model.Result {
	switch ncy {
	case 0: // EYFS: mostly expected; every 13th child not assessed in a goal
		var v []model.Value
		for g := range 17 {
			c := "2"
			if n%3 == 0 && (n*7+g*3)%10 < 3 {
				c = "1"
			}
			if n%13 == 0 && g == 4 {
				c = "A"
			}
			v = append(v, code(c))
		}
		return model.Result{Assessment: "eyfs", Values: v}
	case 1: // phonics Year 1: marks spread over 0..40
		m := 40 - (n*7)%41/2
		if n%5 == 0 {
			m = (n * 3) % 32
		}
		out := "Wa"
		if m < 32 {
			out = "Wt"
		}
		if n%17 == 0 {
			return model.Result{Assessment: "phonics", Values: []model.Value{{}, code("A"), {}}}
		}
		return model.Result{Assessment: "phonics", Values: []model.Value{mark(m), code(out), {}}}
	case 2: // phonics Year 2: the Year 1 outcome, and a recheck when not met
		if n%4 == 0 {
			m := 25 + n%12
			out := "Wa"
			if m < 32 {
				out = "Wt"
			}
			return model.Result{Assessment: "phonics", Values: []model.Value{mark(m), code(out), code("Wt")}}
		}
		return model.Result{Assessment: "phonics", Values: []model.Value{{}, {}, code("Wa")}}
	default: // MTC
		if n%11 == 0 {
			return model.Result{Assessment: "mtc", Values: []model.Value{code("A")}}
		}
		return model.Result{Assessment: "mtc", Values: []model.Value{mark(25 - (n*5)%19)}}
	}
}

func ks1Result(n int) model.Result {
	ta := []string{"EXS", "GDS", "EXS", "WTS", "EXS", "PK3", "EXS", "GDS"}
	sci := []string{"EXS", "EXS", "HNM", "EXS"}
	return model.Result{Assessment: "ks1", Values: []model.Value{
		code(ta[n%8]), code(ta[(n+1)%8]), code(ta[(n+3)%8]), code(sci[n%4]),
	}}
}

// buildMem builds the project's profiles into memory and returns every file.
func buildMem(t testing.TB, p *Project, profiles ...string) map[string][]byte {
	t.Helper()
	mem := output.NewMem()
	if len(profiles) == 0 {
		profiles = []string{"all"}
	}
	_, diags := p.build(context.Background(), Options{Profiles: profiles, Writer: mem}, nil)
	if diags.HasErrors() {
		t.Fatalf("build failed:\n%v", diags.Err())
	}
	files := map[string][]byte{}
	for _, n := range mem.Names() {
		b, _ := mem.File(n)
		files[n] = b
	}
	return files
}

var _ = strconv.Itoa
