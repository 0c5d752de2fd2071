-- The links of each path in the latest complete snapshot of repository $1 other than snapshot $2
-- that resolved its calls (migration 0022): the calls_set holding them and their hash. A path
-- whose links hash the same in snapshot $2 shares that links_set instead of writing them again.
SELECT lf.path, lf.links_set, lf.answers FROM call_link_files lf
WHERE lf.repository_id = $1
  AND lf.calls_set = (SELECT sn.calls_set FROM snapshots sn
                      WHERE sn.repository_id = $1 AND sn.snapshot_id <> $2
                        AND sn.status = 'complete' AND sn.calls_set IS NOT NULL
                      ORDER BY sn.snapshot_id DESC LIMIT 1)
