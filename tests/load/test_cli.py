#!/usr/bin/env python3
"""tests/load/test_cli.py: the command line contract: help and version, usage errors (exit 2),
database errors (exit 3) that never print a password, the JSON summary, SNAKEPIPE_DB, git work
trees (HEAD commit, .gitignore), shebang detection and `migrate [--status]`."""
import json
import shutil

from common import SqliteDB, check, finish, git_commit_all, old_schema_sql, run, tmpdir, write

p = run("--help")
check(p.returncode == 0 and "--batch-size" in p.stdout and "exit codes" in p.stdout, "--help lists options and exit codes")
p = run("--version")
check(p.returncode == 0 and p.stdout.startswith("snakepipe "), "--version")
for args, what in ((["index"], "index without a repository"), (["frobnicate"], "unknown command"),
                   (["index", ".", "--nope"], "unknown option"), (["index", ".", "--batch-size", "0"], "bad batch size"),
                   (["migrate", "--json"], "option of another command"), ([], "no command"),
                   (["index", "/nonexistent/repo"], "missing repository")):
    p = run(*args)
    check(p.returncode == 2 and p.stderr.startswith("snakepipe: "), f"usage error exit 2: {what}")

root = tmpdir()
write(root, "a.py", "import b\n\ndef f():\n    pass\n")
write(root, "b.py", "class B:\n    pass\n")
write(root, "tool", "#!/usr/bin/python3\ndef main():\n    pass\n")
write(root, "notes", "#!/bin/sh\necho hi\n")
write(root, "ignored.py", "def hidden():\n    pass\n")
write(root, ".gitignore", "ignored.py\n")

p = run("index", root, "--db", "postgresql://bob:s3cret@127.0.0.1:1/x?connect_timeout=2")
check(p.returncode == 3, f"unreachable database exits 3 (got {p.returncode})")
check("s3cret" not in p.stdout + p.stderr, "the password is never printed")
p = run("migrate", "--db", "host=127.0.0.1 port=1 password=s3cret connect_timeout=2")
check(p.returncode == 3 and "s3cret" not in p.stdout + p.stderr, "migrate: unreachable database exits 3, no password")

db = SqliteDB()
try:
    p = run("migrate", "--db", db.url, "--status")
    check(p.returncode == 0 and "0001 init pending" in p.stdout, "migrate --status on a new database lists pending")
    p = run("migrate", "--db", db.url)
    check(p.returncode == 0 and "0001 init applied" in p.stdout, "migrate applies")
    # a fresh SQLite file gets every migration's schema as one script built from them
    # (tools/embed.py): the same tables, indexes, views, triggers and seed rows, and the same
    # migrations recorded, as a database migrated one step at a time from migration 0001
    stepwise = SqliteDB()
    try:
        sums, sql = old_schema_sql(db, "sqlite", 2)
        stepwise.execute(";\n".join(sql))
        p = run("migrate", "--db", stepwise.url)
        check(p.returncode == 0, f"migrate applies 0002 onwards one at a time ({p.stderr.strip()})")
        dump = ("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name <> 'schema_migrations' "
                "ORDER BY type, name")
        fresh_objects, step_objects = db.query(dump), stepwise.query(dump)
        check(len(fresh_objects) > 100 and fresh_objects == step_objects,
              f"a fresh database has the step-by-step schema ({len(fresh_objects)} objects, "
              f"{len(set(fresh_objects) ^ set(step_objects))} differ)")
        for t in ("path_conventions", "call_rules", "call_entry_points"):
            fresh_rows, step_rows = db.query(f"SELECT * FROM {t} ORDER BY 1, 2"), stepwise.query(f"SELECT * FROM {t} ORDER BY 1, 2")
            check(fresh_rows and fresh_rows == step_rows, f"{t}: the same seed rows ({len(fresh_rows)})")
        recorded = "SELECT version, name, checksum FROM schema_migrations ORDER BY version"
        check(db.query(recorded) == stepwise.query(recorded), "the same migrations recorded, checksums included")
        stats = "SELECT count(*) FROM sqlite_stat1"
        check(db.query(stats) == stepwise.query(stats) == [(0,)], "sqlite_stat1 there and empty in both")
    finally:
        stepwise.drop()

    p = run("index", root, "--json", env={"SNAKEPIPE_DB": db.url})
    check(p.returncode == 0, "index with SNAKEPIPE_DB")
    s = json.loads(p.stdout)  # stdout holds exactly one JSON object
    for key in ("files", "parsed", "skipped", "functions", "classes", "imports", "rows", "seconds",
                "rows_per_second", "status", "snapshot_id"):
        check(key in s, f"JSON summary has {key}")
    check(s["files"] == 6 and s["source_files"] == 4 and s["skipped"] == 2,
          f"shebang script indexed, shell script and .gitignore skipped ({s['source_files']}, {s['skipped']})")
    check(s["functions"] == 3 and s["classes"] == 1, "counts in the summary")
    check(s["commit"] is None, "no commit outside git")

    head = git_commit_all(root)  # ignored.py stays out: .gitignore
    p = run("index", root, "--db", db.url, "--json", check_exit=0)
    s = json.loads(p.stdout)
    check(s["commit"] == head, "a git work tree records HEAD")
    check(s["source_files"] == 3, ".gitignore is respected (ignored.py not indexed)")
    rows = db.query("SELECT commit_sha FROM snapshots WHERE snapshot_id = 2")
    check(rows == [(head,)], "snapshots.commit_sha holds HEAD")

    p = run("index", root, "--db", db.url)
    check(p.returncode == 0 and "indexed: complete snapshot 3" in p.stdout, "text summary on stdout")
    p = run("index", root, "--db", db.url, "--quiet")
    check(p.returncode == 0 and p.stdout == "", "--quiet prints nothing")
finally:
    db.drop()
    shutil.rmtree(root, ignore_errors=True)
finish()
