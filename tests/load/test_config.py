#!/usr/bin/env python3
"""tests/load/test_config.py: the repository's .snakepipe.yaml (cli/config.c): each key has its
effect on `index` and `history` (exclude, include, languages, language_map, include_dirs,
macros, default_branch), flags win over it, the scan manifest overrides it or points at another file, and
its errors are usage errors (exit 2) naming the key and its line. SQLite, and PostgreSQL once."""
import json
import os
import subprocess

from common import SqliteDB, check, engines, finish, git_commit_all, run, tmpdir, write


def config_repo(work, text):
    """A git repository on branch trunk with C, a header, Ruby and Python files and this config."""
    root = os.path.join(work, "repo")
    write(root, "src/main.c", '#include "api.h"\nint main(void) { return api(); }\n')
    write(root, "inc/api.h", "struct api { int f; };\nint api(void);\n")
    write(root, "src/gen/gen.c", "int gen(void) { return 1; }\n")
    write(root, "Rakefile", "def task_a\nend\n")
    write(root, "tools/x.py", "def x():\n    pass\n")
    write(root, ".snakepipe.yaml", text)
    git_commit_all(root)
    subprocess.run(["git", "-C", root, "branch", "-M", "trunk"], check=True)
    return root


FULL = """# the README's keys, each with an effect below
exclude: ["src/gen/*"]
language_map:
  "*.h": cpp
  Rakefile: ruby
include_dirs: [inc]
default_branch: trunk
check:
  base: trunk
  fail_on: ["cyclomatic > 15"]
"""


def index(root, db, *flags):
    r = run("index", root, "--db", db.url, "--json", "--quiet", *flags)
    return r, (json.loads(r.stdout) if r.stdout.strip() else {})


def files(db):
    return dict(db.query("SELECT path, language FROM current_files ORDER BY path"))


def each_key(Engine):
    work = tmpdir()
    root = config_repo(work, FULL)
    db = Engine()
    d = Engine.dialect
    try:
        r, s = index(root, db)
        check(r.returncode == 0, f"{d}: index reads .snakepipe.yaml (exit {r.returncode}) {r.stderr.strip()}")
        got = files(db)
        check("src/gen/gen.c" not in got and "src/main.c" in got, f"{d}: exclude drops files ({sorted(got)})")
        check(got.get("inc/api.h") == "cpp", f"{d}: language_map makes a.h cpp in blobs.language ({got})")
        check(got.get("Rakefile") == "ruby", f"{d}: language_map names a base name (Rakefile: ruby) ({got})")
        deps = db.query("SELECT target_path FROM current_dependencies WHERE path = 'src/main.c'")
        check(deps == [("inc/api.h",)], f"{d}: include_dirs resolves \"api.h\" ({deps})")
        check(s.get("default_branch") == "trunk" and s.get("ref") == "trunk",
              f"{d}: default_branch names the default ({s.get('default_branch')})")
    finally:
        db.drop()


def flags_win(work):
    root = config_repo(work, FULL + "include: [\"src/*\"]\nlanguages: [c]\n")
    db = SqliteDB()
    try:
        r, _ = index(root, db)
        got = files(db)
        check(r.returncode == 0 and sorted(got) == ["src/main.c"],
              f"include and languages restrict ({sorted(got)}) {r.stderr.strip()}")
        r, s = index(root, db, "--include", "*", "--exclude", "tools/*", "--language", "c",
                     "--language", "cpp", "--language", "ruby", "--default-branch", "other")
        check(r.returncode == 0 and s.get("default_branch") == "other",
              f"--default-branch wins over default_branch ({s.get('default_branch')}) {r.stderr.strip()}")
        got = dict(db.query("SELECT f.path, b.language FROM files f JOIN blobs b ON b.blob_id = f.blob_id"
                            " AND b.repository_id = f.repository_id WHERE f.snapshot_id = 2"))
        check(sorted(got) == ["Rakefile", "inc/api.h", "src/gen/gen.c", "src/main.c"],
              f"--include, --exclude and --language win over the file's keys ({sorted(got)})")
        check(got.get("inc/api.h") == "cpp", "keys no flag gives still apply (language_map)")
        # history: each commit is indexed with the work tree's config
        r = run("history", root, "--db", db.url, "--json", "--quiet", "--last", "1")
        got = dict(db.query("SELECT f.path, b.language FROM files f JOIN blobs b ON b.blob_id = f.blob_id"
                            " AND b.repository_id = f.repository_id WHERE f.snapshot_id = 3"))
        check(r.returncode == 0 and sorted(got) == ["src/main.c"], f"history applies the config ({sorted(got)})")
    finally:
        db.drop()


