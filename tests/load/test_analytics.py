#!/usr/bin/env python3
"""tests/load/test_analytics.py: what analysts ask of history, on a repository with a merge built
here: `history` walks the first-parent main line (every parent with --all-parents), each snapshot
is compared with its first parent's, commits keep their metadata and dates, file_churn the lines
each commit added and removed, and the churn, hot spot and author views answer; on both engines."""
import json
import os
import subprocess

from common import PgDB, check, engines, finish, pg_half, run, tmpdir, write

repo = tmpdir()
clock = [1700000000]


def git(*args, who=("Ann", "ann@example.org")):
    clock[0] += 86400  # one commit a day, so dates order commits
    env = dict(os.environ, GIT_AUTHOR_DATE=f"@{clock[0]} +0200", GIT_COMMITTER_DATE=f"@{clock[0]} +0200")
    return subprocess.run(["git", "-C", repo, "-c", f"user.name={who[0]}", "-c", f"user.email={who[1]}", *args],
                          check=True, capture_output=True, text=True, env=env).stdout.strip()


BOB = ("Bob", "bob@example.org")
git("init", "-q", "-b", "main")
write(repo, "app.py", "def run(x):\n    return x\n")
git("add", ".")
git("commit", "-qm", "one")
git("checkout", "-qb", "feature")
for i in range(3):
    write(repo, f"feat{i}.py", f"def g{i}(x):\n    if x:\n        return 1\n    return 2\n")
    git("add", ".")
    git("commit", "-qm", f"feature {i}", who=BOB)
git("checkout", "-q", "main")
write(repo, "app.py", "def run(x):\n    if x:\n        return x\n    return 0\n")
git("commit", "-qam", "two: run grows")
git("merge", "-q", "--no-ff", "feature", "-m", "merge feature")
write(repo, "app.py", "def run(x):\n    if x:\n        return x\n    return 1\n")
git("commit", "-qam", "fix typo")
main_line = git("rev-list", "--first-parent", "--reverse", "HEAD").split()
every = git("rev-list", "--reverse", "HEAD").split()
assert len(main_line) == 4 and len(every) == 7

