-- The paths of snapshot $2 of repository $1 whose blob differs in snapshot $3 (the same path
-- set), with both blobs.
SELECT n.path, n.blob_id, o.blob_id FROM files n
JOIN files o ON o.repository_id = n.repository_id AND o.snapshot_id = $3 AND o.path = n.path
WHERE n.repository_id = $1 AND n.snapshot_id = $2 AND o.blob_id <> n.blob_id
