-- report "Largest classes": the 25 classes (and structs, traits, modules …) of repository $1's
-- current snapshot with the most summed cyclomatic complexity of their methods
-- (current_class_summaries: functions whose class_name is the class's qualified name, in the
-- same file), with their method count and lines.
SELECT qualified_name, path, def_line, kind, method_count, lines, complexity_sum, complexity_max
FROM current_class_summaries
WHERE repository_id = $1
ORDER BY complexity_sum DESC, lines DESC, path, def_line
LIMIT 25
