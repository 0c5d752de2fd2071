-- doctor (SQLite): the database's file (for the free space of its file system) and its size.
SELECT (SELECT file FROM pragma_database_list WHERE name = 'main'),
       (SELECT page_count FROM pragma_page_count) * (SELECT page_size FROM pragma_page_size)
