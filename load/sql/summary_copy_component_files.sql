-- Snapshot $3's rows of component_files for snapshot $2 of repository $1, whose files are
-- exactly its (load/sql/snapshot_same_files.sql): the same rows, copied, not computed again
INSERT INTO component_files (repository_id, snapshot_id, path, component_id)
SELECT repository_id, $2, path, component_id
FROM component_files WHERE repository_id = $1 AND snapshot_id = $3
ON CONFLICT DO NOTHING
