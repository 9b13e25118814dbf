#!/usr/bin/python3
"""A commentary page's file name becomes an output file name, a link in
every page's navigation and a path inside the zip; none is scanned.

content/schools/900001/Olivia White.md (sample pupil 'Olivia White'), with
an innocent title and body. On the unfixed project the anonymised and
governor builds succeed, `reportpack verify` passes, and the packs hold
'Olivia White.html', the link href="Olivia%20White.html" on every page of
the school, and the zip member 900001/Olivia White.html.

Held when the build refuses the page with a leak check error, or when it
publishes the page (its unique body text is in the pack) with no 'Olivia'
in any file name, link target (URL-decoded) or zip member. Zips are read
as public/zips/<profile>/<URN>-<profile>.zip or <URN>.zip.

Exit 1 when the name is published in a path; 3 when the page is not
published at all (the edit did not apply) or the build fails for another
reason."""
import glob, os, re, sys, urllib.parse, zipfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rtlib

MARK = "rpmarkerf02q"
site, h, rows = rtlib.new_site("f02", schools=4, pupils=10, years=1, seed=3)
if not any(r[h.index("Forename")] == "Olivia" and r[h.index("Surname")] == "White" for r in rows):
    raise rtlib.EditNotApplied("the sample data no longer holds pupil Olivia White")
rtlib.write_new(os.path.join(site, "content/schools/900001/Olivia White.md"),
                f'+++\ntitle = "A case study"\n+++\n\nOne pupil\'s year ({MARK}).\n')
b = rtlib.build(site)
print("build rc", b.returncode)
if b.returncode:
    ref = rtlib.leak_refusal(b.stderr)
    if ref:
        print("held: the build refused the page:\n   " + ref[0][:300])
        sys.exit(0)
    rtlib.cannot_check("build failed without a leak check error:\n" + b.stderr.strip()[-1500:])
found = 0
for prof in ["anonymised", "governor"]:
    d = os.path.join(site, "public", prof)
    v = rtlib.verify(site, d)
    print(f"{prof}: verify rc {v.returncode}: {v.stdout.strip()[-200:]}")
    pages = [p for p in glob.glob(os.path.join(d, "**", "*.html"), recursive=True) if MARK in open(p, encoding="utf-8").read()]
    if not pages:
        rtlib.cannot_check(f"{prof}: the page from 'Olivia White.md' is not published (no file holds {MARK})")
    print(f"   the page is published as {', '.join(os.path.relpath(p, d) for p in pages)}")
    for p in glob.glob(os.path.join(d, "**", "*"), recursive=True):
        if "olivia" in os.path.relpath(p, d).lower():
            print("   file:", os.path.relpath(p, site)); found += 1
    links = []
    for p in sorted(glob.glob(os.path.join(d, "900001", "*.html"))):
        t = open(p, encoding="utf-8").read()
        hrefs = [x for x in re.findall(r'(?:href|src)="([^"]*)"', t) if "olivia" in urllib.parse.unquote(x).lower()]
        if hrefs:
            links.append((os.path.relpath(p, d), hrefs[0]))
    if links:
        found += 1
        print(f'   link: href="{links[0][1]}" in {len(links)} page(s) of 900001, e.g. {links[0][0]}')
    z = zipfile.ZipFile(rtlib.zip_path(site, prof, "900001"))
    print(f"   zip {os.path.relpath(z.filename, site)}: {len(z.namelist())} member(s)")
    for n in z.namelist():
        if "olivia" in n.lower():
            print("   zip member:", n); found += 1
print(f"{found} place(s) where the file name is published")
sys.exit(1 if found else 0)
