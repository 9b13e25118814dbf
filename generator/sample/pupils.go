package sample

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/reportpack/reportpack/generator/model"
)

// pupilGen draws pupils. The national simulation uses one without
// identities (names, UPNs, dates of birth), which it does not need.
type pupilGen struct {
	identity bool
	upns     upnAlloc
	upn      [13]byte // the last pupil's UPN
	feeders  []int    // establishment numbers of the LA's primaries, which issue most UPNs
}

func newPupilGen(schools []schoolModel, identity bool) *pupilGen {
	g := &pupilGen{identity: identity, upns: upnAlloc{next: make(map[upnKey]int, 2*len(schools)+64)}}
	for i := range schools {
		if schools[i].Phase == Primary {
			g.feeders = append(g.feeders, schools[i].estabNum)
		}
	}
	return g
}

// pupil draws one pupil of school s in year y, in the year group of the
// phase's key stage (Year 6 or 11), with that key stage's results.
func (g *pupilGen) pupil(r *rand.Rand, s *schoolModel, y model.Year, est *yearEst) model.Pupil {
	p := model.Pupil{URN: s.URN, Year: y, NCYear: s.Phase.lastYear(), KeyStage: s.Phase.KeyStage()}
	p.Chars = characteristics(r, s)
	if s.Phase == Secondary {
		p.KS4 = ks4Result(r, s, &p.Chars, est, r.NormFloat64())
	} else {
		p.KS2 = ks2Result(r, s, &p.Chars, est, r.NormFloat64())
	}
	if g.identity {
		p.ID = g.identityOf(r, s, y, s.Phase.lastYear(), &p.Chars, false)
	}
	return p
}

// characteristics draws a pupil's census facts at national-like rates,
// shifted by the school's intake. FSM6, CLA and PostLAC are always recorded
// so that Disadvantaged (FSM6 or CLA or PostLAC) is never in doubt; about
// 1% of first language, mobility and ethnicity cells are left blank.
func characteristics(r *rand.Rand, s *schoolModel) model.Characteristics {
	var c model.Characteristics
	male := r.Float64() < 0.51
	c.Gender = model.Female
	if male {
		c.Gender = model.Male
	}
	fsm6 := r.Float64() < s.disadv
	c.FSM6 = model.FlagOf(fsm6)
	if fsm6 {
		c.FSM = model.FlagOf(r.Float64() < 0.82)
	} else {
		c.FSM = model.FlagOf(r.Float64() < 0.015) // newly eligible, not yet in Ever 6
	}
	cla := r.Float64() < 0.01
	c.CLA = model.FlagOf(cla)
	c.PostLAC = model.FlagOf(!cla && r.Float64() < 0.015)
	c.Disadvantaged = model.FlagOf(c.FSM6.Yes() || c.CLA.Yes() || c.PostLAC.Yes())

	// SEN: boys, disadvantaged and looked-after pupils are more often identified.
	m := 0.7
	if male {
		m = 1.3
	}
	if c.Disadvantaged.Yes() {
		m *= 1.4
	} else {
		m *= 0.87
	}
	if cla {
		m *= 2
	}
	switch u := r.Float64(); {
	case u < 0.03*m:
		c.SEN = model.SENEHCP
	case u < 0.16*m:
		c.SEN = model.SENSupport
	default:
		c.SEN = model.SENNone
	}

	switch u := r.Float64(); {
	case u < 0.01:
		c.Language = model.LanguageUnknown
	case u < 0.03:
		c.Language = model.LanguageUnclassified
	case u < 0.03+0.97*s.eal:
		c.Language = model.LanguageOther
	default:
		c.Language = model.LanguageEnglish
	}
	eal := c.Language == model.LanguageOther

	mob := s.mobile
	if eal {
		mob *= 1.5 // more recent arrivals
	}
	switch u := r.Float64(); {
	case u < 0.01:
		c.NonMobile = model.FlagUnknown
	case u < 0.01+0.99*mob:
		c.NonMobile = model.FlagNo
	default:
		c.NonMobile = model.FlagYes
	}

	c.Ethnicity = ethnicity(r, eal)
	return c
}

