#!/usr/bin/env python3
"""tests/load/test_pg_load.py: what keeps a cold PostgreSQL load fast (issue 11, perf/README.md
"PostgreSQL: where the time goes"): the snapshot's import graph is stored after the tables the
batches filled have planner statistics (without them the server planned that join as a nested
loop over files x dependencies, quadratic in the tree), and its components computed after the
stored graph has them; a blob's facts are checked against their blob once per statement, not by a
per-row foreign key trigger (migrations 0015 and 0021), and still: a fact whose blob is missing is refused
as a foreign key violation, deleting a blob deletes its facts, a data-only dump (pg_dump's table
order and empty search_path) restores."""
import json
import os
import subprocess
import time

from common import PgDB, check, finish, need_pg, run, tmpdir, write

need_pg()

# a tree whose import graph has one cycle (a.py <-> b.py), so the run writes components
tree = tmpdir()
write(tree, "a.py", "import b\n\nclass A:\n    pass\n\ndef fa(x):\n    return b.fb(x)\n")
write(tree, "b.py", "import a\n\ndef fb(x):\n    return x\n")
for i in range(20):
    write(tree, f"m{i:02d}.py", f"import a\nimport b\n\ndef g{i}():\n    return a.fa({i})\n")

db = PgDB()
try:
    run("migrate", "--db", db.url, check_exit=0)
    # a probe: when the components rows arrive, what the planner knows of the graph's tables
    # (reltuples stays -1 until a table is first analysed or vacuumed); autovacuum is kept out
    db.execute("""
        ALTER TABLE dependencies SET (autovacuum_enabled = false);
        ALTER TABLE files SET (autovacuum_enabled = false);
        ALTER TABLE dependency_edges SET (autovacuum_enabled = false);
        CREATE TABLE probe (at text, tbl text, reltuples real);
        CREATE FUNCTION probe_stats() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO probe SELECT TG_TABLE_NAME, relname, reltuples FROM pg_class
           WHERE relname IN ('dependencies', 'files', 'dependency_edges') AND relkind = 'r'
             AND relnamespace = 'public'::regnamespace;
          RETURN NULL;
        END $$;
        CREATE TRIGGER probe_edges AFTER INSERT ON dependency_edges
          FOR EACH STATEMENT EXECUTE FUNCTION probe_stats();
        CREATE TRIGGER probe_components AFTER INSERT ON components
          FOR EACH STATEMENT EXECUTE FUNCTION probe_stats();
    """)
    out = json.loads(run("index", tree, "--db", db.url, "--json", check_exit=0).stdout)
    check(out["status"] == "complete" and out["warnings"] == [],
          f"the cold index completes without warnings ({out['status']}, {out['warnings']})")
    # a repository's first snapshot: every table the batches filled is analysed once, before
    # the summaries and the calls' resolution read it (they analysed some a second time: 0.21 s
    # of the server's time on the stdlib). analyze_count counts ANALYZE commands, not autovacuum's.
    twice = []
    for _ in range(50):  # a backend's statistics reach the shared counters when it exits
        db.execute("SELECT pg_stat_clear_snapshot()")
        counts = dict(db.query("SELECT relname, analyze_count FROM pg_stat_user_tables"))
        twice = sorted(t for t, n in counts.items() if int(n) > 1)
        if counts.get("functions") not in (None, "0"):
            break
        time.sleep(0.1)
    check(counts.get("functions") == "1" and counts.get("files") == "1" and counts.get("calls") == "1",
          f"the first snapshot analyses functions, files and calls once each ({counts})")
    check(twice == [], f"no table is analysed twice by one run ({twice})")
    # migration 0017: ANALYZE skips the attrs JSON (most of its cost on functions), not the rest
    stats = db.query("SELECT tablename || '.' || attname FROM pg_stats WHERE schemaname = 'public' "
                     "AND tablename IN ('functions', 'classes') AND attname IN ('attrs', 'name') ORDER BY 1")
    check(stats == [("classes.name",), ("functions.name",)],
          f"functions and classes have statistics of name but none of attrs ({stats})")
    comps = db.query("SELECT count(*) FROM component_files")
    check(comps == [("2",)], f"the cycle a.py <-> b.py is one component of two files ({comps})")
    seen = {(at, t): float(v) for at, t, v in db.query("SELECT at, tbl, min(reltuples) FROM probe GROUP BY 1, 2")}
    check({("dependency_edges", "dependencies"), ("dependency_edges", "files"),
           ("components", "dependency_edges")} <= set(seen),
          f"the probe saw the graph's tables when the graph and the components were written ({seen})")
    check(seen.get(("dependency_edges", "dependencies"), -1) > 0 and seen.get(("dependency_edges", "files"), -1) > 0,
          f"dependencies and files had planner statistics before the import graph was stored ({seen})")
    check(seen.get(("components", "dependency_edges"), -1) > 0,
          f"the stored import graph had planner statistics before the components were computed ({seen})")

    # migration 0015: no per-row foreign key trigger on the fact tables, a statement-level check;
    # migration 0021: nor on call_resolutions and dependency_edges, written by the closing
    facts = ("functions", "classes", "imports", "calls", "dependencies", "file_metrics",
             "call_resolutions", "dependency_edges", "function_metrics")
    names = ", ".join(f"'{t}'" for t in facts[:-1])  # function_metrics keeps its foreign key to functions
    per_row = db.query(f"SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgisinternal "
                       f"AND tgrelid::regclass::text IN ({names}) AND tgfoid = (SELECT oid FROM pg_proc WHERE proname = 'RI_FKey_check_ins')")
    check(per_row == [], f"no fact table runs a per-row foreign key check on insert ({per_row})")
    for t in facts:
        row = db.query(f"SELECT * FROM {t} LIMIT 1")[0]
        cols = [c for (c,) in db.query(f"SELECT attname FROM pg_attribute WHERE attrelid = '{t}'::regclass "
                                       "AND attnum > 0 AND NOT attisdropped ORDER BY attnum")]
        vals = ", ".join("NULL" if v is None else ("'99999'" if c == "blob_id" else "'" + v.replace("'", "''") + "'")
                         for c, v in zip(cols, row))
        p = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db.url,
                            "-c", "\\set VERBOSITY verbose", "-c", f"INSERT INTO {t} VALUES ({vals})"],
                           capture_output=True, text=True)
        check(p.returncode != 0 and "23503" in p.stderr and "99999" in p.stderr,
              f"{t}: a row of a blob that is not there is refused as a foreign key violation "
              f"({p.stderr.strip().splitlines()[0] if p.stderr else 'accepted'})")
    blob = db.query("SELECT blob_id FROM files WHERE path = 'a.py'")[0][0]
    before = [int(db.query(f"SELECT count(*) FROM {t} WHERE blob_id = {blob}")[0][0]) for t in facts]
    db.execute(f"DELETE FROM files WHERE blob_id = {blob}; DELETE FROM blobs WHERE blob_id = {blob}")
    after = [int(db.query(f"SELECT count(*) FROM {t} WHERE blob_id = {blob}")[0][0]) for t in facts]
    check(sum(before) > 0 and after == [0] * len(facts),
          f"deleting a blob deletes its facts in every fact table ({before} -> {after})")

    # migration 0017: the facts' check against their blob reads blobs by its key, not each
    # repository's every blob per fact row: the anti-join it ran was planned over
    # blobs_language_idx (repository_id, language) while blobs had no statistics (a first load, a
    # restore), quadratic in the tree (27.7 M index entries read for the stdlib). 400 blobs and
    # 8,000 calls rows in one statement into a fresh schema, as a batch's COPY writes them.
    fresh = PgDB()
    try:
        run("migrate", "--db", fresh.url, check_exit=0)
        fresh.execute("""
            INSERT INTO repositories (repository_id, location, name) VALUES (1, '/r', 'r');
            INSERT INTO blobs (repository_id, blob_id, content_hash, extractor_version, language,
                               size_bytes, total_lines, code_lines, comment_lines, blank_lines,
                               parse_error)
            SELECT 1, g, md5(g::text), 1, 'python', 1, 1, 1, 0, 0, false FROM generate_series(1, 400) g;
            INSERT INTO calls (repository_id, blob_id, call_id, name, kind, line, col)
            SELECT 1, 1 + g % 400, g, 'f', 'call', 1, 0 FROM generate_series(1, 8000) g;
        """)
        reads = None
        for _ in range(50):  # the backend's counters reach the shared ones when it exits
            reads = fresh.query("SELECT idx_tup_read FROM pg_stat_user_indexes "
                                "WHERE indexrelname = 'blobs_language_idx'")
            if fresh.query("SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = 'blobs_pkey'")[0][0] != "0":
                break
            time.sleep(0.1)
        check(reads and int(reads[0][0]) <= 800,
              f"the check of 8,000 calls rows reads blobs by key (blobs_language_idx: {reads} entries read)")
    finally:
        fresh.drop()

    # a data-only dump of the blobs and their facts (tables in pg_dump's order, search_path empty)
    # loads back into a fresh schema
    dump = os.path.join(tree, "rows.sql")
    tables = ["repositories", "blobs", *facts]
    subprocess.run(["pg_dump", "-d", db.url, "--data-only", *[f"--table={t}" for t in tables], "-f", dump],
                   check=True, capture_output=True)
    fresh = PgDB()
    try:
        run("migrate", "--db", fresh.url, check_exit=0)
        p = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", fresh.url, "-f", dump],
                           capture_output=True, text=True)
        check(p.returncode == 0, f"a data-only dump restores into a fresh schema ({p.stderr.strip()[:300]})")
        n = [int(fresh.query(f"SELECT count(*) FROM {t}")[0][0]) for t in facts]
        m = [int(db.query(f"SELECT count(*) FROM {t}")[0][0]) for t in facts]
        check(n == m and sum(n) > 0, f"the restored facts are all there ({n} = {m})")
    finally:
        fresh.drop()
finally:
    db.drop()
finish()
