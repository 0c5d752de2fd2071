
-- ---- migrations/shared/0014_query_speed.sql: the same text for both dialects, appended by
-- tools/embed.py to each dialect's 0014_query_speed.sql.
-- Summaries written when a snapshot completes (load/sql/summary_*.sql, the same statements as the
-- backfill below), so that the documented aggregates read hundreds of rows, not every function
-- or dependency of every current snapshot. They go with their snapshot (gc, a deleted
-- repository); dependency_edges go with the importing blob, like dependencies.

-- Per snapshot and language: files (skipped ones left out), their code lines, their functions and
-- summed cyclomatic complexity.
CREATE TABLE snapshot_languages (
    repository_id  bigint NOT NULL,
    snapshot_id    bigint NOT NULL,
    language       text NOT NULL,
    files          bigint NOT NULL,
    code_lines     bigint NOT NULL,
    functions      bigint NOT NULL,
    cyclomatic_sum bigint NOT NULL,
    PRIMARY KEY (repository_id, snapshot_id, language),
    FOREIGN KEY (repository_id, snapshot_id) REFERENCES snapshots (repository_id, snapshot_id) ON DELETE CASCADE
);

-- Per snapshot, kind ('external', 'stdlib') and package: the number of files importing it.
CREATE TABLE snapshot_packages (
    repository_id bigint NOT NULL,
    snapshot_id   bigint NOT NULL,
    kind          text NOT NULL,
    package       text NOT NULL,
    files         bigint NOT NULL,
    PRIMARY KEY (repository_id, snapshot_id, kind, package),
    FOREIGN KEY (repository_id, snapshot_id) REFERENCES snapshots (repository_id, snapshot_id) ON DELETE CASCADE
);

-- Per snapshot and file of the repository: the number of files importing it (internal
-- dependencies).
CREATE TABLE snapshot_importers (
    repository_id bigint NOT NULL,
    snapshot_id   bigint NOT NULL,
    target_path   text NOT NULL,
    importers     bigint NOT NULL,
    PRIMARY KEY (repository_id, snapshot_id, target_path),
    FOREIGN KEY (repository_id, snapshot_id) REFERENCES snapshots (repository_id, snapshot_id) ON DELETE CASCADE
);

-- Per snapshot: its 100 functions of highest cyclomatic complexity, rank 1 the highest.
CREATE TABLE snapshot_top_functions (
    repository_id bigint NOT NULL,
    snapshot_id   bigint NOT NULL,
    rank          integer NOT NULL,
    path          text NOT NULL,
    blob_id       bigint NOT NULL,
    function_id   integer NOT NULL,
    cyclomatic    integer NOT NULL,
    PRIMARY KEY (repository_id, snapshot_id, rank),
    FOREIGN KEY (repository_id, snapshot_id) REFERENCES snapshots (repository_id, snapshot_id) ON DELETE CASCADE
);

-- The file import graph once per path set and importing blob: file_edges without a DISTINCT
-- over every dependency (which no planner can push a join condition into).
CREATE TABLE dependency_edges (
    repository_id bigint NOT NULL,
    path_set      bigint NOT NULL,
    path          text NOT NULL,
    blob_id       bigint NOT NULL,
    target_path   text NOT NULL,
    PRIMARY KEY (repository_id, path_set, path, blob_id, target_path),
    FOREIGN KEY (repository_id, blob_id) REFERENCES blobs (repository_id, blob_id) ON DELETE CASCADE
);
CREATE INDEX dependency_edges_target_idx ON dependency_edges (repository_id, path_set, target_path);
CREATE INDEX dependency_edges_blob_idx ON dependency_edges (repository_id, blob_id);

-- Same name and columns as before: complete snapshots only (a running snapshot's edges are
-- written when it completes).
DROP VIEW file_edges;
-- In the order that serves every use (one snapshot's edges, who imports a file, what a file
-- imports): the snapshot by key, its path set's edges, the importing file by key.
CREATE VIEW file_edges AS
SELECT s.repository_id, s.snapshot_id, e.path AS source_path, e.target_path
FROM snapshots s
CROSS JOIN dependency_edges e
CROSS JOIN files f
WHERE e.repository_id = s.repository_id AND e.path_set = s.path_set
  AND f.repository_id = s.repository_id AND f.snapshot_id = s.snapshot_id
  AND f.path = e.path AND f.blob_id = e.blob_id;

CREATE VIEW current_language_totals AS
SELECT l.repository_id, l.snapshot_id, l.language, l.files, l.code_lines, l.functions,
       l.cyclomatic_sum
