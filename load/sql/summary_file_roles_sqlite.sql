-- The snapshot's ($1 repository, $2 snapshot) tests and entry points by convention, one row per
-- file and role: file_roles (migration 0009) written for one snapshot, its files first (through
-- the view, SQLite matched every blob of every snapshot)
INSERT INTO snapshot_file_roles (repository_id, snapshot_id, path, role, language, reason)
SELECT repository_id, snapshot_id, path, role, min(language), min(reason)
FROM (SELECT f.repository_id, f.snapshot_id, f.path, pc.role, b.language, pc.pattern AS reason
FROM files f
CROSS JOIN blobs b
CROSS JOIN path_conventions pc
WHERE f.repository_id = $1 AND f.snapshot_id = $2
  AND b.repository_id = f.repository_id AND b.blob_id = f.blob_id AND pc.language = b.language
  AND f.path GLOB pc.pattern
UNION ALL
SELECT f.repository_id, f.snapshot_id, f.path, 'entry', b.language, 'defines main'
FROM files f
CROSS JOIN blobs b
WHERE f.repository_id = $1 AND f.snapshot_id = $2
  AND b.repository_id = f.repository_id AND b.blob_id = f.blob_id
  AND EXISTS (SELECT 1 FROM functions fn
              WHERE fn.repository_id = f.repository_id AND fn.blob_id = f.blob_id AND fn.name = 'main'
                AND (fn.class_name IS NULL OR b.language = 'java'))) r
GROUP BY repository_id, snapshot_id, path, role
ON CONFLICT DO NOTHING
