-- 0020_check_lists (SQLite; PostgreSQL's constraints stay as they are): the CHECKs that list a
-- column's values are written as comparisons joined by OR, the same rule. SQLite codes
-- `x IN ('a', 'b', 'c')` of more than two values as a temporary B-tree that every inserted row
-- builds and searches again: about 1 µs per row, a third of the cost of writing a calls row
-- (perf/README.md, "calls"). The four tables with such a list and many rows are rebuilt (SQLite
-- cannot change a CHECK in place): calls, call_resolutions, call_links, dependencies. A NULL
-- binding passes, as before (NULL OR NULL is NULL, which a CHECK accepts). Migrations run with
-- foreign keys off (load/sink_sqlite.c), and the legacy rename leaves the views that read these
-- tables by name as they are (as 0011 does for blobs).
PRAGMA legacy_alter_table = ON;

CREATE TABLE calls_0020 (
    repository_id      bigint NOT NULL,
    blob_id            bigint NOT NULL,
    call_id            integer NOT NULL,
    function_id        integer,
    name               text,
    receiver           text,
    kind               text NOT NULL,
    line               integer NOT NULL,
    col                integer NOT NULL,
    binding            text CHECK (binding = 'method' OR binding = 'local' OR binding = 'import'
                                   OR binding = 'open' OR binding = 'unresolved'),
    target_function_id integer,
    PRIMARY KEY (repository_id, blob_id, call_id),
    FOREIGN KEY (repository_id, blob_id) REFERENCES blobs (repository_id, blob_id) ON DELETE CASCADE
);
INSERT INTO calls_0020 (repository_id, blob_id, call_id, function_id, name, receiver, kind, line,
                        col, binding, target_function_id)
SELECT repository_id, blob_id, call_id, function_id, name, receiver, kind, line, col, binding,
       target_function_id
FROM calls ORDER BY repository_id, blob_id, call_id;
DROP TABLE calls;
ALTER TABLE calls_0020 RENAME TO calls;

CREATE TABLE call_resolutions_0020 (
    repository_id      bigint NOT NULL,
    path_set           bigint NOT NULL,
    path               text NOT NULL,
    blob_id            bigint NOT NULL,
    call_id            integer NOT NULL,
    resolution         text NOT NULL
                       CHECK (resolution = 'method' OR resolution = 'local'
                              OR resolution = 'external' OR resolution = 'unresolved'
                              OR resolution = 'open'),
    target_function_id integer,
    module             text,
    reason             text,
    PRIMARY KEY (repository_id, path_set, path, blob_id, call_id),
    FOREIGN KEY (repository_id, blob_id) REFERENCES blobs (repository_id, blob_id) ON DELETE CASCADE
);
INSERT INTO call_resolutions_0020 (repository_id, path_set, path, blob_id, call_id, resolution,
                                   target_function_id, module, reason)
SELECT repository_id, path_set, path, blob_id, call_id, resolution, target_function_id, module,
       reason
FROM call_resolutions ORDER BY repository_id, path_set, path, blob_id, call_id;
DROP TABLE call_resolutions;
ALTER TABLE call_resolutions_0020 RENAME TO call_resolutions;
CREATE INDEX call_resolutions_blob_idx ON call_resolutions (repository_id, blob_id);

CREATE TABLE call_links_0020 (
    repository_id      bigint NOT NULL,
    calls_set          bigint NOT NULL,
    path               text NOT NULL,
    call_id            integer NOT NULL,
    resolution         text NOT NULL
                       CHECK (resolution = 'method' OR resolution = 'local'
                              OR resolution = 'import' OR resolution = 'external'
                              OR resolution = 'package' OR resolution = 'global'
                              OR resolution = 'unresolved'),
    target_path        text,
    target_blob_id     bigint,
    target_function_id integer,
    module             text,
    reason             text,
    PRIMARY KEY (repository_id, calls_set, path, call_id)
);
INSERT INTO call_links_0020 (repository_id, calls_set, path, call_id, resolution, target_path,
                             target_blob_id, target_function_id, module, reason)
SELECT repository_id, calls_set, path, call_id, resolution, target_path, target_blob_id,
       target_function_id, module, reason
FROM call_links ORDER BY repository_id, calls_set, path, call_id;
DROP TABLE call_links;
ALTER TABLE call_links_0020 RENAME TO call_links;
CREATE INDEX call_links_target_idx ON call_links (repository_id, target_blob_id, target_function_id);

CREATE TABLE dependencies_0020 (
    repository_id bigint NOT NULL,
    path_set      bigint NOT NULL,
    path          text NOT NULL,
    blob_id       bigint NOT NULL,
    import_id     integer NOT NULL,
    kind          text NOT NULL CHECK (kind = 'internal' OR kind = 'external' OR kind = 'stdlib'
                                       OR kind = 'unresolved'),
    target_path   text,
    target_module text NOT NULL,
    package       text,
    reason        text,
    PRIMARY KEY (repository_id, path_set, path, blob_id, import_id),
    FOREIGN KEY (repository_id, blob_id) REFERENCES blobs (repository_id, blob_id) ON DELETE CASCADE
);
INSERT INTO dependencies_0020 (repository_id, path_set, path, blob_id, import_id, kind,
                               target_path, target_module, package, reason)
SELECT repository_id, path_set, path, blob_id, import_id, kind, target_path, target_module,
       package, reason
FROM dependencies ORDER BY repository_id, path_set, path, blob_id, import_id;
DROP TABLE dependencies;
ALTER TABLE dependencies_0020 RENAME TO dependencies;
CREATE INDEX dependencies_blob_idx ON dependencies (repository_id, blob_id);
CREATE INDEX dependencies_target_idx ON dependencies (repository_id, path_set, target_path);

PRAGMA legacy_alter_table = OFF;
