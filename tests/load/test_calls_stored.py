#!/usr/bin/env python3
"""tests/load/test_calls_stored.py: call resolution stored at index time (issue 12, migrations
0013 and 0019), on a real SQLite file and a real throwaway PostgreSQL database.

The tree of test_calls.py is indexed, then changed step by step: re-indexed unchanged, files
edited so that calls of unchanged files change their answer (an imported function removed, a Go
package function renamed), a file added (a second C definition that wins by path), files renamed,
and the first tree restored. After each step current_calls must equal that of a cold index of the
same tree into a new database. Rows are shared where the brief says they may be: the same path set
shares call_resolutions (an unchanged file is never resolved again), the same files share
call_links (snapshots.calls_set), and an unchanged re-index writes no resolution row.
"""
import json
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import check, engines, finish, old_schema_sql, run, tmpdir, write  # noqa: E402
from test_calls import EXPECTED, FIXTURE, QUERY, rows_text  # noqa: E402


def counts(db):
    return tuple(int(db.query(f"SELECT count(*) FROM {t}")[0][0])
                 for t in ("call_resolutions", "call_links"))


def current_set(db):
    return int(db.query("SELECT sn.calls_set FROM snapshots sn JOIN current_snapshots c"
                        " ON c.repository_id = sn.repository_id AND c.snapshot_id = sn.snapshot_id")[0][0])


def same_as_cold(cold, db, root, what):
    """current_calls of db equals that of a cold index of root: a new repository (a name not
    indexed before) in the database cold, which shares no blob with the others."""
    global colds
    colds += 1
    run("index", root, "--db", cold.url, "--quiet", "--repo-name", f"cold{colds}", check_exit=0)
    rid = cold.query(f"SELECT repository_id FROM repositories WHERE name = 'cold{colds}'")[0][0]
    want = rows_text(cold.query(QUERY.replace(
        "FROM current_calls c\n", f"FROM (SELECT * FROM current_calls WHERE repository_id = {rid}) c\n")))
    got = rows_text(db.query(QUERY))
    check(got == want, f"{db.dialect}: {what}: current_calls equals a cold index of the same tree")
    agrees_with_views(db, what)
    if got != want:
        import difflib
        sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                                   "cold", "incremental"))
    return got


colds = 0

# The current snapshot's calls resolved by the views of migration 0007 (call_candidates over
# snapshot_call_sites and call_bindings), whose rules transform/callres*.c applies in memory at
# index time: the stored answer must be theirs (ties: the order of schema/README.md).
VIEWS = """
SELECT s.path, s.call_id, COALESCE(c.resolution, 'unresolved'), COALESCE(c.target_path, ''),
       COALESCE(c.target_blob_id, 0), COALESCE(c.target_function_id, 0), COALESCE(c.module, '')
FROM snapshot_call_sites s
JOIN current_snapshots cs ON cs.repository_id = s.repository_id AND cs.snapshot_id = s.snapshot_id
LEFT JOIN (SELECT cc.*, row_number() OVER (
               PARTITION BY cc.repository_id, cc.snapshot_id, cc.path, cc.call_id
               ORDER BY cc.rank, cc.target_path, cc.target_function_id, cc.module) AS pick
           FROM call_candidates cc) c
       ON c.repository_id = s.repository_id AND c.snapshot_id = s.snapshot_id
      AND c.path = s.path AND c.call_id = s.call_id AND c.pick = 1
ORDER BY s.path, s.call_id
"""
STORED = """
SELECT path, call_id, resolution, COALESCE(target_path, ''), COALESCE(target_blob_id, 0),
       COALESCE(target_function_id, 0), COALESCE(module, '')
FROM current_calls ORDER BY path, call_id
"""


def agrees_with_views(db, what):
    stored, views = rows_text(db.query(STORED)), rows_text(db.query(VIEWS))
    check(stored == views and stored != "",
          f"{db.dialect}: {what}: the stored resolution is that of call_candidates (0007's views)")


