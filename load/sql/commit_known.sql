-- 1 when the commit's metadata (and its churn, written with it) is stored
SELECT count(*) FROM commits WHERE repository_id = $1 AND commit_sha = $2
