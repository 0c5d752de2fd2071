#!/usr/bin/env python3
"""tests/load/test_bad_rows.py: one file whose rows the database refuses for a data reason never
blocks the others. A test trigger refuses one file's rows in the middle of a batch (SQLite
RAISE(ABORT) is SQLITE_CONSTRAINT_TRIGGER; PostgreSQL check_violation, SQLSTATE 23514): the run
exits 1 with a complete snapshot holding every other file's rows exactly as a clean run does, the
file is in file_errors with the server's message and in the summary's errors, and a rerun without
the trigger is clean. A refusal that is not about the data (a trigger failing otherwise) still
stops the run with exit 3 and a failed snapshot."""
import json
import os
import shutil

from common import SqliteDB, check, engines, finish, run, tmpdir, write


root = tmpdir()
for i in range(30):
    write(root, f"m{i:02d}.py", f"import os\nfrom . import m{(i + 1) % 30:02d}\n\n"
          f"def f{i}(x):\n    if x:\n        return m{(i + 1) % 30:02d}.f{(i + 1) % 30}(os.getcwd())\n"
          f"    return 0\n\nclass C{i}:\n    pass\n")
BAD = "def poison():\n    pass\n\nclass AfterPoison:\n    def m(self):\n        pass\n"
write(root, "m13_bad.py", BAD)  # 14th of 32 files: the middle of the second batch of 8
write(root, "m18_same_as_bad.py", BAD)  # the same content in the next batch: assigned (reused)
# while the second batch is being loaded, so it must fail too rather than point at no blob
write(root, "z_same_as_bad.py", BAD)  # the same content, in the last batch
BAD_FILES = ["m13_bad.py", "m18_same_as_bad.py", "z_same_as_bad.py"]

DATA_TRIGGER = {
    "postgresql": """
        CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'poison is refused by a test trigger' USING ERRCODE = 'check_violation';
        END $$;
        CREATE TRIGGER refuse_poison BEFORE INSERT ON functions FOR EACH ROW
            WHEN (NEW.name = 'poison') EXECUTE FUNCTION refuse_poison();""",
    "sqlite": """
        CREATE TRIGGER refuse_poison BEFORE INSERT ON functions WHEN NEW.name = 'poison'
        BEGIN SELECT RAISE(ABORT, 'poison is refused by a test trigger'); END;""",
}
# not about the data: PostgreSQL insufficient_privilege (42501); SQLite a failing function (SQLITE_ERROR)
OTHER_TRIGGER = {
    "postgresql": """
        CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'poison: no privilege' USING ERRCODE = 'insufficient_privilege';
        END $$;
        CREATE TRIGGER refuse_poison BEFORE INSERT ON functions FOR EACH ROW
            WHEN (NEW.name = 'poison') EXECUTE FUNCTION refuse_poison();""",
    "sqlite": """
        CREATE TRIGGER refuse_poison BEFORE INSERT ON functions WHEN NEW.name = 'poison'
        BEGIN SELECT json('not json'); END;""",
}
DROP = {"postgresql": "DROP TRIGGER refuse_poison ON functions; DROP FUNCTION refuse_poison()",
        "sqlite": "DROP TRIGGER refuse_poison"}

# what a snapshot holds, without blob ids (the refused content's id is never written)
FACTS = {
    "files": "SELECT path, language, total_lines, code_lines FROM current_files",
    "functions": "SELECT path, qualified_name, kind, start_line, end_line, cyclomatic, nloc "
                 "FROM current_functions",
    "classes": "SELECT path, qualified_name, kind, start_line FROM current_classes",
    "imports": "SELECT f.path, i.import_id, i.module, i.name, i.level, i.kind FROM current_files f "
               "JOIN imports i ON i.repository_id = f.repository_id AND i.blob_id = f.blob_id",
    "dependencies": "SELECT path, import_id, kind, target_path, target_module, reason "
                    "FROM current_dependencies",
    # a split batch's rows are read back for the call resolution, not handed over (sp_calls_fed)
    "calls": "SELECT path, call_id, caller, name, resolution, target_path, module "
             "FROM current_calls",
}


def facts(db, without=()):
    out = {}
    for name, sql in FACTS.items():
        out[name] = sorted(tuple(str(v) for v in r) for r in db.query(sql) if r[0] not in without)
    return out


def one(db, sql):
    return db.query(sql)[0][0]


