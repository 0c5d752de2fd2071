-- 0017_payload_statistics: no planner statistics for the attrs JSON of functions and classes.
-- ANALYZE sorts every sampled value of a column to find its common values and histogram; for
-- attrs (each function's docstring, decorators, async flag) that is most of ANALYZE functions:
-- 0.18 -> 0.10 s on the stdlib's 14,602 functions, paid by every run that grows the table by 10 %
-- (load/stats.c) and by autovacuum (perf/README.md, issue 11). Those statistics are of little
-- use: a docstring makes nearly every value distinct, and the documented predicates on attrs are
-- expressions (attrs ->> 'docstring'), which column statistics do not cover, or containment
-- (attrs @> '{"async": true}'), which is then estimated at PostgreSQL's default selectivity for
-- it (1 %) and served by the GIN index as before. SET STATISTICS -1 gives them back.
ALTER TABLE functions ALTER COLUMN attrs SET STATISTICS 0;
ALTER TABLE classes ALTER COLUMN attrs SET STATISTICS 0;
