#!/usr/bin/env python3
"""tests/load/test_gc.py: retention. gc keeps the newest snapshots (or drops those older than a
date), never the latest complete one, then deletes dependencies and blobs no snapshot uses: no
unreferenced blob, no dangling key, and the kept snapshots are untouched. SQLite and PostgreSQL."""
import json
import shutil

from common import check, engines, finish, run, tmpdir, write



def dangling(db):
    """Rows whose parent is missing, for every relation (declared or not)."""
    checks = {
        "files->blobs": "SELECT count(*) FROM files f WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE "
                        "b.repository_id = f.repository_id AND b.blob_id = f.blob_id)",
        "files->snapshots": "SELECT count(*) FROM files f WHERE NOT EXISTS (SELECT 1 FROM snapshots s "
                            "WHERE s.repository_id = f.repository_id AND s.snapshot_id = f.snapshot_id)",
        "functions->blobs": "SELECT count(*) FROM functions f WHERE NOT EXISTS (SELECT 1 FROM blobs b "
                            "WHERE b.repository_id = f.repository_id AND b.blob_id = f.blob_id)",
        "function_metrics->functions": "SELECT count(*) FROM function_metrics m WHERE NOT EXISTS (SELECT 1 "
                                       "FROM functions f WHERE f.repository_id = m.repository_id AND "
                                       "f.blob_id = m.blob_id AND f.function_id = m.function_id)",
        "imports->blobs": "SELECT count(*) FROM imports i WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE "
                          "b.repository_id = i.repository_id AND b.blob_id = i.blob_id)",
        "dependencies->imports": "SELECT count(*) FROM dependencies d WHERE NOT EXISTS (SELECT 1 FROM imports i "
                                 "WHERE i.repository_id = d.repository_id AND i.blob_id = d.blob_id AND "
                                 "i.import_id = d.import_id)",
        "dependencies unused": "SELECT count(*) FROM dependencies d WHERE NOT EXISTS (SELECT 1 FROM snapshots s "
                               "JOIN files f ON f.repository_id = s.repository_id AND f.snapshot_id = "
                               "s.snapshot_id WHERE s.path_set = d.path_set AND f.path = d.path AND "
                               "f.blob_id = d.blob_id)",
        "call_resolutions unused": "SELECT count(*) FROM call_resolutions d WHERE NOT EXISTS (SELECT 1 FROM "
                                   "snapshots s JOIN files f ON f.repository_id = s.repository_id AND "
                                   "f.snapshot_id = s.snapshot_id WHERE s.path_set = d.path_set AND "
                                   "f.path = d.path AND f.blob_id = d.blob_id)",
        "call_link_files unused": "SELECT count(*) FROM call_link_files l WHERE NOT EXISTS (SELECT 1 FROM "
                                  "snapshots s WHERE s.repository_id = l.repository_id AND "
                                  "s.calls_set = l.calls_set)",
        "call_links unused": "SELECT count(*) FROM call_links l WHERE NOT EXISTS (SELECT 1 FROM call_link_files f "
                             "WHERE f.repository_id = l.repository_id AND f.links_set = l.calls_set "
                             "AND f.path = l.path)",
        "blobs unreferenced": "SELECT count(*) FROM blobs b WHERE NOT EXISTS (SELECT 1 FROM files f WHERE "
                              "f.repository_id = b.repository_id AND f.blob_id = b.blob_id)",
    }
    return {k: int(db.query(q)[0][0]) for k, q in checks.items()}


