-- Finds or creates the repository named $2 and records $1 as the path it was last indexed at; its id.
INSERT INTO repositories (location, name) VALUES ($1, $2)
ON CONFLICT (name) DO UPDATE SET location = excluded.location RETURNING repository_id
