#!/usr/bin/env python3
"""tests/load/test_messages.py: what the command line says when input is wrong or hostile: usage
errors exit 2 without touching a database or printing a summary, manifests are bounded and
checked before a scan starts, gc refuses impossible dates, database messages stay readable, a
short server outage keeps the reason of a failure, and control characters from file and
directory names never reach the terminal raw."""
import json
import os
import resource
import shutil
import subprocess

from common import PgDB, SqliteDB, check, finish, pg_half, run, tmpdir, write


def no_db_in(d, what):
    left = [f for f in os.listdir(d) if f.endswith(".db") or "snakepipe" in f]
    check(not left, f"{what}: no database file created ({left})")


def run_in(cwd, *args):
    return subprocess.run([os.environ.get("SNAKEPIPE", os.path.join(os.path.dirname(__file__), "..", "..",
                                                                      "build", "snakepipe")), *args],
                          capture_output=True, text=True, cwd=cwd)


root = tmpdir()
write(root, "a.py", "def f(x):\n    if x:\n        return 1\n    return 0\n")
work = tmpdir()  # the current directory of runs that must not create ./snakepipe.db

# ---- usage errors: exit 2, one message, no summary, no database ----
p = run_in(work, "index", root, "--db", "")
check(p.returncode == 2 and "empty" in p.stderr, f"--db '' is a usage error (exit {p.returncode}: {p.stderr.strip()})")
no_db_in(work, "--db ''")

missing = os.path.join(root, "no-such-dir")
p = run_in(work, "index", missing, "--db", os.path.join(work, "x.db"))
check(p.returncode == 2, f"a mistyped repository path exits 2 (got {p.returncode})")
check("FAILED" not in p.stdout and p.stdout == "", f"no FAILED summary after a usage error ({p.stdout!r})")
no_db_in(work, "mistyped repository path")

long_path = "/" + "/".join(["d" * 200] * 30)  # 6,030 bytes, over PATH_MAX
p = run_in(work, "index", long_path, "--db", os.path.join(work, "x.db"))
check(p.returncode == 2, f"a repository path over PATH_MAX exits 2 (got {p.returncode})")
check(p.stderr.count("d" * 200) <= 1 and p.stdout == "", "the long path is not repeated and no summary is printed")
no_db_in(work, "long repository path")

