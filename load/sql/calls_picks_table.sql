-- The best candidate of each call of the snapshot being resolved (load/calls.c), for this
-- connection only: filled by calls_picks, read by calls_store and calls_links, then emptied.
CREATE TEMPORARY TABLE IF NOT EXISTS sp_call_picks (
    path               text NOT NULL,
    call_id            integer NOT NULL,
    rank               integer NOT NULL,
    resolution         text NOT NULL,
    target_path        text,
    target_blob_id     bigint,
    target_function_id integer,
    module             text,
    PRIMARY KEY (path, call_id)
)
