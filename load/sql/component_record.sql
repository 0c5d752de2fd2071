-- One group of files that import each other, with a shortest cycle through its first file
INSERT INTO components (repository_id, snapshot_id, component_id, size, example_cycle, cycle_length)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT DO NOTHING
