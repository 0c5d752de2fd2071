-- Snapshot $2 of repository $1 reads its open calls from call_links of calls_set $3.
UPDATE snapshots SET calls_set = $3 WHERE repository_id = $1 AND snapshot_id = $2
