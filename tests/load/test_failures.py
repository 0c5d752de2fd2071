#!/usr/bin/env python3
"""tests/load/test_failures.py: a batch the database refuses mid-COPY (PostgreSQL) or mid-insert
(SQLite) for a reason other than its data (refusals for the data: test_bad_rows.py) is rolled back
whole, the run exits with the database code naming table, file and the server's message, its
snapshot is failed and invisible, and rerunning succeeds with the same rows as a clean run. Also: a snapshot left 'running' by a dead run is marked failed by the next run."""
import json
import shutil

import os

from common import SqliteDB, check, dump, engines, finish, run, tables, tmpdir, write


root = tmpdir()
for i in range(30):
    write(root, f"m{i:02d}.py", f"import os\n\ndef f{i}(x):\n    if x:\n        return {i}\n    return 0\n")
write(root, "zz_boom.py", "def boom():\n    pass\n\nclass After:\n    def m(self):\n        pass\n")

TRIGGERS = {
    "postgresql": """
        CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'boom is refused by a test trigger'; END $$;
        CREATE TRIGGER refuse_boom BEFORE INSERT ON functions FOR EACH ROW
            WHEN (NEW.name = 'boom') EXECUTE FUNCTION refuse_boom();""",
    "sqlite": """
        CREATE TRIGGER refuse_boom BEFORE INSERT ON functions WHEN NEW.name = 'boom'
        BEGIN SELECT json('boom is refused by a test trigger'); END;""",
}
DROP = {"postgresql": "DROP TRIGGER refuse_boom ON functions", "sqlite": "DROP TRIGGER refuse_boom"}

for make in engines():
    db, clean = make(), make()
    d = db.dialect
    try:
        run("migrate", "--db", db.url, check_exit=0)
        db.execute(TRIGGERS[d])
        p = run("index", root, "--db", db.url, "--batch-size", "8", "--json")
        check(p.returncode == 3, f"{d}: refused batch exits with the database code (got {p.returncode})")
        s = json.loads(p.stdout)
        msg = p.stderr + (s.get("fatal") or "")
        server = "boom is refused" if d == "postgresql" else "malformed JSON"  # SQLITE_ERROR
        check("functions" in msg and "zz_boom.py" in msg and server in msg,
              f"{d}: error names table, file and server message: {msg.strip()}")
        check(s["status"] == "failed", f"{d}: summary says failed")
        status = db.query("SELECT status FROM snapshots")
        check([r[0] for r in status] == ["failed"], f"{d}: the snapshot is marked failed")
        check(db.query("SELECT count(*) FROM current_files")[0][0] in (0, "0"),
              f"{d}: a failed snapshot never shows in the views")
        boom = db.query("SELECT count(*) FROM files WHERE path = 'zz_boom.py'")[0][0]
        check(int(boom) == 0, f"{d}: nothing of the failed batch remains (files)")
        after = db.query("SELECT count(*) FROM classes WHERE name = 'After'")[0][0]
        check(int(after) == 0, f"{d}: nothing of the failed batch remains (classes)")
        m24 = int(db.query("SELECT count(*) FROM files WHERE path = 'm24.py'")[0][0])
        check(m24 == 0, f"{d}: files of the failed batch are gone (same batch as zz_boom.py)")
        committed = int(db.query("SELECT count(*) FROM blobs")[0][0])
        check(committed == 24, f"{d}: earlier batches stay committed (24 blobs, got {committed})")

        db.execute(DROP[d])
        p = run("index", root, "--db", db.url, "--batch-size", "8", "--json", check_exit=0)
        s = json.loads(p.stdout)
        check(s["status"] == "complete" and s["reused"] == 24 and s["parsed"] == 7,
              f"{d}: rerun completes, reusing the committed blobs ({s['reused']} reused, {s['parsed']} parsed)")
        run("index", root, "--db", clean.url, check_exit=0)
        # the rerun's snapshot is number 2 where the clean run's is 1: compare all but that column
        cur = "WHERE snapshot_id = (SELECT max(snapshot_id) FROM snapshots WHERE status = 'complete')"
        files_sql = f"SELECT path, blob_id FROM files {cur}"
        deps_sql = ("SELECT path, import_id, blob_id, kind, target_path, target_module, package, reason "
                    f"FROM snapshot_dependencies {cur}")
        check(sorted(db.query(files_sql)) == sorted(clean.query(files_sql)),
              f"{d}: rerun's files equal a clean run's")
        check(sorted(map(str, db.query(deps_sql))) == sorted(map(str, clean.query(deps_sql))),
              f"{d}: rerun's dependencies equal a clean run's")
        for t in tables.per_blob():
            check(dump(db, t) == dump(clean, t), f"{d}: {t} rows equal a clean run's")

        # a run that died leaves 'running'; the next run (holding the lock) marks it failed
        db.execute("INSERT INTO snapshots (repository_id, snapshot_id, status) VALUES (1, 99, 'running')")
        run("index", root, "--db", db.url, "--quiet", check_exit=0)
        st = db.query("SELECT status, error FROM snapshots WHERE snapshot_id = 99")[0]
        check(st[0] == "failed" and "abandoned" in st[1], f"{d}: a stale running snapshot is marked failed")
    finally:
        db.drop()
        clean.drop()

# a file that cannot be read is a file-level error: exit 1, everything else committed
root2 = tmpdir()
write(root2, "good.py", "def g():\n    pass\n")
os.makedirs(os.path.join(root2, "adir"))
os.symlink("adir", os.path.join(root2, "weird.py"))
os.symlink("/etc/hostname", os.path.join(root2, "outside.py"))
sq = SqliteDB()
try:
    p = run("index", root2, "--db", sq.url, "--json")
    s = json.loads(p.stdout)
    check(p.returncode == 1, f"unreadable file gives exit 1 (got {p.returncode})")
    check(s["failed"] == 1 and s["errors"][0]["path"] == "weird.py", "the error names the file")
    check(s["skipped"] == 1 and s["parsed"] == 1, "a symlink out of the repository is skipped, not read")
    check(s["status"] == "complete", "the snapshot still completes")
finally:
    sq.drop()
    shutil.rmtree(root2, ignore_errors=True)
shutil.rmtree(root, ignore_errors=True)
finish()
