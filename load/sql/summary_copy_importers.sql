-- Snapshot $3's rows of snapshot_importers for snapshot $2 of repository $1, whose files are
-- exactly its (load/sql/snapshot_same_files.sql): the same rows, copied, not computed again
INSERT INTO snapshot_importers (repository_id, snapshot_id, target_path, importers)
SELECT repository_id, $2, target_path, importers
FROM snapshot_importers WHERE repository_id = $1 AND snapshot_id = $3
ON CONFLICT DO NOTHING
