-- The groups of files that import each other of snapshot $2 of repository $1, and their files
-- (ON DELETE CASCADE): written again from scratch, so a closing retried after a lost connection
-- finds none of its first attempt
DELETE FROM components WHERE repository_id = $1 AND snapshot_id = $2
