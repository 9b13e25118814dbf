#!/usr/bin/python3
"""Suppressed figure recovered as 'disadvantaged' less 'fsm'.

A school of 60 KS4 pupils (sample data): 15 are eligible for free school
meals now (and so Ever-6 FSM, disadvantaged), and 1 more is disadvantaged
only because they are looked after (CLA). The CLA row (1 pupil) is
suppressed, but the 'Disadvantaged' (16) and 'Free school meals' (15) rows
are both published, and nothing ties them together in suppression. FSM
pupils are a subset of the disadvantaged: by the DfE definitions (FSM now
implies Ever-6 FSM), and, while pairwise filters are published, from the
measures.csv itself (the FSM row is missing from the table filtered to
non-disadvantaged pupils). Their difference is one pupil's results.

Adapted for issue #24: reads measures.csv version 1 or 2 (rtlib); the
pairwise table may be absent from shareable packs (the subset is then
taken from the definitions, and the script says so); a row missing or
hidden counts as hidden. The page-only part (rounded HTML tables) is
informational and skipped when the table pages change.

Exit 1 when the anonymised pack gives that pupil's results away."""
import os, re, sys, random
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rtlib

site, h, rows = rtlib.new_site("f03", schools=1, pupils=60, years=1, seed=2)
I = h.index
ks4 = [r for r in rows if r[I("A8")] != "" or r[I("EM_Grade5")] != ""]
if len(rows) != 60 or len(ks4) != 60:
    raise rtlib.EditNotApplied(f"expected 60 KS4 pupils in the sample, found {len(rows)} rows, {len(ks4)} with KS4 results")
order = list(range(len(rows)))
random.Random(1).shuffle(order)
fsm, cla = set(order[:15]), order[15]
for i, r in enumerate(rows):
    rtlib.set_cell(h, r, "FSM6", "Y" if i in fsm else "N")
    rtlib.set_cell(h, r, "FSM", "Y" if i in fsm else "N")
    rtlib.set_cell(h, r, "CLA", "Y" if i == cla else "N")
    rtlib.set_cell(h, r, "PostLAC", "N")
rtlib.write_rows(site, h, rows)
rtlib.build_ok(site)

pub = rtlib.measures_path(site, "anonymised", "")
rs = rtlib.read_measures(pub)
year = max(r["year"] for r in rs)
cell = {(r["measure"], r["group"], r["filter"]): r for r in rs if r["year"] == year}
print(f"measures.csv version {rs[0]['version']}, {len(rs)} rows; year {year}")


def shown(k):
    r = cell.get(k)
    return r if r is not None and not r["hidden"] and rtlib.num(r["cohort"]) is not None and rtlib.num(r["value"]) is not None else None


def show(k):
    r = cell.get(k)
    return "absent" if r is None else ("x" if r["hidden"] else r["cohort"])


# the edit applied: the build saw 60 pupils, and (when shown) 16 disadvantaged
a = shown(("ks4_em5", "all", ""))
if a is None or int(rtlib.num(a["cohort"])) != 60:
    raise rtlib.EditNotApplied(f"the all-pupils grade 5+ row is not a shown cohort of 60: {cell.get(('ks4_em5', 'all', ''))}")
d = shown(("ks4_em5", "disadvantaged", ""))
if d is not None and int(rtlib.num(d["cohort"])) != 16:
    raise rtlib.EditNotApplied(f"16 disadvantaged pupils expected, the pack shows {d['cohort']}")

# 1. FSM within disadvantaged: from the pairwise table when it is published
other_tab = [r for r in rs if r["year"] == year and r["filter"] == "disadvantaged=other" and r["measure"] == "ks4_em5"]
if not other_tab:
    subset = True
    how = "no table filtered to disadvantaged=other (pairwise filters left out): FSM within disadvantaged by definition"
elif all(r["hidden"] for r in other_tab if r["group"] == "all"):
    subset = True
    how = "table filtered to disadvantaged=other hidden: FSM within disadvantaged by definition"
