-- One commit's metadata; dates as UTC text YYYY-MM-DDTHH:MM:SSZ (PostgreSQL reads it as a timestamptz)
INSERT INTO commits (repository_id, commit_sha, parent_shas, first_parent_sha, author_name,
                     author_email, authored_at, committer_name, committer_email, committed_at, subject)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
ON CONFLICT DO NOTHING
