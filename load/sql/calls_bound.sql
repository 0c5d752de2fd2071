-- The calls of snapshot $2 of repository $1 bound by an import whose dependency is internal
-- (sp_call_bindings, filled by calls_bindings), into sp_call_bound.
INSERT INTO sp_call_bound (path, call_id)
SELECT DISTINCT cb.path, cb.call_id
FROM sp_call_bindings cb
JOIN snapshots sn ON sn.repository_id = cb.repository_id AND sn.snapshot_id = cb.snapshot_id
JOIN files f ON f.repository_id = cb.repository_id AND f.snapshot_id = cb.snapshot_id
            AND f.path = cb.path
JOIN dependencies d ON d.repository_id = cb.repository_id AND d.path_set = sn.path_set
                   AND d.path = cb.path AND d.blob_id = f.blob_id AND d.import_id = cb.import_id
WHERE cb.repository_id = $1 AND cb.snapshot_id = $2 AND d.kind = 'internal'
