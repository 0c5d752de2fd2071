-- report "Languages": per language of repository $1's current snapshot, the source files, their
-- lines and code lines (blobs), functions and classes (file_metrics), the mean cyclomatic
-- complexity per function in hundredths, the largest one, and the files with a syntax error.
-- Files recorded but not parsed (skip_reason) are counted in "Skipped and failed files" instead.
SELECT cf.language,
       count(*) AS files,
       sum(cf.total_lines) AS lines,
       sum(cf.code_lines) AS code_lines,
       sum(coalesce(fm.function_count, 0)) AS functions,
       sum(coalesce(fm.class_count, 0)) AS classes,
       CASE WHEN sum(coalesce(fm.function_count, 0)) = 0 THEN 0
            ELSE sum(coalesce(fm.complexity_sum, 0)) * 100 / sum(coalesce(fm.function_count, 0))
       END AS mean_cyclomatic_x100,
       max(coalesce(fm.complexity_max, 0)) AS max_cyclomatic,
       sum(CASE WHEN cf.parse_error THEN 1 ELSE 0 END) AS syntax_errors
FROM current_files cf
LEFT JOIN file_metrics fm ON fm.repository_id = cf.repository_id AND fm.blob_id = cf.blob_id
WHERE cf.repository_id = $1 AND cf.skip_reason IS NULL
GROUP BY cf.language
ORDER BY code_lines DESC, cf.language
