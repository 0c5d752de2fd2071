-- Per language of the snapshot ($1 repository, $2 snapshot): files not skipped, their code lines,
-- functions and summed cyclomatic complexity (the backfill of migration 0014 is the same query)
INSERT INTO snapshot_languages (repository_id, snapshot_id, language, files, code_lines, functions,
                                cyclomatic_sum)
SELECT f.repository_id, f.snapshot_id, b.language, count(*), sum(b.code_lines),
       coalesce(sum(fm.function_count), 0), coalesce(sum(fm.complexity_sum), 0)
FROM files f
CROSS JOIN blobs b
LEFT JOIN file_metrics fm ON fm.repository_id = f.repository_id AND fm.blob_id = f.blob_id
WHERE f.repository_id = $1 AND f.snapshot_id = $2
  AND b.repository_id = f.repository_id AND b.blob_id = f.blob_id AND b.skip_reason IS NULL
GROUP BY f.repository_id, f.snapshot_id, b.language
ON CONFLICT DO NOTHING
