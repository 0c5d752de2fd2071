#!/usr/bin/env python3
"""tests/load/test_run_metrics.py: --metrics-file and --log-format on both engines. The metrics
file is parsed by a strict exposition-format parser (tests/load/promtext.py, itself checked on
broken inputs), its figures are compared with the run's JSON summary and the database's rows;
a scan has per-repository samples with escaped label values; gc writes its counts; a bad path is
a usage error before any work. Log lines are JSON objects with stable keys for batches, file
errors, lock waits and runs; passwords never appear."""
import glob
import json
import os
import subprocess

import promtext
from common import BIN, PG, HeldLock, check, engines, finish, run, tmpdir, wait_for_text, write

# ---- the parser rejects what the format forbids ----
bad = {
    "no final line feed": "a 1",
    "bad name": "1a 1\n",
    "bad escape": 'a{x="\\t"} 1\n',
    "TYPE after samples": "a 1\n# TYPE a gauge\n",
    "two TYPEs": "# TYPE a gauge\n# TYPE a counter\na 1\n",
    "split group": "a 1\nb 1\na{x=\"y\"} 2\n",
    "duplicate sample": "a{x=\"1\"} 1\na{x=\"1\"} 2\n",
    "bad value": "a one\n",
    "reserved label": 'a{__x="1"} 1\n',
}
for what, text in bad.items():
    try:
        promtext.parse(text)
        check(False, f"parser rejects: {what}")
    except promtext.FormatError:
        check(True, f"parser rejects: {what}")
ok = promtext.parse('# HELP a x\n# TYPE a gauge\na{l="q\\"\\\\\\n"} 1.5e3\nb +Inf 123\n')
check(promtext.value(ok, "a", l='q"\\\n') == 1500.0, "parser reads escapes and floats")


def tree():
    root = tmpdir()
    for i in range(30):
        write(root, f"m{i}.py", f"import os\n\ndef f{i}(x):\n    if x:\n        return {i}\n    return 0\n")
    write(root, "broken.py", "def bad(:\n    pass\n")
    # over the nesting limit (in lines of 60 brackets, or it would read as minified): fails
    write(root, "deep.py", "x = " + "\n".join(["[" * 60] * 1700) + "\n1\n" + "\n".join(["]" * 60] * 1700) + "\n")
    write(root, "notes.txt", "not source\n")
    return root


def json_lines(stderr):
    out = []
    for line in stderr.splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            out.append({"unparsed": line})
    return out


