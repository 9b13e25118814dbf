#!/usr/bin/python3
"""False alarm: a figure in measures.csv that reads as a pupil's date of
birth. The leak check looks for dates of birth written yyyymmdd as a whole
word, and measures.csv prints figures at full precision, so a mean with
exactly eight decimals is such a word. School 900002: 64 KS2 pupils whose
reading progress scores total 12.89 give a mean of 0.20140625; any pupil
in the build born on 25 June 2014 (in year 6 in 2024/25) then fails every
anonymised and governor build, in a file the user cannot edit, with no
setting to accept it.

Adapted for issue #24: when the build succeeds, the script checks that the
situation under test was built: school 900002's published all-pupils
reading progress is a cohort of 64 with mean 0.20140625 (at whatever
precision measures.csv prints it, version 1 or 2); else exit 3. A refusal
counts only when it is the leak check's.

Exit 1 when the legitimate build is refused."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rtlib

site, h, rows = rtlib.new_site("f31", schools=4, pupils=90, years=1, seed=3)
I = h.index
keep, n = [], 0
for r in rows:
    if r[I("URN")] == "900002":
        if not (r[I("KS1_APS")] and r[I("Read_SS")].isdigit()) or n == 64:
            continue
        r[I("Read_Prog")] = "12.89" if n == 0 else "0"
        n += 1
    keep.append(r)
assert n == 64, n
other = next(r for r in keep if r[I("URN")] == "900003")
rtlib.set_cell(h, other, "DOB", "2014-06-25")
rtlib.write_rows(site, h, keep)
b = rtlib.build(site, profile="anonymised", zip_=False)
print("build rc", b.returncode)
print("\n".join(l for l in b.stderr.splitlines() if "leak check" in l)[:600])
if b.returncode:
    if not rtlib.leak_refusal(b.stderr):
        rtlib.cannot_check("build failed without a leak check error:\n" + b.stderr.strip()[-1500:])
    sys.exit(1)
rs = rtlib.read_measures(rtlib.measures_path(site, "anonymised", "900002"))
row = [r for r in rs if r["measure"] == "ks2_read_prog" and r["group"] == "all" and r["filter"] == "" and not r["hidden"]]
if not row or rtlib.num(row[0]["cohort"]) != 64 or abs(rtlib.num(row[0]["value"]) - 0.20140625) > 0.00051:
    raise rtlib.EditNotApplied(f"900002's reading progress is not the published mean 0.20140625 of 64 pupils: {row[:1]}")
print(f"held: 900002 reading progress published as {row[0]['value']} (64 pupils, measures.csv version {row[0]['version']}); build accepted")
sys.exit(0)
