#!/usr/bin/env python3
"""tests/load/test_pipeline.py: the pipelined index (workers read, hash and extract batch n+1
while batch n loads) writes the same rows whatever --jobs and --batch-size, in SQLite and in
PostgreSQL, from a work tree and from git (--rev, one reader); progress is per file, on its own
line every interval on a non-terminal, and --progress auto|always|never chooses."""
import json
import os
import re
import shutil

from common import (TABLES, check, dump, engines, finish, fixture_tree, git_commit_all, run, tables,
                    tmpdir, write)

root = fixture_tree()
# the same contents again, further down the file order: with small batches they are new in one
# batch and reused in a later one, possibly while the first is still being loaded
for name in sorted(os.listdir(os.path.join(root, "email")))[:6]:
    with open(os.path.join(root, "email", name), "rb") as f:
        write(root, "zz_copies/" + name, f.read())
write(root, "zz_copies/other.go", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(1) }\n")
write(root, "zz_copies/other.c", "#include <stdio.h>\nint main(void) { return 0; }\n")

RUNS = [("1", "256"), ("2", "7"), ("8", "7"), ("8", "1"), ("2", "100000"), ("2", "48")]
try:
    for make in engines():
        ref = None
        for jobs, batch in RUNS:
            db = make()
            try:
                run("index", root, "--db", db.url, "--jobs", jobs, "--batch-size", batch, "--quiet",
                    check_exit=0)
                d = {t: dump(db, t) for t in TABLES}
            finally:
                db.drop()
            if ref is None:
                ref = d
                check(len(d["functions"]) > 100 and len(d["files"]) > 40,
                      f"{make.dialect}: the reference run has real volume")
                continue
            for t in TABLES:
                check(d[t] == ref[t], f"{make.dialect}: --jobs {jobs} --batch-size {batch} gives the rows "
                      f"of --jobs 1 --batch-size 256 in {t}")

    # --rev reads through one git cat-file, in file order: same facts, any --jobs
    git_commit_all(root)
    ref = None
    for jobs, batch in (("1", "256"), ("8", "3")):
        db = engines()[0]()
        try:
            run("index", root, "--rev", "HEAD", "--db", db.url, "--jobs", jobs, "--batch-size", batch,
                "--quiet", check_exit=0)
            d = {t: dump(db, t) for t in TABLES}
        finally:
            db.drop()
        if ref is None:
            ref = d
        else:
            for t in TABLES:
                check(d[t] == ref[t], f"--rev HEAD --jobs {jobs} --batch-size {batch}: same rows in {t}")

    # the batches ramp up and shrink at the end, so that the first batch's extraction and the last
    # one's write, which overlap with nothing, are short (cli/index_batch.c): 300 files of the same
    # shape at --batch-size 256 go as 32, 64, 102, 51, 32, 19 files (256, 44 before)
    flat = tmpdir()
    for i in range(300):
        write(flat, f"m{i:03d}.py", f"def f{i}(x):\n    return x + {i}\n")
    db = engines()[0]()
    try:
        p = run("index", flat, "--db", db.url, "--jobs", "2", "--batch-size", "256", "--quiet",
                "--log-format", "json", check_exit=0)
        rows = [json.loads(ln)["rows"] for ln in p.stderr.splitlines()
                if ln.startswith("{") and json.loads(ln).get("event") == "batch_committed"]
        per_file = sum(rows) // 300
        check(per_file > 0 and [n / per_file for n in rows] == [32, 64, 102, 51, 32, 19],
              f"300 files at --batch-size 256: batches of 32, 64, 102, 51, 32, 19 files "
              f"({[n / per_file for n in rows] if per_file else rows})")
    finally:
        db.drop()
        shutil.rmtree(flat, ignore_errors=True)

    # progress: a line per interval on a non-terminal, counted per file (one batch of every file
    # still shows counts between 0 and all of them)
    fast = {"SNAKEPIPE_PROGRESS_SECONDS": "0.005"}
    db = engines()[0]()
    try:
        p = run("index", root, "--db", db.url, "--jobs", "1", "--batch-size", "100000", env=fast, check_exit=0)
        lines = [ln for ln in p.stderr.split("\n") if ln.startswith("indexing:")]
        pat = re.compile(r"^indexing: (\d+)/(\d+) files, (\d+) rows, \d+ files/s, [\d.]+ s$")
        parsed = [pat.match(ln) for ln in lines]
        check(lines and all(parsed), f"non-terminal: plain progress lines with files, rows, rate ({lines[:3]})")
        check("\r" not in p.stderr, "non-terminal: no carriage returns")
        done = [int(m.group(1)) for m in parsed if m]
        total = int(parsed[-1].group(2)) if parsed and parsed[-1] else -1
        check(done == sorted(done) and done and done[-1] == total,
              f"files only grow, up to all of them ({done[:5]}…{done[-1:]} of {total})")
        check(any(0 < n < total for n in done),
              f"progress counts files inside a batch, not whole batches ({sorted(set(done))[:8]})")
        rows = [int(m.group(3)) for m in parsed if m]
        check(rows[-1] > 0, f"the last line counts the rows written ({rows[-1]})")

        p = run("index", root, "--db", db.url, "--progress", "never", env=fast, check_exit=0)
        check("indexing:" not in p.stderr, "--progress never: none")
        p = run("index", root, "--db", db.url, "--quiet", env=fast, check_exit=0)
        check("indexing:" not in p.stderr and p.stdout == "", "--quiet: none")
        db2 = engines()[0]()
        try:
            p = run("index", root, "--db", db2.url, "--quiet", "--progress", "always", env=fast, check_exit=0)
        finally:
            db2.drop()
        check("indexing:" in p.stderr and p.stdout == "", "--quiet --progress always: progress, no summary")
        p = run("index", root, "--db", db.url, "--jobs", "2", check_exit=0)
        check("indexing:" not in p.stderr,
              "non-terminal, a run shorter than the 10 s interval: no progress line at all")
        p = run("index", root, "--db", db.url, "--progress", "sometimes")
        check(p.returncode == 2 and "--progress sometimes" in p.stderr,
              f"--progress sometimes: usage error ({p.returncode}: {p.stderr.strip()})")
    finally:
        db.drop()
finally:
    shutil.rmtree(root, ignore_errors=True)
finish()
