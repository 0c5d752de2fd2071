-- The imports of the blobs of snapshot $2 of repository $1 (call resolution: the names they bind).
-- Blobs above $3 are left out: the run that wrote them handed their rows over (sp_calls_fed).
SELECT i.blob_id, i.import_id, i.module, i.name, i.alias
FROM imports i
WHERE i.repository_id = $1
  AND i.blob_id IN (SELECT f.blob_id FROM files f
                    WHERE f.repository_id = $1 AND f.snapshot_id = $2
                      AND f.blob_id <= $3)
