-- 0021_resolution_checks: call_resolutions (migration 0013) and dependency_edges (0014) hang off
-- their blob as the other facts have since migration 0015: checked once per statement by
-- sp_check_parent, deleted with their blob by blobs_children, instead of a per-row foreign key.
-- Both are written after the last batch, on the closing's critical path: the foreign key's look-up
-- and row lock per row were about half of the COPY of the stdlib's 10,599 call_resolutions rows
-- (0.09-0.13 s) and of the INSERT ... SELECT of its 5,442 dependency_edges rows (perf/README.md,
-- issue 11, session 8). What changes is what 0015 lists: TRUNCATE blobs no longer refuses, an
-- UPDATE of the key is not checked (snakepipe never updates these rows), and under Citus the
-- foreign keys go back (schema/SCALE.md).
ALTER TABLE call_resolutions DROP CONSTRAINT call_resolutions_repository_id_blob_id_fkey;
ALTER TABLE dependency_edges DROP CONSTRAINT dependency_edges_repository_id_blob_id_fkey;

CREATE TRIGGER call_resolutions_parent AFTER INSERT ON call_resolutions
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sp_check_parent('blobs', 'repository_id,blob_id');
CREATE TRIGGER dependency_edges_parent AFTER INSERT ON dependency_edges
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sp_check_parent('blobs', 'repository_id,blob_id');

DROP TRIGGER blobs_children ON blobs;
CREATE TRIGGER blobs_children AFTER DELETE ON blobs REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION sp_delete_children(
        'functions', 'classes', 'imports', 'calls', 'dependencies', 'file_metrics',
        'call_resolutions', 'dependency_edges');
