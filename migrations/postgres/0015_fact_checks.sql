-- 0015_fact_checks: the facts of a blob (functions, classes, imports, calls, dependencies,
-- file_metrics) are checked against their blob once per statement instead of once per row. A
-- foreign key runs one look-up and row lock per inserted row: on a cold index of the stdlib that
-- was ~0.4 s of the server's ~1.0 s of CPU (57k calls rows alone 0.22 s, perf/README.md
-- "PostgreSQL: where the time goes"). A statement-level trigger sees a COPY's rows as one
-- transition table and checks them with one anti-join (0.05 s for those calls rows), and locks each
-- parent once (FOR KEY SHARE, what a foreign key takes per row) so that a concurrent delete of the
-- parent waits. Deleting a blob deletes its facts as the foreign keys' ON DELETE CASCADE did, by
-- one statement-level trigger. What is no longer covered: TRUNCATE of a parent (refused before
-- without CASCADE) and UPDATEs of a fact's key (snakepipe writes facts once and never updates
-- them). function_metrics keeps its foreign key to functions: a data-only restore (pg_dump
-- --data-only, then psql) loads tables in name order unless foreign keys order them, and
-- function_metrics sorts before functions (blobs sorts before every fact table). The functions name
-- their tables in the trigger's schema, whatever the session's search_path (pg_dump's scripts set
-- it empty). SQLite keeps its foreign keys: they are checked in-process and cost little there.
-- Under Citus, put the foreign keys back (co-located keys are checked on each shard;
-- schema/SCALE.md).

-- TG_ARGV[0]: the parent table; TG_ARGV[1]: the key columns, comma-separated, the same names in
-- the child and in the parent (the parent's primary key or its leading columns).
CREATE FUNCTION sp_check_parent() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    parent text := TG_ARGV[0];
    cols text[] := string_to_array(replace(TG_ARGV[1], ' ', ''), ',');
    n_cols text;
    p_cols text;
    missing text;
BEGIN
    SELECT string_agg('n.' || quote_ident(c), ', '), string_agg('p.' || quote_ident(c), ', ')
      INTO n_cols, p_cols FROM unnest(cols) AS c;
    EXECUTE format('SELECT 1 FROM %I.%I p WHERE (%s) IN (SELECT DISTINCT %s FROM new_rows n) '
                   'FOR KEY SHARE OF p', TG_TABLE_SCHEMA, parent, p_cols, n_cols);
    EXECUTE format('SELECT row(%s)::text FROM new_rows n WHERE NOT EXISTS '
                   '(SELECT 1 FROM %I.%I p WHERE (%s) = (%s)) LIMIT 1', n_cols, TG_TABLE_SCHEMA,
                   parent, p_cols, n_cols)
      INTO missing;
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'insert into % refers to % %, which is not in %', TG_TABLE_NAME,
              TG_ARGV[1], missing, parent
              USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME;
    END IF;
    RETURN NULL;
END $$;

-- TG_ARGV: the child tables whose rows go with the deleted blobs, matched on (repository_id, blob_id)
CREATE FUNCTION sp_delete_children() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    child text;
BEGIN
    FOREACH child IN ARRAY TG_ARGV LOOP
        EXECUTE format('DELETE FROM %I.%I c USING old_rows o WHERE c.repository_id = o.repository_id '
                       'AND c.blob_id = o.blob_id', TG_TABLE_SCHEMA, child);
    END LOOP;
    RETURN NULL;
END $$;

ALTER TABLE functions DROP CONSTRAINT functions_repository_id_blob_id_fkey;
ALTER TABLE classes DROP CONSTRAINT classes_repository_id_blob_id_fkey;
ALTER TABLE imports DROP CONSTRAINT imports_repository_id_blob_id_fkey;
ALTER TABLE calls DROP CONSTRAINT calls_repository_id_blob_id_fkey;
ALTER TABLE dependencies DROP CONSTRAINT dependencies_repository_id_blob_id_fkey;
ALTER TABLE file_metrics DROP CONSTRAINT file_metrics_repository_id_blob_id_fkey;

CREATE TRIGGER functions_parent AFTER INSERT ON functions REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sp_check_parent('blobs', 'repository_id,blob_id');
CREATE TRIGGER classes_parent AFTER INSERT ON classes REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sp_check_parent('blobs', 'repository_id,blob_id');
CREATE TRIGGER imports_parent AFTER INSERT ON imports REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sp_check_parent('blobs', 'repository_id,blob_id');
CREATE TRIGGER calls_parent AFTER INSERT ON calls REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sp_check_parent('blobs', 'repository_id,blob_id');
CREATE TRIGGER dependencies_parent AFTER INSERT ON dependencies REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sp_check_parent('blobs', 'repository_id,blob_id');
CREATE TRIGGER file_metrics_parent AFTER INSERT ON file_metrics REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sp_check_parent('blobs', 'repository_id,blob_id');

-- function_metrics rows go with their functions by their foreign key's cascade
CREATE TRIGGER blobs_children AFTER DELETE ON blobs REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sp_delete_children(
        'functions', 'classes', 'imports', 'calls', 'dependencies', 'file_metrics');