FROM current_snapshot_ids c
CROSS JOIN snapshot_languages l
WHERE l.repository_id = c.repository_id AND l.snapshot_id = c.snapshot_id;

CREATE VIEW current_packages AS
SELECT p.repository_id, p.snapshot_id, p.kind, p.package, p.files
FROM current_snapshot_ids c
CROSS JOIN snapshot_packages p
WHERE p.repository_id = c.repository_id AND p.snapshot_id = c.snapshot_id;

CREATE VIEW current_importers AS
SELECT i.repository_id, i.snapshot_id, i.target_path, i.importers
FROM current_snapshot_ids c
CROSS JOIN snapshot_importers i
WHERE i.repository_id = c.repository_id AND i.snapshot_id = c.snapshot_id;

-- The 100 most complex functions of each current snapshot, with current_functions' main columns.
CREATE VIEW current_top_functions AS
SELECT t.repository_id, t.snapshot_id, t.rank, t.path, fn.blob_id, fn.function_id, fn.name,
       fn.qualified_name, fn.kind, fn.class_name, fn.def_line, fn.start_line, fn.end_line,
       fn.param_count, m.cyclomatic, m.nloc, m.max_nesting, m.cognitive, b.language
FROM current_snapshot_ids c
CROSS JOIN snapshot_top_functions t
CROSS JOIN functions fn
CROSS JOIN function_metrics m
CROSS JOIN blobs b
WHERE t.repository_id = c.repository_id AND t.snapshot_id = c.snapshot_id
  AND fn.repository_id = t.repository_id AND fn.blob_id = t.blob_id
  AND fn.function_id = t.function_id
  AND m.repository_id = fn.repository_id AND m.blob_id = fn.blob_id
  AND m.function_id = fn.function_id
  AND b.repository_id = t.repository_id AND b.blob_id = t.blob_id;

-- Per snapshot: its 100 classes of highest summed method complexity (then most lines), with
-- current_class_summaries' measures, rank 1 first.
CREATE TABLE snapshot_top_classes (
    repository_id  bigint NOT NULL,
    snapshot_id    bigint NOT NULL,
    rank           integer NOT NULL,
    path           text NOT NULL,
    blob_id        bigint NOT NULL,
    class_id       integer NOT NULL,
    lines          integer NOT NULL,
    method_count   bigint NOT NULL,
    complexity_sum bigint NOT NULL,
    complexity_max integer NOT NULL,
    method_nloc    bigint NOT NULL,
    PRIMARY KEY (repository_id, snapshot_id, rank),
    FOREIGN KEY (repository_id, snapshot_id) REFERENCES snapshots (repository_id, snapshot_id) ON DELETE CASCADE
);

-- Per snapshot: file_roles, one row per file and role (reason: the first rule that matched), so
-- that current_file_roles does not match every path against every convention at each query.
CREATE TABLE snapshot_file_roles (
    repository_id bigint NOT NULL,
    snapshot_id   bigint NOT NULL,
    path          text NOT NULL,
    role          text NOT NULL,
    language      text NOT NULL,
    reason        text NOT NULL,
    PRIMARY KEY (repository_id, snapshot_id, path, role),
    FOREIGN KEY (repository_id, snapshot_id) REFERENCES snapshots (repository_id, snapshot_id) ON DELETE CASCADE
);

CREATE VIEW current_top_classes AS
SELECT t.repository_id, t.snapshot_id, t.rank, t.path, b.language, t.blob_id, t.class_id, c.name,
       c.qualified_name, c.kind, c.def_line, t.lines, t.method_count, t.complexity_sum,
       t.complexity_max, t.method_nloc
FROM current_snapshot_ids s
CROSS JOIN snapshot_top_classes t
CROSS JOIN classes c
CROSS JOIN blobs b
WHERE t.repository_id = s.repository_id AND t.snapshot_id = s.snapshot_id
  AND c.repository_id = t.repository_id AND c.blob_id = t.blob_id AND c.class_id = t.class_id
  AND b.repository_id = t.repository_id AND b.blob_id = t.blob_id;

-- Same names and columns as before.
DROP VIEW current_file_roles;
CREATE VIEW current_file_roles AS
SELECT r.repository_id, r.snapshot_id, r.path, r.language, r.role, r.reason
FROM current_snapshot_ids c
CROSS JOIN snapshot_file_roles r
WHERE r.repository_id = c.repository_id AND r.snapshot_id = c.snapshot_id;

