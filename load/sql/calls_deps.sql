-- What each import of snapshot $2 of repository $1 resolved to (snapshot_dependencies' rows), for
-- call resolution.
SELECT d.path, d.import_id, d.kind, d.target_path, d.target_module, d.package
FROM snapshots sn
JOIN files f ON f.repository_id = sn.repository_id AND f.snapshot_id = sn.snapshot_id
JOIN dependencies d ON d.repository_id = f.repository_id AND d.path_set = sn.path_set
                   AND d.path = f.path AND d.blob_id = f.blob_id
WHERE sn.repository_id = $1 AND sn.snapshot_id = $2
