-- 0001_init: the code-facts schema (SQLite; same tables and views as migrations/postgres). Append-only: never edit an applied migration,
-- add a new numbered file instead. Every key starts with repository_id (Citus distribution key).
CREATE TABLE repositories (
    repository_id INTEGER PRIMARY KEY,
    location      text NOT NULL UNIQUE,
    name          text NOT NULL,
    created_at    text NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE snapshots (
    repository_id bigint NOT NULL REFERENCES repositories (repository_id) ON DELETE CASCADE,
    snapshot_id   bigint NOT NULL,
    commit_sha    text,
    status        text NOT NULL CHECK (status IN ('running', 'complete', 'failed')),
    started_at    text NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    finished_at   text,
    files_total   integer NOT NULL DEFAULT 0,
    files_parsed  integer NOT NULL DEFAULT 0,
    files_reused  integer NOT NULL DEFAULT 0,
    files_skipped integer NOT NULL DEFAULT 0,
    files_failed  integer NOT NULL DEFAULT 0,
    functions     integer NOT NULL DEFAULT 0,
    classes       integer NOT NULL DEFAULT 0,
    imports       integer NOT NULL DEFAULT 0,
    rows_written  bigint NOT NULL DEFAULT 0,
    path_set      bigint,
    error         text,
    PRIMARY KEY (repository_id, snapshot_id)
);

CREATE TABLE blobs (
    repository_id     bigint NOT NULL REFERENCES repositories (repository_id) ON DELETE CASCADE,
    blob_id           bigint NOT NULL,
    content_hash      text NOT NULL,
    extractor_version integer NOT NULL,
    language          text NOT NULL,
    size_bytes        bigint NOT NULL,
    total_lines       integer NOT NULL,
    code_lines        integer NOT NULL,
    comment_lines     integer NOT NULL,
    blank_lines       integer NOT NULL,
    parse_error       integer NOT NULL,
    parse_error_line  integer,
    PRIMARY KEY (repository_id, blob_id),
    UNIQUE (repository_id, content_hash, extractor_version)
);

CREATE TABLE files (
    repository_id bigint NOT NULL,
    snapshot_id   bigint NOT NULL,
    path          text NOT NULL,
    blob_id       bigint NOT NULL,
    PRIMARY KEY (repository_id, snapshot_id, path),
    FOREIGN KEY (repository_id, snapshot_id) REFERENCES snapshots (repository_id, snapshot_id) ON DELETE CASCADE,
    FOREIGN KEY (repository_id, blob_id) REFERENCES blobs (repository_id, blob_id) ON DELETE CASCADE
);
CREATE INDEX files_blob_idx ON files (repository_id, blob_id);

-- Every path a repository's snapshots ever held, once: the place to search paths (the trigram
-- index lives here, not on files, whose rows repeat for every snapshot), then join files by path.
CREATE TABLE paths (
    repository_id bigint NOT NULL REFERENCES repositories (repository_id) ON DELETE CASCADE,
    path          text NOT NULL,
    PRIMARY KEY (repository_id, path)
);

CREATE TABLE functions (
    repository_id  bigint NOT NULL,
    blob_id        bigint NOT NULL,
    function_id    integer NOT NULL,
    name           text NOT NULL,
    qualified_name text NOT NULL,
    kind           text NOT NULL,
    class_name     text,
    def_line       integer NOT NULL,
    start_line     integer NOT NULL,
    start_col      integer NOT NULL,
    end_line       integer NOT NULL,
    end_col        integer NOT NULL,
    param_count    integer NOT NULL,
    parameters     text NOT NULL,
    attrs          text NOT NULL,
    PRIMARY KEY (repository_id, blob_id, function_id),
    FOREIGN KEY (repository_id, blob_id) REFERENCES blobs (repository_id, blob_id) ON DELETE CASCADE
);

CREATE TABLE classes (
    repository_id  bigint NOT NULL,
    blob_id        bigint NOT NULL,
    class_id       integer NOT NULL,
    name           text NOT NULL,
    qualified_name text NOT NULL,
    bases          text NOT NULL,
    def_line       integer NOT NULL,
    start_line     integer NOT NULL,
    start_col      integer NOT NULL,
    end_line       integer NOT NULL,
    end_col        integer NOT NULL,
    attrs          text NOT NULL,
    PRIMARY KEY (repository_id, blob_id, class_id),
    FOREIGN KEY (repository_id, blob_id) REFERENCES blobs (repository_id, blob_id) ON DELETE CASCADE
);

CREATE TABLE imports (
    repository_id bigint NOT NULL,
    blob_id       bigint NOT NULL,
    import_id     integer NOT NULL,
    module        text NOT NULL,
    name          text,
    alias         text,
    level         integer NOT NULL,
    line          integer NOT NULL,
    PRIMARY KEY (repository_id, blob_id, import_id),
    FOREIGN KEY (repository_id, blob_id) REFERENCES blobs (repository_id, blob_id) ON DELETE CASCADE
);

