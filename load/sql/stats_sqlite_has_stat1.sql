-- 1 once ANALYZE has made sqlite_stat1
SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'
