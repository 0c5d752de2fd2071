#!/usr/bin/env python3
"""tests/load/test_disk_full.py: SQLite on a full disk. A run that cannot write stops with exit 3
and a message that says so, leaves the database intact (integrity check, earlier snapshots
untouched, the interrupted snapshot marked failed) and a rerun with space again completes. Two
ways to fill the disk: a 1 MiB tmpfs in a private mount namespace (real ENOSPC; needs root and
unshare, else that half is skipped with its reason) and RLIMIT_FSIZE (EFBIG; works anywhere)."""
import os
import resource
import shutil
import signal
import sqlite3
import subprocess

from common import BIN, check, finish, tmpdir, write

SRC = "/usr/lib/python3.11/email"  # 29 modules, ~1 MB of rows: more than the room we leave


def inspect(db, what):
    con = sqlite3.connect(db)
    try:
        check(con.execute("PRAGMA integrity_check").fetchall() == [("ok",)], f"{what}: integrity_check ok")
        rows = con.execute("SELECT repository_id, status, error FROM snapshots ORDER BY repository_id, "
                           "snapshot_id").fetchall()
        check(rows[0][1] == "complete", f"{what}: the earlier snapshot is still complete ({rows[0][:2]})")
        check(len(rows) == 2 and rows[1][1] == "failed" and rows[1][2],
              f"{what}: the interrupted snapshot is failed with its reason ({rows[1:]})")
        n = con.execute("SELECT count(*) FROM current_files WHERE repository_id = 1").fetchone()[0]
        check(n == 1, f"{what}: the first repository's current files are intact ({n})")
    finally:
        con.close()


small = tmpdir()
write(small, "a.py", "def f():\n    pass\n")

# ---- RLIMIT_FSIZE: writes past the limit fail with EFBIG ----
d = tmpdir()
db = os.path.join(d, "t.db")
p = subprocess.run([BIN, "index", small, "--db", db, "--quiet"], capture_output=True, text=True)
check(p.returncode == 0, "a first run fits")
room = os.path.getsize(db) + 128 * 1024


def limited():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG instead of killing
    resource.setrlimit(resource.RLIMIT_FSIZE, (room, room))


p = subprocess.run([BIN, "index", SRC, "--db", db, "--batch-size", "4"], capture_output=True, text=True,
                   preexec_fn=limited)
check(p.returncode == 3, f"file size limit: exit 3 (got {p.returncode})")
check("File too large" in p.stderr or "disk full" in p.stderr,
      f"file size limit: the message names the cause ({p.stderr.strip()[-200:]})")
inspect(db, "file size limit")
p = subprocess.run([BIN, "index", SRC, "--db", db, "--quiet"], capture_output=True, text=True)
check(p.returncode == 0, f"file size limit: a rerun with room completes (exit {p.returncode}: {p.stderr.strip()})")
con = sqlite3.connect(db)
stray = con.execute("SELECT count(*) FROM files f JOIN snapshots s ON s.repository_id = f.repository_id "
                    "AND s.snapshot_id = f.snapshot_id WHERE s.status <> 'complete'").fetchone()[0]
con.close()
check(stray == 0, f"file size limit: the rerun's recovery leaves no files rows of the failed snapshot ({stray})")
shutil.rmtree(d, ignore_errors=True)

# ---- a real full file system: a tmpfs of 1 MiB in a private mount namespace ----
can_mount = (os.geteuid() == 0 and shutil.which("unshare") and
             subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
                            capture_output=True).returncode == 0)
if not can_mount:
    print("# tmpfs half skipped: needs root and a permitted `unshare -m` + mount")
else:
    out = tmpdir()
    mnt = tmpdir()
    script = f"""
set -u
mount -t tmpfs -o size=1m tmpfs {mnt}
"{BIN}" index {small} --db {mnt}/t.db --quiet; echo "first=$?" >> {out}/codes
"{BIN}" index {SRC} --db {mnt}/t.db --batch-size 4 > /dev/null 2> {out}/stderr; echo "full=$?" >> {out}/codes
sqlite3_copy() {{ cp {mnt}/t.db* {out}/ 2>/dev/null; }}
sqlite3_copy
mount -o remount,size=64m {mnt}
"{BIN}" index {SRC} --db {mnt}/t.db --quiet 2>> {out}/stderr; echo "rerun=$?" >> {out}/codes
"""
    subprocess.run(["unshare", "-m", "sh", "-c", script], check=False)
    codes = dict(line.strip().split("=") for line in open(os.path.join(out, "codes")))
    err = open(os.path.join(out, "stderr")).read()
    check(codes.get("first") == "0", "tmpfs: a first run fits")
    check(codes.get("full") == "3", f"tmpfs: a full disk exits 3 ({codes.get('full')})")
    check("full" in err, f"tmpfs: the message says the disk is full ({err.strip()[-200:]})")
    inspect(os.path.join(out, "t.db"), "tmpfs")
    check(codes.get("rerun") == "0", f"tmpfs: with space again the run completes ({codes.get('rerun')})")
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(mnt, ignore_errors=True)
shutil.rmtree(small, ignore_errors=True)
finish()
