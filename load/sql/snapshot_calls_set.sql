-- The calls_set of snapshot $2 of repository $1 (0: none, its calls not resolved)
SELECT coalesce(calls_set, 0) FROM snapshots WHERE repository_id = $1 AND snapshot_id = $2
