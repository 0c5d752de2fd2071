-- The open calls of snapshot $2 of repository $1 whose answer depends on other files' contents,
-- so load/calls.c resolves them into call_links for the snapshot's files: those stored open in
-- call_resolutions (files resolved for the path set before), and those whose binding is open.
SELECT f.path, r.call_id
FROM snapshots sn
JOIN files f ON f.repository_id = sn.repository_id AND f.snapshot_id = sn.snapshot_id
JOIN call_resolutions r ON r.repository_id = f.repository_id AND r.path_set = sn.path_set
                       AND r.path = f.path AND r.blob_id = f.blob_id
WHERE sn.repository_id = $1 AND sn.snapshot_id = $2 AND r.resolution = 'open'
UNION ALL
SELECT f.path, c.call_id
FROM files f
JOIN calls c ON c.repository_id = f.repository_id AND c.blob_id = f.blob_id
WHERE f.repository_id = $1 AND f.snapshot_id = $2 AND c.binding = 'open'