def rows_of(db, path):
    """call_resolutions rows of the blobs path has had, per path set."""
    return db.query("SELECT r.path_set, count(*) FROM call_resolutions r WHERE r.path = "
                    f"'{path}' GROUP BY r.path_set ORDER BY r.path_set")


def literal(v):
    if v is None:
        return "NULL"
    if isinstance(v, int):
        return str(v)
    return "'" + str(v).replace("'", "''") + "'"


def columns(db, table):
    if db.dialect == "sqlite":
        return [r[0] for r in db.query(f"SELECT name FROM pragma_table_info('{table}') ORDER BY cid")]
    return [r[0] for r in db.query("SELECT column_name FROM information_schema.columns WHERE "
                                   f"table_name = '{table}' ORDER BY ordinal_position")]


def upgraded(Engine, root):
    """A database of migrations 0001-0012 holding the fixture's snapshot (its rows copied from a
    database this snakepipe indexed): `snakepipe migrate` stores the current snapshot's resolution
    (0013), which reads as before, and an unchanged index run goes on from it."""
    fresh, old = Engine(), Engine()
    d = fresh.dialect
    try:
        run("index", root, "--db", fresh.url, "--quiet", check_exit=0)
        _, sql = old_schema_sql(fresh, d, 13)
        old.execute(";\n".join(sql))
        for t in ("repositories", "snapshots", "blobs", "files", "functions", "calls", "imports",
                  "dependencies"):
            cols = [c for c in columns(old, t) if c in columns(fresh, t)]
            rows = fresh.query(f"SELECT {', '.join(cols)} FROM {t}")
            if rows:
                old.execute(f"INSERT INTO {t} ({', '.join(cols)}) VALUES " +
                            ", ".join("(" + ", ".join(literal(v) for v in r) + ")" for r in rows))
        p = run("migrate", "--db", old.url)
        check(p.returncode == 0, f"{d}: migrate upgrades a database of 0001-0012 ({p.stderr.strip()})")
        links = int(old.query("SELECT count(*) FROM call_links")[0][0])
        check(links == len(EXPECTED.splitlines()),
              f"{d}: the migration stores the current snapshot's resolution ({links} links)")
        check(rows_text(old.query(QUERY)) == EXPECTED, f"{d}: after the migration current_calls reads as before")
        run("index", root, "--db", old.url, "--quiet", check_exit=0)
        check(rows_text(old.query(QUERY)) == EXPECTED and
              int(old.query("SELECT count(*) FROM call_links")[0][0]) == links,
              f"{d}: an unchanged index after the migration shares the migrated resolution")
    finally:
        fresh.drop()
        old.drop()


# Two imports bind one name to two modules: externals that tie on rank, target path and target
# function (issue 12: ~20 stdlib calls, where SQLite and PostgreSQL picked differently). The
# module breaks the tie, bytewise, whatever the order of the imports.
TIE = {
    "tie/a.py": "from sys import path\nfrom os import path\npath()\nimport sys as m\nimport os as m\nm.getcwd()\n",
    "tie/b.py": "from os import path\nfrom sys import path\npath()\nimport os as m\nimport sys as m\nm.getcwd()\n",
}
TIE_EXPECTED = "tie/a.py\t3\texternal\tos\ntie/a.py\t6\texternal\tos\ntie/b.py\t3\texternal\tos\ntie/b.py\t6\texternal\tos\n"


def ties(Engine):
    root = tmpdir()
    for rel, text in TIE.items():
        write(root, rel, text)
    db = Engine()
    try:
        run("index", root, "--db", db.url, "--quiet", check_exit=0)
        got = rows_text(db.query("SELECT path, line, resolution, module FROM current_calls "
                                 "ORDER BY path, line"))
        check(got == TIE_EXPECTED, f"{db.dialect}: tied externals pick the first module bytewise:\n{got}")
        agrees_with_views(db, "tied externals")
    finally:
        db.drop()
        shutil.rmtree(root, ignore_errors=True)


