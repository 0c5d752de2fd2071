#!/usr/bin/python3
"""perf/mi_check.py: snakepipe's logical lines and maintainability index against radon's (the
Python API of Debian's radon 5), on a Python tree (default: the standard library,
/usr/lib/python3.11).

usage: perf/mi_check.py [--snakepipe PATH] [--min PERCENT] [--min-file-mi PERCENT] [--limit N]
                        [--show N] [TREE]

  - per file: LLOC equals radon.raw.analyze(code).lloc, and MI equals `radon mi -s`
    (radon.metrics.mi_visit(code, multi=True)) within rounding (0.01);
  - per function: MI equals radon's mi_compute over radon's own mi_parameters of the function's
    source (its lines def_line..end_line, its indentation removed), within 0.01, and LLOC equals
    that source's radon lloc.
Files radon cannot parse (Python 2 test data) are left out; so are the files snakepipe records
unparsed (generated or minified: no facts by design; named in the output), and files radon needs
more than --radon-seconds of CPU (default 20) for: its raw.py tokenizes a multi-line string again
at each of its lines, so pydoc_data/topics.py (15,000 lines of strings) takes hours. --limit takes
every Nth file (a quicker sample for the test suite); --show N prints the first N differences
(default 25). Exit 1 when a share is below --min (default 99; the file MI
share: --min-file-mi, default --min)."""
import argparse
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile

from radon.metrics import mi_compute, mi_parameters, mi_visit
from radon.raw import analyze

HERE = os.path.dirname(os.path.abspath(__file__))


def function_source(lines, first, last, col):
    """Lines first..last (1-based) with up to col leading blanks removed from each."""
    out = []
    for line in lines[first - 1:last]:
        k = 0
        while k < col and k < len(line) and line[k] in " \t":
            k += 1
        out.append(line[k:])
    return "".join(out)


class Slow(Exception):
    pass


def too_slow(signum, frame):
    raise Slow()


