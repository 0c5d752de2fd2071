#!/usr/bin/env python3
"""tests/load/test_history.py: history of a small git repository built here, and --rev. Each commit
becomes a snapshot (oldest first) parsing each distinct blob once; --rev equals indexing a checkout
of that commit, row for row; the history views answer the analysts' questions."""
import json
import shutil
import subprocess

from common import SqliteDB, check, engines, finish, run, tables, tmpdir, write

repo = tmpdir()


def git(*args):
    return subprocess.run(["git", "-C", repo, "-c", "user.name=t", "-c", "user.email=t@t", *args],
                          check=True, capture_output=True, text=True).stdout.strip()


git("init", "-q")
write(repo, "app/__init__.py", "")
write(repo, "app/core.py", "def run(x):\n    return x\n\nclass Engine:\n    def start(self):\n        pass\n")
write(repo, "app/util.py", "from . import core\n\ndef helper():\n    return core.run(1)\n")
git("add", ".")
git("commit", "-qm", "one")
write(repo, "app/core.py", "def run(x):\n    if x:\n        for i in x:\n            pass\n    return x\n\n"
      "class Engine:\n    def start(self):\n        pass\n")
git("commit", "-qam", "two: run grows")
git("mv", "app/util.py", "app/helpers.py")
write(repo, "app/new.py", "import requests\n")
git("add", ".")
git("commit", "-qm", "three: rename and add")
commits = git("rev-list", "--reverse", "HEAD").split()

for make in engines():
    db = make()
    d = db.dialect
    try:
        out = json.loads(run("history", repo, "--db", db.url, "--json", check_exit=0).stdout)
        snaps = out["snapshots"]
        check(out["commits"] == 3 and [s["commit"] for s in snaps] == commits,
              f"{d}: history indexes every commit, oldest first")
        check([s["parsed"] for s in snaps] == [3, 1, 1],
              f"{d}: each distinct blob is parsed once ({[s['parsed'] for s in snaps]})")
        rows = db.query("SELECT snapshot_id, commit_sha FROM snapshots ORDER BY snapshot_id")
        check([r[1] for r in rows] == commits, f"{d}: snapshots record their commits")
        growth = db.query("SELECT path, qualified_name, old_cyclomatic, new_cyclomatic FROM complexity_growth")
        check(growth == [], f"{d}: nothing grew between the last two snapshots")
        hist = db.query("SELECT snapshot_id, cyclomatic FROM function_history WHERE path = 'app/core.py' "
                        "AND qualified_name = 'run' ORDER BY snapshot_id")
        check([(int(a), int(b)) for a, b in hist] == [(1, 1), (2, 3), (3, 3)], f"{d}: a function's metric over time")
        changes = db.query("SELECT snapshot_id, path, change FROM file_changes ORDER BY snapshot_id, path")
        check([(int(a), b, c) for a, b, c in changes] ==
              [(2, "app/core.py", "changed"), (3, "app/helpers.py", "added"), (3, "app/new.py", "added"),
               (3, "app/util.py", "removed")], f"{d}: files added/removed/changed between snapshots")

        # complexity_growth looks at the last two snapshots: index commit two again on top
        run("index", repo, "--db", db.url, "--rev", commits[0], check_exit=0)
        run("index", repo, "--db", db.url, "--rev", commits[1], check_exit=0)
        growth = db.query("SELECT path, qualified_name, old_cyclomatic, new_cyclomatic FROM complexity_growth")
        check([(a, b, int(c), int(e)) for a, b, c, e in growth] == [("app/core.py", "run", 1, 3)],
              f"{d}: complexity_growth names the function that grew ({growth})")
    finally:
        db.drop()

# which commits: A..B, --last N, --since DATE
for args, want, what in (([f"{commits[0]}..{commits[2]}"], commits[1:], "A..B"),
                         (["--last", "2"], commits[1:], "--last 2"),
                         (["--since", "2000-01-01"], commits, "--since an old date"),
                         ([f"{commits[2]}..{commits[2]}"], [], "an empty range")):
    db = SqliteDB()
    try:
        out = json.loads(run("history", repo, *args, "--db", db.url, "--json", check_exit=0).stdout)
        check([x["commit"] for x in out["snapshots"]] == want, f"history {what} indexes exactly those commits")
    finally:
        db.drop()
r = run("history", repo, "--last", "1", "--since", "2000-01-01")
check(r.returncode == 2, "history takes one way of choosing commits")

# --rev equals indexing a checkout of that commit, row for row
checkout = tmpdir()
subprocess.run(f"git -C {repo} archive {commits[1]} | tar -x -C {checkout}", shell=True, check=True)
a, b = SqliteDB(), SqliteDB()
try:
    run("index", repo, "--db", a.url, "--rev", commits[1], check_exit=0)
    run("index", checkout, "--db", b.url, check_exit=0)
    for t in tables.without("snapshot_id"):
        check(sorted(a.query(f"SELECT * FROM {t}")) == sorted(b.query(f"SELECT * FROM {t}")),
              f"--rev equals a checkout: {t}")
    check(sorted(a.query("SELECT path, blob_id FROM files")) == sorted(b.query("SELECT path, blob_id FROM files")),
          "--rev equals a checkout: files")
    r = run("index", repo, "--db", a.url, "--rev", "no-such-commit")
    check(r.returncode == 2 and "no commit" in r.stderr, "--rev of an unknown commit is a usage error")
    r = run("index", checkout, "--db", a.url, "--rev", "HEAD")
    check(r.returncode == 2, "--rev outside a git repository is a usage error")
finally:
    a.drop()
    b.drop()
    shutil.rmtree(checkout, ignore_errors=True)
    shutil.rmtree(repo, ignore_errors=True)
finish()
