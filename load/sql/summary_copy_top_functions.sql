-- Snapshot $3's rows of snapshot_top_functions for snapshot $2 of repository $1, whose files are
-- exactly its (load/sql/snapshot_same_files.sql): the same rows, copied, not computed again
INSERT INTO snapshot_top_functions (repository_id, snapshot_id, rank, path, blob_id, function_id,
       cyclomatic)
SELECT repository_id, $2, rank, path, blob_id, function_id, cyclomatic
FROM snapshot_top_functions WHERE repository_id = $1 AND snapshot_id = $3
ON CONFLICT DO NOTHING
