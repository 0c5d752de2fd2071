-- doctor: per table of the schema, its live rows, the rows changed since its planner statistics
-- were last gathered (ANALYZE or autovacuum), and whether they ever were (1/0).
SELECT t.relname, t.n_live_tup, t.n_mod_since_analyze,
       (t.last_analyze IS NOT NULL OR t.last_autoanalyze IS NOT NULL)::int
FROM pg_stat_user_tables t
WHERE t.schemaname = current_schema() AND t.relname <> 'schema_migrations'
ORDER BY t.n_mod_since_analyze DESC, t.relname
