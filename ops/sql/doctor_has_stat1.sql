-- doctor (SQLite): 1 when ANALYZE ever ran on this database (sqlite_stat1 exists), else 0.
SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'
