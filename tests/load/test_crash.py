#!/usr/bin/env python3
"""tests/load/test_crash.py: crash safety and concurrency, for real. snakepipe is killed with
SIGKILL at several points of a run (SQLite and PostgreSQL), and the PostgreSQL server is stopped
and restarted in the middle of a run: no partial snapshot ever shows, the next run marks the stale
snapshot failed, reuses the committed blobs and completes with the same rows as a clean run.
Two runs on one repository never interleave (--no-wait exits 5; without it the second waits);
runs on different repositories proceed in parallel on PostgreSQL."""
import json
import os
import shutil
import signal
import subprocess
import time

import promtext
from common import (BIN, SRC, HeldLock, PgDB, check, engines, finish, pg_half, run, tables, tmpdir,
                    wait_for_text, write)


root = tmpdir()
for i in range(240):
    write(root, f"pkg/m{i:03d}.py", f"import os\nfrom . import m{(i + 1) % 240:03d}\n\n"
          f"def f{i}(x):\n    if x:\n        return {i}\n    return 0\n\nclass C{i}:\n    pass\n")
write(root, "pkg/__init__.py", "")
# real code too, so that a single-threaded SQLite run lasts long enough to be interrupted
for sub in ("email", "asyncio", "json", "unittest", "xml", "http", "logging", "concurrent"):
    shutil.copytree(os.path.join("/usr/lib/python3.11", sub), os.path.join(root, "lib", sub),
                    ignore=shutil.ignore_patterns("__pycache__"))

# PostgreSQL runs are slowed down by a trigger so that a kill or a server stop lands mid-run.
SLOW_PG = """CREATE FUNCTION slow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM pg_sleep(0.03); RETURN NULL; END $$;
CREATE TRIGGER slow AFTER INSERT ON files FOR EACH STATEMENT EXECUTE FUNCTION slow();"""


def final_state(db):
    """Rows of the latest complete snapshot and all facts, without run-specific ids."""
    cur = "WHERE snapshot_id = (SELECT max(snapshot_id) FROM snapshots WHERE status = 'complete')"
    files = sorted(map(str, db.query(f"SELECT path, blob_id FROM files {cur}")))
    deps = sorted(map(str, db.query("SELECT path, import_id, blob_id, kind, target_path, target_module "
                                    f"FROM snapshot_dependencies {cur}")))
    facts = {t: sorted(map(str, db.query(f"SELECT * FROM {t}")))
             for t in tables.per_blob()}
    return files, deps, facts


def no_orphans(db, d, what):
    orphan_blobs = int(db.query("SELECT count(*) FROM blobs b WHERE NOT EXISTS (SELECT 1 FROM files f "
                                "WHERE f.repository_id = b.repository_id AND f.blob_id = b.blob_id)")[0][0])
    stray_files = int(db.query("SELECT count(*) FROM files f JOIN snapshots s ON s.repository_id = "
                               "f.repository_id AND s.snapshot_id = f.snapshot_id "
                               "WHERE s.status <> 'complete'")[0][0])
    check(orphan_blobs == 0 and stray_files == 0,
          f"{d} {what}: no orphan blobs ({orphan_blobs}) and no files of unfinished snapshots ({stray_files})")


