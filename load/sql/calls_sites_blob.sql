-- The call sites of blob $2 of repository $1 whose answer the blob alone does not decide (as
-- calls_sites.sql reads them for a whole snapshot).
SELECT c.blob_id, c.call_id, c.function_id, c.name, c.receiver, c.kind, c.binding
FROM calls c
WHERE c.repository_id = $1 AND c.blob_id = $2
  AND (c.binding IS NULL OR c.binding IN ('import', 'open'))
