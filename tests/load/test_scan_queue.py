#!/usr/bin/env python3
"""tests/load/test_scan_queue.py: scans shared by many machines (PostgreSQL, migration 0010): a
manifest of ten repositories enqueued, three `scan --worker` processes, the one indexing the big
repository SIGKILLed mid-snapshot: its lease runs out, another worker takes the repository over,
every repository ends with exactly one complete snapshot and the same facts a single-process scan
stores; the run's status view says so. SQLite is refused as a usage error that creates nothing."""
import os
import shutil
import signal
import subprocess
import time

from common import BIN, PgDB, check, finish, git_commit_all, need_pg, run, tmpdir, write

work = tmpdir()


def repositories():
    """Ten repositories: the first big enough (80 stdlib modules, written two files a
    transaction) that a worker can be killed in its middle; the others small and varied, with
    the manifest keys a scan honours."""
    big = os.path.join(work, "big")
    lib = "/usr/lib/python3.11"
    for name in sorted(p for p in os.listdir(lib) if p.endswith(".py"))[:80]:
        shutil.copy(os.path.join(lib, name), os.path.join(write_dir(big), name))
    entries = [f"  - path: {big}\n"]
    for i in range(1, 10):
        root = os.path.join(work, f"r{i}")
        write(root, "src/a.py", f"import os\nfrom . import b\n\ndef a{i}(x):\n    if x:\n        return {i}\n    return 0\n")
        write(root, "src/b.py", f"class B{i}:\n    def m(self):\n        return {i}\n")
        write(root, "lib/c.c", f'#include "c.h"\nint c{i}(int x) {{ return x > {i} ? x : {i}; }}\n')
        write(root, "lib/c.h", f"int c{i}(int x);\n")
        write(root, "web/w.js", f"export function w{i}() {{ return {i}; }}\n")
        entry = f"  - path: {root}\n"
        if i == 2:
            entry += "    name: example.org/team/two\n"
        if i == 3:
            entry += "    include: ['src/*']\n"
        if i == 4:
            entry += "    languages: [c]\n"
        if i == 5:
            git_commit_all(root)
            write(root, "src/a.py", "def uncommitted():\n    pass\n")  # --rev reads the commit
            entry += "    rev: HEAD\n"
        entries.append(entry)
    manifest = os.path.join(work, "scan.yaml")
    with open(manifest, "w") as f:
        f.write("defaults:\n  batch_size: 2\n  jobs: 1\nrepositories:\n" + "".join(entries))
    return manifest, big


def write_dir(d):
    os.makedirs(d, exist_ok=True)
    return d


def facts(db):
    """What each repository's current snapshot holds, without ids: files with their contents'
    hashes, functions with metrics, classes, dependencies."""
    return {
        "files": sorted(db.query(
            "SELECT r.name, f.path, f.language, b.content_hash FROM current_files f "
            "JOIN repositories r USING (repository_id) "
            "JOIN blobs b ON b.repository_id = f.repository_id AND b.blob_id = f.blob_id")),
        "functions": sorted(db.query(
            "SELECT r.name, f.path, f.qualified_name, f.def_line, f.cyclomatic, f.nloc "
            "FROM current_functions f JOIN repositories r USING (repository_id)")),
        "classes": sorted(db.query(
            "SELECT r.name, c.path, c.qualified_name, c.start_line FROM current_classes c "
            "JOIN repositories r USING (repository_id)")),
        "dependencies": sorted(db.query(
            "SELECT r.name, d.path, d.kind, d.target_path, d.package FROM current_dependencies d "
            "JOIN repositories r USING (repository_id)")),
    }


def sqlite_refused():
    """The queue is PostgreSQL's: a SQLite --db is a usage error that creates no file."""
    manifest = os.path.join(work, "one.yaml")
    write(work, "one/x.py", "def x():\n    pass\n")
    with open(manifest, "w") as f:
        f.write(f"repositories:\n  - path: {os.path.join(work, 'one')}\n")
    db = os.path.join(work, "q.db")
    for args in (["scan", "--enqueue", manifest], ["scan", "--worker"]):
        r = run(*args, "--db", db)
        check(r.returncode == 2 and "needs a PostgreSQL database" in r.stderr and not os.path.exists(db),
              f"{' '.join(args)} on a SQLite file: usage error, no file created (exit {r.returncode})")
    r = run("scan", "--worker", manifest, "--db", db)
    check(r.returncode == 2 and "takes no manifest" in r.stderr, "scan --worker takes no manifest")
    r = run("scan", "--enqueue", "--worker", manifest, "--db", db)
    check(r.returncode == 2 and "one of --enqueue and --worker" in r.stderr, "--enqueue and --worker exclude each other")
    r = run("scan", manifest, "--lease", "5", "--db", db)
    check(r.returncode == 2 and "--lease applies to scan --enqueue" in r.stderr, "--lease needs --enqueue")


