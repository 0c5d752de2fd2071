#!/usr/bin/env python3
"""tests/load/test_distribution_keys.py: the rule Citus needs to distribute the schema by
repository_id (schema/SCALE.md), read from the live PostgreSQL catalog of a freshly migrated
database: every primary key, unique constraint, unique index and foreign key of a distributed table
starts with repository_id, so does every btree index and every index a view's plan uses, and
foreign keys only join co-located tables on repository_id or point at a reference table. The few
tables that are not distributed are named below with the reason. A deliberately broken table shows
the check finds each kind of violation."""
import json
import os
import re

from common import SRC, PgDB, check, finish, need_pg, run

# Replicated to every node under Citus: small, read by every shard's joins and foreign keys.
REFERENCE = {
    "repositories": "one row per repository; its name is unique across all of them",
    "path_conventions": "the same seed rows for every repository (migration 0009), joined by file_roles",
    "call_rules": "each language's call resolution rules, seed rows (migration 0007), joined by the call views",
    "call_entry_points": "entry-point name patterns per language, seed rows (migration 0007)",
}
# Plain tables on the coordinator: not keyed by repository (bookkeeping, or the queue, whose rows
# are claimed before their repository is named); nothing distributed references them.
LOCAL = {
    "schema_migrations": "the schema's version, one row per migration",
    "scan_runs": "the shared scan queue's runs (migration 0010)",
    "scan_queue": "the shared scan queue (migration 0010)",
}


