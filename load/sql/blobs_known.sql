-- Every blob of repository $1 (for the largest id), whether it has extractor version $2, and the
-- language it was extracted as (part of its identity, with the content hash).
SELECT content_hash, blob_id, CASE WHEN extractor_version = $2 THEN 1 ELSE 0 END, language FROM blobs
WHERE repository_id = $1
