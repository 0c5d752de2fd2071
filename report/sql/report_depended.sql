-- report "Most depended-on files": files of repository $1's current snapshot that the most other
-- files import (internal dependencies resolved to a file of the snapshot), the 20 first.
SELECT target_path, count(DISTINCT path) AS importers
FROM current_dependencies
WHERE repository_id = $1 AND kind = 'internal' AND target_path IS NOT NULL AND target_path <> path
GROUP BY target_path
ORDER BY importers DESC, target_path
LIMIT 20
