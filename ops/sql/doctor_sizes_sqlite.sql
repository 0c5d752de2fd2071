-- doctor: the database's size in bytes (first row, name NULL), then the five largest tables and
-- indexes with their own size (the dbstat virtual table).
SELECT NULL, (SELECT page_count FROM pragma_page_count) * (SELECT page_size FROM pragma_page_size)
UNION ALL
SELECT * FROM (SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC, 1 LIMIT 5)
