#!/usr/bin/env python3
"""tests/load/test_refs.py: snapshots belong to a ref. A repository with main, a feature branch and
a detached pull-request-like checkout: current_* and the history views follow the default branch
only, growth pairs snapshots of the same ref, snapshots_of_ref answers for one ref by name (a bound
parameter), the default branch comes from origin/HEAD, main/master or --default-branch / the
manifest, a database from before refs (migrations 0001-0004) puts its snapshots on the default
branch, and gc keeps N snapshots per ref and every pinned one. SQLite and PostgreSQL."""
import json
import os
import shutil
import sqlite3
import subprocess

from common import check, engines, finish, git, old_schema_sql, run, tmpdir, write


def func(decisions):
    """f() with `decisions` if statements: cyclomatic complexity decisions + 1."""
    body = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(decisions))
    return f"def f(x):\n{body}    return -1\n"


def index(root, db, *extra):
    r = run("index", root, "--db", db.url, "--json", *extra, check_exit=0)
    return json.loads(r.stdout)


def ints(rows):
    return [tuple(None if v is None else int(v) for v in r) for r in rows]


def ref_query(db, repo, ref):
    """The documented pattern for one ref, with bound parameters on both engines."""
    sql = ("SELECT snapshot_id, previous_snapshot_id FROM snapshots_of_ref "
           "WHERE repository_id = {a} AND ref = {b} ORDER BY snapshot_id")
    if db.dialect == "sqlite":
        con = sqlite3.connect(db.url)
        try:
            return ints(con.execute(sql.format(a="?1", b="?2"), (repo, ref)).fetchall())
        finally:
            con.close()
    name = ref.replace("'", "''")
    return ints(db.query(f"PREPARE q(bigint, text) AS {sql.format(a='$1', b='$2')}; "
                         f"EXECUTE q({repo}, '{name}')"))


def branches_and_growth(db, root):
    d = db.dialect
    write(root, "a.py", func(1))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "one")
    git(root, "tag", "v1")
    s = index(root, db)  # snapshot 1: main
    check((s["ref"], s["default_branch"]) == ("main", "main"), f"{d}: a work tree on main ({s['ref']})")
    git(root, "checkout", "-q", "-b", "feature")
    write(root, "a.py", func(4))
    git(root, "commit", "-qam", "feature")
    s = index(root, db)  # snapshot 2: feature
    check((s["ref"], s["default_branch"]) == ("feature", "main"), f"{d}: a feature branch ({s['ref']})")
    git(root, "checkout", "-q", "--detach")
    write(root, "a.py", func(6))
    git(root, "commit", "-qam", "pr head")
    s = index(root, db)  # snapshot 3: detached
    check(s["ref"] is None, f"{d}: a detached checkout has no ref ({s['ref']})")
    s = index(root, db, "--ref", "pull/7")  # snapshot 4: named by CI
    check(s["ref"] == "pull/7", f"{d}: --ref names a detached checkout ({s['ref']})")
    git(root, "checkout", "-q", "main")
    write(root, "a.py", func(2))
    git(root, "commit", "-qam", "main two")
    index(root, db)  # snapshot 5: main
    git(root, "checkout", "-q", "feature")
    write(root, "a.py", func(5))
    git(root, "commit", "-qam", "feature two")
    index(root, db)  # snapshot 6: feature
    git(root, "checkout", "-q", "main")
    repo = int(db.query("SELECT repository_id FROM repositories")[0][0])
    rows = ints(db.query("SELECT snapshot_id, CASE WHEN on_default THEN 1 ELSE 0 END FROM snapshots ORDER BY snapshot_id"))
    check(rows == [(1, 1), (2, 0), (3, 0), (4, 0), (5, 1), (6, 0)], f"{d}: on_default per snapshot {rows}")
    refs = [r[0] for r in db.query("SELECT ref FROM snapshots ORDER BY snapshot_id")]
    check(refs == ["main", "feature", None, "pull/7", "main", "feature"], f"{d}: refs {refs}")
    cur = ints(db.query("SELECT snapshot_id FROM current_snapshots"))
    check(cur == [(5,)], f"{d}: current_snapshots is main's latest, not the newest run {cur}")
    cc = ints(db.query("SELECT cyclomatic FROM current_functions WHERE qualified_name = 'f'"))
    check(cc == [(3,)], f"{d}: current_functions shows main's code {cc}")
    pairs = ints(db.query("SELECT snapshot_id, previous_snapshot_id FROM snapshot_pairs ORDER BY 1"))
    check(pairs == [(1, None), (5, 1)], f"{d}: snapshot_pairs pairs main with main {pairs}")
    growth = ints(db.query("SELECT previous_snapshot_id, snapshot_id, old_cyclomatic, new_cyclomatic "
                           "FROM complexity_growth"))
    check(growth == [(1, 5, 2, 3)], f"{d}: complexity_growth compares main's last two {growth}")
    hist = ints(db.query("SELECT DISTINCT snapshot_id FROM function_history ORDER BY 1"))
    check(hist == [(1,), (5,)], f"{d}: function_history follows main {hist}")
    changes = ints(db.query("SELECT snapshot_id, previous_snapshot_id FROM file_changes"))
    check(changes == [(5, 1)], f"{d}: file_changes follows main {changes}")
    feat = ref_query(db, repo, "feature")
    check(feat == [(2, None), (6, 2)], f"{d}: snapshots_of_ref pairs feature with feature {feat}")
    check(ref_query(db, repo, "main") == [(1, None), (5, 1)], f"{d}: snapshots_of_ref for main")
    check(ref_query(db, repo, "nosuch") == [], f"{d}: an unknown ref has no snapshots")
    detached = ints(db.query("SELECT previous_snapshot_id FROM snapshots_of_ref WHERE snapshot_id = 3"))
    check(detached == [(None,)], f"{d}: a detached snapshot pairs with nothing {detached}")
    # --rev: a branch or tag name is the ref, a commit id is detached; history: the walked branch
    s = index(root, db, "--rev", "v1")  # 7
    off = ints(db.query("SELECT CASE WHEN on_default THEN 1 ELSE 0 END FROM snapshots WHERE snapshot_id = 7"))
    check((s["ref"], off) == ("v1", [(0,)]), f"{d}: --rev TAG is that tag, off the default branch")
    s = index(root, db, "--rev", git(root, "rev-parse", "feature"))  # 8
    check(s["ref"] is None, f"{d}: --rev COMMIT off the default branch is detached")
    h = json.loads(run("history", root, "main..feature", "--db", db.url, "--json", check_exit=0).stdout)
    got = [x["ref"] for x in h["snapshots"]]
    check(got == ["feature", "feature"], f"{d}: history records the branch it walks {got}")
    return repo


