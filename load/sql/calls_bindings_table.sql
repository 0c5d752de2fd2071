-- The import bindings of the call sites in sp_call_sites (the rows call_bindings of migration
-- 0007 gives for the snapshot being resolved), for this connection only: read by calls_bound and
-- calls_picks, then emptied.
CREATE TEMPORARY TABLE IF NOT EXISTS sp_call_bindings (
    repository_id bigint NOT NULL,
    snapshot_id   bigint NOT NULL,
    path          text NOT NULL,
    call_id       integer NOT NULL,
    import_id     integer NOT NULL,
    role          text NOT NULL,
    entity        text,
    star          integer NOT NULL,
    alias         text,
    module        text,
    PRIMARY KEY (path, call_id, import_id)
)