CREATE TABLE function_metrics (
    repository_id bigint NOT NULL,
    blob_id       bigint NOT NULL,
    function_id   integer NOT NULL,
    cyclomatic    integer NOT NULL,
    nloc          integer NOT NULL,
    max_nesting   integer NOT NULL,
    param_count   integer NOT NULL,
    PRIMARY KEY (repository_id, blob_id, function_id),
    FOREIGN KEY (repository_id, blob_id, function_id) REFERENCES functions (repository_id, blob_id, function_id) ON DELETE CASCADE
);

CREATE TABLE file_metrics (
    repository_id  bigint NOT NULL,
    blob_id        bigint NOT NULL,
    function_count integer NOT NULL,
    class_count    integer NOT NULL,
    import_count   integer NOT NULL,
    complexity_sum integer NOT NULL,
    complexity_max integer NOT NULL,
    nesting_max    integer NOT NULL,
    PRIMARY KEY (repository_id, blob_id),
    FOREIGN KEY (repository_id, blob_id) REFERENCES blobs (repository_id, blob_id) ON DELETE CASCADE
);

-- Resolution of each import depends on the importing file's path, its content and which other
-- files exist (the snapshot's set of source paths, path_set). Rows are shared by every snapshot
-- with the same path set: an unchanged re-index writes none. Query them per snapshot through the
-- views snapshot_dependencies and current_dependencies. (repository_id, blob_id, import_id) names
-- an import of the importing file's blob, written in the same transaction as that blob; it is not
-- declared as a foreign key, because the reverse index such a key needs (ordered by blob) would be
-- rewritten by every snapshot; the rows go with their blob (the key below).
CREATE TABLE dependencies (
    repository_id bigint NOT NULL,
    path_set      bigint NOT NULL,
    path          text NOT NULL,
    blob_id       bigint NOT NULL,
    import_id     integer NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('internal', 'external', 'stdlib', 'unresolved')),
    target_path   text,
    target_module text NOT NULL,
    package       text,
    reason        text,
    PRIMARY KEY (repository_id, path_set, path, blob_id, import_id),
    FOREIGN KEY (repository_id, blob_id) REFERENCES blobs (repository_id, blob_id) ON DELETE CASCADE
);
CREATE INDEX dependencies_blob_idx ON dependencies (repository_id, blob_id);
CREATE INDEX dependencies_target_idx ON dependencies (repository_id, path_set, target_path);

-- The latest complete snapshot of each repository; running and failed ones never show.
CREATE VIEW current_snapshots AS
SELECT s.* FROM snapshots s
WHERE s.status = 'complete'
  AND s.snapshot_id = (SELECT max(s2.snapshot_id) FROM snapshots s2
                       WHERE s2.repository_id = s.repository_id AND s2.status = 'complete');

CREATE VIEW current_files AS
SELECT f.repository_id, f.snapshot_id, f.path, f.blob_id, b.language, b.size_bytes,
       b.total_lines, b.code_lines, b.comment_lines, b.blank_lines, b.parse_error, b.parse_error_line
FROM files f
JOIN current_snapshots s ON s.repository_id = f.repository_id AND s.snapshot_id = f.snapshot_id
JOIN blobs b ON b.repository_id = f.repository_id AND b.blob_id = f.blob_id;

CREATE VIEW current_functions AS
SELECT cf.repository_id, cf.snapshot_id, cf.path, fn.blob_id, fn.function_id, fn.name,
       fn.qualified_name, fn.kind, fn.class_name, fn.def_line, fn.start_line, fn.start_col,
       fn.end_line, fn.end_col, fn.param_count, fn.parameters, fn.attrs,
       m.cyclomatic, m.nloc, m.max_nesting
FROM current_files cf
JOIN functions fn ON fn.repository_id = cf.repository_id AND fn.blob_id = cf.blob_id
JOIN function_metrics m ON m.repository_id = fn.repository_id AND m.blob_id = fn.blob_id
                       AND m.function_id = fn.function_id;

CREATE VIEW current_classes AS
SELECT cf.repository_id, cf.snapshot_id, cf.path, c.blob_id, c.class_id, c.name, c.qualified_name,
       c.bases, c.def_line, c.start_line, c.start_col, c.end_line, c.end_col, c.attrs
FROM current_files cf
JOIN classes c ON c.repository_id = cf.repository_id AND c.blob_id = cf.blob_id;

CREATE VIEW snapshot_dependencies AS
SELECT f.repository_id, f.snapshot_id, f.path, d.import_id, f.blob_id, d.kind, d.target_path,
       d.target_module, d.package, d.reason
FROM snapshots s
JOIN files f ON f.repository_id = s.repository_id AND f.snapshot_id = s.snapshot_id
JOIN dependencies d ON d.repository_id = f.repository_id AND d.path_set = s.path_set
                   AND d.path = f.path AND d.blob_id = f.blob_id;

CREATE VIEW current_dependencies AS
SELECT sd.* FROM snapshot_dependencies sd
JOIN current_snapshots c ON c.repository_id = sd.repository_id AND c.snapshot_id = sd.snapshot_id;