def share(agree, total):
    return 100.0 * agree / max(total, 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--snakepipe", default=None)
    ap.add_argument("--min", type=float, default=99.0)
    ap.add_argument("--min-file-mi", type=float, default=None,
                    help="threshold for the file MI share (default: --min)")
    ap.add_argument("--limit", type=int, default=1, help="take every Nth file")
    ap.add_argument("--radon-seconds", type=int, default=20)
    ap.add_argument("--show", type=int, default=25, help="differences printed")
    ap.add_argument("tree", nargs="?", default="/usr/lib/python3.11")
    a = ap.parse_args()
    sp = a.snakepipe or next(p for p in (os.path.join(HERE, "..", d, "snakepipe")
                                         for d in ("build-rel", "build", "build-san"))
                             if os.path.exists(p))
    tree = os.path.abspath(a.tree)
    with tempfile.TemporaryDirectory() as tmp:
        src = tree
        if a.limit > 1:
            # a sample: every Nth Python file, copied under its own relative path
            src = os.path.join(tmp, "src")
            paths = sorted(os.path.relpath(os.path.join(d, n), tree)
                           for d, _, names in os.walk(tree) for n in names if n.endswith(".py"))
            for rel in paths[::a.limit]:
                os.makedirs(os.path.join(src, os.path.dirname(rel)), exist_ok=True)
                with open(os.path.join(tree, rel), "rb") as fi, \
                        open(os.path.join(src, rel), "wb") as fo:
                    fo.write(fi.read())
        db = os.path.join(tmp, "sp.db")
        subprocess.run([sp, "index", src, "--db", db, "--quiet", "--language", "python"],
                       check=False)
        con = sqlite3.connect(db)
        files = con.execute(
            "SELECT f.path, fm.lloc, fm.mi FROM files f"
            " JOIN file_metrics fm USING (repository_id, blob_id)"
            " JOIN blobs b USING (repository_id, blob_id)"
            " WHERE b.language = 'python' AND NOT b.parse_error AND b.skip_reason IS NULL"
            " ORDER BY f.path").fetchall()
        unparsed = con.execute(
            "SELECT f.path, b.skip_reason FROM files f JOIN blobs b USING (repository_id, blob_id)"
            " WHERE b.language = 'python' AND b.skip_reason IS NOT NULL ORDER BY f.path").fetchall()
        funcs = con.execute(
            "SELECT f.path, fn.name, fn.def_line, fn.end_line, fn.start_col, m.lloc, m.mi"
            " FROM files f JOIN functions fn USING (repository_id, blob_id)"
            " JOIN function_metrics m USING (repository_id, blob_id, function_id)"
            " ORDER BY f.path, fn.function_id").fetchall()
    per_file = {}
    for r in funcs:
        per_file.setdefault(r[0], []).append(r)
    nfiles = lloc_ok = mi_ok = skipped = slow = 0
    signal.signal(signal.SIGVTALRM, too_slow)
    nfuncs = fmi_ok = flloc_ok = 0
    diffs = []
    for path, lloc, mi in files:
        try:
            with open(os.path.join(tree, path), encoding="utf-8") as fh:
                code = fh.read()
            signal.setitimer(signal.ITIMER_VIRTUAL, a.radon_seconds)  # CPU seconds
            want_mi = mi_visit(code, True)
            want_lloc = analyze(code).lloc
        except Slow:
            slow += 1
            print("  radon too slow, left out:", path)
            continue
        except Exception:  # radon's own failures: Python 2, bad encodings
            skipped += 1
            continue
        finally:
            signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        nfiles += 1
        lloc_ok += lloc == want_lloc
        mi_ok += abs(mi - want_mi) <= 0.01
        if lloc != want_lloc or abs(mi - want_mi) > 0.01:
            diffs.append((path, "file", lloc, want_lloc, round(mi, 2), round(want_mi, 2)))
        # lines as tree-sitter counts them (at \n only; splitlines also breaks at \f and \x1c...)
        lines = [line + "\n" for line in code.split("\n")]
        for _, name, first, last, col, flloc, fmi in per_file.get(path, []):
            fsrc = function_source(lines, first, last, col)
            try:
                params = mi_parameters(fsrc, True)
            except Exception:
                continue  # a function whose lines are no module alone (`def f(): x; y` ...)
            want = mi_compute(*params)
            nfuncs += 1
            fmi_ok += abs(fmi - want) <= 0.01
            flloc_ok += flloc == params[2]
            if abs(fmi - want) > 0.01 or flloc != params[2]:
                diffs.append((path, name, first, flloc, params[2], round(fmi, 2), round(want, 2)))
    for path, reason in unparsed:
        print(f"  recorded unparsed ({reason}), left out:", path)
    print(f"files compared: {nfiles} (radon could not parse {skipped},"
          f" took over {a.radon_seconds} s for {slow}; snakepipe recorded {len(unparsed)} unparsed)")
    print(f"file LLOC equal to radon raw's: {lloc_ok} ({share(lloc_ok, nfiles):.2f} %)")
    print(f"file MI equal to radon mi -s within 0.01: {mi_ok} ({share(mi_ok, nfiles):.2f} %)")
    print(f"functions compared: {nfuncs}; MI within 0.01: {fmi_ok} ({share(fmi_ok, nfuncs):.2f} %),"
          f" LLOC equal: {flloc_ok} ({share(flloc_ok, nfuncs):.2f} %)")
    for d in diffs[:a.show]:
        print("  differs:", *d)
    shares = [share(lloc_ok, nfiles), share(fmi_ok, nfuncs), share(flloc_ok, nfuncs)]
    file_mi_min = a.min if a.min_file_mi is None else a.min_file_mi
    ok = min(shares) >= a.min and share(mi_ok, nfiles) >= file_mi_min
    return 0 if nfiles and nfuncs and ok else 1


if __name__ == "__main__":
    sys.exit(main())
