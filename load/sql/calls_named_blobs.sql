-- The blobs of snapshot $2 of repository $1 that have their call_names row (migration 0022).
SELECT cn.blob_id FROM call_names cn
WHERE cn.repository_id = $1
  AND cn.blob_id IN (SELECT f.blob_id FROM files f WHERE f.repository_id = $1 AND f.snapshot_id = $2)
