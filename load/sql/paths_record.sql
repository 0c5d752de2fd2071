-- The paths table learns the snapshot's new paths ($1 repository, $2 snapshot).
INSERT INTO paths (repository_id, path) SELECT DISTINCT repository_id, path FROM files
WHERE repository_id = $1 AND snapshot_id = $2 ON CONFLICT DO NOTHING
