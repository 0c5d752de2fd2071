-- 0005_refs: each snapshot names its ref (branch or tag; NULL when detached or not git) and
-- whether it is on the repository's default branch. Existing snapshots join the default branch.
-- snapshot_pins names snapshots gc must never delete (the base a CI gate or a report compares
-- with). The views follow in migrations/shared/0005_refs.sql.
ALTER TABLE snapshots ADD COLUMN ref text;
ALTER TABLE snapshots ADD COLUMN on_default boolean NOT NULL DEFAULT true;

CREATE TABLE snapshot_pins (
    repository_id bigint NOT NULL,
    snapshot_id   bigint NOT NULL,
    pinned_by     text NOT NULL,
    pinned_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (repository_id, snapshot_id, pinned_by),
    FOREIGN KEY (repository_id, snapshot_id) REFERENCES snapshots ON DELETE CASCADE
);
