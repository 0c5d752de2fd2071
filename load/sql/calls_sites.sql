-- The call sites of the blobs of snapshot $2 of repository $1 (call resolution).
SELECT c.blob_id, c.call_id, c.function_id, c.name, c.receiver, c.kind
FROM calls c
WHERE c.repository_id = $1
  AND c.blob_id IN (SELECT f.blob_id FROM files f
                    WHERE f.repository_id = $1 AND f.snapshot_id = $2)
