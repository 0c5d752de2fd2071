
-- ---- migrations/shared/0009_analytics.sql: the same text for both dialects, appended by
-- tools/embed.py to each dialect's 0009_analytics.sql.
-- The history views pair each snapshot with its parent on its line of history and carry commit
-- dates; every view that depends on snapshots_of_ref is dropped and made again.
DROP VIEW complexity_growth;
DROP VIEW file_changes;
DROP VIEW snapshot_pairs;
DROP VIEW snapshots_of_ref;
DROP VIEW function_history;

-- Every complete snapshot with the one it is compared with on its line (the default branch is
-- one line, any other ref one each): when its commit is recorded in commits, the latest snapshot
-- of that line holding the commit's first parent or, newer than that, the same commit indexed
-- before (a work tree indexed again at one HEAD); NULL when neither was indexed (a root commit,
-- the first commit of `history --last N`). Snapshots without a recorded commit (a plain
-- directory; runs before migration 0009) keep the rule of 0005: the complete snapshot before it.
CREATE VIEW snapshots_of_ref AS
SELECT s.repository_id, s.ref, s.on_default, s.snapshot_id, s.commit_sha, s.finished_at,
       CASE WHEN c.commit_sha IS NULL THEN
           (SELECT max(p.snapshot_id) FROM snapshots p
            WHERE p.repository_id = s.repository_id AND p.status = 'complete'
              AND p.snapshot_id < s.snapshot_id
              AND (CASE WHEN p.on_default THEN '' ELSE p.ref END)
                  = (CASE WHEN s.on_default THEN '' ELSE s.ref END))
       ELSE
           (SELECT max(p.snapshot_id) FROM snapshots p
            WHERE p.repository_id = s.repository_id AND p.status = 'complete'
              AND ((p.commit_sha = s.commit_sha AND p.snapshot_id < s.snapshot_id)
                   OR p.commit_sha = c.first_parent_sha)
              AND (CASE WHEN p.on_default THEN '' ELSE p.ref END)
                  = (CASE WHEN s.on_default THEN '' ELSE s.ref END))
       END AS previous_snapshot_id,
       c.committed_at, c.authored_at, c.author_name, c.author_email, c.subject
FROM snapshots s
LEFT JOIN commits c ON c.repository_id = s.repository_id AND c.commit_sha = s.commit_sha
WHERE s.status = 'complete';

-- Each complete snapshot of the default branch with the one it is compared with; order and
-- filter by committed_at (the commit's date; NULL outside git), not finished_at (the run's).
CREATE VIEW snapshot_pairs AS
SELECT repository_id, snapshot_id, commit_sha, finished_at, previous_snapshot_id, ref,
       committed_at, author_name, subject
FROM snapshots_of_ref WHERE on_default;

CREATE VIEW file_changes AS
SELECT sp.repository_id, sp.snapshot_id, sp.previous_snapshot_id, cur.path,
       CASE WHEN old.path IS NULL THEN 'added' ELSE 'changed' END AS change,
       old.blob_id AS old_blob_id, cur.blob_id AS new_blob_id, sp.committed_at
FROM snapshot_pairs sp
JOIN files cur ON cur.repository_id = sp.repository_id AND cur.snapshot_id = sp.snapshot_id
JOIN blobs nb ON nb.repository_id = cur.repository_id AND nb.blob_id = cur.blob_id
LEFT JOIN files old ON old.repository_id = sp.repository_id
                   AND old.snapshot_id = sp.previous_snapshot_id AND old.path = cur.path
LEFT JOIN blobs ob ON ob.repository_id = old.repository_id AND ob.blob_id = old.blob_id
WHERE sp.previous_snapshot_id IS NOT NULL
  AND (old.path IS NULL OR ob.content_hash <> nb.content_hash)
UNION ALL
SELECT sp.repository_id, sp.snapshot_id, sp.previous_snapshot_id, old.path, 'removed',
       old.blob_id, NULL, sp.committed_at
FROM snapshot_pairs sp
JOIN files old ON old.repository_id = sp.repository_id AND old.snapshot_id = sp.previous_snapshot_id
WHERE NOT EXISTS (SELECT 1 FROM files cur WHERE cur.repository_id = sp.repository_id
                  AND cur.snapshot_id = sp.snapshot_id AND cur.path = old.path);

-- Every function of every complete snapshot of the default branch with its metrics and its
-- commit's date: WHERE path = … AND qualified_name = … ORDER BY committed_at.
CREATE VIEW function_history AS
SELECT f.repository_id, f.snapshot_id, s.commit_sha, s.finished_at, f.path, fn.qualified_name,
       fn.def_line, m.cyclomatic, m.nloc, m.max_nesting, m.param_count, s.ref, c.committed_at
FROM snapshots s
JOIN files f ON f.repository_id = s.repository_id AND f.snapshot_id = s.snapshot_id
JOIN functions fn ON fn.repository_id = f.repository_id AND fn.blob_id = f.blob_id
JOIN function_metrics m ON m.repository_id = fn.repository_id AND m.blob_id = fn.blob_id
                       AND m.function_id = fn.function_id
