-- doctor: each repository's name and the age in seconds of its latest complete snapshot (NULL
-- when it has none), oldest first, by the database's clock.
SELECT r.name,
       (SELECT CAST(round((julianday('now') - julianday(max(s.finished_at))) * 86400) AS INTEGER)
        FROM snapshots s WHERE s.repository_id = r.repository_id AND s.status = 'complete') AS age
FROM repositories r
ORDER BY age IS NOT NULL, age DESC, r.name
