-- queue_renew: the worker's heartbeat: its lease runs on while the row is still its own claim
-- ($1 run, $2 item, $3 worker, $4 attempt); no row back means another worker took it over
UPDATE scan_queue q SET lease_until = now() + make_interval(secs => r.lease_seconds)
FROM scan_runs r
WHERE r.run_id = q.run_id AND q.run_id = $1 AND q.item = $2 AND q.worker = $3
  AND q.attempts = $4 AND q.status = 'running'
RETURNING 1
