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
-- 0013_call_resolutions (both dialects): the call views read the resolution stored at index time
-- (call_resolutions, call_links) instead of computing it; call_candidates and call_bindings stay:
-- the index run resolves a snapshot's calls with them (load/sql/calls_*.sql), once per path set
-- and set of file contents, and they still explain a resolution.

-- A database indexed before this migration: its current snapshots' resolution is stored now,
-- with the views of 0007 (every call 'open', its answer in call_links of the snapshot itself).
-- Older snapshots show their calls unresolved, with that reason, until indexed again.
INSERT INTO call_resolutions (repository_id, path_set, path, blob_id, call_id, resolution)
SELECT f.repository_id, s.path_set, f.path, f.blob_id, c.call_id, 'open'
FROM current_snapshots s
JOIN files f ON f.repository_id = s.repository_id AND f.snapshot_id = s.snapshot_id
JOIN calls c ON c.repository_id = f.repository_id AND c.blob_id = f.blob_id
WHERE s.path_set IS NOT NULL;

INSERT INTO call_links (repository_id, calls_set, path, call_id, resolution, target_path,
                        target_blob_id, target_function_id, module, reason)
SELECT sc.repository_id, sc.snapshot_id, sc.path, sc.call_id, sc.resolution, sc.target_path,
       sc.target_blob_id, sc.target_function_id, sc.module, sc.reason
FROM snapshot_calls sc
JOIN current_snapshots s ON s.repository_id = sc.repository_id AND s.snapshot_id = sc.snapshot_id
WHERE s.path_set IS NOT NULL;

UPDATE snapshots SET calls_set = snapshot_id
WHERE path_set IS NOT NULL
  AND EXISTS (SELECT 1 FROM current_snapshots c
              WHERE c.repository_id = snapshots.repository_id
                AND c.snapshot_id = snapshots.snapshot_id);

DROP VIEW current_call_edges;
DROP VIEW call_edges;
DROP VIEW current_calls;
DROP VIEW snapshot_calls;

-- Every call site of every snapshot with its stored resolution (same columns as in 0007). A call
-- of a snapshot not resolved (still running, failed, or older than this migration) shows as
-- unresolved with that reason.
CREATE VIEW snapshot_calls AS
SELECT f.repository_id, f.snapshot_id, f.path, b.language, c.blob_id, c.call_id, c.function_id,
       fn.qualified_name AS caller, c.name, c.receiver, c.kind, c.line, c.col,
       CASE WHEN r.resolution IS NULL THEN 'unresolved'
            WHEN r.resolution <> 'open' THEN r.resolution
            ELSE COALESCE(l.resolution, 'unresolved') END AS resolution,
       CASE WHEN r.resolution = 'open' THEN l.target_path
            WHEN r.target_function_id IS NOT NULL THEN f.path END AS target_path,
       CASE WHEN r.resolution = 'open' THEN l.target_blob_id
            WHEN r.target_function_id IS NOT NULL THEN c.blob_id END AS target_blob_id,
       CASE WHEN r.resolution = 'open' THEN l.target_function_id
            ELSE r.target_function_id END AS target_function_id,
       CASE WHEN r.resolution = 'open' THEN l.module ELSE r.module END AS module,
       CASE WHEN r.resolution IS NOT NULL AND r.resolution <> 'open' THEN r.reason
            WHEN l.resolution IS NOT NULL THEN l.reason
            ELSE 'not resolved: the snapshot is not complete or was indexed before migration 0013'
       END AS reason
FROM snapshots s
JOIN files f ON f.repository_id = s.repository_id AND f.snapshot_id = s.snapshot_id
JOIN blobs b ON b.repository_id = f.repository_id AND b.blob_id = f.blob_id
JOIN calls c ON c.repository_id = f.repository_id AND c.blob_id = f.blob_id
LEFT JOIN functions fn ON fn.repository_id = c.repository_id AND fn.blob_id = c.blob_id
                      AND fn.function_id = c.function_id
LEFT JOIN call_resolutions r
       ON r.repository_id = f.repository_id AND r.path_set = s.path_set AND r.path = f.path
      AND r.blob_id = f.blob_id AND r.call_id = c.call_id
LEFT JOIN call_links l
       ON r.resolution = 'open' AND l.repository_id = f.repository_id
      AND l.calls_set = s.calls_set AND l.path = f.path AND l.call_id = c.call_id;

CREATE VIEW current_calls AS
SELECT sc.* FROM snapshot_calls sc
JOIN current_snapshots c ON c.repository_id = sc.repository_id AND c.snapshot_id = sc.snapshot_id;

-- The call graph of each snapshot: one row per resolved call from a function (or a file's top
-- level, caller_function_id NULL) to a function.
CREATE VIEW call_edges AS
SELECT repository_id, snapshot_id, path AS caller_path, blob_id AS caller_blob_id,
       function_id AS caller_function_id, caller, call_id, line,
       target_path AS callee_path, target_blob_id AS callee_blob_id,
       target_function_id AS callee_function_id, resolution
FROM snapshot_calls
WHERE target_function_id IS NOT NULL;

CREATE VIEW current_call_edges AS
SELECT e.* FROM call_edges e
JOIN current_snapshots c ON c.repository_id = e.repository_id AND c.snapshot_id = e.snapshot_id;
