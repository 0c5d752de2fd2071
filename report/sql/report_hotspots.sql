-- report "Hot spots": the 20 files of repository $1's current snapshot with the highest churn
-- (lines added + removed over every recorded commit, from git's diff of each commit with its
-- first parent) times summed cyclomatic complexity (the hot_spots view); files without recorded
-- commits (a plain directory, runs before migration 0009) have no churn and are not listed.
SELECT path, language, commits, churn, authors, complexity_sum, score
FROM hot_spots
WHERE repository_id = $1 AND score > 0
ORDER BY score DESC, complexity_sum DESC, path
LIMIT 20
