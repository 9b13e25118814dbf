#!/usr/bin/python3
"""Pupil identifiers in commentary that the leak check lets through.

Builds the anonymised profile once per case, with one Markdown page under
content/schools/900001/ (sample data: pupil 'Olivia White', UPN
Q934343013246, born 2009-02-22; 'Khalil Hernández'; 'Alfie O'Neill';
'Renée Roberts'). The first group are forms that turn up in real
commentary by accident; the second need intent.

Each case ends in one of:
  STOPPED      the build refused it, with a leak check error
  WARNED       the build succeeded but printed a warning naming the pupil;
               accepted ONLY for "forename alone" (issue #24: a forename on
               its own is too common in ordinary text to refuse without
               flooding real builds with false alarms, so the leak check
               warns instead; this script expects that warning)
  NOT IN PACK  the build succeeded, the page is published (its marker is
               in the pack) but the identifier, in the disguise shown, is not
  PUBLISHED    the build succeeded and the disguised identifier is in the
               anonymised pack (text decoded from HTML entities and URL
               escapes, or a file name)

Every case's page carries a unique marker; a build that succeeds without
the marker in the pack means the page was not published at all (content
moved, the edit did not apply): exit 3, never a pass. A build that fails
without a leak check error is exit 3 too. The control case (the full name)
must be STOPPED.

Exit 1 when any identifier is published (or the control is not stopped)."""
import json, os, shutil, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rtlib

base, h, rows = rtlib.new_site("f01", schools=4, pupils=10, years=1, seed=3)
PAGE_DIR = "content/schools/900001"
if not os.path.isdir(os.path.join(base, PAGE_DIR)):
    raise rtlib.EditNotApplied(f"{PAGE_DIR} is not in a new site")

# the data must hold the pupils the cases name
def has(f, s):
    return any(r[h.index("Forename")] == f and r[h.index("Surname")] == s for r in rows)
for f, s in [("Olivia", "White"), ("Khalil", "Hernández"), ("Alfie", "O'Neill"), ("Renée", "Roberts")]:
    if not has(f, s):
        raise rtlib.EditNotApplied(f"the sample data no longer holds pupil {f} {s}")
olivia = next(r for r in rows if r[h.index("Forename")] == "Olivia" and r[h.index("Surname")] == "White")
if (olivia[h.index("UPN")], olivia[h.index("DOB")]) != ("Q934343013246", "2009-02-22"):
    raise rtlib.EditNotApplied(f"Olivia White's UPN/DOB changed: {olivia[h.index('UPN')]} {olivia[h.index('DOB')]}")

counter = [0]


def case(body, needle, title="Notes", desc="Notes", allow_html=False, fname="notes.md", data=None, warn=None):
    counter[0] += 1
    marker = f"rpmarker{counter[0]:02d}q"
    d = base + "_v"
    if os.path.exists(d):
        shutil.rmtree(d)
    shutil.copytree(base, d)
    if allow_html:
        rtlib.edit_toml(d, 'theme = "default"', 'theme = "default"\nallow_html = true')
    if data:
        rs = [list(r) for r in rows]
        data(rs)
        rtlib.write_rows(d, h, rs)
    rtlib.write_new(os.path.join(d, PAGE_DIR, fname),
                    f"+++\ntitle = {json.dumps(title)}\ndescription = {json.dumps(desc)}\n+++\n\n{body}\n\nCase {marker}.\n")
    r = rtlib.build(d, profile="anonymised", zip_=False)
    if r.returncode != 0:
        if rtlib.leak_refusal(r.stderr):
            return "STOPPED", ""
        rtlib.cannot_check(f"build failed without a leak check error:\n{r.stderr.strip()[-1500:]}")
    pack = os.path.join(d, "public", "anonymised")
    text = rtlib.pack_text(pack)
    if not any(marker in t for t in text.values()):
        rtlib.cannot_check(f"the case's page ({fname}) was not published: marker {marker} is in no file of {pack}")
    if needle.startswith("path:"):
        hit = [p for p in text if needle[5:].lower() in p.lower()]
    else:
        hit = [p for p, t in text.items() if needle in t]
    if not hit:
        return "NOT IN PACK", ""
    if warn:
        w = rtlib.warnings(r.stderr, warn)
        if w:
            return "WARNED", w[0].strip()
    return "PUBLISHED", "in " + ", ".join(sorted(hit)[:3])


