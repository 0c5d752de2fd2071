-- report "Skipped and failed files": files of repository $1's current snapshot recorded but not
-- parsed (skip_reason: too large, minified, generated), files that failed (file_errors: stage
-- extract or load) and files parsed with a syntax error, by path.
SELECT path, 'skipped' AS status, skip_reason AS reason
FROM current_files
WHERE repository_id = $1 AND skip_reason IS NOT NULL
UNION ALL
SELECT path, 'failed (' || stage || ')', error
FROM current_file_errors
WHERE repository_id = $1
UNION ALL
SELECT path, 'syntax error', 'line ' || parse_error_line
FROM current_files
WHERE repository_id = $1 AND parse_error AND skip_reason IS NULL
ORDER BY 1, 2
