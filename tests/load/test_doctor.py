#!/usr/bin/env python3
"""tests/load/test_doctor.py: `snakepipe doctor` on healthy and deliberately broken databases of
both kinds: each check's status and reason, the exit code (0 ok, 1 warning, 3 error) and --json.
Broken: a snapshot left running by a dead run (and one a live run holds), a newer schema, a
repository not indexed for long, statistics older than the last load, blobs no snapshot uses, a
stopped server / a missing file."""
import json

from common import HeldLock, PG, check, engines, finish, run, tmpdir, write


def doctor(db, *extra):
    p = run("doctor", "--db", db.url, "--json", *extra)
    try:
        out = json.loads(p.stdout)
    except ValueError:
        print(p.stdout, p.stderr)
        raise
    return p.returncode, out["status"], {c["name"]: (c["status"], c["reason"]) for c in out["checks"]}


def repo_tree(n_files, n_funcs):
    """n_files small Python files, the first holding n_funcs functions."""
    root = tmpdir()
    write(root, "big.py", "".join(f"def f{i}(x):\n    return x + {i}\n\n" for i in range(n_funcs)))
    for i in range(n_files):
        write(root, f"m{i}.py", f"def g{i}():\n    return {i}\n")
    return root


for make in engines():
    db = make()
    name = db.dialect
    root = repo_tree(150, 1200)
    run("index", root, "--db", db.url, "--quiet", check_exit=0)
    pg = name == "postgresql"
    # healthy as the run leaves it: it analysed what it loaded. SQLite's ANALYZE under
    # analysis_limit recorded row counts 5-50 % off (1,350 functions seen as 960-1,168) and
    # PostgreSQL's server counted the last batches' rows after the ANALYZE (their backend had
    # not reported them yet): doctor saw statistics older than the load after every run.
    if not pg:
        for tbl in ("functions", "function_metrics", "files", "blobs"):
            n = db.query(f"SELECT count(*) FROM {tbl}")[0][0]
            known = db.query(f"SELECT idx, CAST(stat AS integer) FROM sqlite_stat1 WHERE tbl = '{tbl}' AND (idx IS NULL "
                             f"OR idx NOT IN (SELECT name FROM pragma_index_list('{tbl}') WHERE \"partial\"))")
            check(known and all(k == n for _, k in known),
                  f"{name}: sqlite_stat1 knows {tbl}'s exact rows after the run ({n}: {known})")
    code, status, c = doctor(db)
    for k in ("database", "schema", "running", "stale", "statistics", "size", "garbage"):
        check(c.get(k, ("missing",))[0] == "ok", f"{name}: healthy: {k} ok ({c.get(k)})")
    check(("disk" in c) == (not pg) and ("settings" in c) == pg, f"{name}: disk only for SQLite, settings only for PostgreSQL")
    if pg:  # the throwaway test server runs with fsync=off: the one thing a healthy database here warns of
        check(c["settings"][0] == "warning" and "fsync=off" in c["settings"][1], f"{name}: fsync=off is named ({c['settings']})")
        check(code == 1 and status == "warning", f"{name}: a warning exits 1 (got {code})")
    else:
        check(c["disk"][0] == "ok" and "free" in c["disk"][1], f"{name}: disk space reported ({c['disk']})")
        check(code == 0 and status == "ok", f"{name}: all ok exits 0 (got {code})")
    check("functions" in c["size"][1] or "blobs" in c["size"][1], f"{name}: size names the largest tables ({c['size'][1]})")
    p = run("doctor", "--db", db.url)
    check(p.stdout.startswith("doctor: ") and "\nok       schema" in p.stdout, f"{name}: text output, one line per check")

    # a snapshot left 'running' by a run that died (nobody holds the lock), then by a live one
    db.execute("UPDATE snapshots SET status = 'running' WHERE snapshot_id = 1")
    code, status, c = doctor(db)
    check(c["running"][0] == "warning" and "died" in c["running"][1] and "#1" in c["running"][1],
          f"{name}: a dead run's snapshot warns ({c['running']})")
    check(code == 1, f"{name}: exit 1 on a warning (got {code})")
    held = HeldLock(db, 1)
    try:
        code, status, c = doctor(db)
        check(c["running"][0] == "ok" and "live" in c["running"][1], f"{name}: a live run's snapshot is ok ({c['running']})")
    finally:
        held.release()
    db.execute("UPDATE snapshots SET status = 'complete' WHERE snapshot_id = 1")

    # not indexed for long
    old = "'2020-01-01T00:00:00Z'" if not pg else "'2020-01-01 00:00:00+00'"
    db.execute(f"UPDATE snapshots SET finished_at = {old}")
    code, status, c = doctor(db, "--stale-after", "30d")
    check(c["stale"][0] == "warning" and "within 30d" in c["stale"][1], f"{name}: a stale repository warns ({c['stale']})")
    code, status, c = doctor(db, "--stale-after", "520w")
    check(c["stale"][0] == "ok", f"{name}: --stale-after moves the limit ({c['stale']})")
    p = run("doctor", "--db", db.url, "--stale-after", "soon")
    check(p.returncode == 2 and "--stale-after" in p.stderr, f"{name}: a bad age is a usage error")

    # statistics older than the last load
    if pg:
        db.execute("UPDATE functions SET end_line = end_line")
    else:
        db.execute("DROP TABLE sqlite_stat1")
    code, status, c = doctor(db)
    check(c["statistics"][0] == "warning" and "functions" in c["statistics"][1],
          f"{name}: stale planner statistics warn, naming the table ({c['statistics']})")
    db.execute("ANALYZE")
    code, status, c = doctor(db)
    check(c["statistics"][0] == "ok", f"{name}: ANALYZE makes them current ({c['statistics']})")

    # blobs no snapshot uses: the files rows of the only snapshot gone
    db.execute("DELETE FROM files")
    code, status, c = doctor(db)
    check(c["garbage"][0] == "warning" and "151 of 151 blobs" in c["garbage"][1] and "gc" in c["garbage"][1],
          f"{name}: unused blobs warn with what gc would free ({c['garbage']})")

    # a schema newer than this binary: an error, exit 3
    db.execute("INSERT INTO schema_migrations (version, name, checksum) VALUES (9999, 'future', 'x')")
    code, status, c = doctor(db)
    check(c["schema"][0] == "error" and "newer" in c["schema"][1], f"{name}: a newer schema is an error ({c['schema']})")
    check(c["running"][0] == "warning" and "not checked" in c["running"][1], f"{name}: data checks are not run on it")
    check(code == 3 and status == "error", f"{name}: exit 3 on an error (got {code})")
    db.drop()

# nothing answers
missing = tmpdir() + "/none.db"
p = run("doctor", "--db", missing)
check(p.returncode == 3 and "no SQLite database" in p.stdout, "sqlite: a missing file is an error, exit 3")
import os  # noqa: E402
check(not os.path.exists(missing), "sqlite: doctor creates no database")
if PG:
    p = run("doctor", "--db", "postgresql://u:s3cret@127.0.0.1:1/x", "--json")
    out = json.loads(p.stdout)
    check(p.returncode == 3 and out["checks"][0]["status"] == "error" and "does not answer" in out["checks"][0]["reason"],
          "postgresql: a stopped server is an error, exit 3")
    check("s3cret" not in p.stdout + p.stderr, "postgresql: the password never appears")
finish()