for make in engines():
    db = make()
    d = db.dialect
    out = tmpdir()
    prom = os.path.join(out, "index.prom")
    root = tree()
    p = run("index", root, "--db", db.url, "--json", "--metrics-file", prom, "--log-format", "json",
            "--batch-size", "8")
    summary = json.loads(p.stdout)
    check(p.returncode == 1, f"{d}: a failed file exits 1 ({p.returncode})")
    with open(prom) as f:
        text = f.read()
    try:
        fams = promtext.parse(text)
        check(True, f"{d}: the metrics file parses strictly")
    except promtext.FormatError as e:
        check(False, f"{d}: the metrics file parses strictly: {e}")
        fams = {}
    if fams:
        check(promtext.value(fams, "snakepipe_exit_code", command="index") == 1, f"{d}: exit code 1 recorded")
        repo = summary["repository"] if "repository" in summary else None
        files = {o: promtext.value(fams, "snakepipe_files", outcome=o) for o in ("parsed", "failed", "reused")}
        check(files["parsed"] == summary["parsed"] and files["failed"] == summary["failed"] == 1,
              f"{d}: files by outcome equal the summary ({files})")
        n_funcs = int(db.query("SELECT count(*) FROM functions")[0][0])
        check(promtext.value(fams, "snakepipe_rows", table="functions") == n_funcs == 31,
              f"{d}: rows per table equal the database's ({n_funcs})")
        check(promtext.value(fams, "snakepipe_files_skipped", reason="no language") == 1, f"{d}: skips by reason")
        check(promtext.value(fams, "snakepipe_db_transactions") >= 4, f"{d}: one transaction per batch")
        check(promtext.value(fams, "snakepipe_db_seconds", operation="write") > 0, f"{d}: time in writes")
        check(promtext.value(fams, "snakepipe_read_bytes") == summary["bytes"], f"{d}: bytes read")
        phases = sum(v for n, ls, v in fams["snakepipe_phase_seconds"]["samples"])
        check(0 < phases <= promtext.value(fams, "snakepipe_duration_seconds") + 0.01, f"{d}: phase durations add up")
        check(all(f["type"] == "gauge" and f["help"] for f in fams.values()), f"{d}: every family has HELP and TYPE")
    check(not glob.glob(os.path.join(out, "*.tmp*")), f"{d}: no temporary file left")

    events = json_lines(p.stderr)
    check(all({"ts", "level", "event"} <= e.keys() for e in events), f"{d}: every stderr line is a JSON event")
    kinds = [e.get("event") for e in events]
    commits = [e for e in events if e.get("event") == "batch_committed"]
    check(len(commits) >= 4 and all(isinstance(e["rows"], int) and e["ms"] >= 0 for e in commits),
          f"{d}: batch_committed with rows and ms ({len(commits)})")
    check(sum(e["rows"] for e in commits) == summary["rows"], f"{d}: committed rows add up to the summary's")
    errs = [e for e in events if e.get("event") == "file_error"]
    check(len(errs) == 1 and errs[0]["path"] == "deep.py" and errs[0]["level"] == "error", f"{d}: file_error names the file")
    check(kinds[-1] == "run_finished" and events[-1]["exit"] == 1, f"{d}: run_finished last, with the exit code")

    # text logs: the same events, one line each
    p = run("index", root, "--db", db.url, "--quiet", "--log-format", "text")
    lines = p.stderr.splitlines()
    check(any(" error file_error " in x and " path=deep.py " in x for x in lines) and
          any(" run_finished " in x and " exit=1 " in x for x in lines), f"{d}: text log lines")

    # progress lines become events too
    p = run("index", root, "--db", db.url, "--progress", "always", "--log-format", "json",
            env={"SNAKEPIPE_PROGRESS_SECONDS": "0.01"})
    evs = json_lines(p.stderr)
    check(any(e.get("event") == "progress" and "total" in e for e in evs) and all("event" in e for e in evs),
          f"{d}: progress as JSON events, nothing else on stderr")

    # a lock wait is an event
    lock = HeldLock(db, 1)
    write(root, "new.py", "def n():\n    pass\n")
    proc = subprocess.Popen([BIN, "index", root, "--db", db.url, "--log-format", "json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    waited = wait_for_text(proc.stderr, '"event": "lock_wait"', 60)
    lock.release()
    proc.communicate(timeout=120)
    check(waited and proc.returncode == 1, f"{d}: lock_wait logged while another run holds the repository")

    # a scan: per repository samples; a name that needs escaping
    other = tmpdir()
    write(other, "a.py", "def a():\n    pass\n")
    manifest = os.path.join(out, "m.yaml")
    with open(manifest, "w") as f:
        f.write(f"repositories:\n  - path: {root}\n    name: one\n  - path: {other}\n" +
                "    name: 'q\"b\\s'\n")  # q"b\s: a quote and a backslash to escape
    scan_prom = os.path.join(out, "scan.prom")
    p = run("scan", manifest, "--db", db.url, "--metrics-file", scan_prom, "--quiet")
    fams = promtext.parse(open(scan_prom).read())
    repos = {ls["repository"] for _, ls, _ in fams["snakepipe_repository_exit_code"]["samples"]}
    check(repos == {"one", 'q"b\\s'}, f"{d}: scan: one sample per repository, names escaped ({repos})")
    check(promtext.value(fams, "snakepipe_repository_exit_code", repository='q"b\\s') == 0, f"{d}: scan: per repository exit")

    # gc
    gc_prom = os.path.join(out, "gc.prom")
    run("gc", "--db", db.url, "--keep", "1", "--metrics-file", gc_prom, "--quiet", check_exit=0)
    fams = promtext.parse(open(gc_prom).read())
    check(promtext.value(fams, "snakepipe_gc_deleted", kind="snapshots") >= 1, f"{d}: gc: deleted snapshots counted")

    # a path that cannot be written: a usage error before any work
    before = db.query("SELECT count(*) FROM snapshots")[0][0]
    p = run("index", root, "--db", db.url, "--metrics-file", "/nonexistent/dir/x.prom")
    check(p.returncode == 2 and "--metrics-file" in p.stderr, f"{d}: unwritable metrics path: usage error")
    check(db.query("SELECT count(*) FROM snapshots")[0][0] == before, f"{d}: ... and no run")
    db.drop()

p = run("index", tmpdir(), "--db", "postgresql://u:s3cret@127.0.0.1:1/x", "--log-format", "json",
        "--metrics-file", os.path.join(tmpdir(), "x.prom"))
check(p.returncode == 3 and "s3cret" not in p.stderr + p.stdout, "the password never appears in log lines")
check(all("event" in e for e in json_lines(p.stderr)), "errors are JSON events too")
p = run("index", tmpdir(), "--log-format", "yaml")
check(p.returncode == 2, "an unknown log format is a usage error")
_ = PG
finish()
