#!/usr/bin/python3
"""perf/halstead_radon.py: snakepipe's Halstead counts against radon's (`radon hal -f -j`), function
by function, on a Python tree (default: the standard library, /usr/lib/python3.11).

usage: perf/halstead_radon.py [--snakepipe PATH] [TREE]

radon reports the functions that no other function encloses (module-level functions and the
methods of classes), in source order, by name; snakepipe's rows of those functions are taken in the
same order and must carry the same names. A function agrees when its distinct and total operators
and operands (h1, h2, N1, N2) are all equal; volume, difficulty and effort follow from them. Files
radon cannot parse (Python 2 test data) are left out. Exit 1 below 99 %."""
import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--snakepipe", default=None)
    ap.add_argument("tree", nargs="?", default="/usr/lib/python3.11")
    a = ap.parse_args()
    sp = a.snakepipe or next(p for p in (os.path.join(HERE, "..", d, "snakepipe")
                                         for d in ("build-rel", "build", "build-san"))
                             if os.path.exists(p))
    tree = os.path.abspath(a.tree)
    radon = json.loads(subprocess.run(["radon", "hal", "-f", "-j", tree], check=True,
                                      capture_output=True, text=True).stdout)
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "sp.db")
        subprocess.run([sp, "index", tree, "--db", db, "--quiet", "--language", "python"], check=False)
        con = sqlite3.connect(db)
        rows = con.execute(
            "SELECT f.path, fn.name, fn.start_line, fn.end_line, fn.start_col,"
            " m.halstead_h1, m.halstead_h2, m.halstead_n1, m.halstead_n2"
            " FROM files f JOIN functions fn USING (repository_id, blob_id)"
            " JOIN function_metrics m USING (repository_id, blob_id, function_id)"
            " ORDER BY f.path, fn.function_id").fetchall()
    per_file = {}
    for r in rows:
        per_file.setdefault(r[0], []).append(r)
    total = agree = files = skipped = 0
    diffs = []
    for path, rep in sorted(radon.items()):
        rel = os.path.relpath(path, tree)
        if "error" in rep or rel not in per_file:
            skipped += 1
            continue
        files += 1
        funcs = per_file[rel]
        # the functions no other function encloses, in source order
        outer = [f for f in funcs if not any(g is not f and g[2] <= f[2] and f[3] <= g[3]
                                              and (g[2], g[4]) < (f[2], f[4]) for g in funcs)]
        theirs = rep["functions"]
        if len(outer) != len(theirs) or any(o[1] != t[0] for o, t in zip(outer, theirs)):
            total += len(theirs)
            diffs.append((rel, "function lists differ", len(outer), len(theirs)))
            continue
        for o, (name, v) in zip(outer, theirs):
            total += 1
            if list(o[5:9]) == v[:4]:
                agree += 1
            else:
                diffs.append((rel, name, list(o[5:9]), v[:4]))
    print(f"files compared: {files} (radon could not parse {skipped})")
    print(f"functions compared: {total}; h1, h2, N1, N2 equal: {agree}"
          f" ({100.0 * agree / max(total, 1):.2f} %)")
    for d in diffs[:30]:
        print("  differs:", *d)
    return 0 if total and agree * 100 >= 99 * total else 1


if __name__ == "__main__":
    sys.exit(main())
