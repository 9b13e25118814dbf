#!/usr/bin/python3
"""Differencing attack from published files only.

Reads the measures.csv of one or more built profiles (a reader's copy of the
packs) and, for each school, key stage and year, models the pupils as
counts of 'atoms' (every combination of the characteristics the groups are
defined by: gender, disadvantaged, FSM, CLA, SEN, mobility, first language,
prior attainment band, ethnicity). It learns which atoms are empty from the
published tables alone (a group's row missing from a table that is shown
means that intersection has no pupils; a linear programme over the
published counts finds the atoms that can hold no pupil), then tests, for
every hidden ('x') figure, whether its total is a linear combination of
published totals over the atoms that may hold pupils. Such a figure is
recovered exactly, from published numbers only.

With --truth DUMP.jsonl (rtdump's output) each recovered figure is
compared with the true one. Exit status 1 when anything is recovered, 3
when there was nothing to attack (no measures.csv, no school, key stage and
year with its row-count measure, or none of the --measures asked for): a
run that analysed nothing is not a pass.

Reads measures.csv version 1 (no version line; key_stage 2/4) and version 2
(a '# reportpack measures.csv version 2' line; assessment ks2/ks4; a reason
for hidden figures), through rtlib.read_measures. Tables may lack pairwise
filters.

usage: attack.py [--truth DUMP] [--measures m1,m2] [--lp] [--urn U] [--year Y|latest] PROFILE_DIR..."""
import argparse, csv, collections, itertools, json, os, sys
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rtlib

GROUPS = {
    "all": None,
    "male": ("g", "M"), "female": ("g", "F"),
    "disadvantaged": ("d", "Y"), "other": ("d", "N"),
    "fsm": ("fsm", "Y"), "cla": ("cla", "Y"),
    "no_sen": ("s", "N"), "sen_support": ("s", "K"), "ehcp": ("s", "E"),
    "eng_first": ("l", "ENG"), "eal": ("l", "OTH"),
    "pa_low": ("p", "L"), "pa_middle": ("p", "M"), "pa_high": ("p", "H"),
    "non_mobile": ("m", "Y"), "mobile": ("m", "N"),
    "eth_white": ("e", "W"), "eth_mixed": ("e", "X"), "eth_asian": ("e", "A"), "eth_black": ("e", "B"),
    "eth_chinese": ("e", "C"), "eth_other": ("e", "O"), "eth_unclassified": ("e", "U"),
    "birth_autumn": ("b", "A"), "birth_spring": ("b", "S"), "birth_summer": ("b", "U"),
}
DIMS = {"gender": "g", "disadvantaged": "d", "sen": "s", "mobility": "m", "language": "l", "prior": "p", "ethnicity": "e", "birth": "b"}
VALUES = {"g": ["M", "F", "-"], "d": ["Y", "N", "-"], "fsm": ["Y", "N"], "cla": ["Y", "N"], "s": ["N", "K", "E", "-"],
          "m": ["Y", "N", "-"], "l": ["ENG", "OTH", "-"], "p": ["L", "M", "H", "-"],
          "e": ["W", "X", "A", "B", "C", "O", "U", "-"], "b": ["A", "S", "U", "-"]}
ORDER = ["g", "d", "fsm", "cla", "s", "m", "l", "p", "e"]
# --birth adds term of birth to the atoms ("b"): four times as many, and
# about three minutes a pack of the example site, so CI leaves it out.
BIRTH = False
ROWCLASS = {2: "ks2_rwm_exp", 4: "ks4_em5"}  # percentages of the whole group: cohort = the row


