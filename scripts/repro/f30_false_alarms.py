#!/usr/bin/python3
"""False alarms: ordinary pupil names that are ordinary words.

(a) Names given in one part (a blank forename) that are ordinary words:
    which does a default build with the example commentary reject, and does
    [leak_check] words let it through?
(b) Names in two parts that occur as ordinary text: a school named after a
    person who shares a pupil's name, and commentary that happens to say
    the two words ("teachers mark English mocks"). [leak_check] words does
    not apply to names in two parts.

Adapted for issue #24: every edit must apply (the pupil renamed is a pupil
of 900001; the school name and the commentary line must land); a build
counted 'ok' must publish the text under test (the school name, the
commentary phrase) in the anonymised pack; a refusal must be a leak check
error (any other build failure is exit 3).

Prints what happens; exit 1 when a legitimate build is refused with no
[leak_check] remedy."""
import os, re, shutil, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rtlib

base, h, rows = rtlib.new_site("f30", schools=4, pupils=10, years=1, seed=3)
I = h.index

def variant(tag, forename, surname, toml_extra="", school_name=None, commentary=None):
    d = base + "_" + tag
    if os.path.exists(d):
        shutil.rmtree(d)
    shutil.copytree(base, d)
    rs = [list(r) for r in rows]
    if rs[0][I("URN")] != "900001":
        raise rtlib.EditNotApplied(f"the first pupil row is not a pupil of 900001 ({rs[0][I('URN')]})")
    rtlib.set_cell(h, rs[0], "Forename", forename)  # a pupil of 900001
    rtlib.set_cell(h, rs[0], "Surname", surname)
    rtlib.write_rows(d, h, rs)
    if school_name:
        rtlib.sub_toml(d, r'(\[schools\.900004\]\nname = )"[^"]*"', lambda m: m.group(1) + '"' + school_name + '"')
    if toml_extra:
        rtlib.append_file(os.path.join(d, "site.toml"), toml_extra)
    if commentary:
        rtlib.append_file(os.path.join(d, "content/ks4.md"), "\n" + commentary + "\n")
    r = rtlib.build(d, profile="anonymised", zip_=False)
    first = next((l for l in r.stderr.splitlines() if "leak check" in l), "")
    if r.returncode and not rtlib.leak_refusal(r.stderr):
        rtlib.cannot_check(f"build failed without a leak check error:\n{r.stderr.strip()[-1500:]}")
    if r.returncode == 0:
        text = rtlib.pack_text(os.path.join(d, "public", "anonymised"))
        for needle in filter(None, [school_name, commentary]):
            if not any(needle in t for t in text.values()):
                raise rtlib.EditNotApplied(f"the build succeeded but {needle!r} is in no file of the pack")
    return r.returncode, first

refused_no_remedy = 0
print("(a) one-part names (blank forename), example commentary unchanged")
for w in ["Mark", "Read", "Maths", "Average", "English", "White", "Young", "Page", "Little", "Long", "Progress", "Key", "Stage", "Hall"]:
    rc, msg = variant("a", "", w)
    line = f"  {w:<9} build {'REFUSED' if rc else 'ok'}"
    if rc:
        rc2, _ = variant("a", "", w, toml_extra=f'\n[leak_check]\nwords = ["{w}"]\n')
        line += f"; with [leak_check] words = [\"{w}\"]: {'still refused' if rc2 else 'ok'}"
        if rc2:
            refused_no_remedy += 1
        line += "\n      " + msg[:220]
    print(line)

print("(b) names in two parts")
cases = [
    ("school eponym", "William", "Morris", {"school_name": "William Morris Academy"}),
    ("commentary phrase", "Mark", "English", {"commentary": "Teachers mark English mocks twice a term."}),
    ("commentary phrase", "Will", "Read", {"commentary": "Pupils will read a short text each day."}),
    ("commentary phrase", "Hope", "White", {"commentary": "We hope White British pupils' progress keeps rising."}),
]
for tag, f, s, kw in cases:
    rc, msg = variant("b", f, s, **kw)
    line = f"  {tag:<18} pupil {f} {s}: build {'REFUSED' if rc else 'ok'}"
    if rc:
        rc2, _ = variant("b", f, s, toml_extra=f'\n[leak_check]\nwords = ["{f} {s}", "{s}", "{f}"]\n', **kw)
        line += f"; with [leak_check] words: {'still refused' if rc2 else 'ok'}"
        if rc2:
            refused_no_remedy += 1
        line += "\n      " + msg[:220]
    print(line)
print(f"{refused_no_remedy} legitimate build(s) refused with no [leak_check] remedy")
sys.exit(1 if refused_no_remedy else 0)
