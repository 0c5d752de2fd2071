-- 0002_history: what incremental and historical indexing need. files remember how they were seen
-- (size, mtime, git object id) so an unchanged file is not even read again; views compare snapshots.
ALTER TABLE files ADD COLUMN size_bytes bigint;
ALTER TABLE files ADD COLUMN mtime_ns bigint;
ALTER TABLE files ADD COLUMN git_blob text;
CREATE INDEX files_git_blob_idx ON files (repository_id, git_blob) WHERE git_blob IS NOT NULL;

-- Each complete snapshot with the complete snapshot before it (NULL for the first).
CREATE VIEW snapshot_pairs AS
SELECT s.repository_id, s.snapshot_id, s.commit_sha, s.finished_at,
       (SELECT max(p.snapshot_id) FROM snapshots p
        WHERE p.repository_id = s.repository_id AND p.status = 'complete'
          AND p.snapshot_id < s.snapshot_id) AS previous_snapshot_id
FROM snapshots s WHERE s.status = 'complete';

-- Files added, removed or changed in each complete snapshot against the one before it. Content
-- is compared by hash, so a new extractor version (new blobs, same content) changes nothing here.
CREATE VIEW file_changes AS
SELECT sp.repository_id, sp.snapshot_id, sp.previous_snapshot_id, cur.path,
       CASE WHEN old.path IS NULL THEN 'added' ELSE 'changed' END AS change,
       old.blob_id AS old_blob_id, cur.blob_id AS new_blob_id
FROM snapshot_pairs sp
JOIN files cur ON cur.repository_id = sp.repository_id AND cur.snapshot_id = sp.snapshot_id
JOIN blobs nb ON nb.repository_id = cur.repository_id AND nb.blob_id = cur.blob_id
LEFT JOIN files old ON old.repository_id = sp.repository_id
                   AND old.snapshot_id = sp.previous_snapshot_id AND old.path = cur.path
LEFT JOIN blobs ob ON ob.repository_id = old.repository_id AND ob.blob_id = old.blob_id
WHERE sp.previous_snapshot_id IS NOT NULL
  AND (old.path IS NULL OR ob.content_hash <> nb.content_hash)
UNION ALL
SELECT sp.repository_id, sp.snapshot_id, sp.previous_snapshot_id, old.path, 'removed',
       old.blob_id, NULL
FROM snapshot_pairs sp
JOIN files old ON old.repository_id = sp.repository_id AND old.snapshot_id = sp.previous_snapshot_id
WHERE NOT EXISTS (SELECT 1 FROM files cur WHERE cur.repository_id = sp.repository_id
                  AND cur.snapshot_id = sp.snapshot_id AND cur.path = old.path);

-- Every function of every complete snapshot with its metrics: a function's metric over time is
-- WHERE path = … AND qualified_name = … ORDER BY snapshot_id.
CREATE VIEW function_history AS
SELECT f.repository_id, f.snapshot_id, s.commit_sha, s.finished_at, f.path, fn.qualified_name,
       fn.def_line, m.cyclomatic, m.nloc, m.max_nesting, m.param_count
FROM snapshots s
JOIN files f ON f.repository_id = s.repository_id AND f.snapshot_id = s.snapshot_id
JOIN functions fn ON fn.repository_id = f.repository_id AND fn.blob_id = f.blob_id
JOIN function_metrics m ON m.repository_id = fn.repository_id AND m.blob_id = fn.blob_id
                       AND m.function_id = fn.function_id
WHERE s.status = 'complete';

-- Functions whose cyclomatic complexity grew between each repository's last two complete
-- snapshots, matched by path and qualified name; a name defined twice in a file (a property's
-- getter and setter) counts with its most complex definition.
CREATE VIEW complexity_growth AS
WITH last_two AS (
    SELECT sp.repository_id, sp.snapshot_id, sp.previous_snapshot_id
    FROM snapshot_pairs sp
    WHERE sp.previous_snapshot_id IS NOT NULL
      AND sp.snapshot_id = (SELECT max(x.snapshot_id) FROM snapshot_pairs x
                            WHERE x.repository_id = sp.repository_id)
), per_snapshot AS (
    SELECT h.repository_id, h.snapshot_id, h.path, h.qualified_name,
           min(h.def_line) AS def_line, max(h.cyclomatic) AS cyclomatic
    FROM function_history h
    JOIN last_two t ON t.repository_id = h.repository_id
                   AND h.snapshot_id IN (t.snapshot_id, t.previous_snapshot_id)
    GROUP BY h.repository_id, h.snapshot_id, h.path, h.qualified_name
)
SELECT t.repository_id, t.previous_snapshot_id, t.snapshot_id, new.path, new.qualified_name,
       new.def_line, old.cyclomatic AS old_cyclomatic, new.cyclomatic AS new_cyclomatic,
       new.cyclomatic - old.cyclomatic AS growth
FROM last_two t
JOIN per_snapshot new ON new.repository_id = t.repository_id AND new.snapshot_id = t.snapshot_id
JOIN per_snapshot old ON old.repository_id = t.repository_id
                     AND old.snapshot_id = t.previous_snapshot_id
                     AND old.path = new.path AND old.qualified_name = new.qualified_name
WHERE new.cyclomatic > old.cyclomatic;