for make in engines():
    db, clean, other = make(), make(), make()
    d = db.dialect
    try:
        run("index", root, "--db", clean.url, "--batch-size", "8", check_exit=0)
        want = facts(clean)
        check(len(want["functions"]) == 36 and len(want["dependencies"]) > 30 and len(want["calls"]) == 60,
              f"{d}: the clean run has the facts to compare ({len(want['functions'])} functions)")

        run("migrate", "--db", db.url, check_exit=0)
        db.execute(DATA_TRIGGER[d])
        p = run("index", root, "--db", db.url, "--batch-size", "8", "--json")
        check(p.returncode == 1 and "Sanitizer" not in p.stderr, f"{d}: refused rows give exit 1, not a stop (got {p.returncode}: "
              f"{p.stderr.strip()[-200:]})")
        s = json.loads(p.stdout) if p.stdout.strip() else {}
        check(s.get("status") == "complete", f"{d}: the snapshot completes")
        errs = {e["path"]: e["error"] for e in s.get("errors", [])}
        check(sorted(errs) == BAD_FILES and all("poison is refused" in m for m in errs.values()),
              f"{d}: the summary names the three files with the server's message: {errs}")
        check(s.get("failed") == 3 and s.get("parsed") == 30, f"{d}: 3 failed, 30 parsed "
              f"(got {s.get('failed')}, {s.get('parsed')})")
        check(all(b in p.stderr for b in BAD_FILES), f"{d}: stderr names the refused files")
        status = db.query("SELECT status, files_failed FROM snapshots")
        check([(r[0], int(r[1])) for r in status] == [("complete", 3)],
              f"{d}: snapshots row complete with files_failed 3 ({status})")
        got = facts(db)
        for name in FACTS:
            check(got[name] == facts(clean, BAD_FILES)[name],
                  f"{d}: every other file's {name} equal a clean run's ({len(got[name])} rows)")
        fe = sorted(db.query("SELECT path, stage, error FROM current_file_errors"))
        check([r[:2] for r in fe] == [(b, "load") for b in BAD_FILES] and
              all("poison is refused" in r[2] for r in fe),
              f"{d}: file_errors records both files with stage load and the server's message: {fe}")
        check(int(one(db, "SELECT count(*) FROM functions WHERE name = 'poison'")) == 0 and
              int(one(db, "SELECT count(*) FROM classes WHERE name = 'AfterPoison'")) == 0,
              f"{d}: nothing of the refused content was written")

        db.execute(DROP[d])
        p = run("index", root, "--db", db.url, "--batch-size", "8", "--json")
        s = json.loads(p.stdout) if p.stdout.strip() else {}
        check(p.returncode == 0 and s.get("status") == "complete" and not s.get("errors"),
              f"{d}: rerun without the trigger is clean (exit {p.returncode}, {s.get('errors')})")
        check(facts(db) == want, f"{d}: the rerun's facts equal a clean run's, the refused files included")
        check(int(one(db, "SELECT count(*) FROM current_file_errors")) == 0,
              f"{d}: the rerun's snapshot has no file errors")
        run("gc", "--keep", "1", "--db", db.url, check_exit=0)
        check(int(one(db, "SELECT count(*) FROM file_errors")) == 0,
              f"{d}: gc drops the file errors with their snapshot")

        # a refusal that is not about the data still stops the run
        run("migrate", "--db", other.url, check_exit=0)
        other.execute(OTHER_TRIGGER[d])
        p = run("index", root, "--db", other.url, "--batch-size", "8", "--json")
        s = json.loads(p.stdout) if p.stdout.strip() else {}
        check(p.returncode == 3, f"{d}: a refusal not about the data exits 3 (got {p.returncode})")
        check([r[0] for r in other.query("SELECT status FROM snapshots")] == ["failed"],
              f"{d}: ...and its snapshot is failed")
        check("functions" in (s.get("fatal") or "") and "m13_bad.py" in (s.get("fatal") or ""),
              f"{d}: ...naming the table and the file: {s.get('fatal')}")
    finally:
        db.drop()
        clean.drop()
        other.drop()
# files that cannot be read are recorded too, with stage 'extract'
root2 = tmpdir()
write(root2, "good.py", "def g():\n    pass\n")
os.makedirs(os.path.join(root2, "adir"))
os.symlink("adir", os.path.join(root2, "weird.py"))
sq = SqliteDB()
try:
    p = run("index", root2, "--db", sq.url, "--json")
    check(p.returncode == 1 and "Sanitizer" not in p.stderr, f"unreadable file: exit 1 (got {p.returncode})")
    fe = sq.query("SELECT path, stage, error <> '' FROM current_file_errors")
    check(fe == [("weird.py", "extract", 1)], f"an unreadable file is in file_errors with stage extract: {fe}")
finally:
    sq.drop()
    shutil.rmtree(root2, ignore_errors=True)
shutil.rmtree(root, ignore_errors=True)
finish()
