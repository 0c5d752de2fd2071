-- 0007_calls (both dialects): call sites resolved to functions, per snapshot (issue 12).
-- Resolution is computed by these views from the facts every snapshot already has (its files,
-- their blobs' calls, functions and imports, and its dependencies), so it is shared by every
-- snapshot with the same files and costs nothing at index time. The rules per language are data:
-- rows of call_rules (below) plus the documented order of the candidates in call_candidates;
-- schema/README.md 'How calls are resolved' and schema/lang/<language>.md give them in prose.

-- call_rules: what a language's calls mean to resolution.
--   self <receiver>      a receiver naming the caller's own object ('' : a plain call, when
--                        the language calls its own methods without one)
--   constructor <name>   a method that a call of the class name (or `new`) runs
--   package <''>         a plain call may reach a function of another file of the same directory
--   global <family>      a plain call may reach a function defined in any file of the family
CREATE TABLE call_rules (
    language text NOT NULL,
    rule     text NOT NULL,
    value    text NOT NULL,
    PRIMARY KEY (language, rule, value)
);
INSERT INTO call_rules (language, rule, value) VALUES
    ('python', 'self', 'self'), ('python', 'self', 'cls'), ('python', 'constructor', '__init__'),
    ('javascript', 'self', 'this'), ('javascript', 'constructor', 'constructor'),
    ('typescript', 'self', 'this'), ('typescript', 'constructor', 'constructor'),
    ('tsx', 'self', 'this'), ('tsx', 'constructor', 'constructor'),
    ('java', 'self', 'this'), ('java', 'self', ''), ('java', 'package', ''),
    ('cpp', 'self', 'this'), ('cpp', 'self', ''), ('cpp', 'global', 'c'),
    ('c', 'global', 'c'),
    ('go', 'package', ''),
    ('rust', 'self', 'self'), ('rust', 'self', 'Self'),
    ('ruby', 'self', 'self'), ('ruby', 'self', ''), ('ruby', 'constructor', 'initialize'),
    ('ruby', 'global', 'ruby');

-- Calls reach functions by name across files (the package and global rules).
CREATE INDEX functions_name_idx ON functions (repository_id, name);

-- Every function of every snapshot, with its file.
CREATE VIEW snapshot_functions AS
SELECT f.repository_id, f.snapshot_id, f.path, b.language, fn.blob_id, fn.function_id, fn.name,
       fn.qualified_name, fn.kind, fn.class_name, fn.start_line, fn.end_line
FROM files f
JOIN blobs b ON b.repository_id = f.repository_id AND b.blob_id = f.blob_id
JOIN functions fn ON fn.repository_id = f.repository_id AND fn.blob_id = f.blob_id;

-- Every call site of every snapshot, with its file and its caller (NULL at file level).
CREATE VIEW snapshot_call_sites AS
SELECT f.repository_id, f.snapshot_id, f.path, b.language, c.blob_id, c.call_id, c.function_id,
       fn.qualified_name AS caller, fn.class_name AS caller_class, c.name, c.receiver, c.kind,
       c.line, c.col
FROM files f
JOIN blobs b ON b.repository_id = f.repository_id AND b.blob_id = f.blob_id
JOIN calls c ON c.repository_id = f.repository_id AND c.blob_id = f.blob_id
LEFT JOIN functions fn ON fn.repository_id = c.repository_id AND fn.blob_id = c.blob_id
                      AND fn.function_id = c.function_id;

-- The import of a call's file that binds the name X a call uses (its callee or its receiver):
-- `import m as X`, `from m import X`, `import {a as X}`, `use a::X`, Go's `import ".../X"`, Java's
-- `import a.b.X`, Python's `import os.path` for X = os.path. One row per (call, import, role).
CREATE VIEW call_bindings AS
SELECT s.repository_id, s.snapshot_id, s.path, s.call_id, i.import_id,
       CASE WHEN s.receiver IS NULL THEN 'callee' ELSE 'receiver' END AS role,
       CASE WHEN i.name IS NOT NULL AND i.name NOT IN ('*', 'self') THEN i.name END AS entity,
       CASE WHEN i.name = '*' THEN 1 ELSE 0 END AS star, i.alias, i.module