// Ethnic mix (WHIT, MIXD, ASIA, BLAC, CHIN, AOEG, UNCL, blank) by first
// language, in thousandths; with 20% EAL it comes to about 70% white, 11%
// Asian, 6% black, 6% mixed, 1% Chinese, 2% other and 4% unclassified.
var (
	ethnicityEAL = [...]int{300, 40, 350, 120, 40, 100, 40, 10}
	ethnicityENG = [...]int{800, 65, 50, 45, 3, 5, 22, 10}
	ethnicityOf  = [...]model.Ethnicity{model.EthnicityWhite, model.EthnicityMixed, model.EthnicityAsian,
		model.EthnicityBlack, model.EthnicityChinese, model.EthnicityOther, model.EthnicityUnclassified,
		model.EthnicityUnknown}
)

func ethnicity(r *rand.Rand, eal bool) model.Ethnicity {
	mix := ethnicityENG[:]
	if eal {
		mix = ethnicityEAL[:]
	}
	total := 0
	for _, w := range mix {
		total += w
	}
	u := r.IntN(total)
	for i, w := range mix {
		if u < w {
			return ethnicityOf[i]
		}
		u -= w
	}
	return model.EthnicityUnknown
}

// ks4Result draws KS4 results. A8 is built from its four elements, each
// around its national estimate for the pupil's prior attainment plus
// slots × the pupil's progress; P8 is then exactly (A8 − estimate) / 10
// (rounded to 2 dp as the DfE supplies it), elements likewise by slots.
// prior0, a standard normal, places the pupil's prior attainment: a pupil's
// own general attainment (child.z) in whole-school data.
func ks4Result(r *rand.Rand, s *schoolModel, c *model.Characteristics, est *yearEst, prior0 float64) model.KS4Result {
	var k model.KS4Result
	prior := clamp(roundHalf(106.5+s.prior+ks4PriorShift(c)+5.5*prior0), ks4PriorMin, ks4PriorMax)
	band := int(prior) - ks4PriorMin

	z := s.p8 + p8Effect(c) + p8Offset + 1.0*r.NormFloat64()
	if r.Float64() < 0.03 {
		z -= 1.5 + 2.5*r.Float64() // a few pupils are entered for little: the long lower tail floors exist for
	}
	var el [nElements]float64
	a8 := 0.0
	for i := range el {
		x := est.elem[i][band] + elementSlots[i]*(z+0.7*r.NormFloat64())
		if i == elEng || i == elMat {
			x = 2 * math.Round(x/2) // double-weighted single grade
		} else {
			x = roundHalf(x) // three slots; combined science gives halves
		}
		el[i] = clamp(x, 0, elementMax[i])
		a8 += el[i]
	}
	k.A8, k.A8Eng, k.A8Mat, k.A8EBacc, k.A8Open = model.Some(a8), model.Some(el[elEng]), model.Some(el[elMat]), model.Some(el[elEBacc]), model.Some(el[elOpen])

	// Prior attainment is missing for some pupils, more often for recent arrivals.
	pMissing := 0.03
	if c.Language == model.LanguageOther {
		pMissing += 0.1
	}
	if c.NonMobile == model.FlagNo {
		pMissing += 0.06
	}
	if r.Float64() >= pMissing {
		k.KS2APS = model.Some(prior)
		k.P8 = model.Some(round2((a8 - est.a8[band]) / 10))
		p8el := [nElements]*model.Num{&k.P8Eng, &k.P8Mat, &k.P8EBacc, &k.P8Open}
		for i := range el {
			*p8el[i] = model.Some(round2((el[i] - est.elem[i][band]) / elementSlots[i]))
		}
	}

	// EBacc entry is likelier for higher attainers and pupils without SEN.
	logit := -0.2 + 0.22*(prior-104) + 0.6*z
	switch c.SEN {
	case model.SENSupport:
		logit -= 1
	case model.SENEHCP:
		logit -= 2
	}
	if c.Disadvantaged.Yes() {
		logit -= 0.3
	}
	entered := r.Float64() < 1/(1+math.Exp(-logit))
	k.EBaccEntered = model.FlagOf(entered)
	// EBacc APS averages five pillars (English, maths, science, humanities,
	// languages); non-entrants miss at least one.
	pillars := el[elEBacc]
	if !entered {
		pillars *= 2.0 / 3
	}
	k.EBaccAPS = model.Some(round2((el[elEng]/2 + el[elMat]/2 + pillars) / 5))
	k.EMGrade5 = model.FlagOf(el[elEng] >= 10 && el[elMat] >= 10)
	k.EMGrade4 = model.FlagOf(el[elEng] >= 8 && el[elMat] >= 8)
	return k
}