LEFT JOIN commits c ON c.repository_id = s.repository_id AND c.commit_sha = s.commit_sha
WHERE s.status = 'complete' AND s.on_default;

-- Functions whose cyclomatic complexity grew from the snapshot compared with to the latest
-- complete snapshot of each repository's default branch (over a date window: see
-- schema/README.md), matched by path and qualified name; a name defined twice in a file counts
-- with its most complex definition.
CREATE VIEW complexity_growth AS
WITH last_two AS (
    SELECT sp.repository_id, sp.snapshot_id, sp.previous_snapshot_id
    FROM snapshot_pairs sp
    WHERE sp.previous_snapshot_id IS NOT NULL
      AND sp.snapshot_id = (SELECT max(x.snapshot_id) FROM snapshot_pairs x
                            WHERE x.repository_id = sp.repository_id)
), per_snapshot AS (
    SELECT h.repository_id, h.snapshot_id, h.path, h.qualified_name,
           min(h.def_line) AS def_line, max(h.cyclomatic) AS cyclomatic
    FROM function_history h
    JOIN last_two t ON t.repository_id = h.repository_id
                   AND h.snapshot_id IN (t.snapshot_id, t.previous_snapshot_id)
    GROUP BY h.repository_id, h.snapshot_id, h.path, h.qualified_name
)
SELECT t.repository_id, t.previous_snapshot_id, t.snapshot_id, new.path, new.qualified_name,
       new.def_line, old.cyclomatic AS old_cyclomatic, new.cyclomatic AS new_cyclomatic,
       new.cyclomatic - old.cyclomatic AS growth
FROM last_two t
JOIN per_snapshot new ON new.repository_id = t.repository_id AND new.snapshot_id = t.snapshot_id
JOIN per_snapshot old ON old.repository_id = t.repository_id
                     AND old.snapshot_id = t.previous_snapshot_id
                     AND old.path = new.path AND old.qualified_name = new.qualified_name
WHERE new.cyclomatic > old.cyclomatic;

-- ---- churn: file_churn rows with their commit's date and author
CREATE VIEW commit_churn AS
SELECT ch.repository_id, ch.commit_sha, c.committed_at, c.author_name, c.author_email, ch.path,
       ch.lines_added, ch.lines_removed, c.subject
FROM file_churn ch
JOIN commits c ON c.repository_id = ch.repository_id AND c.commit_sha = ch.commit_sha;

-- Per path over every recorded commit: how often and how much it changed, by how many authors
-- (distinct author e-mails). For a date window, aggregate commit_churn WHERE committed_at … .
CREATE VIEW file_churn_totals AS
SELECT repository_id, path, count(*) AS commits, sum(lines_added) AS lines_added,
       sum(lines_removed) AS lines_removed,
       coalesce(sum(lines_added), 0) + coalesce(sum(lines_removed), 0) AS churn,
       count(DISTINCT author_email) AS authors, min(committed_at) AS first_committed_at,
       max(committed_at) AS last_committed_at
FROM commit_churn
GROUP BY repository_id, path;

-- Per path and author (e-mail): commits and lines.
CREATE VIEW file_authors AS
SELECT repository_id, path, author_email, max(author_name) AS author_name, count(*) AS commits,
       coalesce(sum(lines_added), 0) + coalesce(sum(lines_removed), 0) AS churn,
       max(committed_at) AS last_committed_at
FROM commit_churn
GROUP BY repository_id, path, author_email;

-- Files of the current snapshots by churn x complexity (all recorded commits): the files that
-- change often and are hard to change.
CREATE VIEW hot_spots AS
SELECT cf.repository_id, cf.snapshot_id, cf.path, cf.language, t.commits, t.churn, t.authors,
       fm.complexity_sum, fm.complexity_max, t.churn * fm.complexity_sum AS score,
       t.last_committed_at
FROM current_files cf
JOIN file_churn_totals t ON t.repository_id = cf.repository_id AND t.path = cf.path
JOIN file_metrics fm ON fm.repository_id = cf.repository_id AND fm.blob_id = cf.blob_id;

-- ---- dependency components (computed at load, sizes >= 2 only)
CREATE VIEW current_components AS
SELECT c.repository_id, c.snapshot_id, c.component_id, c.size, c.cycle_length, c.example_cycle
FROM components c
JOIN current_snapshots s ON s.repository_id = c.repository_id AND s.snapshot_id = c.snapshot_id;

CREATE VIEW current_component_files AS
SELECT cf.repository_id, cf.snapshot_id, cf.path, cf.component_id, c.size
FROM component_files cf
JOIN components c ON c.repository_id = cf.repository_id AND c.snapshot_id = cf.snapshot_id
                 AND c.component_id = cf.component_id
JOIN current_snapshots s ON s.repository_id = cf.repository_id AND s.snapshot_id = cf.snapshot_id;

-- ---- classes with their methods' counts and complexity (methods: functions whose class_name
-- is the class's qualified name, in the same file)
CREATE VIEW current_class_summaries AS
SELECT cf.repository_id, cf.snapshot_id, cf.path, cf.language, c.blob_id, c.class_id, c.name,
       c.qualified_name, c.kind, c.def_line, c.end_line - c.start_line + 1 AS lines,
       count(fn.function_id) AS method_count, coalesce(sum(m.cyclomatic), 0) AS complexity_sum,
       coalesce(max(m.cyclomatic), 0) AS complexity_max, coalesce(sum(m.nloc), 0) AS method_nloc
