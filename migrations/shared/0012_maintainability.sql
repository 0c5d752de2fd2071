-- current_functions is made again with the new columns at its end; current_file_metrics shows
-- the file figures of the current snapshots.
DROP VIEW current_functions;
CREATE VIEW current_functions AS
SELECT cf.repository_id, cf.snapshot_id, cf.path, fn.blob_id, fn.function_id, fn.name,
       fn.qualified_name, fn.kind, fn.class_name, fn.def_line, fn.start_line, fn.start_col,
       fn.end_line, fn.end_col, fn.param_count, fn.parameters, fn.attrs,
       m.cyclomatic, m.nloc, m.max_nesting, fn.name_line, cf.language,
       m.cognitive, m.halstead_h1, m.halstead_h2, m.halstead_n1, m.halstead_n2,
       m.halstead_volume, m.halstead_difficulty, m.halstead_effort, m.lloc, m.mi
FROM current_files cf
JOIN functions fn ON fn.repository_id = cf.repository_id AND fn.blob_id = cf.blob_id
JOIN function_metrics m ON m.repository_id = fn.repository_id AND m.blob_id = fn.blob_id
                       AND m.function_id = fn.function_id;

CREATE VIEW current_file_metrics AS
SELECT cf.repository_id, cf.snapshot_id, cf.path, cf.language, cf.blob_id, fm.function_count,
       fm.class_count, fm.import_count, fm.complexity_sum, fm.complexity_max, fm.nesting_max,
       fm.lloc, fm.mi
FROM current_files cf
JOIN file_metrics fm ON fm.repository_id = cf.repository_id AND fm.blob_id = cf.blob_id;
