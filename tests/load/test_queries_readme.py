#!/usr/bin/env python3
"""tests/load/test_queries_readme.py: README.md's "Example queries" on both engines, and what makes
them fast (migration 0014) kept honest.

- Every query of README.md's example block runs on a real SQLite file and a real PostgreSQL
  database indexed from the same fixture (a git history of a few commits and a second repository),
  and both give the same number of rows.
- The summaries written at load (snapshot_languages, snapshot_packages, snapshot_importers,
  snapshot_top_functions, snapshot_top_classes, snapshot_file_roles behind current_file_roles,
  dependency_edges behind file_edges), the rewritten complexity_growth and the stored current snapshot
  (current_snapshot_ids behind current_snapshots) give exactly what the aggregates over every row
  give, after history, a re-index and gc; migration 0014's backfill writes the same rows again.
- The plans use what was built for them (not a timing test): the transitive-dependents query
  looks edges up by dependency_edges_target_idx and starts from current_snapshot_ids."""
import os
import re
import subprocess

from common import SRC, check, engines, finish, norm, run, tmpdir, write

repo = tmpdir()
clock = [1700000000]


def git(*args):
    clock[0] += 86400
    env = dict(os.environ, GIT_AUTHOR_DATE=f"@{clock[0]} +0000", GIT_COMMITTER_DATE=f"@{clock[0]} +0000")
    return subprocess.run(["git", "-C", repo, "-c", "user.name=Ann", "-c", "user.email=ann@example.org",
                           *args], check=True, capture_output=True, text=True, env=env).stdout.strip()


def func(name, decisions):
    body = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(decisions))
    return f"def {name}(x):\n{body}    return -1\n\n\n"


git("init", "-q", "-b", "main")
write(repo, "app/__init__.py", "from .core import run\n")
write(repo, "app/core.py", "import os\nimport requests\nfrom . import util\n\n" + func("run", 3))
write(repo, "app/util.py", "import numpy\nfrom . import core\n\n" + func("helper", 1))
write(repo, "app/models.py", "import requests\nfrom .util import helper\n\nclass Model:\n"
      "    def save(self, x):\n        if x:\n            return 1\n        return 0\n")
write(repo, "src/util.h", "int util(int x);\n")
write(repo, "src/util.c", '#include "util.h"\nint util(int x) { if (x) return 1; return 0; }\n')
write(repo, "src/main.c", '#include <stdio.h>\n#include "util.h"\nint main(void) { return util(1); }\n')
write(repo, "web/index.js", "const a = require('./lib');\nfunction go(x) { if (x) { return a; } return 0; }\n")
write(repo, "web/lib.js", "module.exports = function lib(y) { return y > 1 ? 1 : 0; };\n")
git("add", "-A")
git("commit", "-qm", "one")
write(repo, "app/core.py", "import os\nimport requests\nfrom . import util\n\n" + func("run", 6))
write(repo, "app/extra.py", "from .models import Model\nfrom .util import helper\n\n" + func("extra", 2))
git("add", "-A")
git("commit", "-qm", "two")
os.remove(os.path.join(repo, "web/lib.js"))
write(repo, "app/core.py", "import os\nimport requests\nfrom . import util\n\n" + func("run", 8))
git("add", "-A")
git("commit", "-qm", "three")

other = tmpdir()
write(other, "pkg/__init__.py", "from .a import f\n")
write(other, "pkg/a.py", "import requests\nfrom . import b\n\n" + func("f", 12))
write(other, "pkg/b.py", "from . import a\n\n" + func("g", 4))


def readme_queries():
    text = open(os.path.join(SRC, "README.md")).read()
    block = text.split("Example queries", 1)[1].split("```sql", 1)[1].split("```", 1)[0]
    out = []
    for chunk in re.split(r"\n\s*\n", block.strip()):
        lines = chunk.strip().splitlines()
        sql = "\n".join(l for l in lines[1:] if not l.startswith("-- ")).strip().rstrip(";")
        out.append((lines[0][3:].strip(), sql))
    return out


QUERIES = readme_queries()
check(len(QUERIES) >= 14 and all(sql for _, sql in QUERIES),
      f"README.md's example block parses into {len(QUERIES)} queries")

