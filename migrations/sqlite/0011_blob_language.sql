-- 0011_blob_language (SQLite; same meaning as migrations/postgres): the language joins the content
-- hash and the extractor version in the blob's unique key. SQLite cannot drop a UNIQUE
-- constraint, so blobs is rebuilt (migrations run with foreign keys off, load/sink_sqlite.c; the
-- legacy rename leaves the views and the tables that reference blobs by name as they are).
PRAGMA legacy_alter_table = ON;
CREATE TABLE blobs_0011 (
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
    skip_reason       text,
    PRIMARY KEY (repository_id, blob_id),
    UNIQUE (repository_id, content_hash, extractor_version, language)
);
INSERT INTO blobs_0011 (repository_id, blob_id, content_hash, extractor_version, language,
                        size_bytes, total_lines, code_lines, comment_lines, blank_lines,
                        parse_error, parse_error_line, skip_reason)
SELECT repository_id, blob_id, content_hash, extractor_version, language, size_bytes, total_lines,
       code_lines, comment_lines, blank_lines, parse_error, parse_error_line, skip_reason
FROM blobs;
DROP TABLE blobs;
ALTER TABLE blobs_0011 RENAME TO blobs;
PRAGMA legacy_alter_table = OFF;
