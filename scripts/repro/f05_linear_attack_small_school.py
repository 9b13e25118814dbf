#!/usr/bin/python3
"""A small primary school (10 KS2 pupils, `reportpack sample --schools 4
--pupils 10 --years 1 --seed 3`, school 900003) with one pupil with an EHC
plan. Every figure of that pupil is 'x' in the anonymised pack, yet the
attacker of attack.py, reading only public/anonymised/900003/measures.csv,
recovers the pupil's reading, maths and GPS scaled scores, progress scores
and whether they met the expected standard.

Adapted for issue #24: a figure counts as the EHC plan pupil's when it is
about that pupil's set, whether as the ehcp group of an unfiltered table
or as a table filtered to sen=ehcp (pairwise filters may be left out of
shareable packs, so the ehcp group itself is checked too). attack.py exits
3 when it analysed nothing; so does this script.

Exit 1 when the EHC plan pupil's results (or any hidden figure) are
recovered."""
import os, subprocess, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rtlib

here = os.path.dirname(os.path.abspath(__file__))
site, h, rows = rtlib.new_site("f05", schools=4, pupils=10, years=1, seed=3)
rtlib.build_ok(site, zip_=False)
I = h.index
ehcp = [r for r in rows if r[I("URN")] == "900003" and r[I("SEN")] == "E"]
if len(ehcp) != 1 or sum(r[I("URN")] == "900003" for r in rows) != 10:
    raise rtlib.EditNotApplied("school 900003 of the sample is no longer 10 KS2 pupils with one EHC plan pupil")
print(f"school 900003: {sum(r[I('URN')] == '900003' for r in rows)} KS2 pupils, {len(ehcp)} with an EHC plan")
for r in ehcp:
    print(f"  truth: Read_SS={r[I('Read_SS')]} Mat_SS={r[I('Mat_SS')]} GPS_SS={r[I('GPS_SS')]} Writ_TA={r[I('Writ_TA')]} "
          f"Read_Prog={r[I('Read_Prog')]} Mat_Prog={r[I('Mat_Prog')]}")
p = subprocess.run([rtlib.PY, os.path.join(here, "attack.py"), "--lp", "--urn", "900003",
                    "--measures", "ks2_read_ss,ks2_mat_ss,ks2_gps_ss,ks2_rwm_exp,ks2_read_prog,ks2_mat_prog",
                    os.path.join(site, "public/anonymised")], capture_output=True, text=True)
rec = [l for l in p.stdout.splitlines() if l.startswith("RECOVERED")]
hits = [l for l in rec if ("sen=ehcp" in l and "group=all " in l) or (" group=ehcp " in l and "filter=-:" in l)]
for l in hits:
    print(l)
print("\n".join(l for l in p.stdout.splitlines() if l.startswith("# ")))
if p.returncode not in (0, 1):
    print(p.stderr.strip()[-600:])
    sys.exit(p.returncode)
print(f"{len(rec)} hidden figure(s) recovered, {len(hits)} of them the EHC plan pupil's")
if hits:
    print("LEAK: the EHC plan pupil's suppressed results are recovered from the anonymised measures.csv")
    sys.exit(1)
sys.exit(p.returncode)
