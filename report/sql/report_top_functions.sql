-- report "Most complex functions": the 25 functions of repository $1's current snapshot with the
-- highest cyclomatic complexity (ties: more code lines first), with their file and line.
SELECT qualified_name, path, start_line, language, cyclomatic, nloc, max_nesting, param_count
FROM current_functions
WHERE repository_id = $1
ORDER BY cyclomatic DESC, nloc DESC, path, start_line
LIMIT 25
