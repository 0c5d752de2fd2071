-- Per package the snapshot ($1 repository, $2 snapshot) imports: the number of files importing it
-- (join order as in summary_edges.sql)
INSERT INTO snapshot_packages (repository_id, snapshot_id, kind, package, files)
SELECT f.repository_id, f.snapshot_id, d.kind, d.package, count(DISTINCT f.path)
FROM snapshots s
CROSS JOIN files f
CROSS JOIN dependencies d
WHERE s.repository_id = $1 AND s.snapshot_id = $2
  AND f.repository_id = s.repository_id AND f.snapshot_id = s.snapshot_id
  AND d.repository_id = f.repository_id AND d.path_set = s.path_set AND d.path = f.path
  AND d.blob_id = f.blob_id AND d.package IS NOT NULL
GROUP BY f.repository_id, f.snapshot_id, d.kind, d.package
ON CONFLICT DO NOTHING
