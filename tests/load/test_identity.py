#!/usr/bin/env python3
"""Repository identity (issue 13, migration 0006): a repository is its name, not its path. Two
clones of one project in different directories (origin spelled https in one, ssh in the other) are
one repository: the second run parses nothing and the history views pair its snapshot with the
first's. --repo-name and the manifest's name: override; a repository without a remote is its path;
a database from before 0006 keeps its history through `snakepipe migrate`."""
import json
import os
import shutil
import subprocess

from common import check, engines, finish, old_schema_sql, run, tmpdir, write

SIMPLE = "def f(x):\n    if x:\n        return 1\n    return 0\n"
GROWN = ("def f(x):\n    if x:\n        return 1\n    for i in x:\n        if i:\n            return i\n"
         "    return 0\n")


def git(root, *args):
    subprocess.run(["git", "-C", root, "-c", "user.name=t", "-c", "user.email=t@t", *args], check=True,
                   capture_output=True)


def index(root, db, *extra):
    p = run("index", root, "--db", db.url, "--json", *extra)
    check(p.returncode == 0, f"{db.dialect}: index {os.path.basename(root)} {' '.join(extra)} "
          f"(exit {p.returncode}) {p.stderr.strip()[-300:]}")
    return json.loads(p.stdout) if p.stdout.strip() else {}


def ints(rows):
    return [tuple(None if v is None else int(v) for v in r) for r in rows]


def two_clones(db, work):
    d = db.dialect
    up = os.path.join(work, "upstream")
    write(up, "m.py", SIMPLE)
    write(up, "pkg/util.py", "import os\n\ndef g():\n    return os.sep\n")
    git(up, "init", "-q", "-b", "main")
    git(up, "add", "-A")
    git(up, "commit", "-qm", "one")
    ws1, ws2 = os.path.join(work, "builds", "ws1"), os.path.join(work, "builds", "ws2")
    for ws, url in ((ws1, "https://git.Example.com/org/proj.git"), (ws2, "git@git.example.com:org/proj.git")):
        subprocess.run(["git", "clone", "-q", up, ws], check=True, capture_output=True)
        git(ws, "remote", "set-url", "origin", url)
    a = index(ws1, db)
    check(a.get("repository") == "git.example.com/org/proj" and a.get("location") == ws1 and a.get("parsed") == 2,
          f"{d}: the first clone is named by its origin ({a.get('repository')}, {a.get('location')})")
    # the second workspace holds the change: f grew by 2
    write(ws2, "m.py", GROWN)
    git(ws2, "commit", "-qam", "grow")
    b = index(ws2, db)
    check(b.get("repository_id") == a.get("repository_id") and b.get("repository") == a.get("repository"),
          f"{d}: an ssh clone elsewhere is the same repository ({b.get('repository')})")
    check(b.get("parsed") == 1 and b.get("reused") == 1,
          f"{d}: the second clone reuses every blob it shares with the first (parsed {b.get('parsed')})")
    # unchanged content in a third directory: nothing parsed at all
    ws3 = os.path.join(work, "builds", "ws3")
    subprocess.run(["git", "clone", "-q", ws2, ws3], check=True, capture_output=True)
    git(ws3, "remote", "set-url", "origin", "ssh://git@git.example.com:22/org/proj/")
    c = index(ws3, db)
    check(c.get("repository_id") == a.get("repository_id") and c.get("parsed") == 0,
          f"{d}: ssh://…:22/…/ names it too, and a third clone parses nothing (parsed {c.get('parsed')})")
    rid = a["repository_id"]
    pairs = ints(db.query(f"SELECT snapshot_id, previous_snapshot_id FROM snapshot_pairs "
                          f"WHERE repository_id = {rid} ORDER BY 1"))
    check(pairs == [(a["snapshot_id"], None), (b["snapshot_id"], a["snapshot_id"]),
                    (c["snapshot_id"], b["snapshot_id"])],
          f"{d}: snapshot_pairs continues across the clones {pairs}")
    locs = db.query(f"SELECT snapshot_id, location FROM snapshots WHERE repository_id = {rid} ORDER BY 1")
    check([r[1] for r in locs] == [ws1, ws2, ws3], f"{d}: each snapshot keeps the path it was indexed at {locs}")
    check(db.query(f"SELECT location FROM repositories WHERE repository_id = {rid}") == [(ws3,)],
          f"{d}: repositories.location is the latest run's path")
    # growth between the clones' snapshots: the ws3 snapshot compared with ws2's is empty, so
    # look at the pair (ws1 -> ws2) through function_history
    grew = ints(db.query(f"SELECT h2.cyclomatic - h1.cyclomatic FROM function_history h1 "
                         f"JOIN function_history h2 ON h2.repository_id = h1.repository_id "
                         f"AND h2.path = h1.path AND h2.qualified_name = h1.qualified_name "
                         f"WHERE h1.repository_id = {rid} AND h1.snapshot_id = {a['snapshot_id']} "
                         f"AND h2.snapshot_id = {b['snapshot_id']} AND h1.qualified_name = 'f'"))
    check(grew == [(2,)], f"{d}: function_history follows f from the first clone to the second {grew}")
    # complexity_growth pairs the latest snapshot with the one before, made in another clone: the
    # first clone catches up with the third's commit and edits it; its work tree is compared with
    # the latest snapshot of that commit (the third clone's), not with its own older commit's
    git(ws1, "fetch", "-q", ws3)
    git(ws1, "reset", "-q", "--hard", "FETCH_HEAD")
    write(ws1, "m.py", GROWN.replace("    return 0\n", "    while x:\n        x -= 1\n    return 0\n"))
    e = index(ws1, db)
    growth = ints(db.query(f"SELECT previous_snapshot_id, snapshot_id, growth FROM complexity_growth "
                           f"WHERE repository_id = {rid} AND qualified_name = 'f'"))
    check(growth == [(c["snapshot_id"], e["snapshot_id"], 1)],
          f"{d}: complexity_growth pairs the first clone's new snapshot with the third's {growth}")
    return ws1, a["repository_id"]


