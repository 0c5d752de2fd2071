#!/usr/bin/env python3
"""tests/load/test_watch.py: `snakepipe watch`. A burst of 1,000 new files becomes one or a few
snapshots with all of them; a file saved twice within the interval is parsed once; new
directories are watched, git-ignored paths and editors' swap files start no flush; SIGTERM ends
the watch after the flush under way (exit 0); SIGKILL mid-flush leaves a consistent database;
with PostgreSQL stopped during a flush the changes are written after it is back."""
import os
import signal
import subprocess
import time

import watchproc

from common import BIN, SRC, PgDB, SqliteDB, check, finish, git_commit_all, pg_half, tmpdir, write


def Watch(root, db, *extra):
    return watchproc.Watch(BIN, root, "--db", db.url, *extra)


def repo():
    root = tmpdir()
    write(root, ".gitignore", "build/\n")
    write(root, "a.py", "def a():\n    return 1\n")
    git_commit_all(root)
    return root


def functions(db):
    return int(db.query("SELECT count(*) FROM current_functions")[0][0])


# ---- SQLite: bursts, duplicates, ignored paths, signals ----
db = SqliteDB()
root = repo()
w = Watch(root, db, "--flush-interval", "3", "--flush-files", "100")
check(w.wait("run_finished") is not None, "the watch catches up first (one index at the start)")
check(w.of("watching")[0]["directories"] >= 1, "the watching event says how many directories")
runs0 = len(w.of("run_finished"))
for i in range(1000):
    write(root, f"burst/d{i % 10}/m{i}.py", f"def f{i}():\n    return {i}\n")
end = time.monotonic() + 120
while time.monotonic() < end and functions(db) < 1001:
    time.sleep(0.1)
time.sleep(3.5)  # one more interval: nothing else may flush
flushes = len(w.of("run_finished")) - runs0
check(functions(db) == 1001, f"the burst: every new function is in current_functions ({functions(db)})")
check(1 <= flushes <= 3, f"the burst of 1,000 files became one or a few snapshots ({flushes})")

runs0 = len(w.of("run_finished"))
write(root, "twice.py", "def t():\n    return 1\n")
write(root, "twice.py", "def t():\n    return 2\n")
write(root, "build/ignored.py", "def ignored():\n    pass\n")  # git ignores build/
check(w.wait("run_finished", runs0 + 1) is not None, "a change flushes after the interval")
last = w.of("run_finished")[-1]
check(last["parsed"] == 1, f"a file saved twice within the interval is parsed once ({last['parsed']})")
check(int(db.query("SELECT count(*) FROM current_functions WHERE name = 'ignored'")[0][0]) == 0,
      "a git-ignored file is not indexed")
# between flushes the repository's lock is free: another run does not wait for the watch
r = subprocess.run([BIN, "index", root, "--db", db.url, "--no-wait", "--quiet"], capture_output=True, text=True)
check(r.returncode == 0, f"between flushes the lock is free: index --no-wait runs (exit {r.returncode})")
runs0 = len(w.of("run_finished"))
write(root, ".twice.py.swp", "swap")
write(root, "build/other.py", "x = 1\n")
time.sleep(4)
check(len(w.of("run_finished")) == runs0, "swap files and ignored paths start no flush")

# SIGTERM during a flush: the flush finishes, then the watch exits 0
started = len(w.of("flush_started"))
for i in range(300):
    write(root, f"late/m{i}.py", f"def late{i}():\n    return {i}\n")
w.wait("flush_started", started + 1)
code = w.stop(signal.SIGTERM)
status = db.query("SELECT status FROM snapshots ORDER BY snapshot_id DESC LIMIT 1")[0][0]
check(code == 0 and status == "complete", f"SIGTERM mid-flush: the flush completes, exit 0 ({code}, {status})")
check(len(w.of("watch_stopped")) == 1, "SIGTERM: a watch_stopped event")

# SIGKILL mid-flush: no partial snapshot shows; the next run recovers
before = functions(db)
w = Watch(root, db, "--flush-interval", "0.2", "--no-catch-up", "--batch-size", "8")
w.wait("watching")
for i in range(400):
    write(root, f"kill/m{i}.py", f"def k{i}():\n    return {i}\n")
w.wait("batch_committed")  # the flush's snapshot is open, some of its batches written
w.stop(signal.SIGKILL)
after = functions(db)
check(int(db.query("SELECT count(*) FROM snapshots WHERE status = 'running'")[0][0]) == 1,
      "SIGKILL mid-flush: the killed flush's snapshot is left running")
check(after == before or after == before + 400, f"SIGKILL mid-flush: current_functions is one complete snapshot ({before} -> {after})")
r = subprocess.run([BIN, "index", root, "--db", db.url, "--quiet"], capture_output=True, text=True)
check(r.returncode == 0 and functions(db) == before + 400, "after SIGKILL the next index completes with every file")
check(int(db.query("SELECT count(*) FROM snapshots WHERE status = 'running'")[0][0]) == 0, "no snapshot left running")
db.drop()

# ---- PostgreSQL stopped during a flush: the changes are kept and written once it is back ----
if pg_half():
    pg_dir = os.environ.get("SNAKEPIPE_PG_TMP")
    db = PgDB()
    root = repo()
    w = Watch(root, db, "--flush-interval", "0.3", "--retries", "1")
    w.wait("run_finished")
    others = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
    first = db.query(others)
    write(root, "second.py", "def second():\n    pass\n")
    w.wait("run_finished", 2)
    check(len(first) == 1 and db.query(others) == first, f"one connection kept across flushes ({first})")
    bounce = subprocess.Popen([os.path.join(SRC, "scripts", "pg-tmp"), "bounce", pg_dir, "4"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)  # the server is going down
    write(root, "during.py", "def during():\n    pass\n")
    deferred = w.wait("flush_deferred", 1, 30) is not None
    bounce.wait()
    end = time.monotonic() + 60
    seen = 0
    while time.monotonic() < end and not seen:
        try:
            seen = int(db.query("SELECT count(*) FROM current_functions WHERE name = 'during'")[0][0])
        except AssertionError:
            pass
        time.sleep(0.2)
    check(deferred, "a flush while the server is down is deferred, its changes kept")
    check(seen == 1, "after the server is back the kept changes are written")
    check(w.stop() == 0, "the watch stops cleanly after the outage")
    db.drop()
finish()
