#!/usr/bin/env python3
"""tests/load/test_headers.py: is a `.h` C or C++ (issue 10, cli/index_headers.c)? The content's
C++-only syntax, the includers, the repository's mix and the user's language map decide, and the
decision is the blob's `language`. The same bytes decided otherwise (a changed map) are extracted
again as the other language, never reused from the first (migration 0011 puts the language in
the blob's key). SQLite, and PostgreSQL once."""
import json
import os
import shutil

from common import (SqliteDB, check, engines, finish, git_commit_all, old_schema_sql, run, tmpdir,
                    write)

FMT_LIKE = "#pragma once\nnamespace fmt {\ntemplate <typename T> class buffer {\n public:\n" \
           "  void push(T v) { if (v) n++; }\n  int n;\n};\n}\n"
GUARDED = "#ifdef __cplusplus\nextern \"C\" {\n#endif\nstruct point { int x, y; };\n" \
          "int area(struct point *p);\n#ifdef __cplusplus\n}\ntemplate <class T> class wrap {};\n#endif\n"
PLAIN = "struct s { int a; };\nint f(int x);\n"


def mixed_repo(work):
    root = os.path.join(work, "mixed")
    write(root, "include/fmt/core.h", FMT_LIKE)
    write(root, "plain.h", GUARDED)
    write(root, "lib/only_cpp.h", PLAIN)
    write(root, "both.h", "int g(void);\n")
    write(root, "alone.h", "int lonely(void);\n")
    write(root, "main.cc", '#include "lib/only_cpp.h"\n#include "both.h"\n#include <fmt/core.h>\n'
          "int main() { return 0; }\n")
    write(root, "x.c", '#include "both.h"\n#include "plain.h"\nint g(void) { return 1; }\n')
    git_commit_all(root)
    return root


def index(root, db, *flags):
    r = run("index", root, "--db", db.url, "--json", "--quiet", *flags)
    return r, (json.loads(r.stdout) if r.stdout.strip() else {})


def langs(db):
    return dict(db.query("SELECT path, language FROM current_files ORDER BY path"))


def evidence(Engine):
    work = tmpdir()
    db = Engine()
    d = Engine.dialect
    try:
        root = mixed_repo(work)
        r, _ = index(root, db)
        got = langs(db)
        check(r.returncode == 0, f"{d}: index (exit {r.returncode}) {r.stderr.strip()}")
        check(got.get("include/fmt/core.h") == "cpp", f"{d}: C++-only syntax makes a .h cpp ({got})")
        check(got.get("plain.h") == "c", f"{d}: C++ inside #ifdef __cplusplus is no evidence ({got})")
        check(got.get("lib/only_cpp.h") == "cpp", f"{d}: included only from .cc: cpp ({got})")
        check(got.get("both.h") == "c", f"{d}: included from a .c file too: c ({got})")
        check(got.get("alone.h") == "c", f"{d}: no evidence in a repository with .c files: c ({got})")
        n = db.query("SELECT count(*) FROM current_classes WHERE path = 'include/fmt/core.h' AND name = 'buffer'")
        check(int(n[0][0]) == 1, f"{d}: the header's class is extracted as C++ ({n})")
        # a repository of C++ sources without a .c file: every header is C++
        cpp_only = os.path.join(work, "cpponly")
        write(cpp_only, "a.h", PLAIN)
        write(cpp_only, "a.cpp", "int f(int x) { return x; }\n")
        r, _ = index(cpp_only, db)
        check(langs(db).get("a.h") == "cpp", f"{d}: the repository's mix: no .c, some C++: cpp ({langs(db)})")
        # --language applies to the decision
        r, s = index(root, db, "--language", "c")
        got = langs(db)
        check(r.returncode == 0 and "include/fmt/core.h" not in got and "plain.h" in got,
              f"{d}: --language c leaves the headers decided C++ out ({got})")
        # the files --language leaves out are still evidence: the same decision as a full run
        r, s = index(root, db, "--language", "cpp")
        got = langs(db)
        check(r.returncode == 0 and "both.h" not in got and "alone.h" not in got
              and got.get("lib/only_cpp.h") == "cpp",
              f"{d}: --language cpp decides the headers as a run of every language ({got})")
    finally:
        db.drop()
        shutil.rmtree(work, ignore_errors=True)


