#!/usr/bin/python3
"""perf/cognitive_compare.py: compares snakepipe's function_metrics.cognitive with the figures
eslint-plugin-sonarjs reported (eslint -f json, rule threshold 0), function by function.

usage: perf/cognitive_compare.py ESLINT_JSON SNAKEPIPE_DB CORPUS_ROOT

A snakepipe function is matched with the report at its name's line (several functions on one line:
the report nearest its name's column at or after its start); a function without a report has 0, as
the rule reports every function above 0. Reports on functions snakepipe keeps no row for (anonymous
callbacks) are counted apart. sonarjs 4 counts no recursion: a function's +1 for calling itself
(extract/cognitive.c's rule, read back from its call sites: a call of its name without receiver
when its parent is no class, through `this` when its parent is a class) is taken off before
comparing. Exit 1
when fewer than 99 % of the functions agree."""
import collections
import json
import os
import re
import sqlite3
import sys

MSG = re.compile(r"Cognitive Complexity from (\d+) to")


def main():
    report, db, root = sys.argv[1:4]
    by_line = collections.defaultdict(list)  # (path, line) -> [(column, value)]
    parse_errors = set()
    for f in json.load(open(report)):
        path = os.path.relpath(f["filePath"], root)
        for m in f["messages"]:
            if m.get("fatal"):
                parse_errors.add(path)
                continue
            g = MSG.search(m.get("message", ""))
            if g and m.get("ruleId") == "sonarjs/cognitive-complexity":
                by_line[(path, m["line"])].append((m["column"] - 1, int(g.group(1))))
    con = sqlite3.connect(db)
    rows = con.execute(
        "SELECT f.path, fn.qualified_name, fn.name_line, fn.start_line, fn.start_col,"
        " m.cognitive - CASE WHEN EXISTS (SELECT 1 FROM calls c WHERE c.repository_id ="
        " fn.repository_id AND c.blob_id = fn.blob_id AND c.function_id = fn.function_id"
        " AND c.name = fn.name AND ((coalesce(c.receiver, '') = '') <> EXISTS (SELECT 1 FROM"
        " classes k WHERE k.repository_id = fn.repository_id AND k.blob_id = fn.blob_id"
        " AND k.qualified_name || '.' || fn.name = fn.qualified_name))"
        " AND (c.receiver IS NULL OR c.receiver IN ('', 'this'))) THEN 1 ELSE 0 END"
        " FROM files f JOIN functions fn USING (repository_id, blob_id)"
        " JOIN function_metrics m USING (repository_id, blob_id, function_id)"
        " ORDER BY f.path, fn.start_line, fn.start_col").fetchall()
    used = set()
    total = agree = 0
    per_ext = collections.Counter()
    per_ext_ok = collections.Counter()
    diffs = []
    for path, qname, name_line, start_line, start_col, value in rows:
        if path in parse_errors:
            continue
        cands = by_line.get((path, name_line), [])
        if not cands and start_line != name_line:
            cands = by_line.get((path, start_line), [])
        want = 0
        if cands:
            col, want = min(cands, key=lambda c: (c[0] < start_col if start_line == name_line else 0,
                                                 abs(c[0] - start_col)))
            used.add((path, name_line, col))
        ext = os.path.splitext(path)[1]
        total += 1
        per_ext[ext] += 1
        if want == value:
            agree += 1
            per_ext_ok[ext] += 1
        else:
            diffs.append((path, name_line, qname, value, want))
    reports = sum(len(v) for v in by_line.values())
    print(f"functions compared: {total}; equal: {agree} ({100.0 * agree / max(total, 1):.2f} %)")
    for ext in sorted(per_ext):
        print(f"  {ext}: {per_ext_ok[ext]}/{per_ext[ext]}"
              f" ({100.0 * per_ext_ok[ext] / per_ext[ext]:.2f} %)")
    print(f"eslint reports: {reports} ({reports - len(used)} on functions without a snakepipe row:"
          " anonymous callbacks);")
    print(f"files eslint could not parse: {len(parse_errors)}")
    for d in diffs[:40]:
        print("  differs: %s:%s %s snakepipe %s sonarjs %s" % d)
    return 0 if total and agree * 100 >= 99 * total else 1


if __name__ == "__main__":
    sys.exit(main())
