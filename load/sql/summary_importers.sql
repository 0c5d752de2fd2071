-- Per file of the snapshot ($1 repository, $2 snapshot) that others import: how many files do
INSERT INTO snapshot_importers (repository_id, snapshot_id, target_path, importers)
SELECT f.repository_id, f.snapshot_id, d.target_path, count(DISTINCT f.path)
FROM snapshots s
JOIN files f ON f.repository_id = s.repository_id AND f.snapshot_id = s.snapshot_id
JOIN dependencies d ON d.repository_id = f.repository_id AND d.path_set = s.path_set
                   AND d.path = f.path AND d.blob_id = f.blob_id
WHERE s.repository_id = $1 AND s.snapshot_id = $2 AND d.kind = 'internal'
  AND d.target_path IS NOT NULL
GROUP BY f.repository_id, f.snapshot_id, d.target_path
ON CONFLICT DO NOTHING
