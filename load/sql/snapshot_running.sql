-- 1 while the snapshot is still running, 0 once another run marked it failed ($1 repository, $2 snapshot).
SELECT count(*) FROM snapshots WHERE repository_id = $1 AND snapshot_id = $2 AND status = 'running'