def calls_analysed(db):
    """How many times calls was analysed (PostgreSQL: ANALYZE commands, not autovacuum's), or
    whether it has statistics at all (SQLite: 1 or 0)."""
    if db.dialect == "sqlite":
        return min(1, int(db.query("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'calls'")[0][0]))
    n = 0
    for _ in range(50):  # a backend's statistics reach the shared counters when it exits
        db.execute("SELECT pg_stat_clear_snapshot()")
        n = int(db.query("SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'calls'")[0][0])
        if n:
            break
        time.sleep(0.1)
    return n


def second_connection(Engine):
    """A run that extracted 64 files or more resolves on a connection of its own beside the
    summaries (cli/index_snapshot.c); fewer, and an unchanged re-index, on the run's. The answers
    are the same either way: the fixture's rows as expected, every call as the views have it."""
    root = tmpdir()
    for rel, text in FIXTURE.items():
        write(root, rel, text)
    for i in range(70):
        write(root, f"py/pad{i:02d}.py", f"from pkg.util import helper\n\ndef f{i}():\n    return helper({i})\n")
    db = Engine()
    try:
        for step in ("cold", "unchanged", "changed"):
            if step == "changed":  # 70 new blobs handed over by the run, the fixture's read back
                for i in range(70):
                    write(root, f"py/pad{i:02d}.py",
                          f"from pkg.util import helper\n\ndef f{i}():\n    return helper({i} + 1)\n")
            p = run("index", root, "--db", db.url, "--quiet", "--log-format", "json", check_exit=0)
            events = [json.loads(line) for line in p.stderr.splitlines() if line.startswith("{")]
            conn = [e.get("connection") for e in events if e.get("event") == "calls_resolved"]
            want = "run's" if step == "unchanged" else "own"
            check(conn == [want], f"{db.dialect}: {step}: calls resolved on the {want} connection ({conn})")
            if step == "cold":  # calls' statistics: by the connection that resolves, once
                check(calls_analysed(db) == 1, f"{db.dialect}: cold: calls analysed once, by the "
                      f"resolution's connection ({calls_analysed(db)})")
            got = rows_text(db.query(QUERY))
            ours = "".join(line + "\n" for line in got.splitlines() if not line.startswith("py/pad"))
            check(ours == EXPECTED, f"{db.dialect}: {step}: the fixture's calls resolve as expected")
            pads = db.query("SELECT count(*) FROM current_calls WHERE path LIKE 'py/pad%'"
                            " AND resolution = 'import' AND target_path = 'py/pkg/util.py'")
            check(int(pads[0][0]) == 70, f"{db.dialect}: {step}: every padding file's call reaches helper")
            agrees_with_views(db, f"{step}, on a second connection")
    finally:
        db.drop()
        shutil.rmtree(root, ignore_errors=True)

def links_of(db):
    """call_links rows per (calls_set, path): the links each snapshot wrote."""
    return {(int(c), p): int(n) for c, p, n in db.query(
        "SELECT calls_set, path, count(*) FROM call_links GROUP BY calls_set, path")}


def index_counted(db, root):
    """Indexes root; the calls_resolved event's (files_resolved, files_kept)."""
    p = run("index", root, "--db", db.url, "--quiet", "--log-format", "json", check_exit=0)
    for line in p.stderr.splitlines():
        e = json.loads(line) if line.startswith("{") else {}
        if e.get("event") == "calls_resolved":
            return int(e["files_resolved"]), int(e["files_kept"])
    return None