def override_not_reused(Engine):
    """The regression: bytes stored as C were reused as C although the map now said C++."""
    work = tmpdir()
    db = Engine()
    d = Engine.dialect
    try:
        root = mixed_repo(work)
        r, _ = index(root, db)
        check(langs(db).get("plain.h") == "c", f"{d}: plain.h starts as C")
        write(root, ".snakepipe.yaml", 'language_map:\n  "plain.h": cpp\n')
        r, s = index(root, db)
        got = langs(db)
        check(r.returncode == 0 and got.get("plain.h") == "cpp",
              f"{d}: a changed language map applies to unchanged content ({got}) {r.stderr.strip()}")
        check(s.get("parsed") == 1, f"{d}: only that content is extracted again ({s.get('parsed')})")
        n = db.query("SELECT count(*) FROM current_classes WHERE path = 'plain.h' AND name = 'wrap'")
        check(int(n[0][0]) == 1, f"{d}: read as C++, its class template is seen ({n})")
        blobs = db.query("SELECT language FROM blobs WHERE content_hash = (SELECT content_hash FROM blobs b "
                         "JOIN current_files f ON f.blob_id = b.blob_id WHERE f.path = 'plain.h') ORDER BY 1")
        check([b[0] for b in blobs] == ["c", "cpp"], f"{d}: one blob per language of the same bytes ({blobs})")
        os.remove(os.path.join(root, ".snakepipe.yaml"))
        r, s = index(root, db)
        check(langs(db).get("plain.h") == "c" and s.get("parsed") == 0,
              f"{d}: back to C reuses the C blob ({langs(db)}, parsed {s.get('parsed')})")
    finally:
        db.drop()
        shutil.rmtree(work, ignore_errors=True)


def migration(Engine):
    """A database before 0011 keeps its blobs; afterwards the same content may be stored per language."""
    fresh, old = Engine(), Engine()
    d = Engine.dialect
    try:
        run("migrate", "--db", fresh.url, check_exit=0)
        _, sql = old_schema_sql(fresh, d, 11)
        false = "0" if d == "sqlite" else "false"
        sql.append("INSERT INTO repositories (repository_id, location, name) VALUES (1, '/r', '/r')")
        sql.append("INSERT INTO snapshots (repository_id, snapshot_id, status) VALUES (1, 1, 'complete')")
        sql.append("INSERT INTO blobs (repository_id, blob_id, content_hash, extractor_version, language, "
                   "size_bytes, total_lines, code_lines, comment_lines, blank_lines, parse_error) VALUES "
                   f"(1, 1, 'h', 2, 'c', 1, 1, 1, 0, 0, {false})")
        sql.append("INSERT INTO files (repository_id, snapshot_id, path, blob_id) VALUES (1, 1, 'a.h', 1)")
        old.execute(";\n".join(sql))
        p = run("migrate", "--db", old.url)
        check(p.returncode == 0, f"{d}: migrate applies 0011 (exit {p.returncode}) {p.stderr.strip()}")
        rows = old.query("SELECT f.path, b.language FROM files f JOIN blobs b ON b.blob_id = f.blob_id")
        check([tuple(r) for r in rows] == [("a.h", "c")], f"{d}: blobs and files survive ({rows})")
        old.execute("INSERT INTO blobs (repository_id, blob_id, content_hash, extractor_version, language, "
                    "size_bytes, total_lines, code_lines, comment_lines, blank_lines, parse_error) VALUES "
                    f"(1, 2, 'h', 2, 'cpp', 1, 1, 1, 0, 0, {false})")
        n = old.query("SELECT count(*) FROM blobs WHERE content_hash = 'h'")
        check(int(n[0][0]) == 2, f"{d}: the same content as C and as C++ ({n})")
        v = old.query("SELECT count(*) FROM current_files")
        check(int(v[0][0]) == 1, f"{d}: the views still read blobs ({v})")
    finally:
        fresh.drop()
        old.drop()


def many_threads():
    """The headers and their includers are read on the run's threads (64 files or more): the
    decisions are the same whatever --jobs, whichever thread read which file."""
    work = tmpdir()
    try:
        root = os.path.join(work, "many")
        want = {}
        for i in range(80):
            write(root, f"inc/h{i}.h", FMT_LIKE if i % 3 == 0 else PLAIN)
            # odd i: a .c includes it; even i: a .cc, and when i % 4 == 0 the next .c too
            text = f'#include "inc/h{i}.h"\n' + (f'#include "inc/h{i - 1}.h"\n' if i % 4 == 1 else "")
            write(root, f"src/u{i}.{'c' if i % 2 else 'cc'}", text + f"int u{i}(void) {{ return 0; }}\n")
            want[f"inc/h{i}.h"] = "cpp" if i % 3 == 0 or i % 4 == 2 else "c"
        got = {}
        for jobs in ("1", "4", "16"):
            db = SqliteDB()
            try:
                r, _ = index(root, db, "--jobs", jobs)
                check(r.returncode == 0, f"--jobs {jobs}: index (exit {r.returncode}) {r.stderr.strip()}")
                got[jobs] = {p: l for p, l in langs(db).items() if p.startswith("inc/")}
            finally:
                db.drop()
        wrong = sorted(p for p in want if got["1"].get(p) != want[p])
        check(not wrong, f"content, then includers decide the 80 headers (wrong: {wrong[:5]})")
        check(got["1"] == got["4"] == got["16"], "the same decisions with 1, 4 and 16 threads")
    finally:
        shutil.rmtree(work, ignore_errors=True)


# the evidence is decided before any database is involved: SQLite only (each run costs seconds
# under the sanitizers); what the blob key and the migration do, on both
evidence(SqliteDB)
many_threads()
for E in engines():
    override_not_reused(E)
    migration(E)
finish()
