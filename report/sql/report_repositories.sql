-- report: each repository with its current snapshot (the default branch's latest complete one),
-- by name; cli/ keeps the one --repo names.
SELECT r.repository_id, r.name, s.snapshot_id, s.commit_sha, s.finished_at
FROM repositories r
JOIN current_snapshots s ON s.repository_id = r.repository_id
ORDER BY r.name
