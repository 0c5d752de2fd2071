-- The call_link_files rows of calls_set $2 of repository $1 (migration 0022): where each path's
-- links are, their hash, and the names the path's calls look up in other files.
SELECT lf.path, lf.links_set, lf.answers, lf.names FROM call_link_files lf
WHERE lf.repository_id = $1 AND lf.calls_set = $2