def errors(work):
    cases = [
        ("name: x\nexlude: ['*']\n", "exlude", "line 2"),
        ("language_map:\n  \"*.h\": cpp\n  \"*.f\": fortran\n", "language_map: no language 'fortran'", "line 3"),
        ("languages: [cobol]\n", "languages: no language 'cobol'", "line 1"),
        ("name: x\ninclude_dirs: inc\n", "field 'include_dirs'", "line: 2"),
        ("check:\n  base: main\n  fail_onn: [x]\n", "fail_onn", "line 3"),
    ]
    db = SqliteDB()
    try:
        for i, (text, want1, want2) in enumerate(cases):
            root = os.path.join(work, f"bad{i}")
            write(root, "a.py", "def a():\n    pass\n")
            write(root, ".snakepipe.yaml", text)
            r, _ = index(root, db)
            check(r.returncode == 2 and want1 in r.stderr and want2 in r.stderr and ".snakepipe.yaml" in r.stderr,
                  f"a bad config is a usage error naming key and line (exit {r.returncode}): {r.stderr.strip()}")
        check(not db.query("SELECT 1 FROM sqlite_master WHERE name = 'snapshots'")
              if os.path.exists(db.url) else True, "a bad config touches no database")
    finally:
        db.drop()


def manifest(work):
    root = config_repo(os.path.join(work, "m"), FULL)
    write(root, "ci/strict.yaml", "exclude: [\"tools/*\", \"src/gen/*\"]\nlanguages: [c, python]\n")
    db = SqliteDB()
    mf = os.path.join(work, "scan.yaml")
    try:
        with open(mf, "w") as f:
            f.write(f"repositories:\n  - path: {root}\n    exclude: [\"Rakefile\"]\n")
        r = run("scan", mf, "--db", db.url, "--quiet")
        got = files(db)
        check(r.returncode == 0 and "Rakefile" not in got and "src/gen/gen.c" in got and got.get("inc/api.h") == "cpp",
              f"the manifest's exclude overrides the file's, the rest still applies ({got}) {r.stderr.strip()}")
        with open(mf, "w") as f:
            f.write(f"repositories:\n  - path: {root}\n    config: ci/strict.yaml\n")
        # a fresh database: a stored content keeps the language it was first stored with
        db.drop()
        db = SqliteDB()
        r = run("scan", mf, "--db", db.url, "--quiet")
        got = files(db)
        check(r.returncode == 0 and got == {"inc/api.h": "c", "src/main.c": "c"},
              f"config: points at another file, relative to the repository, read instead of .snakepipe.yaml"
              f" ({got}) {r.stderr.strip()}")
        with open(mf, "w") as f:
            f.write(f"repositories:\n  - path: {root}\n    config: ci/none.yaml\n")
        r = run("scan", mf, "--db", db.url, "--quiet")
        check(r.returncode == 2 and "ci/none.yaml" in r.stderr, f"a missing pointed-at file is a usage error: {r.stderr.strip()}")
    finally:
        db.drop()


def lang_map(work):
    """--lang-map GLOB=LANG and a manifest entry's language_map: one order for every map, the
    flags' rules, then the manifest entry's, then .snakepipe.yaml's; the first match wins."""
    root = os.path.join(work, "lm")
    write(root, "a.h", "int f(void);\n")
    write(root, "b.inc", "int g(void) { return 0; }\n")
    write(root, "Rakefile", "def task_a\nend\n")
    write(root, ".snakepipe.yaml", 'language_map:\n  "*.h": c\n  "*.inc": cpp\n')
    db = SqliteDB()
    try:
        r, _ = index(root, db, "--lang-map", "*.h=cpp", "--lang-map", "Rakefile=ruby")
        got = files(db)
        check(r.returncode == 0 and got == {"a.h": "cpp", "b.inc": "cpp", "Rakefile": "ruby"},
              f"--lang-map's rules come before the file's ({got}) {r.stderr.strip()}")
        mf = os.path.join(work, "lm.yaml")
        with open(mf, "w") as f:
            f.write(f'repositories:\n  - path: {root}\n    language_map:\n      "*.inc": c\n      "b.*": ruby\n')
        r = run("scan", mf, "--db", db.url, "--quiet", "--lang-map", "b.inc=cpp")
        got = files(db)
        check(r.returncode == 0 and got == {"a.h": "c", "b.inc": "cpp"},
              f"flags, then the manifest's entry, then the file ({got}) {r.stderr.strip()}")
        r = run("scan", mf, "--db", db.url, "--quiet")
        got = files(db)
        check(r.returncode == 0 and got.get("b.inc") == "c",
              f"the manifest's rules come before the file's, the first match wins ({got})")
        for flag, want in (("*.h=fortran", "--lang-map *.h=fortran: no such language (c, cpp"),
                           ("nolang", "--lang-map wants GLOB=LANG"), ("=c", "--lang-map wants GLOB=LANG")):
            r, _ = index(root, db, "--lang-map", flag)
            check(r.returncode == 2 and want in r.stderr, f"--lang-map {flag}: usage error (exit {r.returncode}) "
                  f"{r.stderr.strip()}")
        with open(mf, "w") as f:
            f.write(f'repositories:\n  - path: {root}\n    language_map:\n      "*.inc": cobol\n')
        r = run("scan", mf, "--db", db.url, "--quiet")
        check(r.returncode == 2 and "no language 'cobol'" in r.stderr and "line 4" in r.stderr
              and "repositories[0]" in r.stderr, f"a manifest's unknown language: usage error {r.stderr.strip()}")
    finally:
        db.drop()


