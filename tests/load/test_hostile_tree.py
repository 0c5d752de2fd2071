#!/usr/bin/env python3
"""tests/load/test_hostile_tree.py: trees written to attack or confuse the walk. Nothing outside
the repository is ever read (a tracked directory swapped for a symlink, in a work tree, a plain
directory and --rev, with and without openat2); names that differ only in bytes that are not
UTF-8 are stored distinctly and lead back to their file; git runs nothing the repository
configures (fsmonitor, filters, hooks); a repository git refuses as unsafe is indexed as a plain
directory with a warning; FIFOs, symlinks out of the tree and vanished files are skipped, counted
by reason and named."""
import json
import os
import shutil
import subprocess
import time

from common import (BIN, HeldLock, SqliteDB, check, engines, finish, git_commit_all, run, tmpdir,
                    wait_for_text, write)


SECRET = "def secret_outside():\n    return 1\n"


def index(root, db, *args, env=None):
    p = run("index", root, "--db", db.url, "--json", *args, env=env)
    try:
        s = json.loads(p.stdout)
    except ValueError:
        s = {}
    return p, s


def functions(db):
    return sorted(r[0] for r in db.query("SELECT name FROM functions"))


def stored_paths(db):
    return sorted(r[0] for r in db.query("SELECT DISTINCT path FROM files"))


def unescape(stored):
    """What the README tells analysts: printf '%b' gives the name's bytes back."""
    return subprocess.run(["bash", "-c", 'printf "%b" "$1"', "_", stored], capture_output=True,
                          check=True).stdout


def named(s, path, reason):
    return any(e.get("path") == path and e.get("reason") == reason for e in s.get("skipped_files", []))


outside = tmpdir()
write(outside, "x.py", SECRET)
write(outside, "top.py", SECRET)

# ---- a tracked directory replaced by a symlink to elsewhere ----
for make in engines():
    d = make.dialect
    wt = tmpdir()
    write(wt, "sub/x.py", "def inside():\n    return 0\n")
    write(wt, "keep.py", "def keep():\n    return 0\n")
    os.symlink("keep.py", os.path.join(wt, "alias.py"))  # a symlink inside the tree still works
    os.symlink(os.path.join(wt, "keep.py"), os.path.join(wt, "absalias.py"))  # absolute, inside
    git_commit_all(wt)
    os.symlink(os.path.join(outside, "top.py"), os.path.join(wt, "untracked"))  # no extension
    shutil.rmtree(os.path.join(wt, "sub"))
    os.symlink(outside, os.path.join(wt, "sub"))
    for label, env in (("openat2", None), ("fallback", {"SNAKEPIPE_NO_OPENAT2": "1"})):
        db = make()
        try:
            p, s = index(wt, db, env=env)
            check(p.returncode == 0, f"{d} {label}: work tree with a swapped directory indexes (exit {p.returncode})")
            check("secret_outside" not in functions(db),
                  f"{d} {label}: a file behind a symlinked tracked directory is never read")
            check(named(s, "sub/x.py", "outside the repository") and named(s, "untracked", "outside the repository"),
                  f"{d} {label}: sub/x.py and an untracked symlink are named as leading outside ({s.get('skipped_files')})")
            check({"keep.py", "alias.py", "absalias.py"} <= set(stored_paths(db)),
                  f"{d} {label}: symlinks resolving inside the tree are read ({stored_paths(db)})")
        finally:
            db.drop()
    # --rev reads the commit's objects: sub/x.py as committed; symlinks of a commit are not followed
    rev = tmpdir()
    write(rev, "a.py", "def a():\n    return 0\n")
    os.symlink(os.path.join(outside, "top.py"), os.path.join(rev, "lnk.py"))
    os.symlink(outside, os.path.join(rev, "dir"))
    git_commit_all(rev)
    db = make()
    try:
        p, s = index(wt, db, "--rev", "HEAD")
        check(p.returncode == 0 and "inside" in functions(db) and "secret_outside" not in functions(db),
              f"{d} --rev: the committed sub/x.py is read, not what the symlink shows")
        p, s = index(rev, db, "--rev", "HEAD")
        check(p.returncode == 0 and "secret_outside" not in functions(db),
              f"{d} --rev: a commit's symlinks to outside are never read")
        check(named(s, "lnk.py", "not a regular file") and named(s, "dir", "not a regular file"),
              f"{d} --rev: the commit's symlinks are named as skipped ({s.get('skipped_files')})")
    finally:
        db.drop()
    # a plain directory: symlinks to outside files and directories are skipped and named
    plain = tmpdir()
    write(plain, "ok.py", "def ok():\n    return 0\n")
    os.symlink(os.path.join(outside, "top.py"), os.path.join(plain, "out.py"))
    os.symlink(outside, os.path.join(plain, "dir"))
    write(plain, "in/deep.py", "def deep():\n    return 0\n")
    os.symlink("../dir/x.py", os.path.join(plain, "in", "via.py"))  # in -> dir -> outside
    db = make()
    try:
        p, s = index(plain, db)
        check(p.returncode == 0 and "secret_outside" not in functions(db),
              f"{d} plain: nothing outside is read (exit {p.returncode}, {functions(db)})")
        check(named(s, "out.py", "outside the repository") and named(s, "in/via.py", "outside the repository"),
              f"{d} plain: symlinks out of the tree are named ({s.get('skipped_files')})")
        check(s.get("skipped_by_reason", {}).get("outside the repository") == 3,
              f"{d} plain: three skipped as outside the repository ({s.get('skipped_by_reason')})")
    finally:
        db.drop()
    for t in (wt, rev, plain):
        shutil.rmtree(t, ignore_errors=True)

