#!/usr/bin/env python3
"""perf/calls_incremental.py: a re-index after edits resolves calls exactly as a cold index of the
same tree (migration 0022: only the paths a changed file can reach are resolved again).

For each corpus of perf/corpora.sh (or the directories given), a copy is indexed cold into SQLite,
then edited ROUNDS times (default 4) and re-indexed after each edit; every round changes EDITS
files (default 2, chosen by a seeded random generator): a function's name renamed where it is
defined (its callers elsewhere lose it), or a line inserted at the top (its functions move). After
each round current_calls (path, call, resolution, target path, target content, function, module,
reason) must equal that of a cold index of the same tree, and the run's calls_resolved event says
how many paths were resolved and kept.

  perf/calls_incremental.py [DIR…]   SNAKEPIPE=… (default build-rel/snakepipe), SEED, ROUNDS, EDITS
Exit status 1 when any round differs."""
import hashlib
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile

SRC = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("SNAKEPIPE", os.path.join(SRC, "build-rel", "snakepipe"))
CORPORA = os.environ.get("CORPORA_DIR", "/tmp/snakepipe-corpora")
EXT = {".c", ".h", ".cc", ".cpp", ".hpp", ".go", ".java", ".js", ".mjs", ".py", ".rb", ".rs", ".ts", ".tsx"}
DEF = re.compile(r"\b(def|func|function|fn|void|int|static|public|private)\s+([A-Za-z_][A-Za-z0-9_]{3,})\s*\(")
QUERY = """SELECT c.path, c.call_id, c.resolution, coalesce(c.target_path, ''),
       coalesce(c.target_function_id, -1), coalesce(c.module, ''), coalesce(c.reason, ''),
       coalesce(b.content_hash, '')
FROM current_calls c LEFT JOIN blobs b ON b.repository_id = c.repository_id
                                      AND b.blob_id = c.target_blob_id
ORDER BY c.path, c.call_id"""


def index(tree, db):
    p = subprocess.run([BIN, "index", tree, "--db", db, "--quiet", "--log-format", "json"],
                       capture_output=True, text=True)
    if p.returncode:
        sys.exit(f"calls_incremental: snakepipe index {tree}: exit {p.returncode}\n{p.stderr}")
    for line in p.stderr.splitlines():
        if line.startswith("{") and json.loads(line).get("event") == "calls_resolved":
            e = json.loads(line)
            return e.get("files_resolved"), e.get("files_kept")
    return None, None


def digest(db):
    h, n = hashlib.sha256(), 0
    for row in sqlite3.connect(db).execute(QUERY):
        h.update(repr(row).encode())
        n += 1
    return h.hexdigest(), n


def sources(tree):
    out = []
    for d, _, names in os.walk(tree):
        out += [os.path.join(d, n) for n in names if os.path.splitext(n)[1] in EXT]
    return sorted(out)


def edit(path, rnd):
    try:
        text = open(path, encoding="utf-8").read()
    except (UnicodeDecodeError, OSError):
        return None
    defs = list(DEF.finditer(text))
    if defs and rnd.random() < 0.6:
        m = rnd.choice(defs)
        text = text[:m.start(2)] + m.group(2) + "_x" + text[m.end(2):]
        what = f"renamed {m.group(2)}"
    else:
        text = ("#\n" if path.endswith((".py", ".rb")) else "//\n") + text
        what = "line inserted"
    open(path, "w", encoding="utf-8").write(text)
    return what


def main():
    dirs = sys.argv[1:] or [os.path.join(CORPORA, c) for c in
                            ("c", "cpp", "go", "java", "javascript", "python", "ruby", "rust", "typescript")]
    rnd = random.Random(int(os.environ.get("SEED", "11")))
    rounds, edits = int(os.environ.get("ROUNDS", "4")), int(os.environ.get("EDITS", "2"))
    bad = 0
    print("| corpus | round | edits | paths resolved / kept | calls | incremental = cold |")
    print("|:---|---:|:---|---:|---:|:---|")
    for corpus in dirs:
        if not os.path.isdir(corpus):
            continue
        work = tempfile.mkdtemp(prefix="sp-calls-inc.")
        try:
            tree = os.path.join(work, "tree")
            shutil.copytree(corpus, tree, symlinks=False, ignore_dangling_symlinks=True)
            files = sources(tree)
            db = os.path.join(work, "inc.db")
            index(tree, db)
            for r in range(1, rounds + 1):
                done = [w for w in (edit(p, rnd) for p in rnd.sample(files, min(edits, len(files)))) if w]
                resolved, kept = index(tree, db)
                cold = os.path.join(work, f"cold{r}.db")
                index(tree, cold)
                (a, n), (b, _) = digest(db), digest(cold)
                bad += a != b
                print(f"| {os.path.basename(corpus)} | {r} | {'; '.join(done)} | {resolved} / {kept} | {n} | "
                      f"{'yes' if a == b else '**NO**'} |", flush=True)
                os.remove(cold)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if bad else 0


sys.exit(main())
