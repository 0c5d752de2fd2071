-- The repository's ($1) latest complete snapshot, 0 when it has none.
SELECT coalesce(max(snapshot_id), 0) FROM snapshots WHERE repository_id = $1 AND status = 'complete'
