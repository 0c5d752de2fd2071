-- The call sites of snapshot $2 of repository $1, into sp_call_sites (calls_sites_table), with
-- the planner statistics of the table refreshed by calls_sites_analyze.
INSERT INTO sp_call_sites (repository_id, snapshot_id, path, language, blob_id, call_id,
                           function_id, caller, caller_class, name, receiver, kind)
SELECT s.repository_id, s.snapshot_id, s.path, s.language, s.blob_id, s.call_id, s.function_id,
       s.caller, s.caller_class, s.name, s.receiver, s.kind
FROM snapshot_call_sites s
WHERE s.repository_id = $1 AND s.snapshot_id = $2
