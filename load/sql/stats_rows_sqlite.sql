-- Rows a table's planner statistics know (the first number of its sqlite_stat1 rows), -1 for none
SELECT coalesce((SELECT CAST(stat AS integer) FROM sqlite_stat1 WHERE tbl = $1 LIMIT 1), -1)
