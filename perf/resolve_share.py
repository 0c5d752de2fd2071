#!/usr/bin/env python3
"""perf/resolve_share.py: the share of imports left unresolved, per language, on real code
(issue 10: JavaScript directories, Cargo's crate roots, gem monorepos), side by side for two
snakepipe binaries.

usage: perf/resolve_share.py [--before BIN] [--corpus NAME ...] [--show N]
  corpora (perf/corpora.sh --path NAME): javascript-express (express 4.21.2 and its
  dependencies from npm, tests included), rust-crates (regex, serde_json, syn and the crates they
  use, from Debian's librust-*-dev), ruby-gems (sinatra, sinatra-contrib, rack, rack-protection,
  mustermann from Debian's ruby-* packages: one directory per gem, each with its lib/), c-tools
  (the kernel's tools/: Makefiles with -I flags), c-ccdb (a C project with a compile_commands.json,
  see perf/corpora.sh).
  --no-build-files: a before column from the same binary on a copy without the build files.
Env: SNAKEPIPE (default build/snakepipe): the binary measured. --before BIN adds a column for
another build (an older commit's) run on the same corpus in the same run. Prints one markdown
row per corpus and language: imports, internal, unresolved (share) for each binary; --show N
lists the N most frequent unresolved modules of the measured binary.
"""
import argparse
import collections
import os
import shutil
import sqlite3
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.environ.get("SNAKEPIPE", os.path.join(HERE, "..", "build", "snakepipe"))
CORPORA = {"javascript-express": "javascript", "rust-crates": "rust", "ruby-gems": "ruby",
           "c-tools": "c", "c-ccdb": "c"}
# --no-build-files: the build files C include resolution reads, left out of the index
BUILD_FILES = ["compile_commands.json", "Makefile", "makefile", "GNUmakefile", "*.mk",
               "CMakeLists.txt"]


def corpus(name):
    out = subprocess.run([os.path.join(HERE, "corpora.sh"), "--path", name], check=True,
                         capture_output=True, text=True).stdout.strip()
    return os.path.realpath(out)


def measure(binary, root, lang):
    """(imports, internal, unresolved, Counter of unresolved modules) of lang's files under root."""
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "r.db")
        run = subprocess.run([binary, "index", root, "--db", db, "--quiet"], check=False)
        if run.returncode not in (0, 1):
            raise SystemExit(f"resolve_share.py: {binary} index {root} exited {run.returncode}")
        con = sqlite3.connect(db)
        rows = con.execute(
            "SELECT d.kind, d.target_module FROM current_dependencies d JOIN current_files f"
            " USING (repository_id, snapshot_id, path) WHERE f.language = ?",
            ("typescript" if lang == "typescript" else lang,)).fetchall()
        con.close()
    kinds = collections.Counter(k for k, _ in rows)
    missing = collections.Counter(m for k, m in rows if k == "unresolved")
    return len(rows), kinds["internal"], kinds["unresolved"], missing


def cell(m):
    n, internal, unresolved, _ = m
    share = 100.0 * unresolved / n if n else 0.0
    return f"{internal} | {unresolved} ({share:.1f} %)"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--before", help="another snakepipe binary to run side by side")
    ap.add_argument("--corpus", action="append", choices=sorted(CORPORA))
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--no-build-files", action="store_true",
                    help="the before column: the same binary on a copy of the corpus without the "
                         "build files C reads include dirs from (compile_commands.json, "
                         "Makefiles, CMakeLists.txt)")
    a = ap.parse_args()
    names = a.corpus or sorted(CORPORA)
    head = "| corpus | language | imports |"
    if a.before or a.no_build_files:
        head += " internal before | unresolved before |"
    head += " internal | unresolved |"
    print(head)
    print("|" + ":---|" * 2 + "---:|" * (head.count("|") - 3))
    shows = []
    for name in names:
        root, lang = corpus(name), CORPORA[name]
        after = measure(BIN, root, lang)
        row = f"| {name} | {lang} | {after[0]} |"
        if a.before:
            row += f" {cell(measure(a.before, root, lang))} |"
        elif a.no_build_files:
            # a copy without them (--exclude leaves configuration files in: they are read anyway)
            with tempfile.TemporaryDirectory() as tmp:
                copy = os.path.join(tmp, "tree")
                shutil.copytree(root, copy, symlinks=True,
                                ignore=shutil.ignore_patterns(*BUILD_FILES))
                row += f" {cell(measure(BIN, copy, lang))} |"
        print(row + f" {cell(after)} |", flush=True)
        shows.append((name, after[3]))
    for name, missing in shows if a.show else []:
        print(f"\n{name}: most frequent unresolved modules")
        for m, c in missing.most_common(a.show):
            print(f"  {c:5d}  {m}")


if __name__ == "__main__":
    main()