def macros(work):
    """--macro, a manifest entry's macros and .snakepipe.yaml's (issue 10): one list, the file's,
    then the manifest's, then the flags'; the last definition of a name wins; a bad one is a
    usage error naming it. Each run gets a fresh database: facts are reused by content, so a
    changed macro map does not re-read unchanged files (schema/lang/c.md)."""
    root = os.path.join(work, "mac")
    write(root, "k.c", "static int __init start(void)\n{\n\treturn 0;\n}\n\n"
          "local int helper(int x)\n{\n\treturn x;\n}\n\nint FN_NAME(void) { return 1; }\n")

    def parsed(db):
        return db.query("SELECT parse_error FROM current_files")[0][0], sorted(
            n for (n,) in db.query("SELECT name FROM current_functions"))

    def fresh(*argv, scan=None):
        db = SqliteDB()
        try:
            if scan:
                r = run("scan", scan, "--db", db.url, "--quiet", *argv)
            else:
                r = index(root, db, *argv)[0]
            return r, (parsed(db) if r.returncode == 0 else None)
        finally:
            db.drop()
    r, got = fresh()
    check(r.returncode == 0 and got[0] == 1, f"without macros k.c has a syntax error {got}")
    write(root, ".snakepipe.yaml", 'macros: ["__init", "local=static_", "FN_NAME=alpha"]\n')
    r, got = fresh()
    check(r.returncode == 0 and got == (0, ["alpha", "helper", "start"]),
          f"the file's macros: nothing, nothing (a longer text), a name {got} {r.stderr.strip()}")
    r, got = fresh("--macro", "FN_NAME=beta")
    check(r.returncode == 0 and got == (0, ["beta", "helper", "start"]),
          f"--macro's definition of a name wins over the file's {got} {r.stderr.strip()}")
    mf = os.path.join(work, "mac.yaml")
    with open(mf, "w") as f:
        f.write(f'repositories:\n  - path: {root}\n    macros: ["FN_NAME=gamma"]\n')
    r, got = fresh(scan=mf)
    check(r.returncode == 0 and got == (0, ["gamma", "helper", "start"]),
          f"the manifest's come after the file's {got} {r.stderr.strip()}")
    r, got = fresh("--macro", "FN_NAME=delta", scan=mf)
    check(r.returncode == 0 and got == (0, ["delta", "helper", "start"]),
          f"the flags' come after the manifest's {got} {r.stderr.strip()}")
    r, got = fresh("--macro", "FN_NAME=too_long_a_name")
    check(r.returncode == 0 and got[1] == ["helper", "start"],
          f"a replacement longer than the use reads as nothing {got} {r.stderr.strip()}")
    for flag, want in (("X(", "macro 'X(': no ')'"), ("A B", "macro 'A B'"), ("=1", "macro '=1'")):
        r, _ = fresh("--macro", flag)
        check(r.returncode == 2 and want in r.stderr, f"--macro {flag}: usage error (exit {r.returncode}) "
              f"{r.stderr.strip()}")
    with open(mf, "w") as f:
        f.write(f'repositories:\n  - path: {root}\n    macros: ["A-B"]\n')
    r, _ = fresh(scan=mf)
    check(r.returncode == 2 and "macro 'A-B'" in r.stderr, f"a manifest's bad macro: usage error {r.stderr.strip()}")


def example(work):
    """examples/snakepipe.yaml, the README's full example, loads and indexes."""
    ex = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "snakepipe.yaml")
    with open(ex) as f:
        root = config_repo(os.path.join(work, "ex"), f.read())
    db = SqliteDB()
    try:
        r, s = index(root, db)
        check(r.returncode == 0 and files(db).get("inc/api.h") == "cpp",
              f"the example config is valid and applies ({r.returncode}) {r.stderr.strip()}")
    finally:
        db.drop()
    # examples/kernel-macros.yaml: a valid config whose macros parse the kernel's annotations
    with open(os.path.join(os.path.dirname(ex), "kernel-macros.yaml")) as f:
        kernel = f.read()
    root = os.path.join(work, "kx")
    write(root, ".snakepipe.yaml", kernel)
    write(root, "k.c", "static DEFINE_PER_CPU(struct s, cpu_s) = { 0 };\n"
          "static int __read_mostly ready;\n"
          "static int __init setup(char __user *buf)\n{\n\treturn buf != NULL;\n}\n")
    db = SqliteDB()
    try:
        r, _ = index(root, db)
        got = db.query("SELECT parse_error FROM current_files"), db.query("SELECT name FROM current_functions")
        check(r.returncode == 0 and got == ([(0,)], [("setup",)]),
              f"examples/kernel-macros.yaml loads and parses kernel annotations {got} {r.stderr.strip()}")
    finally:
        db.drop()


for Engine in engines():
    each_key(Engine)
w = tmpdir()
flags_win(w)
errors(w)
manifest(w)
lang_map(w)
macros(w)
example(w)
finish()
