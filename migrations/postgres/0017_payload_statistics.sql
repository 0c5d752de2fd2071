-- 0017_payload_statistics: no planner statistics for the attrs JSON of functions and classes,
-- and the facts checked against their blob without an anti-join (below). ANALYZE sorts every
-- sampled value of a column to find its common values and histogram; for
-- attrs (each function's docstring, decorators, async flag) that is most of ANALYZE functions:
-- 0.18 -> 0.10 s on the stdlib's 14,602 functions, paid by every run that grows the table by 10 %
-- (load/stats.c) and by autovacuum (perf/README.md, issue 11). Those statistics are of little
-- use: a docstring makes nearly every value distinct, and the documented predicates on attrs are
-- expressions (attrs ->> 'docstring'), which column statistics do not cover, or containment
-- (attrs @> '{"async": true}'), which is then estimated at PostgreSQL's default selectivity for
-- it (1 %) and served by the GIN index as before. SET STATISTICS -1 gives them back.
ALTER TABLE functions ALTER COLUMN attrs SET STATISTICS 0;
ALTER TABLE classes ALTER COLUMN attrs SET STATISTICS 0;

-- The facts' check against their blob (sp_check_parent, migration 0015) no longer runs an
-- anti-join of the statement's rows against the parent on every statement: it counts the parent
-- rows it locks (a key names at most one parent, its primary key) against the statement's
-- distinct keys, and looks for the missing key only when they differ, to name it in the error.
-- The anti-join was planned as a nested loop over an index of the parent: with blobs never
-- analysed (a first load, a restore), PostgreSQL took blobs_language_idx (repository_id,
-- language; migration 0018), whose condition is the repository alone, so each fact row read every
-- blob of its repository: 3.6 s for the stdlib's 57,570 calls rows, quadratic in the tree
-- (perf/README.md, issue 11). The lock query is a join of the distinct keys with the parent.
CREATE OR REPLACE FUNCTION sp_check_parent() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    parent text := TG_ARGV[0];
    cols text[] := string_to_array(replace(TG_ARGV[1], ' ', ''), ',');
    n_cols text;
    p_cols text;
    locked bigint;
    wanted bigint;
    missing text;
BEGIN
    SELECT string_agg('n.' || quote_ident(c), ', '), string_agg('p.' || quote_ident(c), ', ')
      INTO n_cols, p_cols FROM unnest(cols) AS c;
    EXECUTE format('SELECT count(*) FROM (SELECT 1 FROM %I.%I p WHERE (%s) IN '
                   '(SELECT DISTINCT %s FROM new_rows n) FOR KEY SHARE OF p) l',
                   TG_TABLE_SCHEMA, parent, p_cols, n_cols)
      INTO locked;
    EXECUTE format('SELECT count(*) FROM (SELECT DISTINCT %s FROM new_rows n) k', n_cols)
      INTO wanted;
    IF locked = wanted THEN
        RETURN NULL;
    END IF;
    EXECUTE format('SELECT row(%s)::text FROM new_rows n WHERE NOT EXISTS '
                   '(SELECT 1 FROM %I.%I p WHERE (%s) = (%s)) LIMIT 1', n_cols, TG_TABLE_SCHEMA,
                   parent, p_cols, n_cols)
      INTO missing;
    RAISE EXCEPTION 'insert into % refers to % %, which is not in %', TG_TABLE_NAME,
          TG_ARGV[1], missing, parent
          USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME;
END $$;
