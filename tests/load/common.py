"""tests/load/common.py: shared helpers of the end-to-end tests: the binary under test, fixture
trees, fresh SQLite files and fresh PostgreSQL databases on the throwaway server, row dumps."""
import fcntl
import json
import os
import select
import shutil
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("SNAKEPIPE_SRC", os.path.normpath(os.path.join(HERE, "..", "..")))
BIN = os.environ.get("SNAKEPIPE", os.path.join(SRC, "build", "snakepipe"))
PG = os.environ.get("SNAKEPIPE_TEST_PG")
SKIP = 77  # meson's exit code for a skipped test

sys.path.insert(0, os.path.join(HERE, ".."))
import tables  # noqa: E402  tests/tables.py: the table descriptors of schema/tables.c

TABLES = tables.names()

failures = []
passes = 0


def need_pg():
    """For a script that tests PostgreSQL only: skips it whole (exit 77) without a server, fails
    instead under SNAKEPIPE_REQUIRE_PG. A script with a SQLite half uses engines()/pg_half()."""
    if PG:
        return True
    if os.environ.get("SNAKEPIPE_REQUIRE_PG"):
        sys.exit("SNAKEPIPE_TEST_PG is not set but SNAKEPIPE_REQUIRE_PG is")
    print("skipped: no PostgreSQL (SNAKEPIPE_TEST_PG unset)")
    sys.exit(SKIP)


_pg_said = False


def pg_half():
    """True when the PostgreSQL half of a script can run. Without a server the SQLite half still
    runs: the PostgreSQL half is skipped with the reason printed, or counted as a failure when
    SNAKEPIPE_REQUIRE_PG is set (scripts/test sets it, so the suite never skips it silently)."""
    global _pg_said
    if PG:
        return True
    if not _pg_said:
        _pg_said = True
        if os.environ.get("SNAKEPIPE_REQUIRE_PG"):
            check(False, "the PostgreSQL half runs (SNAKEPIPE_REQUIRE_PG is set, SNAKEPIPE_TEST_PG is not)")
        else:
            print("skip - the PostgreSQL half: no PostgreSQL (SNAKEPIPE_TEST_PG unset); the SQLite half runs")
    return False


def engines():
    """The database classes a script runs its checks against: SQLite always, PostgreSQL as pg_half()."""
    return (SqliteDB, PgDB) if pg_half() else (SqliteDB,)


def check(cond, what):
    global passes
    if cond:
        passes += 1
        print(f"ok - {what}")
    else:
        failures.append(what)
        print(f"FAIL - {what}")


def finish():
    print(f"{passes} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


def run(*args, env=None, check_exit=None):
    e = dict(os.environ)
    e.update(env or {})
    p = subprocess.run([BIN, *args], capture_output=True, text=True, env=e)
    if check_exit is not None and p.returncode != check_exit:
        print(p.stdout, p.stderr, sep="\n", file=sys.stderr)
        raise AssertionError(f"snakepipe {' '.join(args)}: exit {p.returncode}, wanted {check_exit}")
    return p


def tmpdir():
    d = tempfile.mkdtemp(prefix="sp-test-")
    return d


def write(root, rel, data):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def git(root, *args):
    """Runs git -C root args… as user t; its stdout, stripped (raises when git fails)."""
    return subprocess.run(["git", "-C", root, "-c", "user.name=t", "-c", "user.email=t@t", *args],
                          check=True, capture_output=True, text=True).stdout.strip()


def func(name, decisions):
    """name(x) with `decisions` if statements: cyclomatic complexity decisions + 1."""
    body = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(decisions))
    return f"def {name}(x):\n{body}    return -1\n\n\n"


