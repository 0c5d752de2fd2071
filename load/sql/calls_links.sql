-- The open calls of snapshot $2 of repository $1 resolved for its exact files (call_links,
-- migration 0013), the snapshot being their calls_set: the best candidate, else unresolved.
INSERT INTO call_links (repository_id, calls_set, path, call_id, resolution, target_path,
                        target_blob_id, target_function_id, module, reason)
SELECT s.repository_id, s.snapshot_id, s.path, s.call_id, COALESCE(p.resolution, 'unresolved'),
       p.target_path, p.target_blob_id, p.target_function_id, p.module,
       CASE WHEN p.resolution IS NOT NULL THEN NULL
            WHEN s.name IS NULL THEN 'callee is an expression'
            WHEN s.receiver IS NOT NULL THEN 'receiver type not known'
            ELSE 'no definition in the repository' END
FROM sp_call_sites s
JOIN snapshots sn ON sn.repository_id = s.repository_id AND sn.snapshot_id = s.snapshot_id
JOIN call_resolutions r
  ON r.repository_id = s.repository_id AND r.path_set = sn.path_set AND r.path = s.path
 AND r.blob_id = s.blob_id AND r.call_id = s.call_id AND r.resolution = 'open'
LEFT JOIN sp_call_picks p ON p.path = s.path AND p.call_id = s.call_id
WHERE s.repository_id = $1 AND s.snapshot_id = $2
