#!/usr/bin/python3
r"""tests/golden/run.py: one golden case: index CASE_FILE alone with snakepipe, dump the facts it
stored as text, compare with CASE_FILE.expected (meson runs it once per file in golden/<language>/).

usage: tests/golden/run.py CASE_FILE [--update]

  - CASE_FILE is copied alone into <tmp>/src/ under its own base name, then
    `$SNAKEPIPE index <tmp>/src --db <tmp>/g.db --quiet` runs with <tmp> as working directory.
    SNAKEPIPE defaults to ../../build/snakepipe relative to this script.
  - Directive: a case whose first line is `# golden-name: NAME` is copied under NAME instead
    (for names a repository should not hold: tabs, newlines). NAME is taken literally up to the
    end of the line, except the escapes \t (tab), \n (newline), \s (space), \\ (backslash)
    and \xNN (one byte, for names that are not valid UTF-8).
    A case that must be read as a shebang script simply has no extension in its file name.
  - snakepipe must exit 0 or 1 (1: some files failed) and print nothing a sanitizer would; the
    exit code is the first line of the dump, `# exit N`, so a case expecting 1 says so.
  - The dump: `## <section>`, a tab-separated header line, then one row per line, ordered by
    path and ids. Ids that vary between runs or builds (repository_id, snapshot_id, blob_id,
    content_hash, extractor_version) are left out. Every table of tests/tables.py (the
    descriptors of schema/tables.c) is dumped: a table no section shows gets one of its own, and
    a section that misses a column of its table is an error (exit 2) until LEFT_OUT names it.
    Values are escaped so each row stays one line and every byte is visible: NULL is \N, backslash \\, tab \t, newline \n, CR \r, other
    control characters \xNN, and a stored byte that is not valid UTF-8 is \BADxNN (the
    database must hold valid text: such a byte fails the case whatever the expected file says).
  - No difference: exit 0. Difference: a unified diff on stdout, exit 1. --update writes the
    expected file instead (review it before committing). Exit 2: usage or snakepipe failure.
"""
import difflib
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
import tables  # noqa: E402  tests/tables.py: the table descriptors of schema/tables.c
DEFAULT_SNAKEPIPE = os.path.join(HERE, "..", "..", "build", "snakepipe")
NAME_DIRECTIVE = "# golden-name:"
SANITIZER_MARKS = ("Sanitizer", "runtime error:")
bad_utf8 = []  # stored texts that were not valid UTF-8, as dumped

# (section, query): the columns each query selects are the columns the dump shows.
SECTIONS = [
    ("snapshot",
     "SELECT status, files_total, files_parsed, files_reused, files_skipped, files_failed,"
     " functions, classes, imports, error FROM snapshots ORDER BY snapshot_id"),
    ("files",
     "SELECT f.path, b.language, b.size_bytes, b.total_lines, b.code_lines, b.comment_lines,"
     " b.blank_lines, b.parse_error, b.parse_error_line, b.skip_reason"
     " FROM files f JOIN blobs b USING (repository_id, blob_id) ORDER BY f.path"),
    ("functions",
     "SELECT fn.function_id, fn.name, fn.qualified_name, fn.kind, fn.class_name, fn.def_line,"
     " fn.name_line,"
     " fn.start_line, fn.start_col, fn.end_line, fn.end_col, fn.param_count, fn.parameters,"
     " fn.attrs FROM functions fn ORDER BY fn.blob_id, fn.function_id"),
    ("function_metrics",
     "SELECT m.function_id, m.cyclomatic, m.nloc, m.max_nesting, m.param_count, m.cognitive,"
     " m.halstead_h1, m.halstead_h2, m.halstead_n1, m.halstead_n2,"
     " round(m.halstead_volume, 3) AS halstead_volume,"
     " round(m.halstead_difficulty, 3) AS halstead_difficulty,"
     " round(m.halstead_effort, 3) AS halstead_effort, m.lloc, round(m.mi, 2) AS mi"
     " FROM function_metrics m ORDER BY m.blob_id, m.function_id"),
    ("classes",
     "SELECT c.class_id, c.kind, c.name, c.qualified_name, c.bases, c.def_line, c.name_line,"
     " c.start_line,"
     " c.start_col, c.end_line, c.end_col, c.attrs FROM classes c ORDER BY c.blob_id, c.class_id"),
    ("imports",
     "SELECT i.import_id, i.kind, i.module, i.name, i.alias, i.level, i.line"
     " FROM imports i ORDER BY i.blob_id, i.import_id"),
    ("calls",
     "SELECT c.call_id, c.function_id, c.kind, c.name, c.receiver, c.line, c.col, c.binding,"
     " c.target_function_id FROM calls c ORDER BY c.blob_id, c.call_id"),
    ("file_metrics",
     "SELECT m.function_count, m.class_count, m.import_count, m.complexity_sum,"
     " m.complexity_max, m.nesting_max, m.lloc, round(m.mi, 2) AS mi FROM file_metrics m ORDER BY m.blob_id"),
    ("dependencies",
     "SELECT d.path, d.import_id, d.kind, d.target_path, d.target_module, d.package, d.reason"
     " FROM dependencies d ORDER BY d.path, d.import_id"),
]


