-- Snapshot $3's rows of snapshot_top_classes for snapshot $2 of repository $1, whose files are
-- exactly its (load/sql/snapshot_same_files.sql): the same rows, copied, not computed again
INSERT INTO snapshot_top_classes (repository_id, snapshot_id, rank, path, blob_id, class_id, lines,
       method_count, complexity_sum, complexity_max, method_nloc)
SELECT repository_id, $2, rank, path, blob_id, class_id, lines, method_count, complexity_sum,
       complexity_max, method_nloc
FROM snapshot_top_classes WHERE repository_id = $1 AND snapshot_id = $3
ON CONFLICT DO NOTHING