class Atoms:
    def __init__(self, with_cohort=False):
        order = ORDER + (["c"] if with_cohort else [])
        vals = dict(VALUES, c=["Y", "N"])
        combos = list(itertools.product(*[vals[a] for a in order]))
        self.n = len(combos)
        self.attr = {a: np.array([c[i] for c in combos]) for i, a in enumerate(order)}
        self.cache = {}

    def group(self, g):
        if g in self.cache:
            return self.cache[g]
        if g == "all":
            m = np.ones(self.n, bool)
        else:
            a, v = GROUPS[g]
            m = self.attr[a] == v
        self.cache[g] = m
        return m

    def cell(self, group, filt, cohort=False):
        m = self.group(group).copy()
        for g in filt:
            m &= self.group(g)
        if cohort:
            m &= self.attr["c"] == "Y"
        return m


def parse_filter(s):
    if not s:
        return ()
    return tuple(p.split("=")[1] for p in s.split(";"))


def filter_dims(s):
    if not s:
        return set()
    return {DIMS[p.split("=")[0]] for p in s.split(";")}


def num(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


STATS = collections.Counter()


def load_profiles(dirs):
    """rows[(urn, ks, year)][measure][(group, filter)] = list of (cohort, value, suppressed) per profile"""
    rows = collections.defaultdict(lambda: collections.defaultdict(dict))
    for d in dirs:
        files = rtlib.all_measures_files(d)
        if not files:
            print(f"attack.py: no measures.csv under {d}", file=sys.stderr)
        for path in files:
            STATS["files"] += 1
            for r in rtlib.read_measures(path):
                STATS[f"version {r['version']}"] += 1
                if r["measure"].endswith("_adjusted_pupils"):
                    continue
                if r.get("scope") not in (None, "", "school"):
                    STATS["rows of scope " + r["scope"] + " (skipped)"] += 1
                    continue
                if str(r["key_stage"]) not in ("2", "4"):
                    # EYFS, phonics, KS1, MTC: not in this model's atoms
                    # (measures' own brute-force audit tests cover them).
                    STATS["rows of other assessments (not modelled)"] += 1
                    continue
                if not BIRTH and (r["group"].startswith("birth_") or "birth=" in r["filter"]):
                    # Term of birth is not among the atoms' dimensions:
                    # its rows are left out, which weakens the attack, not
                    # the check of what it finds.
                    STATS["term-of-birth rows (not modelled)"] += 1
                    continue
                STATS["hidden rows" if r["hidden"] else "shown rows"] += 1
                k = (r["urn"], int(r["key_stage"]), r["year"])
                rows[k][r["measure"]].setdefault((r["group"], r["filter"]), []).append(
                    (num(r["cohort"]), num(r["value"]), r["hidden"], d))
    return rows


def basis(A):
    u, s, vt = np.linalg.svd(A, full_matrices=False)
    r = int((s > 1e-9 * max(1, s[0] if len(s) else 1)).sum())
    return vt[:r]


def possible_atoms(atoms, cells, lp):
    """Atoms that may hold a pupil, given the published row counts. cells:
    (group, filter) -> list of (cohort, value, suppressed, profile)."""
    alive = np.ones(atoms.n, bool)
    # 1. a table shown (not wholly hidden) lists every non-empty group: the others are empty
    views = collections.defaultdict(set)
    hidden_view = set()
    for (g, f), obs in cells.items():
        views[f].add(g)
        if g == "all" and all(o[2] for o in obs):
            hidden_view.add(f)
    for f, gs in views.items():
        if f in hidden_view:
            continue
        fd = filter_dims(f)
        for g in GROUPS:
            if g != "all" and GROUPS[g][0] not in ORDER:
                continue  # a dimension not modelled (term of birth without --birth)
            if g in gs:
                continue
            if g != "all" and GROUPS[g][0] in fd:
                continue
            alive &= ~atoms.cell(g, parse_filter(f))
    # a published count of 0 empties its cell too
    eqs = []
    ge1 = []
    for (g, f), obs in cells.items():
        shown = [o for o in obs if not o[2]]
        m = atoms.cell(g, parse_filter(f))
        if shown and shown[0][0] is not None:
            if shown[0][0] == 0:
                alive &= ~m
            eqs.append((m, shown[0][0]))
        elif not shown and f not in hidden_view or (g == "all" and not shown and f in hidden_view and False):
            ge1.append(m)  # a listed hidden row has pupils
    idx = np.nonzero(alive)[0]
    if lp and 0 < len(idx) <= 60000 and eqs:
        from scipy.optimize import linprog
        A_eq = np.array([m[idx] for m, _ in eqs], float)
        b_eq = np.array([c for _, c in eqs], float)
        A_ub = -np.array([m[idx] for m in ge1], float) if ge1 else None
        b_ub = -np.ones(len(ge1)) if ge1 else None
        keep = np.zeros(len(idx), bool)
        # Atoms that can hold a pupil in some solution of the published counts
        # are those positive in some feasible point. Maximise the sum of
        # t_i = min(x_i, eps) over the atoms not yet seen positive: a small
        # eps makes one optimum put every such atom above zero at once (the
        # average of feasible points is feasible), and repeating until an
        # optimum adds none leaves exactly the atoms that are always empty
        # (the same set as maximising the plain sum atom by atom, in a few
        # solves instead of hundreds).
        from scipy import sparse
        eps = 1e-3
        todo = np.ones(len(idx), bool)
        nx = len(idx)
        A_eq_s = sparse.csr_matrix(A_eq)
        while todo.any():
            tidx = np.nonzero(todo)[0]
            nt = len(tidx)
            c = np.concatenate([np.zeros(nx), -np.ones(nt)])
            Aeq = sparse.hstack([A_eq_s, sparse.csr_matrix((A_eq.shape[0], nt))]).tocsr()
            # t_j - x_{tidx[j]} <= 0
            link = sparse.hstack([-sparse.csr_matrix((np.ones(nt), (np.arange(nt), tidx)), shape=(nt, nx)),
                                  sparse.identity(nt, format="csr")])
            ub = [link]
            bub = [np.zeros(nt)]
            if A_ub is not None:
                ub.insert(0, sparse.hstack([sparse.csr_matrix(A_ub), sparse.csr_matrix((A_ub.shape[0], nt))]))
                bub.insert(0, b_ub)
            res = linprog(c, A_ub=sparse.vstack(ub).tocsr(), b_ub=np.concatenate(bub), A_eq=Aeq, b_eq=b_eq,
                          bounds=[(0, None)] * nx + [(0, eps)] * nt, method="highs")
            if res.status != 0:
                break
            pos = res.x[:nx] > 1e-7
            newly = pos & todo
            if not newly.any():
                break
            keep |= pos
            todo &= ~pos
        if res.status == 0:
            alive2 = np.zeros(atoms.n, bool)
            alive2[idx[keep]] = True
            alive = alive2
    return alive


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--truth")
    ap.add_argument("--measures", default="")
    ap.add_argument("--lp", action="store_true")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--urn", default="")
    ap.add_argument("--year", default="")
    ap.add_argument("--birth", action="store_true", help="model term of birth too (slow)")
    ap.add_argument("dirs", nargs="+")
    a = ap.parse_args()
    global BIRTH
    if a.birth:
        BIRTH = True
        ORDER.append("b")
    data = load_profiles(a.dirs)
    truth = {}
    if a.truth:
        meas = {}
        for ln in open(a.truth):
            o = json.loads(ln)
            if o["type"] == "measure":
                meas[(o["urn"], o["ks"], o["year"], o["measure"])] = o
            elif o["type"] == "row":
                k = (o["urn"], o["ks"], o["year"], o["measure"], o["group"], o["filter"])
                if k not in truth:
                    m = meas[(o["urn"], o["ks"], o["year"], o["base"])]
                    vals = [m["values"][i] for i in o["set"]]
                    truth[k] = (len(o["set"]), sum(vals))
    only = set(filter(None, a.measures.split(",")))
    latest = {}
    for u, _, y in data:
        latest[u] = max(latest.get(u, y), y)
    present = {m for ms in data.values() for m in ms}
    if only and not only & present:
        print(f"attack.py: none of the measures asked for ({','.join(sorted(only))}) is in the files", file=sys.stderr)
        sys.exit(3)
    for m in sorted(only - present):
        print(f"attack.py: measure {m} is in no file read", file=sys.stderr)
    analysed = 0
    found = 0
    plain_atoms = Atoms(False)
    coh_atoms = Atoms(True)
    for key in sorted(data):
        urn, ks, year = key
        if (a.urn and urn != a.urn) or (a.year and year != (latest[urn] if a.year == "latest" else a.year)):
            continue
        ms = data[key]
        rc = ROWCLASS[ks]
        if rc not in ms:
            print(f"attack.py: {urn} ks{ks} {year}: no {rc} rows, not analysed", file=sys.stderr)
            continue
        analysed += 1
        alive = possible_atoms(plain_atoms, ms[rc], a.lp)
        for mid, cells in ms.items():
            if only and mid not in only:
                continue
            pct = mid in ("ks2_rwm_exp", "ks2_rwm_high", "ks2_read_exp", "ks2_writ_exp", "ks2_mat_exp", "ks2_gps_exp",
                          "ks2_read_high", "ks2_mat_high", "ks2_gps_high", "ks4_em5", "ks4_em4", "ks4_ebacc_entry")
            # the measure's cohort: the whole row for percentages; else atoms carry 'in cohort'
            if pct:
                at, al = plain_atoms, alive
            else:
                at = coh_atoms
                al = np.concatenate([alive[:, None], alive[:, None]], axis=1).reshape(-1)  # c is the last attr, fastest
            cols = np.nonzero(al)[0]
            A, b, nb, targets = [], [], [], []
            for (g, f), obs in cells.items():
                m = at.cell(g, parse_filter(f), cohort=not pct)[cols].astype(float)
                shown = [o for o in obs if not o[2]]
                if shown:
                    c, v = shown[0][0], shown[0][1]
                    if c is None or v is None:
                        continue
                    A.append(m); b.append(v * c / (100 if pct else 1)); nb.append(c)
                else:
                    targets.append(((g, f), m))
            if not A:
                continue
            A = np.array(A); b = np.array(b); nb = np.array(nb)
            Q = basis(A)
            seen = set()
            for (g, f), t in targets:
                if np.linalg.norm(t - Q.T @ (Q @ t)) > 1e-7 or not t.any():
                    continue
                c, *_ = np.linalg.lstsq(A.T, t, rcond=None)
                tot = float(c @ b)
                cnt = float(c @ nb)
                tk = (urn, ks, year, mid, g, f)
                tr = truth.get(tk)
                if tr is not None and tr[0] == 0:
                    continue
                sig = (mid, tr[0] if tr else None, round(tot, 6))
                found += 1
                if a.quiet:
                    continue
                if tr:
                    n, s = tr
                    scale = 100 if pct else 1
                    print(f"RECOVERED {urn} ks{ks} {year} {mid} group={g} filter={f or '-'}: {cnt:.0f} pupil(s), total {tot:.4f} "
                          f"(true: {n} pupil(s), total {s:.4f}, {'percent' if pct else 'mean'} {s / n * scale:.4f})")
                else:
                    print(f"RECOVERED {urn} ks{ks} {year} {mid} group={g} filter={f or '-'}: {cnt:.0f} pupil(s), total {tot:.4f}")
    print(f"# read {STATS['files']} measures.csv file(s) ({', '.join(f'{k}: {v}' for k, v in sorted(STATS.items()) if k != 'files')}); "
          f"analysed {analysed} school/key stage/year(s)")
    print(f"# {found} hidden figure(s) recovered from published files only")
    if not analysed:
        print("attack.py: nothing analysed", file=sys.stderr)
        sys.exit(3)
    sys.exit(1 if found else 0)


main()
