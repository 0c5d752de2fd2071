-- queue_run_insert: a scan run enqueued (scan --enqueue): the manifest's path and text, the lease
INSERT INTO scan_runs (manifest, manifest_yaml, lease_seconds) VALUES ($1, $2, $3) RETURNING run_id
