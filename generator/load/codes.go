package load

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/reportpack/reportpack/generator/model"
)

// ethnicityCodes reads the major groups (WHIT, MIXD, ...) and the school
// census's 4-letter ethnicity codes, main and extended, as school MIS
// exports write them (the DfE's Common Basic Data Set list D00005 and its
// extended list): each belongs to the major group its first letter names,
// as in the DfE's performance tables, and REFU (refused) and NOBT (not yet
// obtained) are unclassified.
var ethnicityCodes = func() map[string]model.Ethnicity {
	m := make(map[string]model.Ethnicity, 128)
	for k, v := range model.EthnicityCodes {
		m[k] = v
	}
	groups := []struct {
		group model.Ethnicity
		codes string
	}{
		// White: British (and its English, Scottish, Welsh, Cornish and
		// other extended codes), Irish, Traveller of Irish heritage, Gypsy
		// and Roma, and any other White background (with its extended
		// national codes).
		{model.EthnicityWhite, "WBRI WENG WSCO WWEL WOWB WCOR WIRI WIRT WOTH WALB WBOS WCRO WGRE WGRK WGRC " +
			"WITA WKOS WPOR WSER WTUR WTUK WTUC WEUR WEEU WWEU WOTW WROM WROG WROR WROO"},
		// Mixed: White and Black Caribbean, White and Black African, White
		// and Asian, any other mixed background (and its extended codes).
		{model.EthnicityMixed, "MWBC MWBA MWAS MOTH MAOE MABL MACH MBOE MCOE MWOE MOTM"},
		// Asian: Indian, Pakistani (Mirpuri, Kashmiri, other), Bangladeshi,
		// any other Asian background (African Asian, Nepali, Sri Lankan, ...).
		{model.EthnicityAsian, "AIND APKN AMPK AKPA AOPK ABAN AOTH AAFR AKAO ANEP ASNL ASLT ASRO AOTA"},
		// Black: Caribbean, African (and its national codes), any other
		// Black background.
		{model.EthnicityBlack, "BCRB BAFR BANN BCON BGHA BNGN BSLN BSOM BSUD BAOF BOTH BEUR BNAM BOTB"},
		// Chinese (and Hong Kong, Malaysian, Singaporean, Taiwanese, other).
		{model.EthnicityChinese, "CHNE CHKC CMAL CSNG CTWN COCH"},
		// Any other ethnic group (and its extended codes).
		{model.EthnicityOther, "OOTH OAFG OARA OEGY OFIL OIRN OIRQ OJPN OKOR OKRD OLAM OLEB OLIB OMAL OMRC " +
			"OPOL OTHA OVIE OYEM OOEG"},
		// Refused; information not yet obtained.
		{model.EthnicityUnclassified, "REFU NOBT"},
	}
	for _, g := range groups {
		for _, c := range strings.Fields(g.codes) {
			m[c] = g.group
		}
	}
	// The census's descriptions, as MIS exports print them ("White -
	// British", "White, British", "Any other White background"), compared
	// by their letters alone.
	for desc, code := range map[string]string{
		"White British": "WBRI", "White Irish": "WIRI", "Traveller of Irish heritage": "WIRT",
		"White Traveller of Irish heritage": "WIRT", "Any other White background": "WOTH",
		"White any other White background": "WOTH", "Gypsy Roma": "WROM", "White Gypsy Roma": "WROM",
		"White and Black Caribbean": "MWBC", "Mixed White and Black Caribbean": "MWBC",
		"White and Black African": "MWBA", "Mixed White and Black African": "MWBA",
		"White and Asian": "MWAS", "Mixed White and Asian": "MWAS",
		"Any other mixed background": "MOTH", "Mixed any other mixed background": "MOTH",
		"Indian": "AIND", "Asian Indian": "AIND", "Pakistani": "APKN", "Asian Pakistani": "APKN",
		"Bangladeshi": "ABAN", "Asian Bangladeshi": "ABAN", "Any other Asian background": "AOTH",
		"Asian any other Asian background": "AOTH", "Black Caribbean": "BCRB", "Caribbean": "BCRB",
		"Black African": "BAFR", "African": "BAFR", "Any other Black background": "BOTH",
		"Black any other Black background": "BOTH", "Chinese": "CHNE", "Any other ethnic group": "OOTH",
		"Refused": "REFU", "Information not yet obtained": "NOBT", "Not obtained": "NOBT",
	} {
		m[letters(desc)] = m[code]
	}
	return m
}()

// letters is s upper-cased with everything but letters dropped: "White -
// British" and "WHITE, BRITISH" agree.
func letters(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return unicode.ToUpper(r)
		}
		return -1
	}, s)
}

// ethnicity reads a major group, a census code or a census description.
func ethnicity(p *model.Pupil, c cell) (string, string) {
	s := strings.ToUpper(strings.TrimSpace(c.Text))
	v, ok := ethnicityCodes[s]
	if !ok {
		v, ok = ethnicityCodes[letters(s)]
	}
	if !ok {
		return "not an ethnic group code",
			"use a major group (WHIT, MIXD, ASIA, BLAC, CHIN, AOEG, UNCL) or a census code such as WBRI, MWBC, APKN; " +
				"map other values in site.toml [data.values.ethnicity]"
	}
	p.Chars.Ethnicity = v
	return "", ""
}

// yearGroupPattern reads a national curriculum year group as MIS exports
// write it: "11", "Year 11", "Yr 11", "Y11", "NC Year 11".
var yearGroupPattern = regexp.MustCompile(`(?i)^(?:nc\s*)?(?:year|yr|y)?\s*(\d{1,2})$`)

// priorScore reads a KS2 reading or maths scaled score on a key stage 4
// row, from which KS2_APS is worked out when the file has no KS2_APS. A
// test code (A absent, B below the standard, ...) is no score.
func priorScore(get func(*priorScores) *model.Num) func(*priorScores, cell) (string, string) {
	return func(s *priorScores, c cell) (string, string) {
		v := strings.ToUpper(strings.TrimSpace(c.Text))
		if _, ok := model.TestCodes[v]; ok {
			return "", ""
		}
		f, problem, _ := parseNumber(v)
		switch {
		case problem != "":
			return "not a scaled score", "KS2 scaled scores run from 80 to 120; leave the cell blank when there is none"
		case f < 80 || f > 120:
			return "scaled score out of range", "KS2 scaled scores run from 80 to 120"
		}
		*get(s) = model.Some(f)
		return "", ""
	}
}

// priorScores are a key stage 4 row's KS2 reading and maths scaled scores.
type priorScores struct{ read, mat model.Num }

// aps is their average, or the one there is when only one is.
func (s priorScores) aps() model.Num {
	switch {
	case s.read.Valid && s.mat.Valid:
		return model.Some((s.read.V + s.mat.V) / 2)
	case s.read.Valid:
		return s.read
	case s.mat.Valid:
		return s.mat
	}
	return model.Num{}
}
