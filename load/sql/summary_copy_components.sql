-- Snapshot $3's rows of components for snapshot $2 of repository $1, whose files are
-- exactly its (load/sql/snapshot_same_files.sql): the same rows, copied, not computed again
INSERT INTO components (repository_id, snapshot_id, component_id, size, example_cycle,
       cycle_length)
SELECT repository_id, $2, component_id, size, example_cycle, cycle_length
FROM components WHERE repository_id = $1 AND snapshot_id = $3
ON CONFLICT DO NOTHING
