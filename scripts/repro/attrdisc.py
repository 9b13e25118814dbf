#!/usr/bin/python3
"""Attribute disclosure: published percentages of 0 or 100 (every pupil of
a group shown with min_cohort or more pupils has the same result), from a
profile's measures.csv files (version 1 or 2).
usage: attrdisc.py PROFILE_DIR [max_print]"""
import os, sys, collections
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rtlib
PCT = {"ks2_rwm_exp", "ks2_rwm_high", "ks2_read_exp", "ks2_writ_exp", "ks2_mat_exp", "ks2_gps_exp", "ks2_read_high",
       "ks2_mat_high", "ks2_gps_high", "ks4_em5", "ks4_em4", "ks4_ebacc_entry"}
d = sys.argv[1]
mx = int(sys.argv[2]) if len(sys.argv) > 2 else 20
hits = []
for root, _, files in os.walk(d):
    if "measures.csv" in files:
        for r in rtlib.read_measures(os.path.join(root, "measures.csv")):
            if r["measure"] in PCT and not r["hidden"] and rtlib.num(r["value"]) in (0.0, 100.0):
                hits.append(r)
by = collections.Counter((h["group"] != "all" or h["filter"] != "") for h in hits)
print(f"{len(hits)} published percentages of 0 or 100 in {d}")
for h in hits[:mx]:
    print(f"  {h['urn']} {h['year']} {h['measure']:<16} group={h['group']:<14} filter={h['filter'] or '-':<36} cohort={h['cohort']:>3} value={h['value']}%")
sys.exit(1 if hits else 0)
