-- The snapshot whose summaries and calls_set snapshot $2 of repository $1 can share (0: none): the
-- latest other complete snapshot with the same path set, if it has exactly the same files (paths
-- and blobs).
SELECT p.snapshot_id FROM snapshots n
JOIN snapshots p ON p.repository_id = n.repository_id AND p.path_set = n.path_set
WHERE n.repository_id = $1 AND n.snapshot_id = $2
  AND p.snapshot_id = (SELECT max(q.snapshot_id) FROM snapshots q
                       WHERE q.repository_id = n.repository_id AND q.path_set = n.path_set
                         AND q.status = 'complete' AND q.snapshot_id <> n.snapshot_id)
  AND (SELECT count(*) FROM files a WHERE a.repository_id = p.repository_id
                                      AND a.snapshot_id = p.snapshot_id)
    = (SELECT count(*) FROM files a WHERE a.repository_id = n.repository_id
                                      AND a.snapshot_id = n.snapshot_id)
  AND (SELECT count(*) FROM files a
       JOIN files b ON b.repository_id = a.repository_id AND b.snapshot_id = p.snapshot_id
                   AND b.path = a.path AND b.blob_id = a.blob_id
       WHERE a.repository_id = n.repository_id AND a.snapshot_id = n.snapshot_id)
    = (SELECT count(*) FROM files a WHERE a.repository_id = n.repository_id
                                      AND a.snapshot_id = n.snapshot_id)
