-- The (path, blob) pairs whose dependencies are stored for path set $2 of repository $1.
SELECT DISTINCT path, blob_id FROM dependencies WHERE repository_id = $1 AND path_set = $2
