-- How each file of snapshot $2 of repository $1 was seen. Its mtime only when that snapshot was
-- indexed where the repository is now (repositories.location, set by repo_ensure at this run's
-- start): size and mtime vouch for a content in one directory, not in another clone of the
-- repository (a cache restored with its mtimes, a copy made with cp -p).
SELECT f.path, f.blob_id, f.size_bytes,
       CASE WHEN s.location = r.location THEN f.mtime_ns END, f.git_blob
FROM files f
JOIN snapshots s ON s.repository_id = f.repository_id AND s.snapshot_id = f.snapshot_id
JOIN repositories r ON r.repository_id = f.repository_id
WHERE f.repository_id = $1 AND f.snapshot_id = $2
