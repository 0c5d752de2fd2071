-- The best candidate of each call of snapshot $2 of repository $1 (the lowest rank, then the first
-- by path and function), into sp_call_picks. The candidates are the view call_candidates of
-- migration 0007 word for word, over sp_call_sites and sp_call_bindings (the snapshot's call
-- sites and bindings read once) instead of snapshot_call_sites and call_bindings, which each of
-- its seven parts joined again; tests/load/test_calls_stored.py checks both give the same picks.
INSERT INTO sp_call_picks (path, call_id, rank, resolution, target_path, target_blob_id,
                           target_function_id, module)
SELECT p.path, p.call_id, p.rank, p.resolution, p.target_path, p.target_blob_id,
       p.target_function_id, p.module
FROM (SELECT cc.path, cc.call_id, cc.rank, cc.resolution, cc.target_path, cc.target_blob_id,
             cc.target_function_id, cc.module,
             row_number() OVER (PARTITION BY cc.path, cc.call_id
                                ORDER BY cc.rank, cc.target_path, cc.target_function_id) AS pick
      FROM (
      SELECT s.repository_id, s.snapshot_id, s.path, s.call_id, 1 AS rank, 'method' AS resolution,
             s.path AS target_path, t.blob_id AS target_blob_id, t.function_id AS target_function_id,
             NULL AS module
      FROM sp_call_sites s
      CROSS JOIN call_rules r
      CROSS JOIN functions t
      WHERE r.language = s.language AND r.rule = 'self' AND r.value = COALESCE(s.receiver, '')
        AND s.kind <> 'new'
        AND t.repository_id = s.repository_id AND t.blob_id = s.blob_id
        AND t.class_name = s.caller_class AND t.name = s.name
      UNION ALL
      -- 2, 3 local: nested in the caller, top level, or qualified by a class or namespace of the file
      SELECT s.repository_id, s.snapshot_id, s.path, s.call_id,
             CASE WHEN t.qualified_name = t.name OR s.receiver IS NOT NULL THEN 3 ELSE 2 END,
             'local', s.path, t.blob_id, t.function_id, NULL
      FROM sp_call_sites s
      CROSS JOIN functions t
      WHERE t.repository_id = s.repository_id AND t.blob_id = s.blob_id AND t.name = s.name
        AND ((s.receiver IS NULL
              AND ((t.class_name IS NULL AND t.qualified_name = t.name)
                   OR t.qualified_name = s.caller || '.' || s.name
                   OR t.qualified_name = s.caller || '::' || s.name))
          OR (s.receiver IS NOT NULL AND (t.class_name = s.receiver
                                          OR t.qualified_name = s.receiver || '.' || s.name
                                          OR t.qualified_name = s.receiver || '::' || s.name)))
      UNION ALL
      -- 3 local constructor: `Foo()`, `new Foo()`, Ruby `Foo.new` of a class of the same file
      SELECT s.repository_id, s.snapshot_id, s.path, s.call_id, 3, 'local', s.path, t.blob_id,
             t.function_id, NULL
      FROM sp_call_sites s
      CROSS JOIN functions t
      WHERE (s.receiver IS NULL OR (s.kind = 'new' AND s.name = 'new'))
        AND t.repository_id = s.repository_id AND t.blob_id = s.blob_id
        AND t.class_name = CASE WHEN s.kind = 'new' AND s.name = 'new' THEN s.receiver ELSE s.name END
        AND (t.kind = 'constructor'
             OR EXISTS (SELECT 1 FROM call_rules r WHERE r.language = s.language
                        AND r.rule = 'constructor' AND r.value = t.name))
      UNION ALL
      -- 4 import, 5 external
      SELECT s.repository_id, s.snapshot_id, s.path, s.call_id,
             CASE WHEN d.kind = 'internal' THEN 4 ELSE 5 END,
             CASE WHEN d.kind = 'internal' THEN 'import' ELSE 'external' END,
             f2.path, t.blob_id, t.function_id,
             CASE WHEN d.kind = 'internal' THEN NULL ELSE COALESCE(d.package, d.target_module) END
      FROM sp_call_sites s
      CROSS JOIN sp_call_bindings cb
      CROSS JOIN snapshot_dependencies d
      LEFT JOIN files f2
             ON d.kind = 'internal' AND f2.repository_id = s.repository_id
            AND f2.snapshot_id = s.snapshot_id
            AND (f2.path = d.target_path
                 OR (f2.path > d.target_path || '/' AND f2.path < d.target_path || '0'
                     AND rtrim(f2.path, replace(f2.path, '/', '')) = d.target_path || '/'))
      LEFT JOIN functions t
             ON t.repository_id = f2.repository_id AND t.blob_id = f2.blob_id
            AND ((cb.role = 'callee' AND t.class_name IS NULL
                  AND t.name = COALESCE(cb.entity, s.name))
              OR (cb.role = 'receiver' AND t.name = s.name
                  AND (t.class_name IS NULL OR t.class_name = s.receiver
                       OR t.class_name = cb.entity))
              OR (cb.role = 'callee' AND t.class_name = COALESCE(cb.entity, s.name)
                  AND (t.kind = 'constructor'
                       OR EXISTS (SELECT 1 FROM call_rules r WHERE r.language = s.language
                                  AND r.rule = 'constructor' AND r.value = t.name))))
      WHERE cb.repository_id = s.repository_id AND cb.snapshot_id = s.snapshot_id
        AND cb.path = s.path AND cb.call_id = s.call_id
        AND d.repository_id = s.repository_id AND d.snapshot_id = s.snapshot_id
        AND d.path = s.path AND d.import_id = cb.import_id
        AND ((d.kind IN ('stdlib', 'external') AND cb.star = 0) OR t.function_id IS NOT NULL)
      UNION ALL
      -- 6 package: another file of the same directory
      SELECT s.repository_id, s.snapshot_id, s.path, s.call_id, 6, 'package', f2.path, t.blob_id,
             t.function_id, NULL
      FROM sp_call_sites s
      CROSS JOIN call_rules r
      CROSS JOIN functions t
      CROSS JOIN files f2
      CROSS JOIN blobs b2
      WHERE r.language = s.language AND r.rule = 'package'
        AND t.repository_id = s.repository_id AND t.name = s.name
        AND ((s.receiver IS NULL AND t.class_name IS NULL)
          OR (s.receiver IS NOT NULL AND t.class_name = s.receiver)
          OR (s.kind = 'new' AND t.class_name = s.name AND t.kind = 'constructor'))
        AND f2.repository_id = t.repository_id AND f2.blob_id = t.blob_id
        AND f2.snapshot_id = s.snapshot_id AND f2.path <> s.path
        AND rtrim(f2.path, replace(f2.path, '/', '')) = rtrim(s.path, replace(s.path, '/', ''))
        AND b2.repository_id = f2.repository_id AND b2.blob_id = f2.blob_id
        AND b2.language = s.language
      UNION ALL
      -- 7 global: C and C++ functions, Ruby methods of another file
      SELECT s.repository_id, s.snapshot_id, s.path, s.call_id, 7, 'global', f2.path, t.blob_id,
             t.function_id, NULL
      FROM sp_call_sites s
      CROSS JOIN call_rules r
      CROSS JOIN functions t
      CROSS JOIN files f2
      CROSS JOIN blobs b2
      CROSS JOIN call_rules rt
      WHERE r.language = s.language AND r.rule = 'global' AND s.receiver IS NULL
        AND t.repository_id = s.repository_id AND t.name = s.name AND t.class_name IS NULL
        AND f2.repository_id = t.repository_id AND f2.blob_id = t.blob_id
        AND f2.snapshot_id = s.snapshot_id AND f2.path <> s.path
        AND b2.repository_id = f2.repository_id AND b2.blob_id = f2.blob_id
        AND rt.language = b2.language AND rt.rule = 'global' AND rt.value = r.value
      UNION ALL
      SELECT s.repository_id, s.snapshot_id, s.path, s.call_id, 7, 'global', f2.path, t.blob_id,
             t.function_id, NULL
      FROM sp_call_sites s
      CROSS JOIN call_rules r
      CROSS JOIN functions t
      CROSS JOIN files f2
      CROSS JOIN blobs b2
      CROSS JOIN call_rules rt
      WHERE r.language = s.language AND r.rule = 'global'
        AND (s.receiver IS NULL OR (s.kind = 'new' AND s.name = 'new'))
        AND t.repository_id = s.repository_id
        AND t.name IN (SELECT rc.value FROM call_rules rc
                       WHERE rc.language = s.language AND rc.rule = 'constructor')
        AND t.class_name = CASE WHEN s.kind = 'new' AND s.name = 'new' THEN s.receiver ELSE s.name END
        AND f2.repository_id = t.repository_id AND f2.blob_id = t.blob_id
        AND f2.snapshot_id = s.snapshot_id AND f2.path <> s.path
        AND b2.repository_id = f2.repository_id AND b2.blob_id = f2.blob_id
        AND rt.language = b2.language AND rt.rule = 'global' AND rt.value = r.value
      ) cc
      WHERE cc.repository_id = $1 AND cc.snapshot_id = $2) p
WHERE p.pick = 1
