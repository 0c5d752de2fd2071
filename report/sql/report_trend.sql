-- report "Trends": per complete snapshot of repository $1's default branch, in the order of its
-- commit's date (committed_at; when no commit is recorded, the run's finished_at): the commit,
-- its subject, files, code lines, functions and summed cyclomatic complexity.
SELECT sp.snapshot_id, sp.commit_sha, coalesce(sp.committed_at, sp.finished_at) AS dated,
       sp.subject,
       count(*) AS files,
       sum(b.code_lines) AS code_lines,
       sum(coalesce(fm.function_count, 0)) AS functions,
       sum(coalesce(fm.complexity_sum, 0)) AS cyclomatic_sum
FROM snapshot_pairs sp
JOIN files f ON f.repository_id = sp.repository_id AND f.snapshot_id = sp.snapshot_id
JOIN blobs b ON b.repository_id = f.repository_id AND b.blob_id = f.blob_id
LEFT JOIN file_metrics fm ON fm.repository_id = f.repository_id AND fm.blob_id = f.blob_id
WHERE sp.repository_id = $1 AND b.skip_reason IS NULL
GROUP BY sp.snapshot_id, sp.commit_sha, sp.committed_at, sp.finished_at, sp.subject
ORDER BY dated, sp.snapshot_id