FROM snapshot_call_sites s
JOIN imports i ON i.repository_id = s.repository_id AND i.blob_id = s.blob_id
WHERE (s.receiver IS NULL AND s.name IS NOT NULL AND (
           i.alias = s.name
        OR (i.alias IS NULL AND i.name = s.name)
        OR (i.alias IS NULL AND i.name = '*')
        OR (i.alias IS NULL AND i.name IS NULL AND length(i.module) > length(s.name)
            AND substr(i.module, length(i.module) - length(s.name) + 1) = s.name
            AND substr(i.module, length(i.module) - length(s.name), 1) IN (':'))))
   OR (s.receiver IS NOT NULL AND (
           i.alias = s.receiver
        OR (i.alias IS NULL AND i.name = s.receiver AND i.name <> '*')
        OR (i.alias IS NULL AND (i.name IS NULL OR i.name = 'self')
            AND (i.module = s.receiver
                 OR (length(i.module) > length(s.receiver)
                     AND substr(i.module, length(i.module) - length(s.receiver) + 1) = s.receiver
                     AND substr(i.module, length(i.module) - length(s.receiver), 1)
                         IN ('.', '/', ':'))))));

-- Every function a call may reach, with the rule that reaches it and its rank (lower wins):
--   1 method   the receiver names the caller's own object (call_rules self): a method of the
--              caller's class in the same file
--   2 local    a function nested in the caller, then 3 a top-level function of the same file, or
--              the receiver names a class or namespace of the same file (`Util.f()`, `ns::f()`),
--              or the callee is a class of the same file (its constructor)
--   4 import   the callee or receiver is bound by an import resolved to a file of the snapshot
--              (dependencies kind internal): that file's function of the imported name (or its
--              class's method, or its class's constructor); a package directory's files for Go
--   5 external the binding import is of the standard library or an outside package
--   6 package  Go and Java: a function (Go) or a class's method (Java) of another file of the
--              same directory
--   7 global   C and C++: a function of that name defined in another file of the repository;
--              Ruby (whose `require` makes every top-level method and class global): a
--              top-level method, or a class's constructor (`X.new`), of another file
CREATE VIEW call_candidates AS
-- The joins are written in the order they should run (SQLite keeps the order of CROSS JOIN,
-- PostgreSQL plans them freely): from the call, through the language's rules, to the few
-- functions of one blob or of one name (functions_name_idx), then to their files.
-- 1 method
SELECT s.repository_id, s.snapshot_id, s.path, s.call_id, 1 AS rank, 'method' AS resolution,
       s.path AS target_path, t.blob_id AS target_blob_id, t.function_id AS target_function_id,
       NULL AS module
FROM snapshot_call_sites s
CROSS JOIN call_rules r
CROSS JOIN functions t
WHERE r.language = s.language AND r.rule = 'self' AND r.value = COALESCE(s.receiver, '')
  AND s.kind <> 'new'
  AND t.repository_id = s.repository_id AND t.blob_id = s.blob_id
  AND t.class_name = s.caller_class AND t.name = s.name
UNION ALL
-- 2, 3 local: nested in the caller, top level, or qualified by a class or namespace of the file
SELECT s.repository_id, s.snapshot_id, s.path, s.call_id,
       CASE WHEN t.qualified_name = t.name OR s.receiver IS NOT NULL THEN 3 ELSE 2 END,
       'local', s.path, t.blob_id, t.function_id, NULL
FROM snapshot_call_sites s
CROSS JOIN functions t
WHERE t.repository_id = s.repository_id AND t.blob_id = s.blob_id AND t.name = s.name
  AND ((s.receiver IS NULL
        AND ((t.class_name IS NULL AND t.qualified_name = t.name)
             OR t.qualified_name = s.caller || '.' || s.name
             OR t.qualified_name = s.caller || '::' || s.name))
    OR (s.receiver IS NOT NULL AND (t.class_name = s.receiver
                                    OR t.qualified_name = s.receiver || '.' || s.name
                                    OR t.qualified_name = s.receiver || '::' || s.name)))
UNION ALL
-- 3 local constructor: `Foo()`, `new Foo()`, Ruby `Foo.new` of a class of the same file
SELECT s.repository_id, s.snapshot_id, s.path, s.call_id, 3, 'local', s.path, t.blob_id,
       t.function_id, NULL
