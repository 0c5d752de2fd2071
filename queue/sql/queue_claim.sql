-- queue_claim: the oldest row no worker holds (queued, or running with its lease over), taken by
-- worker $1 in one statement: SKIP LOCKED lets concurrent workers pass each other's rows
UPDATE scan_queue q
SET status = 'running', attempts = q.attempts + 1, worker = $1, started_at = now(),
    lease_until = now() + make_interval(secs => r.lease_seconds),
    finished_at = NULL, exit_code = NULL, error = NULL
FROM scan_runs r,
     (SELECT run_id, item FROM scan_queue
      WHERE status = 'queued' OR (status = 'running' AND lease_until < now())
      ORDER BY run_id, item LIMIT 1 FOR UPDATE SKIP LOCKED) c
WHERE q.run_id = c.run_id AND q.item = c.item AND r.run_id = q.run_id
RETURNING q.run_id, q.item, q.attempts, r.lease_seconds, r.manifest, r.manifest_yaml
