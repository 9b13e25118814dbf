#!/usr/bin/python3
"""Suppressed single-pupil results recovered from the example site's own
anonymised measures.csv, by an attacker who has only the published files.

`reportpack new` (the example data: 3 schools, ~100 pupils a year), built
with --profile all. attack.py reads public/anonymised/900001/measures.csv
only, works out from the published counts which combinations of pupil
characteristics can hold pupils (a row missing from a shown table is an
empty intersection; a linear programme over the counts rules out more),
and then solves for hidden cells as linear combinations of published ones.
It recovers, among others, the Attainment 8 and Progress 8 of the one
female Asian pupil with middle prior attainment (who is also the one SEN
support pupil in that group), and the A8 of the one non-disadvantaged
mixed-ethnicity boy: figures the pack shows as 'x'.

With rtdump (built by run.sh when reportpack's internals allow) each
recovered figure is printed beside the true one. f11 runs the same attack
over every school and measure of both shareable packs.

Exit 1 when any hidden figure is recovered; 3 when attack.py analysed
nothing (so an unreadable measures.csv is never a pass)."""
import os, shutil, subprocess, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rtlib

here = os.path.dirname(os.path.abspath(__file__))
site = rtlib.example_site("f04")
rtlib.build_ok(site, zip_=False)
args = [rtlib.PY, os.path.join(here, "attack.py"), "--lp", "--urn", "900001", "--year", "latest",
        "--measures", "ks4_a8,ks4_a8_eng,ks4_a8_mat,ks4_p8,ks4_em5"]
rtdump = os.environ.get("RTDUMP") or os.path.join(rtlib.BIN, "rtdump")
if os.path.exists(rtdump):
    dump = os.path.join(rtlib.WORK, "f04.jsonl")
    with open(dump, "w") as f:
        d = subprocess.run([rtdump, "-source", site, os.path.join(site, "public/anonymised")], stdout=f, stderr=subprocess.PIPE, text=True)
    if d.returncode == 0:
        args += ["--truth", dump]
    else:
        print("rtdump failed (no ground truth):", d.stderr.strip()[-300:])
args.append(os.path.join(site, "public/anonymised"))
p = subprocess.run(args, capture_output=True, text=True)
print(p.stdout, end="")
print(p.stderr, end="", file=sys.stderr)
sys.exit(p.returncode)