def per_file(Engine, root):
    """Links are kept per file (migration 0022): a changed snapshot resolves only the paths a
    changed file can reach (an import of it, its directory, a name it defines or loses), writes
    the links of the paths whose answers changed, and points the others at the links an earlier
    snapshot wrote. Before, one changed file resolved and wrote every open call's link again (the
    whole Linux tree: 1.93 M)."""
    db, cold = Engine(), Engine()
    d = db.dialect
    try:
        first_counts = index_counted(db, root)
        first = links_of(db)
        paths = sorted(p for _, p in first)
        sites = int(db.query("SELECT count(*) FROM call_link_files")[0][0])
        check(len({c for c, _ in first}) == 1 and {"c/main.c", "go/main.go", "py/main.py"} <= set(paths),
              f"{d}: the first snapshot writes the links of every file with open calls ({sorted(first)})")
        check(first_counts == (sites, 0) and sites > len(paths),
              f"{d}: a cold index resolves every path with call sites ({first_counts}, {sites} rows)")
        # 1. the caller edited, its calls' answers the same: no link written, all shared
        write(root, "c/main.c", FIXTURE["c/main.c"] + "/* edited */\n")
        n = index_counted(db, root)
        same_as_cold(cold, db, root, "a caller edited, its answers the same")
        check(links_of(db) == first, f"{d}: no link is written again ({links_of(db)})")
        # c/main.c, c/util.c (its directory; no call site of its own) and the callers of main,
        # twice, util_add, printf, MAX by name: none in the other languages' files
        check(n is not None and n[0] < sites and n[0] + n[1] == sites and n[0] >= 1,
              f"{d}: only the paths the change can reach are resolved again ({n} of {sites})")
        shared = db.query("SELECT lf.path, lf.links_set FROM call_link_files lf JOIN snapshots sn"
                          " ON sn.repository_id = lf.repository_id AND sn.calls_set = lf.calls_set"
                          " JOIN current_snapshots c ON c.repository_id = sn.repository_id"
                          " AND c.snapshot_id = sn.snapshot_id WHERE lf.links_set IS NOT NULL"
                          " ORDER BY lf.path")
        check([p for p, _ in shared] == paths and {int(s) for _, s in shared} == {c for c, _ in first},
              f"{d}: the new snapshot names the first snapshot's links for every path ({shared})")
        # 2. the callee's file edited: its blob changes, so do its callers' links, and only theirs
        write(root, "c/util.c", "/* moved */\n" + FIXTURE["c/util.c"])
        index_counted(db, root)
        same_as_cold(cold, db, root, "a callee's file edited")
        now = links_of(db)
        added = {k: v for k, v in now.items() if k not in first}
        check(len(added) == 1 and next(iter(added))[1] == "c/main.c" and
              all(now[k] == v for k, v in first.items()),
              f"{d}: only the caller of the edited file has new links ({added})")
        # 3. the global rule: the callee renamed in its file, the unchanged caller loses it
        write(root, "c/util.c", FIXTURE["c/util.c"].replace("util_add(", "util_sum("))
        index_counted(db, root)
        got = same_as_cold(cold, db, root, "a global callee renamed")
        check("c/main.c\t3\ttwice\tutil_add\t\tcall\tunresolved" in got,
              f"{d}: the unchanged caller's call is unresolved now")
        # 4. a class's constructor (Java, package rule) and a Ruby method (no rule reaches it)
        write(root, "java/app/Helper.java", FIXTURE["java/app/Helper.java"].replace("static void assist", "static void assist2"))
        index_counted(db, root)
        same_as_cold(cold, db, root, "a package callee renamed")
        # 5. gc of the older snapshots keeps the links the current one names
        run("gc", "--keep", "1", "--db", db.url, "--quiet", check_exit=0)
        same_as_cold(cold, db, root, "after gc")
        # 6. a file added: a new path set, every path resolved again
        write(root, "c/extra.c", "int util_add(int a, int b) { return a; }\n")
        n = index_counted(db, root)
        same_as_cold(cold, db, root, "a file added after gc")
        check(n is not None and n[1] == 0, f"{d}: a new path set resolves every path ({n})")
    finally:
        db.drop()
        cold.drop()
        if os.path.exists(os.path.join(root, "c/extra.c")):
            os.remove(os.path.join(root, "c/extra.c"))
        for rel, text in FIXTURE.items():
            write(root, rel, text)


