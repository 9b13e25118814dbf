#!/usr/bin/python3
"""Profiles with different thresholds publish different complements.

The example site (`reportpack new`) with the governor profile at
min_cohort = 10 and anonymised at 6, as an LA might set them. Suppression
is not monotone in the threshold: cells the stricter governor pack shows
are hidden in the anonymised pack. A reader with both packs (governors are
often staff or parents, and both packs are meant to leave the school) holds
more published figures than either pack alone, and attack.py recovers more
hidden figures from the two together than from the anonymised pack alone,
among them the reading scaled score of the one EHC plan pupil with English
as a first language at school 900002.

Adapted for issue #24 (all shareable profiles are to share one suppression
pattern, the strictest threshold's): the site.toml edit must apply; the
packs are read as measures.csv version 1 or 2; the comparison must find
figures common to both packs (else exit 3); a build that refuses the
differing thresholds with a message about min_cohort counts as held.

Exit 1 when the governor pack shows a figure the anonymised pack hides, or
when the two together give away a figure neither gives alone. (Figures the
stricter pack hides and the other shows are printed, not counted: on their
own they disclose nothing; with one shared pattern they are 0 too.)"""
import os, subprocess, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rtlib

here = os.path.dirname(os.path.abspath(__file__))
site = rtlib.example_site("f07")
rtlib.sub_toml(site, r"\[profiles\.governor\]\nmin_cohort = 6\b", "[profiles.governor]\nmin_cohort = 10")
b = rtlib.build(site, zip_=False)
if b.returncode:
    if any("error" in l.lower() and "min_cohort" in l for l in b.stderr.splitlines()):
        print("held: the build refuses profiles with different thresholds:\n   " + b.stderr.strip()[-400:])
        sys.exit(0)
    rtlib.cannot_check("build failed:\n" + b.stderr.strip()[-1500:])
for l in b.stderr.splitlines():
    if "warning" in l.lower():
        print("build warning:", l.strip()[:300])
bad = 0
common_total = 0
for u in ["900001", "900002", "900003"]:
    key = lambda r: (r["year"], r["measure"], r["group"], r["filter"])
    a = {key(r): r for r in rtlib.read_measures(rtlib.measures_path(site, "anonymised", u))}
    g = {key(r): r for r in rtlib.read_measures(rtlib.measures_path(site, "governor", u))}
    common = [k for k in g if k in a]
    common_total += len(common)
    diff = [k for k in common if not g[k]["hidden"] and a[k]["hidden"]]
    rdiff = [k for k in common if g[k]["hidden"] and not a[k]["hidden"]]
    extra = [k for k in g if k not in a]
    aextra = [k for k in a if k not in g]
    print(f"{u}: {len(common)} figure(s) in both packs; {len(diff)} shown by governor (min_cohort 10) but hidden by anonymised (6); "
          f"{len(rdiff)} the other way; {len(extra)} row(s) only in the governor file, {len(aextra)} only in the anonymised file")
    for k in diff[:3]:
        print(f"    {k}: governor shows cohort {g[k]['cohort']}, value {g[k]['value']}; anonymised 'x'")
    bad += len(diff)
if not common_total:
    rtlib.cannot_check("no figure is in both packs: nothing compared")

def attack(*dirs):
    p = subprocess.run([rtlib.PY, os.path.join(here, "attack.py"), "--lp", "--urn", "900002", "--year", "latest",
                        "--measures", "ks2_read_ss,ks2_rwm_exp"] + list(dirs), capture_output=True, text=True)
    if p.returncode not in (0, 1):
        rtlib.cannot_check(f"attack.py exit {p.returncode}: {p.stderr.strip()[-500:]}")
    return {l.split(":")[0] for l in p.stdout.splitlines() if l.startswith("RECOVERED")}, p.stdout

one, _ = attack(os.path.join(site, "public/anonymised"))
both, out = attack(os.path.join(site, "public/anonymised"), os.path.join(site, "public/governor"))
new = sorted(both - one)
print(f"900002 2024/25 (reading scaled score, RWM expected): {len(one)} hidden figure(s) recovered from the anonymised pack, "
      f"{len(both)} from both packs")
for l in out.splitlines():
    if l.split(":")[0] in new:
        print("   both only:", l)
bad += len(new)
print(f"{bad} figure(s) shown by the stricter governor pack but hidden by the anonymised one, or recovered only from both together")
sys.exit(1 if bad else 0)