-- function_history spelt in the order that serves its uses (one snapshot's files, or one path
-- across snapshots): snapshots, then files by key, then the file's functions (SQLite keeps the
-- order of CROSS JOIN; it had started from every function of the repository).
DROP VIEW complexity_growth;
DROP VIEW function_history;
CREATE VIEW function_history AS
SELECT f.repository_id, f.snapshot_id, s.commit_sha, s.finished_at, f.path, fn.qualified_name,
       fn.def_line, m.cyclomatic, m.nloc, m.max_nesting, m.param_count, s.ref, c.committed_at
FROM snapshots s
CROSS JOIN files f
CROSS JOIN functions fn
CROSS JOIN function_metrics m
LEFT JOIN commits c ON c.repository_id = s.repository_id AND c.commit_sha = s.commit_sha
WHERE s.status = 'complete' AND s.on_default
  AND f.repository_id = s.repository_id AND f.snapshot_id = s.snapshot_id
  AND fn.repository_id = f.repository_id AND fn.blob_id = f.blob_id
  AND m.repository_id = fn.repository_id AND m.blob_id = fn.blob_id
  AND m.function_id = fn.function_id;

-- Same rows as before: the current snapshot against the one it is compared with, but only the
-- paths whose blob differs are read (a file with the same blob has the same functions).
CREATE VIEW complexity_growth AS
WITH last_two AS (
    SELECT sp.repository_id, sp.snapshot_id, sp.previous_snapshot_id
    FROM current_snapshot_ids c
    CROSS JOIN snapshot_pairs sp
    WHERE sp.repository_id = c.repository_id AND sp.snapshot_id = c.snapshot_id
      AND sp.previous_snapshot_id IS NOT NULL
), changed AS (
    SELECT t.repository_id, nf.path, nf.blob_id AS new_blob_id, pf.blob_id AS old_blob_id
    FROM last_two t
    CROSS JOIN files nf
    CROSS JOIN files pf
    WHERE nf.repository_id = t.repository_id AND nf.snapshot_id = t.snapshot_id
      AND pf.repository_id = t.repository_id AND pf.snapshot_id = t.previous_snapshot_id
      AND pf.path = nf.path AND pf.blob_id <> nf.blob_id
), new_fn AS (
    SELECT ch.repository_id, ch.path, fn.qualified_name, min(fn.def_line) AS def_line,
           max(m.cyclomatic) AS cyclomatic
    FROM changed ch
    CROSS JOIN functions fn
    CROSS JOIN function_metrics m
    WHERE fn.repository_id = ch.repository_id AND fn.blob_id = ch.new_blob_id
      AND m.repository_id = fn.repository_id AND m.blob_id = fn.blob_id
      AND m.function_id = fn.function_id
    GROUP BY ch.repository_id, ch.path, fn.qualified_name
), old_fn AS (
    SELECT ch.repository_id, ch.path, fn.qualified_name, max(m.cyclomatic) AS cyclomatic
    FROM changed ch
    CROSS JOIN functions fn
    CROSS JOIN function_metrics m
    WHERE fn.repository_id = ch.repository_id AND fn.blob_id = ch.old_blob_id
      AND m.repository_id = fn.repository_id AND m.blob_id = fn.blob_id
      AND m.function_id = fn.function_id
    GROUP BY ch.repository_id, ch.path, fn.qualified_name
)
SELECT t.repository_id, t.previous_snapshot_id, t.snapshot_id, n.path, n.qualified_name,
       n.def_line, o.cyclomatic AS old_cyclomatic, n.cyclomatic AS new_cyclomatic,
       n.cyclomatic - o.cyclomatic AS growth
FROM last_two t
JOIN new_fn n ON n.repository_id = t.repository_id
JOIN old_fn o ON o.repository_id = n.repository_id AND o.path = n.path
             AND o.qualified_name = n.qualified_name
WHERE n.cyclomatic > o.cyclomatic;

-- ---- backfill: every complete snapshot's summaries, every path set's edges
INSERT INTO dependency_edges (repository_id, path_set, path, blob_id, target_path)
SELECT DISTINCT repository_id, path_set, path, blob_id, target_path FROM dependencies
WHERE kind = 'internal' AND target_path IS NOT NULL AND target_path <> path;

INSERT INTO snapshot_languages (repository_id, snapshot_id, language, files, code_lines, functions,
                                cyclomatic_sum)
SELECT f.repository_id, f.snapshot_id, b.language, count(*), sum(b.code_lines),
       coalesce(sum(fm.function_count), 0), coalesce(sum(fm.complexity_sum), 0)
