-- doctor (SQLite, never analyzed): the rows of each large table, largest first.
SELECT 'functions', count(*) FROM functions UNION ALL
SELECT 'files', count(*) FROM files UNION ALL
SELECT 'blobs', count(*) FROM blobs UNION ALL
SELECT 'dependencies', count(*) FROM dependencies
ORDER BY 2 DESC
