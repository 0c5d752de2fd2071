-- 0022_call_link_files (both dialects): a snapshot's call_links are kept per file. Before, the
-- links of a calls_set were shared only by snapshots with exactly the same files: one changed
-- file resolved and wrote every open call's link again (the whole Linux tree: 1.93 M links, 18 of
-- the 22.6 s of a re-index after one changed file; perf/README.md, issue 11, session 10).
--
-- call_link_files: for each calls_set and each path with call sites the resolution reads
-- (calls bound by an import or open), where that path's links are:
--   links_set  the calls_set whose call_links rows hold the path's links (NULL: its calls reach
--              nothing); a path whose links hash the same as in the latest complete snapshot
--              names that snapshot's links_set instead of writing them again;
--   answers    XXH3-64 of the links (NULL in the rows this migration makes).
-- call_names: for each blob with such call sites, the names they look up in other files (each
-- call's name, and the receiver of a `new`) as a Bloom filter (load/calls_affected.c): a file that
-- defines or loses none of them, is not imported by the blob's path and is not in its directory
-- cannot change that path's answers. A blob's, so written once, whatever the snapshots.
-- A calls_set written since this migration has a call_link_files row for every path with such
-- call sites, and each of their blobs a call_names row: a later snapshot with the same path set
-- then resolves only the paths a changed file can reach and copies the other rows. The rows of
-- this migration (no call_names) make a snapshot resolve every path once.
CREATE TABLE call_link_files (
    repository_id bigint NOT NULL,
    calls_set     bigint NOT NULL,
    path          text NOT NULL,
    links_set     bigint,
    answers       bigint,
    PRIMARY KEY (repository_id, calls_set, path)
);
-- gc keeps the call_links rows some call_link_files row names
CREATE INDEX call_link_files_links_idx ON call_link_files (repository_id, links_set, path);

CREATE TABLE call_names (
    repository_id bigint NOT NULL,
    blob_id       bigint NOT NULL,
    names         text NOT NULL,
    PRIMARY KEY (repository_id, blob_id),
    FOREIGN KEY (repository_id, blob_id) REFERENCES blobs (repository_id, blob_id) ON DELETE CASCADE
);

INSERT INTO call_link_files (repository_id, calls_set, path, links_set, answers)
SELECT DISTINCT repository_id, calls_set, path, calls_set, CAST(NULL AS bigint) FROM call_links;

-- The call views of 0019 with call_links reached through call_link_files: same columns, same
-- answers.
DROP VIEW current_call_edges;
DROP VIEW call_edges;
DROP VIEW current_calls;
DROP VIEW snapshot_calls;

CREATE VIEW snapshot_calls AS
SELECT f.repository_id, f.snapshot_id, f.path, b.language, c.blob_id, c.call_id, c.function_id,
       fn.qualified_name AS caller, c.name, c.receiver, c.kind, c.line, c.col,
       CASE WHEN c.binding IN ('method', 'local', 'unresolved') THEN c.binding
            WHEN c.binding = 'open' OR r.resolution = 'open'
            THEN COALESCE(l.resolution, 'unresolved')
            ELSE COALESCE(r.resolution, 'unresolved') END AS resolution,
       CASE WHEN c.binding = 'open' OR r.resolution = 'open' THEN l.target_path
            WHEN c.target_function_id IS NOT NULL OR r.target_function_id IS NOT NULL
            THEN f.path END AS target_path,
       CASE WHEN c.binding = 'open' OR r.resolution = 'open' THEN l.target_blob_id
            WHEN c.target_function_id IS NOT NULL OR r.target_function_id IS NOT NULL
            THEN c.blob_id END AS target_blob_id,
       CASE WHEN c.binding = 'open' OR r.resolution = 'open' THEN l.target_function_id
            ELSE COALESCE(c.target_function_id, r.target_function_id) END AS target_function_id,
       CASE WHEN c.binding = 'open' OR r.resolution = 'open' THEN l.module
            ELSE r.module END AS module,
       CASE WHEN c.binding IN ('method', 'local') THEN NULL
            WHEN c.binding = 'unresolved'
            THEN CASE WHEN c.name IS NULL THEN 'callee is an expression'
                      WHEN c.receiver IS NOT NULL THEN 'receiver type not known'
                      ELSE 'no definition in the repository' END
            WHEN r.resolution IS NOT NULL AND r.resolution <> 'open' THEN r.reason
            WHEN l.resolution IS NOT NULL THEN l.reason
            WHEN s.calls_set IS NOT NULL AND (c.binding = 'open' OR r.resolution = 'open')
            THEN CASE WHEN c.name IS NULL THEN 'callee is an expression'
                      WHEN c.receiver IS NOT NULL THEN 'receiver type not known'
                      ELSE 'no definition in the repository' END
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
LEFT JOIN call_link_files lf
       ON (c.binding = 'open' OR r.resolution = 'open') AND lf.repository_id = f.repository_id
      AND lf.calls_set = s.calls_set AND lf.path = f.path
LEFT JOIN call_links l
       ON l.repository_id = f.repository_id AND l.calls_set = lf.links_set AND l.path = f.path
      AND l.call_id = c.call_id;

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
