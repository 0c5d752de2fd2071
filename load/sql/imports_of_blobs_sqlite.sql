-- The imports of the blobs listed in $2 (a JSON array, for json_each) of repository $1.
SELECT blob_id, import_id, module, name, level, kind FROM imports
WHERE repository_id = $1 AND blob_id IN (SELECT value FROM json_each($2)) ORDER BY blob_id, import_id