# Each summary against the aggregate over every row it stands for (ORDER BY every column, so the
# two lists compare as they are).
AGREE = {
    "current_snapshots is the latest complete snapshot of each default branch": (
        "SELECT repository_id, snapshot_id FROM current_snapshots ORDER BY 1, 2",
        "SELECT repository_id, max(snapshot_id) FROM snapshots WHERE status = 'complete' AND on_default "
        "GROUP BY repository_id ORDER BY 1, 2"),
    "file_edges is the DISTINCT internal dependencies of every complete snapshot": (
        "SELECT repository_id, snapshot_id, source_path, target_path FROM file_edges ORDER BY 1, 2, 3, 4",
        "SELECT DISTINCT d.repository_id, d.snapshot_id, d.path, d.target_path FROM snapshot_dependencies d "
        "JOIN snapshots s ON s.repository_id = d.repository_id AND s.snapshot_id = d.snapshot_id "
        "WHERE s.status = 'complete' AND d.kind = 'internal' AND d.target_path IS NOT NULL "
        "AND d.target_path <> d.path ORDER BY 1, 2, 3, 4"),
    "current_packages counts the files importing each package": (
        "SELECT repository_id, kind, package, files FROM current_packages ORDER BY 1, 2, 3, 4",
        "SELECT repository_id, kind, package, count(DISTINCT path) FROM current_dependencies "
        "WHERE package IS NOT NULL GROUP BY repository_id, kind, package ORDER BY 1, 2, 3, 4"),
    "current_importers counts the files importing each file": (
        "SELECT repository_id, target_path, importers FROM current_importers ORDER BY 1, 2, 3",
        "SELECT repository_id, target_path, count(DISTINCT path) FROM current_dependencies "
        "WHERE kind = 'internal' AND target_path IS NOT NULL GROUP BY repository_id, target_path "
        "ORDER BY 1, 2, 3"),
    "current_language_totals has the files, code lines, functions and complexity per language": (
        "SELECT repository_id, language, files, code_lines, functions, cyclomatic_sum "
        "FROM current_language_totals ORDER BY 1, 2",
        "SELECT l.repository_id, l.language, l.files, l.code_lines, coalesce(fn.n, 0), coalesce(fn.c, 0) "
        "FROM (SELECT repository_id, language, count(*) AS files, sum(code_lines) AS code_lines "
        "      FROM current_files WHERE skip_reason IS NULL GROUP BY repository_id, language) l "
        "LEFT JOIN (SELECT repository_id, language, count(*) AS n, sum(cyclomatic) AS c "
        "           FROM current_functions GROUP BY repository_id, language) fn "
        "ON fn.repository_id = l.repository_id AND fn.language = l.language ORDER BY 1, 2"),
    "current_top_functions holds each repository's most complex functions, ranked": (
        "SELECT repository_id, rank, path, qualified_name, cyclomatic, nloc FROM current_top_functions "
        "ORDER BY 1, 2",
        "SELECT repository_id, rank, path, qualified_name, cyclomatic, nloc FROM ("
        " SELECT repository_id, path, qualified_name, cyclomatic, nloc, row_number() OVER "
        " (PARTITION BY repository_id ORDER BY cyclomatic DESC, path, function_id) AS rank "
        " FROM current_functions) r WHERE rank <= 100 ORDER BY 1, 2"),
    "current_top_classes holds each repository's largest classes, ranked": (
        "SELECT repository_id, rank, path, qualified_name, lines, method_count, complexity_sum, "
        "complexity_max, method_nloc FROM current_top_classes ORDER BY 1, 2",
        "SELECT repository_id, rank, path, qualified_name, lines, method_count, complexity_sum, "
        "complexity_max, method_nloc FROM (SELECT s.*, row_number() OVER (PARTITION BY repository_id "
        "ORDER BY complexity_sum DESC, lines DESC, path, class_id) AS rank FROM current_class_summaries s) r "
        "WHERE rank <= 100 ORDER BY 1, 2"),
    "current_file_roles is file_roles of the current snapshots, one row per file and role": (
        "SELECT repository_id, path, language, role, reason FROM current_file_roles ORDER BY 1, 2, 4",
        "SELECT r.repository_id, r.path, min(r.language), r.role, min(r.reason) FROM file_roles r "
        "JOIN current_snapshot_ids c ON c.repository_id = r.repository_id AND c.snapshot_id = r.snapshot_id "
        "GROUP BY r.repository_id, r.path, r.role ORDER BY 1, 2, 4"),
    "complexity_growth is what function_history says of the last two snapshots": (
        "SELECT repository_id, previous_snapshot_id, snapshot_id, path, qualified_name, def_line, "
        "old_cyclomatic, new_cyclomatic, growth FROM complexity_growth ORDER BY 1, 4, 5",
        "SELECT t.repository_id, t.previous_snapshot_id, t.snapshot_id, n.path, n.qualified_name, n.def_line, "
        "o.c, n.c, n.c - o.c FROM snapshot_pairs t "
        "JOIN (SELECT repository_id, snapshot_id, path, qualified_name, min(def_line) AS def_line, "
        "      max(cyclomatic) AS c FROM function_history GROUP BY 1, 2, 3, 4) n "
        "  ON n.repository_id = t.repository_id AND n.snapshot_id = t.snapshot_id "
        "JOIN (SELECT repository_id, snapshot_id, path, qualified_name, max(cyclomatic) AS c "
        "      FROM function_history GROUP BY 1, 2, 3, 4) o "
        "  ON o.repository_id = t.repository_id AND o.snapshot_id = t.previous_snapshot_id "
        "  AND o.path = n.path AND o.qualified_name = n.qualified_name "
        "WHERE t.snapshot_id = (SELECT max(x.snapshot_id) FROM snapshot_pairs x WHERE x.repository_id = t.repository_id) "
        "AND n.c > o.c ORDER BY 1, 4, 5"),
}
# The README's rewritten queries against their plain formulations (hot_spots; function_history
# over every function of the two snapshots; file_edges at each step; current_files), the windows
# widened to hold the fixture's commits.
WIDE = {"'2023-03-01'": "'2023-01-01'", "'2023-07-01'": "'2030-01-01'"}
WINDOW_PLAIN = {
    "hot spots over a date window": (
        "SELECT ch.repository_id, ch.path, sum(coalesce(ch.lines_added, 0) + coalesce(ch.lines_removed, 0)), "
        "count(*), max(h.complexity_sum) FROM commit_churn ch "
        "JOIN hot_spots h ON h.repository_id = ch.repository_id AND h.path = ch.path "
        "WHERE ch.committed_at >= '2023-01-01' AND ch.committed_at < '2030-01-01' "
        "GROUP BY ch.repository_id, ch.path ORDER BY 1, 2", [0, 1, 2, 3, 4]),
    "functions whose complexity grew over a date window": (
        "WITH w AS (SELECT repository_id, min(committed_at) AS first_at, max(committed_at) AS last_at "
        "  FROM snapshot_pairs WHERE committed_at >= '2023-01-01' AND committed_at < '2030-01-01' "
        "  GROUP BY repository_id), "
        "ends AS (SELECT w.repository_id, (SELECT max(s.snapshot_id) FROM snapshot_pairs s "
        "  WHERE s.repository_id = w.repository_id AND s.committed_at = w.first_at) AS first_id, "
        "  (SELECT max(s.snapshot_id) FROM snapshot_pairs s "
        "  WHERE s.repository_id = w.repository_id AND s.committed_at = w.last_at) AS last_id FROM w) "
        "SELECT e.repository_id, n.path, n.qualified_name, max(o.cyclomatic), max(n.cyclomatic) FROM ends e "
        "JOIN function_history o ON o.repository_id = e.repository_id AND o.snapshot_id = e.first_id "
        "JOIN function_history n ON n.repository_id = e.repository_id AND n.snapshot_id = e.last_id "
        "  AND n.path = o.path AND n.qualified_name = o.qualified_name "
        "GROUP BY e.repository_id, n.path, n.qualified_name HAVING max(n.cyclomatic) > max(o.cyclomatic) "
        "ORDER BY 1, 2, 3", [0, 1, 2, 3, 4]),
    "every file that depends on a file": (
        "WITH RECURSIVE dep (repository_id, snapshot_id, path) AS ("
        " SELECT e.repository_id, e.snapshot_id, e.source_path FROM current_snapshots s "
        " JOIN file_edges e USING (repository_id, snapshot_id) WHERE e.target_path = 'src/util.h' UNION "
        " SELECT e.repository_id, e.snapshot_id, e.source_path FROM dep JOIN file_edges e "
        " ON e.repository_id = dep.repository_id AND e.snapshot_id = dep.snapshot_id AND e.target_path = dep.path) "
        "SELECT repository_id, path FROM dep ORDER BY 1, 2", [0, 1]),
    "Python files no file of their repository imports": (
        "SELECT f.repository_id, f.path FROM current_files f WHERE f.language = 'python' AND f.skip_reason IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM current_importers i WHERE i.repository_id = f.repository_id "
        "AND i.target_path = f.path) AND NOT EXISTS (SELECT 1 FROM current_file_roles r "
        "WHERE r.repository_id = f.repository_id AND r.path = f.path) ORDER BY 1, 2", [0, 1]),
}


