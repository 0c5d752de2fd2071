
-- ---- migrations/shared/0005_refs.sql: the same text for both dialects, appended by tools/embed.py
-- to each dialect's 0005_refs.sql (so each database records one migration 0005).
-- current_* and the history views follow the default branch; snapshots_of_ref has every ref.
-- Every view that depends on current_snapshots or snapshot_pairs is dropped and made again.
DROP VIEW current_file_errors;
DROP VIEW current_dependencies;
DROP VIEW current_classes;
DROP VIEW current_functions;
DROP VIEW current_files;
DROP VIEW current_snapshots;
DROP VIEW complexity_growth;
DROP VIEW file_changes;
DROP VIEW function_history;
DROP VIEW snapshot_pairs;

-- Every complete snapshot with its ref and the complete snapshot before it on the same line
-- (NULL for the first): the default branch is one line whatever its snapshots' refs say (a
-- renamed default branch, snapshots older than refs); any other ref is a line of its own; a
-- detached snapshot off the default branch has no line. Query one ref by name with a bound
-- parameter: WHERE repository_id = ?1 AND ref = ?2 (PostgreSQL: $1, $2).
CREATE VIEW snapshots_of_ref AS
SELECT s.repository_id, s.ref, s.on_default, s.snapshot_id, s.commit_sha, s.finished_at,
       (SELECT max(p.snapshot_id) FROM snapshots p
        WHERE p.repository_id = s.repository_id AND p.status = 'complete'
          AND p.snapshot_id < s.snapshot_id
          AND (CASE WHEN p.on_default THEN '' ELSE p.ref END)
              = (CASE WHEN s.on_default THEN '' ELSE s.ref END)) AS previous_snapshot_id
FROM snapshots s WHERE s.status = 'complete';

-- The latest complete snapshot of each repository's default branch; running and failed ones
-- never show, nor snapshots of other refs.
CREATE VIEW current_snapshots AS
SELECT s.* FROM snapshots s
WHERE s.status = 'complete' AND s.on_default
  AND s.snapshot_id = (SELECT max(s2.snapshot_id) FROM snapshots s2
                       WHERE s2.repository_id = s.repository_id AND s2.status = 'complete'
                         AND s2.on_default);

CREATE VIEW current_files AS
SELECT f.repository_id, f.snapshot_id, f.path, f.blob_id, b.language, b.size_bytes,
       b.total_lines, b.code_lines, b.comment_lines, b.blank_lines, b.parse_error, b.parse_error_line,
       b.skip_reason
FROM files f
JOIN current_snapshots s ON s.repository_id = f.repository_id AND s.snapshot_id = f.snapshot_id
JOIN blobs b ON b.repository_id = f.repository_id AND b.blob_id = f.blob_id;

CREATE VIEW current_functions AS
SELECT cf.repository_id, cf.snapshot_id, cf.path, fn.blob_id, fn.function_id, fn.name,
       fn.qualified_name, fn.kind, fn.class_name, fn.def_line, fn.start_line, fn.start_col,
       fn.end_line, fn.end_col, fn.param_count, fn.parameters, fn.attrs,
       m.cyclomatic, m.nloc, m.max_nesting, fn.name_line, cf.language
FROM current_files cf
JOIN functions fn ON fn.repository_id = cf.repository_id AND fn.blob_id = cf.blob_id
JOIN function_metrics m ON m.repository_id = fn.repository_id AND m.blob_id = fn.blob_id
                       AND m.function_id = fn.function_id;

CREATE VIEW current_classes AS
SELECT cf.repository_id, cf.snapshot_id, cf.path, c.blob_id, c.class_id, c.name, c.qualified_name,
       c.bases, c.def_line, c.start_line, c.start_col, c.end_line, c.end_col, c.attrs,
       c.kind, c.name_line, cf.language
FROM current_files cf
JOIN classes c ON c.repository_id = cf.repository_id AND c.blob_id = cf.blob_id;

CREATE VIEW current_dependencies AS
SELECT sd.* FROM snapshot_dependencies sd
JOIN current_snapshots c ON c.repository_id = sd.repository_id AND c.snapshot_id = sd.snapshot_id;

CREATE VIEW current_file_errors AS
SELECT e.repository_id, e.snapshot_id, e.path, e.stage, e.error
FROM file_errors e
JOIN current_snapshots s ON s.repository_id = e.repository_id AND s.snapshot_id = e.snapshot_id;

-- Each complete snapshot of the default branch with the one before it on that branch (NULL for
-- the first); other refs: snapshots_of_ref.
CREATE VIEW snapshot_pairs AS
SELECT repository_id, snapshot_id, commit_sha, finished_at, previous_snapshot_id, ref
FROM snapshots_of_ref WHERE on_default;

-- Files added, removed or changed in each complete snapshot of the default branch against the
-- one before it. Content is compared by hash, so a new extractor version (new blobs, same
-- content) changes nothing here.
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

-- Every function of every complete snapshot of the default branch with its metrics: a
-- function's metric over time is WHERE path = … AND qualified_name = … ORDER BY snapshot_id.
CREATE VIEW function_history AS
SELECT f.repository_id, f.snapshot_id, s.commit_sha, s.finished_at, f.path, fn.qualified_name,
       fn.def_line, m.cyclomatic, m.nloc, m.max_nesting, m.param_count, s.ref
FROM snapshots s
JOIN files f ON f.repository_id = s.repository_id AND f.snapshot_id = s.snapshot_id
JOIN functions fn ON fn.repository_id = f.repository_id AND fn.blob_id = f.blob_id
JOIN function_metrics m ON m.repository_id = fn.repository_id AND m.blob_id = fn.blob_id
                       AND m.function_id = fn.function_id
WHERE s.status = 'complete' AND s.on_default;

-- Functions whose cyclomatic complexity grew between the last two complete snapshots of each
-- repository's default branch, matched by path and qualified name; a name defined twice in a
-- file (a property's getter and setter) counts with its most complex definition.
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
