-- doctor: the database's size in bytes (first row, name NULL), then the five largest tables and
-- indexes of the schema with their own size (an index is not counted in its table's).
SELECT NULL, pg_database_size(current_database())
UNION ALL
(SELECT c.relname, pg_relation_size(c.oid) FROM pg_class c
 JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i')
 ORDER BY 2 DESC, 1 LIMIT 5)
