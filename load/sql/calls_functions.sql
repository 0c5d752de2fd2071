-- The functions of the blobs of snapshot $2 of repository $1 (call resolution: callers, targets).
-- Blobs above $3 are left out: the run that wrote them handed their rows over (sp_calls_fed).
SELECT fn.blob_id, fn.function_id, fn.name, fn.qualified_name, fn.kind, fn.class_name
FROM functions fn
WHERE fn.repository_id = $1
  AND fn.blob_id IN (SELECT f.blob_id FROM files f
                     WHERE f.repository_id = $1 AND f.snapshot_id = $2
                      AND f.blob_id <= $3)
