-- One file of a group of files that import each other
INSERT INTO component_files (repository_id, snapshot_id, path, component_id) VALUES ($1, $2, $3, $4)
ON CONFLICT DO NOTHING
