-- The names and classes of the functions of blob $2 of repository $1: what a call in another file
-- may find in it by name.
SELECT fn.name, fn.class_name FROM functions fn WHERE fn.repository_id = $1 AND fn.blob_id = $2
