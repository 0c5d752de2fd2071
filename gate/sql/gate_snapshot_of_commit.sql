-- gate: the latest complete snapshot of repository $1 taken of commit $2 (none: no row).
SELECT max(snapshot_id) FROM snapshots
WHERE repository_id = $1 AND commit_sha = $2 AND status = 'complete'
HAVING max(snapshot_id) IS NOT NULL
