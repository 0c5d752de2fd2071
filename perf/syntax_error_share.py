#!/usr/bin/python3
"""perf/syntax_error_share.py: the share of files tree-sitter flags with a syntax error, per corpus
and language (issue 10: about a quarter of a real C project's valid files were flagged, and a
definition after an error can be lost). The corpora are valid code that compilers accept, so every
flagged file is a shortfall of ours (macros, preprocessor branches), not of the code.

usage: perf/syntax_error_share.py [--corpus NAME]... [--sp-arg ARG]... [--macros FILE] [--show N]
  --corpus NAME  a corpus of perf/corpora.sh, or a directory's path (with a '/'; repeatable;
                 default: c cpp-googletest cpp-headers)
  --sp-arg ARG   one more argument for `snakepipe index` (repeatable), e.g.
                 `--sp-arg=--lang-map=*.h=c` for the share before `.h` was decided by evidence
  --macros FILE  pass each entry of FILE's `macros:` list (a .snakepipe.yaml, one `  - DEF` per
                 line, e.g. examples/kernel-macros.yaml) as --macro=DEF (issue 10)
  --show N       list N flagged files per corpus with their first error line
Env: SNAKEPIPE (default build/snakepipe), CORPORA_DIR (perf/corpora.sh's cache).
Prints one markdown row per corpus, language and extension: files parsed, files with a syntax
error, share, and the functions snakepipe found in them.
"""
import argparse
import collections
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


def macro_list(path):
    """The entries of a .snakepipe.yaml's `macros:` block list (`  - DEF` lines), comments out."""
    defs, inside = [], False
    with open(path) as f:
        for line in f:
            text = line.split(" #")[0].rstrip()
            if not text or text.lstrip().startswith("#"):
                continue
            if not line[0].isspace():
                inside = text.startswith("macros:")
            elif inside and text.lstrip().startswith("- "):
                defs.append(text.lstrip()[2:].strip().strip('"'))
    return defs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", action="append")
    ap.add_argument("--sp-arg", action="append", default=[])
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--macros")
    args = ap.parse_args()
    if args.macros:
        args.sp_arg += ["--macro=" + d for d in macro_list(args.macros)]
    names = args.corpus or ["c", "cpp-googletest", "cpp-headers"]
    print("| corpus | language | ext | files parsed | with a syntax error | share | functions |")
    print("|:---|:---|:---|---:|---:|---:|---:|")
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
            funcs = collections.Counter(
                dict(con.execute("SELECT path, count(*) FROM current_functions GROUP BY 1")))
            rows = collections.defaultdict(lambda: [0, 0, 0])
            for path, lang, bad in con.execute(
                    "SELECT path, language, parse_error FROM current_files WHERE skip_reason IS NULL"):
                row = rows[(lang, os.path.splitext(path)[1] or "(none)")]
                row[0] += 1
                row[1] += bad
                row[2] += funcs[path]
            for (lang, ext), (n, bad, nf) in sorted(rows.items()):
                print("| %s | %s | `%s` | %d | %d | %.1f %% | %d |"
                      % (name, lang, ext, n, bad, 100.0 * bad / n, nf))
            if args.show:
                for path, line in con.execute(
                        "SELECT path, parse_error_line FROM current_files WHERE parse_error"
                        " ORDER BY path LIMIT ?", (args.show,)):
                    print("  - %s:%s" % (path, line), file=sys.stderr)
            con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
