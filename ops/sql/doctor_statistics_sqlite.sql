-- doctor: per large table, its rows now, how far that is from the row count sqlite_stat1 recorded
-- at the last ANALYZE (PRAGMA optimize runs it), and whether it recorded one (1/0). Run only when
-- sqlite_stat1 exists (doctor_has_stat1).
WITH now_rows(tbl, n) AS (
  SELECT 'blobs', count(*) FROM blobs UNION ALL
  SELECT 'files', count(*) FROM files UNION ALL
  SELECT 'paths', count(*) FROM paths UNION ALL
  SELECT 'functions', count(*) FROM functions UNION ALL
  SELECT 'function_metrics', count(*) FROM function_metrics UNION ALL
  SELECT 'classes', count(*) FROM classes UNION ALL
  SELECT 'imports', count(*) FROM imports UNION ALL
  SELECT 'dependencies', count(*) FROM dependencies
), stat_rows(tbl, n) AS (
  SELECT tbl, max(CAST(stat AS INTEGER)) FROM sqlite_stat1 GROUP BY tbl
)
SELECT r.tbl, r.n, abs(r.n - coalesce(s.n, 0)), s.n IS NOT NULL
FROM now_rows r LEFT JOIN stat_rows s ON s.tbl = r.tbl
ORDER BY 3 DESC, r.tbl
