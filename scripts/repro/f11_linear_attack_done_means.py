#!/usr/bin/python3
"""Issue #24's done-means for the differencing attack, in one script:
`attack.py --lp` recovers nothing from

  (a) the example site (`reportpack new`): every school, latest year, every
      measure; the anonymised pack, the governor pack, and the two together;
  (b) a 10-school sample (`reportpack sample --schools 10 --years 1
      --seed 7`, typical school size): latest year, headline measures
      (HEADLINE below); anonymised, governor, and the two together.

f04, f05 and f07 are narrower reproductions (one school, a few measures);
this is the broad check. Exit 1 when any hidden figure is recovered, 3 when
attack.py analysed nothing (no pack, no measures.csv it can read)."""
import os, subprocess, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rtlib

HEADLINE = ["ks2_rwm_exp", "ks2_rwm_high", "ks2_read_prog", "ks2_writ_prog", "ks2_mat_prog", "ks2_read_ss", "ks2_mat_ss",
            "ks4_p8", "ks4_a8", "ks4_em4", "ks4_em5", "ks4_ebacc_entry", "ks4_ebacc_aps"]


def attack(label, dirs, measures=None):
    args = [rtlib.PY, os.path.join(rtlib.HERE, "attack.py"), "--lp", "--year", "latest"]
    if measures:
        args += ["--measures", ",".join(measures)]
    p = subprocess.run(args + dirs, capture_output=True, text=True)
    lines = p.stdout.splitlines()
    rec = [l for l in lines if l.startswith("RECOVERED")]
    summary = " | ".join(l[2:] for l in lines if l.startswith("# "))
    state = {0: "nothing recovered", 1: f"{len(rec)} RECOVERED"}.get(p.returncode, f"COULD NOT CHECK (attack.py exit {p.returncode})")
    print(f"  {label:<34} {state}   [{summary}]")
    for l in rec[:8]:
        print("      " + l)
    if len(rec) > 8:
        print(f"      ... and {len(rec) - 8} more")
    if p.returncode not in (0, 1):
        print("      " + p.stderr.strip()[-600:].replace("\n", "\n      "))
    return p.returncode


rcs = []
print("(a) example site, every school, latest year, every measure")
site = rtlib.example_site("f11_example")
rtlib.build_ok(site, zip_=False)
an, gov = os.path.join(site, "public/anonymised"), os.path.join(site, "public/governor")
for label, dirs in [("anonymised", [an]), ("governor", [gov]), ("anonymised + governor", [an, gov])]:
    rcs.append(attack(label, dirs))

print("(b) 10-school sample, latest year, headline measures: " + ",".join(HEADLINE))
site, h, rows = rtlib.new_site("f11_sample", schools=10, pupils=0, years=1, seed=7)
rtlib.build_ok(site, zip_=False)
an, gov = os.path.join(site, "public/anonymised"), os.path.join(site, "public/governor")
n = len(rtlib.all_measures_files(an))
if n != 10:
    rtlib.cannot_check(f"expected 10 measures.csv files in the sample's anonymised pack, found {n}")
for label, dirs in [("anonymised", [an]), ("governor", [gov]), ("anonymised + governor", [an, gov])]:
    rcs.append(attack(label, dirs, HEADLINE))

if any(rc not in (0, 1) for rc in rcs):
    sys.exit(rtlib.CANNOT_CHECK)
sys.exit(1 if any(rcs) else 0)
