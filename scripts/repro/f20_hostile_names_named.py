#!/usr/bin/python3
"""Hostile pupil names in the named profile: script and markup injection,
template syntax, very long names, direction overrides, emoji, line and
paragraph separators. Builds every profile, then opens every named page in
headless Chromium (rtxss: alert() recorded, every scatter tooltip shown,
every table sorted, every select switched) and checks that each payload
shows as text. Also checks the anonymised and governor builds still pass.

Adapted for issue #24: every name edit must land on a pupil row (and the
named pupils page must show the 3000-character name, so the data read was
the edited data); rtxss must report every page as opened ('clean' or
'PAYLOAD RAN'): a page it could not open, or a missing rtxss or Chromium,
is exit 3, not a pass.

Exit 1 when any payload runs or any build fails."""
import glob, os, subprocess, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rtlib

RTXSS = os.environ.get("RTXSS") or os.path.join(rtlib.BIN, "rtxss")
site, h, rows = rtlib.new_site("f20", schools=1, pupils=20, years=1, seed=2)
I = h.index
names = [
    ("</script><img src=x onerror=alert('f1')>", "Smith"),
    ("Jo", "\"><svg/onload=alert('s2')>"),
    ("{{.}}", "{{template \"x\"}}"),
    ("<b>Bold</b><img src=x data-pwned=1>", "&amp;&lt;&#x3c;script&#x3e;alert('e4')&#x3c;/script&#x3e;"),
    ("\u202eAlice", "Evans\u202c"),
    ("😀", "👍🏽 O'Brien-Smith"),
    ("A" * 3000, "B" * 3000),
    ("javascript:alert('j8')", "Test"),
    ("</SCRIPT ><script>alert('u9')</script>", "X9"),
    ("Line\u2028Sep", "Para\u2029Sep"),
    ("<!--", "-->alert('c11')<!--"),
    ("' onmouseover='alert(12)' x='", "\" onfocus=\"alert(13)\" autofocus=\""),
    ("${alert('t14')}", "`+alert('t15')+`"),
    ("</title><script>alert('t16')</script>", "</textarea></style></noscript>"),
]
if len(rows) < len(names):
    raise rtlib.EditNotApplied(f"{len(rows)} pupil rows for {len(names)} names")
for (f, s), r in zip(names, rows):
    rtlib.set_cell(h, r, "Forename", f)
    rtlib.set_cell(h, r, "Surname", s)
rtlib.write_rows(site, h, rows)
b = rtlib.build(site)
print("build rc", b.returncode, b.stderr.strip()[-400:])
bad = b.returncode != 0
pages = sorted(glob.glob(os.path.join(site, "public/named/**/*.html"), recursive=True))
if not pages:
    rtlib.cannot_check("no named page built")
if not any("A" * 3000 in open(p, encoding="utf-8").read() for p in pages):
    raise rtlib.EditNotApplied("no named page shows the 3000-character name: the edited names were not used")
if not os.path.exists(RTXSS):
    rtlib.cannot_check(f"{RTXSS} missing (run.sh builds it)")
p = subprocess.run([RTXSS] + pages, capture_output=True, text=True)
print(p.stdout, p.stderr[-500:])
opened = [l for l in p.stdout.splitlines() if ": clean (" in l or ": PAYLOAD RAN (" in l]
if p.returncode not in (0, 1) or len(opened) != len(pages):
    rtlib.cannot_check(f"rtxss opened {len(opened)} of {len(pages)} page(s) (exit {p.returncode}); is Chromium installed?")
bad = bad or p.returncode != 0
for prof in ["anonymised", "governor"]:
    v = rtlib.verify(site, os.path.join(site, "public", prof))
    print(prof, "verify rc", v.returncode, v.stdout.strip()[-200:])
    bad = bad or v.returncode != 0
print("held: every payload shows as text; anonymised and governor verify" if not bad else "PRESENT: a payload ran or a build or verify failed")
sys.exit(1 if bad else 0)
