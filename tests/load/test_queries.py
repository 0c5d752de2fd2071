#!/usr/bin/env python3
"""tests/load/test_queries.py: every example query of schema/README.md runs on a real SQLite file
and a real throwaway PostgreSQL database indexed from the same fixture, returns rows, and agrees.

A block counts as an example when it is fenced as ```sql and its first line is `-- query: <slug>`;
`-- query: <slug> (postgresql)` / `(sqlite)` mark a dialect's variant, which runs on that database
only (when both variants exist their results must agree too). Portable queries must give the same
rows on both databases, after normalising what the two print differently: booleans (t/f against
1/0), numbers (rounded to 2 decimals), NULL (psql prints it as an empty field), and row order when
the query has no top-level ORDER BY.

Environment: SNAKEPIPE (binary, default <repo>/build/snakepipe), SNAKEPIPE_SRC (repo root, default
this file's ../..), SNAKEPIPE_TEST_PG (libpq conninfo or URI of a throwaway server; when unset the
test is skipped with exit 77, or fails when SNAKEPIPE_REQUIRE_PG=1). python3 stdlib only; psql is
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

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("SNAKEPIPE_SRC") or os.path.normpath(os.path.join(HERE, "..", ".."))
BIN = os.environ.get("SNAKEPIPE") or os.path.join(SRC, "build", "snakepipe")
PG = os.environ.get("SNAKEPIPE_TEST_PG")
README = os.path.join(SRC, "schema", "README.md")
SKIP = 77  # meson's exit code for a skipped test
PSQL = ["psql", "-X", "-A", "-t", "-F", "|", "-v", "ON_ERROR_STOP=1"]

# ---- the fixture: run 1 indexes FIXTURE, run 2 indexes it after CHANGES ----
# Designed so that every README example returns rows: complex undocumented code, async functions,
# decorators, nested functions, an import cycle, relative/absolute/stdlib/external/unresolved
# imports, a syntax error, duplicate contents, and added/removed/modified files between snapshots.

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
}

CHANGES = {
    "app/util/helpers.py": FIXTURE["app/util/helpers.py"] + '''

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


def examples(text):
    """[(slug, dialect or None, sql)] of every ```sql block opening with a `-- query:` line."""
    out = []
    for m in re.finditer(r"^```sql[ \t]*\n(.*?)^```", text, re.M | re.S):
        body = m.group(1)
        first = body.lstrip("\n").split("\n", 1)[0].strip()
        q = QUERY_LINE.match(first)
        if q:
            out.append((q.group(1), q.group(2), body.strip()))
    return out


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


def index(tree, db):
    p = subprocess.run([BIN, "index", tree, "--db", db, "--quiet"], capture_output=True, text=True,
                       timeout=600)
    if p.returncode != 0:
        raise RuntimeError(f"snakepipe index {tree} --db {db}: exit {p.returncode}\n"
                           f"{p.stdout}{p.stderr}")


# ---- the run ----

def check_query(slug, variants, sq_path, pg_info):
    """Runs one example (its portable text, or its dialect variants) and reports one line."""
    if None in variants:
        plan = [("sqlite", variants[None]), ("postgresql", variants[None])]
    else:
        plan = sorted(variants.items())
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


def main():
    if not PG:
        if os.environ.get("SNAKEPIPE_REQUIRE_PG") == "1":
            print("FAIL - SNAKEPIPE_TEST_PG is not set but SNAKEPIPE_REQUIRE_PG=1")
            sys.exit(1)
        print("skipped: no PostgreSQL (set SNAKEPIPE_TEST_PG, e.g. from scripts/pg-tmp start)")
        sys.exit(SKIP)
    with open(README, encoding="utf-8") as f:
        found = examples(f.read())
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
    if not os.access(BIN, os.X_OK):
        report(False, f"no snakepipe binary at {BIN} (build it, or set SNAKEPIPE)")
        finish()

    tmp = tempfile.mkdtemp(prefix="sp-queries-")
    tree = os.path.join(tmp, "shop")  # the repository's name in the examples' output
    sq_path = os.path.join(tmp, "index.db")
    pg_name = "sp_queries_" + uuid.uuid4().hex[:12]
    pg_created = False
    try:
        create_pg_database(pg_name)
        pg_created = True
        pg_info = with_dbname(PG, pg_name)
        write_tree(tree, FIXTURE)
        index(tree, sq_path)
        index(tree, pg_info)
        write_tree(tree, CHANGES)
        index(tree, sq_path)
        index(tree, pg_info)
        for slug, variants in queries.items():
            check_query(slug, variants, sq_path, pg_info)
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as e:
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
