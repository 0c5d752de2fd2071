-- doctor: snapshots still marked running, with their repository's name. Each belongs to a live
-- run (which holds the repository's lock) or to one that died (the next index recovers it).
SELECT s.repository_id, s.snapshot_id, r.name
FROM snapshots s JOIN repositories r ON r.repository_id = s.repository_id
WHERE s.status = 'running'
ORDER BY s.repository_id, s.snapshot_id
