#!/usr/bin/python3
"""perf/pmccabe_check.py: C complexity against pmccabe: indexes a C tree with snakepipe into a
throwaway SQLite database, runs pmccabe on the same .c files and compares per function.

usage: perf/pmccabe_check.py TREE [--min PCT] [--show N] [--keep-db FILE [--reuse-db]]
                              [--ext .c ...] [--language LANG ...]
       perf/pmccabe_check.py "$(perf/corpora.sh --path c)"    # the kernel subset (kernel/ lib/ mm/)

  - SNAKEPIPE (env) is the binary, default build/snakepipe under the repository root.
  - Functions are matched by (file, line of the name, name): pmccabe's "file(N): name" column
    is the line of the name, which snakepipe stores as functions.name_line. When the name
    differs and snakepipe has exactly one function on that line (else: starting within
    pmccabe's lines of the function), they are matched by line (pmccabe names `__printf(2, 3) static void f(...)`
    "__printf" and `static __attribute__((unused))\nint f(...)` "__attribute__"); counted apart.
  - Every file pmccabe reads is compared, whatever language snakepipe decided for it (a `.h`
    is C or C++ by the evidence rule of schema/lang/c.md unless --language is given; pmccabe
    reads C++ too): the equal share is printed per decided language.
  - The compared figure is pmccabe's column 2, the traditional McCabe count (each `case` label
    counts), against function_metrics.cyclomatic.
  - Prints: functions pmccabe reports, matched, equal complexity, the percentage of pmccabe's
    functions with equal complexity, then the first N mismatches with the reason.
  - Exit 0 when that percentage is >= --min (default 98), 1 below it, 2 on a usage or tool error.
"""
import argparse
import collections
import os
import re
import sqlite3
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SNAKEPIPE = os.path.join(HERE, "..", "build", "snakepipe")
# modified, traditional, statements, first line, lines, "file(name line): name"
PMCCABE_LINE = re.compile(r"^(\d+)\t(\d+)\t(\d+)\t(\d+)\t(\d+)\t(.*)\((\d+)\): (.*)$")


def die(msg):
    sys.stderr.write(f"pmccabe_check: {msg}\n")
    sys.exit(2)


def source_files(tree, exts):
    out = []
    for root, dirs, files in os.walk(tree):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(tuple(exts)):
                out.append(os.path.relpath(os.path.join(root, name), tree))
    return out


def run_pmccabe(tree, files):
    """{(path, name_line, name): traditional complexity} and a count of pmccabe's diagnostics."""
    funcs, dup, errors = {}, 0, 0
    for i in range(0, len(files), 200):
        chunk = files[i:i + 200]
        try:
            p = subprocess.run(["pmccabe"] + chunk, cwd=tree, capture_output=True, text=True,
                               errors="replace")
        except FileNotFoundError:
            die("pmccabe not found (apt-get install pmccabe)")
        errors += sum(1 for ln in p.stderr.splitlines() if ln.strip())
        for ln in p.stdout.splitlines():
            m = PMCCABE_LINE.match(ln)
            if not m:
                continue
            key = (m.group(6), int(m.group(7)), m.group(8).strip())
            if key in funcs:
                dup += 1
            funcs[key] = (int(m.group(2)), int(m.group(4)), int(m.group(5)))
    return funcs, dup, errors


def run_snakepipe(tree, db, exts, langs, reuse):
    exe = os.environ.get("SNAKEPIPE", DEFAULT_SNAKEPIPE)
    if reuse:
        return read_db(db)
    cmd = [exe, "index", os.path.abspath(tree), "--db", db, "--quiet"]
    for lang in langs:
        cmd += ["--language", lang]
    for e in exts:
        cmd += ["--include", "*" + e]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True)
    except FileNotFoundError:
        die(f"{exe} not found (set SNAKEPIPE)")
    if p.returncode not in (0, 1):
        die(f"snakepipe exited {p.returncode}: {p.stderr.strip()[:500]}")
    return read_db(db)


