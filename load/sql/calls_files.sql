-- The files of snapshot $2 of repository $1 with their blob's language (call resolution).
SELECT f.path, f.blob_id, b.language
FROM files f
JOIN blobs b ON b.repository_id = f.repository_id AND b.blob_id = f.blob_id
WHERE f.repository_id = $1 AND f.snapshot_id = $2
