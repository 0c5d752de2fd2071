-- 0014_query_speed (SQLite; same meaning as migrations/postgres): the current snapshot of each
-- repository stored (current_snapshot_ids, kept by triggers on snapshots) instead of a correlated
-- max(snapshot_id) the planners cannot estimate; the tables and views that follow are in
-- migrations/shared/0014_query_speed.sql.
CREATE TABLE current_snapshot_ids (
    repository_id bigint NOT NULL PRIMARY KEY,
    snapshot_id   bigint NOT NULL
);

-- Any change of a snapshot's status or line (a run completing, gc deleting) recomputes its
-- repository's row: the latest complete snapshot of the default branch, none when it has none.
CREATE TRIGGER snapshots_current_insert AFTER INSERT ON snapshots BEGIN
    DELETE FROM current_snapshot_ids WHERE repository_id = NEW.repository_id;
    INSERT INTO current_snapshot_ids (repository_id, snapshot_id)
    SELECT repository_id, max(snapshot_id) FROM snapshots
    WHERE repository_id = NEW.repository_id AND status = 'complete' AND on_default
    GROUP BY repository_id;
END;
CREATE TRIGGER snapshots_current_update AFTER UPDATE OF status, on_default ON snapshots BEGIN
    DELETE FROM current_snapshot_ids WHERE repository_id = NEW.repository_id;
    INSERT INTO current_snapshot_ids (repository_id, snapshot_id)
    SELECT repository_id, max(snapshot_id) FROM snapshots
    WHERE repository_id = NEW.repository_id AND status = 'complete' AND on_default
    GROUP BY repository_id;
END;
CREATE TRIGGER snapshots_current_delete AFTER DELETE ON snapshots BEGIN
    DELETE FROM current_snapshot_ids WHERE repository_id = OLD.repository_id;
    INSERT INTO current_snapshot_ids (repository_id, snapshot_id)
    SELECT repository_id, max(snapshot_id) FROM snapshots
    WHERE repository_id = OLD.repository_id AND status = 'complete' AND on_default
    GROUP BY repository_id;
END;

INSERT INTO current_snapshot_ids (repository_id, snapshot_id)
SELECT repository_id, max(snapshot_id) FROM snapshots
WHERE status = 'complete' AND on_default GROUP BY repository_id;

-- Same name and columns; the stored id drives the join (CROSS JOIN: SQLite keeps that order).
DROP VIEW current_snapshots;
CREATE VIEW current_snapshots AS
SELECT s.* FROM current_snapshot_ids c
CROSS JOIN snapshots s
WHERE s.repository_id = c.repository_id AND s.snapshot_id = c.snapshot_id;