FROM snapshots s
JOIN files f ON f.repository_id = s.repository_id AND f.snapshot_id = s.snapshot_id
JOIN blobs b ON b.repository_id = f.repository_id AND b.blob_id = f.blob_id
LEFT JOIN file_metrics fm ON fm.repository_id = f.repository_id AND fm.blob_id = f.blob_id
WHERE s.status = 'complete' AND b.skip_reason IS NULL
GROUP BY f.repository_id, f.snapshot_id, b.language;

INSERT INTO snapshot_packages (repository_id, snapshot_id, kind, package, files)
SELECT f.repository_id, f.snapshot_id, d.kind, d.package, count(DISTINCT f.path)
FROM snapshots s
JOIN files f ON f.repository_id = s.repository_id AND f.snapshot_id = s.snapshot_id
JOIN dependencies d ON d.repository_id = f.repository_id AND d.path_set = s.path_set
                   AND d.path = f.path AND d.blob_id = f.blob_id
WHERE s.status = 'complete' AND d.package IS NOT NULL
GROUP BY f.repository_id, f.snapshot_id, d.kind, d.package;

INSERT INTO snapshot_importers (repository_id, snapshot_id, target_path, importers)
SELECT f.repository_id, f.snapshot_id, d.target_path, count(DISTINCT f.path)
FROM snapshots s
JOIN files f ON f.repository_id = s.repository_id AND f.snapshot_id = s.snapshot_id
JOIN dependencies d ON d.repository_id = f.repository_id AND d.path_set = s.path_set
                   AND d.path = f.path AND d.blob_id = f.blob_id
WHERE s.status = 'complete' AND d.kind = 'internal' AND d.target_path IS NOT NULL
GROUP BY f.repository_id, f.snapshot_id, d.target_path;

INSERT INTO snapshot_top_functions (repository_id, snapshot_id, rank, path, blob_id, function_id,
                                    cyclomatic)
SELECT repository_id, snapshot_id, rank, path, blob_id, function_id, cyclomatic
FROM (SELECT f.repository_id, f.snapshot_id, f.path, f.blob_id, m.function_id, m.cyclomatic,
             row_number() OVER (PARTITION BY f.repository_id, f.snapshot_id
                                ORDER BY m.cyclomatic DESC, f.path, m.function_id) AS rank
      FROM snapshots s
      JOIN files f ON f.repository_id = s.repository_id AND f.snapshot_id = s.snapshot_id
      JOIN function_metrics m ON m.repository_id = f.repository_id AND m.blob_id = f.blob_id
      WHERE s.status = 'complete') r
WHERE rank <= 100;

INSERT INTO snapshot_top_classes (repository_id, snapshot_id, rank, path, blob_id, class_id, lines,
                                  method_count, complexity_sum, complexity_max, method_nloc)
SELECT repository_id, snapshot_id, rank, path, blob_id, class_id, lines, method_count,
       complexity_sum, complexity_max, method_nloc
FROM (SELECT f.repository_id, f.snapshot_id, f.path, c.blob_id, c.class_id,
             c.end_line - c.start_line + 1 AS lines, count(fn.function_id) AS method_count,
             coalesce(sum(m.cyclomatic), 0) AS complexity_sum,
             coalesce(max(m.cyclomatic), 0) AS complexity_max,
             coalesce(sum(m.nloc), 0) AS method_nloc,
             row_number() OVER (PARTITION BY f.repository_id, f.snapshot_id
                                ORDER BY coalesce(sum(m.cyclomatic), 0) DESC,
                                         c.end_line - c.start_line DESC, f.path, c.class_id) AS rank
      FROM snapshots s
      JOIN files f ON f.repository_id = s.repository_id AND f.snapshot_id = s.snapshot_id
      JOIN classes c ON c.repository_id = f.repository_id AND c.blob_id = f.blob_id
      LEFT JOIN functions fn ON fn.repository_id = c.repository_id AND fn.blob_id = c.blob_id
                            AND fn.class_name = c.qualified_name
      LEFT JOIN function_metrics m ON m.repository_id = fn.repository_id AND m.blob_id = fn.blob_id
                                  AND m.function_id = fn.function_id
      WHERE s.status = 'complete'
      GROUP BY f.repository_id, f.snapshot_id, f.path, c.blob_id, c.class_id, c.start_line,
               c.end_line) r
WHERE rank <= 100;

INSERT INTO snapshot_file_roles (repository_id, snapshot_id, path, role, language, reason)
SELECT r.repository_id, r.snapshot_id, r.path, r.role, min(r.language), min(r.reason)
FROM file_roles r
JOIN snapshots s ON s.repository_id = r.repository_id AND s.snapshot_id = r.snapshot_id
WHERE s.status = 'complete'
GROUP BY r.repository_id, r.snapshot_id, r.path, r.role;
