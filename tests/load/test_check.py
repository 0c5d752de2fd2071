#!/usr/bin/env python3
"""tests/load/test_check.py: `snakepipe check`, the CI gate, end to end. A git repository whose main
branch holds legacy code already over the threshold, and four changes on branches: (1) a new
over-complex function fails the gate (exit 6, one failing finding, NEW); (2) touching legacy code
without making it worse passes (exit 0, its findings UNCHANGED; a duplicate name is matched by
order of appearance); (3) a function growing by more than the limit is WORSE; (4) a renamed and
edited file keeps its functions matched (UNCHANGED, not NEW). The base snapshot is indexed once,
reused by later checks and pinned. SQLite and PostgreSQL."""
import json
import os
import shutil

from common import check, engines, finish, func, git, run, tmpdir, write


LEGACY = func("old", 20) + func("dup", 19) + func("dup", 1) + func("small", 2)


def fixture():
    root = tmpdir()
    write(root, "legacy.py", LEGACY)
    write(root, "lib/util.py", func("helper", 17))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    branch(root, "add-complex", {"new.py": func("big", 18) + func("tiny", 1)})
    branch(root, "touch-legacy", {"legacy.py": "# a comment\n" + LEGACY})
    branch(root, "grow", {"legacy.py": LEGACY.replace(func("small", 2), func("small", 9))})
    git(root, "checkout", "-q", "-b", "rename", "main")
    git(root, "mv", "lib/util.py", "lib/helpers.py")
    write(root, "lib/helpers.py", "# moved\n" + func("helper", 17))
    git(root, "commit", "-qam", "rename")
    git(root, "checkout", "-q", "main")
    return root


def branch(root, name, files):
    git(root, "checkout", "-q", "-b", name, "main")
    for path, text in files.items():
        write(root, path, text)
    git(root, "add", "-A")
    git(root, "commit", "-qm", name)
    git(root, "checkout", "-q", "main")


def gate(db, root, *args):
    p = run("check", root, "--db", db.url, "--format", "json", *args)
    try:
        report = json.loads(p.stdout)
    except ValueError:
        report = {"findings": [], "stdout": p.stdout, "stderr": p.stderr}
    return p.returncode, report


def brief(report):
    return sorted((f["path"], f["function"], f["rule"], f["state"], f["fails"]) for f in report["findings"])