def start(db, *extra):
    return subprocess.Popen([BIN, "index", root, "--db", db.url, "--batch-size", "6", "--jobs", "1", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def timed_clean_run(db):
    if db.dialect == "postgresql":
        run("migrate", "--db", db.url, check_exit=0)
        db.execute(SLOW_PG)
    t = time.monotonic()
    p = start(db)
    p.communicate()
    assert p.returncode == 0, p.returncode
    return time.monotonic() - t


n_sources = sum(1 for _, _, fs in os.walk(root) for f in fs if f.endswith(".py"))


def committed_files(db):
    """files rows committed by the run in progress (its snapshot is still running)."""
    try:
        return int(db.query("SELECT count(*) FROM files f JOIN snapshots s ON s.repository_id = "
                            "f.repository_id AND s.snapshot_id = f.snapshot_id "
                            "WHERE s.status = 'running'")[0][0])
    except Exception:  # the schema may not be there yet at the very start
        return 0


def kill_when(db, p, at_least):
    """SIGKILL p once at least this many files rows of its snapshot are committed (0: at once).
    The point is chosen by progress, not by time, so a slow or fast machine kills mid-run alike."""
    while at_least and p.poll() is None and committed_files(db) < at_least:
        time.sleep(0.005)
    running = p.poll() is None
    p.send_signal(signal.SIGKILL)
    p.wait()
    return running


for make in engines():
    clean = make()
    d = clean.dialect
    timed_clean_run(clean)
    want = final_state(clean)
    for at_least in (0, n_sources // 4, (n_sources * 3) // 5):
        what = f"killed after {at_least} files committed"
        db = make()
        try:
            run("migrate", "--db", db.url, check_exit=0)
            if d == "postgresql":
                db.execute(SLOW_PG)
            p = start(db)
            check(kill_when(db, p, at_least), f"{d} {what}: the kill landed while the run was going on")
            visible = int(db.query("SELECT count(*) FROM current_files")[0][0])
            statuses = [r[0] for r in db.query("SELECT status FROM snapshots")]
            check(visible == 0 and "complete" not in statuses, f"{d} {what}: no snapshot visible ({statuses})")
            r = run("index", root, "--db", db.url, "--json", check_exit=0)
            s = json.loads(r.stdout)
            statuses = [r[0] for r in db.query("SELECT status FROM snapshots ORDER BY snapshot_id")]
            check(statuses[-1] == "complete" and all(x == "failed" for x in statuses[:-1]),
                  f"{d} {what}: the next run marks the stale snapshot failed ({statuses})")
            check(s["parsed"] + s["reused"] == n_sources and (at_least == 0 or s["reused"] >= at_least),
                  f"{d} {what}: rerun reused {s['reused']} committed blobs, parsed {s['parsed']}")
            check(final_state(db) == want, f"{d} {what}: rows equal a clean run's, row for row")
            no_orphans(db, d, what)
        finally:
            db.drop()
    clean.drop()

# ---- the PostgreSQL server stopped and restarted in the middle of a run ----
pg_dir = os.environ.get("SNAKEPIPE_PG_TMP")
bounce = os.path.join(SRC, "scripts", "pg-tmp")


def run_through_outage(db, retries, down_seconds, *extra):
    """Starts a slowed-down run, stops the server a quarter of the way through for down_seconds,
    and returns the run's exit code and stderr."""
    run("migrate", "--db", db.url, check_exit=0)
    db.execute(SLOW_PG)
    p = start(db, "--retries", str(retries), "--json", *extra)
    while p.poll() is None and committed_files(db) < n_sources // 4:
        time.sleep(0.005)
    subprocess.run([bounce, "bounce", pg_dir, str(down_seconds)], check=True, capture_output=True)
    _, err = p.communicate(timeout=120)
    return p.returncode, err


if pg_half():
    clean, db, db2 = PgDB(), PgDB(), PgDB()
    try:
        timed_clean_run(clean)
        prom = os.path.join(tmpdir(), "run.prom")
        code, err = run_through_outage(db, 6, 1, "--log-format", "json", "--metrics-file", prom)
        events = [json.loads(line) for line in err.splitlines()]
        kinds = {e["event"] for e in events}
        check(code == 0 and {"retry", "reconnected", "batch_committed", "run_finished"} <= kinds,
              f"server restarted mid-run: the run reconnects and completes, retry and reconnect logged as JSON "
              f"events (exit {code}, {sorted(kinds)})")
        fams = promtext.parse(open(prom).read())
        check(promtext.value(fams, "snakepipe_db_reconnects") >= 1 and promtext.value(fams, "snakepipe_exit_code") == 0,
              "server restarted mid-run: the metrics file counts the reconnect")
        check(final_state(db) == final_state(clean), "server restarted mid-run: rows equal a clean run's")
        no_orphans(db, "postgresql", "server restarted mid-run")

        # down for longer than the retries allow: a clear failure, then a rerun completes
        code, err = run_through_outage(db2, retries=1, down_seconds=3)
        check(code == 3 and "reconnecting in" in err and "reconnect attempts failed" in err,
              f"server down too long: exit 3 with a clear message ({err.strip()[-120:]})")
        run("index", root, "--db", db2.url, check_exit=0)
        check(final_state(db2) == final_state(clean), "after the outage a rerun completes with the same rows")
        no_orphans(db2, "postgresql", "after an outage")
    finally:
        for x in (clean, db, db2):
            x.drop()

# ---- locks: held here by hand, so nothing depends on how long a run takes ----


for make in engines():
    db = make()
    d = db.dialect
    try:
        run("index", root, "--db", db.url, "--quiet", check_exit=0)  # repository 1 exists now
        lock = HeldLock(db, 1)
        r = run("index", root, "--db", db.url, "--no-wait")
        check(r.returncode == 5 and "another run" in r.stderr,
              f"{d}: --no-wait exits 5 while another run holds the repository (got {r.returncode})")
        waiting = subprocess.Popen([BIN, "index", root, "--db", db.url], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE)
        said = wait_for_text(waiting.stderr, "waiting for another run")
        still = waiting.poll() is None
        lock.release()
        waiting.wait(timeout=300)
        check(said and still and waiting.returncode == 0,
              f"{d}: without --no-wait a run says it waits, blocks, and completes once the lock is free")
        snaps = db.query("SELECT status FROM snapshots ORDER BY snapshot_id")
        check([r[0] for r in snaps] == ["complete", "complete"], f"{d}: exactly two complete snapshots ({snaps})")
        if d == "postgresql":
            other = tmpdir()
            write(other, "x.py", "def x():\n    pass\n")
            lock = HeldLock(db, 1)
            b = run("index", other, "--db", db.url, "--no-wait")
            lock.release()
            check(b.returncode == 0, "postgresql: another repository is indexed while the first is locked")
            shutil.rmtree(other, ignore_errors=True)
    finally:
        db.drop()

shutil.rmtree(root, ignore_errors=True)
finish()
