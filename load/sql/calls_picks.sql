-- The best candidate of each call of snapshot $2 of repository $1 (call_candidates of migration
-- 0007: the lowest rank, then the first by path and function), into sp_call_picks.
INSERT INTO sp_call_picks (path, call_id, rank, resolution, target_path, target_blob_id,
                           target_function_id, module)
SELECT p.path, p.call_id, p.rank, p.resolution, p.target_path, p.target_blob_id,
       p.target_function_id, p.module
FROM (SELECT cc.path, cc.call_id, cc.rank, cc.resolution, cc.target_path, cc.target_blob_id,
             cc.target_function_id, cc.module,
             row_number() OVER (PARTITION BY cc.path, cc.call_id
                                ORDER BY cc.rank, cc.target_path, cc.target_function_id) AS pick
      FROM call_candidates cc
      WHERE cc.repository_id = $1 AND cc.snapshot_id = $2) p
WHERE p.pick = 1
