#!/usr/bin/python3
"""The anonymised scatterplot gives away what rule 7 hides.

Built from the example site itself (`reportpack new`). For school 900002,
KS2 2024/25, measures.csv hides ks2_read_prog_adjusted_pupils and
ks2_mat_prog_adjusted_pupils ("x": 1..5 pupils had their score raised to the
floor), yet the anonymised scatter-ks2.html marks each floored point
(value[2] == 1), so the hidden count is read off the chart. Worse, the
floored pupil's raw (unadjusted) progress score, which rule 7 exists to
protect, follows from published figures: the scaled-score totals of the
three prior attainment bands (measures.csv) less the estimates (estimates.csv,
DfE-published in real use) at each plotted pupil's prior attainment (the
chart's x values) is the raw progress total; less the published adjusted
total, plus the floor, it is the floored pupil's raw score.

Adapted for issue #24 (the scatterplot is to be withheld from shareable
profiles): the script reports, per shareable profile, which state it found:

  withheld       no scatter page and no per-pupil chart data in any page
                 of the pack: held
  no points      chart data published, but no per-pupil point in it: held
  per-pupil      per-pupil points published: the original check runs
                 (floored markers where measures.csv hides the count, and
                 the floored pupil's raw score)

A missing file is never taken for "withheld" blindly: the named pack must
still carry per-pupil scatter data that this script can read (else the
page format changed and the script cannot tell: exit 3), and a scatter
page whose data this script cannot read is exit 3 too.

Exit 1 when a hidden floored count or a floored pupil's raw score is
recovered from a shareable pack."""
import csv, glob, json, os, re, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rtlib

site = rtlib.example_site("f06")
rtlib.build_ok(site, zip_=False)
BLOCK = re.compile(r'<script\b([^>]*)>(.*?)</script>', re.S)


def chart_blocks(path):
    """{measure: option JSON} of the page's per-pupil chart data blocks, and
    whether the page mentions scatter data at all."""
    t = open(path, encoding="utf-8").read()
    out = {}
    for attrs, body in BLOCK.findall(t):
        if "application/json" not in attrs or "scatter" not in attrs:
            continue
        m = re.search(r'data-measure="([a-z0-9_]+)"', attrs)
        try:
            out[m.group(1) if m else attrs] = json.loads(body)
        except ValueError:
            rtlib.cannot_check(f"{path}: a scatter data block is not JSON")
    return out, "rp-scatter-data" in t or "scatter" in os.path.basename(path)


def points(data):
    pts = []
    opt = data.get("option", data) if isinstance(data, dict) else {}
    for s in opt.get("series", []) if isinstance(opt, dict) else []:
        for d in s.get("data", []) or []:
            v = d.get("value") if isinstance(d, dict) else d
            if isinstance(v, list) and len(v) >= 2:
                pts.append(v)
    return pts


def scan(prof):
    d = os.path.join(site, "public", prof)
    pages = [p for p in glob.glob(os.path.join(d, "**", "*.html"), recursive=True)]
    scatter_pages = [p for p in pages if os.path.basename(p).startswith("scatter")]
    blocks = {}
    mentions = []
    for p in pages:
        b, mention = chart_blocks(p)
        if b:
            blocks[os.path.relpath(p, d)] = b
        elif mention and os.path.basename(p).startswith("scatter"):
            mentions.append(os.path.relpath(p, d))
    return scatter_pages, blocks, mentions


# control: the named pack's scatter data is readable, so an empty result in a
# shareable pack means nothing is there, not that the format moved
_, named_blocks, _ = scan("named")
named_pts = sum(len(points(v)) for b in named_blocks.values() for v in b.values())
if not named_pts:
    rtlib.cannot_check("no per-pupil scatter data readable in the named pack: the chart format changed; adapt chart_blocks()")
print(f"control: named pack carries {named_pts} per-pupil scatter point(s) in {len(named_blocks)} page(s)")

est_rows = list(csv.DictReader(open(os.path.join(site, "data/estimates.csv"))))
leaks = 0
for prof in ["anonymised", "governor"]:
    scatter_pages, blocks, unread = scan(prof)
    if unread:
        rtlib.cannot_check(f"{prof}: scatter page(s) {unread} published but no data block readable")
    npts = sum(len(points(v)) for b in blocks.values() for v in b.values())
    if not scatter_pages and not blocks:
        print(f"{prof}: state withheld: no scatter page, no scatter data in any page")
        continue
    if not npts:
        print(f"{prof}: state no points: {len(scatter_pages)} scatter page(s), {len(blocks)} page(s) with chart data, no per-pupil point")
        continue
    print(f"{prof}: state per-pupil: {npts} per-pupil point(s) in {', '.join(sorted(blocks))}")
    for urn in ["900002", "900003"]:
        page = f"{urn}/scatter-ks2.html"
        if page not in blocks:
            continue
        rows = rtlib.read_measures(rtlib.measures_path(site, prof, urn))
        year = max(r["year"] for r in rows)
        cell = {(r["measure"], r["group"], r["filter"]): r for r in rows if r["year"] == year}
        for mid, subj in [("ks2_read_prog", "read"), ("ks2_mat_prog", "mat")]:
            hidden = cell.get((mid + "_adjusted_pupils", "all", ""))
            if mid not in blocks[page]:
                continue
            pts = points(blocks[page][mid])
            floored = [p for p in pts if len(p) > 2 and p[2] == 1]
            if hidden is None or not hidden["hidden"] or not floored:
                print(f"  {urn} {year} {mid}: floored count {'absent' if hidden is None else ('x' if hidden['hidden'] else hidden['value'])}, "
                      f"{len(floored)} floored marker(s) on the chart")
                continue
            leaks += 1
            print(f"  {urn} {year} {mid}: measures.csv hides the floored count; the chart shows {len(floored)} floored point(s): {floored}")

            def est(x):
                for r in est_rows:
                    if r["year"] == year and r["measure"] == "ks2_" + subj and float(r["prior_from"]) <= x < float(r["prior_to"]):
                        return float(r["estimate"])
            ss_total = ss_n = 0
            for g in ["pa_low", "pa_middle", "pa_high"]:
                r = cell.get((f"ks2_{subj}_ss", g, ""))
                if r is None or r["hidden"]:
                    ss_n = -1
                    break
                ss_total += rtlib.num(r["value"]) * int(rtlib.num(r["cohort"]))
                ss_n += int(rtlib.num(r["cohort"]))
            prog = cell.get((mid, "all", ""))
            if prog is not None and not prog["hidden"] and len(floored) == 1 and ss_n == len(pts) == int(rtlib.num(prog["cohort"])):
                raw_total = ss_total - sum(est(p[0]) for p in pts)
                adj_total = rtlib.num(prog["value"]) * int(rtlib.num(prog["cohort"]))
                print(f"    floored pupil (prior {floored[0][0]}): raw progress score recovered = {raw_total - adj_total + floored[0][1]:.2f}"
                      f" (shown on the chart as {floored[0][1]})")
if leaks:
    print(f"LEAK: {leaks} hidden figure(s) given away by a shareable scatterplot")
    sys.exit(1)
print("held")