def git_commit_all(root, message="x"):
    """Makes root a git repository (if it is not) and commits everything in it."""
    if not os.path.isdir(os.path.join(root, ".git")):
        subprocess.run(["git", "init", "-q", root], check=True)
    subprocess.run(["git", "-C", root, "add", "-A"], check=True, capture_output=True)
    subprocess.run(["git", "-C", root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", message],
                   check=True)
    return subprocess.run(["git", "-C", root, "rev-parse", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip()


def fixture_tree(n_stdlib=40):
    """A tree mixing real standard-library modules with edge cases."""
    root = tmpdir()
    lib = "/usr/lib/python3.11"
    picked = sorted(p for p in os.listdir(os.path.join(lib, "json")) if p.endswith(".py"))
    for p in picked:
        shutil.copy(os.path.join(lib, "json", p), os.path.join(root, "json_copy_" + p))
    os.makedirs(os.path.join(root, "email"))
    for p in sorted(os.listdir(os.path.join(lib, "email")))[:n_stdlib]:
        if p.endswith(".py"):
            shutil.copy(os.path.join(lib, "email", p), os.path.join(root, "email", p))
    write(root, "pkg/__init__.py", "from .mod import thing\n")
    write(root, "pkg/mod.py", "import os\nimport requests\nfrom . import missing\n\ndef thing(a, b=1):\n"
          "    if a:\n        return b\n    return 0\n")
    write(root, "pkg/dup.py", "import os\nimport requests\nfrom . import missing\n\ndef thing(a, b=1):\n"
          "    if a:\n        return b\n    return 0\n".replace("thing", "thing"))
    write(root, "with\ttab.py", "def tabbed():\n\tpass\n")
    write(root, "latin1.py", b"# caf\xe9\ns = 'd\xe9j\xe0'\ndef f\xe9():\n    pass\n")
    write(root, "broken.py", "def ok():\n    pass\n\ndef bad(:\n    pass\n")
    write(root, "crlf.py", "def a():\r\n    return 1\r\n")
    write(root, "empty.py", "")
    write(root, "script", "#!/usr/bin/env python3\ndef main():\n    pass\n")
    write(root, "README.txt", "not python\n")
    return root


class SqliteDB:
    dialect = "sqlite"

    def __init__(self):
        self.dir = tmpdir()
        self.url = os.path.join(self.dir, "t.db")

    def query(self, sql):
        con = sqlite3.connect(self.url)
        try:
            return [tuple(r) for r in con.execute(sql)]
        finally:
            con.close()

    def execute(self, sql):
        con = sqlite3.connect(self.url)
        try:
            con.executescript(sql)
            con.commit()
        finally:
            con.close()

    def drop(self):
        shutil.rmtree(self.dir, ignore_errors=True)


class PgDB:
    dialect = "postgresql"

    def __init__(self):
        self.name = "sp_" + uuid.uuid4().hex[:12]
        psql(PG, f"CREATE DATABASE {self.name}")
        self.url = f"{PG} dbname={self.name}"

    def query(self, sql):
        out = psql(self.url, sql)
        rows = []
        for line in out.split("\x1e"):
            if line == "" or line == "\n":
                continue
            rows.append(tuple(None if v == "\\N" else v for v in line.strip("\n").split("\x1f")))
        return rows

    def execute(self, sql):
        psql(self.url, sql)

    def outage(self, when, row=False):
        """A trigger `when` (e.g. 'BEFORE INSERT ON paths') whose firing kills its own backend, as
        often as the database's setting outage.times says (1 unless set; ALTER DATABASE changes
        it between runs). A sequence is not rolled back, so a run's retry after a kill goes
        through. row: a row-level trigger, so that `when` may end in a WHEN (…) of OLD and NEW."""
        self.execute(f"""
CREATE SEQUENCE outage_once;
CREATE FUNCTION outage() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF nextval('outage_once') <= coalesce(current_setting('outage.times', true), '1')::int THEN
    PERFORM pg_terminate_backend(pg_backend_pid());
  END IF;
  RETURN {'NEW' if row else 'NULL'};
END $$;
CREATE TRIGGER outage {when.replace(' WHEN', ' FOR EACH ROW WHEN', 1) if row else when + ' FOR EACH STATEMENT'}
  EXECUTE FUNCTION outage();""")

    def drop(self):
        psql(PG, f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")


def psql(conninfo, sql):
    p = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "\x1f", "-R", "\x1e", "-P", "null=\\N",
                        "-v", "ON_ERROR_STOP=1", "-d", conninfo, "-c", sql],
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise AssertionError(f"psql failed: {p.stderr.strip()}\n{sql}")
    return p.stdout


def norm(v):
    """One spelling for values that the two databases print differently."""
    if v is None:
        return None
    if isinstance(v, float):  # SQLite's 27.0 is PostgreSQL's 27; both print the shortest repr
        s = repr(v)
        return s[:-2] if s.endswith(".0") else s
    s = str(v)
    if s in ("t", "f"):
        return "1" if s == "t" else "0"
    if s.startswith("{") or s.startswith("["):
        try:
            return json.dumps(json.loads(s), sort_keys=True)
        except ValueError:
            return s
    return s


def dump(db, table, extra_where=""):
    cols = {
        "blobs": "*",
        "files": "*",
    }.get(table, "*")
    rows = db.query(f"SELECT {cols} FROM {table} {extra_where}")
    return sorted(tuple(norm(v) for v in r) for r in rows)


def counts(db):
    return {t: int(db.query(f"SELECT count(*) FROM {t}")[0][0]) for t in TABLES}


def old_schema_sql(fresh, dialect, before):
    """The SQL statements that build the schema an older snakepipe left: migrations 1..before-1
    applied from migrations/ (the dialect's file, then its shared part if any) and recorded in
    schema_migrations with the checksums `fresh` (a database `snakepipe migrate` made) holds.
    Returns (the recorded (version, name, checksum) rows, the statements)."""
    sums = fresh.query(f"SELECT version, name, checksum FROM schema_migrations WHERE version < {before} "
                       "ORDER BY version")
    dirname = "sqlite" if dialect == "sqlite" else "postgres"
    stamp = "text" if dialect == "sqlite" else "timestamptz"
    sql = [f"CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, "
           f"checksum text NOT NULL, applied_at {stamp})"]
    for v, name, _ in sums:
        for part in (dirname, "shared"):
            p = os.path.join(SRC, "migrations", part, f"{int(v):04d}_{name}.sql")
            if os.path.exists(p):
                with open(p) as f:
                    sql.append(f.read())
    sql.append("INSERT INTO schema_migrations (version, name, checksum) VALUES " +
               ", ".join(f"({v}, '{n}', '{c}')" for v, n, c in sums))
    return sums, sql


# ---- locks held by a test by hand, so nothing depends on how long a run takes ----
class HeldLock:
    """The repository lock as snakepipe takes it, held by this test."""

    def __init__(self, db, repo_id):
        self.db = db
        if db.dialect == "postgresql":
            self.psql = subprocess.Popen(["psql", "-X", "-q", "-d", db.url], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, text=True)
            self.psql.stdin.write(f"SELECT pg_advisory_lock({0x53505200}, {repo_id});\n\\echo locked\n")
            self.psql.stdin.flush()
            self.psql.stdout.readline()  # "locked": the lock is held
        else:
            self.fd = os.open(db.url + "-snakepipe.lock", os.O_RDWR | os.O_CREAT, 0o644)
            fcntl.fcntl(self.fd, fcntl.F_OFD_SETLK, struct.pack("hh4xqqi4x", fcntl.F_WRLCK, 0, repo_id, 1, 0))

    def release(self):
        if self.db.dialect == "postgresql":
            self.psql.stdin.close()
            self.psql.wait()
        else:
            os.close(self.fd)


def wait_for_text(stream, text, seconds=60):
    """Reads stream until text appears (True) or the time runs out."""
    seen, end = "", time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([stream], [], [], 0.1)
        if ready:
            chunk = os.read(stream.fileno(), 4096).decode(errors="replace")
            if not chunk:
                break
            seen += chunk
            if text in seen:
                return True
    return False