def overrides(db, work, ws1, rid):
    d = db.dialect
    s = index(ws1, db, "--repo-name", "team/proj-fork")
    check(s.get("repository") == "team/proj-fork" and s.get("repository_id") != rid,
          f"{d}: --repo-name overrides the remote ({s.get('repository')})")
    check(db.query("SELECT count(*) FROM repositories WHERE name = 'team/proj-fork'") in ([(1,)], [("1",)]),
          f"{d}: --repo-name is the stored name")
    manifest = os.path.join(work, "m.yaml")
    with open(manifest, "w") as f:
        f.write(f"repositories:\n  - path: {ws1}\n    name: team/proj-fork\n")
    r = run("scan", manifest, "--db", db.url, "--json")
    got = json.loads(r.stdout)["repositories"][0] if r.returncode == 0 else {}
    check(got.get("repository_id") == s.get("repository_id") and got.get("repository") == "team/proj-fork",
          f"{d}: the manifest's name: is the same repository (exit {r.returncode}) {r.stderr.strip()}")
    r = run("index", ws1, "--db", db.url, "--repo-name", "")
    check(r.returncode == 2 and "--repo-name" in r.stderr, f"{d}: an empty --repo-name is a usage error")
    plain = os.path.join(work, "plain")
    write(plain, "p.py", SIMPLE)
    p = index(plain, db)
    check(p.get("repository") == plain and p.get("location") == plain,
          f"{d}: a directory without a remote is its path ({p.get('repository')})")
    nogit = os.path.join(work, "noremote")
    write(nogit, "p.py", SIMPLE)
    git(nogit, "init", "-q", "-b", "main")
    q = index(nogit, db)
    check(q.get("repository") == nogit, f"{d}: a git repository without origin is its path too")
    text = run("index", ws1, "--db", db.url).stdout
    check(f"of git.example.com/org/proj at {ws1}" in text, f"{d}: the text summary names both ({text[:120]!r})")