for make in engines():
    db = make()
    d = db.dialect
    try:
        out = json.loads(run("history", repo, "--db", db.url, "--json", check_exit=0).stdout)
        check([s["commit"] for s in out["snapshots"]] == main_line,
              f"{d}: history walks the first-parent main line ({len(out['snapshots'])} commits)")
        pairs = db.query("SELECT s.commit_sha, p.commit_sha FROM snapshot_pairs s "
                         "LEFT JOIN snapshots p ON p.repository_id = s.repository_id "
                         "AND p.snapshot_id = s.previous_snapshot_id ORDER BY s.committed_at")
        check(pairs == [(main_line[0], None)] + list(zip(main_line[1:], main_line[:-1])),
              f"{d}: each snapshot is compared with its first parent's")
        growth = db.query("SELECT path, qualified_name FROM complexity_growth")
        check(growth == [], f"{d}: a 'fix typo' after a merge grows nothing ({growth})")
        changes = db.query("SELECT path, change FROM file_changes WHERE snapshot_id = "
                           "(SELECT max(snapshot_id) FROM snapshots)")
        check(changes == [("app.py", "changed")], f"{d}: the last commit changed one file ({changes})")
        meta = db.query("SELECT commit_sha, parent_shas, first_parent_sha, author_name, author_email, "
                        "committer_email, subject FROM commits WHERE subject = 'merge feature'")
        merge = main_line[2]
        parents = git("log", "-1", "--format=%P", merge)
        check(meta == [(merge, parents, parents.split()[0], "Ann", "ann@example.org", "ann@example.org",
                        "merge feature")], f"{d}: commits keeps a merge's parents and people ({meta})")
        dates = db.query("SELECT committed_at FROM snapshot_pairs ORDER BY committed_at")
        first = str(dates[0][0]).replace(" ", "T")
        check(first.startswith("2023-11-17T22:13:20") and len(dates) == 4,
              f"{d}: snapshots carry their commit's date, UTC ({first})")
        churn = db.query("SELECT c.subject, ch.path, ch.lines_added, ch.lines_removed FROM file_churn ch "
                         "JOIN commits c USING (repository_id, commit_sha) ORDER BY c.committed_at, ch.path")
        check([(a, b, int(x), int(y)) for a, b, x, y in churn] ==
              [("one", "app.py", 2, 0), ("two: run grows", "app.py", 3, 1),
               ("merge feature", "feat0.py", 4, 0), ("merge feature", "feat1.py", 4, 0),
               ("merge feature", "feat2.py", 4, 0), ("fix typo", "app.py", 1, 1)],
              f"{d}: churn per file per commit against the first parent ({churn})")
        window = db.query("SELECT path, sum(lines_added + lines_removed) FROM commit_churn "
                          "WHERE committed_at >= '2023-11-18' GROUP BY path ORDER BY path")
        check([(a, int(b)) for a, b in window] == [("app.py", 6), ("feat0.py", 4), ("feat1.py", 4), ("feat2.py", 4)],
              f"{d}: churn over a date window ({window})")
        hot = db.query("SELECT path, commits, churn, complexity_sum, score FROM hot_spots ORDER BY score DESC, path")
        check([tuple(int(v) if i else v for i, v in enumerate(h)) for h in hot][0] == ("app.py", 3, 8, 2, 16),
              f"{d}: hot spots rank churn x complexity ({hot})")
        authors = db.query("SELECT path, authors FROM file_churn_totals ORDER BY path")
        check([(a, int(b)) for a, b in authors] == [("app.py", 1), ("feat0.py", 1), ("feat1.py", 1), ("feat2.py", 1)],
              f"{d}: distinct authors per file on the main line ({authors})")

        # --all-parents walks the feature branch too; its commits are compared with their own parents
        run("history", repo, "--db", db.url, "--all-parents", "--json", check_exit=0)
        n = db.query("SELECT count(*) FROM commits")[0][0]
        check(int(n) == 7, f"{d}: --all-parents records every commit ({n})")
        people = db.query("SELECT path, authors FROM file_churn_totals WHERE path = 'feat1.py'")
        check([(a, int(b)) for a, b in people] == [("feat1.py", 2)],
              f"{d}: the branch's author counts once its commits are indexed ({people})")
        bob = db.query("SELECT count(*) FROM file_authors WHERE author_name = 'Bob'")[0][0]
        check(int(bob) == 3, f"{d}: file_authors names Bob on his three files ({bob})")
        growth = db.query("SELECT path, qualified_name FROM complexity_growth")
        check(growth == [], f"{d}: --all-parents does not pair the last commit with a branch's ({growth})")
    finally:
        db.drop()

# ---- components, class summaries and roles, on a tree with import cycles, tests and a main
tree = tmpdir()
write(tree, "pkg/__init__.py", "")
write(tree, "pkg/a.py", "from . import b\n")
write(tree, "pkg/b.py", "from . import c\n")
write(tree, "pkg/c.py", "from . import a\nfrom . import b\n")
write(tree, "pkg/d.py", "from . import e\n")
write(tree, "pkg/e.py", "from . import d\n")
write(tree, "pkg/f.py", "from . import a\n")
write(tree, "pkg/__main__.py", "from . import f\n")
write(tree, "tests/test_a.py", "from pkg import a\n")
write(tree, "pkg/shapes.py", "class Shape:\n    def area(self):\n        if self.x:\n            return 1\n        return 0\n"
      "    def name(self):\n        return 'shape'\n\nclass Empty:\n    pass\n")
