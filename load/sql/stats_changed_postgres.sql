-- Rows inserted, updated or deleted in a table since its last ANALYZE, by every session whose
-- counts reached the statistics (0 when none did): what a run of one row at a time adds up to
SELECT coalesce((SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relid = to_regclass($1)), 0)
