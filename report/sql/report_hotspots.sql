-- report "Hot spots": files of repository $1's current snapshot that change often and are
-- complex: changes = the snapshots of the default branch whose content of the file differed from
-- the snapshot before (file_changes, 'added' included), times the file's summed cyclomatic
-- complexity; the 20 highest scores.
WITH changes AS (
    SELECT path, count(*) AS changes
    FROM file_changes
    WHERE repository_id = $1 AND change <> 'removed'
    GROUP BY path
)
SELECT cf.path, cf.language, coalesce(ch.changes, 0) AS changes, fm.complexity_sum,
       coalesce(ch.changes, 0) * fm.complexity_sum AS score
FROM current_files cf
JOIN file_metrics fm ON fm.repository_id = cf.repository_id AND fm.blob_id = cf.blob_id
LEFT JOIN changes ch ON ch.path = cf.path
WHERE cf.repository_id = $1 AND fm.complexity_sum > 0
ORDER BY score DESC, fm.complexity_sum DESC, cf.path
LIMIT 20