def same_stat_elsewhere(db, work):
    """Size and mtime vouch for a content only in the directory they were seen in: a second
    workspace of the same repository with a file of the same path, size and mtime but another
    content (a cache restored with its mtimes) is read, not taken for the first's."""
    d = db.dialect
    a, b = os.path.join(work, "cache-a"), os.path.join(work, "cache-b")
    write(a, "m.py", "def one():\n    return 1\n")
    write(b, "m.py", "def two():\n    return 2\n")
    for ws in (a, b):
        os.utime(os.path.join(ws, "m.py"), ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    first = index(a, db, "--repo-name", "cached/proj")
    second = index(b, db, "--repo-name", "cached/proj")
    names = db.query(f"SELECT name FROM current_functions WHERE repository_id = {second.get('repository_id')}")
    check(first.get("repository_id") == second.get("repository_id") and names == [("two",)],
          f"{d}: another workspace's same size and mtime do not vouch for its content {names}")
    again = index(b, db, "--repo-name", "cached/proj")
    check(again.get("carried") == 1, f"{d}: ...but do in the directory they were seen in (carried {again.get('carried')})")


def old_database(make):
    """A database made by migrations 0001-0005 (applied here from migrations/, as a snakepipe of
    before names did) with two repositories and their snapshots: `snakepipe migrate` keeps them,
    names each by its path and gives every snapshot its repository's path."""
    fresh, old = make(), make()
    d = old.dialect
    try:
        run("migrate", "--db", fresh.url, check_exit=0)
        sums, sql = old_schema_sql(fresh, d, 6)
        sql.append("INSERT INTO repositories (repository_id, location, name) VALUES "
                   "(1, '/srv/a/proj', 'proj'), (2, '/srv/b/proj', 'proj')")
        sql.append("INSERT INTO snapshots (repository_id, snapshot_id, status) VALUES "
                   "(1, 1, 'complete'), (1, 2, 'complete'), (2, 1, 'complete')")
        sql.append("INSERT INTO blobs (repository_id, blob_id, content_hash, extractor_version, language, "
                   "size_bytes, total_lines, code_lines, comment_lines, blank_lines, parse_error) VALUES "
                   f"(1, 1, 'h', 1, 'python', 1, 1, 1, 0, 0, {'false' if d != 'sqlite' else 0})")
        sql.append("INSERT INTO files (repository_id, snapshot_id, path, blob_id) VALUES "
                   "(1, 1, 'a.py', 1), (1, 2, 'a.py', 1)")
        old.execute(";\n".join(sql))
        check(len(sums) == 5, f"{d}: the old schema has migrations 1-5")
        p = run("migrate", "--db", old.url)
        check(p.returncode == 0, f"{d}: migrate upgrades it (exit {p.returncode}) {p.stderr.strip()}")
        repos = ints_text(old.query("SELECT repository_id, name, location FROM repositories ORDER BY 1"))
        check(repos == [(1, "/srv/a/proj", "/srv/a/proj"), (2, "/srv/b/proj", "/srv/b/proj")],
              f"{d}: repositories keep their ids and are named by their path {repos}")
        snaps = ints_text(old.query("SELECT repository_id, snapshot_id, location FROM snapshots ORDER BY 1, 2"))
        check(snaps == [(1, 1, "/srv/a/proj"), (1, 2, "/srv/a/proj"), (2, 1, "/srv/b/proj")],
              f"{d}: every snapshot gets its repository's path {snaps}")
        n = old.query("SELECT count(*) FROM files")
        check(ints(n) == [(2,)], f"{d}: the files rows survive the rebuild of repositories {n}")
        pairs = ints(old.query("SELECT repository_id, snapshot_id, previous_snapshot_id FROM snapshot_pairs "
                               "ORDER BY 1, 2"))
        check(pairs == [(1, 1, None), (1, 2, 1), (2, 1, None)], f"{d}: history after the migration {pairs}")
        cur = old.query("SELECT repository_id, location FROM current_snapshots ORDER BY 1")
        check(ints_text(cur) == [(1, "/srv/a/proj"), (2, "/srv/b/proj")],
              f"{d}: current_snapshots shows the location {cur}")
        st = run("migrate", "--status", "--db", old.url, check_exit=0).stdout
        check("6 repo_names applied" in st, f"{d}: migration 6 recorded ({st.strip()!r})")
        # the next run of the old path finds its repository by that name
        write_dir = tmpdir()
        try:
            r = run("index", write_dir, "--db", old.url, "--json", "--repo-name", "/srv/a/proj")
            s = json.loads(r.stdout) if r.returncode == 0 else {}
            check(s.get("repository_id") == 1 and s.get("snapshot_id") == 3,
                  f"{d}: a run named like an upgraded repository continues it (exit {r.returncode}) {r.stderr.strip()}")
            fk = old.query("SELECT count(*) FROM snapshots s LEFT JOIN repositories r "
                           "ON r.repository_id = s.repository_id WHERE r.repository_id IS NULL")
            check(ints(fk) == [(0,)], f"{d}: no snapshot lost its repository")
        finally:
            shutil.rmtree(write_dir, ignore_errors=True)
    finally:
        fresh.drop()
        old.drop()


def ints_text(rows):
    return [tuple(int(v) if isinstance(v, (int,)) or (isinstance(v, str) and v.isdigit()) else v for v in r)
            for r in rows]


for make in engines():
    db = make()
    work = tmpdir()
    try:
        ws1, rid = two_clones(db, work)
        overrides(db, work, ws1, rid)
        same_stat_elsewhere(db, work)
    finally:
        db.drop()
        shutil.rmtree(work, ignore_errors=True)
    old_database(make)
finish()
