-- Snapshot $3's rows of snapshot_languages for snapshot $2 of repository $1, whose files are
-- exactly its (load/sql/snapshot_same_files.sql): the same rows, copied, not computed again
INSERT INTO snapshot_languages (repository_id, snapshot_id, language, files, code_lines, functions,
       cyclomatic_sum)
SELECT repository_id, $2, language, files, code_lines, functions, cyclomatic_sum
FROM snapshot_languages WHERE repository_id = $1 AND snapshot_id = $3
ON CONFLICT DO NOTHING