# ---- two names that differ only in bytes that are not UTF-8 ----
for make in engines():
    d = make.dialect
    for kind in ("plain", "git"):
        root = tmpdir().encode()
        for name, fn in ((b"caf\xe9.py", "latin1"), (b"caf\xe8.py", "other"), (b"back\\slash.py", "bs")):
            with open(os.path.join(root, name), "w") as f:
                f.write(f"def {fn}():\n    return 0\n")
        if kind == "git":
            git_commit_all(root.decode(errors="surrogateescape"))
        db = make()
        try:
            rs = root.decode(errors="surrogateescape")
            p, s = index(rs, db)
            check(p.returncode == 0, f"{d} {kind}: non-UTF-8 names index (exit {p.returncode}: {p.stderr.strip()})")
            paths = stored_paths(db)
            check(paths == ["back\\\\slash.py", "caf\\xe8.py", "caf\\xe9.py"],
                  f"{d} {kind}: stored distinctly and reversibly ({paths})")
            ok = True
            for sp in paths:
                raw = os.path.join(root, unescape(sp))
                fn = db.query(f"SELECT fn.name FROM functions fn JOIN files f USING (repository_id, blob_id) "
                              f"WHERE f.path = '{sp.replace(chr(39), chr(39) * 2)}'")
                ok = ok and os.path.exists(raw) and f"def {fn[0][0]}()" in open(raw).read()
            check(ok, f"{d} {kind}: each stored path unescapes to its own file")
            if kind == "git":
                p, s = index(rs, db, "--rev", "HEAD")
                got = sorted(r[0] for r in db.query(
                    f"SELECT path FROM files WHERE snapshot_id = {s.get('snapshot_id', 0)}"))
                check(p.returncode == 0 and got == paths, f"{d} --rev: the commit's names are stored the same way ({got})")
            write(rs, "new.py", "def new():\n    return 0\n")
            p, s = index(rs, db)
            check(p.returncode == 0 and s.get("status") == "complete",
                  f"{d} {kind}: the repository indexes again (exit {p.returncode})")
        finally:
            db.drop()
            shutil.rmtree(root, ignore_errors=True)

# ---- git runs nothing the repository configures ----
db = SqliteDB()
try:
    marks = tmpdir()
    repo = tmpdir()
    write(repo, "a.py", "def a():\n    return 0\n")
    write(repo, ".gitattributes", "*.py filter=evil\n")
    git_commit_all(repo)
    write(repo, "b.py", "def b():\n    return 0\n")
    git_commit_all(repo, "second")
    hook = os.path.join(marks, "hook.sh")
    write(marks, "hook.sh", f"#!/bin/sh\ntouch {marks}/ran-$1\ncat\n")
    os.chmod(hook, 0o755)
    for key, val in (("core.fsmonitor", f"{hook} fsmonitor"), ("filter.evil.clean", f"{hook} clean"),
                     ("filter.evil.smudge", f"{hook} smudge"), ("filter.evil.process", f"{hook} process"),
                     ("filter.evil.required", "true")):
        subprocess.run(["git", "-C", repo, "config", key, val], check=True)
    write(repo, ".git/hooks/post-index-change", f"#!/bin/sh\ntouch {marks}/ran-post-index-change\n")
    os.chmod(os.path.join(repo, ".git/hooks/post-index-change"), 0o755)
    future = time.time() + 5
    os.utime(os.path.join(repo, "a.py"), (future, future))  # stat-dirty: status would run the filter
    p1, s1 = index(repo, db)
    p2, s2 = index(repo, db, "--rev", "HEAD~1")
    p3 = run("history", repo, "--db", db.url, "--json")
    check(p1.returncode == 0 and p2.returncode == 0 and p3.returncode == 0,
          f"git config: work tree, --rev and history index ({p1.returncode}, {p2.returncode}, {p3.returncode})")
    ran = sorted(os.listdir(marks))
    check(ran == ["hook.sh"], f"git config: no fsmonitor, filter or hook of the repository ran ({ran})")
    check(s1.get("commit") and "a" in functions(db), "git config: the work tree is still indexed as git")
