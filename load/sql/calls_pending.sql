-- The files of snapshot $2 of repository $1 with calls whose answer depends on the path set (an
-- import binds them, or they are from before migration 0019) but no call_resolutions rows for the
-- snapshot's path set (their (path, blob) was never resolved with these paths): load/calls.c
-- resolves and stores theirs.
SELECT f.path FROM snapshots sn
JOIN files f ON f.repository_id = sn.repository_id AND f.snapshot_id = sn.snapshot_id
WHERE sn.repository_id = $1 AND sn.snapshot_id = $2
  AND EXISTS (SELECT 1 FROM calls c WHERE c.repository_id = f.repository_id
                                      AND c.blob_id = f.blob_id
                                      AND (c.binding IS NULL OR c.binding = 'import'))
  AND NOT EXISTS (SELECT 1 FROM call_resolutions r
                  WHERE r.repository_id = f.repository_id AND r.path_set = sn.path_set
                    AND r.path = f.path AND r.blob_id = f.blob_id)