FROM snapshot_call_sites s
CROSS JOIN functions t
WHERE (s.receiver IS NULL OR (s.kind = 'new' AND s.name = 'new'))
  AND t.repository_id = s.repository_id AND t.blob_id = s.blob_id
  AND t.class_name = CASE WHEN s.kind = 'new' AND s.name = 'new' THEN s.receiver ELSE s.name END
  AND (t.kind = 'constructor'
       OR EXISTS (SELECT 1 FROM call_rules r WHERE r.language = s.language
                  AND r.rule = 'constructor' AND r.value = t.name))
UNION ALL
-- 4 import, 5 external
SELECT s.repository_id, s.snapshot_id, s.path, s.call_id,
       CASE WHEN d.kind = 'internal' THEN 4 ELSE 5 END,
       CASE WHEN d.kind = 'internal' THEN 'import' ELSE 'external' END,
       f2.path, t.blob_id, t.function_id,
       CASE WHEN d.kind = 'internal' THEN NULL ELSE COALESCE(d.package, d.target_module) END
FROM snapshot_call_sites s
CROSS JOIN call_bindings cb
CROSS JOIN snapshot_dependencies d
LEFT JOIN files f2
       ON d.kind = 'internal' AND f2.repository_id = s.repository_id
      AND f2.snapshot_id = s.snapshot_id
      AND (f2.path = d.target_path
           OR (f2.path > d.target_path || '/' AND f2.path < d.target_path || '0'
               AND rtrim(f2.path, replace(f2.path, '/', '')) = d.target_path || '/'))
LEFT JOIN functions t
       ON t.repository_id = f2.repository_id AND t.blob_id = f2.blob_id
      AND ((cb.role = 'callee' AND t.class_name IS NULL
            AND t.name = COALESCE(cb.entity, s.name))
        OR (cb.role = 'receiver' AND t.name = s.name
            AND (t.class_name IS NULL OR t.class_name = s.receiver
                 OR t.class_name = cb.entity))
        OR (cb.role = 'callee' AND t.class_name = COALESCE(cb.entity, s.name)
            AND (t.kind = 'constructor'
                 OR EXISTS (SELECT 1 FROM call_rules r WHERE r.language = s.language
                            AND r.rule = 'constructor' AND r.value = t.name))))
WHERE cb.repository_id = s.repository_id AND cb.snapshot_id = s.snapshot_id
  AND cb.path = s.path AND cb.call_id = s.call_id
  AND d.repository_id = s.repository_id AND d.snapshot_id = s.snapshot_id
  AND d.path = s.path AND d.import_id = cb.import_id
  AND ((d.kind IN ('stdlib', 'external') AND cb.star = 0) OR t.function_id IS NOT NULL)
UNION ALL
-- 6 package: another file of the same directory
SELECT s.repository_id, s.snapshot_id, s.path, s.call_id, 6, 'package', f2.path, t.blob_id,
       t.function_id, NULL
FROM snapshot_call_sites s
CROSS JOIN call_rules r
CROSS JOIN functions t
CROSS JOIN files f2
CROSS JOIN blobs b2
WHERE r.language = s.language AND r.rule = 'package'
  AND t.repository_id = s.repository_id AND t.name = s.name
  AND ((s.receiver IS NULL AND t.class_name IS NULL)
    OR (s.receiver IS NOT NULL AND t.class_name = s.receiver)
    OR (s.kind = 'new' AND t.class_name = s.name AND t.kind = 'constructor'))
  AND f2.repository_id = t.repository_id AND f2.blob_id = t.blob_id
  AND f2.snapshot_id = s.snapshot_id AND f2.path <> s.path
  AND rtrim(f2.path, replace(f2.path, '/', '')) = rtrim(s.path, replace(s.path, '/', ''))
  AND b2.repository_id = f2.repository_id AND b2.blob_id = f2.blob_id
  AND b2.language = s.language
UNION ALL
-- 7 global: C and C++ functions, Ruby methods of another file
SELECT s.repository_id, s.snapshot_id, s.path, s.call_id, 7, 'global', f2.path, t.blob_id,
       t.function_id, NULL
