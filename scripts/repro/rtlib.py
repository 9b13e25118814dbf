"""Shared helpers for the reproduction scripts: build a throwaway site from
`reportpack sample` data converted to CSV, edit it, build and verify.

Every edit a script makes to a site goes through a helper that checks it
applied (replace_once, sub_once, edit_file, append_file, set_cell): an edit
that no longer finds its target stops the script with exit status 3
("could not check"), never a pass. Exit statuses of the f*.py scripts:

    0  held: the problem is not there
    1  PRESENT: the problem is there
    3  could not check: an edit did not apply, or what the check needs is
       missing (run.sh reports it as a failure)

Published files are read through read_measures (measures.csv version 1,
with key_stage 2/4, and version 2, with a version line and assessment
ks2/ks4), measures_path and zip_path (<URN>.zip and <URN>-<profile>.zip)."""
import csv, glob, html, io, os, re, shutil, subprocess, sys, tempfile, urllib.parse, zipfile

WORK = os.environ.get("RTWORK") or os.path.join(tempfile.gettempdir(), "reportpack-repro")
BIN = os.path.join(WORK, "bin")
RP = os.environ.get("RP") or os.path.join(BIN, "reportpack")
PY = sys.executable or "/usr/bin/python3"
HERE = os.path.dirname(os.path.abspath(__file__))

CANNOT_CHECK = 3


class EditNotApplied(Exception):
    """An edit to a site found nothing to change: the reproduction would test
    nothing, so it must not pass."""


class CannotCheck(Exception):
    """What a check needs is not there (a file moved, a format changed)."""


def _excepthook(tp, val, tb):
    if issubclass(tp, EditNotApplied):
        print(f"COULD NOT CHECK: edit did not apply: {val}", flush=True)
        sys.exit(CANNOT_CHECK)
    if issubclass(tp, CannotCheck):
        print(f"COULD NOT CHECK: {val}", flush=True)
        sys.exit(CANNOT_CHECK)
    sys.__excepthook__(tp, val, tb)


sys.excepthook = _excepthook


def cannot_check(msg):
    raise CannotCheck(msg)


# ---------------------------------------------------------------- edits

def replace_once(text, old, new, count=1):
    """text with old replaced by new. Raises EditNotApplied unless old occurs
    exactly count times (count=None: at least once, all replaced)."""
    n = text.count(old)
    if n == 0 or (count is not None and n != count):
        raise EditNotApplied(f"expected {count if count is not None else 'at least 1'} occurrence(s) of {old!r}, found {n}")
    return text.replace(old, new)


def sub_once(pattern, repl, text, count=1, flags=0):
    """re.sub that raises EditNotApplied unless pattern matches exactly count
    times (count=None: at least once)."""
    out, n = re.subn(pattern, repl, text, flags=flags)
    if n == 0 or (count is not None and n != count):
        raise EditNotApplied(f"expected {count if count is not None else 'at least 1'} match(es) of /{pattern}/, found {n}")
    return out


def edit_file(path, fn):
    """Rewrites path with fn(text); raises EditNotApplied when the file is
    missing or fn changed nothing."""
    if not os.path.isfile(path):
        raise EditNotApplied(f"{path}: no such file to edit")
    with open(path, encoding="utf-8") as f:
        old = f.read()
    new = fn(old)
    if new == old:
        raise EditNotApplied(f"{path}: the edit changed nothing")
    with open(path, "w", encoding="utf-8") as f:
        f.write(new)


def edit_toml(site, old, new, count=1):
    edit_file(os.path.join(site, "site.toml"), lambda t: replace_once(t, old, new, count))


def sub_toml(site, pattern, repl, count=1):
    edit_file(os.path.join(site, "site.toml"), lambda t: sub_once(pattern, repl, t, count))


def append_file(path, text):
    """Appends to an existing file (raises EditNotApplied when it is missing:
    appending would create a file nothing reads)."""
    edit_file(path, lambda t: t + text)


