-- queue_open: rows still queued or held by a live worker (a worker with nothing to claim waits
-- while there are any, to take over a row whose worker dies)
SELECT count(*) FROM scan_queue WHERE status IN ('queued', 'running')
