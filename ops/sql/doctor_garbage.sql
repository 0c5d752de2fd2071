-- doctor: what `snakepipe gc` frees even when it deletes no snapshot (load/gc.c's rules): blobs
-- no snapshot's files use, of all blobs; dependency rows whose (path set, path, blob) no snapshot
-- has.
SELECT (SELECT count(*) FROM blobs b WHERE NOT EXISTS (SELECT 1 FROM files f
          WHERE f.repository_id = b.repository_id AND f.blob_id = b.blob_id)),
       (SELECT count(*) FROM blobs),
       (SELECT count(*) FROM dependencies d WHERE NOT EXISTS (SELECT 1 FROM snapshots sn
          JOIN files f ON f.repository_id = sn.repository_id AND f.snapshot_id = sn.snapshot_id
          WHERE sn.repository_id = d.repository_id AND sn.path_set = d.path_set
            AND f.path = d.path AND f.blob_id = d.blob_id))
