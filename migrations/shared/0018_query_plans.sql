
-- ---- migrations/shared/0018_query_plans.sql: the same text for both dialects, appended by
-- tools/embed.py to each dialect's 0018_query_plans.sql.
-- current_top_functions: same name and columns; functions and function_metrics are looked up by
-- the summary's full key, and language by a look-up per row (PostgreSQL had reached the metrics
-- through blobs, by blob alone: every function of each blob, 50,000 rows for 990 wanted).
DROP VIEW current_top_functions;
CREATE VIEW current_top_functions AS
SELECT t.repository_id, t.snapshot_id, t.rank, t.path, fn.blob_id, fn.function_id, fn.name,
       fn.qualified_name, fn.kind, fn.class_name, fn.def_line, fn.start_line, fn.end_line,
       fn.param_count, m.cyclomatic, m.nloc, m.max_nesting, m.cognitive,
       (SELECT b.language FROM blobs b
        WHERE b.repository_id = t.repository_id AND b.blob_id = t.blob_id) AS language
FROM current_snapshot_ids c
CROSS JOIN snapshot_top_functions t
CROSS JOIN functions fn
CROSS JOIN function_metrics m
WHERE t.repository_id = c.repository_id AND t.snapshot_id = c.snapshot_id
  AND fn.repository_id = t.repository_id AND fn.blob_id = t.blob_id
  AND fn.function_id = t.function_id
  AND m.repository_id = t.repository_id AND m.blob_id = t.blob_id
  AND m.function_id = t.function_id;
