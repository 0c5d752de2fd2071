-- The imports of the blobs listed in $2 (an array literal) of repository $1.
SELECT blob_id, import_id, module, name, level, kind FROM imports
WHERE repository_id = $1 AND blob_id = ANY($2::bigint[]) ORDER BY blob_id, import_id
