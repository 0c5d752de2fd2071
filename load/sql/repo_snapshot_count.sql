-- How many snapshots the repository ($1) has (1: its first run)
SELECT count(*) FROM snapshots WHERE repository_id = $1
