-- The latest complete snapshot of repository $1 other than snapshot $2 whose calls were resolved:
-- its id, calls_set and path set (none: no row). load/calls_affected.c compares snapshot $2 with it.
SELECT sn.snapshot_id, sn.calls_set, sn.path_set FROM snapshots sn
WHERE sn.repository_id = $1 AND sn.snapshot_id <> $2
  AND sn.status = 'complete' AND sn.calls_set IS NOT NULL
ORDER BY sn.snapshot_id DESC LIMIT 1
