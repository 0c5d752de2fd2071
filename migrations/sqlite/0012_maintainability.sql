-- 0012_maintainability: logical lines (LLOC) and the maintainability index (radon's formula),
-- per function and per file; schema/README.md "Maintainability index" has the rules.
-- Rows of blobs extracted before (extractor version < 9) hold NULL; a run re-extracts them.
ALTER TABLE function_metrics ADD COLUMN lloc integer;
ALTER TABLE function_metrics ADD COLUMN mi real;
ALTER TABLE file_metrics ADD COLUMN lloc integer;
ALTER TABLE file_metrics ADD COLUMN mi real;
