#!/usr/bin/env python3
"""tests/load/test_queries.py: every example query of schema/README.md runs on a real SQLite file
and a real throwaway PostgreSQL database indexed from the same fixture, returns rows, and agrees.

A block counts as an example when it is fenced as ```sql and its first line is `-- query: <slug>`;
`-- query: <slug> (postgresql)` / `(sqlite)` mark a dialect's variant, which runs on that database
only (when both variants exist their results must agree too). Portable queries must give the same
rows on both databases, after normalising what the two print differently: booleans (t/f against
1/0), numbers (rounded to 2 decimals), NULL (psql prints it as an empty field), and row order when
the query has no top-level ORDER BY. The history examples must also give exactly the rows the
fixture's changes imply (expected() below).

The fixture is a git repository indexed three times into each database: its work tree at commit A,
then `--rev A` (an unchanged tree: nothing parsed, no dependency rows written), then its work tree
at commit B, which adds a file, removes one and changes one so that a function's complexity grows.
Last, the `-- housekeeping: <slug>` blocks of the README run on both databases, which must then
still show the same latest snapshot.

Environment: SNAKEPIPE (binary, default <repo>/build/snakepipe), SNAKEPIPE_SRC (repo root, default
this file's ../..), SNAKEPIPE_TEST_PG (libpq conninfo or URI of a throwaway server; when unset only
the SQLite half runs, and the test fails when SNAKEPIPE_REQUIRE_PG=1). Every example must give exactly
the rows queries_expected.py lists for it. python3 stdlib only; psql is
the PostgreSQL client, since there is no driver module to rely on.
"""
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import urllib.parse
import uuid

from queries_expected import expected

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("SNAKEPIPE_SRC") or os.path.normpath(os.path.join(HERE, "..", ".."))
BIN = os.environ.get("SNAKEPIPE") or os.path.join(SRC, "build", "snakepipe")
PG = os.environ.get("SNAKEPIPE_TEST_PG")
README = os.path.join(SRC, "schema", "README.md")
DIALECTS = ["sqlite"] + (["postgresql"] if PG else [])  # the databases this run checks
PSQL = ["psql", "-X", "-A", "-t", "-F", "|", "-v", "ON_ERROR_STOP=1"]

# ---- the fixture: commit A is FIXTURE, commit B is FIXTURE after CHANGES ----
# Designed so that every README example returns rows: complex undocumented code, async functions,
# decorators, nested functions, an import cycle, relative/absolute/stdlib/external/unresolved
# imports, a syntax error, duplicate contents, and between A and B one file added
# (app/core/cache.py), one removed (scripts/legacy.py) and one changed (app/util/helpers.py:
# slugify gains an `if`, its complexity grows from 2 to 3).