def window_agree(db):
    for start, (plain, cols) in WINDOW_PLAIN.items():
        sql = next(q for t, q in QUERIES if t.startswith(start))
        for a, b in WIDE.items():
            sql = sql.replace(a, b)
        got = sorted(tuple(r[i] for i in cols) for r in rows(db, sql))
        want = rows(db, plain)
        check(got == want and got, f"{db.dialect}: README's '{start}' gives what its plain formulation "
              f"gives ({len(got)} rows)" + ("" if got == want else f": {got} != {want}"))


SUMMARIES = ["dependency_edges", "snapshot_languages", "snapshot_packages", "snapshot_importers",
             "snapshot_top_functions", "snapshot_top_classes", "snapshot_file_roles"]


def rows(db, sql):
    return [tuple(norm(v) for v in r) for r in db.query(sql)]


FIRST = "after history and index"


def agree(db, when):
    d = db.dialect
    for what, (fast, full) in AGREE.items():
        a, b = rows(db, fast), rows(db, full)
        full = when == FIRST  # every check has rows then (gc leaves no snapshot pair to grow in)
        check(a == b and (a or not full), f"{d}, {when}: {what} ({len(a)} rows)" +
              ("" if a == b else f": {a} != {b}"))
    orphans = sum(int(db.query(f"SELECT count(*) FROM {t} x WHERE NOT EXISTS (SELECT 1 FROM snapshots s "
                               f"WHERE s.repository_id = x.repository_id AND s.snapshot_id = x.snapshot_id)")[0][0])
                  for t in SUMMARIES[1:])
    check(orphans == 0, f"{d}, {when}: no summary row outlives its snapshot ({orphans})")


