-- The snapshot's ($1 repository, $2 snapshot) 100 functions of highest cyclomatic complexity (its
-- files by key, then their functions' metrics: CROSS JOIN keeps that order in SQLite)
INSERT INTO snapshot_top_functions (repository_id, snapshot_id, rank, path, blob_id, function_id,
                                    cyclomatic)
SELECT repository_id, snapshot_id, rank, path, blob_id, function_id, cyclomatic
FROM (SELECT f.repository_id, f.snapshot_id, f.path, f.blob_id, m.function_id, m.cyclomatic,
             row_number() OVER (ORDER BY m.cyclomatic DESC, f.path, m.function_id) AS rank
      FROM files f
      CROSS JOIN function_metrics m
      WHERE f.repository_id = $1 AND f.snapshot_id = $2
        AND m.repository_id = f.repository_id AND m.blob_id = f.blob_id) r
WHERE rank <= 100
ON CONFLICT DO NOTHING
