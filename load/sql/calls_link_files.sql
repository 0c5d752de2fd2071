-- The call_link_files rows of calls_set $2 of repository $1 (migration 0022), read in snapshot $3
-- (whose calls_set it is): where each path's links are, their hash, and the names its blob's calls
-- look up in other files (call_names; NULL when the blob has no row).
SELECT lf.path, lf.links_set, lf.answers, cn.names FROM call_link_files lf
JOIN files f ON f.repository_id = lf.repository_id AND f.snapshot_id = $3 AND f.path = lf.path
LEFT JOIN call_names cn ON cn.repository_id = f.repository_id AND cn.blob_id = f.blob_id
WHERE lf.repository_id = $1 AND lf.calls_set = $2
