-- Snapshot $3's rows of snapshot_packages for snapshot $2 of repository $1, whose files are
-- exactly its (load/sql/snapshot_same_files.sql): the same rows, copied, not computed again
INSERT INTO snapshot_packages (repository_id, snapshot_id, kind, package, files)
SELECT repository_id, $2, kind, package, files
FROM snapshot_packages WHERE repository_id = $1 AND snapshot_id = $3
ON CONFLICT DO NOTHING
