#!/usr/bin/python3
"""perf/calls_accuracy.py: checks snakepipe's Python call sites against Python's ast (issue 12).

Indexes ROOT (default /usr/lib/python3.11) into a fresh SQLite file, then compares per function
and per file: the calls snakepipe attributes to a function (calls.function_id) with the ast.Call
nodes inside that FunctionDef/AsyncFunctionDef and in no function nested in it, and the file-level
calls (function_id NULL) with the ast.Call nodes in no function. A node is inside a def when its
start lies in the def's span as ast gives it (from `def`, decorators excluded: a decorator's call
is its enclosing scope's, a default value's or annotation's the function's own). Calls are
compared as sets of (line, col) of their start, so a miss names the call.
Prints the agreement and exits 1 unless every function and every file agrees (or below --min %).

usage: perf/calls_accuracy.py [--snakepipe build/snakepipe] [--db FILE] [--show N] [--min PCT] [ROOT]
"""
import ast
import sys

import pyindex


def ast_calls(tree):
    """{def line or None: set of (line, col)} of the ast.Call nodes per innermost function."""
    spans = []  # (start, end, def line) of every function, outermost first in walk order
    for n in ast.walk(tree):
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
            spans.append(((n.lineno, n.col_offset), (n.end_lineno, n.end_col_offset), n.lineno))
    out = {}
    for n in ast.walk(tree):
        if not isinstance(n, ast.Call):
            continue
        pos = (n.lineno, n.col_offset)
        best = None
        for s, e, line in spans:
            if s <= pos < e and (best is None or s >= best[0]):
                best = (s, e, line)
        out.setdefault(best[2] if best else None, set()).add(pos)
    return out


def main():
    ap = pyindex.arguments(__doc__, "mismatches to list")
    ap.add_argument("--min", type=float, default=100.0, help="agreement (%%) required, functions and files")
    a = ap.parse_args()

    con, tmp = pyindex.index(a, "calls.db", "--language", "python")
    files = pyindex.python_files(con)
    scopes = units = agree = calls_ref = calls_ours = 0
    misses = []
    for path in sorted(files):
        tree = pyindex.parse(a.root, path)
        if tree is None:
            continue
        ref = ast_calls(tree)
        ours = {}
        for def_line, line, col in con.execute(
                "SELECT f.def_line, c.line, c.col FROM calls c LEFT JOIN functions f"
                " ON f.repository_id = c.repository_id AND f.blob_id = c.blob_id"
                " AND f.function_id = c.function_id WHERE c.blob_id = ?", (files[path],)):
            ours.setdefault(def_line, set()).add((line, col))
        def_lines = {r[0] for r in con.execute(
            "SELECT def_line FROM functions WHERE blob_id = ?", (files[path],))}
        for key in sorted(set(ref) | set(ours) | def_lines, key=lambda k: (k is not None, k or 0)):
            units += 1
            r, o = ref.get(key, set()), ours.get(key, set())
            calls_ref += len(r)
            calls_ours += len(o)
            if r == o:
                agree += 1
            else:
                misses.append((path, key or "file level", sorted(r - o)[:3], sorted(o - r)[:3]))
        scopes += 1
    share = 100.0 * agree / units if units else 100.0
    print(f"calls on {a.root}: {scopes} Python files accepted by ast")
    print(f"{'check':44} {'reference':>9} {'snakepipe':>9} {'agree':>8}  result")
    ok = share >= a.min
    print(f"{'call sites (ast.Call), total':44} {calls_ref:9d} {calls_ours:9d}"
          f" {100.0 * min(calls_ref, calls_ours) / max(calls_ref, calls_ours, 1):7.2f}%")
    print(f"{'functions + file levels, same call sites':44} {units:9d} {agree:9d} {share:7.2f}%"
          f"  {'ok' if ok else 'FAIL'}")
    if misses:
        print(f"\ndiffering (path, def line, only in ast, only in snakepipe): {len(misses)}")
        for m in misses[:a.show]:
            print("  ", *m)
    sys.exit(0 if ok else 1)


main()
