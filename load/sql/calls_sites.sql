-- The call sites of the blobs of snapshot $2 of repository $1 whose answer the blob alone does
-- not decide (call resolution): bound by an import (the answer depends on the path set), open
-- (other files' functions), or from before migration 0019 (binding NULL).
-- Blobs above $3 are left out: the run that wrote them handed their rows over (sp_calls_fed).
SELECT c.blob_id, c.call_id, c.function_id, c.name, c.receiver, c.kind, c.binding
FROM calls c
WHERE c.repository_id = $1
  AND c.blob_id IN (SELECT f.blob_id FROM files f
                    WHERE f.repository_id = $1 AND f.snapshot_id = $2
                      AND f.blob_id <= $3)
  AND (c.binding IS NULL OR c.binding IN ('import', 'open'))
