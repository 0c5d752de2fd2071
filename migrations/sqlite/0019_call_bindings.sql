-- 0019_call_bindings (SQLite; same meaning as migrations/postgres): what a call's own blob decides
-- of its resolution is stored with the call site, at extraction (issue 12: the cost of calls).
-- Before, call_resolutions held a row for every call of every file new to a path set, written
-- after the run on the single writer: 57,572 rows for the stdlib, 36,647 of them 'unresolved'
-- and 11,479 'method' or 'local', answers that no other file can change.
--   binding             method or local: a function of the same blob (target_function_id), the
--                       answer in every snapshot; import: an import of the blob binds the call,
--                       so the answer depends on the path set (a call_resolutions row: external,
--                       open or unresolved); open: the language lets plain calls reach other
--                       files (call_rules package, global; call_links has the answer);
--                       unresolved: nothing can bind it (the reason follows from name and
--                       receiver). NULL for calls extracted before this migration: their
--                       call_resolutions rows hold the whole answer, as in 0013.
--   target_function_id  the function of the same blob that binding method or local names.
-- Blobs of the extractor version before are extracted again, so every new snapshot's calls have
-- a binding. A migration that changes call_rules must raise the extractor version too.

-- The three call tables become WITHOUT ROWID: a row is stored once, in its primary key's B-tree,
-- instead of in the table and again in the key's index (calls are the largest table a run writes;
-- perf/calls_bench.sh). Rebuilt as 0011 rebuilt blobs: migrations run with foreign keys off, and
-- the legacy rename leaves the views that name these tables as they are.
PRAGMA legacy_alter_table = ON;
CREATE TABLE calls_0019 (
    repository_id      bigint NOT NULL,
    blob_id            bigint NOT NULL,
    call_id            integer NOT NULL,
    function_id        integer,
    name               text,
    receiver           text,
    kind               text NOT NULL,
    line               integer NOT NULL,
    col                integer NOT NULL,
    binding            text
                       CHECK (binding IN ('method', 'local', 'import', 'open', 'unresolved')),
    target_function_id integer,
    PRIMARY KEY (repository_id, blob_id, call_id),
    FOREIGN KEY (repository_id, blob_id) REFERENCES blobs (repository_id, blob_id) ON DELETE CASCADE
) WITHOUT ROWID;
INSERT INTO calls_0019 (repository_id, blob_id, call_id, function_id, name, receiver, kind, line,
                        col)
SELECT repository_id, blob_id, call_id, function_id, name, receiver, kind, line, col
FROM calls;
DROP TABLE calls;
ALTER TABLE calls_0019 RENAME TO calls;

CREATE TABLE call_resolutions_0019 (
    repository_id      bigint NOT NULL,
    path_set           bigint NOT NULL,
    path               text NOT NULL,
    blob_id            bigint NOT NULL,
    call_id            integer NOT NULL,
    resolution         text NOT NULL
                       CHECK (resolution IN ('method', 'local', 'external', 'unresolved', 'open')),
    target_function_id integer,
    module             text,
    reason             text,
    PRIMARY KEY (repository_id, path_set, path, blob_id, call_id),
    FOREIGN KEY (repository_id, blob_id) REFERENCES blobs (repository_id, blob_id) ON DELETE CASCADE
) WITHOUT ROWID;
INSERT INTO call_resolutions_0019 (repository_id, path_set, path, blob_id, call_id, resolution,
                                   target_function_id, module, reason)
SELECT repository_id, path_set, path, blob_id, call_id, resolution, target_function_id, module,
       reason
FROM call_resolutions;
DROP TABLE call_resolutions;
ALTER TABLE call_resolutions_0019 RENAME TO call_resolutions;
CREATE INDEX call_resolutions_blob_idx ON call_resolutions (repository_id, blob_id);

CREATE TABLE call_links_0019 (
    repository_id      bigint NOT NULL,
    calls_set          bigint NOT NULL,
    path               text NOT NULL,
    call_id            integer NOT NULL,
    resolution         text NOT NULL
                       CHECK (resolution IN ('method', 'local', 'import', 'external', 'package',
                                             'global', 'unresolved')),
    target_path        text,
    target_blob_id     bigint,
    target_function_id integer,
    module             text,
    reason             text,
    PRIMARY KEY (repository_id, calls_set, path, call_id)
) WITHOUT ROWID;
INSERT INTO call_links_0019 (repository_id, calls_set, path, call_id, resolution, target_path,
                             target_blob_id, target_function_id, module, reason)
SELECT repository_id, calls_set, path, call_id, resolution, target_path, target_blob_id,
       target_function_id, module, reason
FROM call_links;
DROP TABLE call_links;
ALTER TABLE call_links_0019 RENAME TO call_links;
CREATE INDEX call_links_target_idx ON call_links (repository_id, target_blob_id, target_function_id);
PRAGMA legacy_alter_table = OFF;
