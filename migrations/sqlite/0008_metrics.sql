-- 0008_metrics: the metrics peers have, per function: cognitive complexity (SonarSource's rule),
-- Halstead's counts and measures (radon's model).
-- Rows of blobs extracted before (extractor version < 3) hold NULL; a run re-extracts them.
-- current_functions is made again with the new columns at its end.
ALTER TABLE function_metrics ADD COLUMN cognitive integer;
ALTER TABLE function_metrics ADD COLUMN halstead_h1 integer;
ALTER TABLE function_metrics ADD COLUMN halstead_h2 integer;
ALTER TABLE function_metrics ADD COLUMN halstead_n1 integer;
ALTER TABLE function_metrics ADD COLUMN halstead_n2 integer;
ALTER TABLE function_metrics ADD COLUMN halstead_volume real;
ALTER TABLE function_metrics ADD COLUMN halstead_difficulty real;
ALTER TABLE function_metrics ADD COLUMN halstead_effort real;

DROP VIEW current_functions;
CREATE VIEW current_functions AS
SELECT cf.repository_id, cf.snapshot_id, cf.path, fn.blob_id, fn.function_id, fn.name,
       fn.qualified_name, fn.kind, fn.class_name, fn.def_line, fn.start_line, fn.start_col,
       fn.end_line, fn.end_col, fn.param_count, fn.parameters, fn.attrs,
       m.cyclomatic, m.nloc, m.max_nesting, fn.name_line, cf.language,
       m.cognitive, m.halstead_h1, m.halstead_h2, m.halstead_n1, m.halstead_n2,
       m.halstead_volume, m.halstead_difficulty, m.halstead_effort
FROM current_files cf
JOIN functions fn ON fn.repository_id = cf.repository_id AND fn.blob_id = cf.blob_id
JOIN function_metrics m ON m.repository_id = fn.repository_id AND m.blob_id = fn.blob_id
                       AND m.function_id = fn.function_id;
