#!/usr/bin/env python3
"""tests/load/test_pg_load.py: what keeps a cold PostgreSQL load fast (issue 11, perf/README.md
"PostgreSQL: where the time goes"): the snapshot's import graph is read after the tables the
batches filled have planner statistics (without them the server planned that query as a nested
loop over files x dependencies, quadratic in the tree); the run's output does not change."""
import json

from common import PgDB, check, finish, need_pg, run, tmpdir, write

need_pg()

# a tree whose import graph has one cycle (a.py <-> b.py), so the run writes components
tree = tmpdir()
write(tree, "a.py", "import b\n\ndef fa(x):\n    return b.fb(x)\n")
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
        CREATE TABLE probe (tbl text, reltuples real);
        CREATE FUNCTION probe_stats() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO probe SELECT relname, reltuples FROM pg_class
           WHERE relname IN ('dependencies', 'files') AND relkind = 'r'
             AND relnamespace = 'public'::regnamespace;
          RETURN NULL;
        END $$;
        CREATE TRIGGER probe_components AFTER INSERT ON components
          FOR EACH STATEMENT EXECUTE FUNCTION probe_stats();
    """)
    out = json.loads(run("index", tree, "--db", db.url, "--json", check_exit=0).stdout)
    check(out["status"] == "complete" and out["warnings"] == [],
          f"the cold index completes without warnings ({out['status']}, {out['warnings']})")
    comps = db.query("SELECT count(*) FROM component_files")
    check(comps == [("2",)], f"the cycle a.py <-> b.py is one component of two files ({comps})")
    seen = dict(db.query("SELECT tbl, min(reltuples) FROM probe GROUP BY tbl"))
    check(set(seen) == {"dependencies", "files"},
          f"the probe saw the graph's tables when the components arrived ({seen})")
    check(all(float(v) > 0 for v in seen.values()),
          f"dependencies and files had planner statistics before the import graph was read ({seen})")
finally:
    db.drop()
finish()
