-- Records the path a snapshot was indexed at ($1 repository, $2 snapshot, $3 path).
UPDATE snapshots SET location = $3 WHERE repository_id = $1 AND snapshot_id = $2