FROM current_files cf
JOIN classes c ON c.repository_id = cf.repository_id AND c.blob_id = cf.blob_id
LEFT JOIN functions fn ON fn.repository_id = c.repository_id AND fn.blob_id = c.blob_id
                      AND fn.class_name = c.qualified_name
LEFT JOIN function_metrics m ON m.repository_id = fn.repository_id AND m.blob_id = fn.blob_id
                            AND m.function_id = fn.function_id
GROUP BY cf.repository_id, cf.snapshot_id, cf.path, cf.language, c.blob_id, c.class_id, c.name,
         c.qualified_name, c.kind, c.def_line, c.start_line, c.end_line;

-- ---- roles by convention: tests and entry points, so analysts can leave them out
-- One row per file and role; reason: the first convention that matched (a pattern, or
-- 'defines main').
CREATE VIEW current_file_roles AS
SELECT r.repository_id, r.snapshot_id, r.path, r.language, r.role, min(r.reason) AS reason
FROM file_roles r
JOIN current_snapshots s ON s.repository_id = r.repository_id AND s.snapshot_id = r.snapshot_id
GROUP BY r.repository_id, r.snapshot_id, r.path, r.language, r.role;

-- Globs on the stored path, * also crosses /. One row per convention: a language's convention
-- is a row here, not code.
INSERT INTO path_conventions (language, role, pattern) VALUES
    ('python', 'test', 'test_*.py'), ('python', 'test', '*/test_*.py'),
    ('python', 'test', '*_test.py'), ('python', 'test', 'tests/*'), ('python', 'test', '*/tests/*'),
    ('python', 'test', 'conftest.py'), ('python', 'test', '*/conftest.py'),
    ('python', 'entry', '__main__.py'), ('python', 'entry', '*/__main__.py'),
    ('python', 'entry', 'setup.py'), ('python', 'entry', 'manage.py'),
    ('javascript', 'test', '*.test.*'), ('javascript', 'test', '*.spec.*'),
    ('javascript', 'test', '__tests__/*'), ('javascript', 'test', '*/__tests__/*'),
    ('javascript', 'test', 'test/*'), ('javascript', 'test', '*/test/*'),
    ('javascript', 'test', 'tests/*'), ('javascript', 'test', '*/tests/*'),
    ('javascript', 'entry', 'bin/*'), ('javascript', 'entry', '*/bin/*'),
    ('typescript', 'test', '*.test.*'), ('typescript', 'test', '*.spec.*'),
    ('typescript', 'test', '__tests__/*'), ('typescript', 'test', '*/__tests__/*'),
    ('typescript', 'test', 'test/*'), ('typescript', 'test', '*/test/*'),
    ('typescript', 'test', 'tests/*'), ('typescript', 'test', '*/tests/*'),
    ('tsx', 'test', '*.test.*'), ('tsx', 'test', '*.spec.*'),
    ('tsx', 'test', '__tests__/*'), ('tsx', 'test', '*/__tests__/*'),
    ('go', 'test', '*_test.go'), ('go', 'test', 'testdata/*'), ('go', 'test', '*/testdata/*'),
    ('rust', 'test', 'tests/*'), ('rust', 'test', '*/tests/*'), ('rust', 'test', 'benches/*'),
    ('rust', 'entry', 'src/main.rs'), ('rust', 'entry', '*/src/main.rs'),
    ('rust', 'entry', 'src/bin/*'), ('rust', 'entry', '*/src/bin/*'),
    ('rust', 'entry', 'build.rs'), ('rust', 'entry', '*/build.rs'),
    ('java', 'test', '*Test.java'), ('java', 'test', '*Tests.java'), ('java', 'test', '*IT.java'),
    ('java', 'test', 'src/test/*'), ('java', 'test', '*/src/test/*'),
    ('c', 'test', 'test/*'), ('c', 'test', '*/test/*'), ('c', 'test', 'tests/*'),
    ('c', 'test', '*/tests/*'), ('c', 'test', '*/selftests/*'), ('c', 'test', '*_test.c'),
    ('c', 'test', 'test_*.c'), ('c', 'test', '*/test_*.c'),
    ('cpp', 'test', 'test/*'), ('cpp', 'test', '*/test/*'), ('cpp', 'test', 'tests/*'),
    ('cpp', 'test', '*/tests/*'), ('cpp', 'test', '*_test.cc'), ('cpp', 'test', '*_test.cpp'),
    ('cpp', 'test', '*_unittest.cc'),
    ('ruby', 'test', '*_spec.rb'), ('ruby', 'test', '*_test.rb'), ('ruby', 'test', 'spec/*'),
    ('ruby', 'test', '*/spec/*'), ('ruby', 'test', 'test/*'), ('ruby', 'test', '*/test/*'),
    ('ruby', 'entry', 'bin/*'), ('ruby', 'entry', 'exe/*');