def gc_per_ref(db, repo):
    d = db.dialect
    before = ints(db.query("SELECT snapshot_id FROM snapshots ORDER BY 1"))
    db.execute(f"INSERT INTO snapshot_pins (repository_id, snapshot_id, pinned_by) VALUES ({repo}, 1, 'gate')")
    run("gc", "--keep", "1", "--db", db.url, "--quiet", check_exit=0)
    left = [r[0] for r in ints(db.query("SELECT snapshot_id FROM snapshots ORDER BY 1"))]
    # lines: main 1 5 | feature 2 6 9 10 | detached 3 8 | pull/7 4 | v1 7
    check(left == [1, 4, 5, 7, 8, 10], f"{d}: gc --keep 1 keeps each ref's latest and the pinned one "
          f"{left} (before {before})")
    db.execute("DELETE FROM snapshot_pins")
    run("gc", "--older-than", "2999-01-01", "--db", db.url, "--quiet", check_exit=0)
    left = [r[0] for r in ints(db.query("SELECT snapshot_id FROM snapshots ORDER BY 1"))]
    check(left == [4, 5, 7, 8, 10], f"{d}: gc --older-than keeps every ref's latest {left}")
    cur = ints(db.query("SELECT snapshot_id FROM current_snapshots"))
    check(cur == [(5,)], f"{d}: current_snapshots unchanged by gc {cur}")


def in_default_history(db, root):
    """A commit id, or a detached HEAD, that main's history contains is main (after gc_per_ref:
    these snapshots join main's line)."""
    d = db.dialect
    for rev in (git(root, "rev-parse", "main~1"), "main~1"):
        s = index(root, db, "--rev", rev)
        check(s["ref"] == "main", f"{d}: --rev {rev[:12]} in main's history is main ({s['ref']})")
    git(root, "checkout", "-q", "--detach", "main")
    s = index(root, db)
    git(root, "checkout", "-q", "main")
    check(s["ref"] == "main", f"{d}: a detached HEAD on main's tip is main ({s['ref']})")
    cur = ints(db.query("SELECT snapshot_id FROM current_snapshots"))
    check(cur == [(s["snapshot_id"],)], f"{d}: ... and current {cur}")


