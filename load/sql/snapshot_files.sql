-- How each file of snapshot $2 of repository $1 was seen.
SELECT path, blob_id, size_bytes, mtime_ns, git_blob FROM files WHERE repository_id = $1 AND snapshot_id = $2
