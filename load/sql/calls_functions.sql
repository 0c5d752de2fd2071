-- The functions of the blobs of snapshot $2 of repository $1 (call resolution: callers, targets).
SELECT fn.blob_id, fn.function_id, fn.name, fn.qualified_name, fn.kind, fn.class_name
FROM functions fn
WHERE fn.repository_id = $1
  AND fn.blob_id IN (SELECT f.blob_id FROM files f
                     WHERE f.repository_id = $1 AND f.snapshot_id = $2)
