package assess

import "github.com/reportpack/reportpack/generator/model"

// One init, so the built-in assessments register in page order whatever
// order the compiler reads the files in.
func init() {
	for _, a := range []*Assessment{keyStage2, keyStage4, eyfs, phonics, keyStage1, mtc} {
		Register(a)
	}
}

// The key stages whose results and measures predate the registry.
var (
	keyStage2 = &Assessment{ID: model.KS2, Title: "Key stage 2", Short: "KS2", NCYears: []model.NCYear{6}, Legacy: true,
		Intro: "Results of the key stage 2 tests and teacher assessments at the end of Year 6."}
	keyStage4 = &Assessment{ID: model.KS4, Title: "Key stage 4", Short: "KS4", NCYears: []model.NCYear{11}, Legacy: true,
		Intro: "GCSE and equivalent results at the end of Year 11."}
)

// years is a list of year groups.
func years(ys ...model.NCYear) []model.NCYear { return ys }
