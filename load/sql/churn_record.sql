-- Lines one commit added and removed in one file (NULL counts: a binary file)
INSERT INTO file_churn (repository_id, commit_sha, path, lines_added, lines_removed)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT DO NOTHING