FIXTURE = {
    "app/__init__.py": '"""The fixture application."""\nfrom .core import engine\n',
    "app/core/__init__.py": "",
    "app/util/__init__.py": "",
    "app/core/engine.py": '''"""Engine: runs jobs."""
import os
import sys, json as j
import requests
from ..util import helpers
from . import models
from .models import Job, Queue
from app.util.helpers import slugify
from app.missing_mod import thing
import numpy.linalg


class Engine(models.Base, metaclass=type):
    """Runs jobs.

    More text.
    """

    def __init__(self, name, *args, retries=3, **kwargs):
        self.name = name

    @property
    def size(self):
        return 1

    @staticmethod
    def plan(a, b, /, c, *, d=1):
        # a comment
        if a:
            for x in b:
                if x > c:
                    return x
                elif x < d:
                    continue
        elif b:
            while c:
                c -= 1
        try:
            pass
        except ValueError:
            pass
        except (KeyError, TypeError):
            pass
        finally:
            if d:
                pass
        return None

    async def fetch(self, url: str, timeout: float = 1.0) -> bytes:
        async with self.session() as s:
            async for chunk in s:
                if chunk:
                    yield chunk

    def closure(self, items):
        def inner(x):
            if x:
                return x
            return 0
        return [inner(i) for i in items if i]


def run(jobs):
    \'\'\'Run all jobs.\'\'\'
    result = [j for j in jobs if j]
    match jobs:
        case []:
            if result:
                pass
        case _:
            pass
    return result and jobs or None
''',
    "app/core/models.py": '''from dataclasses import dataclass


class Base:
    pass


@dataclass
class Job(Base):
    """A job."""
    name: str

    def describe(self):
        return self.name

    def rename(self, new):
        self.name = new


class Queue(Base):
    def push(self, job):
        pass

    def pop(self):
        pass

    def __len__(self):
        return 0


def make_engine(name):
    from .engine import Engine  # a lazy import that closes an import cycle
    return Engine(name)
''',
    "app/util/helpers.py": '''# helpers
import re
from typing import Optional
from ...toplevel import nothing


def slugify(text: Optional[str]) -> str:
    """
    Make a slug.
    """
    if not text:
        return ""
    return re.sub(r"\\W+", "-", text).strip("-").lower()
''',
    "scripts/tool.py": '''#!/usr/bin/env python3
import argparse
from app.core.engine import Engine, run
import yaml


async def main(argv=None):
    p = argparse.ArgumentParser()
    return run([Engine("x")])
''',
    "scripts/legacy.py": '''import requests


async def poll(session, url, retries=3):
    for _ in range(retries):
        if await session.get(url):
            return True
    return False
''',
    "broken.py": "import os\n\ndef ok():\n    return 1\n\ndef broken(:\n    pass\n",
    "README.txt": "not Python: listed, counted as skipped, not indexed\n",
    # other languages: a three-file import cycle, types of several kinds, a minified file
    "web/cycle/a.js": 'import { b } from "./b.js";\nexport const a = (x) => (x ? b() : 0);\n',
    "web/cycle/b.js": 'import { c } from "./c";\nexport function b() { return c(); }\n',
    "web/cycle/c.js": 'import { a } from "./a";\nimport React from "react";\nexport function c() { return a; }\n',
    "web/vendor/lib.min.js": "var q=1;" * 300 + "\n",
    "svc/store.go": 'package svc\n\nimport "fmt"\n\ntype Store struct{ n int }\n\ntype Getter interface{ Get() int }\n\n'
                    'func (s *Store) Get() int {\n\tif s.n > 0 && s != nil {\n\t\tfmt.Println(s.n)\n\t}\n\treturn s.n\n}\n',
    "native/util.c": '#include <stdio.h>\n#include "util.h"\n\nstruct point { int x, y; };\n\n'
                     'int\nclamp(int v)\n{\n\treturn v < 0 ? 0 : v > 9 ? 9 : v;\n}\n',
    "native/util.h": "int clamp(int v);\n",
}

CHANGES = {
    "app/util/helpers.py": FIXTURE["app/util/helpers.py"].replace('''        return ""
''', '''        return ""
    if len(text) > 80:
        text = text[:80]
''') + '''

def unslug(slug):
    """Turn a slug back into words."""
    return slug.replace("-", " ")
''',
    "app/core/cache.py": '''import functools
from .models import Job


@functools.lru_cache(maxsize=None)
def cached_job(name):
    return Job(name)
''',
    "scripts/legacy.py": None,  # removed
}

# ---- results ----

passed = 0
failed = 0


def report(ok, what):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok - {what}")
    else:
        failed += 1
        print(f"FAIL - {what}")


def finish():
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


# ---- README examples ----

QUERY_LINE = re.compile(r"^--\s*query:\s*(\S+)(?:\s+\((postgresql|sqlite)\))?\s*$")
HOUSEKEEPING_LINE = re.compile(r"^--\s*housekeeping:\s*(\S+)\s*$")


def sql_blocks(text):
    """(first line, whole text) of every ```sql block."""
    for m in re.finditer(r"^```sql[ \t]*\n(.*?)^```", text, re.M | re.S):
        body = m.group(1)
        yield body.lstrip("\n").split("\n", 1)[0].strip(), body.strip()


def examples(text):
    """[(slug, dialect or None, sql)] of every ```sql block opening with a `-- query:` line."""
    out = []
    for first, body in sql_blocks(text):
        q = QUERY_LINE.match(first)
        if q:
            out.append((q.group(1), q.group(2), body))
    return out


def housekeeping(text):
    """[(slug, sql)] of every ```sql block opening with a `-- housekeeping:` line, in order."""
    return [(h.group(1), body) for first, body in sql_blocks(text)
            if (h := HOUSEKEEPING_LINE.match(first))]


def has_top_level_order_by(sql):
    """Whether the outermost statement sorts its rows (ORDER BY inside parentheses does not)."""
    s = re.sub(r"--[^\n]*", " ", sql)
    s = re.sub(r"'(?:[^']|'')*'", "''", s)
    prev = None
    while prev != s:
        prev, s = s, re.sub(r"\([^()]*\)", "()", s)
    return re.search(r"\border\s+by\b", s, re.I) is not None


