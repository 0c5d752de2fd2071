#!/usr/bin/env python3
"""tests/load/test_incremental.py: re-indexing parses only what changed. Unchanged: 0 parsed and
nothing read; one file changed: 1 parsed; a rename reuses the blob; touching a file (new mtime,
same content) reads it but parses nothing; a new extractor version re-extracts every blob; a
git work tree's clean files are known by their object id without being read. SQLite and PostgreSQL."""
import json
import os
import shutil
import subprocess
import time

from common import SqliteDB, check, engines, finish, git_commit_all, run, tmpdir, write



def index(root, db, *extra):
    return json.loads(run("index", root, "--db", db.url, "--json", *extra, check_exit=0).stdout)


for make in engines():
    db = make()
    d = db.dialect
    root = tmpdir()
    try:
        for i in range(20):
            write(root, f"m{i:02d}.py", f"import os\n\ndef f{i}(x):\n    return x + {i}\n")
        s = index(root, db)
        check(s["parsed"] == 20 and s["reused"] == 0, f"{d}: cold index parses every file")
        s = index(root, db)
        check(s["parsed"] == 0 and s["carried"] == 20 and s["bytes"] == 0,
              f"{d}: unchanged re-index parses 0 files and reads none (bytes {s['bytes']})")
        check(s["rows"] == 0, f"{d}: ...and writes no rows itself (files are copied by the database)")

        time.sleep(0.01)
        write(root, "m03.py", "import os\n\ndef f3(x):\n    if x:\n        return 3\n    return x\n")
        s = index(root, db)
        check(s["parsed"] == 1 and s["carried"] == 19, f"{d}: one changed file parses 1 ({s['parsed']})")

        os.rename(os.path.join(root, "m05.py"), os.path.join(root, "renamed.py"))
        s = index(root, db)
        check(s["parsed"] == 0 and s["reused"] == 20, f"{d}: a rename reuses the blob ({s['parsed']} parsed)")
        files = db.query("SELECT path FROM current_files ORDER BY path")
        check(("renamed.py",) in files and ("m05.py",) not in files, f"{d}: the rename shows in current_files")
        deps = int(db.query("SELECT count(*) FROM current_dependencies WHERE path = 'renamed.py'")[0][0])
        check(deps == 1, f"{d}: the renamed file has its dependencies in the new snapshot")

        os.utime(os.path.join(root, "m07.py"), (1, 1))
        s = index(root, db)
        check(s["parsed"] == 0 and s["bytes"] > 0 and s["carried"] == 19,
              f"{d}: a touched file is read and hashed, not parsed")

        # a new extractor version: old blobs stay for gc, every content is extracted again
        db.execute("UPDATE blobs SET extractor_version = extractor_version + 1000")
        s = index(root, db)
        check(s["parsed"] == 20, f"{d}: another extractor version re-extracts every blob ({s['parsed']})")
        versions = db.query("SELECT DISTINCT b.extractor_version FROM current_files f JOIN blobs b "
                            "ON b.repository_id = f.repository_id AND b.blob_id = f.blob_id")
        check(len(versions) == 1 and int(versions[0][0]) < 1000, f"{d}: the new snapshot uses only new blobs")
        snaps = db.query("SELECT count(*) FROM snapshots WHERE status = 'complete'")
        check(int(snaps[0][0]) == 6, f"{d}: one complete snapshot per run")
    finally:
        db.drop()
        shutil.rmtree(root, ignore_errors=True)

# git work tree: clean tracked files are known by their object id even after a fresh checkout
db = SqliteDB()
root = tmpdir()
try:
    for i in range(10):
        write(root, f"g{i}.py", f"def g{i}():\n    return {i}\n")
    git_commit_all(root)
    index(root, db)
    for i in range(10):  # as after a fresh clone: every mtime differs from the stored one
        os.utime(os.path.join(root, f"g{i}.py"), (2, 2))
    s = index(root, db)
    check(s["parsed"] == 0 and s["bytes"] == 0 and s["carried"] == 10,
          "git: clean files are reused by object id, none read despite new mtimes")
    write(root, "g1.py", "def g1():\n    return 'changed'\n")
    s = index(root, db)
    check(s["parsed"] == 1, "git: a locally modified tracked file is read and parsed")
finally:
    db.drop()
    shutil.rmtree(root, ignore_errors=True)

# A file added: the snapshot has a new path set, so every reused file's imports are read back and
# resolved again (a query per IMPORTS_PER_QUERY contents, cli/index_reuse.c); the dependencies must
# be those a cold index of the same tree finds: the new file's importers now reach it, two files
# of one content share one import list, a file without imports has none.
DEPS = ("SELECT path, import_id, kind, target_path, target_module, package FROM current_dependencies "
        "ORDER BY path, import_id")
