-- PostgreSQL plans the resolution of a snapshot's calls (load/calls.c) from its statistics: rows a
-- run has just written have none until autovacuum comes (a fresh database: none at all), and the
-- plan it then picks (nested loops over every call) takes minutes where this takes a second.
ANALYZE calls, functions, imports, dependencies, files, blobs
