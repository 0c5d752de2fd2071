#!/usr/bin/env python3
"""tests/load/test_scan.py: scheduled scans from a manifest (libcyaml): defaults and per-repository
rev, include/exclude globs, languages and C include dirs; a failing repository does not stop the others, the
summary lists each (--json too) and the exit code is non-zero; a schema error names the line."""
import json
import os
import shutil
import subprocess

from common import BIN, HeldLock, SqliteDB, check, engines, finish, git_commit_all, run, tmpdir, write


def example_manifest(work):
    """The README's example manifest, run as written with its paths moved under work: every key it
    shows does what its comment says."""
    ex = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "scan.yaml")
    with open(ex) as f:
        text = f.read()
    check("/usr/lib/python3.11" in text and text.count("/srv/git/") == 3,
          "the example manifest names the repositories this test stands in for")
    text = text.replace("/usr/lib/python3.11", os.path.join(work, "stdlib")).replace("/srv/git/", work + "/ex-")
    std = os.path.join(work, "stdlib")
    write(std, "json/x.py", "def x():\n    pass\n")
    write(std, "test/t.py", "def t():\n    pass\n")
    write(std, "idlelib/i.py", "def i():\n    pass\n")
    svc = os.path.join(work, "ex-service")
    write(svc, "main.go", "package main\n\nfunc main() {}\n")
    git_commit_all(svc)
    write(svc, "later.py", "def later():\n    pass\n")  # the work tree is indexed, uncommitted files too
    mirror = os.path.join(work, "ex-service-mirror")
    for rel, data in (("src/a.py", "def a():\n    pass\n"), ("src/b.go", "package b\n\nfunc B() {}\n"),
                      ("src/c.ts", "export function c() {}\n"), ("src/d.rb", "def d\nend\n"),
                      ("top.py", "def top():\n    pass\n")):
        write(mirror, rel, data)
    git_commit_all(mirror)
    subprocess.run(["git", "-C", mirror, "branch", "-M", "main"], check=True)
    write(mirror, "src/e.py", "def e():\n    pass\n")  # not in the commit main names
    fw = os.path.join(work, "ex-firmware")
    write(fw, "src/main.c", '#include "api.h"\n#include <vendor.h>\nint main(void) { return api(); }\n')
    write(fw, "include/api.h", "int api(void);\n")
    write(fw, "third_party/include/vendor.h", "int vendor(void);\n")
    manifest = os.path.join(work, "example.yaml")
    with open(manifest, "w") as f:
        f.write(text)
    db = SqliteDB()
    try:
        r = subprocess.run([BIN, "scan", manifest, "--db", db.url, "--json", "--quiet"], capture_output=True,
                           text=True, cwd=work)  # where the manifest's relative snakepipe.db would go
        out = json.loads(r.stdout) if r.stdout.strip() else {}
        check(r.returncode == 0 and out.get("failed") == 0 and len(out.get("repositories", [])) == 4,
              f"the example manifest scans its four repositories (exit {r.returncode}) {r.stderr.strip()}")
        got = {}
        for name, path in db.query("SELECT r.name, f.path FROM current_files f JOIN repositories r"
                                   " ON r.repository_id = f.repository_id"):
            got.setdefault(os.path.basename(name), set()).add(path)  # no remote: named by its path
        check(got == {"stdlib": {"json/x.py"}, "ex-service": {"main.go", "later.py"},
                      "ex-service-mirror": {"src/a.py", "src/b.go", "src/c.ts"},
                      "ex-firmware": {"src/main.c", "include/api.h", "third_party/include/vendor.h"}},
              f"exclude, the work tree, rev with include and languages, each as the example says ({got})")
        deps = sorted(db.query("SELECT d.target_path FROM current_dependencies d WHERE d.path = 'src/main.c'"))
        check(deps == [("include/api.h",), ("third_party/include/vendor.h",)],
              f"the example's include_dirs resolve both includes ({deps})")
        check(not os.path.exists(os.path.join(work, "snakepipe.db")),
              "--db on the command line wins over the manifest's database")
    finally:
        db.drop()


