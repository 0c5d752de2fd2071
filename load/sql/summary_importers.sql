-- Per file of the snapshot ($1 repository, $2 snapshot) that others import: how many files do
-- (join order as in summary_edges.sql)
INSERT INTO snapshot_importers (repository_id, snapshot_id, target_path, importers)
SELECT f.repository_id, f.snapshot_id, d.target_path, count(DISTINCT f.path)
FROM snapshots s
CROSS JOIN files f
CROSS JOIN dependencies d
WHERE s.repository_id = $1 AND s.snapshot_id = $2
  AND f.repository_id = s.repository_id AND f.snapshot_id = s.snapshot_id
  AND d.repository_id = f.repository_id AND d.path_set = s.path_set AND d.path = f.path
  AND d.blob_id = f.blob_id AND d.kind = 'internal' AND d.target_path IS NOT NULL
GROUP BY f.repository_id, f.snapshot_id, d.target_path
ON CONFLICT DO NOTHING
