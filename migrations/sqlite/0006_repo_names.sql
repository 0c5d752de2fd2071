-- 0006_repo_names (SQLite; same meaning as migrations/postgres): a repository is identified by its
-- name, no longer by its path; the path each run indexed moves to snapshots.location and
-- repositories.location keeps the latest run's, no longer unique. Existing repositories keep their
-- rows and ids, their name becomes their path, their snapshots get that path as location.
-- SQLite cannot drop a UNIQUE constraint, so repositories is rebuilt (the documented 12-step
-- procedure: migrations run with foreign keys off, load/sink_sqlite.c sq_migration_lock; the
-- tables that reference repositories keep their ids and reference the new table by name).
ALTER TABLE snapshots ADD COLUMN location text;
UPDATE snapshots SET location = (SELECT r.location FROM repositories r
                                 WHERE r.repository_id = snapshots.repository_id);

CREATE TABLE repositories_0006 (
    repository_id INTEGER PRIMARY KEY,
    location      text NOT NULL,
    name          text NOT NULL UNIQUE,
    created_at    text NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
INSERT INTO repositories_0006 (repository_id, location, name, created_at)
SELECT repository_id, location, location, created_at FROM repositories;
DROP TABLE repositories;
ALTER TABLE repositories_0006 RENAME TO repositories;
