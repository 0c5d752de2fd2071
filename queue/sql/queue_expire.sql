-- queue_expire: a row whose worker was lost (lease over) as many times as its run allows fails
-- instead of being claimed again: a repository that kills every worker (out of memory) cannot
-- stall the queue forever
UPDATE scan_queue q
SET status = 'failed', finished_at = now(), lease_until = NULL,
    error = 'its worker (' || coalesce(q.worker, '?') || ') was lost ' || q.attempts || ' time(s): the lease ran out'
FROM scan_runs r
WHERE r.run_id = q.run_id AND q.status = 'running' AND q.lease_until < now()
  AND q.attempts >= r.max_attempts