def write_new(path, text):
    """Writes a new file into an existing folder (raises EditNotApplied when
    the folder is missing)."""
    if not os.path.isdir(os.path.dirname(path)):
        raise EditNotApplied(f"{os.path.dirname(path)}: no such folder")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def set_cell(header, row, column, value, expect=None):
    """row[column] = value; raises EditNotApplied when the column is missing or
    (with expect) the row does not hold expect in each given column."""
    if column not in header:
        raise EditNotApplied(f"pupils.csv has no column {column!r}")
    for c, v in (expect or {}).items():
        if c not in header or row[header.index(c)] != v:
            raise EditNotApplied(f"row {row[:6]} does not have {c}={v!r}")
    row[header.index(column)] = value


# ---------------------------------------------------------------- sites

def run(args, check=False, **kw):
    p = subprocess.run(args, capture_output=True, text=True, **kw)
    if check and p.returncode != 0:
        raise CannotCheck(f"command failed: {args}\n{p.stdout}\n{p.stderr}")
    return p


def xlsx_to_rows(path):
    import openpyxl
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    rows = []
    for r in ws.iter_rows(values_only=True):
        rows.append(["" if v is None else (v.strftime("%Y-%m-%d") if hasattr(v, "strftime") else str(v)) for v in r])
    return rows


def example_site(name):
    """A fresh `reportpack new` site under WORK/name."""
    d = os.path.join(WORK, name)
    if os.path.exists(d):
        shutil.rmtree(d)
    os.makedirs(WORK, exist_ok=True)
    run([RP, "new", d], check=True)
    return d


def new_site(name, schools=4, pupils=10, years=1, seed=3, whole_school=False):
    """A fresh site under WORK/name with sample data as data/pupils.csv:
    key stage 2 and 4 rows only (the data the review's findings were
    made on), or every year group with whole_school.
    Returns (site_dir, header, rows)."""
    d = example_site(name)
    data = os.path.join(d, "data")
    shutil.rmtree(data)
    out = run([RP, "sample", "--out", data, "--schools", str(schools), "--pupils", str(pupils),
               "--years", str(years), "--seed", str(seed)] + ([] if whole_school else ["--key-stages-only"]),
              check=True).stdout
    xlsx = os.path.join(data, "pupils.xlsx")
    if not os.path.exists(xlsx):
        cannot_check(f"reportpack sample wrote no {xlsx}")
    rows = xlsx_to_rows(xlsx)
    os.remove(xlsx)
    names = re.findall(r"\[schools\.(\d+)\]\nname = \"([^\"]*)\"", out)
    if len(names) != schools:
        raise EditNotApplied(f"expected {schools} [schools.URN] blocks in `reportpack sample`'s output, found {len(names)}")

    def toml_edit(toml):
        toml = replace_once(toml, 'pupils = "data/pupils.xlsx"', 'pupils = "data/pupils.csv"')
        # replace the example schools with the sample's
        toml = sub_once(r"\[schools\.\d+\]\nname = \"[^\"]*\"\n\n?", "", toml, count=None)
        return replace_once(toml, "[profiles.named]",
                            "".join(f'[schools.{u}]\nname = "{n}"\n\n' for u, n in names) + "[profiles.named]")
    edit_file(os.path.join(d, "site.toml"), toml_edit)
    write_rows(d, rows[0], rows[1:])
    return d, rows[0], rows[1:]


