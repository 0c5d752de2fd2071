-- The snapshot's ($1 repository, $2 snapshot) 100 classes of highest summed method complexity
-- (its files by key first: CROSS JOIN keeps that order in SQLite). The 100 are picked by
-- ORDER BY ... LIMIT, a top-N sort, before they are numbered (as summary_top_functions.sql).
INSERT INTO snapshot_top_classes (repository_id, snapshot_id, rank, path, blob_id, class_id, lines,
                                  method_count, complexity_sum, complexity_max, method_nloc)
SELECT repository_id, snapshot_id,
       row_number() OVER (ORDER BY complexity_sum DESC, lines DESC, path, class_id) AS rank,
       path, blob_id, class_id, lines, method_count, complexity_sum, complexity_max, method_nloc
FROM (SELECT f.repository_id, f.snapshot_id, f.path, c.blob_id, c.class_id,
             c.end_line - c.start_line + 1 AS lines, count(fn.function_id) AS method_count,
             coalesce(sum(m.cyclomatic), 0) AS complexity_sum,
             coalesce(max(m.cyclomatic), 0) AS complexity_max,
             coalesce(sum(m.nloc), 0) AS method_nloc
      FROM files f
      CROSS JOIN classes c
      LEFT JOIN functions fn ON fn.repository_id = c.repository_id AND fn.blob_id = c.blob_id
                            AND fn.class_name = c.qualified_name
      LEFT JOIN function_metrics m ON m.repository_id = fn.repository_id AND m.blob_id = fn.blob_id
                                  AND m.function_id = fn.function_id
      WHERE f.repository_id = $1 AND f.snapshot_id = $2
        AND c.repository_id = f.repository_id AND c.blob_id = f.blob_id
      GROUP BY f.repository_id, f.snapshot_id, f.path, c.blob_id, c.class_id, c.start_line,
               c.end_line
      ORDER BY coalesce(sum(m.cyclomatic), 0) DESC, c.end_line - c.start_line DESC, f.path,
               c.class_id
      LIMIT 100) r
WHERE true -- SQLite reads ON after a bare FROM as a join's: the upsert needs a WHERE
ON CONFLICT DO NOTHING