# Columns the dump leaves out: ids that vary between runs or builds, and per table what varies
# with the checkout or repeats another table's column.
VARYING = {"repository_id", "snapshot_id", "blob_id", "content_hash", "extractor_version"}
LEFT_OUT = {"files": {"size_bytes", "mtime_ns", "git_blob"}, "dependencies": {"path_set"}}
# The sections that show each table's columns ("files" joins blobs for the file's facts).
SHOWN_IN = {"blobs": "files"}


def sections():
    """SECTIONS, then a section for every table of tests/tables.py that none shows (its columns
    in descriptor order, less the left-out ones); fails when a section misses a column of its
    table, so a column added to schema/tables.c reaches the dump or is left out here on purpose."""
    out = list(SECTIONS)
    have = dict(SECTIONS)
    for t in tables.names():
        want = [c for c in tables.columns(t) if c not in VARYING | LEFT_OUT.get(t, set())]
        query = have.get(SHOWN_IN.get(t, t))
        if query is None:
            order = (["blob_id"] if "blob_id" in tables.columns(t) else []) + want
            out.append((t, f"SELECT {', '.join(want)} FROM {t} ORDER BY {', '.join(order)}"))
            continue
        select = query[:re.search(r"\bFROM\b", query).start()]
        missing = [c for c in want if not re.search(rf"(?<![\w]){c}(?![\w])", select)]
        if missing:
            usage(f"the dump's section for table {t} lacks {', '.join(missing)}: add them to SECTIONS "
                  "or to LEFT_OUT")
    return out


def usage(msg):
    sys.stderr.write(f"run.py: {msg}\nusage: run.py CASE_FILE [--update]\n")
    sys.exit(2)


def unescape_name(raw):
    r"""The bytes of a golden-name: UTF-8 of the text, with \t \n \s \\ and \xNN decoded."""
    out, i = bytearray(), 0
    simple = {"t": b"\t", "n": b"\n", "s": b" ", "\\": b"\\"}
    while i < len(raw):
        c = raw[i]
        if c == "\\" and raw[i + 1:i + 2] in simple:
            out += simple[raw[i + 1]]
            i += 2
        elif c == "\\" and raw[i + 1:i + 2] == "x":
            try:
                out.append(int(raw[i + 2:i + 4], 16))
            except ValueError:
                usage(f"golden-name: bad escape {raw[i:i + 4]!r}")
            i += 4
        else:
            out += c.encode("utf-8")
            i += 1
    return bytes(out)


def case_name(case, data):
    """The name the case is indexed under (bytes): its base name, or its golden-name directive."""
    first = data.split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8", "surrogateescape")
    if first.startswith(NAME_DIRECTIVE):
        name = unescape_name(first[len(NAME_DIRECTIVE):].strip(" "))
        if not name or b"/" in name or b"\0" in name or name in (b".", b".."):
            usage(f"{case}: bad golden-name {name!r}")
        return name
    return os.fsencode(os.path.basename(case))