// ks2Result draws KS2 results: latent scores around the national estimate
// for KS1 APS, with a component shared across subjects so they correlate;
// progress is score − estimate, exactly as estimates.csv gives it. z, a
// standard normal, places the pupil's KS1 APS, as prior0 does for ks4Result.
func ks2Result(r *rand.Rand, s *schoolModel, c *model.Characteristics, est *yearEst, z float64) model.KS2Result {
	var k model.KS2Result
	prior := clamp(roundHalf(16.6+s.prior+ks2PriorShift(c)+3.2*z), ks1PriorMin, ks1PriorMax)
	band := int(prior)

	// Pupils working below the standard of the tests (mostly with an EHC
	// plan) get B for the tests and a pre-key stage writing assessment.
	below := false
	switch c.SEN {
	case model.SENEHCP:
		below = r.Float64() < 0.3
	case model.SENSupport:
		below = r.Float64() < 0.015
	}
	eff := ks2Effect(c)
	shared := 3.6 * r.NormFloat64()
	var lat [nSubjects]float64
	for i := range lat {
		lat[i] = est.lat[i][band] + s.ks2[i] + eff[i] + ks2Offset[i] + shared + 3.8*r.NormFloat64()
		if below {
			lat[i] -= 8
		}
	}
	k.Read = testResult(r, lat[subjRead], below, c)
	k.Mat = testResult(r, lat[subjMat], below, c)
	k.GPS = testResult(r, lat[subjGPS], below, c)
	switch u := r.Float64(); {
	case u < 0.006:
		k.Writ = "A"
	case u < 0.0065:
		k.Writ = "D"
	case u < 0.007:
		k.Writ = "L"
	default:
		k.Writ = writingTA(lat[subjWrit])
	}

	pMissing := 0.035
	if c.Language == model.LanguageOther {
		pMissing += 0.1
	}
	if c.NonMobile == model.FlagNo {
		pMissing += 0.08
	}
	if r.Float64() < pMissing {
		return k
	}
	k.KS1APS = model.Some(prior)
	if k.Read.Scored() {
		k.ReadProg = model.Some(round2(float64(k.Read.Score) - est.ks2[0][band]))
	}
	if k.Mat.Scored() {
		k.MatProg = model.Some(round2(float64(k.Mat.Score) - est.ks2[2][band]))
	}
	if nom, ok := nominalScores[k.Writ]; ok {
		k.WritProg = model.Some(round2(nom - est.ks2[1][band]))
	}
	return k
}

// testResult turns a latent score into a scaled score (80..120) or a code.
func testResult(r *rand.Rand, lat float64, below bool, c *model.Characteristics) model.TestResult {
	if below {
		return model.TestResult{Code: model.TestBelow}
	}
	switch u := r.Float64(); {
	case u < 0.01:
		return model.TestResult{Code: model.TestAbsent}
	case u < 0.011:
		return model.TestResult{Code: model.TestUnable}
	case u < 0.0115:
		return model.TestResult{Code: model.TestMissing}
	case u < 0.012:
		return model.TestResult{Code: model.TestLeft}
	case u < 0.0123:
		return model.TestResult{Code: model.TestNotEntered}
	}
	ss := int(math.Round(lat))
	if ss < 80 {
		if lat < 76 && c.SEN != model.SENNone {
			return model.TestResult{Code: model.TestBelow}
		}
		ss = 80
	}
	return model.TestResult{Code: model.TestScored, Score: min(ss, 120)}
}

