-- After ANALYZE of table $1 under analysis_limit: the first number of each of its sqlite_stat1
-- rows (the entries ANALYZE counted, extrapolated from at most 1,000 per index: 12,800 for 12,150
-- functions, 1.72 M for 354,000 dependencies of the Linux tree) becomes $2, the table's exact row
-- count, for the table itself and every index that is not partial (a partial index holds fewer
-- entries: its estimate stays). The planner and doctor's statistics check read these counts;
-- ANALYZE sqlite_schema makes the planner load them again.
UPDATE sqlite_stat1
SET stat = CAST($2 AS text) || substr(stat, instr(stat || ' ', ' '))
WHERE tbl = $1
  AND (idx IS NULL OR idx NOT IN (SELECT name FROM pragma_index_list($1) WHERE "partial"))
