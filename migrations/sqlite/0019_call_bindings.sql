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
ALTER TABLE calls ADD COLUMN binding text
    CHECK (binding IN ('method', 'local', 'import', 'open', 'unresolved'));
ALTER TABLE calls ADD COLUMN target_function_id integer;
