-- report "Largest classes": the 25 classes (and structs, traits, modules …) of repository $1's
-- current snapshot with the most summed cyclomatic complexity of the functions inside their span
-- (a nested class's methods count for the outer one too), with method count, lines and maximum.
SELECT c.qualified_name, c.path, c.start_line, c.kind,
       count(fn.function_id) AS methods,
       c.end_line - c.start_line + 1 AS lines,
       coalesce(sum(m.cyclomatic), 0) AS cyclomatic_sum,
       coalesce(max(m.cyclomatic), 0) AS cyclomatic_max
FROM current_classes c
LEFT JOIN functions fn ON fn.repository_id = c.repository_id AND fn.blob_id = c.blob_id
                      AND fn.start_line >= c.start_line AND fn.end_line <= c.end_line
LEFT JOIN function_metrics m ON m.repository_id = fn.repository_id AND m.blob_id = fn.blob_id
                            AND m.function_id = fn.function_id
WHERE c.repository_id = $1
GROUP BY c.qualified_name, c.path, c.start_line, c.kind, c.end_line, c.blob_id, c.class_id
ORDER BY cyclomatic_sum DESC, lines DESC, c.path, c.start_line
LIMIT 25