def default_branch_sources(db):
    d = db.dialect
    work = tmpdir()
    try:
        up = os.path.join(work, "up")
        write(up, "t.py", func(1))
        git(up, "init", "-q", "-b", "trunk")
        git(up, "add", "-A")
        git(up, "commit", "-qm", "t")
        clone = os.path.join(work, "clone")
        subprocess.run(["git", "clone", "-q", up, clone], check=True, capture_output=True)
        s = index(clone, db)
        check((s["ref"], s["default_branch"]) == ("trunk", "trunk"), f"{d}: origin/HEAD names the default")
        s = index(up, db)
        check(s["default_branch"] is None, f"{d}: no origin/HEAD, main or master: no default known")
        cur = ints(db.query(f"SELECT snapshot_id FROM current_snapshots c JOIN repositories r "
                            f"ON r.repository_id = c.repository_id WHERE r.name = '{up}'"))
        check(cur == [(s["snapshot_id"],)], f"{d}: ... and the snapshot counts as the default line")
        git(up, "checkout", "-q", "-b", "work")
        s = index(up, db, "--default-branch", "trunk")
        cur = ints(db.query(f"SELECT snapshot_id FROM current_snapshots c JOIN repositories r "
                            f"ON r.repository_id = c.repository_id WHERE r.name = '{up}'"))
        check(s["default_branch"] == "trunk" and cur != [(s["snapshot_id"],)],
              f"{d}: --default-branch: another branch is not current")
        manifest = os.path.join(work, "m.yaml")
        with open(manifest, "w") as f:
            f.write(f"repositories:\n  - path: {up}\n    default_branch: work\n")
        r = run("scan", manifest, "--db", db.url, "--json", check_exit=0)
        s = json.loads(r.stdout)["repositories"][0]
        cur = ints(db.query(f"SELECT snapshot_id FROM current_snapshots c JOIN repositories r "
                            f"ON r.repository_id = c.repository_id WHERE r.name = '{up}'"))
        check(s["default_branch"] == "work" and cur == [(s["snapshot_id"],)],
              f"{d}: the manifest's default_branch makes that branch current")
        plain = os.path.join(work, "plain")
        write(plain, "p.py", func(1))
        s = index(plain, db)
        check(s["ref"] is None and s["default_branch"] is None, f"{d}: a plain directory has no ref")
        cur = ints(db.query("SELECT c.snapshot_id FROM current_snapshots c JOIN repositories r "
                            f"ON r.repository_id = c.repository_id WHERE r.name = '{plain}'"))
        check(cur == [(s["snapshot_id"],)], f"{d}: ... and is current")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def old_database(make):
    """A database made by migrations 0001-0004 (applied here from migrations/, as a snakepipe of
    before refs did) with two complete snapshots: `snakepipe migrate` puts them on the default
    branch."""
    fresh, old = make(), make()
    d = old.dialect
    try:
        run("migrate", "--db", fresh.url, check_exit=0)
        sums, sql = old_schema_sql(fresh, d, 5)
        sql.append("INSERT INTO repositories (repository_id, location, name) VALUES (1, '/old', 'old')")
        sql.append("INSERT INTO snapshots (repository_id, snapshot_id, status) VALUES "
                   "(1, 1, 'complete'), (1, 2, 'complete'), (1, 3, 'failed')")
        old.execute(";\n".join(sql))
        check(len(sums) == 4, f"{d}: the old schema has migrations 1-4")
        run("migrate", "--db", old.url, check_exit=0)
        rows = ints(old.query("SELECT snapshot_id, CASE WHEN on_default THEN 1 ELSE 0 END FROM snapshots ORDER BY 1"))
        check(rows == [(1, 1), (2, 1), (3, 1)], f"{d}: existing snapshots join the default branch {rows}")
        check(ints(old.query("SELECT snapshot_id FROM current_snapshots")) == [(2,)],
              f"{d}: current_snapshots after the migration")
        pairs = ints(old.query("SELECT snapshot_id, previous_snapshot_id FROM snapshot_pairs ORDER BY 1"))
        check(pairs == [(1, None), (2, 1)], f"{d}: snapshot_pairs after the migration {pairs}")
        st = run("migrate", "--status", "--db", old.url, check_exit=0).stdout
        check("5 refs applied" in st, f"{d}: migration 5 recorded ({st.strip()!r})")
    finally:
        fresh.drop()
        old.drop()


for make in engines():
    db = make()
    root = tmpdir()
    try:
        repo = branches_and_growth(db, root)
        gc_per_ref(db, repo)
        in_default_history(db, root)
        default_branch_sources(db)
    finally:
        db.drop()
        shutil.rmtree(root, ignore_errors=True)
    old_database(make)
finish()
