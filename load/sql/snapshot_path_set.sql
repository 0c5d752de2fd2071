-- The path set the snapshot's dependencies were resolved for ($1 repository, $2 snapshot).
SELECT path_set FROM snapshots WHERE repository_id = $1 AND snapshot_id = $2
