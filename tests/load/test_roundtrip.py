#!/usr/bin/env python3
"""tests/load/test_roundtrip.py: the same tree indexed into SQLite and into PostgreSQL gives the
same rows in every table, over several batches; a second run reuses every blob and only adds the
snapshot's files and dependencies; the current_* views show the latest complete snapshot."""
import json
import shutil

from common import (PgDB, SqliteDB, TABLES, check, counts, dump, finish, fixture_tree, pg_half, run, tables)

root = fixture_tree()
sq = SqliteDB()
pg = PgDB() if pg_half() else None
dbs = [db for db in (sq, pg) if db]
try:
    for db in dbs:
        p = run("index", root, "--db", db.url, "--batch-size", "7", "--jobs", "2", "--json", check_exit=0)
        s = json.loads(p.stdout)
        check(s["status"] == "complete" and s["parsed"] > 20, f"{db.dialect}: first index complete")
        # broken.py, and latin1.py whose Latin-1 bytes are not UTF-8: counted, not fatal
        errs = sorted(r[0] for r in db.query("SELECT path FROM current_files WHERE parse_error_line IS NOT NULL"))
        check(s["syntax_errors"] == 2 and errs == ["broken.py", "latin1.py"],
              f"{db.dialect}: syntax errors are counted, not fatal ({s['syntax_errors']}: {errs})")
        check(s["reused"] == 1, f"{db.dialect}: pkg/dup.py, a copy of pkg/mod.py, is stored once ({s['reused']})")
    c_sq = counts(sq)
    print("row counts sqlite:", c_sq)
    if pg:
        c_pg = counts(pg)
        print("row counts postgresql:", c_pg)
        check(c_sq == c_pg, "identical row counts per table")
        for t in TABLES:
            check(dump(sq, t) == dump(pg, t), f"identical rows in {t}")
    check(c_sq["functions"] > 100 and c_sq["dependencies"] > 50, "the fixture produced real volume")

    # ids and rows must not depend on how many threads extracted them
    one = SqliteDB()
    try:
        run("index", root, "--db", one.url, "--batch-size", "7", "--jobs", "1", check_exit=0)
        for t in TABLES:
            check(dump(one, t) == dump(sq, t), f"--jobs 1 and --jobs 2 give identical {t}")
    finally:
        one.drop()

    for db in dbs:
        p = run("index", root, "--db", db.url, "--json", check_exit=0)
        s = json.loads(p.stdout)
        check(s["parsed"] == 0 and s["reused"] == s["source_files"], f"{db.dialect}: re-index reuses every blob")
        c2 = counts(db)
        c1 = c_sq
        check(all(c2[t] == c1[t] for t in tables.per_blob()),
              f"{db.dialect}: no fact rows added by the unchanged re-index")
        check(c2["files"] == 2 * c1["files"], f"{db.dialect}: the second snapshot has its own files rows")
        check(c2["dependencies"] == c1["dependencies"],
              f"{db.dialect}: the same paths and contents share their dependencies rows")
        per_snap = db.query("SELECT snapshot_id, count(*) FROM snapshot_dependencies GROUP BY snapshot_id "
                            "ORDER BY snapshot_id")
        check([(int(a), int(b)) for a, b in per_snap] == [(1, c1["dependencies"]), (2, c1["dependencies"])],
              f"{db.dialect}: snapshot_dependencies shows them for both snapshots")
        snaps = db.query("SELECT DISTINCT snapshot_id FROM current_files")
        check([tuple(map(int, r)) for r in snaps] == [(2,)], f"{db.dialect}: views show snapshot 2 only")
        n_cur = int(db.query("SELECT count(*) FROM current_functions")[0][0])
        n_want = int(db.query("SELECT sum(m.function_count) FROM files f JOIN file_metrics m "
                              "ON m.repository_id = f.repository_id AND m.blob_id = f.blob_id "
                              "WHERE f.snapshot_id = 2")[0][0])
        check(n_cur == n_want, f"{db.dialect}: current_functions has one row per function per file")
        broken = db.query("SELECT parse_error, parse_error_line FROM current_files WHERE path = 'broken.py'")
        check([tuple(map(str, r)) for r in broken] in ([("1", "4")], [("t", "4")], [("True", "4")]),
              f"{db.dialect}: broken.py flagged with its first error line")
    if pg:
        check(dump(sq, "dependencies") == dump(pg, "dependencies"), "dependencies agree")
        check(dump(sq, "snapshot_dependencies") == dump(pg, "snapshot_dependencies"),
              "snapshot_dependencies agree")
        check(dump(sq, "files") == dump(pg, "files"), "files of both snapshots agree")
finally:
    for db in dbs:
        db.drop()
    shutil.rmtree(root, ignore_errors=True)
finish()
