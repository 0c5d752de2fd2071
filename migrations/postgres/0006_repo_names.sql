-- 0006_repo_names: a repository is identified by its name (--repo-name, the manifest's or the
-- config file's name:, else its git remote origin normalised to host/org/x, else its path), so two
-- clones of one project in different directories share blobs and history. The path each run
-- indexed moves to the snapshot (snapshots.location); repositories.location keeps the path of the
-- latest run, no longer unique. Existing repositories keep their rows and ids: their name becomes
-- their path (unique until now; the old name was only the directory's base name), and every
-- existing snapshot gets that path as its location.
ALTER TABLE snapshots ADD COLUMN location text;
UPDATE snapshots s SET location = r.location FROM repositories r
WHERE r.repository_id = s.repository_id;

ALTER TABLE repositories DROP CONSTRAINT repositories_location_key;
UPDATE repositories SET name = location;
ALTER TABLE repositories ADD CONSTRAINT repositories_name_key UNIQUE (name);

-- current_snapshots is s.*: PostgreSQL expands the star when the view is made, so it is made
-- again to show the new column (CREATE OR REPLACE may append columns; SQLite expands at query time)
CREATE OR REPLACE VIEW current_snapshots AS
SELECT s.* FROM snapshots s
WHERE s.status = 'complete' AND s.on_default
  AND s.snapshot_id = (SELECT max(s2.snapshot_id) FROM snapshots s2
                       WHERE s2.repository_id = s.repository_id AND s2.status = 'complete'
                         AND s2.on_default);