def write_rows(site, header, rows):
    with open(os.path.join(site, "data", "pupils.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def read_rows(site):
    with open(os.path.join(site, "data", "pupils.csv"), newline="") as f:
        r = list(csv.reader(f))
    return r[0], r[1:]


def build(site, profile="all", zip_=True, extra=()):
    args = [RP, "build", "--source", site, "--profile", profile]
    if zip_:
        args.append("--zip")
    return run(args + list(extra))


def build_ok(site, **kw):
    """build, and CannotCheck when it fails."""
    b = build(site, **kw)
    if b.returncode:
        cannot_check(f"build of {site} failed:\n{b.stderr.strip()[-2000:]}")
    return b


def verify(site, d):
    return run([RP, "verify", d, "--source", site])


def leak_refusal(stderr):
    """The leak check's error lines in a build's stderr."""
    return [l for l in stderr.splitlines() if "leak check" in l.lower() and "error" in l.lower()]


def warnings(stderr, *words):
    """Warning lines of a build's stderr that mention every word (any case)."""
    return [l for l in stderr.splitlines() if "warning" in l.lower() and all(w.lower() in l.lower() for w in words)]


# ---------------------------------------------------------------- published files

def text_files(d, exts=(".html", ".csv", ".js", ".json", ".txt", ".css", ".svg", ".xml")):
    for p in glob.glob(os.path.join(d, "**", "*"), recursive=True):
        if os.path.isfile(p) and p.endswith(exts):
            yield p


def pack_text(d):
    """Every text file of a built pack, entity-decoded, with URL-decoded
    copies, keyed by path relative to d."""
    out = {}
    for p in text_files(d):
        t = open(p, encoding="utf-8", errors="replace").read()
        t = html.unescape(t)
        out[os.path.relpath(p, d)] = t + "\n" + urllib.parse.unquote(t)
    return out


def measures_path(site_or_pack, profile=None, urn=None):
    """A pack's measures.csv: PACK/URN/measures.csv (several schools) or
    PACK/measures.csv (one). CannotCheck when neither exists."""
    d = os.path.join(site_or_pack, "public", profile) if profile else site_or_pack
    cands = ([os.path.join(d, urn, "measures.csv")] if urn else []) + [os.path.join(d, "measures.csv")]
    for c in cands:
        if os.path.isfile(c):
            return c
    cannot_check(f"no measures.csv at {' or '.join(cands)}")


def all_measures_files(pack):
    return sorted(os.path.join(r, "measures.csv") for r, _, fs in os.walk(pack) if "measures.csv" in fs)


TRUE = {"true", "1", "yes", "y", "t"}


def read_measures(path):
    """measures.csv rows as dicts, the same for version 1 and version 2:
    'key_stage' is '2'/'4' (v2's assessment ks2/ks4), 'suppressed' is
    'true'/'false', 'hidden' is a bool, and 'version' says which it was.
    Comment lines (#...) are skipped."""
    with open(path, newline="", encoding="utf-8") as f:
        lines = f.read().splitlines()
    version = 1
    body = []
    for ln in lines:
        if ln.startswith("#"):
            m = re.search(r"measures\.csv version (\d+)", ln)
            if m:
                version = int(m.group(1))
            continue
        body.append(ln)
    out = []
    for r in csv.DictReader(io.StringIO("\n".join(body))):
        r = normalise(r)
        r["version"] = version
        out.append(r)
    return out


def normalise(r):
    if "key_stage" not in r or not r.get("key_stage"):
        a = (r.get("assessment") or "").strip().lower()
        m = re.fullmatch(r"ks(\d)", a)
        r["key_stage"] = m.group(1) if m else a
    if "assessment" not in r or not r.get("assessment"):
        r["assessment"] = "ks" + str(r["key_stage"])
    s = (r.get("suppressed") or "").strip().lower()
    hidden = s in TRUE or (r.get("value") or "").strip().lower() == "x" or bool((r.get("reason") or "").strip())
    r["suppressed"] = "true" if hidden else "false"
    r["hidden"] = hidden
    return r


def num(s):
    try:
        v = float(s)
    except (TypeError, ValueError):
        return None
    return v if v == v else None


def zip_path(site, profile, urn):
    """public/zips/<profile>/<URN>-<profile>.zip (new) or <URN>.zip (old)."""
    cands = [os.path.join(site, "public", "zips", profile, f"{urn}-{profile}.zip"),
             os.path.join(site, "public", "zips", profile, f"{urn}.zip")]
    for c in cands:
        if os.path.isfile(c):
            return c
    cannot_check(f"no zip at {' or '.join(cands)}")


def col(header, name):
    return header.index(name)