def scenarios(db, root):
    d = db.dialect
    code, r = gate(db, root, "--rev", "add-complex", "--base", "main")
    check(code == 6, f"{d}: a new over-complex function fails the gate (exit {code})")
    check(brief(r) == [("new.py", "big", "cyclomatic > 15", "new", True)],
          f"{d}: one failing finding, NEW: {brief(r)}")
    f = r["findings"][0] if r["findings"] else {}
    check((f.get("value"), f.get("line"), f.get("base_value")) == (19, 1, None),
          f"{d}: its value and line ({f})")
    base = r.get("base_snapshot")

    code, r = gate(db, root, "--rev", "touch-legacy", "--base", "main")
    check(code == 0, f"{d}: touching legacy code that does not grow passes (exit {code})")
    check(brief(r) == [("legacy.py", "dup", "cyclomatic > 15", "unchanged", False),
                       ("legacy.py", "old", "cyclomatic > 15", "unchanged", False)],
          f"{d}: pre-existing findings are UNCHANGED, the first dup matched to the first: {brief(r)}")
    check(r.get("base_snapshot") == base, f"{d}: the stored base snapshot is reused ({r.get('base_snapshot')})")

    code, r = gate(db, root, "--rev", "grow", "--base", "main")
    check(code == 6, f"{d}: growth beyond the limit fails the gate (exit {code})")
    check(("legacy.py", "small", "cyclomatic grew by > 5", "worse", True) in brief(r),
          f"{d}: the grown function is WORSE: {brief(r)}")
    check(r.get("summary", {}).get("failing") == 1,
          f"{d}: only the growth fails ({r.get('summary')})")

    code, r = gate(db, root, "--rev", "rename", "--base", "main")
    check(code == 0, f"{d}: a renamed file's old findings do not fail (exit {code})")
    check(brief(r) == [("lib/helpers.py", "helper", "cyclomatic > 15", "unchanged", False)],
          f"{d}: the renamed file's function is matched to its old path: {brief(r)}")

    # the work tree as the change, the base from the default branch (main), a text report in a file
    git(root, "checkout", "-q", "add-complex")
    out = os.path.join(root, "..", os.path.basename(root) + "-report.txt")
    p = run("check", root, "--db", db.url, "--output", out)
    check(p.returncode == 6 and p.stdout == "", f"{d}: work tree vs main, report in --output (exit {p.returncode})")
    with open(out) as fh:
        text = fh.read()
    os.unlink(out)
    check("new.py:1:" in text and "\033[" not in text, f"{d}: the text report names new.py:1 ({text!r})")
    git(root, "checkout", "-q", "main")

    pins = db.query("SELECT snapshot_id, pinned_by FROM snapshot_pins")
    check([(int(a), b) for a, b in pins] == [(base, "check")], f"{d}: the base is pinned once ({pins})")
    n = db.query("SELECT count(*) FROM snapshots WHERE commit_sha = '%s'" % git(root, "rev-parse", "main"))
    check(int(n[0][0]) == 1, f"{d}: the base commit was indexed once ({n})")

    # uncommitted changes on the base branch itself: the work tree's snapshot carries main's commit
    # id but not its contents, so it must never serve as the base (it did: exit 0, no findings)
    write(root, "wip.py", func("wip", 20))
    code, r = gate(db, root)
    check(code == 6 and r.get("base_snapshot") == base and brief(r) == [("wip.py", "wip", "cyclomatic > 15", "new", True)],
          f"{d}: a dirty work tree on main is compared with main's commit (exit {code}, {brief(r)})")
    code, r = gate(db, root)
    check(code == 6 and r.get("base_snapshot") == base,
          f"{d}: ... again, with its earlier snapshot stored (exit {code}, base {r.get('base_snapshot')})")
    os.unlink(os.path.join(root, "wip.py"))

    p = run("check", root, "--db", db.url, "--fail-on", "cyclomatic > 15, nloc grew by")
    check(p.returncode == 2 and "rule 'nloc grew by'" in p.stderr and "position" in p.stderr,
          f"{d}: a bad rule is a usage error naming it ({p.returncode}, {p.stderr.strip()!r})")
    p = run("check", root, "--db", db.url, "--base", "no-such-branch")
    check(p.returncode == 2 and "no-such-branch" in p.stderr, f"{d}: an unknown base ({p.stderr.strip()!r})")
    code, r = gate(db, root, "--rev", "add-complex", "--fail-on", "cyclomatic >= 19 for python in *.py")
    check(code == 6 and brief(r) == [("new.py", "big", "cyclomatic >= 19 for python in *.py", "new", True)],
          f"{d}: --fail-on replaces the defaults: {brief(r)}")
    code, r = gate(db, root, "--rev", "add-complex", "--fail-on", "cyclomatic > 15 for ruby")
    check(code == 0 and r["findings"] == [], f"{d}: a rule for another language finds nothing")
    # issue 12: the metrics of migration 0008 by name; big has 18 flat ifs (cognitive 18) and
    # compares x with 18 constants and returns -1 (Halstead volume 56 log2 21 = 246.0, effort 479.0)
    code, r = gate(db, root, "--rev", "add-complex", "--fail-on",
                   "cognitive >= 18, halstead_volume > 200, halstead_effort > 1000")
    check(code == 6 and brief(r) == [("new.py", "big", "cognitive >= 18", "new", True),
                                     ("new.py", "big", "halstead_volume > 200", "new", True)]
          and sorted(f.get("value") for f in r["findings"]) == [18, 246],
          f"{d}: cognitive and Halstead rules by name: {brief(r)}")


def base_moves(db, root):
    """A pin is the base of checks to come: when the base branch moves on, its older pins of that
    branch go, so gc can drop superseded bases (they stayed pinned forever)."""
    d = db.dialect
    old = [(int(a), b) for a, b in db.query("SELECT snapshot_id, pinned_by FROM snapshot_pins")]
    write(root, "later.py", func("later", 1))
    git(root, "add", "-A")
    git(root, "commit", "-qm", "main moves on")
    code, r = gate(db, root, "--rev", "add-complex", "--base", "main")
    pins = [(int(a), b) for a, b in db.query("SELECT snapshot_id, pinned_by FROM snapshot_pins")]
    check(code == 6 and len(old) == 1 and r.get("base_snapshot") != old[0][0] and
          pins == [(r.get("base_snapshot"), "check")],
          f"{d}: the new base of main is pinned, the superseded one not ({old} -> {pins})")
    code, r = gate(db, root, "--rev", "grow", "--base", "add-complex")
    n = len(db.query("SELECT snapshot_id FROM snapshot_pins"))
    check(n == 2, f"{d}: a base of another ref keeps main's pin ({n} pins)")


for make in engines():
    db = make()
    root = fixture()
    try:
        scenarios(db, root)
        base_moves(db, root)
    finally:
        db.drop()
        shutil.rmtree(root, ignore_errors=True)
finish()
