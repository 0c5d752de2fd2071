-- Snapshot $3's rows of snapshot_file_roles for snapshot $2 of repository $1, whose files are
-- exactly its (load/sql/snapshot_same_files.sql): the same rows, copied, not computed again
INSERT INTO snapshot_file_roles (repository_id, snapshot_id, path, role, language, reason)
SELECT repository_id, $2, path, role, language, reason
FROM snapshot_file_roles WHERE repository_id = $1 AND snapshot_id = $3
ON CONFLICT DO NOTHING