for make in engines():
    db, cold = make(), make()
    root = tmpdir()
    try:
        write(root, "app/main.py", "import helper\nfrom app import util\nimport os\n")
        write(root, "app/util.py", "from . import helper\nimport json\n")
        write(root, "app/twin_a.py", "import helper\nimport sys\n")
        write(root, "app/twin_b.py", "import helper\nimport sys\n")
        write(root, "app/plain.py", "X = 1\n")
        index(root, db)
        write(root, "app/helper.py", "def h():\n    return 1\n")
        s = index(root, db)
        index(root, cold)
        got, want = db.query(DEPS), cold.query(DEPS)
        reached = sorted(r[0] for r in got if r[3] == "app/helper.py")
        check(s["parsed"] == 1 and len(got) == 9 and got == want
              and reached == ["app/main.py", "app/twin_a.py", "app/twin_b.py", "app/util.py"],
              f"{db.dialect}: a file added: the dependencies of a cold index, its importers reach it "
              f"({s['parsed']} parsed, {reached}, {len(got)} against {len(want)})")
    finally:
        db.drop()
        cold.drop()
        shutil.rmtree(root, ignore_errors=True)

# A re-index that parsed nothing and has exactly the files of the latest complete snapshot copies
# that snapshot's summaries and components (load/sql/summary_copy_*.sql) instead of computing them:
# the copies equal what a cold index computes, and they come from that snapshot (a row altered
# there shows in the copy).
SUMMARIES = {"snapshot_languages": "language", "snapshot_packages": "kind, package",
             "snapshot_importers": "target_path", "snapshot_top_functions": "rank",
             "snapshot_top_classes": "rank", "snapshot_file_roles": "path, role",
             "components": "component_id", "component_files": "path"}


def summaries(db, snap):
    out = {}
    for t, order in SUMMARIES.items():
        cols = {"snapshot_languages": "language, files, code_lines, functions, cyclomatic_sum",
                "snapshot_packages": "kind, package, files", "snapshot_importers": "target_path, importers",
                "snapshot_top_functions": "rank, path, blob_id, function_id, cyclomatic",
                "snapshot_top_classes": "rank, path, blob_id, class_id, lines, method_count, complexity_sum",
                "snapshot_file_roles": "path, role, language, reason",
                "components": "component_id, size, example_cycle, cycle_length",
                "component_files": "path, component_id"}[t]
        out[t] = db.query(f"SELECT {cols} FROM {t} WHERE snapshot_id = {snap} ORDER BY {order}")
    return out


for make in engines():
    db, cold = make(), make()
    root = tmpdir()
    try:
        write(root, "pkg/__init__.py", "")
        write(root, "pkg/a.py", "from . import b\nimport json\n\nclass A:\n    def f(self, x):\n"
              "        if x:\n            return 1\n        return 2\n")
        write(root, "pkg/b.py", "from . import a\n\ndef main():\n    return a.A().f(1)\n")
        write(root, "tests/test_a.py", "from pkg import a\n")
        index(root, db)
        s = index(root, db)
        index(root, cold)
        got, want = summaries(db, 2), summaries(cold, 1)
        check(s["parsed"] == 0 and got == want and all(want[t] for t in ("snapshot_languages",
              "snapshot_top_functions", "snapshot_top_classes", "components", "component_files")),
              f"{db.dialect}: an unchanged re-index has the summaries and components of a cold index "
              f"({[t for t in SUMMARIES if got[t] != want[t]]} differ)")
        db.execute("UPDATE snapshot_languages SET files = 999 WHERE snapshot_id = 2")
        index(root, db)
        copied = db.query("SELECT files FROM snapshot_languages WHERE snapshot_id = 3")
        check([int(v[0]) for v in copied] == [999],
              f"{db.dialect}: they are copied from the latest complete snapshot with the same files ({copied})")
        write(root, "pkg/c.py", "def c():\n    return 3\n")
        index(root, db)
        langs = db.query("SELECT files FROM snapshot_languages WHERE snapshot_id = 4")
        check([int(v[0]) for v in langs] == [5], f"{db.dialect}: a file added: computed again ({langs})")
    finally:
        db.drop()
        cold.drop()
        shutil.rmtree(root, ignore_errors=True)

# where checkout converts content (eol attributes), an object id is not the bytes on disk
db = SqliteDB()
root = tmpdir()
try:
    write(root, ".gitattributes", "*.py text eol=crlf\n")
    write(root, "c.py", "def c():\n    return 1\n")
    git_commit_all(root)
    os.remove(os.path.join(root, "c.py"))
    subprocess.run(["git", "-C", root, "checkout", "-q", "c.py"], check=True)  # now CRLF on disk
    index(root, db, "--rev", "HEAD")
    s = index(root, db)
    sizes = db.query("SELECT b.size_bytes FROM current_files f JOIN blobs b ON b.repository_id = "
                     "f.repository_id AND b.blob_id = f.blob_id WHERE f.path = 'c.py'")
    check(s["parsed"] == 1 and int(sizes[0][0]) == os.path.getsize(os.path.join(root, "c.py")),
          f"git: with eol conversion the work tree's bytes are indexed, not the object's ({sizes})")
finally:
    db.drop()
    shutil.rmtree(root, ignore_errors=True)
finish()
