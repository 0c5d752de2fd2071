-- The snapshot's ($1 repository, $2 snapshot) file import graph into dependency_edges (once per
-- path set and importing blob), before its components and summaries read it through file_edges.
-- CROSS JOIN keeps SQLite's join order: the snapshot's files by key, then their dependencies (it
-- had started from every dependency of the path set, each file found by blob in every snapshot).
INSERT INTO dependency_edges (repository_id, path_set, path, blob_id, target_path)
SELECT DISTINCT d.repository_id, d.path_set, d.path, d.blob_id, d.target_path
FROM snapshots s
CROSS JOIN files f
CROSS JOIN dependencies d
WHERE s.repository_id = $1 AND s.snapshot_id = $2
  AND f.repository_id = s.repository_id AND f.snapshot_id = s.snapshot_id
  AND d.repository_id = f.repository_id AND d.path_set = s.path_set AND d.path = f.path
  AND d.blob_id = f.blob_id AND d.kind = 'internal' AND d.target_path IS NOT NULL
  AND d.target_path <> d.path
ON CONFLICT DO NOTHING
