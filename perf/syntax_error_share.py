#!/usr/bin/python3
"""perf/syntax_error_share.py: the share of files tree-sitter flags with a syntax error, per corpus
and language (issue 10: about a quarter of a real C project's valid files were flagged, and a
definition after an error can be lost). The corpora are valid code that compilers accept, so every
flagged file is a shortfall of ours (macros, preprocessor branches), not of the code.

usage: perf/syntax_error_share.py [--corpus NAME]... [--sp-arg ARG]... [--show N]
  --corpus NAME  a corpus of perf/corpora.sh, or a directory's path (with a '/'; repeatable;
                 default: c cpp-googletest cpp-headers)
  --sp-arg ARG   one more argument for `snakepipe index` (repeatable), e.g.
                 `--sp-arg=--lang-map=*.h=c` for the share before `.h` was decided by evidence
  --show N       list N flagged files per corpus with their first error line
Env: SNAKEPIPE (default build/snakepipe), CORPORA_DIR (perf/corpora.sh's cache).
Prints one markdown row per corpus and language: files parsed, files with a syntax error, share.
"""
import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.environ.get("SNAKEPIPE", os.path.join(HERE, "..", "build", "snakepipe"))


def corpus(name):
    if os.sep in name:  # a directory given by its path
        return os.path.realpath(name)
    out = subprocess.run([os.path.join(HERE, "corpora.sh"), "--path", name], check=True,
                         capture_output=True, text=True).stdout.strip()
    return os.path.realpath(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", action="append")
    ap.add_argument("--sp-arg", action="append", default=[])
    ap.add_argument("--show", type=int, default=0)
    args = ap.parse_args()
    names = args.corpus or ["c", "cpp-googletest", "cpp-headers"]
    print("| corpus | language | files parsed | with a syntax error | share |")
    print("|:---|:---|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="sp-synerr-") as tmp:
        for name in names:
            root = corpus(name)
            db = os.path.join(tmp, name + ".db")
            cmd = [BIN, "index", root, "--db", db, "--quiet", "--max-file-size", "200000000",
                   *args.sp_arg]
            p = subprocess.run(cmd, capture_output=True, text=True)
            if p.returncode not in (0, 1):
                sys.exit("%s exited %d:\n%s" % (" ".join(cmd), p.returncode, p.stderr[-2000:]))
            con = sqlite3.connect(db)
            for lang, n, bad in con.execute(
                    "SELECT language, count(*), sum(parse_error) FROM current_files"
                    " WHERE skip_reason IS NULL GROUP BY 1 ORDER BY 1"):
                print("| %s | %s | %d | %d | %.1f %% |" % (name, lang, n, bad, 100.0 * bad / n))
            if args.show:
                for path, line in con.execute(
                        "SELECT path, parse_error_line FROM current_files WHERE parse_error"
                        " ORDER BY path LIMIT ?", (args.show,)):
                    print("  - %s:%s" % (path, line), file=sys.stderr)
            con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