def wait_until(db, sql, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        rows = db.query(sql)
        if rows:
            return rows
        time.sleep(0.02)
    return []


def shared_scan(manifest, big):
    single, shared = PgDB(), PgDB()
    workers = []
    try:
        r = run("scan", manifest, "--db", single.url, "--quiet")
        check(r.returncode == 0, f"the single-process scan of the ten repositories (exit {r.returncode}) {r.stderr[-300:]}")
        r = run("scan", "--enqueue", manifest, "--db", shared.url, "--lease", "3", "--json")
        check(r.returncode == 0 and '"repositories": 10' in r.stdout, f"enqueued: {r.stdout.strip()} {r.stderr.strip()}")
        check(shared.query("SELECT count(*), count(*) FILTER (WHERE status = 'queued') FROM scan_queue") == [("10", "10")],
              "ten queued rows, nothing indexed yet")
        for _ in range(3):
            workers.append(subprocess.Popen([BIN, "scan", "--worker", "--db", shared.url, "--quiet", "--json"],
                                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        # the worker holding the big repository, once its snapshot has committed files
        rows = wait_until(shared, f"""SELECT q.worker FROM scan_queue q JOIN snapshots s ON s.status = 'running'
            AND s.location = '{big}' WHERE q.item = 0 AND q.status = 'running'
            AND EXISTS (SELECT 1 FROM files f WHERE f.repository_id = s.repository_id AND f.snapshot_id = s.snapshot_id)""", 120)
        check(len(rows) == 1, "a worker is in the middle of the big repository (a running snapshot with files)")
        victim = None
        if rows:
            pid = int(rows[0][0].rsplit(":", 1)[1])
            victim = next((w for w in workers if w.pid == pid), None)
            check(victim is not None, "that worker is one of ours")
            if victim:
                os.kill(pid, signal.SIGKILL)
        outs = {}
        for w in workers:
            out, err = w.communicate(timeout=300)
            outs[w.pid] = (w.returncode, out, err)
        for w in workers:
            if w is victim:
                check(w.returncode == -signal.SIGKILL, "the victim died of SIGKILL")
            else:
                code, out, err = outs[w.pid]
                check(code == 0, f"a surviving worker exits 0 once the queue is drained (exit {code}) {err[-300:]}")
        q = shared.query("SELECT item, status, attempts, worker, exit_code, snapshot_id IS NOT NULL FROM scan_queue ORDER BY item")
        check(all(row[1] == "done" and row[4] == "0" and row[5] == "t" for row in q) and len(q) == 10,
              f"every row done with exit code 0 and its snapshot recorded ({q})")
        check(q and q[0][2] == "2" and victim is not None and not q[0][3].endswith(f":{victim.pid}"),
              f"the big repository was taken again by another worker after the victim's lease ran out ({q[:1]})")
        check(all(row[2] == "1" for row in q[1:]), "every other repository was claimed once")
        snaps = shared.query("SELECT r.name, count(*) FILTER (WHERE s.status = 'complete'), "
                             "count(*) FILTER (WHERE s.status = 'failed'), count(*) FILTER (WHERE s.status = 'running') "
                             "FROM repositories r JOIN snapshots s USING (repository_id) GROUP BY r.name ORDER BY r.name")
        check(len(snaps) == 10 and all(s[1] == "1" and s[3] == "0" for s in snaps),
              f"each of the ten repositories has exactly one complete snapshot and none left running ({snaps})")
        check(sum(int(s[2]) for s in snaps) == 1 and [s for s in snaps if s[2] == "1"][0][0] == big,
              "the victim's snapshot was marked failed by the worker that took the repository over")
        overlap = shared.query("SELECT count(*) FROM snapshots a JOIN snapshots b ON a.repository_id = b.repository_id "
                               "AND a.snapshot_id < b.snapshot_id AND b.started_at < a.finished_at")
        check(overlap == [("0",)], "no two snapshots of one repository ran at the same time")
        status = shared.query("SELECT repositories, queued, running, done, failed, finished FROM scan_run_status")
        check(status == [("10", "0", "0", "10", "0", "t")], f"scan_run_status: the run is finished, ten done ({status})")
        a, b = facts(single), facts(shared)
        for table in a:
            check(a[table] == b[table] and a[table],
                  f"{table}: the shared scan stores what the single-process scan stores ({len(a[table])} rows)")
    finally:
        for w in workers:
            if w.poll() is None:
                w.kill()
                w.wait()
        single.drop()
        shared.drop()


try:
    sqlite_refused()
    if need_pg():
        manifest, big = repositories()
        shared_scan(manifest, big)
finally:
    shutil.rmtree(work, ignore_errors=True)
finish()