def backfill_sql(dialect):
    """Migration 0014's backfill statements: the marker's (the dialect's file) and the summaries'."""
    part = "sqlite" if dialect == "sqlite" else "postgres"
    own = open(os.path.join(SRC, "migrations", part, "0014_query_speed.sql")).read()
    marker = [s for s in own.split(";") if s.strip().startswith("INSERT INTO current_snapshot_ids")
              and "NEW." not in s and "repo " not in s and "= repo" not in s]
    shared = open(os.path.join(SRC, "migrations", "shared", "0014_query_speed.sql")).read()
    return marker[-1] + ";\n" + shared.split("-- ---- backfill", 1)[1].split("\n", 1)[1]


counts = {}
for make in engines():
    db = make()
    d = db.dialect
    try:
        run("history", repo, "--db", db.url, "--repo-name", "hist", "--quiet", check_exit=0)
        run("index", other, "--db", db.url, "--repo-name", "other", "--quiet", check_exit=0)
        agree(db, FIRST)
        window_agree(db)
        for title, sql in QUERIES:
            try:
                counts.setdefault(title, {})[d] = len(db.query(sql))
            except AssertionError as e:
                counts.setdefault(title, {})[d] = f"error: {str(e).splitlines()[0]}"
        # the stored summaries are exactly what the migration's backfill writes
        before = {t: sorted(rows(db, f"SELECT * FROM {t}")) for t in SUMMARIES}
        marker = rows(db, "SELECT * FROM current_snapshot_ids ORDER BY 1")
        db.execute("DELETE FROM current_snapshot_ids; " + "".join(f"DELETE FROM {t}; " for t in SUMMARIES)
                   + backfill_sql(d))
        after = {t: sorted(rows(db, f"SELECT * FROM {t}")) for t in SUMMARIES}
        check(after == before and rows(db, "SELECT * FROM current_snapshot_ids ORDER BY 1") == marker,
              f"{d}: migration 0014's backfill writes what the runs wrote "
              f"({', '.join(f'{t} {len(v)}' for t, v in before.items())})")
        # a new snapshot of an unchanged tree, then gc: the marker follows, summaries go with theirs
        run("index", other, "--db", db.url, "--repo-name", "other", "--quiet", check_exit=0)
        agree(db, "after a re-index")
        run("gc", "--keep", "1", "--db", db.url, "--quiet", check_exit=0)
        left = int(db.query("SELECT count(*) FROM snapshots")[0][0])
        check(left == 2, f"{d}: gc --keep 1 left one snapshot per repository ({left})")
        agree(db, "after gc")
        # what the plan uses (SQLite: its planner keeps the order the views spell; PostgreSQL's
        # choice on a database this small says nothing: perf/queries.sh measures it at scale)
        if d == "sqlite":
            trans = next(sql for title, sql in QUERIES if "transitively" in title)
            plan = [r[3] for r in db.query("EXPLAIN QUERY PLAN " + trans)]
            step = plan[plan.index("RECURSIVE STEP") + 1:]
            check("SEARCH e USING INDEX dependency_edges_target_idx (repository_id=? AND path_set=? "
                  "AND target_path=?)" in step,
                  f"sqlite: each step of the transitive-dependents query looks edges up by "
                  f"dependency_edges_target_idx ({' | '.join(plan)})")
            py = next(sql for title, sql in QUERIES if title.startswith("Python files"))
            plan = [r[3] for r in db.query("EXPLAIN QUERY PLAN " + py)]
            check("SEARCH b USING INDEX blobs_language_idx (repository_id=? AND language=?)" in plan and
                  "SEARCH f USING INDEX files_blob_idx (repository_id=? AND blob_id=? AND snapshot_id=?)" in plan,
                  f"sqlite: the Python-files query starts from the Python blobs and finds each in the snapshot "
                  f"by key (migration 0018: {' | '.join(plan)})")
    finally:
        db.drop()

