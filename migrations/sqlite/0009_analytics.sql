-- 0009_analytics (SQLite; same meaning as migrations/postgres): commits, file_churn, components,
-- component_files and path_conventions. The views follow in migrations/shared/0009_analytics.sql
-- (file_roles here: SQLite matches a glob with GLOB, case-sensitive like PostgreSQL's LIKE).
CREATE TABLE commits (
    repository_id    bigint NOT NULL REFERENCES repositories (repository_id) ON DELETE CASCADE,
    commit_sha       text NOT NULL,
    parent_shas      text NOT NULL,
    first_parent_sha text,
    author_name      text NOT NULL,
    author_email     text NOT NULL,
    authored_at      text NOT NULL,
    committer_name   text NOT NULL,
    committer_email  text NOT NULL,
    committed_at     text NOT NULL,
    subject          text NOT NULL,
    PRIMARY KEY (repository_id, commit_sha)
);
CREATE INDEX commits_date_idx ON commits (repository_id, committed_at);
CREATE INDEX snapshots_commit_idx ON snapshots (repository_id, commit_sha);

CREATE TABLE file_churn (
    repository_id bigint NOT NULL,
    commit_sha    text NOT NULL,
    path          text NOT NULL,
    lines_added   integer,
    lines_removed integer,
    PRIMARY KEY (repository_id, commit_sha, path),
    FOREIGN KEY (repository_id, commit_sha) REFERENCES commits (repository_id, commit_sha) ON DELETE CASCADE
);
CREATE INDEX file_churn_path_idx ON file_churn (repository_id, path);

CREATE TABLE components (
    repository_id bigint NOT NULL,
    snapshot_id   bigint NOT NULL,
    component_id  integer NOT NULL,
    size          integer NOT NULL,
    example_cycle text NOT NULL,
    cycle_length  integer NOT NULL,
    PRIMARY KEY (repository_id, snapshot_id, component_id),
    FOREIGN KEY (repository_id, snapshot_id) REFERENCES snapshots (repository_id, snapshot_id) ON DELETE CASCADE
);

CREATE TABLE component_files (
    repository_id bigint NOT NULL,
    snapshot_id   bigint NOT NULL,
    path          text NOT NULL,
    component_id  integer NOT NULL,
    PRIMARY KEY (repository_id, snapshot_id, path),
    FOREIGN KEY (repository_id, snapshot_id, component_id)
        REFERENCES components (repository_id, snapshot_id, component_id) ON DELETE CASCADE
);

CREATE TABLE path_conventions (
    language text NOT NULL,
    role     text NOT NULL CHECK (role IN ('test', 'entry')),
    pattern  text NOT NULL,
    PRIMARY KEY (language, role, pattern)
);

CREATE VIEW file_roles AS
SELECT f.repository_id, f.snapshot_id, f.path, b.language, pc.role, pc.pattern AS reason
FROM files f
JOIN blobs b ON b.repository_id = f.repository_id AND b.blob_id = f.blob_id
JOIN path_conventions pc ON pc.language = b.language
WHERE f.path GLOB pc.pattern
UNION
SELECT f.repository_id, f.snapshot_id, f.path, b.language, 'entry', 'defines main'
FROM files f
JOIN blobs b ON b.repository_id = f.repository_id AND b.blob_id = f.blob_id
WHERE EXISTS (SELECT 1 FROM functions fn
              WHERE fn.repository_id = f.repository_id AND fn.blob_id = f.blob_id AND fn.name = 'main'
                AND (fn.class_name IS NULL OR b.language = 'java'));
