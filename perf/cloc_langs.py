#!/usr/bin/env python3
"""perf/cloc_langs.py: per-file blank / comment / code lines of snakepipe against `cloc --by-file`
for the languages other than Python (perf/cloc_check.sh covers Python), on the corpora of
perf/corpora.sh.

usage: perf/cloc_langs.py [--lang L ...]   (default: c go java ruby rust typescript
       javascript-express rust-crates ruby-gems cpp-headers cpp-fmt c-mixed; the last six are corpora
       of their language, the header-heavy C/C++ ones of issue 10 with each `.h` decided C or C++ by
       snakepipe's evidence rule and counted by cloc as "C/C++ Header")
Env: SNAKEPIPE (default build/snakepipe). Prints one markdown row per language: files both tools
count, files whose three counts are all equal, and files whose code lines are equal.
"""
import argparse
import csv
import io
import os
import sqlite3
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.environ.get("SNAKEPIPE", os.path.join(HERE, "..", "build", "snakepipe"))
CLOC_NAME = {"c": "C", "cpp": "C++", "go": "Go", "java": "Java", "javascript": "JavaScript",
             "ruby": "Ruby", "rust": "Rust", "typescript": "TypeScript"}
# corpora of perf/corpora.sh named other than their language: corpus -> language
CORPUS_LANG = {"javascript-express": "javascript", "rust-crates": "rust", "ruby-gems": "ruby",
               "cpp-headers": "cpp", "cpp-fmt": "cpp", "c-mixed": "c"}
# header-heavy corpora: every C/C++ language is indexed (no --language) and every C, C++ and header
# file of cloc's compared, whatever language each tool gave a `.h`
HEADER_CORPORA = {"cpp-headers", "cpp-fmt", "c-mixed"}
CLOC_C_FAMILY = {"C", "C++", "C/C++ Header"}


def corpus(lang):
    out = subprocess.run([os.path.join(HERE, "corpora.sh"), "--path", lang], check=True,
                         capture_output=True, text=True).stdout.strip()
    return os.path.realpath(out)


def compare(name, sp_args):
    root, lang = corpus(name), CORPUS_LANG.get(name, name)
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "l.db")
        only = [] if name in HEADER_CORPORA else ["--language", lang]
        subprocess.run([BIN, "index", root, "--db", db, "--quiet", *only, *sp_args,
                        "--max-file-size", "200000000"], check=False)
        con = sqlite3.connect(db)
        ours = {p: (b, c, k) for p, b, c, k in con.execute(
            "SELECT path, blank_lines, comment_lines, code_lines FROM current_files")}
        con.close()
    extra = ["--force-lang=C,h"] if lang == "c" and name not in HEADER_CORPORA else []
    names = CLOC_C_FAMILY if name in HEADER_CORPORA else {CLOC_NAME[lang]}
    out = subprocess.run(["cloc", "--by-file", "--csv", "--quiet", *extra, "."], cwd=root,
                         capture_output=True, text=True).stdout
    n = equal = code = 0
    for row in csv.reader(io.StringIO(out)):
        if len(row) < 5 or row[0] not in names:
            continue
        path = row[1][2:] if row[1].startswith("./") else row[1]
        if path not in ours:
            continue
        theirs = (int(row[2]), int(row[3]), int(row[4]))
        n += 1
        equal += ours[path] == theirs
        code += ours[path][2] == theirs[2]
    return n, equal, code


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lang", action="append", choices=sorted([*CLOC_NAME, *CORPUS_LANG]))
    ap.add_argument("--sp-arg", action="append", default=[],
                    help="one more argument for snakepipe index (e.g. --sp-arg=--lang-map=*.h=c)")
    args = ap.parse_args()
    langs = args.lang or ["c", "go", "java", "ruby", "rust", "typescript", *CORPUS_LANG]
    print("| language | files | all three equal | code lines equal |")
    print("|:---|---:|---:|---:|")
    for lang in langs:
        n, equal, code = compare(lang, args.sp_arg)
        if not n:
            sys.exit(f"cloc_langs.py: no file of {lang} counted by both tools")
        print(f"| {lang} | {n} | {equal} ({100 * equal / n:.1f} %) | {code} ({100 * code / n:.1f} %) |")


if __name__ == "__main__":
    main()
