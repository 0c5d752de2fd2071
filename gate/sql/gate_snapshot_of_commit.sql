-- gate: the latest complete snapshot of repository $1 that is commit $2 exactly (none: no row):
-- every file's content vouched for by git. A work tree's snapshot names HEAD's commit even with
-- local changes; those hold files without git_blob (modified or untracked) and never serve.
SELECT max(s.snapshot_id) FROM snapshots s
WHERE s.repository_id = $1 AND s.commit_sha = $2 AND s.status = 'complete'
  AND NOT EXISTS (SELECT 1 FROM files f
                  WHERE f.repository_id = s.repository_id AND f.snapshot_id = s.snapshot_id
                    AND (f.git_blob IS NULL OR f.git_blob = ''))
HAVING max(s.snapshot_id) IS NOT NULL
