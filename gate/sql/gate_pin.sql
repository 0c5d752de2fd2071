-- gate: pins snapshot $2 of repository $1 as a base `check` compared with, so gc keeps it.
INSERT INTO snapshot_pins (repository_id, snapshot_id, pinned_by) VALUES ($1, $2, 'check')
ON CONFLICT DO NOTHING
