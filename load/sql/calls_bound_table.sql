-- The calls of the snapshot being resolved (load/calls.c) that an import resolved to a file of the
-- repository binds (their answer depends on that file's contents), for this connection only.
CREATE TEMPORARY TABLE IF NOT EXISTS sp_call_bound (
    path    text NOT NULL,
    call_id integer NOT NULL,
    PRIMARY KEY (path, call_id)
)
