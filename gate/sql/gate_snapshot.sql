-- gate: snapshot $2's commit and its repository's ($1) name.
SELECT s.commit_sha, r.name
FROM snapshots s JOIN repositories r ON r.repository_id = s.repository_id
WHERE s.repository_id = $1 AND s.snapshot_id = $2
