-- 0018_query_plans (SQLite; same meaning as migrations/postgres): indexes for README.md's example
-- queries on a large database (perf/queries.sh: the Linux tree, eight code bases, a 200-commit
-- history). files_blob_idx gains snapshot_id: "is this blob in that snapshot" is one key look-up,
-- not a walk over every snapshot holding the blob (a file unchanged over 200 commits has 200
-- rows). blobs_language_idx: one language's files of a snapshot start from its blobs, not from
-- every file of the snapshot (the Linux tree's Python files are 155 of its 55,611).
DROP INDEX files_blob_idx;
CREATE INDEX files_blob_idx ON files (repository_id, blob_id, snapshot_id);
CREATE INDEX blobs_language_idx ON blobs (repository_id, language);
-- A table analysed before keeps its other indexes' statistics, and SQLite plans an index that has
-- none on guesses (the transitive query's steps then scanned every file of the snapshot: 31 s on
-- the kernel instead of 4 ms): the two indexes get theirs, from the same bounded sample as a run's.
PRAGMA analysis_limit = 1000;
ANALYZE files_blob_idx;
ANALYZE blobs_language_idx;