subprocess.run(["git", "init", "-q", root], check=True)
subprocess.run(["git", "-C", root, "add", "-A"], check=True)
subprocess.run(["git", "-C", root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"], check=True)
p = run_in(work, "index", root, "--rev", "no-such-commit", "--db", os.path.join(work, "x.db"))
check(p.returncode == 2 and p.stdout == "", f"an unknown --rev exits 2 without a summary (got {p.returncode})")
no_db_in(work, "unknown --rev")

# ---- the scan manifest ----
def manifest(text, name="m.yaml"):
    path = os.path.join(work, name)
    with open(path, "w") as f:
        f.write(text)
    return path


dbfile = os.path.join(work, "scan.db")
for text, what, needle in (
        ("", "an empty manifest", "empty"),
        ("# nothing but a comment\n", "a manifest of comments only", "empty"),
        (f"defaults:\n  batch_size: 4294967295\nrepositories:\n  - path: {root}\n", "batch_size out of range", "batch_size"),
        (f"defaults:\n  retries: 4294967295\nrepositories:\n  - path: {root}\n", "retries out of range", "retries"),
        (f"defaults:\n  jobs: 1000\nrepositories:\n  - path: {root}\n", "jobs out of range", "jobs"),
        (f"defaults:\n  batch_size: 0\nrepositories:\n  - path: {root}\n", "batch_size 0", "batch_size"),
        (f"repositories:\n  - path: {root}\n  - path: {root}\n    languages: [python, cobol]\n",
         "an unknown language", "cobol")):
    p = run_in(work, "scan", manifest(text), "--db", dbfile)
    check(p.returncode == 2 and needle in p.stderr,
          f"scan refuses {what} with exit 2 naming it (exit {p.returncode}: {p.stderr.strip()[:200]})")
    check(not os.path.exists(dbfile), f"{what}: refused before the scan starts (no database)")
p = run_in(work, "scan", manifest(f"defaults:\n  batch_size: 4294967295\nrepositories:\n  - path: {root}\n"),
           "--db", dbfile)
check("line 2" in p.stderr, f"an out-of-range number names its line ({p.stderr.strip()})")

# alias bombs that fit the schema: a 100 KB anchored string referenced 10,000 times (1 GB), and
# nested anchored mappings whose paths expand tenfold per level
bombs = {
    "a long anchored string": "repositories:\n  - path: &p " + root + "/" + "x" * 100000 + "\n" +
                              "".join("  - path: *p\n" for _ in range(10000)),
    "nested anchors": "repositories:\n  - &r0 {path: " + root + ", include: [a, b, c, d, e, f, g, h, i, j]}\n" +
                      "  - path: " + root + "\n    include: &l0 [*r0, *r0, *r0, *r0, *r0, *r0, *r0, *r0, *r0, *r0]\n" +
                      "".join(f"  - path: {root}\n    include: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]\n"
                              for i in range(1, 8)),
}
for what, text in bombs.items():
    p = run_in(work, "scan", manifest(text), "--db", dbfile)
    check(p.returncode == 2 and "expand to more than" in p.stderr,
          f"alias bomb ({what}) refused (exit {p.returncode}: {p.stderr.strip()[:200]})")
after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
check(after < 300 * 1024, f"without blowing memory up (peak RSS of children {after // 1024} MB)")
check(not os.path.exists(dbfile), "alias bombs: refused before the scan starts (no database)")

big = manifest("# " + "x" * (5 << 20) + f"\nrepositories:\n  - path: {root}\n", "big.yaml")
p = run_in(work, "scan", big, "--db", dbfile)
check(p.returncode == 2 and "at most" in p.stderr, f"a manifest over the size cap is refused ({p.stderr.strip()[:200]})")
os.unlink(big)

anchors_ok = manifest(f"repositories:\n  - path: {root}\n    languages: &langs [python]\n"
                      f"  - path: {root}\n    languages: *langs\n")
p = run_in(work, "scan", anchors_ok, "--db", dbfile, "--json")
check(p.returncode == 0 and json.loads(p.stdout)["failed"] == 0, f"a manifest with a few aliases still works ({p.stderr.strip()})")

# ---- gc refuses impossible dates and deletes nothing ----
db = SqliteDB()
try:
    for _ in range(3):
        run("index", root, "--db", db.url, check_exit=0)
    for bad in ("2026-13-45", "9999-99-99T99:99:99", "2026-02-30", "2026-01-01T24:00:00", "1969-12-31"):
        p = run("gc", "--older-than", bad, "--db", db.url)
        check(p.returncode == 2 and bad in p.stderr, f"gc --older-than {bad} is a usage error (exit {p.returncode})")
    n = db.query("SELECT count(*) FROM snapshots")[0][0]
    check(n == 3, f"no snapshot deleted by a refused gc ({n})")
    p = run("gc", "--older-than", "2026-02-28T23:59:59", "--db", db.url)
    check(p.returncode == 0, "gc accepts a valid date")
finally:
    db.drop()

# ---- a file that is not a database ----
notdb = os.path.join(work, "notdb.db")
with open(notdb, "wb") as f:
    f.write(b"this is not a database, just text " * 200)
p = run_in(work, "index", root, "--db", notdb)
check(p.returncode == 3 and "notdb.db: file is not a database" in p.stderr,
      f"a non-database file: exit 3, readable message ({p.stderr.strip()})")
check("t a database" not in p.stderr.replace("not a database", ""), "the message is not garbled")
os.unlink(notdb)

# ---- control characters in names never reach the terminal raw ----
evil = os.path.join(tmpdir(), "\x1b[31mred\x07")
os.makedirs(evil)
write(evil, "\x1b]0;title\x07.py", "def f():\n    pass\n")
db = SqliteDB()
try:
    p = run("index", evil, "--db", db.url)
    out = p.stdout + p.stderr
    check(p.returncode == 0 and "\x1b" not in out and "\x07" not in out and "\\x1b[31mred\\x07" in p.stdout,
          f"the text summary escapes a repository path's control characters ({p.stdout[:120]!r})")
    p = run("index", evil + "-missing", "--db", db.url)
    check(p.returncode == 2 and "\x1b" not in p.stderr and "\\x1b" in p.stderr,
          f"an error message escapes them too ({p.stderr!r})")
    p = run("index", evil, "--db", db.url, "--json")
    check("\x1b" not in p.stdout and json.loads(p.stdout)["repository"] == evil, "JSON keeps the name exact, escaped")
finally:
    db.drop()

# ---- a repository whose own directory name is not UTF-8: stored escaped, like file paths ----
parent = tmpdir()
odd = os.path.join(parent.encode(), b"repo\xe9")
os.makedirs(odd)
with open(os.path.join(odd, b"m.py"), "w") as f:
    f.write("def f():\n    pass\n")
for db in [SqliteDB()] + ([PgDB()] if pg_half() else []):
    try:
        p = subprocess.run([os.environ.get("SNAKEPIPE", ""), "index", odd, "--db", db.url], capture_output=True)
        loc = db.query("SELECT location, name FROM repositories")
        check(p.returncode == 0 and loc == [(parent + "/repo\\xe9", parent + "/repo\\xe9")],
              f"{db.dialect}: a non-UTF-8 repository directory is stored escaped (exit {p.returncode}, {loc})")
    finally:
        db.drop()
shutil.rmtree(parent, ignore_errors=True)

# ---- a short server outage keeps the reason (PostgreSQL) ----
if pg_half():
    pg = PgDB()
    try:
        run("migrate", "--db", pg.url, check_exit=0)
        # The first INSERT into paths (when the snapshot is being finished) kills its own backend,
        # once: a sequence is not rolled back, so the retry goes through.
        pg.outage("BEFORE INSERT ON paths")
        pg.execute(f"ALTER DATABASE {pg.name} SET outage.times = '1'")
        p = run("index", root, "--db", pg.url, "--json", "--retries", "2")
        s = json.loads(p.stdout) if p.stdout.strip() else {}
        check(p.returncode == 0 and s.get("status") == "complete" and s.get("fatal") is None,
              f"an outage while finishing is retried: snapshot complete (exit {p.returncode}, {p.stderr.strip()[:300]})")
        pg.execute(f"ALTER DATABASE {pg.name} SET outage.times = '1000000'")
        write(root, "c.py", "def h():\n    pass\n")  # a new path, so the paths insert runs again
        p = run("index", root, "--db", pg.url, "--json", "--retries", "1")
        s = json.loads(p.stdout) if p.stdout.strip() else {}
        check(p.returncode == 3 and s.get("fatal") and "terminat" in (s.get("fatal") or "") + p.stderr,
              f"a lasting outage exits 3 with its reason on stderr and in JSON ({s.get('fatal')!r})")
        write(root, "b.py", "def g():\n    pass\n")  # a new path, so the paths insert runs again
        pg.execute(f"ALTER DATABASE {pg.name} SET outage.times = '0'")
        p = run("index", root, "--db", pg.url)
        check(p.returncode == 0, "after the outage a run completes")
    finally:
        pg.drop()

shutil.rmtree(work, ignore_errors=True)
shutil.rmtree(root, ignore_errors=True)
finish()
