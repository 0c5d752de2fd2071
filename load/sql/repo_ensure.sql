-- Finds or creates the repository of location $1 (named $2); its id.
INSERT INTO repositories (location, name) VALUES ($1, $2)
ON CONFLICT (location) DO UPDATE SET name = excluded.name RETURNING repository_id