else:
    fr = [r for r in other_tab if r["group"] == "fsm"]
    subset = not fr or (not fr[0]["hidden"] and rtlib.num(fr[0]["cohort"]) == 0)
    how = f"fsm row under filter disadvantaged=other: {'absent (so FSM within disadvantaged)' if not fr else show(('ks4_em5', 'fsm', 'disadvantaged=other'))}"
print(f"published: all={show(('ks4_em5', 'all', ''))}, disadvantaged={show(('ks4_em5', 'disadvantaged', ''))}, "
      f"other={show(('ks4_em5', 'other', ''))}, fsm={show(('ks4_em5', 'fsm', ''))}, cla={show(('ks4_em5', 'cla', ''))}; {how}")

leaks = 0
MEAS = ["ks4_em5", "ks4_em4", "ks4_ebacc_entry", "ks4_a8", "ks4_a8_eng", "ks4_a8_mat", "ks4_p8", "ks4_p8_eng", "ks4_ebacc_aps"]
for m in MEAS:
    d, f = shown((m, "disadvantaged", "")), shown((m, "fsm", ""))
    if d is None or f is None or not subset:
        print(f"  {m}: disadvantaged {show((m, 'disadvantaged', ''))}, fsm {show((m, 'fsm', ''))}: no difference to take")
        continue
    nd, nf = int(rtlib.num(d["cohort"])), int(rtlib.num(f["cohort"]))
    pct = m in ("ks4_em5", "ks4_em4", "ks4_ebacc_entry")
    td = rtlib.num(d["value"]) * nd / (100 if pct else 1)
    tf = rtlib.num(f["value"]) * nf / (100 if pct else 1)
    n = nd - nf
    if 0 < n < 6:
        leaks += 1
        v = (td - tf) / n * (100 if pct else 1)
        print(f"  {m}: disadvantaged ({nd}) less fsm ({nf}) = {n} pupil(s), {'percent' if pct else 'mean'} {v:.4f}")

# 2. The same from the HTML pages alone (rounded figures), for information.
def page_row(table, group):
    t = open(os.path.join(os.path.dirname(pub), f"table-{table}.html"), encoding="utf-8").read()
    m = re.search(r'<tr data-group="' + group + r'">(.*?)</tr>', t, re.S)
    if not m:
        raise LookupError(f"no row {group} in table-{table}.html")
    return [c for c in re.findall(r'<td class="num">([^<]*)</td>', m.group(1))]
try:
    d, f = page_row("ks4_em5", "disadvantaged"), page_row("ks4_em5", "fsm")
    nd, pd, nf, pf = int(d[0]), int(d[1]), int(f[0]), int(f[1])
    kd = [k for k in range(nd + 1) if round(100 * k / nd) == pd]
    kf = [k for k in range(nf + 1) if round(100 * k / nf) == pf]
    print(f"pages only: grade 5+ disadvantaged {pd}% of {nd} -> {kd} pupil(s); fsm {pf}% of {nf} -> {kf}: "
          f"the other {nd - nf} pupil(s) achieved {sorted({a - b for a in kd for b in kf})}")
    d, f = page_row("ks4_a8", "disadvantaged"), page_row("ks4_a8", "fsm")
    a8 = float(d[1]) * int(d[0]) - float(f[1]) * int(f[0])
    print(f"pages only: Attainment 8 of that pupil = {a8:.1f} +/- {0.05 * (int(d[0]) + int(f[0])):.2f}")
except (OSError, LookupError, ValueError, IndexError, ZeroDivisionError) as e:
    print(f"pages only: not worked out ({type(e).__name__}: {e}) -- hidden cells or a changed table layout")
amelia = rows[cla]
print(f"truth (the CLA pupil): EM_Grade5={amelia[I('EM_Grade5')]} EM_Grade4={amelia[I('EM_Grade4')]} "
      f"EBacc={amelia[I('EBacc_Entered')]} A8={amelia[I('A8')]} A8_Eng={amelia[I('A8_Eng')]} P8={amelia[I('P8')]}")
if leaks:
    print(f"LEAK: {leaks} figure(s) of a group under min_cohort recovered from the anonymised measures.csv")
    sys.exit(1)
print("held: no figure recovered")
