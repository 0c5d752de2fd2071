-- 0013_call_resolutions (SQLite; same meaning as migrations/postgres): call resolution stored at
-- index time (issue 12), in two parts, so that a snapshot reuses what another already resolved
-- exactly when that is still right.
--
-- call_resolutions: what a call resolves to when that depends only on the caller's file (its path
-- and blob) and the snapshot's set of paths (path_set): a function of the same file (method,
-- local), an external module, unresolved with the reason. Keyed like dependencies, so shared by
-- every snapshot with the same path set, and an unchanged file of a changed tree keeps its rows.
-- A call whose answer also depends on other files' contents (it is bound by an import resolved to
-- a file of the repository, or its language lets plain calls reach other files: call_rules
-- package and global) is stored here as 'open', and resolved in call_links.
CREATE TABLE call_resolutions (
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
);
CREATE INDEX call_resolutions_blob_idx ON call_resolutions (repository_id, blob_id);

-- call_links: the open calls resolved for one set of file contents. calls_set is the snapshot
-- that resolved them; a later snapshot whose files (paths and blobs) are exactly the same points
-- at the same calls_set (snapshots.calls_set) instead of resolving again.
CREATE TABLE call_links (
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
);
CREATE INDEX call_links_target_idx ON call_links (repository_id, target_blob_id, target_function_id);

ALTER TABLE snapshots ADD COLUMN calls_set bigint;

-- Resolving a snapshot looks up the functions of the caller's own blob by name (a nested or
-- top-level function, a method) and by class (a constructor); functions_name_idx (0007), by name
-- over the whole repository, made each common name (`get`, `append`) visit every definition.
CREATE INDEX functions_blob_name_idx ON functions (repository_id, blob_id, name);
CREATE INDEX functions_blob_class_idx ON functions (repository_id, blob_id, class_name);
