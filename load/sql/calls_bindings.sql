-- The imports that bind the callee or receiver of each call in sp_call_sites, into
-- sp_call_bindings: the rows of the view call_bindings of migration 0007 for the snapshot (its
-- rules, tests/load/test_calls_stored.py checks they agree), found from the imports' side: each
-- import of a blob with calls gives the names it binds (its alias; its name; for `import m`, m
-- and every tail of m after a '.', '/' or ':'), and those are looked up among the calls' callee
-- and receiver names, instead of matching every call with every import of its file.
INSERT INTO sp_call_bindings (repository_id, snapshot_id, path, call_id, import_id, role, entity,
                              star, alias, module)
WITH RECURSIVE imp AS (
    SELECT i.repository_id, i.blob_id, i.import_id, i.name, i.alias, i.module
    FROM imports i
    WHERE i.repository_id = $1 AND i.blob_id IN (SELECT s.blob_id FROM sp_call_sites s)
), tail (repository_id, blob_id, import_id, name, sep, rest) AS (
    SELECT repository_id, blob_id, import_id, name, '', module
    FROM imp WHERE alias IS NULL AND (name IS NULL OR name = 'self')
    UNION ALL
    SELECT repository_id, blob_id, import_id, name,
           substr(ltrim(rest, replace(replace(replace(rest, '.', ''), '/', ''), ':', '')), 1, 1),
           substr(ltrim(rest, replace(replace(replace(rest, '.', ''), '/', ''), ':', '')), 2)
    FROM tail
    WHERE ltrim(rest, replace(replace(replace(rest, '.', ''), '/', ''), ':', '')) <> ''
), bind (repository_id, blob_id, import_id, word, callee, receiver) AS (
    SELECT repository_id, blob_id, import_id, alias, 1, 1 FROM imp WHERE alias IS NOT NULL
    UNION ALL
    SELECT repository_id, blob_id, import_id, name, 1, CASE WHEN name <> '*' THEN 1 ELSE 0 END
    FROM imp WHERE alias IS NULL AND name IS NOT NULL
    UNION ALL
    SELECT repository_id, blob_id, import_id, rest,
           CASE WHEN sep = ':' AND name IS NULL THEN 1 ELSE 0 END, 1
    FROM tail
), hit (repository_id, snapshot_id, path, call_id, blob_id, import_id, receiver) AS (
    SELECT s.repository_id, s.snapshot_id, s.path, s.call_id, s.blob_id, b.import_id, s.receiver
    FROM bind b
    JOIN sp_call_sites s ON s.repository_id = b.repository_id AND s.blob_id = b.blob_id
                        AND s.name = b.word
    WHERE b.callee = 1 AND s.receiver IS NULL
    UNION
    SELECT s.repository_id, s.snapshot_id, s.path, s.call_id, s.blob_id, b.import_id, s.receiver
    FROM bind b
    JOIN sp_call_sites s ON s.repository_id = b.repository_id AND s.blob_id = b.blob_id
                        AND s.receiver = b.word
    WHERE b.receiver = 1
    UNION
    SELECT s.repository_id, s.snapshot_id, s.path, s.call_id, s.blob_id, i.import_id, s.receiver
    FROM imp i
    JOIN sp_call_sites s ON s.repository_id = i.repository_id AND s.blob_id = i.blob_id
    WHERE i.alias IS NULL AND i.name = '*' AND s.receiver IS NULL AND s.name IS NOT NULL
)
SELECT h.repository_id, h.snapshot_id, h.path, h.call_id, i.import_id,
       CASE WHEN h.receiver IS NULL THEN 'callee' ELSE 'receiver' END,
       CASE WHEN i.name IS NOT NULL AND i.name NOT IN ('*', 'self') THEN i.name END,
       CASE WHEN i.name = '*' THEN 1 ELSE 0 END, i.alias, i.module
FROM hit h
JOIN imports i ON i.repository_id = h.repository_id AND i.blob_id = h.blob_id
              AND i.import_id = h.import_id
WHERE h.repository_id = $1 AND h.snapshot_id = $2