def escape_text(s):
    out, bad = [], False
    for ch in s:
        o = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif 0xDC80 <= o <= 0xDCFF:  # surrogateescape: a byte that is not valid UTF-8
            out.append(f"\\BADx{o - 0xDC00:02x}")
            bad = True
        elif o < 0x20 or o == 0x7F:
            out.append(f"\\x{o:02x}")
        else:
            out.append(ch)
    if bad:
        bad_utf8.append("".join(out))
    return "".join(out)


def cell(v):
    if v is None:
        return "\\N"
    if isinstance(v, bytes):  # text_factory = bytes: decode here, so bad UTF-8 shows up
        return escape_text(v.decode("utf-8", "surrogateescape"))
    if isinstance(v, float):
        return repr(v)
    return str(v)


def dump(db, exit_code):
    lines = [f"# exit {exit_code}"]
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    con.text_factory = bytes
    try:
        for section, query in sections():
            cur = con.execute(query)
            lines.append(f"## {section}")
            lines.append("\t".join(d[0] for d in cur.description))
            lines.extend("\t".join(cell(v) for v in row) for row in cur)
    finally:
        con.close()
    return lines


def run_case(case, snakepipe):
    data = open(case, "rb").read()
    name = case_name(case, data)
    with tempfile.TemporaryDirectory(prefix="snakepipe-golden-") as tmp:
        src = os.path.join(tmp, "src")
        os.mkdir(src)
        shutil.copyfile(case, os.path.join(os.fsencode(src), name))
        db = os.path.join(tmp, "g.db")
        env = dict(os.environ)
        env.pop("SNAKEPIPE_DB", None)
        try:
            run = subprocess.run([snakepipe, "index", src, "--db", db, "--quiet"], cwd=tmp, env=env,
                                 stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
        except OSError as e:
            usage(f"cannot run {snakepipe}: {e}")
        err = run.stderr.decode("utf-8", "replace")
        if err:
            sys.stderr.write(err)
        if any(m in err for m in SANITIZER_MARKS):
            sys.stderr.write(f"run.py: {case}: sanitizer report from snakepipe (exit {run.returncode})\n")
            sys.exit(2)
        if run.returncode not in (0, 1):
            sys.stderr.write(f"run.py: {case}: snakepipe exited {run.returncode}\n")
            sys.exit(2)
        return dump(db, run.returncode)


def main():
    args = sys.argv[1:]
    update = "--update" in args
    args = [a for a in args if a != "--update"]
    if len(args) != 1 or args[0].startswith("-"):
        usage("need exactly one CASE_FILE")
    case = args[0]
    if not os.path.isfile(case):
        usage(f"{case}: not a file")
    snakepipe = os.environ.get("SNAKEPIPE") or DEFAULT_SNAKEPIPE
    if os.sep in snakepipe:  # snakepipe runs in the temp dir: a relative path must not change meaning
        snakepipe = os.path.abspath(snakepipe)
    actual = run_case(case, snakepipe)
    expected_path = case + ".expected"
    text = "\n".join(actual) + "\n"
    for v in bad_utf8:
        sys.stderr.write(f"run.py: {case}: the database holds text that is not UTF-8: {v}\n")
    if update:
        with open(expected_path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        print(f"updated {expected_path}")
        return 1 if bad_utf8 else 0
    try:
        with open(expected_path, encoding="utf-8", newline="") as f:
            expected = f.read()
    except FileNotFoundError:
        sys.stderr.write(f"run.py: {expected_path} missing (create it with --update)\n")
        return 1
    if expected == text:
        return 1 if bad_utf8 else 0
    # split on "\n" only: str.splitlines would also break rows at U+2028, \x1c, \x85...
    want = expected[:-1].split("\n") if expected.endswith("\n") else expected.split("\n")
    diff = list(difflib.unified_diff(want, actual, fromfile=expected_path, tofile="actual",
                                     lineterm=""))
    if diff:
        sys.stdout.write("\n".join(diff) + "\n")
    else:
        sys.stdout.write(f"{expected_path}: differs only in its last line end\n")
    return 1


if __name__ == "__main__":
    sys.exit(main())