finally:
    db.drop()

# ---- a repository git refuses as unsafe ----
if os.geteuid() != 0:
    print("skipped: the unsafe-repository case needs root (to give the repository to nobody)")
else:
    db = SqliteDB()
    try:
        repo = tmpdir()
        write(repo, "a.py", "def a():\n    return 0\n")
        write(repo, "ignored.py", "def ignored():\n    return 0\n")
        write(repo, ".gitignore", "ignored.py\n")
        git_commit_all(repo)
        subprocess.run(["chown", "-R", "nobody", repo], check=True)
        p, s = index(repo, db)
        warn = " ".join(s.get("warnings", []))
        check(p.returncode == 0 and "unsafe" in warn and f"safe.directory {repo}" in warn,
              f"unsafe: JSON warns and says how to allow it ({s.get('warnings')})")
        check(s.get("commit") is None and "ignored" in functions(db),
              "unsafe: indexed as a plain directory (no commit, .gitignore not applied)")
        t = run("index", repo, "--db", db.url)
        check("safe.directory" in t.stderr + t.stdout, "unsafe: the text run warns too")
        for args in (("index", repo, "--rev", "HEAD"), ("history", repo)):
            t = run(*args, "--db", db.url)
            check(t.returncode == 2 and f"safe.directory {repo}" in t.stderr,
                  f"unsafe: {args[0]} {' '.join(args[2:])} exits 2 with the advice ({t.returncode}: {t.stderr.strip()})")
        gcfg = os.path.join(tmpdir(), "gitconfig")
        write(os.path.dirname(gcfg), "gitconfig", f"[safe]\n\tdirectory = {repo}\n")
        p, s = index(repo, db, env={"GIT_CONFIG_GLOBAL": gcfg})
        check(p.returncode == 0 and s.get("commit") and not s.get("warnings"),
              "unsafe: allowed through safe.directory it is indexed as git, without warning")
    finally:
        db.drop()


# ---- FIFOs, sockets and vanished files: skipped by reason, named ----


db = SqliteDB()
try:
    root = tmpdir()
    write(root, "a.py", "def a():\n    return 0\n")
    write(root, "gone.py", "def gone():\n    return 0\n")
    write(root, "notes.txt", "text\n")
    os.mkfifo(os.path.join(root, "pipe.py"))
    os.mkfifo(os.path.join(root, "fifo"))
    lock = HeldLock(db, 1)
    proc = subprocess.Popen([BIN, "index", root, "--db", db.url, "--json"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    said = wait_for_text(proc.stderr, "waiting for another run")
    os.unlink(os.path.join(root, "gone.py"))  # listed, then gone before it is read
    lock.release()
    out, _ = proc.communicate(timeout=300)
    s = json.loads(out)
    check(said and proc.returncode == 0, f"skips: the run completes with exit 0 (got {proc.returncode})")
    by = s.get("skipped_by_reason", {})
    check(by == {"no language": 1, "not selected": 0, "outside the repository": 0, "not a regular file": 2,
                 "vanished": 1}, f"skips: counted by reason ({by})")
    check(s.get("skipped") == 4 and s.get("failed") == 0, f"skips: a vanished file is skipped, not failed ({s})")
    check(named(s, "pipe.py", "not a regular file") and named(s, "fifo", "not a regular file")
          and named(s, "gone.py", "vanished"), f"skips: FIFOs and the vanished file are named ({s.get('skipped_files')})")
    t = run("index", root, "--db", db.url)
    check("pipe.py" in t.stdout and "not a regular file" in t.stdout, "skips: the text summary names the FIFO")
finally:
    db.drop()

shutil.rmtree(outside, ignore_errors=True)
finish()
