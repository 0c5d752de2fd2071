#!/usr/bin/env python3
"""tests/load/test_git_dies.py: `index --rev` reads contents through a long-running `git cat-file
--batch`; when that git dies mid-run, snakepipe must neither die of SIGPIPE on its next request nor
fail silently: the file being read fails with a message naming the death and what git said on
stderr, cat-file is started again for the next file, and the run completes with exit code 1. A
`git` wrapper first on PATH runs the real git, proxying cat-file so that it dies on cue."""
import json
import os
import shutil
import stat

from common import check, finish, git_commit_all, run, tmpdir, write, SqliteDB

WRAPPER = r'''#!/usr/bin/env python3
import os, subprocess, sys
real = os.environ["SP_TEST_REAL_GIT"]
args = sys.argv[1:]
counter = os.environ.get("SP_TEST_DEATHS_FILE", "")
deaths = int(open(counter).read()) if counter and os.path.exists(counter) else 0
if "cat-file" not in args or deaths >= int(os.environ.get("SP_TEST_MAX_DEATHS", "0")):
    os.execv(real, [real] + args)
die_after = int(os.environ["SP_TEST_DIE_AFTER"])
child = subprocess.Popen([real] + args, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
out, n = sys.stdout.buffer, 0

def die(answer):
    # nobody reads snakepipe's next request: its write hits a pipe without a reader
    with open(counter, "w") as f:
        f.write(str(deaths + 1))
    os.close(0)
    child.kill()
    child.wait()
    out.write(answer)
    out.flush()
    sys.stderr.write("fatal: simulated death of git cat-file\n")
    sys.stderr.flush()
    os._exit(128)

while True:
    if n == die_after:
        die(b"")
    line = sys.stdin.buffer.readline()
    if not line:
        break
    child.stdin.write(line)
    child.stdin.flush()
    header = child.stdout.readline()
    parts = header.split()
    body = child.stdout.read(int(parts[2]) + 1) if len(parts) == 3 else b""
    n += 1
    if n == die_after:
        die(header + body)
    out.write(header + body)
    out.flush()
child.stdin.close()
child.wait()
'''

N_FILES = 8


def setup():
    repo = tmpdir()
    for i in range(N_FILES):
        write(repo, f"m{i}.py", f"def f{i}(a):\n    if a:\n        return {i}\n    return 0\n")
    git_commit_all(repo)
    bindir = tmpdir()
    path = os.path.join(bindir, "git")
    with open(path, "w") as f:
        f.write(WRAPPER)
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return repo, bindir


def index(repo, bindir, die_after, max_deaths):
    counter = os.path.join(tmpdir(), "deaths")
    env = {"PATH": bindir + os.pathsep + os.environ["PATH"], "SP_TEST_REAL_GIT": shutil.which("git"),
           "SP_TEST_DIE_AFTER": str(die_after), "SP_TEST_MAX_DEATHS": str(max_deaths),
           "SP_TEST_DEATHS_FILE": counter}
    db = SqliteDB()
    p = run("index", repo, "--rev", "HEAD", "--db", db.url, "--json", "--jobs", "1", env=env)
    deaths = int(open(counter).read()) if os.path.exists(counter) else 0
    return p, db, deaths


def summary(p):
    try:
        return json.loads(p.stdout)
    except ValueError:
        return {}


def main():
    repo, bindir = setup()

    # git dies between two requests, once: the next request meets a pipe without a reader
    p, db, deaths = index(repo, bindir, die_after=3, max_deaths=1)
    s = summary(p)
    check(p.returncode == 1, f"git dying between requests: exit 1, not a signal (got {p.returncode})")
    check(deaths == 1, f"the wrapper died once (deaths {deaths})")
    errs = s.get("errors", [])
    check(len(errs) == 1, f"exactly one file fails: {errs}")
    msg = errs[0]["error"] if errs else ""
    check("git cat-file died while reading object" in msg and "(exit status 128)" in msg
          and msg.endswith("fatal: simulated death of git cat-file"),
          f"the message names the death, its status and git's last words: {msg!r}")
    check("git cat-file died" in p.stderr, "stderr says so too")
    check(s.get("status") == "complete" and s.get("parsed") == N_FILES - 1,
          f"cat-file restarted: every other file indexed ({s.get('status')}, parsed {s.get('parsed')})")
    check(db.query("SELECT count(*) FROM files") == [(N_FILES - 1,)], "the other files are in the snapshot")
    fe = db.query("SELECT path, stage, error FROM file_errors")
    check(len(fe) == 1 and fe[0][0] == errs[0]["path"] and fe[0][1] == "extract" and fe[0][2] == msg,
          f"file_errors holds the failed file and the message: {fe}")

    # git dies on a request, before answering it
    p, db, deaths = index(repo, bindir, die_after=0, max_deaths=1)
    s = summary(p)
    errs = s.get("errors", [])
    check(p.returncode == 1 and len(errs) == 1 and "died while reading" in errs[0]["error"],
          f"git dying on a request: exit 1, one file fails ({p.returncode}, {errs})")

    # git keeps dying: a bounded number of restarts, then every read fails at once, saying why
    p, db, deaths = index(repo, bindir, die_after=0, max_deaths=100)
    s = summary(p)
    errs = s.get("errors", [])
    check(p.returncode == 1, f"git always dying: exit 1, not a signal (got {p.returncode})")
    check(deaths == 3, f"cat-file started 3 times, not once per file (deaths {deaths})")
    check(len(errs) == N_FILES and all("git cat-file died" in e["error"] for e in errs),
          f"every file fails naming the cause: {[e['error'] for e in errs]}")
    check(sum("died 3 times in a row" in e["error"] for e in errs) == N_FILES - 3,
          "after three deaths the rest fail at once with the last cause")
    finish()


if __name__ == "__main__":
    main()
