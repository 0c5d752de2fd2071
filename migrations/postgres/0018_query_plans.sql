-- 0018_query_plans (PostgreSQL; same meaning as migrations/sqlite): indexes for README.md's
-- example queries on a large database (perf/queries.sh: the Linux tree, eight code bases, a
-- 200-commit history). files_blob_idx gains snapshot_id: "is this blob in that snapshot" is one
-- key look-up, not a walk over every snapshot holding the blob (a file unchanged over 200 commits
-- has 200 rows). blobs_language_idx: one language's files of a snapshot start from its blobs,
-- not from every file of the snapshot (the Linux tree's Python files are 155 of its 55,611).
-- PostgreSQL keeps statistics per column, so the new indexes need no ANALYZE.
DROP INDEX files_blob_idx;
CREATE INDEX files_blob_idx ON files (repository_id, blob_id, snapshot_id);
CREATE INDEX blobs_language_idx ON blobs (repository_id, language);