def middle(rs):  # the data holds the middle name in the forename column
    rtlib.set_cell(h, rs[0], "Forename", "Olivia Jane", expect={"Forename": "Olivia", "Surname": "White"})


accidental = [
    ("control: full name", "Olivia White did well.", "Olivia White", {}),
    ("initial and surname", "O. White did well.", "O. White", {}),
    ("forename and initial", "Olivia W. did well.", "Olivia W.", {}),
    ("forename alone (a warning is accepted)", "Olivia did well this year.", "Olivia did well", {"warn": "Olivia"}),
    ("title and surname", "Ms White did well.", "Ms White", {}),
    ("middle initial", "Olivia J. White did well.", "Olivia J. White", {}),
    ("middle name in the data's forename column", "Olivia White did well.", "Olivia White", {"data": middle}),
    ("accent typed without (Hernández)", "Khalil Hernandez did well.", "Khalil Hernandez", {}),
    ("apostrophe left out (O'Neill)", "Alfie ONeill did well.", "Alfie ONeill", {}),
    ("apostrophe as space (O'Neill)", "Alfie O Neill did well.", "Alfie O Neill", {}),
    ("accent typed without (Renée)", "Renee Roberts did well.", "Renee Roberts", {}),
    ("hyphen-joined (URL or file)", "See olivia-white.pdf on the shared drive.", "olivia-white.pdf", {}),
    ("underscore-joined (photo)", "![Work sample](photos/Olivia_White.jpg)", "Olivia_White", {}),
    ("email address", "Contact olivia.white@pupils.example.sch.uk", "olivia.white@", {}),
    ("joined (user name)", "Logged in as OliviaWhite", "OliviaWhite", {}),
    ("link destination", "[her report](https://intranet.example/reports/Olivia%20White)", "reports/Olivia White", {}),
    ("heading id", "## Case study {#olivia-white}", "olivia-white", {}),
    ("page file name", "A case study.", "path:olivia-white", {"fname": "olivia-white.md"}),
    ("DOB long form", "Born 22 February 2009.", "22 February 2009", {}),
    ("DOB with dots", "Born 22.02.2009.", "22.02.2009", {}),
    ("DOB with dashes", "Born 22-02-2009.", "22-02-2009", {}),
    ("DOB two-digit year", "Born 22/02/09.", "22/02/09", {}),
    ("DOB as ISO date-time", "Born 2009-02-22T00:00:00.", "2009-02-22T", {}),
    ("UPN with spaces", "UPN Q934 3430 13246.", "Q934 3430 13246", {}),
]
deliberate = [
    ("right-to-left override, reversed", "\u202e" + "Olivia White"[::-1] + "\u202c", "Olivia White"[::-1], {}),
    ("Cyrillic look-alikes", "\u041elivia Whit\u0435", "\u041elivia Whit\u0435", {}),
    ("full-width letters", "\uff2f\uff4c\uff49\uff56\uff49\uff41 \uff37\uff48\uff49\uff54\uff45", "\uff2f\uff4c\uff49\uff56\uff49\uff41", {}),
    ("mathematical bold", "\U0001d40e\U0001d425\U0001d422\U0001d42f\U0001d422\U0001d41a \U0001d416\U0001d421\U0001d422\U0001d42d\U0001d41e",
     "\U0001d40e\U0001d425\U0001d422\U0001d42f\U0001d422\U0001d41a", {}),
    ("allow_html: block element inside the name", 'Oli<div style="display:inline">via</div> White', "Oli<div", {"allow_html": True}),
    ("allow_html: CSS generated content", '<span class="n"></span><style>.n::after{content:"Olivia" " White"}</style>',
     '"Olivia" " White"', {"allow_html": True}),
    ("allow_html: script", '<script>document.write("Oli"+"via White")</script>', '"Oli"+"via White"', {"allow_html": True}),
]
published = 0
for group, cases in [("found in ordinary writing", accidental), ("needs intent", deliberate)]:
    print(f"-- {group}")
    for name, body, needle, kw in cases:
        state, why = case(body, needle, **kw)
        bad = state == "PUBLISHED" or (name.startswith("control") and state != "STOPPED")
        published += bad
        print(f"  {state:<11}  {name}: {body[:70]!r}" + (f"\n               {why[:200]}" if why else ""))
print(f"{published} identifier form(s) published in an anonymised pack (or control not stopped)")
sys.exit(1 if published else 0)
