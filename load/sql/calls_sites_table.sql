-- The call sites of the snapshot being resolved (load/calls.c: snapshot_call_sites of migration
-- 0007 for one snapshot), for this connection only: read once, then by every step of the
-- resolution instead of each joining calls, files, blobs and functions again; emptied at the end.
CREATE TEMPORARY TABLE IF NOT EXISTS sp_call_sites (
    repository_id bigint NOT NULL,
    snapshot_id   bigint NOT NULL,
    path          text NOT NULL,
    language      text,
    blob_id       bigint NOT NULL,
    call_id       integer NOT NULL,
    function_id   integer,
    caller        text,
    caller_class  text,
    name          text,
    receiver      text,
    kind          text NOT NULL,
    PRIMARY KEY (path, call_id)
)