// identityOf draws the names, date of birth and UPN of a pupil in year
// group ncy in year y. outside says the pupil has just come from a school
// outside the LA, which issued their UPN.
func (g *pupilGen) identityOf(r *rand.Rand, s *schoolModel, y model.Year, ncy model.NCYear, c *model.Characteristics, outside bool) model.Identity {
	var id model.Identity
	fo, so := nameOrigins(r, c)
	if c.Gender == model.Female {
		id.Forename = pick(r, forenamesF[fo])
	} else {
		id.Forename = pick(r, forenamesM[fo])
	}
	id.Surname = pick(r, surnames[so])

	// Born September to August: a pupil in year group ncy is ncy+5 at the
	// start of the year (11 in Year 6, 16 in Year 11).
	id.DOB = birthYearStart(y, ncy).AddDate(0, 0, r.IntN(daysInBirthYear(y, ncy)))

	// A UPN is issued when a pupil first joins a school in England, mostly
	// at reception (7 years before Year 6, 12 before Year 11), by their
	// own primary, a feeder primary, or another LA's school.
	la, estab := 999, s.estabNum
	issued := int(y) - int(ncy) - 1
	if s.Phase == Secondary {
		if len(g.feeders) > 0 {
			estab = g.feeders[r.IntN(len(g.feeders))]
		} else {
			estab = 2000 + r.IntN(2000)
		}
	}
	if u := r.Float64(); u < 0.12 || outside {
		la, estab = 201+r.IntN(738), 2000+r.IntN(2000)
	} else if u < 0.17 && len(g.feeders) > 0 {
		estab = g.feeders[r.IntN(len(g.feeders))]
	}
	if c.NonMobile == model.FlagNo {
		issued = min(issued+r.IntN(5), int(y)-1) // joined later
	}
	g.upns.issue(r, la, estab, issued%100, &g.upn)
	id.UPN = upnPending
	return id
}

// birthYearStart is 1 September of the year pupils in year group ncy in
// year y were born from.
func birthYearStart(y model.Year, ncy model.NCYear) time.Time {
	return time.Date(int(y)-int(ncy)-6, time.September, 1, 0, 0, 0, 0, time.UTC)
}

func daysInBirthYear(y model.Year, ncy model.NCYear) int {
	start := birthYearStart(y, ncy)
	return int(start.AddDate(1, 0, 0).Sub(start).Hours() / 24)
}

// upnPending marks a UPN that Generate fills in when the cohort is done:
// a cohort's UPNs share one string, so making 100,000 pupils does not make
// 100,000 small allocations for the garbage collector to chase.
const upnPending = "?"

// nameOrigins picks the traditions of a pupil's forename and surname from
// their ethnicity: mixed-heritage pupils may have names from two, and many
// British-born pupils of every background have British forenames.
func nameOrigins(r *rand.Rand, c *model.Characteristics) (fore, sur origin) {
	eal := c.Language == model.LanguageOther
	switch c.Ethnicity {
	case model.EthnicityWhite:
		sur = oBritish
		if (eal && r.Float64() < 0.85) || (!eal && r.Float64() < 0.04) {
			sur = oEuropean
		}
		fore = sur
		if r.Float64() < 0.1 {
			fore = oBritish
		}
		return fore, sur
	case model.EthnicityMixed:
		mixed := [...]origin{oBritish, oBritish, oAfrican, oSouthAsian, oEuropean, oEastAsian, oOther}
		return mixed[r.IntN(len(mixed))], mixed[r.IntN(len(mixed))]
	case model.EthnicityAsian:
		sur = oSouthAsian
	case model.EthnicityBlack:
		sur = oAfrican
	case model.EthnicityChinese:
		sur = oEastAsian
	case model.EthnicityOther:
		sur = oOther
	default:
		sur = origin(r.IntN(int(nOrigins)))
	}
	fore = sur
	if !eal && r.Float64() < 0.25 {
		fore = oBritish
	}
	return fore, sur
}

// upnAlloc issues unique UPNs: a serial per LA, establishment and year of
// issue, moving to the next establishment number when one runs out.
type upnAlloc struct {
	next map[upnKey]int
}

type upnKey struct{ la, estab, yy int }

// issue writes the next UPN into b.
func (a *upnAlloc) issue(r *rand.Rand, la, estab, yy int, b *[13]byte) {
	for {
		k := upnKey{la, estab, yy}
		n, ok := a.next[k]
		if !ok {
			n = r.IntN(300) // serials need not start at 000
		}
		if n <= 999 {
			a.next[k] = n + 1
			makeUPN(la, estab, yy, n, b)
			return
		}
		estab = 1000 + (estab-1000+1)%9000
	}
}

// makeUPN formats a permanent UPN and sets its check letter.
func makeUPN(la, estab, yy, serial int, b *[13]byte) {
	put := func(at, width, v int) {
		for i := at + width - 1; i >= at; i-- {
			b[i] = byte('0' + v%10)
			v /= 10
		}
	}
	put(1, 3, la)
	put(4, 4, estab)
	put(8, 2, yy)
	put(10, 3, serial)
	b[0], _ = model.UPNCheckLetter(string(b[:]))
}
