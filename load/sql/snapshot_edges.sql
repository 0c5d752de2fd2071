-- The snapshot's file import graph (internal dependencies between two different files), for the
-- strongly connected components computed at load
SELECT source_path, target_path FROM file_edges
WHERE repository_id = $1 AND snapshot_id = $2
ORDER BY source_path, target_path
