-- queue_finish: the result of a claim ($1 run, $2 item, $3 worker, $4 attempt): $5 'done' or
-- 'failed', the exit code, the repository and snapshot indexed, the error; no row back when the
-- claim was lost meanwhile (then the other worker's result stands)
UPDATE scan_queue
SET status = $5, finished_at = now(), lease_until = NULL, exit_code = $6, repository_id = $7,
    snapshot_id = $8, error = $9
WHERE run_id = $1 AND item = $2 AND worker = $3 AND attempts = $4 AND status = 'running'
RETURNING 1
