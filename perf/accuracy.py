#!/usr/bin/python3
"""perf/accuracy.py: checks snakepipe's Python facts against the reference tools.

Indexes ROOT (default /usr/lib/python3.11) into a fresh SQLite file, then compares per file:
  - functions and classes with Python's ast (FunctionDef + AsyncFunctionDef, ClassDef), by def line,
    and their end lines with ast's end_lineno (the last line of the last statement);
  - cyclomatic complexity with mccabe 0.7 (python3-mccabe, the number flake8's C901 reports),
    matched by file and def line, over every function mccabe reports;
  - code/comment/blank lines with `cloc --by-file`.
Prints a table and exits 1 when a target is missed (counts and end lines equal, mccabe >= 99.5 %,
cloc >= 99 %).

usage: perf/accuracy.py [--snakepipe build/snakepipe] [--db FILE] [--show N] [ROOT]
"""
import ast
import csv
import io
import os
import subprocess
import sys
import tempfile

import mccabe

import pyindex


def ast_defs(tree):
    """(function def lines, class def lines, {(kind, def line): end_lineno})"""
    funcs, classes, ends = set(), set(), {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            funcs.add(node.lineno)
            ends[("function", node.lineno)] = node.end_lineno
        elif isinstance(node, ast.ClassDef):
            classes.add(node.lineno)
            ends[("class", node.lineno)] = node.end_lineno
    return funcs, classes, ends


def mccabe_graphs(tree):
    """(def line -> complexity) for the functions mccabe reports (not its module-level If/Loop)."""
    visitor = mccabe.PathGraphingAstVisitor()
    visitor.preorder(tree, visitor)
    def_lines = {n.lineno for n in ast.walk(tree)
                 if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    return {g.lineno: g.complexity() for g in visitor.graphs.values() if g.lineno in def_lines
            and not g.entity.startswith(("If ", "Loop ", "TryExcept ", "With "))}


def cloc_counts(root, paths):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as lst:
        lst.write("\n".join(os.path.join(root, p) for p in paths) + "\n")
    try:
        out = subprocess.run(["cloc", "--by-file", "--csv", "--quiet", "--skip-uniqueness",
                              "--force-lang=Python", "--list-file", lst.name],
                             capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(lst.name)
    counts = {}
    for row in csv.reader(io.StringIO(out)):
        if len(row) >= 5 and row[0] == "Python":
            counts[os.path.relpath(row[1], root)] = (int(row[2]), int(row[3]), int(row[4]))
    return counts


def pct(a, b):
    return 100.0 * a / b if b else 100.0


def main():
    ap = pyindex.arguments(__doc__, "mismatches to list per check")
    a = ap.parse_args()

    con, tmp = pyindex.index(a, "accuracy.db")
    files = pyindex.python_files(con)  # a skipped file has no definitions to compare
    not_parsed = con.execute("SELECT count(*) FROM current_files WHERE language = 'python'"
                             " AND skip_reason IS NOT NULL").fetchone()[0]
    ours_f, ours_c, ours_cc, ours_lines, ours_end = {}, {}, {}, {}, {}
    for path, blob in files.items():
        fn = con.execute("SELECT def_line, end_line FROM functions WHERE blob_id = ?", (blob,)).fetchall()
        cl = con.execute("SELECT def_line, end_line FROM classes WHERE blob_id = ?", (blob,)).fetchall()
        ours_f[path] = {r[0] for r in fn}
        ours_c[path] = {r[0] for r in cl}
        ours_end[path] = {**{("function", d): e for d, e in fn}, **{("class", d): e for d, e in cl}}
        ours_cc[path] = dict(con.execute(
            "SELECT f.def_line, m.cyclomatic FROM functions f JOIN function_metrics m "
            "USING (repository_id, blob_id, function_id) WHERE f.blob_id = ?", (blob,)))
        ours_lines[path] = con.execute(
            "SELECT blank_lines, comment_lines, code_lines FROM blobs WHERE blob_id = ?",
            (blob,)).fetchone()

    n_func = n_class = our_func = our_class = 0
    func_miss, class_miss, cc_miss, end_miss = [], [], [], []
    cc_total = cc_equal = end_total = end_equal = 0
    parsed = 0
    for path in sorted(files):
        tree = pyindex.parse(a.root, path)
        if tree is None:
            continue
        parsed += 1
        funcs, classes, ends = ast_defs(tree)
        for key, end in sorted(ends.items()):
            end_total += 1
            got = ours_end[path].get(key)
            if got == end:
                end_equal += 1
            else:
                end_miss.append((path, *key, end, got))
        n_func += len(funcs)
        n_class += len(classes)
        our_func += len(ours_f[path])
        our_class += len(ours_c[path])
        if funcs != ours_f[path]:
            func_miss.append((path, sorted(funcs ^ ours_f[path])))
        if classes != ours_c[path]:
            class_miss.append((path, sorted(classes ^ ours_c[path])))
        for line, cc in mccabe_graphs(tree).items():
            cc_total += 1
            got = ours_cc[path].get(line)
            if got == cc:
                cc_equal += 1
            else:
                cc_miss.append((path, line, cc, got))

    ref_lines = cloc_counts(a.root, sorted(files))
    lines_equal = sum(1 for p, c in ref_lines.items() if ours_lines.get(p) == c)
    line_miss = [(p, c, ours_lines.get(p)) for p, c in sorted(ref_lines.items()) if ours_lines.get(p) != c]

    checks = [
        ("functions (ast FunctionDef+AsyncFunctionDef)", n_func, our_func, our_func == n_func and not func_miss),
        ("classes (ast ClassDef)", n_class, our_class, our_class == n_class and not class_miss),
        ("end line = ast end_lineno, definitions", end_total, end_equal, end_equal == end_total),
        ("complexity = mccabe, functions", cc_total, cc_equal, pct(cc_equal, cc_total) >= 99.5),
        ("lines = cloc --by-file, files", len(ref_lines), lines_equal, pct(lines_equal, len(ref_lines)) >= 99.0),
    ]
    print(f"accuracy on {a.root}: {len(files)} Python files parsed ({not_parsed} more recorded"
          f" unparsed: generated), {parsed} accepted by ast")
    print(f"{'check':46} {'reference':>9} {'snakepipe':>9} {'agree':>8}  result")
    for name, ref, ours, ok in checks:
        agree = pct(min(ref, ours), max(ref, ours)) if "=" not in name else pct(ours, ref)
        print(f"{name:46} {ref:9d} {ours:9d} {agree:7.2f}%  {'ok' if ok else 'FAIL'}")
    for title, rows in (("function def lines differing", func_miss), ("class def lines differing", class_miss),
                        ("end lines differing (path, kind, def line, ast, snakepipe)", end_miss),
                        ("complexity differing (path, def line, mccabe, snakepipe)", cc_miss),
                        ("line counts differing (path, cloc blank/comment/code, snakepipe)", line_miss)):
        if rows:
            print(f"\n{title}: {len(rows)}")
            for r in rows[:a.show]:
                print("  ", *r)
    sys.exit(0 if all(ok for *_, ok in checks) else 1)


main()
