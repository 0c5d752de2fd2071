-- gate: the functions of blob $2 of repository $1 with their metrics, in order of appearance.
-- Columns 3.. are the function metrics in sp_gate_metric order (gate/sp_gate.h); NULL (a blob of an
-- older extractor) reads as 0.
SELECT fn.qualified_name, fn.start_line, fn.end_line, m.cyclomatic, m.nloc, m.max_nesting, m.param_count,
       m.cognitive, CAST(round(m.halstead_volume) AS bigint), CAST(round(m.halstead_effort) AS bigint),
       m.lloc, CAST(round(m.mi) AS bigint)
FROM functions fn
JOIN function_metrics m
  ON m.repository_id = fn.repository_id AND m.blob_id = fn.blob_id AND m.function_id = fn.function_id
WHERE fn.repository_id = $1 AND fn.blob_id = $2
ORDER BY fn.function_id
