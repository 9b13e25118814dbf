#!/usr/bin/python3
"""Attribute disclosure: a shown group whose every member has the same
result. Builds the example site (`reportpack new`) and lists the published
percentages of exactly 0 or 100 in the anonymised pack (and, since
issue #24, the governor pack) (measures.csv and
the same figures on the table pages): each tells a reader who knows one
member of the group that member's result. Groups of pupil characteristics
(disadvantaged, SEN, FSM, EAL) and small cohorts (under 10) are listed
first. No rule in the suppression looks at values. The school's whole
cohort (group all, no filter) is not counted: a school-level 0% or 100% is
published by design, as in DfE's own tables.

Adapted for issue #24: measures.csv version 1 or 2 (values at 4 decimals:
'0.0000', '100.0000' are read as numbers); the script must find shown
percentages to look at (else exit 3).

Exit 1 when any such figure is published."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rtlib

PCT = {"ks2_rwm_exp", "ks2_rwm_high", "ks2_read_exp", "ks2_writ_exp", "ks2_mat_exp", "ks2_gps_exp", "ks2_read_high",
       "ks2_mat_high", "ks2_gps_high", "ks4_em5", "ks4_em4", "ks4_ebacc_entry"}
SENSITIVE = ("disadvantaged", "fsm", "cla", "sen_support", "ehcp", "eal")
site = rtlib.example_site("f09")
rtlib.build_ok(site, zip_=False)
hits = []
whole = []
files = rtlib.all_measures_files(os.path.join(site, "public/anonymised")) + rtlib.all_measures_files(os.path.join(site, "public/governor"))
looked = 0
for f in files:
    for r in rtlib.read_measures(f):
        if r["measure"] in PCT and not r["hidden"] and rtlib.num(r["value"]) is not None:
            looked += 1
        if r["measure"] in PCT and not r["hidden"] and rtlib.num(r["value"]) in (0.0, 100.0):
            sens = any(s in (r["group"] + ";" + r["filter"]).split(";") or s == r["group"] or ("=" + s) in r["filter"] for s in SENSITIVE)
            r["profile"] = os.path.basename(os.path.dirname(os.path.dirname(f)))
            if r["group"] == "all" and r["filter"] == "":
                whole.append(r)  # the school's whole cohort: published by design (as DfE does)
                continue
            hits.append((not sens, int(rtlib.num(r["cohort"])), r))
for r in whole:
    print(f"  (not counted: the whole cohort) {r['profile']} {r['urn']} {r['year']} {r['measure']}: {r['value']}%")
if not looked:
    rtlib.cannot_check(f"no shown percentage in {len(files)} measures.csv file(s)")
hits.sort(key=lambda x: (x[0], x[1]))
print(f"{looked} shown percentages in {len(files)} measures.csv file(s); {len(hits)} published figures of 0% or 100% in the anonymised and governor packs; "
      f"{sum(1 for h in hits if not h[0])} about disadvantaged, FSM, SEN or EAL pupils")
for _, n, r in hits[:12]:
    print(f"  {r['profile']:<10} {r['urn']} {r['year']} {r['measure']:<15} group={r['group']:<13} filter={r['filter'] or '-':<40} "
          f"{n} pupils: {r['value']}%")
print(f"{len(hits)} published 0% / 100% figure(s) of a group in the shareable packs")
sys.exit(1 if hits else 0)
