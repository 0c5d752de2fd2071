-- doctor: each repository's name and the age in seconds of its latest complete snapshot (NULL
-- when it has none), oldest first, by the database's clock.
SELECT r.name,
       (SELECT extract(epoch FROM now() - max(s.finished_at))::bigint FROM snapshots s
        WHERE s.repository_id = r.repository_id AND s.status = 'complete') AS age
FROM repositories r
ORDER BY age DESC NULLS FIRST, r.name