def catalog(db):
    """{table: {"columns", "constraints": [(name, type, columns, ref table, ref columns)],
    "indexes": [(name, method, columns, unique)]}} for the public schema's tables."""
    tables = {}
    for (t,) in db.query("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                         "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition"):
        tables[t] = {"constraints": [], "indexes": []}
    cons = db.query("""
        SELECT c.conrelid::regclass::text, c.conname, c.contype,
               (SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n),
               coalesce(c.confrelid::regclass::text, ''),
               coalesce((SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n), '')
        FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE n.nspname = 'public' AND c.contype IN ('p', 'u', 'f')""")
    for t, name, kind, cols, ref, refcols in cons:
        if t in tables:
            tables[t]["constraints"].append((name, kind, cols.split(","), ref, refcols.split(",") if refcols else []))
    idx = db.query("""
        SELECT t.relname, i.relname, am.amname, x.indisunique::text,
               (SELECT string_agg(coalesce(a.attname, '(expression)'), ',' ORDER BY k.i)
                FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(n, i)
                LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.n)
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_am am ON am.oid = i.relam JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'public'""")
    for t, name, method, unique, cols in idx:
        if t in tables:
            tables[t]["indexes"].append((name, method, cols.split(","), unique in ("t", "true")))
    return tables


def indexes_used_by_views(db):
    """{view: set of index names} its plan uses with sequential scans discouraged (the tables are
    empty, so this is the planner's preference, not its costs)."""
    used = {}
    views = [v for (v,) in db.query("SELECT viewname FROM pg_views WHERE schemaname = 'public' ORDER BY viewname")]
    for v in views:
        out = db.query(f"SET enable_seqscan = off; EXPLAIN (FORMAT JSON) SELECT * FROM {v}")
        names = set()

        def walk(node):
            if isinstance(node, dict):
                if "Index Name" in node:
                    names.add(node["Index Name"])
                for x in node.values():
                    walk(x)
            elif isinstance(node, list):
                for x in node:
                    walk(x)
        walk(json.loads(out[-1][0]))
        used[v] = names
    return used


def violations(tables, used):
    """Every breach of the rule, as readable lines."""
    bad = []
    kind_of = {t: "reference" if t in REFERENCE else "local" if t in LOCAL else "distributed" for t in tables}
    index_table = {name: t for t, info in tables.items() for name, *_ in info["indexes"]}
    for t, info in sorted(tables.items()):
        kind = kind_of[t]
        pk = [c for c in info["constraints"] if c[1] == "p"]
        if kind == "distributed" and not pk:
            bad.append(f"{t}: no primary key")
        for name, ctype, cols, ref, refcols in info["constraints"]:
            what = {"p": "primary key", "u": "unique constraint", "f": "foreign key"}[ctype]
            if kind == "distributed" and cols[0] != "repository_id":
                bad.append(f"{t}: {what} {name} ({', '.join(cols)}) does not start with repository_id")
            if ctype != "f":
                continue
            target = kind_of.get(ref, "local")
            if kind == "distributed" and target == "distributed" and refcols[:1] != ["repository_id"]:
                bad.append(f"{t}: foreign key {name} references {ref} ({', '.join(refcols)}), not by repository_id")
            if kind == "distributed" and target == "local":
                bad.append(f"{t}: foreign key {name} references the coordinator-only table {ref}")
            if kind in ("reference", "local") and target == "distributed":
                bad.append(f"{t} ({kind}): foreign key {name} references the distributed table {ref}")
        if kind != "distributed":
            continue
        for name, method, cols, unique in info["indexes"]:
            if cols[0] == "repository_id":
                continue
            if unique:
                bad.append(f"{t}: unique index {name} ({', '.join(cols)}) does not start with repository_id")
            elif method == "btree":
                bad.append(f"{t}: btree index {name} ({', '.join(cols)}) does not start with repository_id")
    for view, names in sorted(used.items()):
        for name in sorted(names):
            t = index_table.get(name)
            if t and kind_of[t] == "distributed":
                cols = next(i[2] for i in tables[t]["indexes"] if i[0] == name)
                if cols[0] != "repository_id":
                    bad.append(f"view {view} uses index {name} on {t} ({', '.join(cols)}), "
                               "which does not start with repository_id")
    return bad


need_pg()
db = PgDB()
try:
    r = run("migrate", "--db", db.url)
    check(r.returncode == 0, f"a fresh database migrated ({r.stderr.strip()})")
    tables = catalog(db)
    used = indexes_used_by_views(db)
    check(len(tables) >= 10 and len(used) >= 10,
          f"the catalog lists the schema: {len(tables)} tables, {len(used)} views")
    check(any(used.values()), f"views' plans use indexes ({sum(len(v) for v in used.values())} uses)")
    missing = sorted((set(REFERENCE) | set(LOCAL)) - set(tables))
    check(not missing, f"every table named as reference or coordinator-only exists ({missing})")
    bad = violations(tables, used)
    check(not bad, "every key of a distributed table starts with repository_id"
          + "".join(f"\n    {b}" for b in bad))
    distributed = sorted(t for t in tables if t not in REFERENCE and t not in LOCAL)
    print(f"# distributed: {', '.join(distributed)}")
    # schema/SCALE.md's create_distributed_table calls name exactly these (a table added by a
    # later migration was missing from them: call_resolutions, call_links, the summaries)
    doc = open(os.path.join(SRC, "schema", "SCALE.md")).read()
    block = doc[doc.index("SELECT create_distributed_table('snapshots'"):]
    block = block[:block.index("```")]
    named = sorted(set(re.findall(r"'([a-z_]+)'", block)) - {"repository_id", "snapshots"} | {"snapshots"})
    check(named == distributed, "schema/SCALE.md distributes exactly the distributed tables "
          f"(missing {sorted(set(distributed) - set(named))}, extra {sorted(set(named) - set(distributed))})")

    # the check itself: a table breaking each rule is caught, each breach named
    db.execute("""
        CREATE TABLE zz_bad (x bigint, repository_id bigint, y bigint, PRIMARY KEY (x, repository_id),
                             UNIQUE (y), FOREIGN KEY (repository_id) REFERENCES repositories);
        CREATE INDEX zz_bad_y ON zz_bad (y);
        CREATE TABLE zz_bad2 (repository_id bigint, run_id bigint, PRIMARY KEY (repository_id, run_id),
                              FOREIGN KEY (run_id) REFERENCES scan_runs);
        CREATE TABLE zz_bad3 (repository_id bigint, snapshot_id bigint, PRIMARY KEY (repository_id, snapshot_id),
                              FOREIGN KEY (snapshot_id, repository_id) REFERENCES snapshots (snapshot_id, repository_id));
        CREATE VIEW zz_bad_view AS SELECT * FROM zz_bad WHERE y = 1;""")
    found = violations(catalog(db), indexes_used_by_views(db))
    for what in ("zz_bad: primary key zz_bad_pkey", "zz_bad: unique constraint zz_bad_y_key",
                 "zz_bad: btree index zz_bad_y (y)", "zz_bad2: foreign key zz_bad2_run_id_fkey",
                 "zz_bad3: foreign key", "view zz_bad_view uses index"):
        check(any(b.startswith(what) for b in found), f"a breach is caught: {what} ({len(found)} found)")
finally:
    db.drop()
finish()