for make in engines():
    db = make()
    d = db.dialect
    root = tmpdir()
    try:
        for i in range(6):  # six snapshots, each changing a file and adding one
            write(root, "stable.py", "import os\n\ndef stable():\n    return 1\n")
            write(root, "moving.py", f"import stable\n\ndef moving():\n    return stable.stable() + {i}\n")
            write(root, f"added{i}.py", f"from . import moving\n\ndef a{i}():\n    pass\n")
            run("index", root, "--db", db.url, "--quiet", check_exit=0)
        before = db.query("SELECT count(*) FROM blobs")[0][0]
        kept_files = sorted(db.query("SELECT snapshot_id, path, blob_id FROM files WHERE snapshot_id >= 5"))
        sets = int(db.query("SELECT count(DISTINCT calls_set) FROM call_link_files")[0][0])
        check(sets == 6, f"{d}: each snapshot's changed files resolved their calls anew ({sets} call sets)")
        r = run("gc", "--keep", "2", "--db", db.url, "--json", check_exit=0)
        out = json.loads(r.stdout)
        check(out["snapshots_deleted"] == 4, f"{d}: --keep 2 deletes the 4 older snapshots")
        snaps = [int(x[0]) for x in db.query("SELECT snapshot_id FROM snapshots ORDER BY snapshot_id")]
        check(snaps == [5, 6], f"{d}: the two newest remain ({snaps})")
        check(out["blobs_deleted"] == 4 and int(db.query("SELECT count(*) FROM blobs")[0][0]) == int(before) - 4,
              f"{d}: blobs only older snapshots used are deleted ({out['blobs_deleted']})")
        sets = sorted(int(x[0]) for x in db.query("SELECT DISTINCT calls_set FROM call_link_files"))
        check(sets == [5, 6], f"{d}: gc keeps the call links of the kept snapshots only ({sets})")
        check(all(v == 0 for v in dangling(db).values()), f"{d}: no unreferenced blob, no dangling key {dangling(db)}")
        check(sorted(db.query("SELECT snapshot_id, path, blob_id FROM files WHERE snapshot_id >= 5")) == kept_files,
              f"{d}: the kept snapshots are untouched")
        n = int(db.query("SELECT count(*) FROM current_dependencies")[0][0])
        check(n == 8, f"{d}: the current snapshot keeps its dependencies ({n})")
        r = run("gc", "--older-than", "2999-01-01", "--db", db.url, "--json", check_exit=0)
        snaps = [int(x[0]) for x in db.query("SELECT snapshot_id FROM snapshots ORDER BY snapshot_id")]
        check(snaps == [6], f"{d}: --older-than keeps the latest complete snapshot whatever its age ({snaps})")
        check(all(v == 0 for v in dangling(db).values()), f"{d}: still consistent after --older-than")
        run("index", root, "--db", db.url, "--quiet", check_exit=0)
        check(int(db.query("SELECT max(snapshot_id) FROM snapshots WHERE status = 'complete'")[0][0]) == 7,
              f"{d}: indexing goes on after gc")
        for args, what in ((["gc", "--db", db.url], "no policy"),
                           (["gc", "--keep", "1", "--older-than", "2020-01-01", "--db", db.url], "two policies"),
                           (["gc", "--older-than", "yesterday", "--db", db.url], "a bad date")):
            check(run(*args).returncode == 2, f"{d}: gc with {what} is a usage error")
    finally:
        db.drop()
        shutil.rmtree(root, ignore_errors=True)
# SQLite gives the space of what gc deleted back to the file system (VACUUM) when it is much
import os  # noqa: E402
from common import SqliteDB  # noqa: E402
big = tmpdir()
db = SqliteDB()
try:
    for n in range(2):
        shutil.rmtree(big, ignore_errors=True)
        for i in range(300):
            write(big, f"m{i}.py", "".join(f"def f{n}_{i}_{k}(x):\n    if x > {k}:\n        return {n}\n    return x\n\n"
                                           for k in range(40)))
        run("index", big, "--db", db.url, "--quiet", check_exit=0)
    path = db.url
    before = os.path.getsize(path)
    out = json.loads(run("gc", "--keep", "1", "--db", db.url, "--json", check_exit=0).stdout)
    after = os.path.getsize(path)
    check(out["blobs_deleted"] == 300 and out["bytes_reclaimed"] > 0 and after < before * 0.75,
          f"sqlite: gc gives freed space back ({before} -> {after} bytes, {out.get('bytes_reclaimed')} reclaimed)")
    n = int(db.query("SELECT count(*) FROM current_functions")[0][0])
    check(n == 12000, f"sqlite: the kept snapshot is whole after VACUUM ({n} functions)")
finally:
    db.drop()
    shutil.rmtree(big, ignore_errors=True)
finish()
