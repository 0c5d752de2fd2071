"""perf/pyindex.py: what the Python checks against ast (perf/accuracy.py, perf/calls_accuracy.py)
share: their common options, snakepipe's index of ROOT into a fresh SQLite file, the Python files
it parsed, and ast's tree of one of them."""
import argparse
import ast
import os
import sqlite3
import subprocess
import sys
import tempfile
import warnings


def arguments(doc, show_help):
    """An ArgumentParser with ROOT, --snakepipe, --db and --show (show_help: its help text)."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("root", nargs="?", default="/usr/lib/python3.11")
    ap.add_argument("--snakepipe", default=os.path.join(os.path.dirname(__file__), "..", "build", "snakepipe"))
    ap.add_argument("--db", help="use this SQLite file instead of a temporary one")
    ap.add_argument("--show", type=int, default=10, help=show_help)
    return ap


def index(a, name, *extra):
    """(connection, temporary directory): snakepipe's index of a.root into a.db, else into name in
    a temporary directory the caller keeps until done; extra: more `snakepipe index` arguments."""
    tmp = tempfile.TemporaryDirectory()
    db = a.db or os.path.join(tmp.name, name)
    run = subprocess.run([a.snakepipe, "index", a.root, "--db", db, "--quiet", *extra])
    if run.returncode not in (0, 1):
        sys.exit(f"snakepipe index failed with exit code {run.returncode}")
    return sqlite3.connect(db), tmp


def python_files(con):
    """{path: blob_id} of the Python files that were parsed: a generated file (stringprep.py says
    "DO NOT EDIT") is recorded with its skip_reason and line counts only."""
    return dict(con.execute("SELECT path, blob_id FROM current_files WHERE language = 'python'"
                            " AND skip_reason IS NULL"))


def parse(root, path):
    """ast's tree of root/path, or None when Python itself rejects it (nothing to compare with)."""
    try:
        src = open(os.path.join(root, path), "rb").read()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(src, path)
    except (SyntaxError, ValueError):
        return None
