-- The path-set part of the resolution of snapshot $2 of repository $1 (call_resolutions, migration
-- 0013), for the files whose (path, blob) has none for the snapshot's path set: a call resolved
-- within its own file (method, local) keeps that; a call bound by an import that resolves to a
-- file of the repository (sp_call_bound), or of a language whose plain calls may reach other files (call_rules
-- package, global), is 'open' (its answer depends on other files' contents: calls_links); an
-- external call keeps its module; the rest is unresolved with the reason.
INSERT INTO call_resolutions (repository_id, path_set, path, blob_id, call_id, resolution,
                              target_function_id, module, reason)
SELECT x.repository_id, x.path_set, x.path, x.blob_id, x.call_id, x.resolution,
       CASE WHEN x.resolution IN ('method', 'local') THEN x.target_function_id END,
       CASE WHEN x.resolution = 'external' THEN x.module END,
       CASE WHEN x.resolution <> 'unresolved' THEN NULL
            WHEN x.name IS NULL THEN 'callee is an expression'
            WHEN x.receiver IS NOT NULL THEN 'receiver type not known'
            ELSE 'no definition in the repository' END
FROM (SELECT s.repository_id, sn.path_set, s.path, s.blob_id, s.call_id, s.name, s.receiver,
             p.target_function_id, p.module,
             CASE WHEN p.rank <= 3 THEN p.resolution
                  WHEN bd.call_id IS NOT NULL THEN 'open'
                  WHEN p.rank = 5 THEN 'external'
                  WHEN s.name IS NULL THEN 'unresolved'
                  WHEN EXISTS (SELECT 1 FROM call_rules r WHERE r.language = s.language
                               AND r.rule IN ('package', 'global')) THEN 'open'
                  ELSE 'unresolved' END AS resolution
      FROM sp_call_sites s
      JOIN snapshots sn ON sn.repository_id = s.repository_id AND sn.snapshot_id = s.snapshot_id
      LEFT JOIN sp_call_picks p ON p.path = s.path AND p.call_id = s.call_id
      LEFT JOIN sp_call_bound bd ON bd.path = s.path AND bd.call_id = s.call_id
      WHERE s.repository_id = $1 AND s.snapshot_id = $2
        AND NOT EXISTS (SELECT 1 FROM call_resolutions k
                        WHERE k.repository_id = s.repository_id AND k.path_set = sn.path_set
                          AND k.path = s.path AND k.blob_id = s.blob_id)) x
