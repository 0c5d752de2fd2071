-- gate: before snapshot $2 of repository $1 is pinned as a base, the older 'check' pins of its
-- ref go: a base branch that moved on no longer needs its old snapshots, which gc may then drop.
DELETE FROM snapshot_pins
WHERE repository_id = $1 AND pinned_by = 'check' AND snapshot_id < $2
  AND snapshot_id IN (SELECT s.snapshot_id FROM snapshots s JOIN snapshots b
                        ON b.repository_id = s.repository_id AND b.snapshot_id = $2
                      WHERE s.repository_id = $1 AND s.ref = b.ref)
