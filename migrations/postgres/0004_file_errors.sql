-- 0004_file_errors: every file a run could not index, with the reason, where an analyst can query
-- it: stage 'extract' (the file could not be read or parsed) or 'load' (the database refused the
-- file's rows for a data reason: SQLSTATE class 22 or 23; the rest of the batch was written).
-- The rows go with their snapshot.
CREATE TABLE file_errors (
    repository_id bigint NOT NULL,
    snapshot_id   bigint NOT NULL,
    path          text NOT NULL,
    stage         text NOT NULL CHECK (stage IN ('extract', 'load')),
    error         text NOT NULL,
    PRIMARY KEY (repository_id, snapshot_id, path),
    FOREIGN KEY (repository_id, snapshot_id) REFERENCES snapshots ON DELETE CASCADE
);

CREATE VIEW current_file_errors AS
SELECT e.repository_id, e.snapshot_id, e.path, e.stage, e.error
FROM file_errors e
JOIN current_snapshots s ON s.repository_id = e.repository_id AND s.snapshot_id = e.snapshot_id;
