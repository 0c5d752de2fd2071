-- One file the run could not index; a path recorded twice for a snapshot keeps the first.
INSERT INTO file_errors (repository_id, snapshot_id, path, stage, error) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT DO NOTHING