FROM snapshot_call_sites s
CROSS JOIN call_rules r
CROSS JOIN functions t
CROSS JOIN files f2
CROSS JOIN blobs b2
CROSS JOIN call_rules rt
WHERE r.language = s.language AND r.rule = 'global' AND s.receiver IS NULL
  AND t.repository_id = s.repository_id AND t.name = s.name AND t.class_name IS NULL
  AND f2.repository_id = t.repository_id AND f2.blob_id = t.blob_id
  AND f2.snapshot_id = s.snapshot_id AND f2.path <> s.path
  AND b2.repository_id = f2.repository_id AND b2.blob_id = f2.blob_id
  AND rt.language = b2.language AND rt.rule = 'global' AND rt.value = r.value
UNION ALL
SELECT s.repository_id, s.snapshot_id, s.path, s.call_id, 7, 'global', f2.path, t.blob_id,
       t.function_id, NULL
FROM snapshot_call_sites s
CROSS JOIN call_rules r
CROSS JOIN functions t
CROSS JOIN files f2
CROSS JOIN blobs b2
CROSS JOIN call_rules rt
WHERE r.language = s.language AND r.rule = 'global'
  AND (s.receiver IS NULL OR (s.kind = 'new' AND s.name = 'new'))
  AND t.repository_id = s.repository_id
  AND t.name IN (SELECT rc.value FROM call_rules rc
                 WHERE rc.language = s.language AND rc.rule = 'constructor')
  AND t.class_name = CASE WHEN s.kind = 'new' AND s.name = 'new' THEN s.receiver ELSE s.name END
  AND f2.repository_id = t.repository_id AND f2.blob_id = t.blob_id
  AND f2.snapshot_id = s.snapshot_id AND f2.path <> s.path
  AND b2.repository_id = f2.repository_id AND b2.blob_id = f2.blob_id
  AND rt.language = b2.language AND rt.rule = 'global' AND rt.value = r.value;

-- Every call site of every snapshot with its resolution: the best candidate (lowest rank, then
-- first by path and function), else unresolved with the reason.
CREATE VIEW snapshot_calls AS
SELECT s.repository_id, s.snapshot_id, s.path, s.language, s.blob_id, s.call_id, s.function_id,
       s.caller, s.name, s.receiver, s.kind, s.line, s.col,
       COALESCE(c.resolution, 'unresolved') AS resolution,
       c.target_path, c.target_blob_id, c.target_function_id, c.module,
       CASE WHEN c.resolution IS NOT NULL THEN NULL
            WHEN s.name IS NULL THEN 'callee is an expression'
            WHEN s.receiver IS NOT NULL THEN 'receiver type not known'
            ELSE 'no definition in the repository' END AS reason
FROM snapshot_call_sites s
LEFT JOIN (SELECT cc.*, row_number() OVER (
               PARTITION BY cc.repository_id, cc.snapshot_id, cc.path, cc.call_id
               ORDER BY cc.rank, cc.target_path, cc.target_function_id) AS pick
           FROM call_candidates cc) c
       ON c.repository_id = s.repository_id AND c.snapshot_id = s.snapshot_id
      AND c.path = s.path AND c.call_id = s.call_id AND c.pick = 1;

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

-- Functions that are called from outside the repository by convention (entry points), which a
-- "never called" query sets apart: name patterns (LIKE, escape '!') per language, '*' for all.
-- Constructors (functions.kind 'constructor') are entry points in every language.
CREATE TABLE call_entry_points (
    language text NOT NULL,
    pattern  text NOT NULL,
    PRIMARY KEY (language, pattern)
);
INSERT INTO call_entry_points (language, pattern) VALUES
    ('*', 'main'),
    ('python', '!_!_%!_!_'), ('python', 'test%'), ('python', 'setUp%'), ('python', 'tearDown%'),
    ('javascript', 'constructor'), ('typescript', 'constructor'), ('tsx', 'constructor'),
    ('go', 'init'), ('go', 'Test%'), ('go', 'Benchmark%'), ('go', 'Example%'), ('go', 'Fuzz%'),
    ('java', 'test%'), ('java', 'toString'), ('java', 'equals'), ('java', 'hashCode'),
    ('rust', 'test!_%'), ('rust', 'new'), ('rust', 'fmt'), ('rust', 'drop'), ('rust', 'from'),
    ('ruby', 'initialize'), ('ruby', 'test!_%'), ('ruby', 'to!_s'),
    ('cpp', 'operator%');