# Statistics follow a long history (PostgreSQL; the test server runs without autovacuum, as right
# after a run): each `history` step writes one commit and one snapshot, a tenth of what the
# statistics knew once the table holds ten, so a rule on the step's own rows stopped analysing
# commits at 11 rows and never analysed snapshots; the history views were then planned for one
# commit (the window growth ran for minutes on perf/queries.sh's database).
long = tmpdir()
subprocess.run(["git", "-C", long, "init", "-q", "-b", "main"], check=True, capture_output=True)
for i in range(16):
    write(long, "m.py", func("f", i % 5 + 1))
    for args in (["add", "-A"], ["commit", "-qm", f"c{i}"]):
        subprocess.run(["git", "-C", long, "-c", "user.name=Ann", "-c", "user.email=ann@example.org", *args],
                       check=True, capture_output=True)
for make in engines():
    db = make()
    try:
        if db.dialect != "postgresql":
            continue
        run("history", long, "--db", db.url, "--repo-name", "long", "--quiet", check_exit=0)
        known = {t: float(n) for t, n in db.query("SELECT relname, reltuples FROM pg_class "
                                                  "WHERE relname IN ('commits', 'snapshots')")}
        check(known.get("commits", -1) >= 15 and known.get("snapshots", -1) >= 15,
              f"postgresql: after a 16-commit history the planner knows its commits and snapshots ({known})")
    finally:
        db.drop()

for title, by in counts.items():
    ok = all(isinstance(n, int) for n in by.values()) and len(set(by.values())) == 1
    check(ok, f"README example '{title}' runs on {', '.join(by)} with the same row count ({by})")
finish()
