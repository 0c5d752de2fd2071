-- How many files rows the snapshot holds ($1 repository, $2 snapshot).
SELECT count(*) FROM files WHERE repository_id = $1 AND snapshot_id = $2
