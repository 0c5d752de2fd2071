-- 0003_polyglot: facts every language shares. A definition keeps the line of its name beside the
-- line its node starts on (a C function starts at its return type); classes say which kind of type
-- they are (struct, interface, trait, enum, impl, module...); imports say how they were written
-- (import, include, system, require, require_relative, use, mod, extern_crate, export, dynamic);
-- a blob that was recorded but not parsed (too large, minified, generated) says why.
ALTER TABLE functions ADD COLUMN name_line integer;
ALTER TABLE classes ADD COLUMN kind text NOT NULL DEFAULT 'class';
ALTER TABLE classes ADD COLUMN name_line integer;
ALTER TABLE imports ADD COLUMN kind text NOT NULL DEFAULT 'import';
ALTER TABLE blobs ADD COLUMN skip_reason text;

CREATE OR REPLACE VIEW current_files AS
SELECT f.repository_id, f.snapshot_id, f.path, f.blob_id, b.language, b.size_bytes,
       b.total_lines, b.code_lines, b.comment_lines, b.blank_lines, b.parse_error, b.parse_error_line,
       b.skip_reason
FROM files f
JOIN current_snapshots s ON s.repository_id = f.repository_id AND s.snapshot_id = f.snapshot_id
JOIN blobs b ON b.repository_id = f.repository_id AND b.blob_id = f.blob_id;

CREATE OR REPLACE VIEW current_functions AS
SELECT cf.repository_id, cf.snapshot_id, cf.path, fn.blob_id, fn.function_id, fn.name,
       fn.qualified_name, fn.kind, fn.class_name, fn.def_line, fn.start_line, fn.start_col,
       fn.end_line, fn.end_col, fn.param_count, fn.parameters, fn.attrs,
       m.cyclomatic, m.nloc, m.max_nesting, fn.name_line, cf.language
FROM current_files cf
JOIN functions fn ON fn.repository_id = cf.repository_id AND fn.blob_id = cf.blob_id
JOIN function_metrics m ON m.repository_id = fn.repository_id AND m.blob_id = fn.blob_id
                       AND m.function_id = fn.function_id;

CREATE OR REPLACE VIEW current_classes AS
SELECT cf.repository_id, cf.snapshot_id, cf.path, c.blob_id, c.class_id, c.name, c.qualified_name,
       c.bases, c.def_line, c.start_line, c.start_col, c.end_line, c.end_col, c.attrs,
       c.kind, c.name_line, cf.language
FROM current_files cf
JOIN classes c ON c.repository_id = cf.repository_id AND c.blob_id = cf.blob_id;

-- File-to-file edges of each snapshot (internal dependencies, one row per pair): the graph that
-- "who depends on this file, transitively" and "import cycles" walk.
CREATE VIEW file_edges AS
SELECT DISTINCT repository_id, snapshot_id, path AS source_path, target_path
FROM snapshot_dependencies
WHERE kind = 'internal' AND target_path IS NOT NULL AND target_path <> path;