def main():
    for Engine in engines():
        ties(Engine)
        second_connection(Engine)
        root = tmpdir()
        for rel, text in FIXTURE.items():
            write(root, rel, text)
        upgraded(Engine, root)
        per_file(Engine, root)
        db, cold = Engine(), Engine()
        d = db.dialect
        try:
            run("index", root, "--db", db.url, "--quiet", check_exit=0)
            check(rows_text(db.query(QUERY)) == EXPECTED, f"{d}: the first index resolves as expected")
            agrees_with_views(db, "the first index")
            first_set, first = current_set(db), counts(db)
            bound = {b: int(n) for b, n in db.query(
                "SELECT c.binding, count(*) FROM files f JOIN calls c ON c.repository_id ="
                " f.repository_id AND c.blob_id = f.blob_id GROUP BY c.binding")}
            check(sum(bound.values()) == len(EXPECTED.splitlines()) and None not in bound and
                  {"local", "import", "open", "unresolved"} <= set(bound),
                  f"{d}: every call has its binding from extraction ({bound})")
            # migration 0019: a row only for the calls an import binds (0013 stored one per call)
            check(first[0] == bound["import"] and first[1] > 0,
                  f"{d}: the calls an import binds have their stored row, the open ones a link "
                  f"({first}, {bound})")

            # 1. unchanged: nothing resolved again, the same call_links shared
            run("index", root, "--db", db.url, "--quiet", check_exit=0)
            check(counts(db) == first, f"{d}: an unchanged re-index writes no resolution row")
            check(current_set(db) == first_set, f"{d}: an unchanged re-index shares the calls_set")

            # 2. other files change what unchanged files' calls reach
            write(root, "py/pkg/util.py", FIXTURE["py/pkg/util.py"].replace("def helper(x)", "def helper9(x)"))
            write(root, "go/other.go", FIXTURE["go/other.go"].replace("func helper()", "func helper2()"))
            run("index", root, "--db", db.url, "--quiet", check_exit=0)
            got = same_as_cold(cold, db, root, "a target removed from another file")
            check("py/main.py\t11\tmain.inner\th\t\tcall\tunresolved" in got and
                  "go/main.go\t10\tmain\thelper\t\tcall\tunresolved" in got,
                  f"{d}: calls of unchanged files lose their removed targets")
            check(len(rows_of(db, "py/main.py")) == 1,
                  f"{d}: the unchanged file keeps its one set of rows for the path set")
            check(current_set(db) != first_set, f"{d}: changed contents get their own calls_set")

            # 3. a file added: the C call now reaches the first definition by path
            write(root, "c/aaa.c", "int util_add(int a, int b) { return 0; }\n")
            run("index", root, "--db", db.url, "--quiet", check_exit=0)
            got = same_as_cold(cold, db, root, "a file added")
            check("c/main.c\t3\ttwice\tutil_add\t\tcall\tglobal\tc/aaa.c" in got,
                  f"{d}: the added file's definition is reached")
            check(len(rows_of(db, "py/main.py")) == 2, f"{d}: a new path set resolves every file again")

            # 4. files renamed
            shutil.move(os.path.join(root, "c/util.c"), os.path.join(root, "c/zutil.c"))
            shutil.move(os.path.join(root, "py/pkg/util.py"), os.path.join(root, "py/pkg/tools.py"))
            run("index", root, "--db", db.url, "--quiet", check_exit=0)
            same_as_cold(cold, db, root, "files renamed")

            # 5. the first tree again: its path set's rows and its calls_set are found again
            os.remove(os.path.join(root, "c/aaa.c"))
            os.remove(os.path.join(root, "c/zutil.c"))
            os.remove(os.path.join(root, "py/pkg/tools.py"))
            for rel, text in FIXTURE.items():
                write(root, rel, text)
            before = counts(db)
            run("index", root, "--db", db.url, "--quiet", check_exit=0)
            check(same_as_cold(cold, db, root, "the first tree restored") == EXPECTED,
                  f"{d}: the restored tree resolves as the first")
            after = counts(db)
            check(after[0] == before[0], f"{d}: the first path set's rows are reused ({before} -> {after})")
        finally:
            db.drop()
            cold.drop()
            shutil.rmtree(root, ignore_errors=True)
    finish()


main()
