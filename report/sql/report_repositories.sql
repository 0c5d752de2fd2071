-- report "Repositories" (the overview): each repository with its current snapshot (the default
-- branch's latest complete one), its commit and when it was indexed, and over that snapshot's
-- parsed source files: languages, files, code lines, functions and the mean cyclomatic
-- complexity per function in hundredths; by name (cli/ keeps the one --repo names).
SELECT r.repository_id, r.name, s.snapshot_id, s.commit_sha, s.finished_at,
       count(DISTINCT cf.language) AS languages,
       count(cf.path) AS files,
       coalesce(sum(cf.code_lines), 0) AS code_lines,
       coalesce(sum(fm.function_count), 0) AS functions,
       CASE WHEN coalesce(sum(fm.function_count), 0) = 0 THEN 0
            ELSE sum(fm.complexity_sum) * 100 / sum(fm.function_count) END AS mean_cyclomatic_x100
FROM repositories r
JOIN current_snapshots s ON s.repository_id = r.repository_id
LEFT JOIN current_files cf ON cf.repository_id = r.repository_id AND cf.skip_reason IS NULL
LEFT JOIN file_metrics fm ON fm.repository_id = cf.repository_id AND fm.blob_id = cf.blob_id
GROUP BY r.repository_id, r.name, s.snapshot_id, s.commit_sha, s.finished_at
ORDER BY r.name
