-- Rows a table's planner statistics know (-1: never analysed, PostgreSQL 14 and later)
SELECT CAST(reltuples AS bigint) FROM pg_class WHERE oid = to_regclass($1)