def norm(v):
    """One spelling for a value that the two databases print differently."""
    if v is None:
        return ""  # psql -A prints NULL as an empty field
    s = v if isinstance(v, str) else str(v)
    if s in ("t", "true"):
        s = "1"
    elif s in ("f", "false"):
        s = "0"
    try:
        return "%.2f" % float(s)
    except ValueError:
        return s


def normalise(rows, ordered):
    rows = [tuple(norm(v) for v in r) for r in rows]
    return rows if ordered else sorted(rows)


# ---- databases ----

def psql(conninfo, sql, timeout=120):
    p = subprocess.run(PSQL + ["-d", conninfo, "-f", "-"], input=sql, capture_output=True,
                       text=True, timeout=timeout)
    if p.returncode != 0:
        raise RuntimeError((p.stderr or p.stdout).strip() or f"psql exit {p.returncode}")
    return p.stdout


def pg_rows(conninfo, sql):
    out = psql(conninfo, sql)
    if out == "":
        return []
    # one line per row; a row of one NULL column is an empty line, so strip only the final '\n'
    if out.endswith("\n"):
        out = out[:-1]
    return [tuple(line.split("|")) for line in out.split("\n")]


def sqlite_rows(path, sql):
    con = sqlite3.connect(path)
    try:
        return [tuple(r) for r in con.execute(sql).fetchall()]
    finally:
        con.close()