def taken_by_another_run(work):
    """Two `scan --no-wait` runs on one database split the repositories: what the other run holds
    is reported as taken by another run, not as a failure, and the scan exits 0 when nothing else
    failed (it exited 5 and counted the other run's repository as failed)."""
    one, two = os.path.join(work, "held"), os.path.join(work, "free")
    write(one, "h.py", "def h():\n    pass\n")
    write(two, "f.py", "def f():\n    pass\n")
    manifest = os.path.join(work, "two.yaml")
    with open(manifest, "w") as f:
        f.write(f"repositories:\n  - path: {one}\n  - path: {two}\n")
    for engine in engines():
        db = engine()
        try:
            run("index", one, "--db", db.url, "--quiet", check_exit=0)  # its repository row
            (rid,) = db.query(f"SELECT repository_id FROM repositories WHERE name = '{one}'")[0]
            lock = HeldLock(db, int(rid))  # the other scan, in the middle of that repository
            try:
                r = run("scan", manifest, "--db", db.url, "--no-wait", "--json")
                out = json.loads(r.stdout) if r.stdout.strip() else {}
                reps = out.get("repositories", [])
                check(r.returncode == 0 and out.get("failed") == 0 and out.get("taken") == 1,
                      f"{db.dialect}: the other run's repository is not a failure: exit 0, failed 0, taken 1 "
                      f"(exit {r.returncode}, {r.stdout.strip()[-200:]})")
                check([x.get("status") for x in reps] == ["taken", "complete"],
                      f"{db.dialect}: its summary says taken, the free one is indexed ({[x.get('status') for x in reps]})")
                check("taken by another run" in r.stderr and "FAILED" not in r.stderr,
                      f"{db.dialect}: stderr says taken by another run ({r.stderr.strip()})")
                r = run("scan", manifest, "--db", db.url, "--no-wait")
                check(r.returncode == 0 and "scan: 2 repositories, 0 failed, 1 taken by another run" in r.stdout,
                      f"{db.dialect}: the text summary counts it apart ({r.stdout.strip()[-200:]})")
                bad = os.path.join(work, "bad.yaml")
                with open(bad, "w") as f:
                    f.write(f"repositories:\n  - path: {one}\n  - path: {os.path.join(work, 'missing')}\n")
                r = run("scan", bad, "--db", db.url, "--no-wait", "--json")
                out = json.loads(r.stdout) if r.stdout.strip() else {}
                check(r.returncode == 2 and out.get("failed") == 1 and out.get("taken") == 1,
                      f"{db.dialect}: another failure still sets the exit code (exit {r.returncode}, {out.get('failed')}, {out.get('taken')})")
            finally:
                lock.release()
        finally:
            db.drop()


work = tmpdir()
a = os.path.join(work, "a")
b = os.path.join(work, "b")
write(a, "src/x.py", "def x():\n    pass\n")
write(a, "src/gen/y.py", "def y():\n    pass\n")
write(a, "tests/t.py", "def t():\n    pass\n")
write(b, "m.py", "def m():\n    return 1\n")
git_commit_all(b)
write(b, "m.py", "def m():\n    return 2\n\ndef later():\n    pass\n")  # uncommitted: --rev ignores it
c = os.path.join(work, "c")
write(c, "src/main.c", "#include <proj/api.h>\nint main(void) { return api(); }\n")
write(c, "third/proj/api.h", "int api(void);\n")
db = SqliteDB()
manifest = os.path.join(work, "scan.yaml")
with open(manifest, "w") as f:
    f.write(f"""defaults:
  database: {db.url}
  batch_size: 2
  retries: 1
repositories:
  - path: {a}
    include: ["src/*"]
    exclude: ["src/gen/*"]
    languages: [python]
  - path: {os.path.join(work, "missing")}
  - path: {b}
    rev: HEAD
  - path: {c}
    include_dirs: [third]
""")
try:
    r = subprocess.run([BIN, "scan", manifest, "--json"], capture_output=True, text=True)
    out = json.loads(r.stdout)
    reps = out["repositories"]
    check(r.returncode != 0 and out["failed"] == 1, f"one failing repository makes the scan fail (exit {r.returncode})")
    check(len(reps) == 4 and reps[0]["status"] == "complete" and reps[2]["status"] == "complete",
          "the repositories after the failing one are still indexed")
    check("missing" in r.stderr, "the failure names the repository")
    paths = sorted(p for (p,) in db.query("SELECT path FROM current_files"))
    check(paths == ["m.py", "src/main.c", "src/x.py", "third/proj/api.h"],
          f"include/exclude and defaults.database apply ({paths})")
    deps = db.query("SELECT kind, target_path FROM current_dependencies WHERE path = 'src/main.c'")
    check(deps == [("internal", "third/proj/api.h")], f"include_dirs resolves <proj/api.h> ({deps})")
    fns = sorted(n for (n,) in db.query("SELECT name FROM current_functions"))
    check(fns == ["m", "main", "x"], f"rev reads the commit, not the modified work tree ({fns})")
    r = subprocess.run([BIN, "scan", manifest], capture_output=True, text=True)
    check("scan: 4 repositories, 1 failed" in r.stdout, "a text summary per repository and in total")

    bad = os.path.join(work, "bad.yaml")
    with open(bad, "w") as f:
        f.write("repositories:\n  - path: /x\n    exlude: ['*']\n")
    r = subprocess.run([BIN, "scan", bad], capture_output=True, text=True)
    check(r.returncode == 2 and "exlude" in r.stderr and "line 3" in r.stderr,
          f"a schema error names the key and the line: {r.stderr.strip()}")
    with open(bad, "w") as f:
        f.write("defaults:\n  batch_size: many\nrepositories:\n  - path: /x\n")
    r = subprocess.run([BIN, "scan", bad], capture_output=True, text=True)
    check(r.returncode == 2 and "line: 2" in r.stderr, f"a bad value names its line: {r.stderr.strip()}")
    r = run("scan", os.path.join(work, "nope.yaml"))
    check(r.returncode == 2, "a missing manifest is a usage error")
    example_manifest(work)
    taken_by_another_run(work)
finally:
    db.drop()
    shutil.rmtree(work, ignore_errors=True)
finish()