def read_db(db):
    con = sqlite3.connect(db)
    rows = con.execute(
        "SELECT fi.path, fn.name_line, fn.name, m.cyclomatic, fn.def_line, b.parse_error, b.language"
        " FROM functions fn"
        " JOIN function_metrics m USING (repository_id, blob_id, function_id)"
        " JOIN files fi USING (repository_id, blob_id)"
        " JOIN blobs b USING (repository_id, blob_id)").fetchall()
    con.close()
    ours = collections.defaultdict(list)
    by_name = collections.defaultdict(list)
    by_line = collections.defaultdict(list)
    by_start = collections.defaultdict(list)
    langs = {}
    for path, line, name, cc, def_line, perr, lang in rows:
        langs[path] = lang
        ours[(path, line, name)].append((cc, def_line, perr))
        by_name[(path, name)].append(line)
        by_line[(path, line)].append((name, cc, perr))
        by_start[(path, def_line)].append((name, cc, perr))
    return ours, by_name, by_line, by_start, langs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("tree")
    ap.add_argument("--min", type=float, default=98.0, help="pass threshold, percent")
    ap.add_argument("--show", type=int, default=20, help="mismatches to print")
    ap.add_argument("--keep-db", help="write the snakepipe database here and keep it")
    ap.add_argument("--reuse-db", action="store_true",
                    help="with --keep-db: read that database as it is, do not index again")
    ap.add_argument("--ext", action="append", help="file suffix to compare (default .c)")
    ap.add_argument("--language", action="append", default=[],
                    help="passed to snakepipe index (default: none, each .h decided by evidence)")
    a = ap.parse_args()
    exts = a.ext or [".c"]
    if not os.path.isdir(a.tree):
        die(f"{a.tree}: not a directory")
    files = source_files(a.tree, exts)
    if not files:
        die(f"no {' '.join(exts)} files under {a.tree}")
    with tempfile.TemporaryDirectory(prefix="pmccabe_check.") as tmp:
        db = a.keep_db or os.path.join(tmp, "sp.db")
        if a.keep_db and os.path.exists(db) and not a.reuse_db:
            os.unlink(db)
        ours, by_name, by_line, by_start, langs = run_snakepipe(a.tree, db, exts, a.language,
                                                                a.reuse_db and a.keep_db)
    theirs, dup, perr = run_pmccabe(a.tree, files)

    matched = equal = renamed = 0
    mismatches = []
    reasons = collections.Counter()
    per_lang = collections.defaultdict(lambda: [0, 0])  # language: [pmccabe functions, equal]
    for key in sorted(theirs):
        cc, first, nlines = theirs[key]
        path, line, name = key
        lang = langs.get(path, "none")
        per_lang[lang][0] += 1
        mine = ours.get(key)
        same_line = by_line.get((path, line), [])
        if not mine and len(same_line) != 1:
            # `static __attribute__((unused))\nint f(...)` or `SEC("x")\nint BPF_PROG(f, ...)`:
            # pmccabe names the function after the macro on its first line; the one function
            # snakepipe starts within pmccabe's lines is the same function
            same_line = [f for ln in range(first, first + max(nlines, 1))
                         for f in by_start.get((path, ln), [])]
        if not mine and len(same_line) == 1:
            # pmccabe names `__printf(2, 3) static void f(...)` after the attribute macro:
            # the one function snakepipe has on that line is the same function
            their_name, mine = name, [(same_line[0][1], None, same_line[0][2])]
            name = f"{their_name} (snakepipe: {same_line[0][0]})"
            renamed += 1
        if not mine:
            other = by_name.get((path, name))
            why = (f"not found (snakepipe has {name} at line {', '.join(map(str, other))})"
                   if other else "not found")
            reasons["not found"] += 1
            mismatches.append(f"{path}:{line} {name}: {why}")
            continue
        matched += 1
        if any(m[0] == cc for m in mine):
            equal += 1
            per_lang[lang][1] += 1
            continue
        got = mine[0][0]
        kind = "higher" if got > cc else "lower"
        reasons[f"complexity {kind}"] += 1
        flag = " (file has a parse error)" if mine[0][2] else ""
        mismatches.append(f"{path}:{line} {name}: complexity snakepipe {got}, pmccabe {cc}{flag}")

    total = len(theirs)
    pct = 100.0 * equal / total if total else 0.0
    print(f"files:                    {len(files)}")
    print(f"pmccabe functions:        {total}")
    print(f"matched (file,line,name): {matched} ({100.0 * matched / total if total else 0:.2f} %)")
    print(f"equal traditional McCabe: {equal} ({pct:.2f} % of pmccabe's functions, "
          f"{100.0 * equal / matched if matched else 0:.2f} % of matched)")
    print(f"  of them by line alone:  {renamed} (pmccabe took another name, e.g. a macro)")
    print(f"snakepipe functions:      {sum(len(v) for v in ours.values())}")
    print(f"pmccabe diagnostics:      {perr} lines on stderr, {dup} duplicate keys")
    for lang, (n, eq) in sorted(per_lang.items()):
        print(f"  files read as {lang}: {eq} of {n} equal ({100.0 * eq / n if n else 0:.2f} %)")
    for r, n in reasons.most_common():
        print(f"  {r}: {n}")
    if mismatches and a.show:
        print(f"first {min(a.show, len(mismatches))} of {len(mismatches)} mismatches:")
        for m in mismatches[:a.show]:
            print("  " + m)
    verdict = "ok" if pct >= a.min else "BELOW"
    print(f"{verdict}: {pct:.2f} % equal, threshold {a.min:.2f} %")
    return 0 if pct >= a.min else 1


if __name__ == "__main__":
    sys.exit(main())
