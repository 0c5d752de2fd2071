-- Every blob of repository $1 (for the largest id) and whether it has extractor version $2.
SELECT content_hash, blob_id, CASE WHEN extractor_version = $2 THEN 1 ELSE 0 END FROM blobs
WHERE repository_id = $1