def sqlite_script(path, sql):
    """Runs statements that change data, with the foreign keys (and so the cascades) on."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA foreign_keys = ON")
        con.executescript(sql)
    finally:
        con.close()


def with_dbname(conninfo, name):
    """conninfo (keyword=value list or postgres[ql]:// URI) pointing at database name."""
    if re.match(r"^postgres(ql)?://", conninfo):
        u = urllib.parse.urlsplit(conninfo)
        return urllib.parse.urlunsplit((u.scheme, u.netloc, "/" + name, u.query, u.fragment))
    return f"{conninfo} dbname={name}"  # libpq: a later keyword overrides an earlier one


def create_pg_database(name):
    # Collation C sorts text bytewise like SQLite, so ORDER BY on paths agrees between the two
    # (a server whose default is en_US would order "__init__.py" after "a.py").
    try:
        psql(PG, f"CREATE DATABASE {name} TEMPLATE template0 LC_COLLATE 'C'")
    except RuntimeError as e:
        print(f"note: CREATE DATABASE with collation C failed ({e}); using the server default")
        psql(PG, f"CREATE DATABASE {name}")


def write_tree(root, files):
    for rel, data in files.items():
        path = os.path.join(root, rel)
        if data is None:
            os.remove(path)
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(data)


def index(tree, db, *extra):
    # named like its directory ("shop"), as the README's queries show it (without a remote a
    # repository is named by its full path)
    p = subprocess.run([BIN, "index", tree, "--db", db, "--quiet", "--repo-name", os.path.basename(tree),
                        *extra], capture_output=True,
                       text=True, timeout=600)
    if p.returncode != 0:
        raise RuntimeError(f"snakepipe index {tree} {' '.join(extra)} --db {db}: exit "
                           f"{p.returncode}\n{p.stdout}{p.stderr}")


def git(tree, *args):
    """Runs git in tree with a fixed identity; returns its stdout without the final newline."""
    cmd = ["git", "-C", tree, "-c", "user.name=snakepipe tests", "-c", "user.email=tests@invalid",
           "-c", "commit.gpgsign=false", *args]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except OSError as e:
        raise RuntimeError(f"git {' '.join(args)}: {e}")
    if p.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: exit {p.returncode}: {p.stderr.strip()}")
    return p.stdout.rstrip("\n")


def commit_all(tree, message):
    git(tree, "add", "-A")
    git(tree, "commit", "-q", "-m", message)
    return git(tree, "rev-parse", "HEAD")


# ---- the run ----

def run_both(sql, sq_path, pg_info):
    """{dialect: rows} of one portable query on every database of DIALECTS."""
    return {d: sqlite_rows(sq_path, sql) if d == "sqlite" else pg_rows(pg_info, sql) for d in DIALECTS}


def check_query(slug, variants, sq_path, pg_info, want=None):
    """Runs one example (its portable text, or its dialect variants) and reports one line; with
    want, a second line says whether it gave exactly those rows."""
    if None in variants:
        plan = [(d, variants[None]) for d in DIALECTS]
    else:
        plan = sorted((d, sql) for d, sql in variants.items() if d in DIALECTS)
    ordered = all(has_top_level_order_by(sql) for _, sql in plan)
    results, errors = {}, []
    for dialect, sql in plan:
        try:
            results[dialect] = sqlite_rows(sq_path, sql) if dialect == "sqlite" else pg_rows(pg_info, sql)
        except (sqlite3.Error, RuntimeError, subprocess.TimeoutExpired) as e:
            errors.append(f"{dialect} error: {' '.join(str(e).split())}")
    if errors:
        report(False, f"{slug}: {'; '.join(errors)}")
        return
    empty = [d for d, rows in results.items() if not rows]
    if empty:
        report(False, f"{slug}: no rows on {', '.join(empty)}")
        return
    if len(results) == 2:
        a = normalise(results["sqlite"], ordered)
        b = normalise(results["postgresql"], ordered)
        if a != b:
            i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            print(f"  sqlite     ({len(a)} rows) row {i}: {a[i] if i < len(a) else '-'}")
            print(f"  postgresql ({len(b)} rows) row {i}: {b[i] if i < len(b) else '-'}")
            report(False, f"{slug}: sqlite and postgresql disagree")
            return
    n = len(next(iter(results.values())))
    variant = "portable" if None in variants else "+".join(sorted(results))
    report(True, f"{slug} ({variant}, {n} rows)")
    if want is not None:
        for dialect, rows in sorted(results.items()):
            got, exp = normalise(rows, ordered), normalise(want, ordered)
            if got != exp:
                print(f"  {dialect} gave:")
                for r in got:
                    print(f"    {r}")
                print("  expected:")
                for r in exp:
                    print(f"    {r}")
            report(got == exp, f"{slug}: {dialect} gives the {len(exp)} expected rows")


def count(db, sq_path, pg_info, sql):
    """The integer a one-value query gives on one database (None without a row)."""
    rows = sqlite_rows(sq_path, sql) if db == "sqlite" else pg_rows(pg_info, sql)
    return int(rows[0][0]) if rows else None


# The latest snapshot as the views show it; housekeeping must leave this unchanged.
CURRENT_COUNTS = """SELECT (SELECT count(*) FROM current_snapshots) AS snapshots,
       (SELECT count(*) FROM current_files) AS files,
       (SELECT count(*) FROM current_functions) AS functions,
       (SELECT count(*) FROM current_classes) AS classes,
       (SELECT count(*) FROM current_dependencies) AS dependencies,
       (SELECT count(*) FROM current_dependencies WHERE kind = 'internal') AS internal"""


def check_unchanged_reindex(sq_path, pg_info, deps_after_first):
    """Snapshot 2 indexed the same commit again: it must have parsed nothing and written no
    dependency rows, yet show the same dependencies as snapshot 1 (the path set's shared rows)."""
    for db in DIALECTS:
        parsed = count(db, sq_path, pg_info, "SELECT files_parsed FROM snapshots WHERE snapshot_id = 2")
        report(parsed == 0, f"unchanged re-index: {db} parsed no file (files_parsed {parsed})")
        n = count(db, sq_path, pg_info, "SELECT count(*) FROM dependencies")
        report(n == deps_after_first[db],
               f"unchanged re-index: {db} wrote no dependency rows ({deps_after_first[db]} -> {n})")
        differ = count(db, sq_path, pg_info, """SELECT count(*) FROM (
            SELECT path, import_id, kind, target_path FROM snapshot_dependencies WHERE snapshot_id = 1
            EXCEPT
            SELECT path, import_id, kind, target_path FROM snapshot_dependencies WHERE snapshot_id = 2
            ) x""")
        both = count(db, sq_path, pg_info, """SELECT count(*) FROM snapshot_dependencies
            WHERE snapshot_id IN (1, 2)""")
        report(differ == 0 and both == 2 * deps_after_first[db],
               f"unchanged re-index: {db} snapshots 1 and 2 show the same {deps_after_first[db]} "
               f"dependencies")


def check_housekeeping(blocks, sq_path, pg_info):
    """Runs the README's housekeeping statements on both databases: each must succeed, leave the
    latest snapshot exactly as the views showed it, and leave nothing unused behind."""
    if len(blocks) < 2:
        report(False, f"schema/README.md has {len(blocks)} housekeeping blocks, wants at least 2")
        return
    before = {}
    for db, rows in run_both(CURRENT_COUNTS, sq_path, pg_info).items():
        before[db] = normalise(rows, True)
    for slug, sql in blocks:
        for db in DIALECTS:
            try:
                if db == "sqlite":
                    sqlite_script(sq_path, sql)
                else:
                    psql(pg_info, sql)
                report(True, f"housekeeping {slug} ({db})")
            except (sqlite3.Error, RuntimeError, subprocess.TimeoutExpired) as e:
                report(False, f"housekeeping {slug}: {db} error: {' '.join(str(e).split())}")
    after = {db: normalise(rows, True)
             for db, rows in run_both(CURRENT_COUNTS, sq_path, pg_info).items()}
    leftovers = """SELECT (SELECT count(*) FROM snapshots) AS snapshots,
        (SELECT count(*) FROM blobs b WHERE NOT EXISTS (SELECT 1 FROM files f
            WHERE f.repository_id = b.repository_id AND f.blob_id = b.blob_id)) AS unused_blobs,
        (SELECT count(*) FROM dependencies) - (SELECT count(*) FROM current_dependencies)
            AS unused_dependencies"""
    left = {db: normalise(rows, True) for db, rows in run_both(leftovers, sq_path, pg_info).items()}
    for db in DIALECTS:
        report(after[db] == before[db],
               f"housekeeping: {db} still shows the latest snapshot {before[db]} (now {after[db]})")
        want = [tuple(norm(v) for v in (1, 0, 0))]
        report(left[db] == want, f"housekeeping: {db} keeps one snapshot, no unused blob or "
                                 f"dependency row (snapshots, blobs, dependencies: {left[db]})")


def main():
    if not PG:
        if os.environ.get("SNAKEPIPE_REQUIRE_PG"):
            report(False, "the PostgreSQL half runs (SNAKEPIPE_REQUIRE_PG is set, SNAKEPIPE_TEST_PG is not)")
        else:
            print("skip - the PostgreSQL half: no PostgreSQL (SNAKEPIPE_TEST_PG unset); the SQLite half runs")
    with open(README, encoding="utf-8") as f:
        text = f.read()
    found = examples(text)
    cleanup = housekeeping(text)
    queries = {}  # slug -> {dialect or None: sql}, in README order
    for slug, dialect, sql in found:
        if dialect in queries.setdefault(slug, {}):
            report(False, f"{slug}: defined twice{f' for {dialect}' if dialect else ''}")
        queries[slug][dialect] = sql
    for slug, v in queries.items():
        if None in v and len(v) > 1:
            report(False, f"{slug}: both a portable text and dialect variants")
    if len(queries) < 10:
        report(False, f"schema/README.md has {len(queries)} example queries, wants at least 10")
    for slug in expected("a", "b"):
        if slug not in queries:
            report(False, f"schema/README.md has no example `-- query: {slug}`")
    for slug in queries:
        if slug not in expected("a", "b"):
            report(False, f"{slug}: no expected rows in queries_expected.py")
    if not os.access(BIN, os.X_OK):
        report(False, f"no snakepipe binary at {BIN} (build it, or set SNAKEPIPE)")
        finish()

    tmp = tempfile.mkdtemp(prefix="sp-queries-")
    tree = os.path.join(tmp, "shop")  # the repository's name in the examples' output
    sq_path = os.path.join(tmp, "index.db")
    pg_name = "sp_queries_" + uuid.uuid4().hex[:12]
    pg_created = False
    try:
        pg_info = None
        if PG:
            create_pg_database(pg_name)
            pg_created = True
            pg_info = with_dbname(PG, pg_name)
        dbs = [sq_path] + ([pg_info] if PG else [])
        write_tree(tree, FIXTURE)
        git(tmp, "init", "-q", tree)
        commit_a = commit_all(tree, "A: the fixture")
        for db in dbs:
            index(tree, db)  # snapshot 1: the work tree at A
        deps = {db: count(db, sq_path, pg_info, "SELECT count(*) FROM dependencies") for db in DIALECTS}
        for db in dbs:
            index(tree, db, "--rev", commit_a)  # snapshot 2: the same files, from git
        check_unchanged_reindex(sq_path, pg_info, deps)
        write_tree(tree, CHANGES)
        commit_b = commit_all(tree, "B: add cache.py, remove legacy.py, grow slugify")
        for db in dbs:
            index(tree, db)  # snapshot 3: the work tree at B
        want = expected(commit_a, commit_b)
        for slug, variants in queries.items():
            check_query(slug, variants, sq_path, pg_info, want.get(slug))
        check_housekeeping(cleanup, sq_path, pg_info)
    except (RuntimeError, OSError, subprocess.TimeoutExpired, sqlite3.Error) as e:
        report(False, f"setup: {e}")
    finally:
        if pg_created:
            try:
                psql(PG, f"DROP DATABASE IF EXISTS {pg_name}")
            except (RuntimeError, subprocess.TimeoutExpired) as e:
                print(f"note: could not drop database {pg_name}: {e}")
        shutil.rmtree(tmp, ignore_errors=True)
    finish()


if __name__ == "__main__":
    main()