write(tree, "tool/main.c", "int main(void) { return 0; }\n")
write(tree, "tool/util_test.c", "int t(void) { return 1; }\n")
outside = tmpdir()
write(outside, "elsewhere.py", "def far():\n    return 1\n")
os.symlink(os.path.join(outside, "elsewhere.py"), os.path.join(tree, "pkg", "linked.py"))
for make in engines():
    db = make()
    d = db.dialect
    try:
        summary = json.loads(run("index", tree, "--db", db.url, "--json", check_exit=0).stdout)
        check(summary["source_files"] == summary["parsed"] + summary["reused"] + summary["failed"] == 12
              and summary["skipped_by_reason"]["outside the repository"] == 1,
              f"{d}: parsed + reused + failed = source; a symlink out of the tree is skipped, not a source "
              f"({summary['source_files']}, {summary['parsed']}, {summary['skipped_by_reason']})")
        comps = db.query("SELECT component_id, size, cycle_length, example_cycle FROM current_components ORDER BY component_id")
        check([tuple(int(v) if i < 3 else v for i, v in enumerate(c)) for c in comps] ==
              [(1, 3, 3, "pkg/a.py -> pkg/b.py -> pkg/c.py -> pkg/a.py"), (2, 2, 2, "pkg/d.py -> pkg/e.py -> pkg/d.py")],
              f"{d}: import cycles as components with a shortest cycle ({comps})")
        members = db.query("SELECT path, component_id FROM current_component_files ORDER BY path")
        check([(a, int(b)) for a, b in members] == [("pkg/a.py", 1), ("pkg/b.py", 1), ("pkg/c.py", 1),
                                                    ("pkg/d.py", 2), ("pkg/e.py", 2)],
              f"{d}: files of each component; a file importing into a cycle is not in it ({members})")
        cls = db.query("SELECT qualified_name, method_count, lines, complexity_sum, complexity_max "
                       "FROM current_class_summaries ORDER BY complexity_sum DESC, qualified_name")
        check([tuple(int(v) if i else v for i, v in enumerate(c)) for c in cls] ==
              [("Shape", 2, 7, 3, 2), ("Empty", 0, 2, 0, 0)], f"{d}: class summaries ({cls})")
        if d == "postgresql":
            stale = db.query("SELECT relname FROM pg_class WHERE relname IN ('functions', 'dependencies', "
                             "'files', 'component_files') AND reltuples < 0 ORDER BY relname")
        elif not db.query("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'"):
            stale = ["sqlite_stat1"]
        else:
            stale = db.query("SELECT t FROM (SELECT 'functions' AS t UNION SELECT 'dependencies' UNION "
                             "SELECT 'files' UNION SELECT 'component_files') "
                             "WHERE t NOT IN (SELECT tbl FROM sqlite_stat1) ORDER BY t")
        check(stale == [], f"{d}: the run leaves planner statistics of what it loaded ({stale} without)")
        roles = db.query("SELECT path, role FROM current_file_roles ORDER BY path, role")
        check(roles == [("pkg/__main__.py", "entry"), ("tests/test_a.py", "test"), ("tool/main.c", "entry"),
                        ("tool/util_test.c", "test")], f"{d}: tests and entry points by convention ({roles})")
    finally:
        db.drop()

# ---- the closing retried after the components were committed (PostgreSQL) ----
# The snapshot's status set to complete kills its own backend, once (a sequence is not rolled
# back): the run reconnects and closes the snapshot again, writing its components again; they are
# cleared first, so the retry neither fails on their keys nor leaves two of them.
if pg_half():
    pg = PgDB()
    try:
        run("migrate", "--db", pg.url, check_exit=0)
        pg.outage("BEFORE UPDATE ON snapshots WHEN (OLD.status = 'running' AND NEW.status = 'complete')",
                  row=True)
        p = run("index", tree, "--db", pg.url, "--json", "--retries", "2")
        s = json.loads(p.stdout) if p.stdout.strip() else {}
        retried = pg.query("SELECT last_value FROM outage_once")
        comps = pg.query("SELECT component_id, size FROM current_components ORDER BY component_id")
        files = pg.query("SELECT count(*) FROM component_files")
        check(p.returncode == 0 and s.get("status") == "complete" and int(retried[0][0]) >= 2
              and [(int(a), int(b)) for a, b in comps] == [(1, 3), (2, 2)] and int(files[0][0]) == 5,
              f"an outage at the snapshot's finishing: closed again, its components once "
              f"(exit {p.returncode}, {retried}, {comps}, {files}, {p.stderr.strip()[:300]})")
    finally:
        pg.drop()

r = run("history", repo, "--all-parents", "--last", "2", "--db", os.path.join(repo, "x.db"), "--json", check_exit=0)
check([s["commit"] for s in json.loads(r.stdout)["snapshots"]] == every[-2:],
      "--all-parents --last 2: the last two of every parent's history")
finish()
