-- 0014_query_speed (PostgreSQL; same meaning as migrations/sqlite): the current snapshot of each
-- repository stored (current_snapshot_ids, kept by a trigger on snapshots) instead of a
-- correlated max(snapshot_id) the planners cannot estimate; the tables and views that follow are
-- in migrations/shared/0014_query_speed.sql.
CREATE TABLE current_snapshot_ids (
    repository_id bigint NOT NULL PRIMARY KEY,
    snapshot_id   bigint NOT NULL
);

-- Any change of a snapshot's status or line (a run completing, gc deleting) recomputes its
-- repository's row: the latest complete snapshot of the default branch, none when it has none.
-- The function keeps the search_path it was made with (pg_dump's scripts set it empty).
CREATE FUNCTION sp_current_snapshot_refresh() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
DECLARE
    repo bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN
        repo := OLD.repository_id;
    ELSE
        repo := NEW.repository_id;
    END IF;
    INSERT INTO current_snapshot_ids (repository_id, snapshot_id)
    SELECT repository_id, max(snapshot_id) FROM snapshots
    WHERE repository_id = repo AND status = 'complete' AND on_default
    GROUP BY repository_id
    ON CONFLICT (repository_id) DO UPDATE SET snapshot_id = EXCLUDED.snapshot_id;
    DELETE FROM current_snapshot_ids c WHERE c.repository_id = repo
      AND NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.repository_id = repo
                      AND s.snapshot_id = c.snapshot_id AND s.status = 'complete'
                      AND s.on_default);
    RETURN NULL;
END
$$;
CREATE TRIGGER snapshots_current AFTER INSERT OR DELETE OR UPDATE OF status, on_default
    ON snapshots FOR EACH ROW EXECUTE FUNCTION sp_current_snapshot_refresh();

INSERT INTO current_snapshot_ids (repository_id, snapshot_id)
SELECT repository_id, max(snapshot_id) FROM snapshots
WHERE status = 'complete' AND on_default GROUP BY repository_id;

-- Same name and columns (location, added by 0006, comes last); the stored id drives the join.
CREATE OR REPLACE VIEW current_snapshots AS
SELECT s.* FROM current_snapshot_ids c
CROSS JOIN snapshots s
WHERE s.repository_id = c.repository_id AND s.snapshot_id = c.snapshot_id;
